"""Contract tests run the facade against Prism serving openapi.yaml, with request validation on."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.prism import running_prism


@pytest.fixture(scope="session")
def prism_url() -> Iterator[str]:
    with running_prism() as url:
        yield url
