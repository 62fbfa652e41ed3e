"""
OAuth2 client credentials for service applications: tokens from Bentley IMS, cached and shared.

    from contextcapture import ClientCredentials, ContextCapture

    credentials = ClientCredentials("my-service-app", secret)  # scope itwin-platform, IMS
    with ContextCapture(token=credentials) as cc:
        ...

The token request itself (form body, client authentication, reading the answer) is Authlib's
`OAuth2Client`, driven through a small adapter that sends with httpx. This module adds what a
long-running service needs around it: one cached token shared by every thread, replaced shortly
before it expires or when the API refuses it, and failures reported as this library's exceptions
without the secret in them.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote_plus, urlencode

import httpx

from . import _timing
from ._auth import (
    RefreshingAuth,
    check_token,
    install_log_redaction,
    is_loopback,
    redact_secrets,
    remember_secret,
    token_exchange,
)
from ._constants import (
    DEFAULT_SCOPES,
    DEFAULT_TOKEN_TIMEOUT,
    DEFAULT_TOKEN_URL,
    ENV_CLIENT_ID,
    ENV_CLIENT_SECRET,
    ENV_SCOPES,
    ENV_TOKEN_URL,
    TOKEN_EXPIRY_MARGIN,
)
from ._exceptions import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    AuthenticationError,
    ConfigurationError,
    ContextCaptureError,
    InvalidResponseError,
    RateLimitError,
    ServerError,
    body_excerpt,
)

__all__ = ["ClientCredentials"]

log = logging.getLogger("contextcapture")

_CLIENT_SECRET_BASIC = "client_secret_basic"


@dataclass(frozen=True)
class _CachedToken:
    value: str
    # The monotonic time after which the token is replaced; None: until the API refuses it.
    replace_at: float | None

    def usable(self, now: float) -> bool:
        return self.replace_at is None or now < self.replace_at


class ClientCredentials(RefreshingAuth):
    """
    An `httpx.Auth` that gets tokens with the OAuth2 client-credentials grant and caches them.

    `scopes` is a list of scopes or one space-separated string. `token_url` must be https unless
    its host is loopback (or `allow_insecure_http=True`). `http_client` is an `httpx.Client` to
    reach the token endpoint through (proxies, TLS settings); it is not closed here. One instance
    may be shared by many clients and threads: they share one token and fetch it once.

    The token is kept until shortly before it expires (60 s, or half its lifetime if that is
    shorter); when the API answers 401 it is fetched anew once and the request resent.
    """

    def __init__(
        self,
        client_id: str,
        client_secret: str,
        *,
        scopes: Iterable[str] | str = DEFAULT_SCOPES,
        token_url: str = DEFAULT_TOKEN_URL,
        timeout: float | httpx.Timeout | None = DEFAULT_TOKEN_TIMEOUT,
        http_client: httpx.Client | None = None,
        allow_insecure_http: bool = False,
    ) -> None:
        self.client_id = _required_text(client_id, "client_id", ENV_CLIENT_ID)
        self._client_secret = _required_text(client_secret, "client_secret", ENV_CLIENT_SECRET)
        remember_secret(self._client_secret)
        install_log_redaction()
        self.scopes = _checked_scopes(scopes)
        self.token_url = _checked_token_url(token_url, allow_insecure_http=allow_insecure_http)
        if http_client is not None and not isinstance(http_client, httpx.Client):
            raise ConfigurationError("http_client must be an httpx.Client")
        self._timeout = timeout
        self._http_client = http_client
        self._cached: _CachedToken | None = None
        # Held while fetching, so that threads needing a token at the same time fetch it once.
        self._lock = threading.Lock()

    @classmethod
    def from_environment(cls, *, allow_insecure_http: bool = False) -> ClientCredentials | None:
        """
        Credentials from ITWIN_CLIENT_ID and ITWIN_CLIENT_SECRET (scopes from ITWIN_SCOPES,
        space-separated, token URL from ITWIN_TOKEN_URL), or None when neither is set.
        """
        client_id = os.environ.get(ENV_CLIENT_ID, "").strip()
        client_secret = os.environ.get(ENV_CLIENT_SECRET, "").strip()
        if not client_id and not client_secret:
            return None
        if not client_id or not client_secret:
            missing = ENV_CLIENT_ID if not client_id else ENV_CLIENT_SECRET
            present = ENV_CLIENT_SECRET if not client_id else ENV_CLIENT_ID
            raise ConfigurationError(f"{present} is set but {missing} is not; set both or neither")
        return cls(
            client_id,
            client_secret,
            scopes=os.environ.get(ENV_SCOPES, "").strip() or DEFAULT_SCOPES,
            token_url=os.environ.get(ENV_TOKEN_URL, "").strip() or DEFAULT_TOKEN_URL,
            allow_insecure_http=allow_insecure_http,
        )

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(client_id={self.client_id!r}, scopes={self.scopes!r}, "
            f"token_url={self.token_url!r})"
        )

    # --- the token, cached ------------------------------------------------------------------------

    def current_token(self) -> str:
        """The cached token; a new one when none is cached or it is about to expire."""
        cached = self._cached
        if cached is not None and cached.usable(_timing.monotonic()):
            return cached.value
        with self._lock:
            # Another thread may have fetched one while this one waited for the lock.
            cached = self._cached
            if cached is not None and cached.usable(_timing.monotonic()):
                return cached.value
            return self._fetch()

    def refreshed_token(self, refused: str) -> str:
        """A new token after the API refused `refused`, unless another request already got one."""
        with self._lock:
            cached = self._cached
            now = _timing.monotonic()
            if cached is not None and cached.value != refused and cached.usable(now):
                return cached.value
            return self._fetch()

    async def async_current_token(self) -> str:
        cached = self._cached
        if cached is not None and cached.usable(_timing.monotonic()):
            return cached.value
        # The fetch runs in a worker thread so that one lock serves threads and event loops alike
        # and the loop is not blocked; it happens about once an hour.
        return await _timing.to_thread(self.current_token)

    async def async_refreshed_token(self, refused: str) -> str:
        return await _timing.to_thread(self.refreshed_token, refused)

    # --- talking to the token endpoint ------------------------------------------------------------

    def _fetch(self) -> str:
        """Get a token from the endpoint and cache it; the caller holds the lock."""
        # The lifetime runs from when the endpoint issued the token, which is before it arrived.
        requested_at = _timing.monotonic()
        # Imported here: only services that use client credentials pay for loading Authlib.
        from authlib.oauth2.client import OAuth2Client  # type: ignore[import-untyped]

        with self._http() as http, token_exchange():
            endpoint = _TokenEndpoint(http, self._timeout)
            oauth = OAuth2Client(
                endpoint,
                client_id=self.client_id,
                client_secret=self._client_secret,
                token_endpoint_auth_method=_CLIENT_SECRET_BASIC,
                scope=" ".join(self.scopes),
            )
            oauth.register_client_auth_method((_CLIENT_SECRET_BASIC, _client_secret_basic))
            try:
                token = oauth.fetch_token(
                    self.token_url,
                    grant_type="client_credentials",
                    headers={"Accept": "application/json"},
                )
            except httpx.HTTPError as exc:
                if endpoint.response is None:
                    raise self._transport_error(exc) from exc
                raise self._refusal(endpoint.response) from None
            # Authlib signals an error answer (and a few malformed ones) with its own exceptions;
            # the response says more than they do, and without the secret.
            except Exception:
                if endpoint.response is None:
                    raise
                raise self._refusal(endpoint.response) from None

        assert endpoint.response is not None
        value, lifetime = self._accepted(token, endpoint.response)
        replace_at = None
        if lifetime is not None:
            replace_at = requested_at + lifetime - min(TOKEN_EXPIRY_MARGIN, lifetime / 2)
        self._cached = _CachedToken(value, replace_at)
        log.debug(
            "got an access token from %s (expires in %s s)",
            self.token_url,
            "?" if lifetime is None else f"{lifetime:.0f}",
        )
        return value

    @contextmanager
    def _http(self) -> Iterator[httpx.Client]:
        if self._http_client is not None:
            yield self._http_client
            return
        # A fresh client per fetch: fetches are an hour apart, and nothing is left open between.
        with httpx.Client(timeout=self._timeout) as http:
            yield http

    def _accepted(
        self, token: Mapping[str, Any], response: httpx.Response
    ) -> tuple[str, float | None]:
        """The access token and its lifetime in seconds from a success answer, checked."""
        token_type = token.get("token_type")
        if isinstance(token_type, str) and token_type.lower() != "bearer":
            raise self._invalid(response, f"a {token_type!r} token, not a bearer token")
        try:
            value = check_token(token.get("access_token"), "access_token")
        except ConfigurationError:
            raise self._invalid(response, "no usable access_token") from None

        lifetime = token.get("expires_in")
        if isinstance(lifetime, bool) or not isinstance(lifetime, int | float) or lifetime <= 0:
            # Without a lifetime the token is kept until the API refuses it (then refreshed).
            return value, None
        return value, float(lifetime)

    def _invalid(self, response: httpx.Response, problem: str) -> InvalidResponseError:
        return InvalidResponseError(
            f"the token endpoint {self.token_url} answered HTTP {response.status_code} with "
            f"{problem}: {self._redacted(body_excerpt(response)) or '(empty body)'}",
            response=response,
        )

    def _refusal(self, response: httpx.Response) -> ContextCaptureError:
        """The exception for a token endpoint answer that gave no token."""
        status = response.status_code
        if response.is_success:
            return self._invalid(response, "no usable access token")

        code, description = _oauth_error(response)
        if description is None:
            description = body_excerpt(response) or "(empty body)"
        description = self._redacted(description)
        code = None if code is None else self._redacted(code)
        where = f"the token endpoint {self.token_url}"

        if status in (400, 401, 403):
            # RFC 6749 §5.2: invalid_client, invalid_scope and the like come back as 400 or 401.
            return AuthenticationError(
                f"{where} refused client {self.client_id!r}: {description} (check client_id and "
                f"client_secret, or {ENV_CLIENT_ID} and {ENV_CLIENT_SECRET}, and the scopes "
                f"{' '.join(self.scopes)!r})",
                response=response,
                code=code,
            )
        error_class: type[APIError] = APIError
        if status == 429:
            error_class = RateLimitError
        elif status >= 500:
            error_class = ServerError
        return error_class(f"{where} failed: {description}", response=response, code=code)

    def _transport_error(self, exc: httpx.HTTPError) -> APIConnectionError:
        what = f"getting an access token from {self.token_url}"
        # As for API requests: only these fail before a byte of the request is written.
        sent = not isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout)
        if isinstance(exc, httpx.TimeoutException):
            return APITimeoutError(f"{what} timed out ({type(exc).__name__})", request_sent=sent)
        detail = self._redacted(str(exc) or type(exc).__name__)
        return APIConnectionError(f"{what} failed: {detail}", request_sent=sent)

    def _redacted(self, text: str) -> str:
        return redact_secrets(text.replace(self._client_secret, "[redacted]"))


class _TokenEndpoint:
    """The `session` Authlib's OAuth2Client posts through: httpx, with the client auth applied."""

    def __init__(self, http: httpx.Client, timeout: float | httpx.Timeout | None) -> None:
        self._http = http
        self._timeout = timeout
        self.response: httpx.Response | None = None

    def post(
        self, url: str, data: Mapping[str, str], headers: Mapping[str, str], auth: Any, **_: Any
    ) -> httpx.Response:
        # Authlib may hand over a shared default dict; the credentials must not end up in it.
        body = urlencode(list(data.items()))
        url, prepared_headers, body = auth.prepare("POST", url, dict(headers), body)
        prepared_headers["Content-Type"] = "application/x-www-form-urlencoded"
        # A no-op auth keeps a caller's http_client from putting its own credentials on this one;
        # a redirect is not followed, so the client secret goes nowhere but the configured URL.
        self.response = self._http.post(
            url,
            content=body.encode("ascii"),
            headers=prepared_headers,
            timeout=self._timeout,
            auth=httpx.Auth(),
            follow_redirects=False,
        )
        return self.response


def _client_secret_basic(
    client: Any, method: str, uri: str, headers: dict[str, str], body: str
) -> tuple[str, dict[str, str], str]:
    # RFC 6749 §2.3.1: id and secret are form-encoded before Base64. IdentityServer-style
    # endpoints (IMS's /connect/token) decode them, so a "+" in a secret sent as-is would arrive
    # as a space; Authlib's built-in method skips the encoding.
    pair = f"{quote_plus(client.client_id)}:{quote_plus(client.client_secret)}"
    headers["Authorization"] = "Basic " + base64.b64encode(pair.encode("utf-8")).decode("ascii")
    return uri, headers, body


def _oauth_error(response: httpx.Response) -> tuple[str | None, str | None]:
    """`error` and `error_description` of an RFC 6749 error answer, if it is one."""
    try:
        payload = json.loads(response.content)
    except (ValueError, RecursionError):
        return None, None
    if not isinstance(payload, dict):
        return None, None
    code, description = payload.get("error"), payload.get("error_description")
    code = code if isinstance(code, str) and code else None
    description = description if isinstance(description, str) and description else None
    return code, description or code


def _required_text(value: object, argument: str, env_name: str) -> str:
    if not isinstance(value, str):
        raise ConfigurationError(f"{argument} must be a string, not {type(value).__name__}")
    value = value.strip()
    if not value:
        raise ConfigurationError(f"{argument} is empty: pass {argument}=... or set {env_name}")
    return value


def _checked_scopes(scopes: Iterable[str] | str) -> tuple[str, ...]:
    if isinstance(scopes, str):
        scopes = scopes.split()
    try:
        checked = tuple(scopes)
    except TypeError:
        raise ConfigurationError(
            f"scopes must be a list of scopes or a space-separated string, not "
            f"{type(scopes).__name__}"
        ) from None
    if not checked or not all(isinstance(s, str) and s and s.split() == [s] for s in checked):
        raise ConfigurationError(
            f"scopes must name at least one scope, each without spaces (argument scopes or "
            f"{ENV_SCOPES}), got {checked!r}"
        )
    return checked


def _checked_token_url(token_url: str, *, allow_insecure_http: bool) -> str:
    try:
        url = httpx.URL(token_url)
    except (httpx.InvalidURL, TypeError) as exc:
        raise ConfigurationError(f"token_url {token_url!r} is not a valid URL: {exc}") from None
    if url.scheme not in ("http", "https") or not url.host or url.fragment:
        raise ConfigurationError(
            f"token_url {token_url!r} must be an absolute http(s) URL without a fragment "
            f"(argument token_url or {ENV_TOKEN_URL})"
        )
    if url.scheme == "http" and not allow_insecure_http and not is_loopback(url.host):
        raise ConfigurationError(
            f"token_url {token_url!r} (argument token_url or {ENV_TOKEN_URL}) would send the "
            "client secret unencrypted; use https, a loopback address, or allow_insecure_http=True"
        )
    return str(url)
