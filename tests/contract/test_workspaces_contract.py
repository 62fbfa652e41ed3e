"""Workspaces through the facade against Prism: the requests satisfy the spec, the errors map."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest

from contextcapture import (
    AsyncContextCapture,
    AuthenticationError,
    ContextCapture,
    ErrorDetail,
    NotFoundError,
    RateLimitError,
    UnprocessableEntityError,
)
from tests.docs import WORKSPACE_ID, example

DOCS_REQUEST = {"name": "Workspace test", "itwin_id": "60805594-3e04-43b5-8fd8-5ccae0de23cc"}


class Recorder:
    """Keeps every response Prism sent, to check that none reports a spec violation."""

    def __init__(self) -> None:
        self.responses: list[httpx.Response] = []

    def __call__(self, response: httpx.Response) -> None:
        self.responses.append(response)

    def violations(self) -> list[str]:
        return [r.headers["sl-violations"] for r in self.responses if "sl-violations" in r.headers]


class NoAuth(httpx.Auth):
    """Sends requests without an Authorization header."""


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


def client(prism_url: str, recorder: Recorder, **headers: str) -> ContextCapture:
    http = httpx.Client(headers=headers, event_hooks={"response": [recorder]})
    return ContextCapture("contract-test-token", base_url=prism_url, http_client=http)


@pytest.fixture
def cc(prism_url: str, recorder: Recorder) -> Iterator[ContextCapture]:
    with client(prism_url, recorder) as instance:
        yield instance


def test_create_get_delete_satisfy_the_spec(cc: ContextCapture, recorder: Recorder) -> None:
    created = cc.workspaces.create(**DOCS_REQUEST)
    fetched = cc.workspaces.get(created.id)
    cc.workspaces.delete(created.id)

    assert created.to_dict()["id"] == example("WorkspaceCreated")["workspace"]["id"]
    assert fetched.created_date_time == datetime(2021, 5, 18, 9, 39, 23, 436000, tzinfo=UTC)
    assert [r.status_code for r in recorder.responses] == [201, 200, 204]
    assert recorder.violations() == []


def test_create_with_a_version_satisfies_the_spec(cc: ContextCapture, recorder: Recorder) -> None:
    cc.workspaces.create(**DOCS_REQUEST, context_capture_version="20.1")

    assert recorder.violations() == []
    sent = recorder.responses[0].request
    assert (
        b'"contextCaptureVersion": "20.1"' in sent.content
        or b'"contextCaptureVersion":"20.1"' in (sent.content)
    )


def test_request_without_token_is_rejected_as_authentication_error(
    prism_url: str, recorder: Recorder
) -> None:
    http = httpx.Client(event_hooks={"response": [recorder]})
    with ContextCapture(NoAuth(), base_url=prism_url, http_client=http) as cc:
        with pytest.raises(AuthenticationError) as caught:
            cc.workspaces.get(WORKSPACE_ID)

    assert caught.value.code == "HeaderNotFound"
    assert recorder.violations() != []


def test_documented_422_surfaces_with_details(prism_url: str, recorder: Recorder) -> None:
    with client(prism_url, recorder, Prefer="code=422") as cc:
        with pytest.raises(UnprocessableEntityError) as caught:
            cc.workspaces.create(**DOCS_REQUEST)

    assert caught.value.code == "InvalidContextCaptureRequest"
    assert caught.value.message == "Cannot create workspace."
    assert caught.value.details == [
        ErrorDetail("InvalidParameter", "No processing cluster in project location.")
    ]


def test_documented_404_surfaces_as_not_found(prism_url: str, recorder: Recorder) -> None:
    with client(prism_url, recorder, Prefer="code=404") as cc:
        with pytest.raises(NotFoundError) as caught:
            cc.workspaces.delete(WORKSPACE_ID)

    assert caught.value.code == "WorkspaceNotFound"
    assert caught.value.status_code == 404


def test_documented_429_surfaces_as_rate_limit(prism_url: str, recorder: Recorder) -> None:
    with client(prism_url, recorder, Prefer="code=429") as cc:
        with pytest.raises(RateLimitError) as caught:
            cc.workspaces.get(WORKSPACE_ID, max_retries=0)

    assert caught.value.code == "RateLimitExceeded"
    assert caught.value.retry_after is not None


async def test_async_client_satisfies_the_spec(prism_url: str, recorder: Recorder) -> None:
    async def record(response: httpx.Response) -> None:
        recorder(response)

    http = httpx.AsyncClient(event_hooks={"response": [record]})
    async with AsyncContextCapture("t", base_url=prism_url, http_client=http) as cc:
        created = await cc.workspaces.create(**DOCS_REQUEST)
        fetched = await cc.workspaces.get(created.id)
        await cc.workspaces.delete(created.id)
    await http.aclose()

    assert fetched.to_dict()["iTwinId"] == example("WorkspaceCreated")["workspace"]["iTwinId"]
    assert recorder.violations() == []
