"""
Unit-test fixtures: a respx router standing in for api.bentley.com, and clients aimed at it.

Nothing here can reach a network. The router refuses any request it has no route for
(`assert_all_mocked=True`), and sockets are disabled outright in case something bypasses httpx.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import socket
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import respx

from contextcapture import AsyncContextCapture, ContextCapture
from contextcapture._constants import ENV_ACCESS_TOKEN, ENV_BASE_URL

BASE_URL = "https://api.bentley.com"
# Long and distinctive so that a leak is found by a plain substring search.
TOKEN = "unit-test-access-token-7f3c9a1e5b"
WORKSPACES_PATH = "/contextcapture/workspaces"


def workspace_path(workspace_id: str) -> str:
    return f"{WORKSPACES_PATH}/{workspace_id}"


@pytest.fixture(autouse=True)
def no_sockets(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any attempt to open a network connection fail loudly."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a unit test tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The developer's own token or base URL must not change what a test sees."""
    monkeypatch.delenv(ENV_ACCESS_TOKEN, raising=False)
    monkeypatch.delenv(ENV_BASE_URL, raising=False)


@pytest.fixture
def api() -> Iterator[respx.MockRouter]:
    """The mocked service; a request without a matching route fails the test."""
    with respx.mock(base_url=BASE_URL, assert_all_mocked=True, assert_all_called=False) as router:
        yield router


@pytest.fixture
def waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The seconds each retry would have slept, recorded instead of slept (sync and async)."""
    recorded: list[float] = []

    def sleep(seconds: float) -> None:
        recorded.append(seconds)

    async def async_sleep(seconds: float) -> None:
        recorded.append(seconds)

    monkeypatch.setattr("contextcapture._timing.sleep", sleep)
    monkeypatch.setattr("contextcapture._timing.async_sleep", async_sleep)
    return recorded


class RunToCompletion:
    """
    An AsyncContextCapture (or one of its resources) behind a blocking face: each coroutine method
    runs in an event loop of its own, so that one test body specifies both clients.
    """

    def __init__(self, target: Any) -> None:
        self._target = target

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._target, name)
        if inspect.iscoroutinefunction(value):

            @functools.wraps(value)
            def run(*args: Any, **kwargs: Any) -> Any:
                return asyncio.run(value(*args, **kwargs))

            return run
        if type(value).__module__.startswith("contextcapture.resources"):
            return RunToCompletion(value)
        return value

    def __repr__(self) -> str:
        return repr(self._target)


MakeClient = Callable[..., Any]


@pytest.fixture(params=["sync", "async"])
def make_client(request: pytest.FixtureRequest) -> Iterator[MakeClient]:
    """
    Builds a ContextCapture or an AsyncContextCapture (run to completion) with the test token;
    keyword arguments go to the constructor. Every client built is closed at teardown.
    """
    made: list[Any] = []

    def make(**kwargs: Any) -> Any:
        kwargs.setdefault("token", TOKEN)
        if request.param == "sync":
            client: Any = ContextCapture(**kwargs)
        else:
            client = RunToCompletion(AsyncContextCapture(**kwargs))
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()


@pytest.fixture
def cc(make_client: MakeClient) -> Any:
    """A sync or async client that does not retry, so that every response is seen exactly once."""
    return make_client(max_retries=0)
