"""
Faults below HTTP, from a real server on loopback: a connection reset in the middle of a body, a
server that accepts and never answers, one that closes kept-alive connections after every answer,
one that hangs up or talks nonsense. Each ends in APIConnectionError or APITimeoutError with the
httpx error as the cause, or in success after a retry where repeating the request is safe.
"""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from contextcapture import (
    APIConnectionError,
    APITimeoutError,
    AsyncContextCapture,
    ContextCapture,
)
from tests.resilience.conftest import TOKEN
from tests.resilience.operations import OPERATIONS, Operation
from tests.resilience.servers import RawServer, http_response, reset

IDEMPOTENT = [op for op in OPERATIONS if op.method in ("GET", "DELETE")]
CHANGING = [op for op in OPERATIONS if op.method in ("POST", "PATCH")]
SHORT_TIMEOUT = 0.2


def answer_for(method: str, path: str) -> bytes:
    """The documented success of the operation at (method, path)."""
    for operation in OPERATIONS:
        if (operation.method, operation.path) == (method, path):
            body = json.dumps(operation.payload()).encode() if operation.wrapper else b""
            return http_response(operation.status, body)
    return http_response(404, b'{"error": {"code": "NotFound", "message": "no route"}}')


def serve(server: RawServer, connection: socket.socket) -> None:
    """Answer requests on the connection, keeping it alive, until the client closes it."""
    while (request := server.read_request(connection)) is not None:
        connection.sendall(answer_for(*request))


def reset_first_mid_body(server: RawServer, connection: socket.socket, index: int) -> None:
    if index > 0:
        return serve(server, connection)
    request = server.read_request(connection)
    assert request is not None
    whole = answer_for(*request)
    head, _, body = whole.partition(b"\r\n\r\n")
    # A 204 has no body to break off: such an answer is cut short as a 200.
    head = head.replace(b" 204 ", b" 200 ")
    body = body or b'{"partial": "body'
    promised = head.replace(b"Content-Length: ", b"Content-Length: 1000").split(b"\r\n")
    connection.sendall(b"\r\n".join(promised) + b"\r\n\r\n" + body[: len(body) // 2])
    reset(connection)


def never_answer(server: RawServer, connection: socket.socket, index: int) -> None:
    server.read_request(connection)
    server.stopping.wait()


def close_after_each_answer(server: RawServer, connection: socket.socket, index: int) -> None:
    # The answer does not say "Connection: close": the client believes it may reuse the connection.
    request = server.read_request(connection)
    if request is not None:
        connection.sendall(answer_for(*request))
    connection.shutdown(socket.SHUT_RDWR)


def hang_up_on_a_reused_connection(
    server: RawServer, connection: socket.socket, index: int
) -> None:
    """Answer the first request; close the connection when a second one arrives on it."""
    if index > 0:
        return serve(server, connection)
    first = server.read_request(connection)
    assert first is not None
    connection.sendall(answer_for(*first))
    server.read_request(connection)
    connection.shutdown(socket.SHUT_RDWR)


def hang_up_first(server: RawServer, connection: socket.socket, index: int) -> None:
    if index > 0:
        return serve(server, connection)
    server.read_request(connection)
    connection.shutdown(socket.SHUT_RDWR)


def talk_nonsense(server: RawServer, connection: socket.socket, index: int) -> None:
    server.read_request(connection)
    connection.sendall(b"SSH-2.0-OpenSSH_9.6\r\n\r\n")
    connection.shutdown(socket.SHUT_RDWR)


def client(server: RawServer, **options: Any) -> ContextCapture:
    return ContextCapture(TOKEN, base_url=server.url, **options)


@pytest.fixture
def refused_url() -> Iterator[str]:
    """An address on which nothing listens (a server's, after it stopped)."""
    with RawServer(never_answer) as server:
        url = server.url
    yield url


# --- a connection reset in the middle of the body -------------------------------------------------


@pytest.mark.parametrize("operation", OPERATIONS, ids=str)
def test_a_reset_mid_body_raises_api_connection_error_caused_by_httpx(
    operation: Operation,
) -> None:
    with RawServer(reset_first_mid_body) as server, client(server, max_retries=0) as cc:
        with pytest.raises(APIConnectionError) as caught:
            operation.call(cc)

    assert type(caught.value) is APIConnectionError
    assert isinstance(caught.value.__cause__, httpx.TransportError)
    assert caught.value.request_sent is True


@pytest.mark.parametrize("operation", IDEMPOTENT, ids=str)
def test_a_get_or_delete_reset_mid_body_is_retried_on_a_new_connection(
    operation: Operation, waits: list[float]
) -> None:
    with RawServer(reset_first_mid_body) as server, client(server, max_retries=2) as cc:
        result = operation.call(cc)

        assert server.connections == 2
    operation.check(result, operation.payload())
    assert len(waits) == 1


@pytest.mark.parametrize("operation", CHANGING, ids=str)
def test_a_post_or_patch_reset_mid_body_is_not_sent_again(
    operation: Operation, waits: list[float]
) -> None:
    with RawServer(reset_first_mid_body) as server, client(server, max_retries=2) as cc:
        with pytest.raises(APIConnectionError):
            operation.call(cc)

        assert len(server.requests) == 1
    assert waits == []


# --- a server that accepts and never answers ------------------------------------------------------


@pytest.mark.parametrize("operation", OPERATIONS, ids=str)
def test_a_server_that_never_answers_raises_api_timeout_error(operation: Operation) -> None:
    started = time.monotonic()
    with RawServer(never_answer) as server:
        with client(server, max_retries=0, timeout=SHORT_TIMEOUT) as cc:
            with pytest.raises(APITimeoutError) as caught:
                operation.call(cc)

    assert isinstance(caught.value.__cause__, httpx.ReadTimeout)
    assert time.monotonic() - started < 2


def test_a_silent_server_gets_every_retry_of_a_get(waits: list[float]) -> None:
    get = next(op for op in OPERATIONS if op.name == "workspaces.get")
    with RawServer(never_answer) as server:
        with client(server, max_retries=2, timeout=SHORT_TIMEOUT) as cc:
            with pytest.raises(APITimeoutError):
                get.call(cc)

        assert len(server.requests) == 3
    assert len(waits) == 2


def test_a_post_that_timed_out_after_sending_is_not_sent_again(waits: list[float]) -> None:
    create = next(op for op in OPERATIONS if op.name == "jobs.create")
    with RawServer(never_answer) as server:
        with client(server, max_retries=2, timeout=SHORT_TIMEOUT) as cc:
            with pytest.raises(APITimeoutError) as caught:
                create.call(cc)

        assert len(server.requests) == 1
    assert caught.value.request_sent is True
    assert waits == []


def test_the_timeout_of_one_call_overrides_the_clients() -> None:
    started = time.monotonic()
    with RawServer(never_answer) as server, client(server, max_retries=0, timeout=30) as cc:
        with pytest.raises(APITimeoutError):
            cc.jobs.get("cc3d35cc-416a-4262-9714-b359da70b419", timeout=SHORT_TIMEOUT)

    assert time.monotonic() - started < 2


# --- kept-alive connections that the server closes -----------------------------------------------


def test_connections_closed_between_calls_are_replaced_without_errors_or_repeats() -> None:
    with RawServer(close_after_each_answer) as server, client(server, max_retries=0) as cc:
        for count, operation in enumerate(OPERATIONS * 2, start=1):
            operation.check(operation.call(cc), operation.payload())
            server.wait_closed(count)

        assert len(server.requests) == 2 * len(OPERATIONS)
        assert server.connections == 2 * len(OPERATIONS)


async def test_the_async_client_replaces_closed_connections_too() -> None:
    with RawServer(close_after_each_answer) as server:
        async with AsyncContextCapture(TOKEN, base_url=server.url, max_retries=0) as cc:
            for count, operation in enumerate(OPERATIONS, start=1):
                result = await operation.call(cc)
                operation.check(result, operation.payload())
                server.wait_closed(count)

        assert server.connections == len(OPERATIONS)


def test_a_get_sent_as_the_server_closes_the_connection_is_retried(waits: list[float]) -> None:
    # The race every keep-alive client meets: the request leaves as the server hangs up.
    get = next(op for op in OPERATIONS if op.name == "workspaces.get")
    with RawServer(hang_up_on_a_reused_connection) as server, client(server) as cc:
        get.call(cc)
        get.check(get.call(cc), get.payload())

        assert server.connections == 2
    assert len(waits) == 1


def test_a_post_sent_as_the_server_closes_the_connection_is_not_repeated(
    waits: list[float],
) -> None:
    # Limitation: whether the server read it cannot be known, so it is not sent again.
    get = next(op for op in OPERATIONS if op.name == "workspaces.get")
    create = next(op for op in OPERATIONS if op.name == "workspaces.create")
    with RawServer(hang_up_on_a_reused_connection) as server, client(server) as cc:
        get.call(cc)
        with pytest.raises(APIConnectionError) as caught:
            create.call(cc)

        assert [r.split()[0] for r in server.requests] == ["GET", "POST"]
    assert caught.value.request_sent is True
    assert waits == []


# --- hanging up, refusing, talking nonsense -------------------------------------------------------


def test_a_get_whose_connection_was_dropped_unanswered_is_retried(waits: list[float]) -> None:
    get = next(op for op in OPERATIONS if op.name == "jobs.progress")
    with RawServer(hang_up_first) as server, client(server) as cc:
        get.check(get.call(cc), get.payload())

        assert server.connections == 2


def test_a_post_whose_connection_was_dropped_unanswered_is_not_sent_again(
    waits: list[float],
) -> None:
    create = next(op for op in OPERATIONS if op.name == "workspaces.create")
    with RawServer(hang_up_first) as server, client(server) as cc:
        with pytest.raises(APIConnectionError) as caught:
            create.call(cc)

        assert len(server.requests) == 1
    assert isinstance(caught.value.__cause__, httpx.RemoteProtocolError)


def test_a_refused_connection_is_retried_even_for_a_post(
    refused_url: str, waits: list[float]
) -> None:
    create = next(op for op in OPERATIONS if op.name == "jobs.create")
    with ContextCapture(TOKEN, base_url=refused_url, max_retries=2) as cc:
        with pytest.raises(APIConnectionError) as caught:
            create.call(cc)

    assert isinstance(caught.value.__cause__, httpx.ConnectError)
    assert caught.value.request_sent is False
    assert len(waits) == 2


def test_a_server_that_is_not_http_raises_api_connection_error() -> None:
    get = next(op for op in OPERATIONS if op.name == "workspaces.get")
    with RawServer(talk_nonsense) as server, client(server, max_retries=0) as cc:
        with pytest.raises(APIConnectionError) as caught:
            get.call(cc)

    assert isinstance(caught.value.__cause__, httpx.RemoteProtocolError)


# --- the async client, on the same faults -------------------------------------------------------


async def test_async_reset_mid_body_of_a_post_raises_api_connection_error() -> None:
    create = next(op for op in OPERATIONS if op.name == "jobs.create")
    with RawServer(reset_first_mid_body) as server:
        async with AsyncContextCapture(TOKEN, base_url=server.url, max_retries=2) as cc:
            with pytest.raises(APIConnectionError) as caught:
                await create.call(cc)

        assert len(server.requests) == 1
    assert isinstance(caught.value.__cause__, httpx.TransportError)


async def test_async_silence_raises_api_timeout_error() -> None:
    get = next(op for op in OPERATIONS if op.name == "workspaces.get")
    with RawServer(never_answer) as server:
        async with AsyncContextCapture(
            TOKEN, base_url=server.url, max_retries=0, timeout=SHORT_TIMEOUT
        ) as cc:
            with pytest.raises(APITimeoutError) as caught:
                await get.call(cc)

    assert isinstance(caught.value.__cause__, httpx.ReadTimeout)


async def test_async_get_reset_mid_body_is_retried(waits: list[float]) -> None:
    get = next(op for op in OPERATIONS if op.name == "jobs.get")
    with RawServer(reset_first_mid_body) as server:
        async with AsyncContextCapture(TOKEN, base_url=server.url) as cc:
            result = await get.call(cc)

    get.check(result, get.payload())
    assert len(waits) == 1
