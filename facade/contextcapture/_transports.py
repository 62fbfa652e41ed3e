"""
Optional transports for `AsyncContextCapture`: aiohttp under httpx, for many concurrent calls.

    from contextcapture import AsyncContextCapture, aiohttp_http_client

    async with aiohttp_http_client() as http, AsyncContextCapture(http_client=http) as cc:
        workspaces = await asyncio.gather(*(cc.workspaces.get(id) for id in ids))

httpx's own asyncio transport spends noticeably more CPU per request than aiohttp's; with dozens
of requests in flight that CPU, not the network, sets the pace. `httpx-aiohttp` keeps httpx's
interface (auth, timeouts, the facade's retries and errors) and lets aiohttp move the bytes. It is
optional: `pip install contextcapture[aiohttp]`.
"""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator
from typing import Any

import httpx

from ._exceptions import ConfigurationError

__all__ = ["aiohttp_http_client"]

_INSTALL_HINT = (
    "the aiohttp transport needs the optional httpx-aiohttp package: "
    "pip install 'contextcapture[aiohttp]'"
)


def aiohttp_http_client(**kwargs: Any) -> httpx.AsyncClient:
    """
    An `httpx.AsyncClient` whose connections are made by aiohttp, for
    `AsyncContextCapture(http_client=...)`.

    Keyword arguments are those of `httpx.AsyncClient` (`limits`, `verify`, `proxy`, `trust_env`,
    ...). The caller closes the client (`async with` or `await client.aclose()`), as with any
    `http_client`. It must be used from one event loop: aiohttp binds its connection pool to the
    loop of the first request. Raises `ConfigurationError` when httpx-aiohttp is not installed.
    """
    client_class = _aiohttp_client_class()
    client: httpx.AsyncClient = client_class(**kwargs)
    return client


@functools.cache
def _aiohttp_client_class() -> type[httpx.AsyncClient]:
    # Imported here, not at the top: aiohttp is optional, and importing it costs as much as
    # importing httpx, which `import contextcapture` should not pay for.
    try:
        from httpx_aiohttp import HttpxAiohttpClient
    except ImportError as exc:
        raise ConfigurationError(_INSTALL_HINT) from exc

    class AiohttpClient(HttpxAiohttpClient):
        """httpx-aiohttp's client, with its transports' errors told apart (see `_SentOrNot`)."""

        def _init_transport(self, *args: Any, **kwargs: Any) -> httpx.AsyncBaseTransport:
            return _SentOrNot(super()._init_transport(*args, **kwargs))

        def _init_proxy_transport(self, *args: Any, **kwargs: Any) -> httpx.AsyncBaseTransport:
            return _SentOrNot(super()._init_proxy_transport(*args, **kwargs))

    return AiohttpClient


class _SentOrNot(httpx.AsyncBaseTransport):
    """
    Re-raises aiohttp's errors as the httpx errors httpx's own transport would raise.

    httpx-aiohttp 0.2.0 reports every `aiohttp.ClientConnectionError` as `httpx.ConnectTimeout`,
    including a server that closed the connection after reading the request. The client takes a
    connect error to mean "never sent" and may replay a POST on it, so that mapping could create
    two workspaces. Here only errors that aiohttp raises before writing a byte (it could not
    connect, or no pooled connection came free in time) stay connect errors; every other one
    says that the request may have been sent.
    """

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self._inner = inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            response = await self._inner.handle_async_request(request)
        except httpx.TransportError as exc:
            raise _corrected(exc, request) from exc.__cause__
        response.stream = _SentOrNotStream(response.stream, request)
        return response

    async def aclose(self) -> None:
        await self._inner.aclose()


class _SentOrNotStream(httpx.AsyncByteStream):
    """A response body whose read errors are corrected like the transport's."""

    def __init__(self, inner: Any, request: httpx.Request) -> None:
        self._inner = inner
        self._request = request

    async def __aiter__(self) -> AsyncIterator[bytes]:
        try:
            async for chunk in self._inner:
                yield chunk
        except httpx.TransportError as exc:
            raise _corrected(exc, self._request) from exc.__cause__

    async def aclose(self) -> None:
        await self._inner.aclose()


def _corrected(exc: httpx.TransportError, request: httpx.Request) -> httpx.TransportError:
    """The httpx error for the aiohttp error behind `exc`; `exc` itself when there is none."""
    import aiohttp  # already imported by httpx-aiohttp when this runs

    cause = exc.__cause__
    message = str(exc) or type(cause).__name__
    if not isinstance(cause, aiohttp.ClientError) or isinstance(exc, httpx.ProxyError):
        return exc
    # Order matters: the timeouts below are also ClientConnectionErrors.
    if isinstance(cause, aiohttp.ConnectionTimeoutError):
        return httpx.ConnectTimeout(message, request=request)
    if isinstance(cause, aiohttp.ServerTimeoutError):
        return httpx.ReadTimeout(message, request=request)
    if isinstance(cause, aiohttp.ClientConnectorError):
        return httpx.ConnectError(message, request=request)
    if isinstance(cause, aiohttp.ServerDisconnectedError):
        return httpx.RemoteProtocolError(message, request=request)
    if isinstance(cause, aiohttp.ClientConnectionError | aiohttp.ClientPayloadError):
        return httpx.ReadError(message, request=request)
    return exc
