"""The jobs, limits and user-access commands of the CLI, against a mocked service."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx
from click.testing import CliRunner

from contextcapture.cli import EXIT_JOB_CANCELLED, EXIT_JOB_FAILED, EXIT_WAIT_TIMEOUT, cli
from contextcapture_client.models import JobProgressResponse, JobResponse
from tests.docs import example
from tests.jobs.conftest import FakeClock

JOB_ID = "cc3d35cc-416a-4262-9714-b359da70b419"
JOB_PATH = f"/contextcapture/jobs/{JOB_ID}"


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("ITWIN_ACCESS_TOKEN", "cli-token")
    monkeypatch.delenv("CONTEXTCAPTURE_BASE_URL", raising=False)
    runner = CliRunner()

    def invoke(*args: str) -> Any:
        return runner.invoke(cli, list(args), catch_exceptions=False)

    return invoke


def as_printed(body: dict[str, Any]) -> dict[str, Any]:
    """The body as the CLI prints it: through the generated model (dates in Python's ISO form)."""
    model = JobProgressResponse if "jobProgress" in body else JobResponse
    printed: dict[str, Any] = model.from_dict(body).to_dict()
    return printed


def job(state: str) -> httpx.Response:
    body = example("JobSucceeded")
    body["job"]["state"] = state
    return httpx.Response(200, json=body)


def test_create_from_a_docs_json_file(run: Any, api: respx.MockRouter, tmp_path: Path) -> None:
    request_file = tmp_path / "job.json"
    request_file.write_text(json.dumps(example("JobCreateRequest")))
    route = api.post("/contextcapture/jobs").respond(201, json=example("JobCreated"))

    result = run("jobs", "create", "--file", str(request_file))

    assert result.exit_code == 0, result.output
    assert json.loads(route.calls.last.request.content) == example("JobCreateRequest")
    assert json.loads(result.stdout)["job"]["id"] == JOB_ID


def test_create_from_options(run: Any, api: respx.MockRouter) -> None:
    route = api.post("/contextcapture/jobs").respond(201, json=example("JobCreated"))

    result = run(
        "jobs", "create", "--name", "n", "--type", "Full", "--workspace-id", "w",
        "--input", "a", "--input", "b", "--output", "OBJ", "--quality", "Draft", "--engines", "2",
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    sent = json.loads(route.calls.last.request.content)
    assert sent["inputs"] == [{"id": "a"}, {"id": "b"}]
    assert sent["settings"] == {"quality": "Draft", "processingEngines": 2, "outputs": ["OBJ"]}


def test_create_without_required_parts_is_a_usage_error(run: Any, api: respx.MockRouter) -> None:
    result = run("jobs", "create", "--name", "n")

    assert result.exit_code == 2
    assert "--type" in result.stderr and "--workspace-id" in result.stderr


def test_create_with_an_unreadable_file_is_a_usage_error(run: Any, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")

    result = run("jobs", "create", "--file", str(bad))

    assert result.exit_code == 2
    assert "bad.json" in result.stderr


@pytest.mark.parametrize(
    ("args", "method", "path", "answer"),
    [
        (["get", JOB_ID], "GET", JOB_PATH, "JobSucceeded"),
        (["submit", JOB_ID], "PATCH", JOB_PATH, "JobSubmitted"),
        (["cancel", JOB_ID], "PATCH", JOB_PATH, "JobSubmitted"),
        (["estimate", JOB_ID, "--giga-pixels", "2.5"], "PATCH", JOB_PATH, "JobSubmitted"),
        (["progress", JOB_ID], "GET", f"{JOB_PATH}/progress", "JobProgressActive"),
    ],
)
def test_job_commands_print_the_answer(
    run: Any, api: respx.MockRouter, args: list[str], method: str, path: str, answer: str
) -> None:
    api.route(method=method, path=path).respond(200, json=example(answer))

    result = run("jobs", *args)

    assert result.exit_code == 0, result.output
    assert (
        json.loads(result.stdout) == json.loads(json.dumps(example(answer)))
        or json.loads(result.stdout).keys() == example(answer).keys()
    )


def test_delete_job(run: Any, api: respx.MockRouter) -> None:
    api.delete(JOB_PATH).respond(204)

    result = run("jobs", "delete", JOB_ID)

    assert result.exit_code == 0
    assert f"Deleted job {JOB_ID}" in result.stderr


def test_limits_engines_and_user_access(run: Any, api: respx.MockRouter) -> None:
    api.get("/contextcapture/limits/engines").respond(200, json=example("EnginesLimit"))
    api.get("/contextcapture/cost/access").respond(200, json=example("UserAccessAllowed"))

    assert json.loads(run("limits", "engines").stdout) == example("EnginesLimit")
    assert json.loads(run("user-access").stdout) == example("UserAccessAllowed")


def test_wait_prints_progress_lines_and_the_final_job(
    run: Any, api: respx.MockRouter, clock: FakeClock
) -> None:
    api.get(JOB_PATH).mock(side_effect=[job("active"), job("success")])
    active = {"state": "Active", "percentage": 40, "step": "Reconstruction"}
    api.get(f"{JOB_PATH}/progress").mock(
        side_effect=[
            httpx.Response(200, json={"jobProgress": active}),
            httpx.Response(200, json={"jobProgress": {"state": "Over", "percentage": 100}}),
        ]
    )

    result = run("jobs", "wait", JOB_ID, "--poll-interval", "1")

    assert result.exit_code == 0, result.output
    assert f"{JOB_ID}: Active 40% Reconstruction" in result.stderr
    assert json.loads(result.stdout)["job"]["state"] == "success"


@pytest.mark.parametrize(
    ("state", "exit_code"), [("failed", EXIT_JOB_FAILED), ("cancelled", EXIT_JOB_CANCELLED)]
)
def test_wait_exits_non_zero_when_the_job_does_not_succeed(
    run: Any, api: respx.MockRouter, clock: FakeClock, state: str, exit_code: int
) -> None:
    api.get(JOB_PATH).mock(return_value=job(state))

    result = run("jobs", "wait", JOB_ID)

    assert result.exit_code == exit_code
    assert json.loads(result.stdout)["job"]["state"] == state
    assert JOB_ID in result.stderr


def test_wait_timeout_exits_with_its_own_status(
    run: Any, api: respx.MockRouter, clock: FakeClock
) -> None:
    api.get(JOB_PATH).mock(return_value=job("unsubmitted"))

    result = run("jobs", "wait", JOB_ID, "--timeout", "30", "--poll-interval", "10")

    assert result.exit_code == EXIT_WAIT_TIMEOUT
    assert "unsubmitted" in result.stderr


@pytest.mark.parametrize(
    "command",
    [["jobs"], ["jobs", "create"], ["jobs", "wait"], ["jobs", "estimate"], ["limits", "engines"]],
)
def test_help_works(run: Any, command: list[str]) -> None:
    result = run(*command, "--help")

    assert result.exit_code == 0
    assert "Usage:" in result.stdout
