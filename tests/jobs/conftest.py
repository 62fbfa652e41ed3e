"""Fixtures for the jobs tests: a mocked service (respx, in-process) and a fake clock."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
import respx

from contextcapture import AsyncContextCapture, ContextCapture
from contextcapture import _timing as timing

BASE_URL = "https://api.bentley.com"
TOKEN = "unit-test-token"


class FakeClock:
    """Stands in for time.monotonic/time.sleep/asyncio.sleep: sleeping advances it at once."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    async def async_sleep(self, seconds: float) -> None:
        self.sleep(seconds)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    fake = FakeClock()
    monkeypatch.setattr(timing, "monotonic", fake.monotonic)
    monkeypatch.setattr(timing, "sleep", fake.sleep)
    monkeypatch.setattr(timing, "async_sleep", fake.async_sleep)
    return fake


@pytest.fixture
def api() -> Iterator[respx.MockRouter]:
    with respx.mock(base_url=BASE_URL, assert_all_called=False, assert_all_mocked=True) as router:
        yield router


@pytest.fixture
def cc() -> Iterator[ContextCapture]:
    with ContextCapture(TOKEN, base_url=BASE_URL) as client:
        yield client


class SyncFacade:
    """Runs the async client's calls to completion, so one test body can drive both clients."""

    def __init__(self, client: AsyncContextCapture) -> None:
        self._client = client

    def __getattr__(self, resource: str) -> Any:
        target = getattr(self._client, resource)

        class Resource:
            def __getattr__(self, method: str) -> Any:
                call = getattr(target, method)
                return lambda *args, **kwargs: asyncio.run(call(*args, **kwargs))

        return Resource()


@pytest.fixture(params=["sync", "async"])
def client(request: pytest.FixtureRequest) -> Iterator[Any]:
    """The sync client, or the async one behind a blocking adapter: scenarios run on both."""
    if request.param == "sync":
        with ContextCapture(TOKEN, base_url=BASE_URL) as sync_client:
            yield sync_client
    else:
        async_client = AsyncContextCapture(TOKEN, base_url=BASE_URL)
        yield SyncFacade(async_client)
