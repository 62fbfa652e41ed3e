"""The clients: `ContextCapture` (blocking) and `AsyncContextCapture` (asyncio)."""

from __future__ import annotations

from types import TracebackType
from typing import Any, Self

import httpx

from . import _timing
from ._auth import TokenSource
from ._base import (
    NOT_GIVEN,
    BaseClient,
    NotGiven,
    Parser,
    T,
    TimeoutTypes,
    follows_redirects,
    handle_response,
    log_retry,
    transport_error,
)
from ._constants import DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT
from ._exceptions import APIConnectionError, APIError, ConfigurationError
from ._retry import retry_delay
from .resources import (
    AsyncJobs,
    AsyncLimits,
    AsyncUserAccessResource,
    AsyncWorkspaces,
    Jobs,
    Limits,
    UserAccessResource,
    Workspaces,
)

__all__ = ["AsyncContextCapture", "ContextCapture"]


class ContextCapture(BaseClient):
    """
    Client for the ContextCapture API v1.

        with ContextCapture() as cc:  # token from ITWIN_ACCESS_TOKEN
            workspace = cc.workspaces.create(name="Survey", itwin_id=itwin_id)

    `token` is an access token string, a zero-argument callable returning the current one, or an
    `httpx.Auth` such as `ClientCredentials(client_id, client_secret)` for a service application.
    When omitted, ITWIN_ACCESS_TOKEN is read, else ITWIN_CLIENT_ID and ITWIN_CLIENT_SECRET. A 401
    is answered by one retry with a refreshed token when the source can refresh. `base_url`
    defaults to CONTEXTCAPTURE_BASE_URL or https://api.bentley.com. `http_client` lets you bring
    your own `httpx.Client` (proxies, custom TLS); it is used for connections only and not closed
    by this client.
    """

    workspaces: Workspaces
    jobs: Jobs
    limits: Limits
    user_access: UserAccessResource

    def __init__(
        self,
        token: TokenSource | None = None,
        *,
        base_url: str | None = None,
        timeout: TimeoutTypes = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        http_client: httpx.Client | None = None,
        allow_insecure_http: bool = False,
    ) -> None:
        super().__init__(
            token,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            allow_insecure_http=allow_insecure_http,
        )
        if http_client is not None and not isinstance(http_client, httpx.Client):
            raise ConfigurationError(
                "http_client must be an httpx.Client (use AsyncContextCapture for async)"
            )
        self._owns_http = http_client is None
        self._http = http_client or httpx.Client(timeout=self.timeout)
        self.workspaces = Workspaces(self)
        self.jobs = Jobs(self)
        self.limits = Limits(self)
        self.user_access = UserAccessResource(self)

    def close(self) -> None:
        """Close the connection pool (unless it belongs to a caller-supplied http_client)."""
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _send(
        self,
        kwargs: dict[str, Any],
        parse: Parser[T],
        *,
        max_retries: int | NotGiven = NOT_GIVEN,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
    ) -> T:
        self._check_open(self._http)
        request = self._build_request(self._http, kwargs, timeout)
        retries_allowed = self._max_retries(max_retries)
        retries_done = 0
        while True:
            try:
                try:
                    response = self._http.send(
                        request, auth=self._auth, follow_redirects=follows_redirects(request.method)
                    )
                except httpx.HTTPError as exc:
                    raise transport_error(exc, request) from exc
                return handle_response(response, parse)
            except (APIError, APIConnectionError) as error:
                wait = retry_delay(request.method, error, retries_done, retries_allowed)
                if wait is None:
                    raise
                retries_done += 1
                log_retry(request, error, retries_done, wait)
                _timing.sleep(wait)


class AsyncContextCapture(BaseClient):
    """
    The asyncio twin of `ContextCapture`: same resources, arguments, results and errors.

        async with AsyncContextCapture() as cc:
            workspace = await cc.workspaces.get(workspace_id)
    """

    workspaces: AsyncWorkspaces
    jobs: AsyncJobs
    limits: AsyncLimits
    user_access: AsyncUserAccessResource

    def __init__(
        self,
        token: TokenSource | None = None,
        *,
        base_url: str | None = None,
        timeout: TimeoutTypes = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        http_client: httpx.AsyncClient | None = None,
        allow_insecure_http: bool = False,
    ) -> None:
        super().__init__(
            token,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            allow_insecure_http=allow_insecure_http,
        )
        if http_client is not None and not isinstance(http_client, httpx.AsyncClient):
            raise ConfigurationError(
                "http_client must be an httpx.AsyncClient (use ContextCapture for sync)"
            )
        self._owns_http = http_client is None
        self._http = http_client or httpx.AsyncClient(timeout=self.timeout)
        self.workspaces = AsyncWorkspaces(self)
        self.jobs = AsyncJobs(self)
        self.limits = AsyncLimits(self)
        self.user_access = AsyncUserAccessResource(self)

    async def close(self) -> None:
        """Close the connection pool (unless it belongs to a caller-supplied http_client)."""
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def _send(
        self,
        kwargs: dict[str, Any],
        parse: Parser[T],
        *,
        max_retries: int | NotGiven = NOT_GIVEN,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
    ) -> T:
        self._check_open(self._http)
        request = self._build_request(self._http, kwargs, timeout)
        retries_allowed = self._max_retries(max_retries)
        retries_done = 0
        while True:
            try:
                try:
                    response = await self._http.send(
                        request, auth=self._auth, follow_redirects=follows_redirects(request.method)
                    )
                except httpx.HTTPError as exc:
                    raise transport_error(exc, request) from exc
                return handle_response(response, parse)
            except (APIError, APIConnectionError) as error:
                wait = retry_delay(request.method, error, retries_done, retries_allowed)
                if wait is None:
                    raise
                retries_done += 1
                log_retry(request, error, retries_done, wait)
                await _timing.async_sleep(wait)
