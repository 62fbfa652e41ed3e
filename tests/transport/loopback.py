"""
A stand-in for the service on 127.0.0.1, in a thread: real sockets, so that any transport can be
tested against it (respx only replaces httpx's own).

It answers with the reference's example payloads, records every request it reads, counts how many
it is handling at once, and can be told what to answer next: an error status, a delay, or hanging
up without answering.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.docs import WORKSPACE_ID, example

__all__ = ["JOB_ID", "Answer", "LoopbackService", "Received", "running_service"]

JOB_ID = "cc3d35cc-416a-4262-9714-b359da70b419"
WORKSPACES_PATH = "/contextcapture/workspaces"
# A handler thread gives up on an idle kept-alive connection after this many seconds.
IDLE_TIMEOUT = 10.0


@dataclass(frozen=True)
class Answer:
    """What the service does with one request."""

    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    hang_up: bool = False  # read the request, then close the connection without answering
    cut_short: bool = False  # send the head and half the body, then close the connection


@dataclass(frozen=True)
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


class LoopbackService:
    """The routes the reference documents, with scripted answers taking precedence."""

    def __init__(self) -> None:
        self.received: list[Received] = []
        self.max_in_flight = 0
        self._in_flight = 0
        self._scripted: dict[tuple[str, str], deque[Answer]] = {}
        self._lock = threading.Lock()

    def script(self, method: str, path: str, *answers: Answer) -> None:
        """Answer the next requests to `method path` with `answers`, in order, then as usual."""
        with self._lock:
            self._scripted.setdefault((method, path), deque()).extend(answers)

    def requests_to(self, method: str, path: str) -> list[Received]:
        with self._lock:
            return [seen for seen in self.received if (seen.method, seen.path) == (method, path)]

    def answer(self, received: Received) -> Answer:
        with self._lock:
            self.received.append(received)
            queued = self._scripted.get((received.method, received.path))
            if queued:
                return queued.popleft()
        return _documented_answer(received.method, received.path)

    @contextlib.contextmanager
    def handling(self) -> Iterator[None]:
        with self._lock:
            self._in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self._in_flight)
        try:
            yield
        finally:
            with self._lock:
                self._in_flight -= 1


def _documented_answer(method: str, path: str) -> Answer:
    workspace = f"{WORKSPACES_PATH}/{WORKSPACE_ID}"
    if (method, path) == ("POST", WORKSPACES_PATH):
        return Answer(201, example("WorkspaceCreated"))
    if (method, path) == ("GET", workspace):
        return Answer(200, example("WorkspaceCreated"))
    if (method, path) == ("DELETE", workspace):
        return Answer(204)
    if (method, path) == ("GET", f"/contextcapture/jobs/{JOB_ID}"):
        return Answer(200, example("JobSucceeded"))
    return Answer(404, example("WorkspaceNotFound"))


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep connections alive, as the service does
    timeout = IDLE_TIMEOUT
    server: _Server

    def do_GET(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def do_DELETE(self) -> None:
        self._handle()

    def do_PATCH(self) -> None:
        self._handle()

    def _handle(self) -> None:
        service = self.server.service
        length = int(self.headers.get("Content-Length") or 0)
        received = Received(
            self.command,
            self.path.partition("?")[0],
            {name.lower(): value for name, value in self.headers.items()},
            self.rfile.read(length),
        )
        with service.handling():
            answer = service.answer(received)
            if answer.delay:
                time.sleep(answer.delay)
            if answer.hang_up:
                self.close_connection = True
                return
            body = b"" if answer.body is None else json.dumps(answer.body).encode()
            self.send_response(answer.status)
            if answer.body is not None:
                self.send_header("Content-Type", "application/json")
            for name, value in answer.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if answer.cut_short:
                self.wfile.write(body[: len(body) // 2])
                self.close_connection = True
                return
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: pytest shows the test's own output, not an access log."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    # 64 clients connecting at once must not overflow the listen queue.
    request_queue_size = 256

    def __init__(self, service: LoopbackService) -> None:
        self.service = service
        super().__init__(("127.0.0.1", 0), _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that timed out and left is expected here; no traceback for it."""


@contextlib.contextmanager
def running_service() -> Iterator[tuple[LoopbackService, str]]:
    """Serve on a free port of 127.0.0.1; yield the service and its base URL; stop on exit."""
    service = LoopbackService()
    server = _Server(service)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield service, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
