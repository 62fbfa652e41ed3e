"""Jobs, job progress, engines limit and user access through the facade against Prism."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest

from contextcapture import (
    AsyncContextCapture,
    ContextCapture,
    JobState,
    NotFoundError,
    ProgressState,
    UnprocessableEntityError,
)
from tests.docs import example

JOB_ID = "cc3d35cc-416a-4262-9714-b359da70b419"


def docs_job_arguments() -> dict[str, object]:
    """The reference's create-job request, as the facade's keyword arguments."""
    request = example("JobCreateRequest")
    return {
        "name": request["name"],
        "type": request["type"],
        "workspace_id": request["workspaceId"],
        "inputs": request["inputs"],
        "quality": request["settings"]["quality"],
        "processing_engines": request["settings"]["processingEngines"],
        "outputs": request["settings"]["outputs"],
        "cost_estimation_parameters": request["costEstimationParameters"],
    }


class Violations:
    def __init__(self) -> None:
        self.found: list[str] = []
        self.requests: list[httpx.Request] = []

    def __call__(self, response: httpx.Response) -> None:
        self.requests.append(response.request)
        if "sl-violations" in response.headers:
            self.found.append(response.headers["sl-violations"])


@pytest.fixture
def violations() -> Violations:
    return Violations()


@pytest.fixture
def cc(prism_url: str, violations: Violations) -> Iterator[ContextCapture]:
    http = httpx.Client(event_hooks={"response": [violations]})
    with ContextCapture("contract-test-token", base_url=prism_url, http_client=http) as client:
        yield client
    http.close()


def test_create_job_with_the_docs_request(cc: ContextCapture, violations: Violations) -> None:
    job = cc.jobs.create(**docs_job_arguments())  # type: ignore[arg-type]

    assert job.id == example("JobCreated")["job"]["id"]
    assert JobState.parse(job.state) is JobState.UNSUBMITTED
    assert violations.found == []
    assert json.loads(violations.requests[0].content) == example("JobCreateRequest")


def test_every_job_operation_satisfies_the_spec(cc: ContextCapture, violations: Violations) -> None:
    fetched = cc.jobs.get(JOB_ID)
    submitted = cc.jobs.submit(JOB_ID)
    cc.jobs.cancel(JOB_ID)
    cc.jobs.estimate_cost(JOB_ID, giga_pixels=2.5, mega_points=1.7, mesh_quality="Extra")
    cc.jobs.update_settings(JOB_ID, quality="Extra", processing_engines=5, outputs=["OBJ", "3MX"])
    progress = cc.jobs.progress(JOB_ID)
    cc.jobs.delete(JOB_ID)

    assert JobState.parse(fetched.state) is JobState.SUCCESS
    assert JobState.parse(submitted.state) is JobState.ACTIVE
    assert ProgressState.parse(progress.state) is ProgressState.ACTIVE
    assert (progress.percentage, progress.step) == (56, "Reconstruction")
    assert violations.found == []


def test_engines_limit_and_user_access_satisfy_the_spec(
    cc: ContextCapture, violations: Violations
) -> None:
    anywhere = cc.limits.engines()
    in_itwin = cc.limits.engines(itwin_id="3fa85f64-5717-4562-b3fc-2c963f66afa6")
    access = cc.user_access.get()

    assert anywhere.max_engines == in_itwin.max_engines == 25
    assert access.processing_allowed is True
    assert violations.requests[1].url.params["iTwinId"] == "3fa85f64-5717-4562-b3fc-2c963f66afa6"
    assert violations.found == []


@pytest.mark.parametrize(
    ("prefer", "call", "error", "code"),
    [
        ("code=404", lambda cc: cc.jobs.get(JOB_ID), NotFoundError, "JobNotFound"),
        ("code=404", lambda cc: cc.jobs.progress(JOB_ID), NotFoundError, "JobNotFound"),
        (
            "code=422",
            lambda cc: cc.jobs.delete(JOB_ID),
            UnprocessableEntityError,
            "InvalidContextCaptureRequest",
        ),
        ("code=404", lambda cc: cc.limits.engines(itwin_id="x"), NotFoundError, "iTwinNotFound"),
    ],
)
def test_documented_errors_surface_as_exceptions(
    prism_url: str, prefer: str, call: object, error: type[Exception], code: str
) -> None:
    http = httpx.Client(headers={"Prefer": prefer})
    with ContextCapture("t", base_url=prism_url, http_client=http) as cc:
        with pytest.raises(error) as caught:
            call(cc)  # type: ignore[operator]
    http.close()

    assert caught.value.code == code  # type: ignore[attr-defined]


async def test_async_jobs_satisfy_the_spec(prism_url: str) -> None:
    async with AsyncContextCapture("t", base_url=prism_url) as cc:
        job = await cc.jobs.create(**docs_job_arguments())  # type: ignore[arg-type]
        progress = await cc.jobs.progress(job.id)
        limit = await cc.limits.engines()

    assert progress.percentage == 56
    assert limit.max_engines == 25
