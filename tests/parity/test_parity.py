"""AsyncContextCapture mirrors ContextCapture: same resources, methods, arguments and results."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Iterator

import httpx
import pytest
import respx

from contextcapture import AsyncContextCapture, ContextCapture, NotFoundError
from tests.docs import WORKSPACE_ID, example

BASE_URL = "https://api.bentley.com"


def resources(client_class: type) -> dict[str, type]:
    """The resource attributes the client declares, with their classes."""
    client = client_class("token", base_url=BASE_URL)
    return {
        name: type(getattr(client, name))
        for name in client_class.__annotations__
        if not name.startswith("_")
    }


def public_methods(resource: type) -> dict[str, inspect.Signature]:
    return {
        name: inspect.signature(member)
        for name, member in inspect.getmembers(resource, inspect.isfunction)
        if not name.startswith("_")
    }


def test_both_clients_expose_the_same_resources() -> None:
    assert resources(ContextCapture).keys() == resources(AsyncContextCapture).keys()
    assert {"workspaces", "jobs", "limits", "user_access"} <= resources(ContextCapture).keys()


@pytest.mark.parametrize("name", sorted(resources(ContextCapture)))
def test_resource_methods_have_the_same_signatures(name: str) -> None:
    sync_resource = resources(ContextCapture)[name]
    async_resource = resources(AsyncContextCapture)[name]
    sync_methods = public_methods(sync_resource)
    async_methods = public_methods(async_resource)

    assert sync_methods.keys() == async_methods.keys()
    for method, signature in sync_methods.items():
        assert str(signature) == str(async_methods[method]), f"{name}.{method}"
        assert inspect.iscoroutinefunction(getattr(async_resource, method)), f"{name}.{method}"
        assert not inspect.iscoroutinefunction(getattr(sync_resource, method)), f"{name}.{method}"


def test_client_constructors_take_the_same_arguments() -> None:
    sync_parameters = inspect.signature(ContextCapture).parameters
    async_parameters = inspect.signature(AsyncContextCapture).parameters

    assert list(sync_parameters) == list(async_parameters)


@pytest.fixture
def api() -> Iterator[respx.MockRouter]:
    with respx.mock(base_url=BASE_URL, assert_all_mocked=True) as router:
        yield router


async def test_many_concurrent_calls_on_one_async_client(api: respx.MockRouter) -> None:
    in_flight = 0
    most_in_flight = 0

    async def answer(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, most_in_flight
        in_flight += 1
        most_in_flight = max(most_in_flight, in_flight)
        await asyncio.sleep(0)
        in_flight -= 1
        if request.url.path.endswith("/missing"):
            return httpx.Response(404, json=example("WorkspaceNotFound"))
        return httpx.Response(200, json=example("WorkspaceCreated"))

    api.get(path__startswith="/contextcapture/workspaces/").mock(side_effect=answer)

    async with AsyncContextCapture("token", base_url=BASE_URL) as cc:
        calls = [cc.workspaces.get(WORKSPACE_ID) for _ in range(63)]
        calls.append(cc.workspaces.get("missing"))
        results = await asyncio.gather(*calls, return_exceptions=True)

    assert sum(1 for r in results if getattr(r, "id", None) == WORKSPACE_ID) == 63
    assert isinstance(results[-1], NotFoundError)
    assert most_in_flight > 1
