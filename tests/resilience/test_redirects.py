"""
Redirects, for real, between two loopback servers on different ports (two origins).

A GET follows redirects; the Authorization header goes along only while the origin stays the
same. POST, PATCH and DELETE never follow one: httpx would turn some of them into a GET, which
would then look like a success although nothing was created, changed or deleted.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from contextcapture import (
    APIConnectionError,
    APIError,
    AsyncContextCapture,
    ClientCredentials,
    ContextCapture,
)
from tests.docs import WORKSPACE_ID, example
from tests.resilience.conftest import TOKEN
from tests.resilience.fakes import CLIENT_ID, CLIENT_SECRET, TokenEndpoint
from tests.resilience.operations import OPERATIONS, WORKSPACE_PATH, Operation
from tests.resilience.servers import HTTPServer, Received, Reply

MakeClient = Any
MOVED_PATH = "/moved/workspace"


def workspace(request: Received) -> Reply:
    return Reply(200, example("WorkspaceCreated"))


@pytest.fixture
def other_origin() -> Iterator[HTTPServer]:
    """Server B: answers every request with the workspace, and records what it was sent."""
    with HTTPServer(workspace) as server:
        yield server


def redirecting(status: int, location: str) -> HTTPServer:
    """Server A: redirects the API's paths to `location` and serves MOVED_PATH itself."""

    def answer(request: Received) -> Reply:
        if request.path == MOVED_PATH:
            return workspace(request)
        return Reply(status, b"", {"Location": location})

    return HTTPServer(answer)


# --- GET follows, dropping Authorization when the origin changes ---------------------------------


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_get_redirected_to_another_origin_arrives_without_authorization(
    status: int, other_origin: HTTPServer, make_loopback_client: MakeClient
) -> None:
    with redirecting(status, other_origin.url + MOVED_PATH) as origin:
        cc = make_loopback_client(base_url=origin.url)

        result = cc.workspaces.get(WORKSPACE_ID)

        assert origin.received[0].headers["authorization"] == f"Bearer {TOKEN}"

    assert result.id == WORKSPACE_ID
    (moved,) = other_origin.received
    assert moved.path == MOVED_PATH
    assert "authorization" not in moved.headers


def test_a_get_redirected_within_the_origin_keeps_authorization(
    make_loopback_client: MakeClient,
) -> None:
    with redirecting(307, MOVED_PATH) as origin:
        cc = make_loopback_client(base_url=origin.url)

        cc.workspaces.get(WORKSPACE_ID)

        _, moved = origin.received
    assert moved.path == MOVED_PATH
    assert moved.headers["authorization"] == f"Bearer {TOKEN}"


def test_client_credentials_tokens_are_not_sent_to_another_origin_either(
    other_origin: HTTPServer,
) -> None:
    with TokenEndpoint() as ims, redirecting(307, other_origin.url + MOVED_PATH) as origin:
        credentials = ClientCredentials(CLIENT_ID, CLIENT_SECRET, token_url=ims.token_url)
        with ContextCapture(credentials, base_url=origin.url) as cc:
            cc.workspaces.get(WORKSPACE_ID)

        assert origin.received[0].headers["authorization"] == f"Bearer {ims.issued[0]}"
    assert "authorization" not in other_origin.received[0].headers


async def test_the_async_client_drops_authorization_across_origins_too(
    other_origin: HTTPServer,
) -> None:
    with redirecting(307, other_origin.url + MOVED_PATH) as origin:
        async with AsyncContextCapture(TOKEN, base_url=origin.url) as cc:
            result = await cc.workspaces.get(WORKSPACE_ID)

    assert result.id == WORKSPACE_ID
    assert "authorization" not in other_origin.received[0].headers


def test_a_redirect_loop_raises_api_connection_error_without_retrying(
    make_loopback_client: MakeClient, waits: list[float]
) -> None:
    with HTTPServer(lambda request: Reply(302, b"", {"Location": WORKSPACE_PATH})) as looping:
        cc = make_loopback_client(base_url=looping.url, max_retries=2)

        with pytest.raises(APIConnectionError, match="redirected too many times"):
            cc.workspaces.get(WORKSPACE_ID)

        # The first request and httpx's 20 redirects; a retry would loop just the same.
        assert len(looping.received) == 21
    assert waits == []


# --- other methods never follow ------------------------------------------------------------------

CHANGING = [op for op in OPERATIONS if op.method != "GET"]


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
@pytest.mark.parametrize("operation", CHANGING, ids=str)
def test_a_redirected_change_is_not_followed_and_raises_api_error(
    operation: Operation,
    status: int,
    other_origin: HTTPServer,
    make_loopback_client: MakeClient,
    waits: list[float],
) -> None:
    with redirecting(status, other_origin.url + MOVED_PATH + "?signature=abc") as origin:
        cc = make_loopback_client(base_url=origin.url)

        with pytest.raises(APIError) as caught:
            operation.call(cc)

        assert len(origin.received) == 1
    assert not other_origin.received
    assert type(caught.value) is APIError
    assert caught.value.status_code == status
    assert other_origin.url + MOVED_PATH in str(caught.value)
    assert "signature" not in str(caught.value)
    assert waits == []


def test_the_token_endpoint_redirect_is_not_followed(other_origin: HTTPServer) -> None:
    with redirecting(307, other_origin.url + "/connect/token") as origin:
        credentials = ClientCredentials(
            CLIENT_ID, CLIENT_SECRET, token_url=origin.url + "/connect/token"
        )
        with pytest.raises(APIError) as caught:
            credentials.current_token()

    assert caught.value.status_code == 307
    assert not other_origin.received
