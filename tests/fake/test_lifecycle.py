"""The fake as a server: where it listens, starting and stopping, and its settings."""

from __future__ import annotations

import math
import socket
from datetime import UTC, datetime

import httpx
import pytest

from contextcapture import ContextCapture
from contextcapture.testing import FakeContextCapture
from tests.docs import ITWIN_ID
from tests.fake.conftest import AUTH, TOKEN, WORKSPACES


def test_url_is_a_free_loopback_port() -> None:
    with FakeContextCapture() as fake:
        url = httpx.URL(fake.url)

        assert url.scheme == "http"
        assert url.host == "127.0.0.1"
        assert url.port is not None and url.port > 0


def test_the_client_works_against_the_url_without_further_settings() -> None:
    with FakeContextCapture() as fake, ContextCapture(token="any", base_url=fake.url) as cc:
        workspace = cc.workspaces.create(name="Survey", itwin_id=ITWIN_ID)

        assert cc.workspaces.get(workspace.id).name == "Survey"


def test_nothing_listens_after_the_with_block() -> None:
    with FakeContextCapture() as fake:
        url = httpx.URL(fake.url)

    with (
        pytest.raises(ConnectionRefusedError),
        socket.create_connection((url.host, url.port or 0), timeout=2),
    ):
        pass


def test_stop_ends_kept_alive_connections_too() -> None:
    fake = FakeContextCapture().start()
    with httpx.Client(base_url=fake.url, headers=AUTH) as client:
        assert client.get("/contextcapture/limits/engines").status_code == 200

        fake.stop()

        with pytest.raises(httpx.TransportError):
            client.get("/contextcapture/limits/engines")


def test_start_and_stop_work_without_a_with_block() -> None:
    fake = FakeContextCapture()

    fake.start()
    response = httpx.get(fake.url + "/contextcapture/limits/engines", headers=AUTH)
    fake.stop()

    assert response.status_code == 200


def test_stop_twice_is_harmless() -> None:
    fake = FakeContextCapture().start()

    fake.stop()
    fake.stop()


def test_url_of_a_stopped_fake_is_an_error() -> None:
    with pytest.raises(RuntimeError, match="not running"):
        FakeContextCapture().url  # noqa: B018 - the property is what is tested


def test_starting_twice_is_an_error() -> None:
    with FakeContextCapture() as fake, pytest.raises(RuntimeError, match="already running"):
        fake.start()


def test_two_fakes_have_their_own_ports_and_state() -> None:
    with FakeContextCapture() as first, FakeContextCapture() as second:
        with ContextCapture(TOKEN, base_url=first.url) as cc:
            cc.workspaces.create(name="Only in the first", itwin_id=ITWIN_ID)

        assert first.url != second.url
        assert len(first.workspaces) == 1
        assert second.workspaces == {}


def test_state_survives_a_restart() -> None:
    fake = FakeContextCapture()
    with fake, ContextCapture(TOKEN, base_url=fake.url) as cc:
        workspace = cc.workspaces.create(name="Kept", itwin_id=ITWIN_ID)

    with fake, ContextCapture(TOKEN, base_url=fake.url) as cc:
        assert cc.workspaces.get(workspace.id).name == "Kept"


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "example.com", "::"])
def test_a_host_other_machines_can_reach_is_refused(host: str) -> None:
    with pytest.raises(ValueError, match="allow_remote"):
        FakeContextCapture(host=host)


def test_localhost_is_accepted() -> None:
    with FakeContextCapture(host="localhost") as fake:
        assert httpx.URL(fake.url).host in ("127.0.0.1", "::1")


def test_the_ipv6_loopback_is_written_in_brackets() -> None:
    if not socket.has_ipv6:
        pytest.skip("no IPv6 on this machine")
    try:
        fake = FakeContextCapture(host="::1").start()
    except OSError:
        pytest.skip("the IPv6 loopback is not configured here")
    try:
        assert fake.url.startswith("http://[::1]:")
        assert httpx.get(fake.url + WORKSPACES + "/x", headers=AUTH).status_code == 404
    finally:
        fake.stop()


def test_the_clock_starts_at_the_given_moment() -> None:
    start = datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)

    with FakeContextCapture(start=start) as fake:
        fake.advance(1.5)

        assert fake.now == datetime(2024, 1, 2, 3, 4, 6, 500000, tzinfo=UTC)


@pytest.mark.parametrize("seconds", [-1, math.inf, math.nan, 1e308, 10**400, "5", True], ids=repr)
def test_advancing_by_other_than_a_finite_number_of_seconds_is_refused(seconds: object) -> None:
    with FakeContextCapture() as fake:
        before = fake.now

        with pytest.raises(ValueError, match="seconds"):
            fake.advance(seconds)  # type: ignore[arg-type]

        assert fake.now == before


def test_advancing_past_the_year_9999_is_refused() -> None:
    start = datetime(9999, 12, 31, 23, 59, 0, tzinfo=UTC)

    with FakeContextCapture(start=start) as fake:
        fake.advance(59)

        with pytest.raises(ValueError, match="9999"):
            fake.advance(1)
        assert fake.now == datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)


@pytest.mark.parametrize(
    "options",
    [
        {"clock": "sundial"},
        {"clock": "manual", "speed": 10.0},
        {"clock": "real", "speed": -1.0},
        {"clock": "real", "speed": 0.0},
        {"job_duration": -1.0},
        {"max_engines": -1},
        {"start": datetime(2024, 1, 1)},  # naive, without a time zone
    ],
    ids=[
        "clock",
        "speed-on-manual",
        "negative-speed",
        "zero-speed",
        "duration",
        "engines",
        "naive-start",
    ],
)
def test_bad_settings_are_refused(options: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        FakeContextCapture(**options)  # type: ignore[arg-type]


def test_repr_names_the_url_and_clock() -> None:
    with FakeContextCapture() as fake:
        assert repr(fake) == f"FakeContextCapture({fake.url}, clock='manual')"


def test_a_single_string_is_not_taken_for_a_list_of_itwins() -> None:
    with pytest.raises(TypeError, match="itwins"):
        FakeContextCapture(itwins=ITWIN_ID)


def test_the_engines_limit_can_change_during_a_test() -> None:
    with FakeContextCapture() as fake, ContextCapture(TOKEN, base_url=fake.url) as cc:
        fake.max_engines = 2

        assert cc.limits.engines().max_engines == 2
        with pytest.raises(ValueError, match="max_engines"):
            fake.max_engines = -1
