"""
Fixtures for running the async client over real loopback sockets, once per transport: httpx's
default one and aiohttp's (`aiohttp_http_client`).

Only 127.0.0.1 may be reached: the clients ignore proxy variables (`trust_env=False`) and any
other connection attempt fails the test.
"""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpx
import pytest

from contextcapture import AsyncContextCapture
from contextcapture._transports import aiohttp_http_client
from tests.transport.loopback import LoopbackService, running_service

TOKEN = "transport-test-access-token-3d9f1b"
TRANSPORTS: dict[str, Callable[[], httpx.AsyncClient]] = {
    "httpx": lambda: httpx.AsyncClient(trust_env=False),
    "aiohttp": lambda: aiohttp_http_client(trust_env=False),
}


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any attempt to connect anywhere but 127.0.0.1."""
    connect, connect_ex = socket.socket.connect, socket.socket.connect_ex

    def checked(address: Any) -> None:
        if not (isinstance(address, tuple) and address[0] == "127.0.0.1"):
            raise AssertionError(f"a transport test tried to connect to {address!r}")

    def guarded_connect(self: socket.socket, address: Any) -> None:
        checked(address)
        connect(self, address)

    def guarded_connect_ex(self: socket.socket, address: Any) -> int:
        checked(address)
        return connect_ex(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", guarded_connect_ex)


@pytest.fixture
def loopback() -> Iterator[tuple[LoopbackService, str]]:
    with running_service() as running:
        yield running


@pytest.fixture
def service(loopback: tuple[LoopbackService, str]) -> LoopbackService:
    return loopback[0]


@pytest.fixture
def base_url(loopback: tuple[LoopbackService, str]) -> str:
    return loopback[1]


@pytest.fixture(params=list(TRANSPORTS))
def transport(request: pytest.FixtureRequest) -> str:
    """The name of the transport under test; every test that uses a client runs on each."""
    name: str = request.param
    return name


@pytest.fixture
async def make_client(transport: str) -> AsyncIterator[Callable[..., AsyncContextCapture]]:
    """Builds AsyncContextCaptures on the transport under test; all closed at teardown."""
    made: list[tuple[AsyncContextCapture, httpx.AsyncClient]] = []

    def make(**kwargs: Any) -> AsyncContextCapture:
        http = TRANSPORTS[transport]()
        kwargs.setdefault("token", TOKEN)
        cc = AsyncContextCapture(http_client=http, **kwargs)
        made.append((cc, http))
        return cc

    yield make
    for cc, http in made:
        await cc.close()
        await http.aclose()


@pytest.fixture
def cc(make_client: Callable[..., AsyncContextCapture], base_url: str) -> AsyncContextCapture:
    """A client for the loopback service that does not retry."""
    return make_client(base_url=base_url, max_retries=0)
