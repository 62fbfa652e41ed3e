"""What the sync and async clients share: settings, building requests, reading responses."""

from __future__ import annotations

import json
import logging
import math
import os
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import httpx

from ._auth import BearerTokenAuth, TokenSource, check_token, install_log_redaction, is_loopback
from ._constants import (
    DEFAULT_BASE_URL,
    ENV_ACCESS_TOKEN,
    ENV_BASE_URL,
    ENV_CLIENT_ID,
    ENV_CLIENT_SECRET,
    VENDOR_MEDIA_TYPE,
)
from ._exceptions import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    ConfigurationError,
    ContextCaptureError,
    InvalidResponseError,
    body_excerpt,
    error_from_response,
    redact,
)
from ._oauth import ClientCredentials
from ._version import __version__

__all__ = [
    "NOT_GIVEN",
    "BaseClient",
    "NotGiven",
    "Parser",
    "TimeoutTypes",
    "follows_redirects",
    "handle_response",
    "json_body",
    "log_retry",
    "no_body",
    "require_id",
    "resolve_auth",
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
    if url.userinfo:
        # It would be sent to the service and shown in reprs and messages; the API takes tokens.
        raise ConfigurationError(
            "base_url must not carry a user name or password (argument base_url or "
            f"{ENV_BASE_URL}); authenticate with token=... instead"
        )
    if url.scheme not in ("http", "https") or not url.host:
        raise ConfigurationError(
            f"base_url {base_url!r} must be an absolute http(s) URL (argument base_url or "
            f"{ENV_BASE_URL})"
        )
    if url.scheme == "http" and not allow_insecure_http and not is_loopback(url.host):
        raise ConfigurationError(
            f"base_url {base_url!r} (argument base_url or {ENV_BASE_URL}) would send the access "
            "token unencrypted; use https, a loopback address, or pass allow_insecure_http=True "
            "(--allow-insecure-http on the command line)"
        )
    if url.query or url.fragment:
        raise ConfigurationError(f"base_url {base_url!r} must not carry a query or fragment")
    return str(url).rstrip("/")


def resolve_auth(token: TokenSource | None, *, allow_insecure_http: bool = False) -> httpx.Auth:
    """
    Turn the `token` argument into an httpx.Auth. When it is None: ITWIN_ACCESS_TOKEN, else client
    credentials from ITWIN_CLIENT_ID and ITWIN_CLIENT_SECRET.
    """
    if token is None:
        from_environment = os.environ.get(ENV_ACCESS_TOKEN, "")
        if from_environment.strip():
            return BearerTokenAuth(check_token(from_environment, ENV_ACCESS_TOKEN))
        credentials = ClientCredentials.from_environment(allow_insecure_http=allow_insecure_http)
        if credentials is None:
            raise ConfigurationError(
                f"No access token: pass token=... to the client, or set {ENV_ACCESS_TOKEN}, or "
                f"{ENV_CLIENT_ID} and {ENV_CLIENT_SECRET} for a service application"
            )
        return credentials
    if isinstance(token, httpx.Auth):
        return token
    if isinstance(token, str) or callable(token):
        return BearerTokenAuth(token)
    raise ConfigurationError(
        "token must be a string, a zero-argument callable returning one, or an httpx.Auth "
        f"(such as ClientCredentials); got {type(token).__name__}"
    )


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
        install_log_redaction()
        self._auth = resolve_auth(token, allow_insecure_http=allow_insecure_http)
        self.base_url = resolve_base_url(base_url, allow_insecure_http=allow_insecure_http)
        self.timeout = checked_timeout(timeout)
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
        try:
            return http.build_request(
                kwargs["method"].upper(),
                self.base_url + kwargs["url"],
                params=kwargs.get("params"),
                json=kwargs.get("json"),
                headers=headers,
                timeout=self.timeout if isinstance(timeout, NotGiven) else checked_timeout(timeout),
            )
        # Raised while encoding: a value JSON cannot carry (NaN, infinity, an object of another
        # type) or a URL httpx refuses (an id of tens of thousands of characters).
        except (TypeError, ValueError, httpx.InvalidURL) as exc:
            raise ConfigurationError(
                f"cannot send {kwargs['method'].upper()} {kwargs['url'][:80]}: {exc}"
            ) from exc

    def _check_open(self, http: httpx.Client | httpx.AsyncClient) -> None:
        if http.is_closed:
            raise ConfigurationError(
                f"this {type(self).__name__} (or its http_client) is closed; create a new one"
            )

    def _max_retries(self, max_retries: int | NotGiven) -> int:
        return (
            self.max_retries if isinstance(max_retries, NotGiven) else _checked_retries(max_retries)
        )


def checked_timeout(value: object) -> TimeoutTypes:
    """A timeout argument: seconds (> 0), an httpx.Timeout, or None for no limit."""
    if value is None or isinstance(value, httpx.Timeout):
        return value
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ConfigurationError(
            f"timeout must be a number of seconds, an httpx.Timeout or None, got {value!r}"
        )
    if value <= 0:
        raise ConfigurationError(f"timeout must be more than 0 seconds, got {value!r}")
    return float(value)


def _checked_retries(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ConfigurationError(f"max_retries must be a whole number >= 0, got {value!r}")
    return value


def follows_redirects(method: str) -> bool:
    """
    Whether a redirect answer to a request with this method is followed.

    Only for GET: httpx turns a POST, PATCH or DELETE redirected with 301/302/303 into a GET,
    which would then look like a success although nothing was created, changed or deleted.
    When a redirect leaves the origin, httpx drops the Authorization header.
    """
    return method == "GET"


def transport_error(exc: httpx.HTTPError, request: httpx.Request) -> APIConnectionError:
    """The library's exception for an httpx failure that produced no response."""
    what = f"{request.method} {request.url.path}"
    if isinstance(exc, httpx.TooManyRedirects):
        looped = APIConnectionError(f"{what} was redirected too many times", request=request)
        return _forget_credentials(looped, request)
    # Only these fail before a byte of the request is written, so only they are safe to replay
    # for a POST or PATCH.
    sent = not isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout)
    if isinstance(exc, httpx.TimeoutException):
        timed_out = APITimeoutError(
            f"{what} timed out ({type(exc).__name__})", request=request, request_sent=sent
        )
        return _forget_credentials(timed_out, request)
    detail = str(exc) or type(exc).__name__
    error = APIConnectionError(f"{what} failed: {detail}", request=request, request_sent=sent)
    return _forget_credentials(error, request)


def json_body(build: Callable[[Mapping[str, Any]], T]) -> Parser[T]:
    """A parser for a JSON-object body, built into a model by a generated `from_dict`."""

    def parse(response: httpx.Response) -> T:
        payload = _json_without_nulls(response.content)
        if not isinstance(payload, dict):
            raise TypeError(f"expected a JSON object, got {type(payload).__name__}")
        return build(payload)

    return parse


def _json_without_nulls(content: bytes) -> Any:
    """
    The JSON body, parsed, with null object members removed.

    The service sends `null` for properties it has no value for; the generated models expect an
    optional property to be absent instead, and would fail on `null`. A required property that
    is null still fails, as missing.
    """
    # A body without any null skips the dropping, and the plain parser is about twice as fast.
    # A UTF-16 or UTF-32 body (a NUL among its first bytes) would not spell null as these
    # bytes, so it always takes the dropping parser.
    if b"null" not in content and b"\x00" not in content[:4]:
        return json.loads(content)
    return json.loads(content, object_pairs_hook=_object_without_nulls)


def _object_without_nulls(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # dict() first, so that a repeated key keeps its last value, as in a plain parse.
    return {key: value for key, value in dict(pairs).items() if value is not None}


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
    if response.is_redirect:
        raise _forget_credentials(_redirect_error(response), response.request)
    if not response.is_success:
        raise _forget_credentials(error_from_response(response), response.request)
    try:
        return parse(response)
    # The generated models signal a body that does not fit the schema with these; a JSON body
    # nested deeper than the parser's stack raises RecursionError.
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        # The parser's message may quote the body, so it is redacted like the excerpt.
        problem = redact(f"{type(exc).__name__}: {exc}", response)
        error = InvalidResponseError(
            f"HTTP {response.status_code} from {response.request.method} "
            f"{response.request.url.path} has a body the API spec does not allow "
            f"({problem}): {body_excerpt(response) or '(empty body)'}",
            response=response,
        )
        raise _forget_credentials(error, response.request) from exc


E = TypeVar("E", bound=ContextCaptureError)


def _forget_credentials(error: E, request: httpx.Request) -> E:
    """
    Mask the Authorization header of the request an error keeps (as `error.response.request`
    or `error.request`), so that an error logged, pickled or sent elsewhere carries no token.
    The message was already built; a retry sends the request through the auth flow again,
    which sets the header anew.
    """
    if "authorization" in request.headers:
        request.headers["Authorization"] = "[redacted]"
    return error


def _redirect_error(response: httpx.Response) -> APIError:
    method = response.request.method
    location = "an unusable location"
    if "location" not in response.headers:
        location = "nowhere (the answer has no Location header)"
    else:
        try:
            # Without its query: a signed URL's signature is a credential too.
            target = httpx.URL(response.headers["location"]).copy_with(query=None, fragment=None)
            location = str(response.request.url.join(target))
        except (httpx.InvalidURL, ValueError, TypeError):
            pass
    return APIError(
        f"HTTP {response.status_code} {response.reason_phrase}: {method} "
        f"{response.request.url.path} was redirected to {location}; only GET requests follow "
        f"redirects, so that a {method} is never sent anywhere else or turned into a GET",
        response=response,
    )


def log_retry(
    request: httpx.Request, error: ContextCaptureError, attempt: int, wait: float
) -> None:
    # A status, or what went wrong on the network (ReadTimeout, ConnectError, ...).
    status = getattr(error, "status_code", None) or type(error.__cause__ or error).__name__
    log.warning(
        "retrying %s %s after %s (attempt %d) in %.2fs",
        request.method,
        request.url.path,
        status,
        attempt,
        wait,
    )
