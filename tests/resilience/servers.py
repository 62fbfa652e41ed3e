"""
Loopback servers for the resilience tests, each in a thread on 127.0.0.1 and a free port.

- `HTTPServer` answers every request with whatever its `answer` function returns, and records
  what it received (headers included), for the token endpoint, redirects and whole scenarios.
- `RawServer` speaks HTTP by hand on a raw socket so that it can misbehave the way networks do:
  reset a connection in the middle of a body, accept and never answer, close a kept-alive
  connection after every response.

Both stop in `__exit__`; nothing waits longer than `STOP_TIMEOUT`.
"""

from __future__ import annotations

import contextlib
import json
import socket
import struct
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self
from urllib.parse import urlsplit

STOP_TIMEOUT = 2.0


@dataclass(frozen=True)
class Received:
    """One request as a server saw it; header names are lower case."""

    method: str
    path: str
    query: str
    headers: Mapping[str, str]
    body: bytes


@dataclass
class Reply:
    """What to answer: a JSON value (dict or list), text or bytes, with headers."""

    status: int = 200
    body: Any = None
    headers: Mapping[str, str] = field(default_factory=dict)

    def encoded(self) -> tuple[bytes, dict[str, str]]:
        headers = dict(self.headers)
        if isinstance(self.body, dict | list):
            headers.setdefault("Content-Type", "application/json")
            return json.dumps(self.body).encode(), headers
        if isinstance(self.body, str):
            headers.setdefault("Content-Type", "text/plain; charset=utf-8")
            return self.body.encode(), headers
        return self.body or b"", headers


Answer = Callable[[Received], Reply]


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # The default backlog of 5 drops the connections of a burst, which then wait a second to retry.
    request_queue_size = 128


class HTTPServer:
    """A small threaded HTTP/1.1 server; `answer(received)` decides every reply."""

    def __init__(self, answer: Answer) -> None:
        self.answer = answer
        self.received: list[Received] = []
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), self._handler_class())
        # A short poll interval: shutdown() waits for the loop to notice.
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def requests_to(self, path: str) -> list[Received]:
        with self._lock:
            return [r for r in self.received if r.path == path]

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(STOP_TIMEOUT)

    def _record(self, received: Received) -> Reply:
        with self._lock:
            self.received.append(received)
        return self.answer(received)

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # An idle kept-alive connection must not hold its thread past the test.
            timeout = STOP_TIMEOUT

            def handle_one(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                parts = urlsplit(self.path)
                received = Received(
                    method=self.command,
                    path=parts.path,
                    query=parts.query,
                    headers={k.lower(): v for k, v in self.headers.items()},
                    body=body,
                )
                reply = server._record(received)
                content, headers = reply.encoded()
                self.send_response(reply.status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)

            do_GET = do_POST = do_PATCH = do_DELETE = do_PUT = handle_one

            def log_message(self, format: str, *args: Any) -> None:
                pass  # keep test output clean

        return Handler


# --- a server that misbehaves on purpose ---------------------------------------------------------

Behaviour = Callable[["RawServer", socket.socket, int], None]


class RawServer:
    """
    Accepts connections on 127.0.0.1 and hands each, with its number (0, 1, ...), to
    `behaviour` in a thread of its own. `requests` lists the request lines it read.
    """

    def __init__(self, behaviour: Behaviour) -> None:
        self.behaviour = behaviour
        self.requests: list[str] = []
        self.connections = 0
        self.closed = 0
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._closed_changed = threading.Condition(self._lock)
        self._listener = socket.create_server(("127.0.0.1", 0), backlog=128)
        self._listener.settimeout(0.05)
        self._open: list[socket.socket] = []
        self._threads: list[threading.Thread] = []
        self._acceptor = threading.Thread(target=self._accept, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._listener.getsockname()[1]}"

    def __enter__(self) -> Self:
        self._acceptor.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stopping.set()
        self._acceptor.join(STOP_TIMEOUT)
        self._listener.close()
        with self._lock:
            for connection in self._open:
                _close_quietly(connection)
        for thread in self._threads:
            thread.join(STOP_TIMEOUT)

    def _accept(self) -> None:
        while not self.stopping.is_set():
            try:
                connection, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            connection.settimeout(STOP_TIMEOUT)
            with self._lock:
                index = self.connections
                self.connections += 1
                self._open.append(connection)
            thread = threading.Thread(target=self._serve, args=(connection, index), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _serve(self, connection: socket.socket, index: int) -> None:
        try:
            self.behaviour(self, connection, index)
        except OSError:
            pass  # the client gave up first: that is what some tests are about
        finally:
            _close_quietly(connection)
            with self._closed_changed:
                self.closed += 1
                self._closed_changed.notify_all()

    def wait_closed(self, count: int) -> None:
        """Wait until the server has closed `count` connections."""
        with self._closed_changed:
            if not self._closed_changed.wait_for(lambda: self.closed >= count, STOP_TIMEOUT):
                raise AssertionError(f"the server closed {self.closed} connections, not {count}")

    def read_request(self, connection: socket.socket) -> tuple[str, str] | None:
        """Read one request; its method and path, or None when the client closed the connection."""
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = connection.recv(65536)
            if not chunk:
                return None
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        length = 0
        for line in lines[1:]:
            name, _, value = line.partition(":")
            if name.strip().lower() == "content-length":
                length = int(value.strip())
        while len(body) < length:
            chunk = connection.recv(65536)
            if not chunk:
                return None
            body += chunk
        method, path, _ = lines[0].split(" ", 2)
        with self._lock:
            self.requests.append(f"{method} {path}")
        return method, urlsplit(path).path


def http_response(status: int, body: bytes, *, keep_alive: bool = True) -> bytes:
    head = [
        f"HTTP/1.1 {status} Whatever",
        "Content-Type: application/json",
        f"Content-Length: {len(body)}",
    ]
    if not keep_alive:
        head.append("Connection: close")
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


def reset(connection: socket.socket) -> None:
    """Close with RST instead of FIN, as a crashed peer or a middlebox does."""
    connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    connection.close()


def _close_quietly(connection: socket.socket) -> None:
    with contextlib.suppress(OSError):
        connection.close()
