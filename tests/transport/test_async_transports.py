"""
`AsyncContextCapture` behaves the same on httpx's default transport and on aiohttp's
(`aiohttp_http_client`): every test here runs on both, over real sockets to a loopback service.
"""

from __future__ import annotations

import asyncio
import json
import socket
import sys
from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from contextcapture import (
    VENDOR_MEDIA_TYPE,
    APIConnectionError,
    APITimeoutError,
    AsyncContextCapture,
    ConfigurationError,
    NotFoundError,
    RateLimitError,
)
from contextcapture._transports import _aiohttp_client_class, aiohttp_http_client
from contextcapture_client.models import ExecutionInformation, Job, Workspace
from tests.docs import ITWIN_ID, WORKSPACE_ID, example
from tests.transport.conftest import TOKEN
from tests.transport.loopback import JOB_ID, WORKSPACES_PATH, Answer, LoopbackService

WORKSPACE_PATH = f"{WORKSPACES_PATH}/{WORKSPACE_ID}"
MakeClient = Callable[..., AsyncContextCapture]


async def create_workspace(cc: AsyncContextCapture) -> Workspace:
    return await cc.workspaces.create(name="My workspace", itwin_id=ITWIN_ID)


# --- the documented calls ----------------------------------------------------------------------


async def test_create_sends_the_documented_request(
    cc: AsyncContextCapture, service: LoopbackService
) -> None:
    workspace = await create_workspace(cc)

    assert isinstance(workspace, Workspace)
    assert workspace.id == WORKSPACE_ID
    [sent] = service.requests_to("POST", WORKSPACES_PATH)
    assert sent.headers["authorization"] == f"Bearer {TOKEN}"
    assert sent.headers["accept"] == VENDOR_MEDIA_TYPE
    assert sent.headers["content-type"] == "application/json"
    assert json.loads(sent.body) == {"name": "My workspace", "iTwinId": ITWIN_ID}


async def test_get_returns_the_workspace(cc: AsyncContextCapture) -> None:
    workspace = await cc.workspaces.get(WORKSPACE_ID)

    assert workspace.name == "My workspace"
    assert workspace.created_date_time == datetime(2021, 5, 18, 9, 39, 23, 436000, tzinfo=UTC)


async def test_delete_sends_delete_and_returns_none(
    cc: AsyncContextCapture, service: LoopbackService
) -> None:
    assert await cc.workspaces.delete(WORKSPACE_ID) is None
    assert len(service.requests_to("DELETE", WORKSPACE_PATH)) == 1


async def test_jobs_get_returns_the_job(cc: AsyncContextCapture) -> None:
    job = await cc.jobs.get(JOB_ID)

    assert isinstance(job, Job)
    assert job.id == JOB_ID
    assert job.state == "success"
    assert isinstance(job.execution_information, ExecutionInformation)
    assert job.execution_information.ended_date_time == datetime(
        2020, 9, 14, 14, 41, 49, tzinfo=UTC
    )
    assert [item.id for item in job.inputs or []] == [
        item["id"] for item in example("JobSucceeded")["job"]["inputs"]
    ]


# --- errors ------------------------------------------------------------------------------------


async def test_404_raises_not_found_with_the_service_code(cc: AsyncContextCapture) -> None:
    with pytest.raises(NotFoundError) as raised:
        await cc.workspaces.get("no-such-workspace")

    assert raised.value.status_code == 404
    assert raised.value.code == "WorkspaceNotFound"
    assert raised.value.message == "Requested workspace is not available."


async def test_429_raises_rate_limit_with_retry_after(
    cc: AsyncContextCapture, service: LoopbackService
) -> None:
    service.script(
        "POST",
        WORKSPACES_PATH,
        Answer(429, example("RateLimitExceeded"), headers={"Retry-After": "3"}),
    )

    with pytest.raises(RateLimitError) as raised:
        await create_workspace(cc)

    assert raised.value.retry_after == 3.0
    assert raised.value.code == "RateLimitExceeded"


async def test_429_is_retried_after_the_wait_asked_for(
    make_client: MakeClient, base_url: str, service: LoopbackService
) -> None:
    cc = make_client(base_url=base_url, max_retries=1)
    service.script(
        "POST",
        WORKSPACES_PATH,
        Answer(429, example("RateLimitExceeded"), headers={"Retry-After": "0"}),
    )

    workspace = await create_workspace(cc)

    assert workspace.id == WORKSPACE_ID
    assert len(service.requests_to("POST", WORKSPACES_PATH)) == 2


# --- concurrency -------------------------------------------------------------------------------


async def test_64_concurrent_calls_are_all_in_flight_together(
    make_client: MakeClient, base_url: str, service: LoopbackService
) -> None:
    cc = make_client(base_url=base_url, max_retries=0)
    service.script(
        "POST", WORKSPACES_PATH, *[Answer(201, example("WorkspaceCreated"), delay=0.5)] * 64
    )

    workspaces = await asyncio.gather(*(create_workspace(cc) for _ in range(64)))

    assert [workspace.id for workspace in workspaces] == [WORKSPACE_ID] * 64
    assert service.max_in_flight == 64


# --- the network failing: was the request sent? ------------------------------------------------


async def test_a_post_the_server_hung_up_on_is_not_replayed(
    make_client: MakeClient, base_url: str, service: LoopbackService
) -> None:
    cc = make_client(base_url=base_url, max_retries=2)
    service.script("POST", WORKSPACES_PATH, Answer(hang_up=True))

    with pytest.raises(APIConnectionError) as raised:
        await create_workspace(cc)

    assert raised.value.request_sent is True
    assert not isinstance(raised.value, APITimeoutError)
    assert len(service.requests_to("POST", WORKSPACES_PATH)) == 1


async def test_a_get_the_server_hung_up_on_is_retried(
    make_client: MakeClient, base_url: str, service: LoopbackService
) -> None:
    cc = make_client(base_url=base_url, max_retries=1)
    service.script("GET", WORKSPACE_PATH, Answer(hang_up=True))

    workspace = await cc.workspaces.get(WORKSPACE_ID)

    assert workspace.id == WORKSPACE_ID
    assert len(service.requests_to("GET", WORKSPACE_PATH)) == 2


async def test_a_response_cut_short_is_a_connection_error_after_sending(
    cc: AsyncContextCapture, service: LoopbackService
) -> None:
    service.script(
        "POST", WORKSPACES_PATH, Answer(201, example("WorkspaceCreated"), cut_short=True)
    )

    with pytest.raises(APIConnectionError) as raised:
        await create_workspace(cc)

    assert raised.value.request_sent is True


async def test_a_slow_answer_is_a_read_timeout_and_a_post_is_not_replayed(
    make_client: MakeClient, base_url: str, service: LoopbackService
) -> None:
    cc = make_client(base_url=base_url, max_retries=2, timeout=0.2)
    service.script("POST", WORKSPACES_PATH, Answer(201, example("WorkspaceCreated"), delay=1.0))

    with pytest.raises(APITimeoutError) as raised:
        await create_workspace(cc)

    assert raised.value.request_sent is True
    assert len(service.requests_to("POST", WORKSPACES_PATH)) == 1


async def test_a_refused_connection_was_never_sent(make_client: MakeClient) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    cc = make_client(base_url=f"http://127.0.0.1:{closed_port}", max_retries=0)

    with pytest.raises(APIConnectionError) as raised:
        await create_workspace(cc)

    assert raised.value.request_sent is False
    assert not isinstance(raised.value, APITimeoutError)


# --- choosing the transport --------------------------------------------------------------------


def test_aiohttp_http_client_without_the_extra_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    _aiohttp_client_class.cache_clear()
    monkeypatch.setitem(sys.modules, "httpx_aiohttp", None)  # makes the import fail

    try:
        with pytest.raises(ConfigurationError, match=r"contextcapture\[aiohttp\]"):
            aiohttp_http_client()
    finally:
        _aiohttp_client_class.cache_clear()
