"""
The benchmark's loopback HTTP/1.1 server: canned bytes for the reference's example payloads.

    python -m bench.server --latency-ms 20      # prints "PORT <n>" once listening on 127.0.0.1

It answers POST /contextcapture/workspaces with the docs' create-workspace body (201), GET
/contextcapture/jobs/{id} with the docs' get-job body (200), GET /contextcapture/workspaces/{id}
with the workspace (200) and DELETE with 204; anything else is a 404 `WorkspaceNotFound`.

It is an asyncio `Protocol`, not `http.server`: no thread per connection, no parsing beyond the
request line and Content-Length, and every response is prebuilt bytes, so a request costs it a few
microseconds of its own core. It runs in its own process so that it never competes with the client
being measured for the GIL. Latency (`--latency-ms`) is added with `loop.call_later`, which holds
no thread, so 64 delayed requests are answered together.

It exits by itself when its standard input closes (the benchmark that started it has gone) or
after `--max-seconds`, whichever comes first.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.docs import example  # noqa: E402 - needs the repo root on sys.path

__all__ = ["Responses", "main"]

HOST = "127.0.0.1"
WORKSPACES = b"/contextcapture/workspaces"
JOBS = b"/contextcapture/jobs/"
# Bounds what one connection may buffer; the benchmark's requests are a few hundred bytes.
MAX_REQUEST_BYTES = 64 * 1024


def _response(status: str, payload: object | None) -> bytes:
    body = b"" if payload is None else json.dumps(payload, separators=(",", ":")).encode()
    head = [f"HTTP/1.1 {status}", f"Content-Length: {len(body)}"]
    if payload is not None:
        head.append("Content-Type: application/json")
    return ("\r\n".join(head) + "\r\n\r\n").encode("ascii") + body


class Responses:
    """The prebuilt answers, chosen by method and path."""

    def __init__(self) -> None:
        self.workspace_created = _response("201 Created", example("WorkspaceCreated"))
        self.workspace = _response("200 OK", example("WorkspaceCreated"))
        self.job = _response("200 OK", example("JobSucceeded"))
        self.deleted = _response("204 No Content", None)
        self.not_found = _response("404 Not Found", example("WorkspaceNotFound"))

    def answer(self, method: bytes, path: bytes) -> bytes:
        if method == b"POST" and path == WORKSPACES:
            return self.workspace_created
        if method == b"GET" and path.startswith(JOBS):
            return self.job
        if path.startswith(WORKSPACES + b"/"):
            if method == b"GET":
                return self.workspace
            if method == b"DELETE":
                return self.deleted
        return self.not_found


class _Connection(asyncio.Protocol):
    """One client connection: reads requests one after another and answers each in turn."""

    def __init__(self, responses: Responses, latency: float) -> None:
        self._responses = responses
        self._latency = latency
        self._buffer = b""
        self._transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport

    def connection_lost(self, exc: Exception | None) -> None:
        self._transport = None

    def data_received(self, data: bytes) -> None:
        self._buffer += data
        if len(self._buffer) > MAX_REQUEST_BYTES:
            self._close()
            return

        # A client may send its next request before the previous answer (pipelining); answer
        # every complete request in the buffer, in order.
        while True:
            end = self._buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            head = self._buffer[:end]
            length = _content_length(head)
            if length is None:
                self._close()
                return
            total = end + 4 + length
            if len(self._buffer) < total:
                return
            self._buffer = self._buffer[total:]
            method, _, rest = head.partition(b" ")
            path = rest.partition(b" ")[0].partition(b"?")[0]
            self._send(self._responses.answer(method, path))

    def _send(self, response: bytes) -> None:
        if self._latency > 0:
            asyncio.get_running_loop().call_later(self._latency, self._write, response)
        else:
            self._write(response)

    def _write(self, response: bytes) -> None:
        if self._transport is not None:
            self._transport.write(response)

    def _close(self) -> None:
        if self._transport is not None:
            self._transport.close()


def _content_length(head: bytes) -> int | None:
    """The request's Content-Length (0 when absent), or None when it is not a number."""
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return 0


async def serve(port: int, latency: float, max_seconds: float) -> None:
    loop = asyncio.get_running_loop()
    responses = Responses()
    server = await loop.create_server(
        lambda: _Connection(responses, latency), HOST, port, backlog=1024, reuse_address=True
    )
    bound = server.sockets[0].getsockname()[1]
    print(f"PORT {bound}", flush=True)

    # The parent holds our stdin open; EOF means it is gone, so we go too.
    stdin_closed = loop.create_future()
    pipe, _ = await loop.connect_read_pipe(lambda: _UntilEOF(stdin_closed), sys.stdin)
    try:
        await asyncio.wait_for(stdin_closed, timeout=max_seconds)
    except TimeoutError:
        pass
    finally:
        pipe.close()
        server.close()


class _UntilEOF(asyncio.Protocol):
    """Resolves a future when the pipe it reads reaches end of file."""

    def __init__(self, done: asyncio.Future[None]) -> None:
        self._done = done

    def connection_lost(self, exc: Exception | None) -> None:
        if not self._done.done():
            self._done.set_result(None)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port (default)")
    parser.add_argument("--latency-ms", type=float, default=0.0, help="added before each answer")
    parser.add_argument("--max-seconds", type=float, default=1800.0, help="exit after this long")
    args = parser.parse_args(argv)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(args.port, args.latency_ms / 1000.0, args.max_seconds))


if __name__ == "__main__":
    main()
