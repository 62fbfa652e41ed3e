"""
When a failed request is repeated, and how long the client waits first.

Waits are recorded by the `waits` fixture instead of slept, so these tests never sleep.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import httpx
import pytest
import respx

from contextcapture import (
    APIConnectionError,
    APITimeoutError,
    NotFoundError,
    RateLimitError,
    ServerError,
)
from contextcapture._constants import INITIAL_RETRY_DELAY, MAX_RETRY_AFTER
from tests.docs import ITWIN_ID, WORKSPACE_ID, example
from tests.unit.conftest import TOKEN, WORKSPACES_PATH, MakeClient, workspace_path


def rate_limited(retry_after: str | None = "3") -> httpx.Response:
    headers = {} if retry_after is None else {"Retry-After": retry_after}
    return httpx.Response(429, json=example("RateLimitExceeded"), headers=headers)


def created() -> httpx.Response:
    return httpx.Response(201, json=example("WorkspaceCreated"))


def found() -> httpx.Response:
    return httpx.Response(200, json=example("WorkspaceCreated"))


def unavailable() -> httpx.Response:
    return httpx.Response(503, text="Service Unavailable")


def create_workspace(cc: Any, **options: Any) -> Any:
    return cc.workspaces.create(name="My workspace", itwin_id=ITWIN_ID, **options)


@pytest.fixture
def create_route(api: respx.MockRouter) -> respx.Route:
    return api.post(WORKSPACES_PATH)


@pytest.fixture
def get_route(api: respx.MockRouter) -> respx.Route:
    return api.get(workspace_path(WORKSPACE_ID))


# --- 429 Too Many Requests -----------------------------------------------------------------------


def test_429_then_success_returns_the_workspace(
    create_route: respx.Route, make_client: MakeClient, waits: list[float]
) -> None:
    create_route.side_effect = [rate_limited(), created()]

    workspace = create_workspace(make_client())

    assert workspace.id == WORKSPACE_ID
    assert create_route.call_count == 2


def test_429_waits_what_retry_after_asks_for(
    create_route: respx.Route, make_client: MakeClient, waits: list[float]
) -> None:
    create_route.side_effect = [rate_limited("7"), created()]

    create_workspace(make_client())

    assert waits == [7.0]


def test_429_retry_resends_the_same_request(
    create_route: respx.Route, make_client: MakeClient, waits: list[float]
) -> None:
    create_route.side_effect = [rate_limited(), created()]

    create_workspace(make_client())

    first, second = (call.request for call in create_route.calls)
    assert json.loads(second.content) == json.loads(first.content)
    assert second.headers["Authorization"] == f"Bearer {TOKEN}"


def test_429_retry_after_in_the_past_as_http_date_retries_at_once(
    get_route: respx.Route, make_client: MakeClient, waits: list[float]
) -> None:
    get_route.side_effect = [rate_limited("Wed, 21 Oct 2015 07:28:00 GMT"), found()]

    make_client().workspaces.get(WORKSPACE_ID)

    assert waits == [0.0]


def test_429_until_retries_run_out_raises_rate_limit_error(
    get_route: respx.Route, make_client: MakeClient, waits: list[float]
) -> None:
    get_route.side_effect = [rate_limited("2"), rate_limited("2"), rate_limited("2")]

    with pytest.raises(RateLimitError) as caught:
        make_client(max_retries=2).workspaces.get(WORKSPACE_ID)

    assert caught.value.retry_after == 2.0
    assert get_route.call_count == 3
    assert waits == [2.0, 2.0]


def test_429_asking_for_more_than_the_cap_is_raised_without_waiting(
    get_route: respx.Route, make_client: MakeClient, waits: list[float]
) -> None:
    too_long = MAX_RETRY_AFTER + 1
    get_route.side_effect = [rate_limited(str(too_long)), found()]

    with pytest.raises(RateLimitError) as caught:
        make_client().workspaces.get(WORKSPACE_ID)

    assert caught.value.retry_after == too_long
    assert get_route.call_count == 1
    assert waits == []


# --- turning retries off -------------------------------------------------------------------------


def test_max_retries_zero_on_the_call_disables_retries(
    get_route: respx.Route, make_client: MakeClient, waits: list[float]
) -> None:
    get_route.side_effect = [rate_limited(), found()]

    with pytest.raises(RateLimitError):
        make_client().workspaces.get(WORKSPACE_ID, max_retries=0)

    assert get_route.call_count == 1


def test_max_retries_zero_on_the_client_disables_retries(
    get_route: respx.Route, make_client: MakeClient, waits: list[float]
) -> None:
    get_route.side_effect = [rate_limited(), found()]

    with pytest.raises(RateLimitError):
        make_client(max_retries=0).workspaces.get(WORKSPACE_ID)

    assert get_route.call_count == 1


def test_max_retries_on_the_call_overrides_the_client(
    get_route: respx.Route, make_client: MakeClient, waits: list[float]
) -> None:
    get_route.side_effect = [rate_limited(), found()]

    make_client(max_retries=0).workspaces.get(WORKSPACE_ID, max_retries=1)

    assert get_route.call_count == 2


# --- error statuses ------------------------------------------------------------------------------


def test_503_on_get_is_retried(
    get_route: respx.Route, make_client: MakeClient, waits: list[float]
) -> None:
    get_route.side_effect = [unavailable(), found()]

    workspace = make_client().workspaces.get(WORKSPACE_ID)

    assert workspace.id == WORKSPACE_ID
    assert get_route.call_count == 2


def test_503_on_delete_is_retried(
    api: respx.MockRouter, make_client: MakeClient, waits: list[float]
) -> None:
    route = api.delete(workspace_path(WORKSPACE_ID))
    route.side_effect = [unavailable(), httpx.Response(204)]

    make_client().workspaces.delete(WORKSPACE_ID)

    assert route.call_count == 2


def test_503_on_post_is_not_retried(
    create_route: respx.Route, make_client: MakeClient, waits: list[float]
) -> None:
    create_route.side_effect = [unavailable(), created()]

    with pytest.raises(ServerError) as caught:
        create_workspace(make_client())

    assert caught.value.status_code == 503
    assert create_route.call_count == 1


def test_500_on_get_is_not_retried(
    get_route: respx.Route, make_client: MakeClient, waits: list[float]
) -> None:
    get_route.side_effect = [httpx.Response(500), found()]

    with pytest.raises(ServerError):
        make_client().workspaces.get(WORKSPACE_ID)

    assert get_route.call_count == 1


def test_404_is_not_retried(
    get_route: respx.Route, make_client: MakeClient, waits: list[float]
) -> None:
    get_route.side_effect = [httpx.Response(404, json=example("WorkspaceNotFound")), found()]

    with pytest.raises(NotFoundError):
        make_client().workspaces.get(WORKSPACE_ID)

    assert get_route.call_count == 1


def test_retry_without_retry_after_backs_off_exponentially(
    get_route: respx.Route, make_client: MakeClient, waits: list[float]
) -> None:
    get_route.side_effect = [unavailable(), unavailable(), found()]

    make_client(max_retries=2).workspaces.get(WORKSPACE_ID)

    first, second = waits
    # Jitter picks a wait between half and all of the ceiling, which doubles each retry.
    assert INITIAL_RETRY_DELAY / 2 <= first <= INITIAL_RETRY_DELAY
    assert INITIAL_RETRY_DELAY <= second <= INITIAL_RETRY_DELAY * 2


# --- transport failures --------------------------------------------------------------------------


def test_connect_error_on_post_is_retried(
    create_route: respx.Route, make_client: MakeClient, waits: list[float]
) -> None:
    create_route.side_effect = [httpx.ConnectError("connection refused"), created()]

    workspace = create_workspace(make_client())

    assert workspace.id == WORKSPACE_ID
    assert create_route.call_count == 2


def test_connect_errors_until_retries_run_out_raise_api_connection_error(
    get_route: respx.Route, make_client: MakeClient, waits: list[float]
) -> None:
    get_route.side_effect = httpx.ConnectError("connection refused")

    with pytest.raises(APIConnectionError) as caught:
        make_client(max_retries=2).workspaces.get(WORKSPACE_ID)

    assert isinstance(caught.value.__cause__, httpx.ConnectError)
    assert caught.value.request_sent is False
    assert get_route.call_count == 3


def test_read_timeout_on_post_is_not_retried(
    create_route: respx.Route, make_client: MakeClient, waits: list[float]
) -> None:
    create_route.side_effect = [httpx.ReadTimeout("timed out"), created()]

    with pytest.raises(APITimeoutError):
        create_workspace(make_client())

    assert create_route.call_count == 1


def test_broken_connection_after_sending_a_post_is_not_retried(
    create_route: respx.Route, make_client: MakeClient, waits: list[float]
) -> None:
    create_route.side_effect = [httpx.RemoteProtocolError("peer closed connection"), created()]

    with pytest.raises(APIConnectionError) as caught:
        create_workspace(make_client())

    assert caught.value.request_sent is True
    assert create_route.call_count == 1


def test_read_timeout_on_get_is_retried(
    get_route: respx.Route, make_client: MakeClient, waits: list[float]
) -> None:
    get_route.side_effect = [httpx.ReadTimeout("timed out"), found()]

    make_client().workspaces.get(WORKSPACE_ID)

    assert get_route.call_count == 2


@pytest.mark.parametrize(
    "timeout",
    [httpx.ConnectTimeout("slow"), httpx.ReadTimeout("slow"), httpx.PoolTimeout("slow")],
    ids=["connect", "read", "pool"],
)
def test_timeout_raises_api_timeout_error_caused_by_the_httpx_timeout(
    get_route: respx.Route, make_client: MakeClient, timeout: httpx.TimeoutException
) -> None:
    get_route.side_effect = timeout

    with pytest.raises(APITimeoutError) as caught:
        make_client(max_retries=0).workspaces.get(WORKSPACE_ID)

    assert isinstance(caught.value.__cause__, httpx.TimeoutException)
    assert caught.value.__cause__ is timeout


def test_api_timeout_error_is_an_api_connection_error() -> None:
    assert issubclass(APITimeoutError, APIConnectionError)


def test_timeout_argument_reaches_the_request(
    get_route: respx.Route, make_client: MakeClient
) -> None:
    get_route.side_effect = [found()]

    make_client().workspaces.get(WORKSPACE_ID, timeout=3.5)

    assert get_route.calls.last.request.extensions["timeout"]["read"] == 3.5


# --- logging -------------------------------------------------------------------------------------


def test_each_retry_logs_one_warning(
    get_route: respx.Route,
    make_client: MakeClient,
    waits: list[float],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, logger="contextcapture")
    get_route.side_effect = [rate_limited("1"), unavailable(), found()]

    make_client(max_retries=2).workspaces.get(WORKSPACE_ID)

    warnings = [r for r in caplog.records if r.name == "contextcapture"]
    assert [r.levelno for r in warnings] == [logging.WARNING, logging.WARNING]
    assert "429" in warnings[0].getMessage()
    assert "503" in warnings[1].getMessage()


def test_retry_warning_does_not_contain_the_token(
    get_route: respx.Route,
    make_client: MakeClient,
    waits: list[float],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, logger="contextcapture")
    get_route.side_effect = [rate_limited("1"), found()]

    make_client(token=TOKEN).workspaces.get(WORKSPACE_ID)

    assert caplog.records
    assert TOKEN not in caplog.text
