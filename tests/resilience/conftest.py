"""
Fixtures for the resilience tests: clients of both kinds, a fake clock for retry waits and token
expiry, and a guard that lets connections reach loopback addresses only.

Network-level tests run real servers on 127.0.0.1 (see servers.py); response-body tests use respx.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import respx

from contextcapture import AsyncContextCapture, ContextCapture
from contextcapture import _timing as timing
from contextcapture._constants import (
    ENV_ACCESS_TOKEN,
    ENV_BASE_URL,
    ENV_CLIENT_ID,
    ENV_CLIENT_SECRET,
    ENV_SCOPES,
    ENV_TOKEN_URL,
)
from tests.unit.conftest import RunToCompletion

BASE_URL = "https://api.bentley.com"
# Long and distinctive so that a leak is found by a plain substring search.
TOKEN = "resilience-access-token-4d2b8f0c6e1a"


def _loopback_only(host: object) -> None:
    name = host.decode() if isinstance(host, bytes) else str(host)
    if name == "localhost":
        return
    try:
        if ipaddress.ip_address(name).is_loopback:
            return
    except ValueError:
        pass
    raise AssertionError(f"a resilience test tried to reach {name!r}; only loopback is allowed")


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any connection to an address other than loopback fails the test."""
    connect = socket.socket.connect
    connect_ex = socket.socket.connect_ex
    getaddrinfo = socket.getaddrinfo

    def guarded_connect(self: socket.socket, address: Any) -> None:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            _loopback_only(address[0])
        connect(self, address)

    def guarded_connect_ex(self: socket.socket, address: Any) -> int:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            _loopback_only(address[0])
        return connect_ex(self, address)

    def guarded_getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        _loopback_only(host)
        return getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", guarded_connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", guarded_getaddrinfo)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The developer's own credentials or base URL must not change what a test sees."""
    for name in (
        ENV_ACCESS_TOKEN,
        ENV_BASE_URL,
        ENV_CLIENT_ID,
        ENV_CLIENT_SECRET,
        ENV_SCOPES,
        ENV_TOKEN_URL,
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The seconds each retry would have slept, recorded instead of slept (sync and async)."""
    recorded: list[float] = []

    def sleep(seconds: float) -> None:
        recorded.append(seconds)

    async def async_sleep(seconds: float) -> None:
        recorded.append(seconds)

    monkeypatch.setattr(timing, "sleep", sleep)
    monkeypatch.setattr(timing, "async_sleep", async_sleep)
    return recorded


class FakeClock:
    """time.monotonic for the token cache: it moves only when a test says so."""

    def __init__(self) -> None:
        self.now = 10_000.0

    def monotonic(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    fake = FakeClock()
    monkeypatch.setattr(timing, "monotonic", fake.monotonic)
    return fake


@pytest.fixture
def api() -> Iterator[respx.MockRouter]:
    """api.bentley.com mocked in-process; a request without a matching route fails the test."""
    with respx.mock(base_url=BASE_URL, assert_all_mocked=True, assert_all_called=False) as router:
        yield router


@pytest.fixture(scope="session")
def mocked_pools() -> Iterator[tuple[httpx.Client, httpx.AsyncClient]]:
    """
    One httpx client of each kind for the respx tests: building one costs 15 ms (its TLS context),
    a thousand tests would spend seconds on it. Under respx no connection is ever opened.
    """
    with httpx.Client() as sync_pool:
        async_pool = httpx.AsyncClient()
        yield sync_pool, async_pool
        asyncio.run(async_pool.aclose())


@pytest.fixture(params=["sync", "async"])
def make_client(
    request: pytest.FixtureRequest, mocked_pools: tuple[httpx.Client, httpx.AsyncClient]
) -> Iterator[Any]:
    """
    Builds a ContextCapture or an AsyncContextCapture (each call run to completion in a loop of its
    own) with the test token, for use with the respx `api`; keyword arguments go to the
    constructor. All are closed at teardown.
    """
    made: list[Any] = []
    sync_pool, async_pool = mocked_pools

    def make(**kwargs: Any) -> Any:
        kwargs.setdefault("token", TOKEN)
        if request.param == "sync":
            client: Any = ContextCapture(http_client=sync_pool, **kwargs)
        else:
            client = RunToCompletion(AsyncContextCapture(http_client=async_pool, **kwargs))
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()


@pytest.fixture(params=["sync", "async"])
def make_loopback_client(request: pytest.FixtureRequest) -> Iterator[Any]:
    """
    Like `make_client`, for real loopback servers: the async client keeps no connection alive,
    since each call runs in an event loop of its own and a connection cannot outlive its loop.
    """
    made: list[Any] = []
    pools: list[httpx.AsyncClient] = []

    def make(**kwargs: Any) -> Any:
        kwargs.setdefault("token", TOKEN)
        if request.param == "sync":
            client: Any = ContextCapture(**kwargs)
        else:
            pool = httpx.AsyncClient(limits=httpx.Limits(max_keepalive_connections=0))
            pools.append(pool)
            client = RunToCompletion(AsyncContextCapture(http_client=pool, **kwargs))
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()
    for pool in pools:
        asyncio.run(pool.aclose())
