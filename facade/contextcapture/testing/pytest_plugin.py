"""
pytest plugin, registered under the `pytest11` entry point `contextcapture`: the fixture
`contextcapture_fake`, a running `FakeContextCapture` for one test.

    def test_report_lists_jobs(contextcapture_fake):
        cc = ContextCapture(token="any", base_url=contextcapture_fake.url)
        ...

    @pytest.mark.contextcapture_fake(max_engines=5, job_duration=120)
    def test_with_other_settings(contextcapture_fake): ...

The marker's keyword arguments go to `FakeContextCapture`. A test whose fake hit an internal error
fails, so that a bug in the fake cannot pass for a bug in the code under test.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ._server import FakeContextCapture

__all__ = ["contextcapture_fake"]

MARKER = "contextcapture_fake"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{MARKER}(**options): keyword arguments for the {MARKER} fixture's FakeContextCapture",
    )


@pytest.fixture
def contextcapture_fake(request: pytest.FixtureRequest) -> Iterator[FakeContextCapture]:
    """A FakeContextCapture serving on a free loopback port for the duration of the test."""
    marker = request.node.get_closest_marker(MARKER)
    options = dict(marker.kwargs) if marker is not None else {}
    with FakeContextCapture(**options) as fake:
        yield fake
    if fake.internal_errors:
        pytest.fail(
            "the ContextCapture fake failed internally:\n" + "\n".join(fake.internal_errors),
            pytrace=False,
        )
