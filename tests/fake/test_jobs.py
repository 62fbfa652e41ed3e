"""
Jobs in the fake: created unsubmitted, submitted, running on the fake clock through named steps,
then ending in success, failed or cancelled; plus settings, cost estimates and deletion.
"""

from __future__ import annotations

import math
import uuid
from datetime import timedelta
from typing import Any

import httpx
import pytest

from contextcapture import ContextCapture, NotFoundError, UnprocessableEntityError
from contextcapture.testing import JOB_STEPS, FakeContextCapture, estimated_cost
from tests.docs import ITWIN_ID, example
from tests.fake.conftest import JOBS, job_request

DOCS_JOB = example("JobCreateRequest")


def create_job(cc: ContextCapture, workspace_id: str, **overrides: Any) -> Any:
    """A job like the reference's create-job example, through the real client."""
    arguments: dict[str, Any] = {
        "name": DOCS_JOB["name"],
        "type": DOCS_JOB["type"],
        "workspace_id": workspace_id,
        "inputs": DOCS_JOB["inputs"],
        "quality": DOCS_JOB["settings"]["quality"],
        "outputs": DOCS_JOB["settings"]["outputs"],
        "processing_engines": DOCS_JOB["settings"]["processingEngines"],
        "cost_estimation_parameters": DOCS_JOB["costEstimationParameters"],
    }
    return cc.jobs.create(**(arguments | overrides))


# --- creation -------------------------------------------------------------------------------------


def test_a_new_job_is_unsubmitted_with_a_fresh_uuid(cc: ContextCapture, workspace_id: str) -> None:
    job = create_job(cc, workspace_id)

    assert uuid.UUID(job.id).version == 4
    assert job.state == "unsubmitted"
    assert job.workspace_id == workspace_id


def test_a_new_job_takes_its_itwin_from_its_workspace(
    cc: ContextCapture, workspace_id: str
) -> None:
    assert create_job(cc, workspace_id).i_twin_id == ITWIN_ID


def test_a_new_job_echoes_name_type_and_inputs(http: httpx.Client, workspace_id: str) -> None:
    job = http.post(JOBS, json=job_request(workspace_id)).json()["job"]

    assert (job["name"], job["type"]) == (DOCS_JOB["name"], DOCS_JOB["type"])
    assert job["inputs"] == DOCS_JOB["inputs"]


def test_each_requested_output_gets_a_reality_data_id(
    cc: ContextCapture, workspace_id: str
) -> None:
    job = create_job(cc, workspace_id)

    outputs = job.job_settings.outputs
    assert [output.format_ for output in outputs] == DOCS_JOB["settings"]["outputs"]
    assert all(uuid.UUID(output.id) for output in outputs)


def test_a_new_job_has_no_execution_information(http: httpx.Client, workspace_id: str) -> None:
    job = http.post(JOBS, json=job_request(workspace_id)).json()["job"]

    assert "executionInformation" not in job


def test_a_job_in_an_unknown_workspace_is_refused(cc: ContextCapture) -> None:
    with pytest.raises(UnprocessableEntityError) as caught:
        create_job(cc, str(uuid.uuid4()))

    assert caught.value.code == "InvalidContextCaptureRequest"
    assert caught.value.details[0].target == "workspaceId"


def test_more_engines_than_the_limit_are_refused(cc: ContextCapture, workspace_id: str) -> None:
    with pytest.raises(UnprocessableEntityError) as caught:
        create_job(cc, workspace_id, processing_engines=26)

    assert caught.value.details[0].target == "settings.processingEngines"


def test_get_answers_the_job(cc: ContextCapture, workspace_id: str) -> None:
    created = create_job(cc, workspace_id)

    assert cc.jobs.get(created.id).to_dict() == created.to_dict()


def test_an_unknown_job_is_job_not_found(http: httpx.Client) -> None:
    response = http.get(f"{JOBS}/cc3d35cc-416a-4262-9714-b359da70b419")

    assert response.status_code == 404
    assert response.json() == example("JobNotFound")


# --- cost estimation ------------------------------------------------------------------------------


def test_estimated_cost_follows_the_documented_formula(
    cc: ContextCapture, workspace_id: str
) -> None:
    job = create_job(cc, workspace_id)

    # (2.5 gigapixels + 0.5 * 1.5 megapoints) * 2 for Extra
    assert job.estimated_cost == 6.5


@pytest.mark.parametrize(
    ("parameters", "quality", "cost"),
    [
        ({"gigaPixels": 2, "megaPoints": 4, "meshQuality": "Draft"}, None, 2.0),
        ({"gigaPixels": 2, "megaPoints": 4, "meshQuality": "medium"}, None, 4.0),
        ({"gigaPixels": 2, "megaPoints": 4, "meshQuality": "EXTRA"}, None, 8.0),
        ({"gigaPixels": 2}, "Extra", 4.0),
        ({"megaPoints": 3}, None, 1.5),
        ({"gigaPixels": 1, "meshQuality": "Ultra"}, None, 1.0),
        ({}, None, 0.0),
    ],
)
def test_estimated_cost_formula(
    parameters: dict[str, Any], quality: str | None, cost: float
) -> None:
    assert estimated_cost(parameters, quality) == cost


def test_patching_cost_parameters_estimates_again(cc: ContextCapture, workspace_id: str) -> None:
    job = create_job(cc, workspace_id, cost_estimation_parameters=None)

    estimated = cc.jobs.estimate_cost(job.id, giga_pixels=10, mega_points=2, mesh_quality="Draft")

    assert estimated.estimated_cost == 5.5
    assert cc.jobs.get(job.id).estimated_cost == 5.5


@pytest.mark.parametrize(
    ("parameters", "field"),
    [
        ({"gigaPixels": 1e308, "meshQuality": "Extra"}, "gigaPixels"),
        ({"megaPoints": 10**400}, "megaPoints"),
        # Each term is a number; their sum is not: the larger one is named.
        ({"gigaPixels": 0.5e308, "megaPoints": 1.7e308, "meshQuality": "Extra"}, "megaPoints"),
    ],
)
def test_a_cost_too_large_for_a_number_is_refused(
    fake: FakeContextCapture,
    http: httpx.Client,
    workspace_id: str,
    parameters: dict[str, Any],
    field: str,
) -> None:
    body = job_request(workspace_id) | {"costEstimationParameters": parameters}

    response = http.post(JOBS, json=body)

    assert response.status_code == 422
    assert [(d["code"], d["target"]) for d in response.json()["error"]["details"]] == [
        ("InvalidParameter", f"costEstimationParameters.{field}")
    ]
    assert fake.jobs == {}


def test_patching_to_a_cost_too_large_for_a_number_is_refused(
    cc: ContextCapture, http: httpx.Client, job_id: str
) -> None:
    patch = {"costEstimationParameters": {"gigaPixels": 1e308}}  # meshQuality stays Extra

    response = http.patch(f"{JOBS}/{job_id}", json=patch)

    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["target"] == "costEstimationParameters.gigaPixels"
    assert cc.jobs.get(job_id).estimated_cost == 6.5


def test_the_estimate_of_a_size_too_large_for_a_float_is_infinite() -> None:
    assert estimated_cost({"gigaPixels": 10**400}) == math.inf


def test_without_cost_parameters_there_is_no_estimate(
    http: httpx.Client, workspace_id: str
) -> None:
    body = job_request(workspace_id)
    del body["costEstimationParameters"]

    job = http.post(JOBS, json=body).json()["job"]

    assert "estimatedCost" not in job


# --- settings -------------------------------------------------------------------------------------


def test_patching_settings_changes_an_unsubmitted_job(
    cc: ContextCapture, workspace_id: str
) -> None:
    job = create_job(cc, workspace_id)

    changed = cc.jobs.update_settings(job.id, quality="Draft", outputs=["OBJ", "LAS"])

    assert changed.job_settings.quality == "Draft"
    assert [output.format_ for output in changed.job_settings.outputs] == ["OBJ", "LAS"]
    assert changed.job_settings.processing_engines == DOCS_JOB["settings"]["processingEngines"]


def test_an_output_kept_in_new_settings_keeps_its_reality_data_id(
    cc: ContextCapture, workspace_id: str
) -> None:
    job = create_job(cc, workspace_id)
    obj_id = job.job_settings.outputs[0].id

    changed = cc.jobs.update_settings(job.id, outputs=["OBJ", "LAS"])

    assert changed.job_settings.outputs[0].id == obj_id


def test_a_submitted_job_cannot_be_changed(
    cc: ContextCapture, http: httpx.Client, workspace_id: str
) -> None:
    job = create_job(cc, workspace_id)
    cc.jobs.submit(job.id)

    response = http.patch(f"{JOBS}/{job.id}", json=example("JobPatchSettings"))

    assert response.status_code == 422
    assert response.json() == example("CannotModifyJob")


def test_a_refused_patch_changes_nothing(
    cc: ContextCapture, http: httpx.Client, workspace_id: str
) -> None:
    job = create_job(cc, workspace_id)

    response = http.patch(
        f"{JOBS}/{job.id}", json={"settings": {"quality": "Draft"}, "state": "Finished"}
    )

    assert response.status_code == 422
    assert cc.jobs.get(job.id).job_settings.quality == DOCS_JOB["settings"]["quality"]


# --- submission and progress ----------------------------------------------------------------------


def test_submitting_makes_the_job_active(
    fake: FakeContextCapture, cc: ContextCapture, workspace_id: str
) -> None:
    job = create_job(cc, workspace_id)
    fake.advance(5)

    submitted = cc.jobs.submit(job.id)

    assert submitted.state == "active"
    assert submitted.execution_information.submitted_date_time == fake.now


@pytest.mark.parametrize("state", ["Active", "active", "ACTIVE"])
def test_the_submit_state_is_read_in_any_letter_case(
    http: httpx.Client, job_id: str, state: str
) -> None:
    response = http.patch(f"{JOBS}/{job_id}", json={"state": state})

    assert response.json()["job"]["state"] == "active"


def test_submitting_twice_is_refused(cc: ContextCapture, job_id: str) -> None:
    cc.jobs.submit(job_id)

    with pytest.raises(UnprocessableEntityError):
        cc.jobs.submit(job_id)


def test_an_unknown_state_is_refused(http: httpx.Client, job_id: str) -> None:
    response = http.patch(f"{JOBS}/{job_id}", json={"state": "Success"})

    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["target"] == "state"


def test_an_unsubmitted_job_has_no_progress_yet(cc: ContextCapture, job_id: str) -> None:
    progress = cc.jobs.progress(job_id)

    assert (progress.state, progress.percentage) == ("Unsubmitted", 0)


@pytest.mark.parametrize(
    ("seconds", "percentage", "step"),
    [
        (0, 0, "Preparing"),
        (5.9, 9, "Preparing"),
        (6, 10, "Aerotriangulation"),
        (23.9, 39, "Aerotriangulation"),
        (24, 40, "Reconstruction"),
        (33.6, 56, "Reconstruction"),
        (54, 90, "Production"),
        (59.99, 99, "Production"),
    ],
)
def test_progress_runs_through_the_steps_on_the_fake_clock(
    fake: FakeContextCapture,
    cc: ContextCapture,
    job_id: str,
    seconds: float,
    percentage: int,
    step: str,
) -> None:
    cc.jobs.submit(job_id)

    fake.advance(seconds)

    progress = cc.jobs.progress(job_id)
    assert (progress.state, progress.percentage, progress.step) == ("Active", percentage, step)


def test_the_steps_are_the_documented_ones() -> None:
    assert [name for name, _ in JOB_STEPS] == [
        "Preparing",
        "Aerotriangulation",
        "Reconstruction",
        "Production",
    ]


def test_time_stands_still_on_the_manual_clock(cc: ContextCapture, job_id: str) -> None:
    cc.jobs.submit(job_id)

    assert cc.jobs.progress(job_id).percentage == 0
    assert cc.jobs.progress(job_id).percentage == 0


# --- endings --------------------------------------------------------------------------------------


def test_a_job_succeeds_when_its_duration_is_over(
    fake: FakeContextCapture, cc: ContextCapture, job_id: str
) -> None:
    submitted = cc.jobs.submit(job_id)

    fake.advance(60)

    job = cc.jobs.get(job_id)
    assert job.state == "success"
    info = job.execution_information
    assert info.ended_date_time - info.submitted_date_time == timedelta(seconds=60)
    assert info.submitted_date_time == submitted.execution_information.submitted_date_time


def test_an_ended_job_keeps_the_moment_it_ended(
    fake: FakeContextCapture, cc: ContextCapture, job_id: str
) -> None:
    submitted = cc.jobs.submit(job_id).execution_information.submitted_date_time

    fake.advance(3600)

    assert cc.jobs.get(job_id).execution_information.ended_date_time == submitted + timedelta(
        seconds=60
    )


def test_a_finished_job_shows_its_progress_as_over(
    fake: FakeContextCapture, cc: ContextCapture, job_id: str
) -> None:
    cc.jobs.submit(job_id)
    fake.advance(60)

    progress = cc.jobs.progress(job_id)

    assert (progress.state, progress.percentage, progress.step) == ("Over", 100, "Production")


def test_job_duration_can_be_changed_for_later_jobs(
    fake: FakeContextCapture, cc: ContextCapture, job_id: str
) -> None:
    fake.job_duration = 600
    cc.jobs.submit(job_id)

    fake.advance(300)

    assert cc.jobs.progress(job_id).percentage == 50


def test_a_job_told_to_fail_ends_failed_with_its_error(
    fake: FakeContextCapture, cc: ContextCapture, job_id: str
) -> None:
    fake.fail_job(job_id, code="NotEnoughTiePoints", message="Too few tie points.")
    cc.jobs.submit(job_id)

    fake.advance(60)

    job = cc.jobs.get(job_id)
    assert job.state == "failed"
    [error] = job.execution_information.errors
    assert (error.code, error.message) == ("NotEnoughTiePoints", "Too few tie points.")
    assert error.title == "Processing failed"
    assert error.params == []


def test_a_job_can_fail_part_way(fake: FakeContextCapture, cc: ContextCapture, job_id: str) -> None:
    fake.fail_job(job_id, at_percentage=56)
    cc.jobs.submit(job_id)

    fake.advance(33.6)

    progress = cc.jobs.progress(job_id)
    assert (progress.state, progress.percentage, progress.step) == ("Over", 56, "Reconstruction")
    assert cc.jobs.get(job_id).state == "failed"


def test_a_failure_planned_for_a_point_already_passed_happens_at_once(
    fake: FakeContextCapture, cc: ContextCapture, job_id: str
) -> None:
    cc.jobs.submit(job_id)
    fake.advance(30)

    fake.fail_job(job_id, at_percentage=10)

    assert cc.jobs.get(job_id).state == "failed"
    assert cc.jobs.progress(job_id).percentage == 50


def test_fail_job_without_an_id_fails_the_next_job_created(
    fake: FakeContextCapture, cc: ContextCapture, workspace_id: str
) -> None:
    fake.fail_job()
    doomed = create_job(cc, workspace_id)
    fine = create_job(cc, workspace_id)
    cc.jobs.submit(doomed.id)
    cc.jobs.submit(fine.id)

    fake.advance(60)

    assert (cc.jobs.get(doomed.id).state, cc.jobs.get(fine.id).state) == ("failed", "success")


def test_fail_job_of_an_unknown_job_is_an_error(fake: FakeContextCapture) -> None:
    with pytest.raises(KeyError):
        fake.fail_job("no-such-job")


def test_fail_job_of_an_ended_job_is_an_error(
    fake: FakeContextCapture, cc: ContextCapture, job_id: str
) -> None:
    cc.jobs.submit(job_id)
    fake.advance(60)

    with pytest.raises(ValueError, match="already over"):
        fake.fail_job(job_id)


def test_cancelling_an_active_job_stops_it(
    fake: FakeContextCapture, cc: ContextCapture, job_id: str
) -> None:
    cc.jobs.submit(job_id)
    fake.advance(30)

    cancelled = cc.jobs.cancel(job_id)
    fake.advance(60)

    assert cancelled.state == "cancelled"
    assert cc.jobs.get(job_id).state == "cancelled"
    progress = cc.jobs.progress(job_id)
    assert (progress.state, progress.percentage) == ("Over", 50)


def test_cancelling_an_unsubmitted_job_is_allowed(cc: ContextCapture, job_id: str) -> None:
    assert cc.jobs.cancel(job_id).state == "cancelled"


def test_cancelling_an_ended_job_is_refused(
    fake: FakeContextCapture, cc: ContextCapture, job_id: str
) -> None:
    cc.jobs.submit(job_id)
    fake.advance(60)

    with pytest.raises(UnprocessableEntityError) as caught:
        cc.jobs.cancel(job_id)

    assert caught.value.details[0].code == "InvalidChange"


# --- deletion -------------------------------------------------------------------------------------


def test_an_unsubmitted_job_can_be_deleted(cc: ContextCapture, job_id: str) -> None:
    cc.jobs.delete(job_id)

    with pytest.raises(NotFoundError, match="JobNotFound"):
        cc.jobs.get(job_id)


def test_the_progress_of_a_deleted_job_is_job_not_found(http: httpx.Client, job_id: str) -> None:
    http.delete(f"{JOBS}/{job_id}")

    response = http.get(f"{JOBS}/{job_id}/progress")

    assert response.status_code == 404
    assert response.json() == example("JobNotFound")


def test_a_submitted_job_cannot_be_deleted(
    cc: ContextCapture, http: httpx.Client, job_id: str
) -> None:
    cc.jobs.submit(job_id)

    response = http.delete(f"{JOBS}/{job_id}")

    assert response.status_code == 422
    assert response.json() == example("CannotDeleteSubmittedJob")


def test_the_fake_lists_its_jobs_as_get_answers_them(
    fake: FakeContextCapture, http: httpx.Client, job_id: str
) -> None:
    assert fake.jobs == {job_id: http.get(f"{JOBS}/{job_id}").json()["job"]}


# --- limits and access ----------------------------------------------------------------------------


def test_the_engines_limit_is_the_configured_one(cc: ContextCapture) -> None:
    assert cc.limits.engines(ITWIN_ID).max_engines == 25


def test_the_engines_limit_can_be_set() -> None:
    with (
        FakeContextCapture(max_engines=4) as fake,
        ContextCapture("token", base_url=fake.url) as cc,
    ):
        assert cc.limits.engines().max_engines == 4


def test_the_engines_limit_of_an_unknown_itwin_is_itwin_not_found() -> None:
    with FakeContextCapture(itwins=[ITWIN_ID]) as fake:
        response = httpx.get(
            fake.url + "/contextcapture/limits/engines",
            params={"iTwinId": str(uuid.uuid4())},
            headers={"Authorization": "Bearer token"},
        )

    assert response.status_code == 404
    assert response.json() == example("ITwinNotFound")


def test_user_access_is_allowed(cc: ContextCapture) -> None:
    access = cc.user_access.get()

    assert access.processing_allowed is True
