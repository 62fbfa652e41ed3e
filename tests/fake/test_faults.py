"""Planted faults (error statuses, broken bodies, delays, dropped links) as clients meet them."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest

from contextcapture import (
    APIConnectionError,
    APITimeoutError,
    InvalidResponseError,
    NotFoundError,
    RateLimitError,
    ServerError,
)
from contextcapture.testing import FakeContextCapture, Fault
from tests.docs import ITWIN_ID, example
from tests.fake.conftest import WORKSPACES, MakeClient

ENGINES = "/contextcapture/limits/engines"


@pytest.fixture(autouse=True)
def no_backoff(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The client's retry pauses, recorded instead of slept."""
    waits: list[float] = []
    monkeypatch.setattr("contextcapture._timing.sleep", waits.append)
    return waits


def statuses(fake: FakeContextCapture) -> list[int | None]:
    return [request.status for request in fake.requests]


# --- error statuses -------------------------------------------------------------------------------


def test_a_429_reaches_the_client_with_its_retry_after(
    fake: FakeContextCapture, make_client: MakeClient
) -> None:
    fake.fail_next(status=429, retry_after=2)

    with pytest.raises(RateLimitError) as caught:
        make_client(max_retries=0).limits.engines()

    assert caught.value.retry_after == 2
    assert caught.value.response.json() == example("RateLimitExceeded")


def test_the_client_waits_out_a_429_and_succeeds(
    fake: FakeContextCapture, make_client: MakeClient, no_backoff: list[float]
) -> None:
    fake.fail_next(status=429, retry_after=1)

    assert make_client(max_retries=2).limits.engines().max_engines == 25
    assert statuses(fake) == [429, 200]
    assert no_backoff == [1]


def test_retry_after_alone_means_429(fake: FakeContextCapture, raw_http: httpx.Client) -> None:
    fake.fail_next(retry_after=30)

    response = raw_http.get(ENGINES)

    assert (response.status_code, response.headers["Retry-After"]) == (429, "30")


def test_retry_after_can_be_an_http_date(fake: FakeContextCapture, raw_http: httpx.Client) -> None:
    fake.fail_next(status=429, retry_after="Wed, 21 Oct 2015 07:28:00 GMT")

    assert raw_http.get(ENGINES).headers["Retry-After"] == "Wed, 21 Oct 2015 07:28:00 GMT"


def test_a_5xx_is_a_server_error_with_a_body_naming_it(
    fake: FakeContextCapture, make_client: MakeClient
) -> None:
    fake.fail_next(status=503)

    with pytest.raises(ServerError) as caught:
        make_client(max_retries=0).limits.engines()

    assert caught.value.status_code == 503
    assert caught.value.code == "ServiceUnavailable"


def test_a_get_is_retried_through_5xx(fake: FakeContextCapture, make_client: MakeClient) -> None:
    fake.fail_next(status=503, times=2)

    assert make_client(max_retries=2).limits.engines().max_engines == 25
    assert statuses(fake) == [503, 503, 200]


def test_a_faulted_request_does_not_reach_the_service(
    fake: FakeContextCapture, make_client: MakeClient
) -> None:
    fake.fail_next(status=500, operation="create-workspace")

    with pytest.raises(ServerError):
        make_client().workspaces.create(name="Lost", itwin_id=ITWIN_ID)

    assert fake.workspaces == {}


# --- which requests a fault answers ---------------------------------------------------------------


def test_a_fault_for_one_operation_leaves_the_others_alone(
    fake: FakeContextCapture, make_client: MakeClient
) -> None:
    cc = make_client(max_retries=0)
    fake.fail_next(status=503, operation="get-workspace")

    workspace = cc.workspaces.create(name="Fine", itwin_id=ITWIN_ID)
    with pytest.raises(ServerError):
        cc.workspaces.get(workspace.id)

    assert cc.workspaces.get(workspace.id).name == "Fine"


def test_a_fault_without_an_operation_answers_any_request(
    fake: FakeContextCapture, raw_http: httpx.Client
) -> None:
    fake.fail_next(status=502, times=2)

    assert raw_http.get("/contextcapture/no-such-thing").status_code == 502
    assert raw_http.get(ENGINES).status_code == 502
    assert raw_http.get(ENGINES).status_code == 200


def test_a_fault_for_ever_lasts_until_cleared(
    fake: FakeContextCapture, raw_http: httpx.Client
) -> None:
    fake.fail_next(status=503, times=None)
    assert [raw_http.get(ENGINES).status_code for _ in range(5)] == [503] * 5

    fake.clear_faults()

    assert raw_http.get(ENGINES).status_code == 200


def test_faults_planted_first_are_used_first(
    fake: FakeContextCapture, raw_http: httpx.Client
) -> None:
    fake.fail_next(status=500)
    fake.fail_next(status=503)

    assert [raw_http.get(ENGINES).status_code for _ in range(3)] == [500, 503, 200]


def test_a_fault_counts_its_hits(fake: FakeContextCapture, raw_http: httpx.Client) -> None:
    fault = fake.fail_next(status=503, times=3, operation="get-engines-limit")

    raw_http.get(ENGINES)
    raw_http.get(ENGINES)

    assert isinstance(fault, Fault)
    assert (fault.hits, fault.remaining) == (2, 1)


# --- broken bodies --------------------------------------------------------------------------------


def test_an_html_error_page_becomes_a_server_error_quoting_it(
    fake: FakeContextCapture, make_client: MakeClient
) -> None:
    fake.fail_next(
        status=502, body=b"<html><body>Bad gateway</body></html>", content_type="text/html"
    )

    with pytest.raises(ServerError) as caught:
        make_client(max_retries=0).limits.engines()

    assert "Bad gateway" in str(caught.value)
    assert caught.value.response.headers["content-type"] == "text/html"


def test_an_empty_error_body_still_raises_by_status(
    fake: FakeContextCapture, make_client: MakeClient
) -> None:
    fake.fail_next(status=404, body=b"")

    with pytest.raises(NotFoundError):
        make_client().limits.engines()


def test_a_success_with_broken_json_is_an_invalid_response(
    fake: FakeContextCapture, make_client: MakeClient
) -> None:
    fake.fail_next(status=200, body=b'{"enginesLimit": {', content_type="application/json")

    with pytest.raises(InvalidResponseError):
        make_client().limits.engines()


def test_a_mapping_body_is_sent_as_json(fake: FakeContextCapture, raw_http: httpx.Client) -> None:
    fake.fail_next(status=500, body={"error": None})

    response = raw_http.get(ENGINES)

    assert response.json() == {"error": None}
    assert response.headers["content-type"] == "application/vnd.bentley.itwin-platform.v1+json"


def test_extra_headers_are_sent(fake: FakeContextCapture, raw_http: httpx.Client) -> None:
    fake.fail_next(status=429, headers={"ITwinPlatform-RateLimited-Tier": "Community"})

    assert raw_http.get(ENGINES).headers["ITwinPlatform-RateLimited-Tier"] == "Community"


@pytest.mark.parametrize(
    "arguments",
    [
        {"headers": {"X-A": "b\r\nX-Injected: 1"}},
        {"headers": {"X-A": "b\nc"}},
        {"headers": {"X-A": "b\x00"}},
        {"headers": {"X-A": "b\x7f"}},
        {"headers": {"X-A\r\nX-Injected": "1"}},
        {"headers": {"X A": "b"}},
        {"headers": {"": "b"}},
        {"headers": {"X-A": "\u20ac"}},  # beyond Latin-1
        {"headers": {"X-A": 1}},
        {"content_type": "text/plain\r\nX-Injected: 1", "body": "x"},
        {"retry_after": "1\r\nX-Injected: 1"},
    ],
    ids=repr,
)
def test_a_header_that_would_not_be_one_header_line_is_refused(
    fake: FakeContextCapture, arguments: dict[str, Any]
) -> None:
    with pytest.raises(ValueError, match="header"):
        fake.fail_next(**{"status": 503, **arguments})


def test_a_header_value_may_hold_a_tab(fake: FakeContextCapture, raw_http: httpx.Client) -> None:
    fake.fail_next(status=503, headers={"X-A": "b\tc"})

    assert raw_http.get(ENGINES).headers["X-A"] == "b\tc"


@pytest.mark.parametrize("status", [204, 304])
def test_a_status_without_a_body_is_answered_without_one(
    fake: FakeContextCapture, raw_http: httpx.Client, status: int
) -> None:
    fake.fail_next(status=status)

    response = raw_http.get(ENGINES)

    assert (response.status_code, response.content) == (status, b"")
    assert "content-length" not in response.headers
    assert raw_http.get(ENGINES).status_code == 200  # the connection is still in step


# --- dropped connections and delays ---------------------------------------------------------------


def test_a_dropped_connection_is_a_connection_error(
    fake: FakeContextCapture, make_client: MakeClient
) -> None:
    fake.fail_next(drop=True)

    with pytest.raises(APIConnectionError):
        make_client(max_retries=0).limits.engines()

    assert statuses(fake) == [None]


def test_a_get_is_retried_after_a_dropped_connection(
    fake: FakeContextCapture, make_client: MakeClient
) -> None:
    fake.fail_next(drop=True)

    assert make_client(max_retries=1).limits.engines().max_engines == 25
    assert statuses(fake) == [None, 200]


def test_a_post_is_not_replayed_after_a_dropped_connection(
    fake: FakeContextCapture, make_client: MakeClient
) -> None:
    fake.fail_next(drop=True, operation="create-workspace")

    with pytest.raises(APIConnectionError):
        make_client(max_retries=2).workspaces.create(name="Once", itwin_id=ITWIN_ID)

    assert statuses(fake) == [None]


def test_a_processed_request_whose_answer_is_lost_took_effect(
    fake: FakeContextCapture, make_client: MakeClient
) -> None:
    fake.fail_next(drop=True, operation="create-workspace", processed=True)

    with pytest.raises(APIConnectionError):
        make_client(max_retries=2).workspaces.create(name="Made anyway", itwin_id=ITWIN_ID)

    assert [w["name"] for w in fake.workspaces.values()] == ["Made anyway"]


def test_a_processed_request_can_be_answered_with_an_error(
    fake: FakeContextCapture, make_client: MakeClient
) -> None:
    fake.fail_next(status=504, operation="create-workspace", processed=True)

    with pytest.raises(ServerError):
        make_client().workspaces.create(name="Made anyway", itwin_id=ITWIN_ID)

    assert len(fake.workspaces) == 1


def test_a_delay_past_the_client_timeout_is_a_timeout(
    fake: FakeContextCapture, make_client: MakeClient
) -> None:
    fake.fail_next(delay=0.3)

    with pytest.raises(APITimeoutError):
        make_client(max_retries=0, timeout=0.05).limits.engines()


def test_a_delay_alone_then_answers_normally(
    fake: FakeContextCapture, raw_http: httpx.Client
) -> None:
    fake.fail_next(delay=0.05)
    started = time.perf_counter()

    response = raw_http.get(ENGINES)

    assert response.status_code == 200
    assert time.perf_counter() - started >= 0.05


def test_stopping_the_fake_cuts_a_delay_short() -> None:
    fake = FakeContextCapture().start()
    fake.fail_next(delay=30)
    with httpx.Client(base_url=fake.url, headers={"Authorization": "Bearer t"}) as client:
        client.timeout = httpx.Timeout(0.05)
        with pytest.raises(httpx.TimeoutException):
            client.get(ENGINES)

    started = time.perf_counter()
    fake.stop()

    assert time.perf_counter() - started < 2


# --- planting mistakes ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"status": 503, "operation": "get-jobs"}, "not an operationId"),
        ({"drop": True, "status": 500}, "drop=True"),
        ({"body": b"oops"}, "needs a status"),
        ({}, "needs a status"),
        ({"status": 503, "times": 0}, "times"),
        ({"status": 600}, "status"),
        ({"status": 99}, "status"),
        ({"status": 503.7}, "status"),
        ({"status": "503"}, "status"),
        ({"status": True}, "status"),
        ({"status": 204, "body": "x"}, "no body"),
        ({"status": 304, "body": b"x"}, "no body"),
        ({"status": 103, "body": {}}, "no body"),
        ({"status": 500, "body": {"cost": float("nan")}}, "JSON"),
        ({"status": 503, "operation": ["get-job"]}, "not an operationId"),
        ({"delay": -1}, "delay"),
        ({"delay": "1"}, "delay"),
        ({"delay": 10**400}, "delay"),
        ({"retry_after": -5}, "retry_after"),
        ({"retry_after": 10**400}, "retry_after"),
    ],
    ids=repr,
)
def test_a_fault_that_makes_no_sense_is_refused(
    fake: FakeContextCapture, arguments: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        fake.fail_next(**arguments)


def test_reset_removes_planted_faults(fake: FakeContextCapture, raw_http: httpx.Client) -> None:
    fake.fail_next(status=503, times=None)

    fake.reset()

    assert raw_http.get(ENGINES).status_code == 200
    assert statuses(fake) == [200]


def test_no_workspace_is_lost_to_a_fault_that_did_not_fire(
    fake: FakeContextCapture, make_client: MakeClient
) -> None:
    fake.fail_next(status=503, operation="get-job")

    make_client().workspaces.create(name="Untouched", itwin_id=ITWIN_ID)

    assert statuses(fake) == [201]
    assert fake.requests[0].path == WORKSPACES
