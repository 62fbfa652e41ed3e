"""Access tokens: where they come from and how they get onto each request without leaking."""

from __future__ import annotations

import ipaddress
import logging
import re
import threading
from collections import OrderedDict
from collections.abc import AsyncGenerator, Callable, Generator, Iterator
from contextlib import contextmanager
from typing import TypeAlias

import httpx

from ._constants import ENV_ACCESS_TOKEN
from ._exceptions import ConfigurationError

__all__ = [
    "BearerTokenAuth",
    "RefreshingAuth",
    "TokenSource",
    "check_token",
    "install_log_redaction",
    "is_loopback",
    "redact_secrets",
    "remember_secret",
    "token_exchange",
]

log = logging.getLogger("contextcapture")

TokenSource: TypeAlias = str | Callable[[], str] | httpx.Auth

# RFC 6750 token68 characters; anything else (spaces, newlines, non-ASCII) would corrupt the header.
_TOKEN68 = re.compile(r"[A-Za-z0-9\-._~+/]+=*")


def check_token(token: object, origin: str) -> str:
    """The bare token, or a ConfigurationError that names where it came from but never shows it."""
    if not isinstance(token, str):
        raise ConfigurationError(f"{origin} must be a string, not {type(token).__name__}")
    token = token.strip()
    # People paste whole header values; accept them rather than sending "Bearer Bearer ...".
    if token[:7].lower() == "bearer ":
        token = token[7:].strip()
    if not token or token.lower() == "bearer":
        raise ConfigurationError(
            f"{origin} is empty: pass token=... or set the {ENV_ACCESS_TOKEN} environment variable"
        )
    if not _TOKEN68.fullmatch(token):
        raise ConfigurationError(
            f"{origin} contains characters an access token cannot have (spaces, line breaks or "
            "non-ASCII); check that it was copied whole and alone"
        )
    remember_secret(token)
    return token


def is_loopback(host: str) -> bool:
    """Whether `host` names this machine, where plain http exposes nothing to the network."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class RefreshingAuth(httpx.Auth):
    """
    Sends `Authorization: Bearer <token>`; on a 401, asks for another token and resends once.

    Subclasses say where tokens come from. A second 401, or a source that cannot offer a token
    other than the refused one, ends the flow with that 401: never a loop.
    """

    def current_token(self) -> str:
        """The token to send now."""
        raise NotImplementedError

    def refreshed_token(self, refused: str) -> str | None:
        """A token to try instead of `refused`, or None when this source cannot offer another."""
        return None

    async def async_current_token(self) -> str:
        return self.current_token()

    async def async_refreshed_token(self, refused: str) -> str | None:
        return self.refreshed_token(refused)

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        token = self.current_token()
        response = yield _authorized(request, token)
        if response.status_code != httpx.codes.UNAUTHORIZED:
            return

        fresh = self.refreshed_token(token)
        if fresh is not None and fresh != token:
            _log_refresh(request)
            yield _authorized(request, fresh)

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        token = await self.async_current_token()
        response = yield _authorized(request, token)
        if response.status_code != httpx.codes.UNAUTHORIZED:
            return

        fresh = await self.async_refreshed_token(token)
        if fresh is not None and fresh != token:
            _log_refresh(request)
            yield _authorized(request, fresh)


class BearerTokenAuth(RefreshingAuth):
    """
    Sends a fixed token, or asks a callable for the token on every request.

    A plain string cannot be refreshed. After a 401, a callable is asked again (or its `refresh()`
    is called, if it has one, so that a caching provider can learn that its token was refused),
    and the request is resent once if the answer is a different token.
    """

    def __init__(self, token: str | Callable[[], str]) -> None:
        if isinstance(token, str):
            self._static: str | None = check_token(token, "token")
            self._source: Callable[[], str] | None = None
        else:
            self._static = None
            self._source = token

    def current_token(self) -> str:
        if self._static is not None:
            return self._static
        assert self._source is not None
        return check_token(self._source(), "the token callable's result")

    def refreshed_token(self, refused: str) -> str | None:
        if self._source is None:
            return None
        refresh = getattr(self._source, "refresh", None)
        fresh = refresh() if callable(refresh) else self._source()
        return check_token(fresh, "the token callable's result")

    def __repr__(self) -> str:
        return f"{type(self).__name__}(token=<hidden>)"


def _authorized(request: httpx.Request, token: str) -> httpx.Request:
    request.headers["Authorization"] = f"Bearer {token}"
    return request


def _log_refresh(request: httpx.Request) -> None:
    log.info(
        "%s %s was refused with 401; sending it once more with a new token",
        request.method,
        request.url.path,
    )


# --- keeping credentials out of log records ----------------------------------------------------

_REDACTED = "[redacted]"
# Credentials in the shapes they take on the wire: header values, JSON members, form fields.
_CREDENTIAL_PATTERNS = (
    re.compile(r"(?i)\b(bearer|basic)(\s+)[A-Za-z0-9\-._~+/]+=*"),
    re.compile(
        r"(?i)(\b(?:access_token|refresh_token|id_token|client_secret)[\"']?\s*[:=]\s*[\"']?)"
        r"[^\"'&\s,;}]+"
    ),
)
# The oldest go first; a process sees about one new token an hour, so this holds days of them.
_MAX_REMEMBERED = 256
_remembered: OrderedDict[str, None] = OrderedDict()
_remembered_lock = threading.Lock()


def remember_secret(value: str) -> None:
    """Have `value` (a token or a client secret) replaced in every record the filter sees."""
    # Short values would blank out ordinary words of unrelated messages.
    if len(value) < 8:
        return
    with _remembered_lock:
        _remembered[value] = None
        _remembered.move_to_end(value)
        while len(_remembered) > _MAX_REMEMBERED:
            _remembered.popitem(last=False)


def redact_secrets(text: str) -> str:
    """`text` with credentials replaced: any bearer/basic value and every remembered secret."""
    text = _CREDENTIAL_PATTERNS[0].sub(rf"\1\2{_REDACTED}", text)
    text = _CREDENTIAL_PATTERNS[1].sub(rf"\1{_REDACTED}", text)
    with _remembered_lock:
        secrets = list(_remembered)
    for secret in secrets:
        if secret in text:
            text = text.replace(secret, _REDACTED)
    return text


# Set while this thread exchanges a client secret for a token: the answer's headers could carry
# the new token before anything knows it is one.
_exchanging = threading.local()


@contextmanager
def token_exchange() -> Iterator[None]:
    """Withhold what httpcore logs of the answers received in this block (their headers)."""
    _exchanging.active = True
    try:
        yield
    finally:
        _exchanging.active = False


class _RedactingFilter(logging.Filter):
    """Rewrites a record whose message would show a credential; drops nothing."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is the logging module's problem, not ours
            return True
        redacted = redact_secrets(message)
        if getattr(_exchanging, "active", False) and record.name.startswith("httpcore"):
            redacted = redacted.partition(" return_value=")[0]
        if redacted != message:
            record.msg = redacted
            record.args = None
        return True


# httpcore logs every response's headers at DEBUG, and a server may echo a credential in one.
# A logger's filters apply only to records logged on that very logger, hence the full list.
_FILTERED_LOGGERS = (
    "contextcapture",
    "httpx",
    "httpcore",
    "httpcore.connection",
    "httpcore.http11",
    "httpcore.http2",
    "httpcore.proxy",
    "httpcore.socks",
)
_FILTER = _RedactingFilter()


def install_log_redaction() -> None:
    """Put the redacting filter on the HTTP stack's loggers; doing it again changes nothing."""
    for name in _FILTERED_LOGGERS:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
