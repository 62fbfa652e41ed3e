"""What the sync and async clients share: settings, building requests, reading responses."""

from __future__ import annotations

import ipaddress
import logging
import os
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import httpx

from ._auth import TokenSource, resolve_auth
from ._constants import (
    DEFAULT_BASE_URL,
    ENV_BASE_URL,
    VENDOR_MEDIA_TYPE,
)
from ._exceptions import (
    APIConnectionError,
    APITimeoutError,
    ConfigurationError,
    ContextCaptureError,
    InvalidResponseError,
    body_excerpt,
    error_from_response,
    redact,
)
from ._version import __version__

__all__ = [
    "NOT_GIVEN",
    "BaseClient",
    "NotGiven",
    "Parser",
    "TimeoutTypes",
    "handle_response",
    "json_body",
    "log_retry",
    "no_body",
    "require_id",
    "transport_error",
]

log = logging.getLogger("contextcapture")

T = TypeVar("T")
TimeoutTypes = float | httpx.Timeout | None
# Turns a success response into the value a resource method returns.
Parser = Callable[[httpx.Response], T]


class NotGiven:
    """Marks a per-call option that was not passed, as opposed to one passed as None."""

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN = NotGiven()


def require_id(value: object, name: str) -> str:
    """Check an id argument before it becomes part of a URL path."""
    if not isinstance(value, str):
        raise ConfigurationError(f"{name} must be a string, not {type(value).__name__}")
    value = value.strip()
    # "." and ".." would be resolved away by URL normalisation and reach another resource.
    if value in ("", ".", ".."):
        raise ConfigurationError(f"{name} must be a non-empty id, got {value!r}")
    return value


def resolve_base_url(base_url: str | None, *, allow_insecure_http: bool) -> str:
    """The base URL from the argument, CONTEXTCAPTURE_BASE_URL or the default, checked."""
    if base_url is None:
        base_url = os.environ.get(ENV_BASE_URL) or DEFAULT_BASE_URL
    try:
        url = httpx.URL(base_url)
    except (httpx.InvalidURL, TypeError) as exc:
        raise ConfigurationError(f"base_url {base_url!r} is not a valid URL: {exc}") from None
    if url.scheme not in ("http", "https") or not url.host:
        raise ConfigurationError(
            f"base_url {base_url!r} must be an absolute http(s) URL (argument base_url or "
            f"{ENV_BASE_URL})"
        )
    if url.scheme == "http" and not allow_insecure_http and not _is_loopback(url.host):
        raise ConfigurationError(
            f"base_url {base_url!r} (argument base_url or {ENV_BASE_URL}) would send the access "
            "token unencrypted; use https, a loopback address, or pass allow_insecure_http=True"
        )
    if url.query or url.fragment:
        raise ConfigurationError(f"base_url {base_url!r} must not carry a query or fragment")
    return str(url).rstrip("/")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class BaseClient:
    """Settings and the per-request steps that do not depend on sync or async I/O."""

    def __init__(
        self,
        token: TokenSource | None,
        *,
        base_url: str | None,
        timeout: TimeoutTypes,
        max_retries: int,
        allow_insecure_http: bool,
    ) -> None:
        self._auth = resolve_auth(token)
        self.base_url = resolve_base_url(base_url, allow_insecure_http=allow_insecure_http)
        self.timeout = timeout
        self.max_retries = _checked_retries(max_retries)
        self._headers = {
            "Accept": VENDOR_MEDIA_TYPE,
            "User-Agent": f"contextcapture-python/{__version__} httpx/{httpx.__version__}",
        }

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r})"

    def _build_request(
        self, http: httpx.Client | httpx.AsyncClient, kwargs: dict[str, Any], timeout: Any
    ) -> httpx.Request:
        """An httpx.Request from a generated operation's `_get_kwargs()` output."""
        headers = {**self._headers, **kwargs.get("headers", {})}
        return http.build_request(
            kwargs["method"].upper(),
            self.base_url + kwargs["url"],
            params=kwargs.get("params"),
            json=kwargs.get("json"),
            headers=headers,
            timeout=self.timeout if isinstance(timeout, NotGiven) else timeout,
        )

    def _max_retries(self, max_retries: int | NotGiven) -> int:
        return (
            self.max_retries if isinstance(max_retries, NotGiven) else _checked_retries(max_retries)
        )


def _checked_retries(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ConfigurationError(f"max_retries must be a whole number >= 0, got {value!r}")
    return value


def transport_error(exc: httpx.HTTPError, request: httpx.Request) -> APIConnectionError:
    """The library's exception for an httpx failure that produced no response."""
    what = f"{request.method} {request.url.path}"
    # Only these fail before a byte of the request is written, so only they are safe to replay
    # for a POST or PATCH.
    sent = not isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout)
    if isinstance(exc, httpx.TimeoutException):
        return APITimeoutError(
            f"{what} timed out ({type(exc).__name__})", request=request, request_sent=sent
        )
    detail = str(exc) or type(exc).__name__
    return APIConnectionError(f"{what} failed: {detail}", request=request, request_sent=sent)


def json_body(build: Callable[[Mapping[str, Any]], T]) -> Parser[T]:
    """A parser for a JSON-object body, built into a model by a generated `from_dict`."""

    def parse(response: httpx.Response) -> T:
        payload = response.json()
        if not isinstance(payload, dict):
            raise TypeError(f"expected a JSON object, got {type(payload).__name__}")
        return build(_without_nulls(payload))

    return parse


def _without_nulls(value: Any) -> Any:
    """
    The JSON value with null object members removed.

    The service sends `null` for properties it has no value for; the generated models expect an
    optional property to be absent instead, and would fail on `null`. A required property that
    is null still fails, as missing.
    """
    if isinstance(value, dict):
        return {key: _without_nulls(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [_without_nulls(item) for item in value]
    return value


def no_body(response: httpx.Response) -> None:
    """The parser for operations that answer 204 No Content."""
    return None


def handle_response(response: httpx.Response, parse: Parser[T]) -> T:
    """The parsed body of a success; raises the mapped error for a failure."""
    log.debug(
        "%s %s -> %d in %.3fs",
        response.request.method,
        response.request.url.path,
        response.status_code,
        response.elapsed.total_seconds(),
    )
    if not response.is_success:
        raise error_from_response(response)
    try:
        return parse(response)
    # The generated models signal a body that does not fit the schema with these.
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        # The parser's message may quote the body, so it is redacted like the excerpt.
        problem = redact(f"{type(exc).__name__}: {exc}", response)
        raise InvalidResponseError(
            f"HTTP {response.status_code} from {response.request.method} "
            f"{response.request.url.path} has a body the API spec does not allow "
            f"({problem}): {body_excerpt(response) or '(empty body)'}",
            response=response,
        ) from exc


def log_retry(
    request: httpx.Request, error: ContextCaptureError, attempt: int, wait: float
) -> None:
    status = getattr(error, "status_code", None) or type(error).__name__
    log.warning(
        "retrying %s %s after %s (attempt %d) in %.2fs",
        request.method,
        request.url.path,
        status,
        attempt,
        wait,
    )
