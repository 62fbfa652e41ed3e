"""Jobs parse whatever the service says about values it controls, and keep what it adds."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
import respx

from contextcapture import InvalidResponseError, JobState, ProgressState
from tests.docs import example

JOB_ID = "cc3d35cc-416a-4262-9714-b359da70b419"
JOB_PATH = f"/contextcapture/jobs/{JOB_ID}"


def serve_job(api: respx.MockRouter, **changes: Any) -> None:
    body = example("JobSucceeded")
    body["job"].update(changes)
    api.get(JOB_PATH).respond(200, json=body)


def test_unknown_job_state_is_carried_through(cc: Any, api: respx.MockRouter) -> None:
    serve_job(api, state="paused")

    job = cc.jobs.get(JOB_ID)

    assert job.state == "paused"
    assert JobState.parse(job.state) == "paused"


@pytest.mark.parametrize("state", ["Active", "ACTIVE", "active"])
def test_state_in_any_letter_case_is_recognised(cc: Any, api: respx.MockRouter, state: str) -> None:
    serve_job(api, state=state)

    assert JobState.parse(cc.jobs.get(JOB_ID).state) is JobState.ACTIVE


def test_unknown_type_quality_and_output_format_parse(cc: Any, api: respx.MockRouter) -> None:
    settings = {
        "quality": "Ultra",
        "outputs": [{"format": "USDZ", "id": "x"}],
        "processingEngines": 1,
    }
    serve_job(api, type="Hologram", jobSettings=settings)

    job = cc.jobs.get(JOB_ID)

    assert (job.type_, job.job_settings.quality) == ("Hologram", "Ultra")
    assert job.job_settings.outputs[0].format_ == "USDZ"


def test_missing_optional_blocks_parse(cc: Any, api: respx.MockRouter) -> None:
    minimal = {
        "id": JOB_ID,
        "name": "n",
        "type": "Full",
        "state": "unsubmitted",
        "workspaceId": "w",
    }
    api.get(JOB_PATH).respond(200, json={"job": minimal})

    job = cc.jobs.get(JOB_ID)

    assert job.to_dict() == minimal


def test_null_optional_blocks_parse_as_absent(cc: Any, api: respx.MockRouter) -> None:
    serve_job(api, executionInformation=None, jobSettings=None, estimatedCost=None)

    job = cc.jobs.get(JOB_ID)

    assert "executionInformation" not in job.to_dict()


def test_unknown_fields_everywhere_are_kept(cc: Any, api: respx.MockRouter) -> None:
    body = example("JobSucceeded")
    body["job"]["dataCenter"] = "EU"
    body["job"]["executionInformation"]["costUnits"] = 3
    body["job"]["inputs"][0]["kind"] = "CCImageCollection"
    body["meta"] = {"page": 1}
    api.get(JOB_PATH).respond(200, json=body)

    job = cc.jobs.get(JOB_ID)

    assert job.additional_properties == {"dataCenter": "EU"}
    assert job.to_dict()["executionInformation"]["costUnits"] == 3
    assert job.to_dict()["inputs"][0]["kind"] == "CCImageCollection"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2020-09-14T14:29:55Z", datetime(2020, 9, 14, 14, 29, 55, tzinfo=UTC)),
        ("2020-09-14T14:29:55.436Z", datetime(2020, 9, 14, 14, 29, 55, 436000, tzinfo=UTC)),
        (
            "2020-09-14T16:29:55.1234567+02:00",
            datetime(2020, 9, 14, 16, 29, 55, 123456, tzinfo=timezone(timedelta(hours=2))),
        ),
        ("2020-09-14T09:29:55-05:00", datetime(2020, 9, 14, 14, 29, 55, tzinfo=UTC)),
    ],
)
def test_date_times_with_any_precision_and_offset_parse(
    cc: Any, api: respx.MockRouter, text: str, expected: datetime
) -> None:
    serve_job(api, createdDateTime=text)

    assert cc.jobs.get(JOB_ID).created_date_time == expected


def test_progress_state_in_any_case(cc: Any, api: respx.MockRouter) -> None:
    api.get(f"{JOB_PATH}/progress").respond(
        200, json={"jobProgress": {"state": "over", "percentage": 100, "step": "Done"}}
    )

    assert ProgressState.parse(cc.jobs.progress(JOB_ID).state) is ProgressState.OVER


def test_job_without_its_id_is_an_invalid_response(cc: Any, api: respx.MockRouter) -> None:
    body = example("JobSucceeded")
    del body["job"]["id"]
    api.get(JOB_PATH).respond(200, json=body)

    with pytest.raises(InvalidResponseError) as caught:
        cc.jobs.get(JOB_ID)

    assert caught.value.status_code == 200
