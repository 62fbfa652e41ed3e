"""
The fake's HTTP layer: bursts of connections, any method, malformed requests and its own failures,
each answered in JSON and recorded.
"""

from __future__ import annotations

import asyncio
import contextlib
import http.client
import math
import socket
import ssl
from collections.abc import Iterator
from typing import Any, cast

import httpx
import pytest

from contextcapture import AsyncContextCapture
from contextcapture._constants import VENDOR_MEDIA_TYPE
from contextcapture.testing import FakeContextCapture
from contextcapture.testing._service import Answer
from tests.fake.conftest import TOKEN, WORKSPACES

ENGINES = "/contextcapture/limits/engines"
RESOURCE_NOT_FOUND = {
    "error": {
        "code": "ResourceNotFound",
        "message": (
            "The requested resource was not found. Verify the API URL and the Accept header."
        ),
        "details": [
            {
                "code": "OperationNotFound",
                "message": "Unable to match incoming request to an operation.",
            }
        ],
    }
}
# Long enough for a loaded machine, short enough that a stalled connection fails the test quickly.
CLIENT_TIMEOUT = 5.0


def send_raw(fake: FakeContextCapture, data: bytes) -> tuple[http.client.HTTPResponse, Any]:
    """Send bytes as they are on a fresh connection; the answer and its body parsed as JSON."""
    url = httpx.URL(fake.url)
    assert url.port is not None
    with socket.create_connection((url.host, url.port), timeout=CLIENT_TIMEOUT) as connection:
        connection.sendall(data)
        response = http.client.HTTPResponse(connection)
        response.begin()
        body = response.read()
    return response, httpx.Response(200, content=body).json()


def request_head(method: str, target: str, *headers: str) -> bytes:
    lines = [f"{method} {target} HTTP/1.1", "Host: fake", f"Authorization: Bearer {TOKEN}"]
    return ("\r\n".join([*lines, *headers]) + "\r\n\r\n").encode("latin-1")


@pytest.fixture
def own_fake() -> Iterator[FakeContextCapture]:
    """A fake whose internal errors the test expects (the `fake` fixture fails on any)."""
    with FakeContextCapture() as running:
        yield running


# --- bursts of connections ------------------------------------------------------------------------


@pytest.mark.parametrize("clients", [100, 200])
async def test_a_burst_of_concurrent_clients_is_answered(
    fake: FakeContextCapture, clients: int
) -> None:
    # Building a TLS context for each client takes about 15 ms: one serves them all (unused here).
    tls = ssl.create_default_context()
    async with contextlib.AsyncExitStack() as stack:
        ccs = []
        for _ in range(clients):
            transport = await stack.enter_async_context(httpx.AsyncClient(verify=tls))
            cc = AsyncContextCapture(
                TOKEN,
                base_url=fake.url,
                timeout=CLIENT_TIMEOUT,
                max_retries=0,
                http_client=transport,
            )
            ccs.append(await stack.enter_async_context(cc))

        # Each client opens its own connection, all at once; a stalled one times out and fails.
        limits = await asyncio.wait_for(
            asyncio.gather(*(cc.limits.engines() for cc in ccs)), timeout=60
        )

    assert [limit.max_engines for limit in limits] == [25] * clients
    assert [request.status for request in fake.requests] == [200] * clients


# --- methods --------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["TRACE", "CONNECT", "PROPFIND", "BREW", "get"])
def test_a_method_the_spec_lacks_is_resource_not_found_in_json(
    fake: FakeContextCapture, method: str
) -> None:
    response, body = send_raw(fake, request_head(method, WORKSPACES))

    assert response.status == 404
    assert response.getheader("Content-Type") == VENDOR_MEDIA_TYPE
    assert body == RESOURCE_NOT_FOUND
    assert [(r.method, r.operation, r.status) for r in fake.requests] == [(method, None, 404)]


# --- malformed requests ---------------------------------------------------------------------------


def test_a_body_over_16_mib_is_refused_with_413_and_recorded(fake: FakeContextCapture) -> None:
    head = request_head("POST", WORKSPACES, f"Content-Length: {16 * 1024 * 1024 + 1}")

    response, body = send_raw(fake, head)

    assert response.status == 413
    assert body["error"]["code"] == "RequestEntityTooLarge"
    assert [(r.method, r.path, r.operation, r.status, r.body) for r in fake.requests] == [
        ("POST", WORKSPACES, "create-workspace", 413, b"")
    ]


@pytest.mark.parametrize(
    "framing",
    [
        ["Content-Length: many"],
        ["Content-Length: -1"],
        # A negative chunk size once made the fake read until the client hung up.
        ["Transfer-Encoding: chunked", "", "-5", "abcde"],
        ["Transfer-Encoding: chunked", "", "zz"],
    ],
)
def test_a_body_framed_wrongly_is_refused_with_400_and_recorded(
    fake: FakeContextCapture, framing: list[str]
) -> None:
    response, body = send_raw(fake, request_head("POST", WORKSPACES, *framing))

    assert response.status == 400
    assert body["error"]["code"] == "BadRequest"
    assert response.getheader("Connection") == "close"
    assert [(r.method, r.path, r.status) for r in fake.requests] == [("POST", WORKSPACES, 400)]


def test_an_unreadable_request_line_is_answered_in_json_and_recorded(
    fake: FakeContextCapture,
) -> None:
    response, body = send_raw(fake, b"NOT AN HTTP REQUEST LINE\r\n\r\n")

    assert response.status == 400
    assert response.getheader("Content-Type") == VENDOR_MEDIA_TYPE
    assert body["error"]["code"] == "BadRequest"
    assert [(r.method, r.path, r.status) for r in fake.requests] == [("", "", 400)]


def test_a_header_line_too_long_is_answered_in_json_and_recorded(fake: FakeContextCapture) -> None:
    response, body = send_raw(fake, request_head("GET", ENGINES, "X-Long: " + "a" * 70_000))

    assert response.status == 431
    assert body["error"]["code"] == "RequestHeaderFieldsTooLarge"
    assert [(r.method, r.path, r.status) for r in fake.requests] == [("GET", ENGINES, 431)]


def test_a_request_line_too_long_is_answered_in_json_and_recorded(
    fake: FakeContextCapture,
) -> None:
    response, body = send_raw(fake, request_head("GET", ENGINES + "?q=" + "a" * 70_000))

    assert response.status == 414
    assert body["error"]["code"] == "RequestURITooLong"
    assert [(r.method, r.path, r.status) for r in fake.requests] == [("", "", 414)]


def test_a_header_byte_beyond_ascii_is_kept(fake: FakeContextCapture) -> None:
    response, _ = send_raw(fake, request_head("GET", ENGINES, "X-Note: caf\xe9"))

    assert response.status == 200
    assert fake.requests[0].headers["X-Note"] == "caf\xe9"


def test_an_absolute_target_with_a_broken_authority_is_resource_not_found(
    fake: FakeContextCapture,
) -> None:
    response, body = send_raw(fake, request_head("GET", "http://[oops/contextcapture/jobs"))

    assert (response.status, body) == (404, RESOURCE_NOT_FOUND)


# --- the fake's own failures ----------------------------------------------------------------------


def test_an_answer_that_is_not_json_becomes_a_500_and_an_internal_error(
    own_fake: FakeContextCapture, monkeypatch: pytest.MonkeyPatch
) -> None:
    def not_json(**_: Any) -> Answer:
        return Answer(200, {"estimatedCost": math.inf})

    handlers = cast(dict[str, Any], own_fake._service.handlers)
    monkeypatch.setitem(handlers, "get-engines-limit", not_json)

    response = httpx.get(own_fake.url + ENGINES, headers={"Authorization": "Bearer t"})

    assert response.status_code == 500
    assert "Infinity" not in response.text
    assert response.json()["error"]["code"] == "InternalServerError"
    assert [request.status for request in own_fake.requests] == [500]
    assert "Out of range float values" in own_fake.internal_errors[0]


def test_a_failure_anywhere_in_the_fake_is_a_500_not_a_dropped_connection(
    own_fake: FakeContextCapture, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: Any) -> Any:
        raise RuntimeError("a bug in the fake")

    monkeypatch.setattr(own_fake._gate, "validate", broken)

    response = httpx.get(own_fake.url + ENGINES, headers={"Authorization": "Bearer t"})

    assert response.status_code == 500
    assert response.json()["error"]["code"] == "InternalServerError"
    assert [request.status for request in own_fake.requests] == [500]
    assert "RuntimeError: a bug in the fake" in own_fake.internal_errors[0]
