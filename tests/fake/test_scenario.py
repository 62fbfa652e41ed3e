"""
The client's end-to-end scenario against the fake: create a workspace, create a job, submit it,
follow it to the end; and the failure and cancel paths. Sync and async clients, manual and real
clocks.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from contextcapture import (
    AsyncContextCapture,
    ContextCapture,
    JobCancelledError,
    JobFailedError,
)
from contextcapture.testing import FakeContextCapture
from tests.docs import ITWIN_ID, example
from tests.fake.conftest import TOKEN

DOCS_JOB = example("JobCreateRequest")


def start_job(cc: ContextCapture) -> str:
    """Workspace, then job, then submit: the id of a freshly submitted job."""
    workspace = cc.workspaces.create(name="Bridge survey", itwin_id=ITWIN_ID)
    job = cc.jobs.create(
        name=DOCS_JOB["name"],
        type="Full",
        workspace_id=workspace.id,
        inputs=[item["id"] for item in DOCS_JOB["inputs"]],
        quality="Extra",
        outputs=["OBJ", "3MX"],
        processing_engines=5,
    )
    assert job.state == "unsubmitted"
    assert cc.jobs.submit(job.id).state == "active"
    return job.id


def test_a_job_runs_from_submission_to_success(
    fake: FakeContextCapture, cc: ContextCapture
) -> None:
    job_id = start_job(cc)
    seen = []

    for _ in range(4):
        fake.advance(15)
        progress = cc.jobs.progress(job_id)
        seen.append((progress.state, progress.percentage, progress.step))

    assert seen == [
        ("Active", 25, "Aerotriangulation"),
        ("Active", 50, "Reconstruction"),
        ("Active", 75, "Reconstruction"),
        ("Over", 100, "Production"),
    ]
    job = cc.jobs.wait(job_id)
    assert job.state == "success"


def test_a_failing_job_makes_wait_raise_with_its_errors(
    fake: FakeContextCapture, cc: ContextCapture
) -> None:
    fake.fail_job(code="InputNotFound", message="Reality data not found.")
    job_id = start_job(cc)

    fake.advance(60)

    with pytest.raises(JobFailedError) as caught:
        cc.jobs.wait(job_id)
    assert caught.value.job.state == "failed"
    assert [error.code for error in caught.value.errors] == ["InputNotFound"]


def test_a_cancelled_job_makes_wait_raise(fake: FakeContextCapture, cc: ContextCapture) -> None:
    job_id = start_job(cc)
    fake.advance(20)

    cc.jobs.cancel(job_id)

    with pytest.raises(JobCancelledError):
        cc.jobs.wait(job_id)
    assert cc.jobs.progress(job_id).state == "Over"


@pytest.fixture
def sleeping_advances_the_fake(
    fake: FakeContextCapture, monkeypatch: pytest.MonkeyPatch
) -> list[float]:
    """Make `jobs.wait`'s pauses move the fake's manual clock instead of real time."""
    pauses: list[float] = []

    def sleep(seconds: float) -> None:
        pauses.append(seconds)
        fake.advance(seconds)

    monkeypatch.setattr("contextcapture._timing.monotonic", lambda: fake.now.timestamp())
    monkeypatch.setattr("contextcapture._timing.sleep", sleep)
    return pauses


def test_wait_follows_the_job_at_the_documented_pace(
    fake: FakeContextCapture, cc: ContextCapture, sleeping_advances_the_fake: list[float]
) -> None:
    job_id = start_job(cc)
    seen: list[Any] = []

    job = cc.jobs.wait(
        job_id, on_progress=lambda progress: seen.append((progress.percentage, progress.step))
    )

    assert job.state == "success"
    assert seen == [
        (0, "Preparing"),
        (25, "Aerotriangulation"),
        (50, "Reconstruction"),
        (75, "Reconstruction"),
        (100, "Production"),
    ]
    # The percentage changes at every poll, so the pace stays at its first step.
    assert sleeping_advances_the_fake == [15, 15, 15, 15]


@pytest.fixture
def real_time_fake() -> Iterator[FakeContextCapture]:
    # 600 fake seconds per real second: the one-minute job takes a tenth of a second.
    with FakeContextCapture(clock="real", speed=600) as running:
        yield running


def test_on_a_real_clock_jobs_finish_by_themselves(real_time_fake: FakeContextCapture) -> None:
    with ContextCapture(TOKEN, base_url=real_time_fake.url) as cc:
        job_id = start_job(cc)

        job = cc.jobs.wait(job_id, poll_interval=0.01, max_poll_interval=0.02, timeout=10)

    assert job.state == "success"
    assert real_time_fake.requests[-1].operation == "get-job"


async def test_the_async_client_runs_the_same_scenario(fake: FakeContextCapture) -> None:
    async with AsyncContextCapture(TOKEN, base_url=fake.url) as cc:
        workspace = await cc.workspaces.create(name="Async", itwin_id=ITWIN_ID)
        job = await cc.jobs.create(
            name="Async job",
            type="Full",
            workspace_id=workspace.id,
            inputs=["58e0c0ca-f730-4e5b-808d-1c8cacacb4d4"],
            outputs=["OBJ"],
        )
        await cc.jobs.submit(job.id)

        fake.advance(60)

        assert (await cc.jobs.wait(job.id)).state == "success"
        await cc.workspaces.delete(workspace.id)
