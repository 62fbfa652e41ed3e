"""jobs.wait follows a job to its end: scripted service answers, a fake clock, both clients."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import respx

from contextcapture import (
    ConfigurationError,
    JobCancelledError,
    JobFailedError,
    JobState,
    JobWaitTimeoutError,
    ServerError,
)
from tests.docs import example
from tests.jobs.conftest import FakeClock

JOB_ID = "cc3d35cc-416a-4262-9714-b359da70b419"
JOB_PATH = f"/contextcapture/jobs/{JOB_ID}"


def job_body(state: str, **extra: Any) -> dict[str, Any]:
    body = example("JobSucceeded")
    body["job"]["state"] = state
    body["job"].update(extra)
    return body


def job(state: str, **extra: Any) -> httpx.Response:
    return httpx.Response(200, json=job_body(state, **extra))


def progress(state: str, percentage: int, step: str | None = None) -> httpx.Response:
    body: dict[str, Any] = {"state": state, "percentage": percentage}
    if step is not None:
        body["step"] = step
    return httpx.Response(200, json={"jobProgress": body})


def script(
    api: respx.MockRouter, jobs: list[httpx.Response], progresses: list[httpx.Response]
) -> None:
    api.get(JOB_PATH).mock(side_effect=jobs)
    api.get(f"{JOB_PATH}/progress").mock(side_effect=progresses)


def test_follows_unsubmitted_then_active_progress_to_success(
    client: Any, api: respx.MockRouter, clock: FakeClock
) -> None:
    script(
        api,
        jobs=[job("unsubmitted"), job("active"), job("success")],
        progresses=[
            progress("Active", 0, "Preparing"),
            progress("Active", 40, "Reconstruction"),
            progress("Over", 100),
        ],
    )
    seen: list[tuple[Any, ...]] = []

    final = client.jobs.wait(
        JOB_ID, poll_interval=15, on_progress=lambda p: seen.append((p.state, p.percentage, p.step))
    )

    assert JobState.parse(final.state) is JobState.SUCCESS
    assert seen[:2] == [("Active", 0, "Preparing"), ("Active", 40, "Reconstruction")]
    assert seen[2][:2] == ("Over", 100)


def test_progress_that_does_not_change_backs_off_up_to_the_cap(
    client: Any, api: respx.MockRouter, clock: FakeClock
) -> None:
    same = [progress("Active", 10, "Reconstruction") for _ in range(6)]
    script(api, jobs=[job("active"), job("success")], progresses=[*same, progress("Over", 100)])

    client.jobs.wait(JOB_ID, poll_interval=15, max_poll_interval=120)

    assert clock.sleeps[:6] == [15, 30, 60, 120, 120, 120]


def test_a_change_in_percentage_restarts_the_backoff(
    client: Any, api: respx.MockRouter, clock: FakeClock
) -> None:
    answers = [progress("Active", 10), progress("Active", 10), progress("Active", 10)]
    answers += [progress("Active", 20), progress("Over", 100)]
    script(api, jobs=[job("active"), job("success")], progresses=answers)

    client.jobs.wait(JOB_ID, poll_interval=15)

    assert clock.sleeps[:4] == [15, 30, 60, 15]


def test_failed_job_raises_with_the_job_and_its_errors(
    client: Any, api: respx.MockRouter, clock: FakeClock
) -> None:
    errors = [{"code": "E42", "title": "Not enough tie points", "message": "Calibration failed."}]
    failed = job("failed", executionInformation={"errors": errors, "warnings": []})
    script(api, jobs=[job("active"), failed], progresses=[progress("Over", 100)])

    with pytest.raises(JobFailedError) as caught:
        client.jobs.wait(JOB_ID, poll_interval=1)

    assert caught.value.job.id == JOB_ID
    assert [e.code for e in caught.value.errors] == ["E42"]
    assert "E42: Calibration failed." in str(caught.value)


def test_cancelled_job_raises_job_cancelled(
    client: Any, api: respx.MockRouter, clock: FakeClock
) -> None:
    script(api, jobs=[job("active"), job("Cancelled")], progresses=[progress("Over", 30)])

    with pytest.raises(JobCancelledError) as caught:
        client.jobs.wait(JOB_ID, poll_interval=1)

    assert caught.value.job.state == "Cancelled"


def test_timeout_names_the_last_seen_state_and_progress(
    client: Any, api: respx.MockRouter, clock: FakeClock
) -> None:
    api.get(JOB_PATH).mock(return_value=job("active"))
    api.get(f"{JOB_PATH}/progress").mock(return_value=progress("Active", 40, "Reconstruction"))

    with pytest.raises(JobWaitTimeoutError) as caught:
        client.jobs.wait(JOB_ID, poll_interval=10, timeout=100)

    assert caught.value.state == "active"
    assert caught.value.progress is not None and caught.value.progress.percentage == 40
    assert "active" in str(caught.value) and "40%" in str(caught.value)
    assert sum(clock.sleeps) == pytest.approx(100)
    assert isinstance(caught.value, TimeoutError)


def test_rate_limiting_in_the_middle_of_polling_is_waited_out(
    client: Any, api: respx.MockRouter, clock: FakeClock
) -> None:
    limited = httpx.Response(429, headers={"Retry-After": "7"}, json=example("RateLimitExceeded"))
    script(
        api,
        jobs=[job("active"), job("success")],
        progresses=[progress("Active", 10), limited, limited, limited, progress("Over", 100)],
    )

    final = client.jobs.wait(JOB_ID, poll_interval=5)

    assert JobState.parse(final.state) is JobState.SUCCESS
    assert 7 in clock.sleeps


def test_a_long_outage_ends_the_wait(client: Any, api: respx.MockRouter, clock: FakeClock) -> None:
    api.get(JOB_PATH).mock(return_value=job("active"))
    api.get(f"{JOB_PATH}/progress").mock(return_value=httpx.Response(500, text="down"))

    with pytest.raises(ServerError):
        client.jobs.wait(JOB_ID, poll_interval=1)


def test_progress_gone_falls_back_to_the_job(
    client: Any, api: respx.MockRouter, clock: FakeClock
) -> None:
    gone = httpx.Response(404, json={"error": {"code": "JobNotFound", "message": "gone"}})
    script(api, jobs=[job("active"), job("success")], progresses=[gone])

    final = client.jobs.wait(JOB_ID, poll_interval=1)

    assert JobState.parse(final.state) is JobState.SUCCESS


def test_unknown_job_state_keeps_waiting(
    client: Any, api: respx.MockRouter, clock: FakeClock
) -> None:
    api.get(JOB_PATH).mock(side_effect=[job("queued"), job("queued"), job("SUCCESS")])

    final = client.jobs.wait(JOB_ID, poll_interval=1)

    assert final.state == "SUCCESS"
    assert len(clock.sleeps) == 2


@pytest.mark.parametrize(
    "arguments",
    [{"poll_interval": 0}, {"poll_interval": 10, "max_poll_interval": 5}, {"timeout": -1}],
)
def test_bad_wait_arguments_are_refused_before_polling(
    client: Any, api: respx.MockRouter, arguments: dict[str, float]
) -> None:
    route = api.get(JOB_PATH).mock(return_value=job("active"))

    with pytest.raises(ConfigurationError):
        client.jobs.wait(JOB_ID, **arguments)

    assert not route.called
