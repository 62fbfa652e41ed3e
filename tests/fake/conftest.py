"""
Fixtures for the fake's own tests: a running fake on a manual clock, and clients aimed at it whose
every answer is checked against the spec (tests that plant faults use unchecked clients).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from contextcapture import ContextCapture
from contextcapture._constants import ENV_ACCESS_TOKEN, ENV_BASE_URL
from contextcapture.testing import FakeContextCapture
from tests.docs import ITWIN_ID, example
from tests.fake.spec_check import check_answer

# Long and distinctive, so that a leak is found by a plain substring search.
TOKEN = "fake-service-test-token-9d41c7"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
WORKSPACES = "/contextcapture/workspaces"
JOBS = "/contextcapture/jobs"


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The developer's own token or base URL must not change what a test sees."""
    monkeypatch.delenv(ENV_ACCESS_TOKEN, raising=False)
    monkeypatch.delenv(ENV_BASE_URL, raising=False)


@pytest.fixture
def fake() -> Iterator[FakeContextCapture]:
    with FakeContextCapture() as running:
        yield running
    assert running.internal_errors == []


@pytest.fixture
def http(fake: FakeContextCapture) -> Iterator[httpx.Client]:
    """Plain HTTP with a bearer token; every answer must be one the spec documents."""
    hooks = {"response": [check_answer]}
    with httpx.Client(base_url=fake.url, headers=AUTH, event_hooks=hooks) as client:
        yield client


@pytest.fixture
def raw_http(fake: FakeContextCapture) -> Iterator[httpx.Client]:
    """Plain HTTP with a bearer token and no check of the answers (for planted faults)."""
    with httpx.Client(base_url=fake.url, headers=AUTH) as client:
        yield client


@pytest.fixture
def cc(fake: FakeContextCapture) -> Iterator[ContextCapture]:
    """The real client, without retries; every answer must be one the spec documents."""
    with (
        httpx.Client(event_hooks={"response": [check_answer]}) as transport,
        ContextCapture(TOKEN, base_url=fake.url, max_retries=0, http_client=transport) as client,
    ):
        yield client


MakeClient = Callable[..., ContextCapture]


@pytest.fixture
def make_client(fake: FakeContextCapture) -> Iterator[MakeClient]:
    """Builds real clients aimed at the fake (keyword arguments go to ContextCapture)."""
    made: list[ContextCapture] = []

    def make(**kwargs: Any) -> ContextCapture:
        kwargs.setdefault("token", TOKEN)
        client = ContextCapture(base_url=fake.url, **kwargs)
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()


def job_request(workspace_id: str) -> dict[str, Any]:
    """The reference's create-job request example, in the given workspace."""
    body: dict[str, Any] = example("JobCreateRequest")
    body["workspaceId"] = workspace_id
    return body


@pytest.fixture
def workspace_id(cc: ContextCapture) -> str:
    return cc.workspaces.create(name="Bridge survey", itwin_id=ITWIN_ID).id


@pytest.fixture
def job_id(http: httpx.Client, workspace_id: str) -> str:
    """An unsubmitted job created from the reference's request example."""
    response = http.post(JOBS, json=job_request(workspace_id))
    assert response.status_code == 201
    job_id: str = response.json()["job"]["id"]
    return job_id
