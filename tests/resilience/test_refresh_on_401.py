"""
A 401 gets one refresh-and-retry when the token source can refresh, and never a loop.

A string cannot be refreshed; a callable is asked again (or its `refresh()` called) and the request
resent only if the token changed. (ClientCredentials: see test_client_credentials.py.)
"""

from __future__ import annotations

import logging
from typing import Any

import httpx
import pytest
import respx

from contextcapture import AuthenticationError, PermissionDeniedError
from tests.docs import ITWIN_ID, WORKSPACE_ID, example
from tests.resilience.conftest import TOKEN
from tests.resilience.operations import WORKSPACE_PATH

MakeClient = Any
OLD = "old-access-token-1a2b3c4d5e"
NEW = "new-access-token-6f7a8b9c0d"


def refused() -> httpx.Response:
    return httpx.Response(401, json={"error": {"code": "InvalidToken", "message": "Expired."}})


def found() -> httpx.Response:
    return httpx.Response(200, json=example("WorkspaceCreated"))


def sent_tokens(route: respx.Route) -> list[str]:
    return [call.request.headers["Authorization"].removeprefix("Bearer ") for call in route.calls]


class Rotating:
    """A token callable that hands out OLD first and NEW from then on."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> str:
        self.calls += 1
        return OLD if self.calls == 1 else NEW


class CachingProvider:
    """A provider that caches its token and must be told with `refresh()` that it was refused."""

    def __init__(self) -> None:
        self.token = OLD
        self.refreshes = 0

    def __call__(self) -> str:
        return self.token

    def refresh(self) -> str:
        self.refreshes += 1
        self.token = NEW
        return self.token


@pytest.fixture
def get_route(api: respx.MockRouter) -> respx.Route:
    return api.get(WORKSPACE_PATH)


def test_a_static_token_is_not_refreshed(get_route: respx.Route, make_client: MakeClient) -> None:
    get_route.side_effect = [refused(), found()]

    with pytest.raises(AuthenticationError):
        make_client(token=TOKEN).workspaces.get(WORKSPACE_ID)

    assert get_route.call_count == 1


def test_a_callable_is_asked_again_and_the_request_resent_once(
    get_route: respx.Route, make_client: MakeClient
) -> None:
    get_route.side_effect = [refused(), found()]
    source = Rotating()

    workspace = make_client(token=source).workspaces.get(WORKSPACE_ID)

    assert workspace.id == WORKSPACE_ID
    assert sent_tokens(get_route) == [OLD, NEW]
    assert source.calls == 2


def test_a_callable_with_refresh_is_told_through_refresh(
    get_route: respx.Route, make_client: MakeClient
) -> None:
    get_route.side_effect = [refused(), found()]
    provider = CachingProvider()

    make_client(token=provider).workspaces.get(WORKSPACE_ID)

    assert provider.refreshes == 1
    assert sent_tokens(get_route) == [OLD, NEW]


def test_a_callable_that_gives_the_same_token_again_gets_no_retry(
    get_route: respx.Route, make_client: MakeClient
) -> None:
    get_route.side_effect = [refused(), found()]

    with pytest.raises(AuthenticationError):
        make_client(token=lambda: OLD).workspaces.get(WORKSPACE_ID)

    assert get_route.call_count == 1


def test_a_second_401_is_the_answer_never_a_loop(
    get_route: respx.Route, make_client: MakeClient, waits: list[float]
) -> None:
    get_route.side_effect = [refused(), refused(), refused(), found()]

    with pytest.raises(AuthenticationError) as caught:
        make_client(token=Rotating(), max_retries=2).workspaces.get(WORKSPACE_ID)

    assert caught.value.code == "InvalidToken"
    assert sent_tokens(get_route) == [OLD, NEW]
    assert waits == []


def test_a_refused_post_is_resent_once_with_the_same_body(
    api: respx.MockRouter, make_client: MakeClient
) -> None:
    route = api.post("/contextcapture/workspaces")
    route.side_effect = [refused(), httpx.Response(201, json=example("WorkspaceCreated"))]

    make_client(token=Rotating()).workspaces.create(name="My workspace", itwin_id=ITWIN_ID)

    first, second = (call.request for call in route.calls)
    assert second.content == first.content
    assert sent_tokens(route) == [OLD, NEW]


def test_other_error_statuses_do_not_refresh(
    get_route: respx.Route, make_client: MakeClient
) -> None:
    get_route.side_effect = [httpx.Response(403), found()]
    source = Rotating()

    with pytest.raises(PermissionDeniedError):
        make_client(token=source).workspaces.get(WORKSPACE_ID)

    assert source.calls == 1


def test_the_refresh_is_logged_without_either_token(
    get_route: respx.Route, make_client: MakeClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="contextcapture")
    get_route.side_effect = [refused(), found()]

    make_client(token=Rotating()).workspaces.get(WORKSPACE_ID)

    refresh = [r for r in caplog.records if "401" in r.getMessage()]
    assert len(refresh) == 1
    assert WORKSPACE_PATH in refresh[0].getMessage()
    assert OLD not in caplog.text and NEW not in caplog.text
