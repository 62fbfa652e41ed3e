"""
A whole session with every logger at DEBUG (httpx and httpcore included) leaks neither the access
tokens nor the client secret, even when the servers echo them back in their response headers.

The session: an OAuth token fetch, workspace and job operations, a 429 that is retried, a 404 whose
body quotes the token, and a 401 answered by a refresh-and-retry.
"""

from __future__ import annotations

import base64
import logging
from typing import Any
from urllib.parse import quote_plus

import pytest

from contextcapture import AsyncContextCapture, ClientCredentials, ContextCapture, NotFoundError
from tests.docs import ITWIN_ID, WORKSPACE_ID
from tests.resilience.fakes import API, CLIENT_ID, CLIENT_SECRET, TokenEndpoint
from tests.resilience.operations import JOB_ID, JOB_WORKSPACE_ID, OPERATIONS
from tests.resilience.servers import Received, Reply

GET_JOB = next(op for op in OPERATIONS if op.name == "jobs.get")
CREATE_WORKSPACE = next(op for op in OPERATIONS if op.name == "workspaces.create")


def secrets_of(ims: TokenEndpoint) -> list[str]:
    pair = f"{quote_plus(CLIENT_ID)}:{quote_plus(CLIENT_SECRET)}"
    return [CLIENT_SECRET, base64.b64encode(pair.encode()).decode(), *ims.issued]


def leaks(records: list[logging.LogRecord], secrets: list[str]) -> list[str]:
    found = []
    for record in records:
        texts = [record.getMessage(), repr(record.args), str(record.msg)]
        for secret in secrets:
            if any(secret in text for text in texts):
                found.append(f"{record.name}: {record.getMessage()[:200]}")
    return found


def plan_trouble(api: API) -> None:
    api.plan(CREATE_WORKSPACE, Reply(429, b"", {"Retry-After": "1"}))

    def not_found_quoting_the_token(request: Received) -> Reply:
        token = request.headers["authorization"].removeprefix("Bearer ")
        message = f"No job for Bearer {token} (token {token})"
        return Reply(404, {"error": {"code": "JobNotFound", "message": message}})

    api.plan(GET_JOB, not_found_quoting_the_token)


def run_session(cc: Any) -> None:
    cc.workspaces.create(name="Bridge survey", itwin_id=ITWIN_ID)
    cc.workspaces.get(WORKSPACE_ID)
    cc.jobs.create(name="Survey", type="Full", workspace_id=JOB_WORKSPACE_ID, inputs=["input-1"])
    with pytest.raises(NotFoundError) as caught:
        cc.jobs.get(JOB_ID)
    assert "Bearer [redacted]" in str(caught.value)
    cc.jobs.submit(JOB_ID)
    cc.jobs.progress(JOB_ID)


@pytest.fixture
def everything_at_debug(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.DEBUG)
    return caplog


def test_a_sync_session_at_debug_level_leaks_no_credential(
    everything_at_debug: pytest.LogCaptureFixture, waits: list[float]
) -> None:
    revoked: set[str] = set()
    with TokenEndpoint(echo=True) as ims:
        with API(lambda t: t in ims.issued and t not in revoked, echo=True) as api:
            plan_trouble(api)
            credentials = ClientCredentials(CLIENT_ID, CLIENT_SECRET, token_url=ims.token_url)
            with ContextCapture(credentials, base_url=api.url) as cc:
                run_session(cc)
                revoked.add(ims.issued[0])
                cc.workspaces.delete(WORKSPACE_ID)
                cc.jobs.delete(JOB_ID)

    records = everything_at_debug.records
    assert_the_session_was_logged(records, ims)
    assert leaks(records, secrets_of(ims)) == []


async def test_an_async_session_at_debug_level_leaks_no_credential(
    everything_at_debug: pytest.LogCaptureFixture, waits: list[float]
) -> None:
    revoked: set[str] = set()
    with TokenEndpoint(echo=True) as ims:
        with API(lambda t: t in ims.issued and t not in revoked, echo=True) as api:
            plan_trouble(api)
            credentials = ClientCredentials(CLIENT_ID, CLIENT_SECRET, token_url=ims.token_url)
            async with AsyncContextCapture(credentials, base_url=api.url) as cc:
                await cc.workspaces.create(name="Bridge survey", itwin_id=ITWIN_ID)
                with pytest.raises(NotFoundError):
                    await cc.jobs.get(JOB_ID)
                revoked.add(ims.issued[0])
                await cc.workspaces.delete(WORKSPACE_ID)

    records = everything_at_debug.records
    assert_the_session_was_logged(records, ims)
    assert leaks(records, secrets_of(ims)) == []


def assert_the_session_was_logged(records: list[logging.LogRecord], ims: TokenEndpoint) -> None:
    """The test means something only if the noisy loggers did log, echoed headers included."""
    names = {record.name for record in records}
    assert {"httpx", "httpcore.http11", "httpcore.connection", "contextcapture"} <= names
    assert any("X-Echo" in record.getMessage() for record in records)
    assert any(record.levelno == logging.WARNING for record in records)  # the retry
    assert len(ims.issued) == 2  # the first token, and the one after the 401
