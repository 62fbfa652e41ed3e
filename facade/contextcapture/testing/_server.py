"""`FakeContextCapture`: the fake service on a loopback port, served from a background thread."""

from __future__ import annotations

import contextlib
import copy
import http
import ipaddress
import json
import socket
import sys
import threading
import traceback
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Literal, Self
from urllib.parse import urlsplit

import httpx

from .._constants import VENDOR_MEDIA_TYPE
from .._version import __version__
from ._clock import Clock
from ._faults import Fault, Faults, make_fault
from ._service import Answer, JobFailure, Service, error_body
from ._spec import InvalidRequest, NoSuchOperation, Operation, SpecGate, Unauthorized

__all__ = ["FakeContextCapture", "RecordedRequest"]

# A request body larger than this is refused (413) rather than read into memory.
MAX_BODY_BYTES = 16 * 1024 * 1024
# A longer request line is refused (414), as http.server does.
MAX_REQUEST_LINE = 65536
# Connections the kernel queues until the fake accepts them. http.server's 5 overflows when a test
# opens a hundred connections at once: the extra ones hang until the client times out. The kernel
# caps it at net.core.somaxconn.
LISTEN_BACKLOG = 1024
# How long stop() waits for the serving thread to end.
STOP_TIMEOUT = 5.0

# What the iTwin Platform answers for a method and path that match no operation.
RESOURCE_NOT_FOUND = error_body(
    "ResourceNotFound",
    "The requested resource was not found. Verify the API URL and the Accept header.",
    details=[("OperationNotFound", "Unable to match incoming request to an operation.", None)],
)
# Only HeaderNotFound is documented; this code stands for a header that is there but unusable.
INVALID_TOKEN = error_body(
    "InvalidToken",
    "The Authorization header does not carry an accepted bearer token. Access denied.",
)
INTERNAL_ERROR = "The fake failed while handling the request; see fake.internal_errors."
# Statuses that never carry a body (RFC 9110 6.4.1), nor a Content-Length for one.
BODILESS_STATUSES = frozenset({204, 304})


@dataclass(frozen=True)
class RecordedRequest:
    """
    A request the fake received. `operation` is the spec's operationId (None when the request
    matched no operation); `status` is the status answered (None when the connection was dropped).
    `headers` include Authorization; their repr hides it.

    Requests refused before they reach the spec are recorded too, with what could be read of
    them: 400 for a malformed request (empty `method` and `path` when even its first line was
    unreadable), 413 for a body over 16 MiB (its `body` is then empty), 414 and 431 for a request
    line or header too long (no `headers` then).
    """

    method: str
    path: str
    query: httpx.QueryParams
    headers: httpx.Headers
    body: bytes
    operation: str | None
    status: int | None

    def json(self) -> Any:
        """The body parsed as JSON; None for an empty body."""
        return json.loads(self.body) if self.body else None

    def __repr__(self) -> str:
        answered = "dropped" if self.status is None else self.status
        return (
            f"RecordedRequest({self.method} {self.path} -> {answered}, "
            f"operation={self.operation!r})"
        )


@dataclass
class _Exchange:
    """A request on its way through the fake."""

    method: str
    path: str
    query: httpx.QueryParams
    headers: httpx.Headers
    body: bytes
    operation: Operation | None
    path_values: dict[str, str]
    fault: Fault | None


@dataclass(frozen=True)
class _Reply:
    """What to write back: None as status means close the connection without an answer."""

    status: int | None
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""


class FakeContextCapture:
    """
    A stateful fake of the ContextCapture API v1 on a loopback port, for tests.

        with FakeContextCapture() as fake:
            cc = ContextCapture(token="any", base_url=fake.url)
            job = cc.jobs.submit(cc.jobs.create(...).id)
            fake.advance(60)            # the default job_duration: the job has succeeded
            assert cc.jobs.get(job.id).state == "success"

    Every request is checked against the spec shipped with the client (401 without a bearer
    token, 422 with details when parameters or body break it), then answered from the fake's
    state: workspaces and jobs with fresh UUIDs, 404 with the documented code once deleted.

    `clock="manual"` (the default) freezes time until `advance()`; `clock="real"` runs it at
    `speed` fake seconds per real second (default 1). A submitted job runs `job_duration` fake
    seconds through the steps of `JOB_STEPS`, then succeeds, unless `fail_job()` said otherwise.
    `max_engines` is what the engines limit answers (and the most a job may ask for); `itwins`,
    when given, are the only iTwin ids the fake knows (others: 422 on create, 404 on limits).
    `token`, when given, is the only bearer token accepted.
    """

    def __init__(
        self,
        *,
        clock: Literal["manual", "real"] = "manual",
        speed: float | None = None,
        start: datetime | None = None,
        job_duration: float = 60.0,
        max_engines: int = 25,
        itwins: Iterable[str] | None = None,
        token: str | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        allow_remote: bool = False,
    ) -> None:
        if clock not in ("manual", "real"):
            raise ValueError(f"clock must be 'manual' or 'real', got {clock!r}")
        if clock == "manual" and speed is not None:
            raise ValueError("speed applies to clock='real'; a manual clock moves by advance()")
        if clock == "real" and speed is not None and not speed > 0:
            raise ValueError(f"speed must be > 0 fake seconds per real second, got {speed!r}")
        if not job_duration >= 0:
            raise ValueError(f"job_duration must be >= 0 seconds, got {job_duration!r}")
        _check_max_engines(max_engines)
        if isinstance(itwins, str):
            raise TypeError("itwins must be a collection of iTwin ids, not a single string")
        if not allow_remote and not is_loopback(host):
            raise ValueError(
                f"host {host!r} is not a loopback address: the fake would be reachable from other "
                "machines; pass allow_remote=True if that is really wanted"
            )

        self.clock_mode = clock
        self.token = token
        self._host = host
        self._port = port
        self._gate = SpecGate()
        real_speed = 1.0 if speed is None else speed
        self._clock = Clock(speed=0.0 if clock == "manual" else real_speed, start=start)
        self._service = Service(
            self._clock,
            self._documented,
            job_duration=job_duration,
            max_engines=max_engines,
            itwins=itwins,
        )
        self._faults = Faults()
        self._requests: list[RecordedRequest] = []
        self._internal_errors: list[str] = []
        self._lock = threading.Lock()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()

    def __repr__(self) -> str:
        where = self.url if self._server is not None else "stopped"
        return f"FakeContextCapture({where}, clock={self.clock_mode!r})"

    # --- running ----------------------------------------------------------------------------------

    def start(self) -> Self:
        """Bind the port and serve from a background thread; returns the fake itself."""
        if self._server is not None:
            raise RuntimeError("the fake is already running")
        self._stopping = threading.Event()
        server = _Server((self._host, self._port), fake=self)
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.01},
            name=f"contextcapture-fake-{server.server_address[1]}",
            daemon=True,
        )
        self._server = server
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close every connection; state and records are kept."""
        server, thread = self._server, self._thread
        if server is None:
            return
        self._stopping.set()
        server.shutdown()
        server.close_connections()
        server.server_close()
        if thread is not None:
            thread.join(STOP_TIMEOUT)
        self._server = self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """The base URL to give the client, e.g. http://127.0.0.1:54321."""
        if self._server is None:
            raise RuntimeError("the fake is not running: use `with FakeContextCapture() as fake`")
        host, port = self._server.server_address[:2]
        name = host.decode() if isinstance(host, bytes) else host
        shown = f"[{name}]" if ":" in name else name
        return f"http://{shown}:{port}"

    # --- time and jobs ----------------------------------------------------------------------------

    def advance(self, seconds: float) -> None:
        """
        Move the fake clock forward by `seconds` (a finite number >= 0); jobs progress, succeed
        or fail accordingly. ValueError when the clock would pass the year 9999.
        """
        self._clock.advance(seconds)

    @property
    def now(self) -> datetime:
        """The fake clock's current date-time (UTC)."""
        return self._clock.now()

    @property
    def job_duration(self) -> float:
        """Fake seconds from submission to the end of a job; applies to jobs submitted later."""
        return self._service.job_duration

    @job_duration.setter
    def job_duration(self, seconds: float) -> None:
        if not seconds >= 0:
            raise ValueError(f"job_duration must be >= 0 seconds, got {seconds!r}")
        self._service.job_duration = seconds

    @property
    def max_engines(self) -> int:
        """What the engines limit answers, and the most engines a job may ask for."""
        return self._service.max_engines

    @max_engines.setter
    def max_engines(self, value: int) -> None:
        _check_max_engines(value)
        self._service.max_engines = value

    def fail_job(
        self,
        job_id: str | None = None,
        *,
        code: str = "ProcessingFailed",
        title: str = "Processing failed",
        message: str = "The reconstruction failed.",
        params: Iterable[str] = (),
        at_percentage: int = 100,
    ) -> None:
        """
        Make a job end `failed` instead of `success`, with this execution error, once its progress
        reaches `at_percentage` (at once if it is already past it). Without `job_id`, the next job
        created is the one that fails (each call marks one more job).
        """
        failure = JobFailure(
            code=code,
            title=title,
            message=message,
            params=tuple(params),
            at_percentage=at_percentage,
        )
        self._service.fail_job(job_id, failure)

    @property
    def workspaces(self) -> dict[str, dict[str, Any]]:
        """The workspaces the fake holds, by id, as GET would answer them."""
        return self._service.workspaces()

    @property
    def jobs(self) -> dict[str, dict[str, Any]]:
        """The jobs the fake holds, by id, as GET would answer them now."""
        return self._service.jobs()

    def reset(self) -> None:
        """Forget every workspace, job, planted fault and recorded request."""
        self._service.reset()
        self._faults.clear()
        self.clear_requests()

    # --- faults and records -----------------------------------------------------------------------

    def fail_next(
        self,
        status: int | None = None,
        *,
        retry_after: float | str | None = None,
        operation: str | None = None,
        times: int | None = 1,
        body: bytes | str | Mapping[str, Any] | None = None,
        content_type: str | None = None,
        headers: Mapping[str, str] | None = None,
        drop: bool = False,
        delay: float = 0.0,
        processed: bool = False,
    ) -> Fault:
        """
        Plant a fault for the next `times` requests (None: all, until `clear_faults()`) to
        `operation` (a spec operationId such as "get-job"; None: any request).

        - `status` (100 to 599) answers that status instead of the service. The body is `body`
          (bytes or str sent as is, as text/plain unless `content_type` says otherwise; a mapping
          as JSON) or, without one, the documented RateLimitExceeded body for 429 and an error
          body naming the status otherwise; 1xx, 204 and 304 answers have none. `retry_after`
          (seconds, or a string such as an HTTP date) adds a Retry-After header and implies
          status 429; `headers` adds others (no control characters: one header a line).
        - `drop=True` closes the connection without answering.
        - `delay` waits that many real seconds first, then answers (normally, unless `status`
          or `drop` say otherwise).
        - `processed=True` lets the service handle the request before the fault replaces its
          answer: the change is made but the client never hears of it.

        Faults planted earlier are used first. Returns the Fault; its `hits` counts its uses.
        """
        fault = make_fault(
            status=status,
            retry_after=retry_after,
            operation=operation,
            known_operations=self._gate.operation_ids,
            times=times,
            body=body,
            content_type=content_type,
            headers=headers,
            drop=drop,
            delay=delay,
            processed=processed,
            default_body=self._fault_body,
        )
        return self._faults.plant(fault)

    def clear_faults(self) -> None:
        """Remove every planted fault, used up or not."""
        self._faults.clear()

    @property
    def requests(self) -> list[RecordedRequest]:
        """The requests received so far, oldest first (a copy)."""
        with self._lock:
            return list(self._requests)

    def clear_requests(self) -> None:
        with self._lock:
            self._requests.clear()

    @property
    def internal_errors(self) -> list[str]:
        """Tracebacks of failures inside the fake (each answered 500); empty unless it has a bug."""
        with self._lock:
            return list(self._internal_errors)

    # --- answering, called from the server's threads ----------------------------------------------

    def _respond(self, method: str, target: str, headers: httpx.Headers, body: bytes) -> _Reply:
        """
        The answer to a request read whole, recorded before it is sent so tests see it at once.
        Whatever goes wrong inside the fake becomes a 500 and a traceback in `internal_errors`.
        """
        try:
            exchange = self._receive(method, target, headers, body)
            delay = exchange.fault.delay if exchange.fault is not None else 0.0
            if delay and self._stopping.wait(delay):
                return _Reply(None)  # the fake is stopping: nobody will wait for this answer
            return self._reply(exchange)
        except Exception:
            self._note_internal_error(traceback.format_exc())
            return self._refuse(method, target, headers, body, 500, INTERNAL_ERROR)

    def _refuse(
        self,
        method: str,
        target: str,
        headers: httpx.Headers,
        body: bytes,
        status: int,
        message: str,
    ) -> _Reply:
        """Answer `status` with an error body naming it, record it, and close the connection."""
        path, query = _split_target(target)
        try:
            operation: str | None = self._gate.match(method, path)[0].operation_id
        except NoSuchOperation:
            operation = None
        self._record(
            RecordedRequest(
                method=method,
                path=path,
                query=query,
                headers=headers,
                body=body,
                operation=operation,
                status=status,
            )
        )
        # After a refusal, where the next request starts on the connection is anyone's guess.
        error = error_body(_error_code(status), message)
        return _json_reply(Answer(status, error, {"Connection": "close"}))

    def _receive(self, method: str, target: str, headers: httpx.Headers, body: bytes) -> _Exchange:
        """Match the request to its operation and pick the fault that answers it, if any."""
        path, query = _split_target(target)
        try:
            operation, values = self._gate.match(method, path)
        except NoSuchOperation:
            operation, values = None, {}
        fault = self._faults.take(operation.operation_id if operation is not None else None)
        return _Exchange(
            method=method,
            path=path,
            query=query,
            headers=headers,
            body=body,
            operation=operation,
            path_values=values,
            fault=fault,
        )

    def _reply(self, exchange: _Exchange) -> _Reply:
        """The planted fault's answer or the service's, recorded."""
        fault = exchange.fault
        if fault is not None and fault.replaces_answer and not fault.processed:
            reply = _fault_reply(fault)
        else:
            reply = self._answer(exchange)
            if fault is not None and fault.replaces_answer:
                reply = _fault_reply(fault)

        record = RecordedRequest(
            method=exchange.method,
            path=exchange.path,
            query=exchange.query,
            headers=exchange.headers,
            body=exchange.body,
            operation=exchange.operation.operation_id if exchange.operation else None,
            status=reply.status,
        )
        self._record(record)
        return reply

    def _record(self, request: RecordedRequest) -> None:
        with self._lock:
            self._requests.append(request)

    def _answer(self, exchange: _Exchange) -> _Reply:
        operation = exchange.operation
        if operation is None:
            return _json_reply(Answer(404, RESOURCE_NOT_FOUND))

        try:
            token = self._gate.check_security(operation, exchange.headers)
        except Unauthorized as refused:
            body = INVALID_TOKEN if refused.header_present else self._documented("HeaderNotFound")
            return _json_reply(Answer(401, body))
        if token is not None and self.token is not None and token != self.token:
            return _json_reply(Answer(401, INVALID_TOKEN))

        try:
            payload = self._gate.validate(
                operation, exchange.path_values, exchange.query, exchange.headers, exchange.body
            )
        except InvalidRequest as invalid:
            details = [("InvalidParameter", p.message, p.target) for p in invalid.problems]
            body = error_body(
                "InvalidContextCaptureRequest", "Cannot perform operation.", details=details
            )
            return _json_reply(Answer(422, body))

        handler = self._service.handlers.get(operation.operation_id)
        if handler is None:
            message = f"The fake does not implement {operation.operation_id} yet."
            return _json_reply(Answer(501, error_body("NotImplemented", message)))
        try:
            answer = handler(**exchange.path_values, body=payload, query=exchange.query)
        except Exception:
            self._note_internal_error(traceback.format_exc())
            return _json_reply(Answer(500, error_body("InternalServerError", INTERNAL_ERROR)))
        return _json_reply(answer)

    def _note_internal_error(self, text: str) -> None:
        with self._lock:
            self._internal_errors.append(text)

    def _documented(self, name: str) -> Any:
        """A fresh copy of the spec's example `name` (components/examples/<name>/value)."""
        return copy.deepcopy(self._gate.spec["components"]["examples"][name]["value"])

    def _fault_body(self, status: int) -> Any:
        if status == http.HTTPStatus.TOO_MANY_REQUESTS:
            return self._documented("RateLimitExceeded")
        if status < 300:
            return None
        message = f"{status} {_phrase(status)}: a fault planted with fake.fail_next()."
        return error_body(_error_code(status), message)


def _split_target(target: str) -> tuple[str, httpx.QueryParams]:
    """The path and query of a request target."""
    try:
        split = urlsplit(target)
    except ValueError:
        # An absolute-form target with a broken authority ("http://[x/"): it names no resource.
        return target, httpx.QueryParams()
    return split.path, httpx.QueryParams(split.query)


def _phrase(status: int) -> str:
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def _error_code(status: int) -> str:
    """An error code made of the status's reason phrase: 413 is RequestEntityTooLarge."""
    words = _phrase(status).replace("-", " ").split()
    return "".join(word[:1].upper() + word[1:] for word in words)


def _json_reply(answer: Answer) -> _Reply:
    headers = dict(answer.headers)
    if answer.body is None:
        return _Reply(answer.status, headers)
    headers.setdefault("Content-Type", VENDOR_MEDIA_TYPE)
    # NaN and Infinity are not JSON: a fake that would send them has a bug, and _respond says so.
    text = json.dumps(answer.body, allow_nan=False)
    return _Reply(answer.status, headers, text.encode("utf-8"))


def _fault_reply(fault: Fault) -> _Reply:
    if fault.drop:
        return _Reply(None)
    assert fault.status is not None
    headers = dict(fault.headers)
    if fault.content_type is not None and fault.body:
        headers.setdefault("Content-Type", fault.content_type)
    return _Reply(fault.status, headers, fault.body or b"")


def _check_max_engines(value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"max_engines must be a whole number >= 0, got {value!r}")


def is_loopback(host: str) -> bool:
    """Whether `host` is a loopback address (or localhost), reachable from this machine only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class _Server(ThreadingHTTPServer):
    """The HTTP server: one daemon thread a connection, each connection tracked for stop()."""

    daemon_threads = True
    request_queue_size = LISTEN_BACKLOG

    def __init__(self, address: tuple[str, int], *, fake: FakeContextCapture) -> None:
        host = address[0].strip("[]")
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.fake = fake
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__((host, address[1]), _Handler)

    def track(self, connection: socket.socket, *, open: bool) -> None:
        with self._connections_lock:
            if open:
                self._connections.add(connection)
            else:
                self._connections.discard(connection)

    def close_connections(self) -> None:
        """End kept-alive connections, so that a stopped fake answers nothing at all."""
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client hanging up mid-request is normal in resilience tests; anything else is a bug.
        if isinstance(sys.exc_info()[1], OSError):
            return
        self.fake._note_internal_error(traceback.format_exc())


class _BodyTooLarge(Exception):
    pass


class _Handler(BaseHTTPRequestHandler):
    """Reads one request at a time from a connection and writes the fake's answer."""

    protocol_version = "HTTP/1.1"
    # A request line too broken to name its version would otherwise be taken for HTTP/0.9 and
    # answered without a status line or headers; no client of this fake speaks HTTP/0.9.
    default_request_version = "HTTP/1.0"
    # Headers and body go out in separate writes; with Nagle's algorithm on, the second one
    # waits for the client's delayed ACK and every request takes 40 ms.
    disable_nagle_algorithm = True
    server: _Server

    def setup(self) -> None:
        super().setup()
        self.server.track(self.connection, open=True)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.track(self.connection, open=False)

    def version_string(self) -> str:
        return f"contextcapture-fake/{__version__}"

    def log_message(self, format: str, *args: Any) -> None:
        """Silent: a test's output is no place for an access log (nor for its tokens)."""

    def handle_one_request(self) -> None:
        # http.server calls do_<METHOD> and answers a method without one with an HTML 501. Here
        # every method takes the same road, so one the spec lacks gets the platform's JSON 404.
        self.raw_requestline = self.rfile.readline(MAX_REQUEST_LINE + 1)
        if len(self.raw_requestline) > MAX_REQUEST_LINE:
            self.requestline = self.request_version = self.command = ""
            self.send_error(http.HTTPStatus.REQUEST_URI_TOO_LONG)
        elif not self.raw_requestline:
            self.close_connection = True
        elif self.parse_request():
            self._serve()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """http.server's refusals of a malformed request line or headers, answered as JSON."""
        # Only a request line that parsed sets the method; its headers are never read by now.
        method = self.command or ""
        path = self.path if method else ""
        text = message or _phrase(code)
        reply = self.server.fake._refuse(method, path, httpx.Headers(), b"", code, f"{text}.")
        self._write(reply)

    def _serve(self) -> None:
        fake = self.server.fake
        # http.client decoded the header bytes as Latin-1: encoding back the same way keeps them.
        headers = httpx.Headers(list(self.headers.items()), encoding="iso-8859-1")
        try:
            body = self._read_body()
        except _BodyTooLarge:
            message = f"The request body is larger than {MAX_BODY_BYTES} bytes."
            reply = fake._refuse(self.command, self.path, headers, b"", 413, message)
        except ValueError as malformed:
            message = f"The request body cannot be read: {malformed}."
            reply = fake._refuse(self.command, self.path, headers, b"", 400, message)
        else:
            reply = fake._respond(self.command, self.path, headers, body)

        if reply.status is None:
            self._drop()
        else:
            self._write(reply)

    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return self._read_chunked()
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            raise ValueError("the Content-Length is not a number") from None
        if length < 0:
            raise ValueError("the Content-Length is negative")
        if length > MAX_BODY_BYTES:
            raise _BodyTooLarge
        return self.rfile.read(length)

    def _read_chunked(self) -> bytes:
        chunks: list[bytes] = []
        total = 0
        while True:
            line = self.rfile.readline(1024)
            try:
                size = int(line.split(b";", 1)[0].strip(), 16)
            except ValueError:
                raise ValueError("a chunk size is not a hexadecimal number") from None
            if size < 0:
                # rfile.read(-1) would wait for the client to close the connection.
                raise ValueError("a chunk size is negative")
            if size == 0:
                while self.rfile.readline(1024).strip():
                    pass  # trailers carry nothing the fake needs
                return b"".join(chunks)
            total += size
            if total > MAX_BODY_BYTES:
                raise _BodyTooLarge
            chunks.append(self.rfile.read(size))
            self.rfile.readline(8)

    def _write(self, reply: _Reply) -> None:
        assert reply.status is not None
        bodiless = reply.status < 200 or reply.status in BODILESS_STATUSES
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        if not bodiless:
            self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        if self.command != "HEAD" and not bodiless and reply.body:
            self.wfile.write(reply.body)

    def _drop(self) -> None:
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)
