"""The pytest plugin: the `contextcapture_fake` fixture, installed by the pytest11 entry point."""

from __future__ import annotations

from importlib.metadata import entry_points

import httpx
import pytest

from contextcapture import ContextCapture
from contextcapture.testing import FakeContextCapture
from tests.docs import ITWIN_ID

pytest_plugins = ["pytester"]


@pytest.fixture
def pytester(pytester: pytest.Pytester) -> pytest.Pytester:
    """A scratch project with the settings this repository's own run uses."""
    pytester.makeini("[pytest]\nasyncio_default_fixture_loop_scope = function\n")
    return pytester


def test_the_plugin_is_registered_as_a_pytest11_entry_point() -> None:
    [plugin] = [ep for ep in entry_points(group="pytest11") if ep.name == "contextcapture"]

    assert plugin.value == "contextcapture.testing.pytest_plugin"


def test_the_fixture_is_a_running_fake(contextcapture_fake: FakeContextCapture) -> None:
    with ContextCapture("any", base_url=contextcapture_fake.url) as cc:
        workspace = cc.workspaces.create(name="From the fixture", itwin_id=ITWIN_ID)

    assert list(contextcapture_fake.workspaces) == [workspace.id]


@pytest.mark.contextcapture_fake(max_engines=3, token="only-this-one")
def test_the_marker_configures_the_fake(contextcapture_fake: FakeContextCapture) -> None:
    with ContextCapture("only-this-one", base_url=contextcapture_fake.url) as cc:
        assert cc.limits.engines().max_engines == 3


def test_each_test_gets_a_fresh_fake(contextcapture_fake: FakeContextCapture) -> None:
    assert contextcapture_fake.workspaces == {}
    assert contextcapture_fake.requests == []


def test_a_project_using_the_package_gets_the_fixture(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import httpx

        def test_engines(contextcapture_fake):
            response = httpx.get(
                contextcapture_fake.url + "/contextcapture/limits/engines",
                headers={"Authorization": "Bearer t"},
            )
            assert response.json() == {"enginesLimit": {"maxEngines": 25}}
        """
    )

    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--strict-markers")

    result.assert_outcomes(passed=1)


def test_the_fake_is_stopped_after_the_test(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        URLS = []

        def test_uses_the_fake(contextcapture_fake):
            URLS.append(contextcapture_fake.url)

        def test_the_fake_is_gone():
            import httpx, pytest
            with pytest.raises(httpx.ConnectError):
                httpx.get(URLS[0])
        """
    )

    result = pytester.runpytest_inprocess("-p", "no:cacheprovider")

    result.assert_outcomes(passed=2)


def test_an_internal_error_of_the_fake_fails_the_test(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import httpx

        def test_breaks_the_fake(contextcapture_fake):
            def broken(**_):
                raise RuntimeError("a bug in the fake")
            contextcapture_fake._service.handlers = {"get-engines-limit": broken}
            response = httpx.get(
                contextcapture_fake.url + "/contextcapture/limits/engines",
                headers={"Authorization": "Bearer t"},
            )
            assert response.status_code == 500
        """
    )

    result = pytester.runpytest_inprocess("-p", "no:cacheprovider")

    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(
        ["*the ContextCapture fake failed internally*", "*a bug in the fake*"]
    )


def test_the_marker_is_declared(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest_inprocess("--markers")

    result.stdout.fnmatch_lines(["@pytest.mark.contextcapture_fake(**options)*"])


def test_nothing_listens_once_the_fixture_is_done() -> None:
    # A fake from the fixture would have been stopped by now; a fresh one proves the port is free.
    with FakeContextCapture() as fake:
        assert httpx.get(fake.url + "/x").status_code == 404
