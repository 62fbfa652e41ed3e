"""
Stand-ins on loopback for the two services a client talks to: Bentley IMS's token endpoint and
the ContextCapture API, both real HTTP servers (see servers.py) that count what they receive.
"""

from __future__ import annotations

import base64
import itertools
import secrets
import threading
from collections import deque
from collections.abc import Callable
from types import TracebackType
from typing import Self
from urllib.parse import parse_qs, unquote_plus

from tests.resilience.operations import OPERATIONS, Operation
from tests.resilience.servers import Answer, HTTPServer, Received, Reply

CLIENT_ID = "resilience-test-app"
# "+", "/", ":" and "%" exercise the form-encoding RFC 6749 asks for in HTTP Basic client auth;
# long and distinctive so that a leak is found by a plain substring search.
CLIENT_SECRET = "s3cr3t+/:%41-client-secret-9f8e7d6c5b4a"
TOKEN_PATH = "/connect/token"


class TokenEndpoint:
    """
    An OAuth2 token endpoint for the client-credentials grant, decoding HTTP Basic client auth the
    way IdentityServer does. Every token it issues is new and recorded in `issued`.
    """

    def __init__(
        self,
        *,
        client_id: str = CLIENT_ID,
        client_secret: str = CLIENT_SECRET,
        expires_in: object = 3600,
        delay: float = 0.0,
        echo: bool = False,
    ) -> None:
        self.client_id = client_id
        self.client_secret = client_secret
        self.expires_in = expires_in
        # Seconds to take before answering, to widen the window in which threads race.
        self.delay = delay
        # A careless endpoint: echo the credentials it was sent in response headers.
        self.echo = echo
        self.issued: list[str] = []
        self.scopes_asked: list[str] = []
        # Replies served (first in, first out) before the endpoint behaves again.
        self.planned: deque[Reply] = deque()
        self._counter = itertools.count(1)
        self._lock = threading.Lock()
        self._server = HTTPServer(self._answer)

    @property
    def token_url(self) -> str:
        return self._server.url + TOKEN_PATH

    @property
    def calls(self) -> int:
        return len(self._server.received)

    @property
    def received(self) -> list[Received]:
        return self._server.received

    def __enter__(self) -> Self:
        self._server.__enter__()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._server.__exit__(exc_type, exc, tb)

    def _answer(self, request: Received) -> Reply:
        if self.delay:
            threading.Event().wait(self.delay)
        with self._lock:
            if self.planned:
                return self.planned.popleft()
        if request.method != "POST" or request.path != TOKEN_PATH:
            return Reply(404, {"error": "not_found"})
        if not self._authenticated(request.headers.get("authorization", "")):
            return Reply(400, {"error": "invalid_client"})
        form = parse_qs(request.body.decode())
        if form.get("grant_type") != ["client_credentials"]:
            return Reply(400, {"error": "unsupported_grant_type"})
        scope = form.get("scope", [""])[0]
        with self._lock:
            token = f"issued-token-{next(self._counter)}-{secrets.token_hex(8)}"
            self.issued.append(token)
            self.scopes_asked.append(scope)
        headers = {}
        if self.echo:
            headers = {
                "X-Echo-Authorization": request.headers["authorization"],
                "X-Echo-Secret": self.client_secret,
                "X-Echo-Token": token,
            }
        return Reply(
            200,
            {
                "access_token": token,
                "expires_in": self.expires_in,
                "token_type": "Bearer",
                "scope": scope,
            },
            headers,
        )

    def _authenticated(self, authorization: str) -> bool:
        scheme, _, encoded = authorization.partition(" ")
        if scheme.lower() != "basic":
            return False
        pair = base64.b64decode(encoded).decode()
        client_id, _, client_secret = pair.partition(":")
        return (unquote_plus(client_id), unquote_plus(client_secret)) == (
            self.client_id,
            self.client_secret,
        )


class API:
    """
    The ContextCapture API: every operation answers its documented success to a bearer token
    that `accepts`, 401 otherwise. `plan(op, reply)` queues replies served before the success.
    """

    def __init__(self, accepts: Callable[[str], bool], *, echo: bool = False) -> None:
        self.accepts = accepts
        # A careless service: echo the Authorization header it was sent in every answer.
        self.echo = echo
        self._planned: dict[tuple[str, str], deque[Reply | Answer]] = {}
        self._lock = threading.Lock()
        self._server = HTTPServer(self._answer)

    @property
    def url(self) -> str:
        return self._server.url

    @property
    def received(self) -> list[Received]:
        return self._server.received

    def plan(self, operation: Operation, *replies: Reply | Answer) -> None:
        """Serve these first (a function is called with the request) at the operation's route."""
        with self._lock:
            key = (operation.method, operation.path)
            self._planned.setdefault(key, deque()).extend(replies)

    def __enter__(self) -> Self:
        self._server.__enter__()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._server.__exit__(exc_type, exc, tb)

    def _answer(self, request: Received) -> Reply:
        reply = self._reply(request)
        if self.echo:
            reply.headers = {**reply.headers, "X-Echo": request.headers.get("authorization", "")}
        return reply

    def _reply(self, request: Received) -> Reply:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not self.accepts(token):
            return Reply(401, {"error": {"code": "InvalidToken", "message": "Access denied."}})
        with self._lock:
            planned = self._planned.get((request.method, request.path))
            reply = planned.popleft() if planned else None
        if reply is not None:
            return reply if isinstance(reply, Reply) else reply(request)
        for operation in OPERATIONS:
            if (operation.method, operation.path) == (request.method, request.path):
                return Reply(operation.status, operation.payload() or None)
        return Reply(404, {"error": {"code": "NotFound", "message": "No such route."}})
