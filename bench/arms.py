"""
The contenders: each makes the same two calls (create a workspace, get a job) its own way.

Every arm sends the same method, path, headers and JSON body to the same server, and turns the
answer into Python objects: raw httpx and requests stop at `response.json()`, the generated
client and the facade go on to their models.
"""

from __future__ import annotations

import socket
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx

from contextcapture import VENDOR_MEDIA_TYPE, AsyncContextCapture, ContextCapture, __version__
from contextcapture._transports import aiohttp_http_client

__all__ = [
    "ASYNC_ARMS",
    "SYNC_ARMS",
    "AsyncArm",
    "SyncArm",
]

TOKEN = "bench-access-token-0123456789"
# The reference's example ids, as in tests/docs.py.
ITWIN_ID = "3fa85f64-5717-4562-b3fc-2c963f66afa6"
JOB_ID = "cc3d35cc-416a-4262-9714-b359da70b419"
WORKSPACE_NAME = "My workspace"

WORKSPACES_PATH = "/contextcapture/workspaces"
JOB_PATH = f"/contextcapture/jobs/{JOB_ID}"
CREATE_BODY = {"name": WORKSPACE_NAME, "iTwinId": ITWIN_ID}
# What the facade sends on every request; the other arms send the same.
HEADERS = {
    "Authorization": f"Bearer {TOKEN}",
    "Accept": VENDOR_MEDIA_TYPE,
    "User-Agent": f"contextcapture-python/{__version__} httpx/{httpx.__version__}",
}


@dataclass
class SyncArm:
    """A blocking contender, set up against one server; `close` releases its connections."""

    create: Callable[[], object]
    get_job: Callable[[], object]
    close: Callable[[], None]


@dataclass
class AsyncArm:
    """An asyncio contender; built inside the event loop that will run it."""

    create: Callable[[], Awaitable[object]]
    close: Callable[[], Awaitable[None]]


def _checked(response: httpx.Response, status: int) -> Any:
    if response.status_code != status:
        raise RuntimeError(f"unexpected HTTP {response.status_code} from {response.url}")
    return response.json()


# --- blocking arms -----------------------------------------------------------------------------


def loopback_floor(base_url: str) -> SyncArm:
    """Canned request bytes on one kept-alive socket: what the server and the kernel cost."""
    url = httpx.URL(base_url)
    sock = socket.create_connection((url.host, url.port or 80))
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    body = httpx.Request("POST", "http://x", json=CREATE_BODY).read()
    host = f"Host: {url.host}:{url.port}\r\n"
    post = (
        f"POST {WORKSPACES_PATH} HTTP/1.1\r\n{host}Content-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode() + body
    get = f"GET {JOB_PATH} HTTP/1.1\r\n{host}\r\n".encode()

    def exchange(request: bytes) -> bytes:
        sock.sendall(request)
        received = b""
        while True:
            head_end = received.find(b"\r\n\r\n")
            if head_end >= 0:
                length = int(received.split(b"Content-Length: ", 1)[1].split(b"\r\n", 1)[0])
                if len(received) >= head_end + 4 + length:
                    return received
            chunk = sock.recv(65536)
            if not chunk:
                raise RuntimeError("the benchmark server closed the connection")
            received += chunk

    return SyncArm(lambda: exchange(post), lambda: exchange(get), sock.close)


def raw_httpx(base_url: str) -> SyncArm:
    """A pooled `httpx.Client`: the floor the facade is measured against."""
    client = httpx.Client(base_url=base_url)

    def create() -> object:
        return _checked(client.post(WORKSPACES_PATH, json=CREATE_BODY, headers=HEADERS), 201)

    def get_job() -> object:
        return _checked(client.get(JOB_PATH, headers=HEADERS), 200)

    return SyncArm(create, get_job, client.close)


def generated_client(base_url: str) -> SyncArm:
    """The generated `contextcapture_client` operations, called directly."""
    from contextcapture_client import AuthenticatedClient
    from contextcapture_client.api.jobs import get_job as get_job_operation
    from contextcapture_client.api.workspaces import create_workspace
    from contextcapture_client.models import JobResponse, WorkspaceCreate, WorkspaceResponse

    client = AuthenticatedClient(
        base_url=base_url,
        token=TOKEN,
        headers={key: value for key, value in HEADERS.items() if key != "Authorization"},
    )
    itwin_id = uuid.UUID(ITWIN_ID)

    def create() -> object:
        body = WorkspaceCreate(name=WORKSPACE_NAME, i_twin_id=itwin_id)
        result = create_workspace.sync(client=client, body=body)
        if not isinstance(result, WorkspaceResponse):
            raise RuntimeError(f"unexpected answer {result!r}")
        return result.workspace

    def get_job() -> object:
        result = get_job_operation.sync(JOB_ID, client=client)
        if not isinstance(result, JobResponse):
            raise RuntimeError(f"unexpected answer {result!r}")
        return result.job

    return SyncArm(create, get_job, lambda: client.get_httpx_client().close())


def facade(base_url: str) -> SyncArm:
    """`ContextCapture`: `cc.workspaces.create` and `cc.jobs.get`."""
    cc = ContextCapture(token=TOKEN, base_url=base_url)
    return SyncArm(
        lambda: cc.workspaces.create(name=WORKSPACE_NAME, itwin_id=ITWIN_ID),
        lambda: cc.jobs.get(JOB_ID),
        cc.close,
    )


def requests_per_call(base_url: str) -> SyncArm:
    """
    `requests.post` / `requests.get` with no session: the style of Bentley's older Python SDK,
    which opens a new connection (and a new `Session`) for every call.
    """
    import requests

    def create() -> object:
        response = requests.post(base_url + WORKSPACES_PATH, json=CREATE_BODY, headers=HEADERS)
        if response.status_code != 201:
            raise RuntimeError(f"unexpected HTTP {response.status_code}")
        return response.json()

    def get_job() -> object:
        response = requests.get(base_url + JOB_PATH, headers=HEADERS)
        if response.status_code != 200:
            raise RuntimeError(f"unexpected HTTP {response.status_code}")
        return response.json()

    return SyncArm(create, get_job, lambda: None)


# Name -> (label, factory), in the order the report lists them.
SYNC_ARMS: dict[str, tuple[str, Callable[[str], SyncArm]]] = {
    "floor": ("loopback floor: canned bytes on a raw socket", loopback_floor),
    "raw": ("raw httpx.Client (pooled)", raw_httpx),
    "generated": ("generated client, called directly", generated_client),
    "facade": ("facade ContextCapture", facade),
    "requests": ("requests.post/get per call, no session", requests_per_call),
}


# --- asyncio arms ------------------------------------------------------------------------------


def raw_async(client: httpx.AsyncClient) -> AsyncArm:
    async def create() -> object:
        response = await client.post(WORKSPACES_PATH, json=CREATE_BODY, headers=HEADERS)
        return _checked(response, 201)

    return AsyncArm(create, client.aclose)


def raw_async_default(base_url: str) -> AsyncArm:
    """`httpx.AsyncClient` with httpx's own transport (httpcore on anyio)."""
    return raw_async(httpx.AsyncClient(base_url=base_url))


def raw_async_aiohttp(base_url: str) -> AsyncArm:
    """`httpx_aiohttp.HttpxAiohttpClient`, as the package ships it."""
    from httpx_aiohttp import HttpxAiohttpClient

    return raw_async(HttpxAiohttpClient(base_url=base_url))


def facade_async_default(base_url: str) -> AsyncArm:
    """`AsyncContextCapture` with its default `httpx.AsyncClient`."""
    cc = AsyncContextCapture(token=TOKEN, base_url=base_url)

    async def create() -> object:
        return await cc.workspaces.create(name=WORKSPACE_NAME, itwin_id=ITWIN_ID)

    return AsyncArm(create, cc.close)


def facade_async_aiohttp(base_url: str) -> AsyncArm:
    """`AsyncContextCapture(http_client=aiohttp_http_client())`."""
    http = aiohttp_http_client()
    cc = AsyncContextCapture(token=TOKEN, base_url=base_url, http_client=http)

    async def create() -> object:
        return await cc.workspaces.create(name=WORKSPACE_NAME, itwin_id=ITWIN_ID)

    async def close() -> None:
        await cc.close()
        await http.aclose()

    return AsyncArm(create, close)


# Name -> (label, transport, factory).
ASYNC_ARMS: dict[str, tuple[str, str, Callable[[str], AsyncArm]]] = {
    "raw-default": ("raw httpx.AsyncClient", "httpx default", raw_async_default),
    "facade-default": ("facade AsyncContextCapture", "httpx default", facade_async_default),
    "raw-aiohttp": ("raw httpx.AsyncClient", "aiohttp", raw_async_aiohttp),
    "facade-aiohttp": ("facade AsyncContextCapture", "aiohttp", facade_async_aiohttp),
}
