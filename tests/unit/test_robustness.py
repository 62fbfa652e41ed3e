"""Bad input and odd answers found by trying to break the client: each gets a documented error."""

from __future__ import annotations

import copy
import json
import logging
import pickle
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx
from click.testing import CliRunner

from contextcapture import (
    APIConnectionError,
    APIError,
    ConfigurationError,
    ContextCapture,
    JobFailedError,
    JobState,
    NotFoundError,
    RateLimitError,
)
from contextcapture.cli import cli
from contextcapture_client.models import Job
from tests.docs import example
from tests.unit.conftest import BASE_URL, TOKEN

JOB_ID = "cc3d35cc-416a-4262-9714-b359da70b419"
ITWIN_ID = "3fa85f64-5717-4562-b3fc-2c963f66afa6"


@pytest.fixture
def cc() -> Any:
    with ContextCapture(TOKEN, base_url=BASE_URL) as client:
        yield client


@pytest.mark.parametrize("status", [300, 301, 302, 307])
def test_a_redirect_without_location_is_an_api_error(
    cc: ContextCapture, api: respx.MockRouter, status: int
) -> None:
    api.get("/contextcapture/workspaces/w").respond(status)
    api.post("/contextcapture/workspaces").respond(status)

    with pytest.raises(APIError, match="no Location header"):
        cc.workspaces.get("w")
    with pytest.raises(APIError, match="no Location header"):
        cc.workspaces.create(name="n", itwin_id=ITWIN_ID)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -1.0])
def test_non_finite_or_negative_cost_parameters_are_refused(
    cc: ContextCapture, api: respx.MockRouter, value: float
) -> None:
    route = api.patch(f"/contextcapture/jobs/{JOB_ID}").respond(200, json=example("JobSubmitted"))

    with pytest.raises(ConfigurationError):
        cc.jobs.estimate_cost(JOB_ID, giga_pixels=value)

    assert not route.called


def test_a_value_json_cannot_carry_is_refused_before_sending(
    cc: ContextCapture, api: respx.MockRouter
) -> None:
    route = api.post("/contextcapture/jobs").respond(201, json=example("JobCreated"))

    with pytest.raises(ConfigurationError, match="cannot send POST"):
        cc.jobs.create(
            name="n",
            type="Full",
            workspace_id="w",
            inputs=["a"],
            cost_estimation_parameters={"gigaPixels": float("nan")},
        )

    assert not route.called


@pytest.mark.parametrize(
    "arguments",
    [
        {"outputs": 5},
        {"outputs": [None]},
        {"outputs": [""]},
        {"cache_settings": "x"},
        {"cache_settings": [1]},
    ],
)
def test_bad_settings_are_configuration_errors(
    cc: ContextCapture, api: respx.MockRouter, arguments: dict[str, Any]
) -> None:
    route = api.post("/contextcapture/jobs").respond(201, json=example("JobCreated"))

    with pytest.raises(ConfigurationError):
        cc.jobs.create(name="n", type="Full", workspace_id="w", inputs=["a"], **arguments)

    assert not route.called


@pytest.mark.parametrize("timeout", ["x", -5, 0, float("nan"), True])
def test_bad_timeouts_are_refused_at_construction_and_per_call(
    api: respx.MockRouter, timeout: Any
) -> None:
    route = api.get("/contextcapture/workspaces/w").respond(200, json=example("WorkspaceCreated"))

    with pytest.raises(ConfigurationError, match="timeout"):
        ContextCapture(TOKEN, base_url=BASE_URL, timeout=timeout)
    with ContextCapture(TOKEN, base_url=BASE_URL) as cc, pytest.raises(ConfigurationError):
        cc.workspaces.get("w", timeout=timeout)

    assert not route.called


def test_an_id_too_long_for_a_url_is_a_configuration_error(cc: ContextCapture) -> None:
    with pytest.raises(ConfigurationError):
        cc.workspaces.get("x" * 70_000)


@pytest.mark.parametrize(
    "arguments", [{"poll_interval": "x"}, {"poll_interval": None}, {"timeout": "5"}]
)
def test_bad_wait_arguments_are_configuration_errors(
    cc: ContextCapture, arguments: dict[str, Any]
) -> None:
    with pytest.raises(ConfigurationError):
        cc.jobs.wait(JOB_ID, **arguments)


def test_a_foreign_http_client_is_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError, match=r"httpx\.Client"):
        ContextCapture(TOKEN, base_url=BASE_URL, http_client=object())  # type: ignore[arg-type]


def test_known_value_parse_passes_non_strings_through() -> None:
    assert JobState.parse(None) is None  # type: ignore[arg-type]


def test_a_closed_client_says_so(api: respx.MockRouter) -> None:
    cc = ContextCapture(TOKEN, base_url=BASE_URL)
    cc.close()

    with pytest.raises(ConfigurationError, match="closed"):
        cc.workspaces.get("w")


def test_a_base_url_with_a_password_is_refused_without_showing_it() -> None:
    with pytest.raises(ConfigurationError) as caught:
        ContextCapture(TOKEN, base_url="https://user:hunter2secret@api.example.test")

    assert "hunter2secret" not in str(caught.value)


@pytest.mark.parametrize("token", ["bearer", "Bearer  ", " BEARER "])
def test_a_bare_bearer_prefix_is_not_a_token(token: str) -> None:
    with pytest.raises(ConfigurationError, match="empty"):
        ContextCapture(token, base_url=BASE_URL)


def test_the_library_logger_has_a_null_handler() -> None:
    handlers = logging.getLogger("contextcapture").handlers

    assert any(isinstance(handler, logging.NullHandler) for handler in handlers)


def test_job_polling_backs_off_while_the_job_is_unsubmitted(
    cc: ContextCapture, api: respx.MockRouter, waits: list[float]
) -> None:
    body = example("JobCreated")
    finished = example("JobSucceeded")
    answers = [httpx.Response(200, json=body) for _ in range(6)]
    api.get(f"/contextcapture/jobs/{JOB_ID}").mock(
        side_effect=[*answers, httpx.Response(200, json=finished)]
    )

    cc.jobs.wait(JOB_ID, poll_interval=1, max_poll_interval=8)

    assert waits == [1, 2, 4, 8, 8, 8]


class TestErrorsCrossProcessBoundaries:
    """Errors survive pickling and copying (multiprocessing, task queues) with their fields."""

    def test_api_errors_pickle_and_copy(self, cc: ContextCapture, api: respx.MockRouter) -> None:
        api.get("/contextcapture/workspaces/w").respond(404, json=example("WorkspaceNotFound"))
        with pytest.raises(NotFoundError) as caught:
            cc.workspaces.get("w")

        for clone in (pickle.loads(pickle.dumps(caught.value)), copy.copy(caught.value)):
            assert type(clone) is NotFoundError
            assert (clone.status_code, clone.code) == (404, "WorkspaceNotFound")
            assert str(clone) == str(caught.value)

    def test_rate_limit_keeps_retry_after(self, cc: ContextCapture, api: respx.MockRouter) -> None:
        limited = httpx.Response(
            429, headers={"Retry-After": "7"}, json=example("RateLimitExceeded")
        )
        api.get("/contextcapture/workspaces/w").mock(return_value=limited)
        with pytest.raises(RateLimitError) as caught:
            cc.workspaces.get("w", max_retries=0)

        assert pickle.loads(pickle.dumps(caught.value)).retry_after == 7.0

    def test_job_errors_pickle(self) -> None:
        job = Job.from_dict(example("JobSucceeded")["job"])
        error = JobFailedError("job failed", job=job, errors=[])

        clone = pickle.loads(pickle.dumps(error))

        assert clone.job.id == JOB_ID

    def test_a_kept_request_carries_no_token(
        self, cc: ContextCapture, api: respx.MockRouter
    ) -> None:
        api.get("/contextcapture/workspaces/w").respond(404, json=example("WorkspaceNotFound"))
        api.get("/contextcapture/workspaces/x").mock(side_effect=httpx.ConnectError("refused"))
        with pytest.raises(NotFoundError) as not_found:
            cc.workspaces.get("w")
        with pytest.raises(APIConnectionError) as unreachable:
            cc.workspaces.get("x", max_retries=0)

        assert TOKEN not in repr(not_found.value.response.request.headers.raw)
        assert unreachable.value.request is not None
        assert TOKEN not in repr(unreachable.value.request.headers.raw)
        assert TOKEN not in repr(pickle.dumps(not_found.value))


class TestCommandLine:
    @pytest.fixture
    def run(self, monkeypatch: pytest.MonkeyPatch) -> Any:
        monkeypatch.setenv("ITWIN_ACCESS_TOKEN", TOKEN)
        return lambda *args: CliRunner().invoke(cli, list(args))

    @pytest.mark.parametrize(
        "changes",
        [
            {"settings": "oops"},
            {"costEstimationParameters": [1, 2]},
            {"costEstimationParameters": "x"},
            {"settings": {"outputs": 5}},
            {"settings": {"cacheSettings": "x"}},
            {"costEstimationParameters": {"gigaPixels": float("nan")}},
        ],
    )
    def test_a_job_file_of_the_wrong_shape_is_a_usage_error(
        self, run: Any, api: respx.MockRouter, tmp_path: Path, changes: dict[str, Any]
    ) -> None:
        route = api.post("/contextcapture/jobs").respond(201, json=example("JobCreated"))
        job_file = tmp_path / "job.json"
        job_file.write_text(json.dumps({**example("JobCreateRequest"), **changes}))

        result = run("jobs", "create", "--file", str(job_file))

        assert result.exit_code == 2, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert not route.called

    def test_a_deeply_nested_job_file_is_a_usage_error(self, run: Any, tmp_path: Path) -> None:
        job_file = tmp_path / "deep.json"
        job_file.write_text("[" * 100_000 + "]" * 100_000)

        result = run("jobs", "create", "--file", str(job_file))

        assert result.exit_code == 2
        assert isinstance(result.exception, SystemExit)

    @pytest.mark.parametrize("value", ["nan", "inf", "-inf"])
    def test_non_finite_numbers_are_refused_by_the_options(self, run: Any, value: str) -> None:
        result = run("jobs", "estimate", JOB_ID, "--giga-pixels", value)

        assert result.exit_code == 2
        assert "finite" in result.output or "range" in result.output
