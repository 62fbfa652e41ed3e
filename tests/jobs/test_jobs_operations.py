"""Every jobs, limits and user-access operation with the reference's payloads, on both clients."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
import respx

from contextcapture import (
    ConfigurationError,
    JobState,
    NotFoundError,
    OutputFormat,
    Quality,
    RateLimitError,
    UnprocessableEntityError,
)
from tests.docs import example

JOB_ID = "cc3d35cc-416a-4262-9714-b359da70b419"
JOB_PATH = f"/contextcapture/jobs/{JOB_ID}"


def docs_create_arguments() -> dict[str, Any]:
    request = example("JobCreateRequest")
    return {
        "name": request["name"],
        "type": request["type"],
        "workspace_id": request["workspaceId"],
        "inputs": request["inputs"],
        "quality": Quality.EXTRA,
        "processing_engines": 5,
        "outputs": [OutputFormat.OBJ, OutputFormat.THREE_MX],
        "cost_estimation_parameters": request["costEstimationParameters"],
    }


def sent_json(route: respx.Route) -> Any:
    return json.loads(route.calls.last.request.content)


def test_create_sends_the_docs_request_and_returns_the_job(
    client: Any, api: respx.MockRouter
) -> None:
    route = api.post("/contextcapture/jobs").respond(201, json=example("JobCreated"))

    job = client.jobs.create(**docs_create_arguments())

    assert sent_json(route) == example("JobCreateRequest")
    assert job.id == JOB_ID
    assert JobState.parse(job.state) is JobState.UNSUBMITTED
    assert [output.format_ for output in job.job_settings.outputs] == ["OBJ", "3MX"]
    assert job.to_dict()["jobSettings"]["cacheSettings"]["createCache"] is True


def test_inputs_may_be_plain_reality_data_ids(client: Any, api: respx.MockRouter) -> None:
    route = api.post("/contextcapture/jobs").respond(201, json=example("JobCreated"))

    client.jobs.create(name="n", type="Full", workspace_id="w", inputs=["a", "b"])

    assert sent_json(route)["inputs"] == [{"id": "a"}, {"id": "b"}]
    assert sent_json(route)["settings"] == {}


def test_get_returns_execution_information(client: Any, api: respx.MockRouter) -> None:
    api.get(JOB_PATH).respond(200, json=example("JobSucceeded"))

    job = client.jobs.get(JOB_ID)

    assert job.execution_information.estimated_units == 0.05
    assert job.execution_information.ended_date_time.isoformat() == "2020-09-14T14:41:49+00:00"


@pytest.mark.parametrize(
    ("method", "body"),
    [("submit", {"state": "Active"}), ("cancel", {"state": "Cancelled"})],
)
def test_submit_and_cancel_patch_the_state(
    client: Any, api: respx.MockRouter, method: str, body: dict[str, str]
) -> None:
    route = api.patch(JOB_PATH).respond(200, json=example("JobSubmitted"))

    job = getattr(client.jobs, method)(JOB_ID)

    assert sent_json(route) == body
    assert job.id == JOB_ID


def test_estimate_cost_patches_the_docs_parameters(client: Any, api: respx.MockRouter) -> None:
    priced = example("JobSubmitted")
    priced["job"]["estimatedCost"] = 12.5
    route = api.patch(JOB_PATH).respond(200, json=priced)

    job = client.jobs.estimate_cost(JOB_ID, giga_pixels=2.5, mega_points=1.7, mesh_quality="Extra")

    assert sent_json(route) == example("JobPatchCostEstimation")
    assert job.estimated_cost == 12.5


def test_update_settings_patches_the_docs_settings(client: Any, api: respx.MockRouter) -> None:
    route = api.patch(JOB_PATH).respond(200, json=example("JobSubmitted"))

    client.jobs.update_settings(
        JOB_ID, quality="Extra", processing_engines=5, outputs=["OBJ", "3MX"]
    )

    assert sent_json(route) == example("JobPatchSettings")


def test_delete_answers_nothing(client: Any, api: respx.MockRouter) -> None:
    route = api.delete(JOB_PATH).respond(204)

    assert client.jobs.delete(JOB_ID) is None
    assert route.called


def test_deleting_a_submitted_job_raises_with_details(client: Any, api: respx.MockRouter) -> None:
    api.delete(JOB_PATH).respond(422, json=example("CannotDeleteSubmittedJob"))

    with pytest.raises(UnprocessableEntityError) as caught:
        client.jobs.delete(JOB_ID)

    assert caught.value.details[0].code == "InvalidChange"


def test_progress_returns_state_percentage_and_step(client: Any, api: respx.MockRouter) -> None:
    api.get(f"{JOB_PATH}/progress").respond(200, json=example("JobProgressActive"))

    progress = client.jobs.progress(JOB_ID)

    assert (progress.state, progress.percentage, progress.step) == ("Active", 56, "Reconstruction")


@pytest.mark.parametrize("operation", ["get", "progress", "submit", "delete"])
def test_unknown_job_is_not_found(client: Any, api: respx.MockRouter, operation: str) -> None:
    api.route(path__startswith=JOB_PATH).respond(404, json=example("JobNotFound"))

    with pytest.raises(NotFoundError) as caught:
        getattr(client.jobs, operation)(JOB_ID)

    assert caught.value.code == "JobNotFound"


def test_engines_limit_with_and_without_itwin(client: Any, api: respx.MockRouter) -> None:
    route = api.get("/contextcapture/limits/engines").respond(200, json=example("EnginesLimit"))

    assert client.limits.engines().max_engines == 25
    assert "iTwinId" not in route.calls.last.request.url.params
    assert client.limits.engines(itwin_id="3fa85f64-5717-4562-b3fc-2c963f66afa6").max_engines == 25
    assert route.calls.last.request.url.params["iTwinId"] == "3fa85f64-5717-4562-b3fc-2c963f66afa6"


def test_engines_limit_for_unknown_itwin(client: Any, api: respx.MockRouter) -> None:
    api.get("/contextcapture/limits/engines").respond(404, json=example("ITwinNotFound"))

    with pytest.raises(NotFoundError) as caught:
        client.limits.engines(itwin_id="nope")

    assert caught.value.code == "iTwinNotFound"


def test_user_access(client: Any, api: respx.MockRouter) -> None:
    api.get("/contextcapture/cost/access").respond(200, json=example("UserAccessAllowed"))

    assert client.user_access.get().processing_allowed is True


def test_rate_limited_create_is_retried_after_retry_after(
    client: Any, api: respx.MockRouter, clock: Any
) -> None:
    limited = httpx.Response(429, headers={"Retry-After": "2"}, json=example("TooManyRequests"))
    api.post("/contextcapture/jobs").mock(
        side_effect=[limited, httpx.Response(201, json=example("JobCreated"))]
    )

    job = client.jobs.create(**docs_create_arguments())

    assert job.id == JOB_ID
    assert clock.sleeps == [2.0]


def test_rate_limit_code_of_older_docs_is_understood(client: Any, api: respx.MockRouter) -> None:
    api.get(JOB_PATH).respond(429, json=example("TooManyRequests"))

    with pytest.raises(RateLimitError) as caught:
        client.jobs.get(JOB_ID, max_retries=0)

    assert caught.value.code == "TooManyRequests"
    assert caught.value.retry_after is None


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"inputs": []}, "at least one"),
        ({"inputs": "abc"}, "list"),
        ({"inputs": [{"description": "no id"}]}, "'id'"),
        ({"name": " "}, "name"),
        ({"type": ""}, "type"),
        ({"processing_engines": 0}, "processing_engines"),
        ({"processing_engines": True}, "processing_engines"),
        ({"outputs": "OBJ"}, "outputs"),
        ({"workspace_id": ".."}, "workspace_id"),
    ],
)
def test_bad_create_arguments_are_refused_before_sending(
    client: Any, api: respx.MockRouter, arguments: dict[str, Any], message: str
) -> None:
    route = api.post("/contextcapture/jobs").respond(201, json=example("JobCreated"))

    with pytest.raises(ConfigurationError, match=message):
        client.jobs.create(**{**docs_create_arguments(), **arguments})

    assert not route.called


@pytest.mark.parametrize(
    ("method", "arguments"),
    [
        ("estimate_cost", {}),
        ("estimate_cost", {"giga_pixels": -1}),
        ("estimate_cost", {"giga_pixels": "2"}),
        ("update_settings", {}),
    ],
)
def test_bad_patch_arguments_are_refused_before_sending(
    client: Any, api: respx.MockRouter, method: str, arguments: dict[str, Any]
) -> None:
    route = api.patch(JOB_PATH).respond(200, json=example("JobSubmitted"))

    with pytest.raises(ConfigurationError):
        getattr(client.jobs, method)(JOB_ID, **arguments)

    assert not route.called
