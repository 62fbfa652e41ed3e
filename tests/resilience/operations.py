"""Every operation the facade offers, with its request, its success answer and how to check it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.docs import ITWIN_ID, WORKSPACE_ID, example

JOB_ID = "cc3d35cc-416a-4262-9714-b359da70b419"
JOB_WORKSPACE_ID = "6881117d-9fd2-4900-870b-9b721dc90f25"


@dataclass(frozen=True)
class Operation:
    """One facade method: what it sends, what the service answers and how the result is checked."""

    name: str
    method: str
    path: str
    call: Callable[[Any], Any]
    status: int
    # Example answer (from the spec) and the member that wraps the model, or None for 204.
    example: str | None
    wrapper: str | None
    # Members of the wrapped model the spec requires.
    required: tuple[str, ...]
    check: Callable[[Any, dict[str, Any]], None]

    def payload(self) -> dict[str, Any]:
        return example(self.example) if self.example else {}

    def __str__(self) -> str:
        return self.name


def _workspace(result: Any, payload: dict[str, Any]) -> None:
    assert result.id == payload["workspace"]["id"]
    assert result.name == payload["workspace"]["name"]


def _job(result: Any, payload: dict[str, Any]) -> None:
    assert result.id == payload["job"]["id"]
    assert result.name == payload["job"]["name"]


def _progress(result: Any, payload: dict[str, Any]) -> None:
    assert result.percentage == payload["jobProgress"]["percentage"]


def _engines(result: Any, payload: dict[str, Any]) -> None:
    assert result.max_engines == payload["enginesLimit"]["maxEngines"]


def _access(result: Any, payload: dict[str, Any]) -> None:
    assert result.processing_allowed is payload["accessInfo"]["processingAllowed"]


def _nothing(result: Any, payload: dict[str, Any]) -> None:
    assert result is None


WORKSPACE_REQUIRED = ("id", "createdDateTime", "name", "iTwinId")
JOB_REQUIRED = ("id", "name", "type", "state", "workspaceId")
WORKSPACE_PATH = f"/contextcapture/workspaces/{WORKSPACE_ID}"
JOB_PATH = f"/contextcapture/jobs/{JOB_ID}"

OPERATIONS = (
    Operation(
        "workspaces.create",
        "POST",
        "/contextcapture/workspaces",
        lambda cc: cc.workspaces.create(name="My workspace", itwin_id=ITWIN_ID),
        201,
        "WorkspaceCreated",
        "workspace",
        WORKSPACE_REQUIRED,
        _workspace,
    ),
    Operation(
        "workspaces.get",
        "GET",
        WORKSPACE_PATH,
        lambda cc: cc.workspaces.get(WORKSPACE_ID),
        200,
        "WorkspaceCreated",
        "workspace",
        WORKSPACE_REQUIRED,
        _workspace,
    ),
    Operation(
        "workspaces.delete",
        "DELETE",
        WORKSPACE_PATH,
        lambda cc: cc.workspaces.delete(WORKSPACE_ID),
        204,
        None,
        None,
        (),
        _nothing,
    ),
    Operation(
        "jobs.create",
        "POST",
        "/contextcapture/jobs",
        lambda cc: cc.jobs.create(
            name="My first Reality Modeling job",
            type="Full",
            workspace_id=JOB_WORKSPACE_ID,
            inputs=["58e0c0ca-f730-4e5b-808d-1c8cacacb4d4"],
            outputs=["OBJ"],
        ),
        201,
        "JobCreated",
        "job",
        JOB_REQUIRED,
        _job,
    ),
    Operation(
        "jobs.get",
        "GET",
        JOB_PATH,
        lambda cc: cc.jobs.get(JOB_ID),
        200,
        "JobSucceeded",
        "job",
        JOB_REQUIRED,
        _job,
    ),
    Operation(
        "jobs.submit",
        "PATCH",
        JOB_PATH,
        lambda cc: cc.jobs.submit(JOB_ID),
        200,
        "JobSubmitted",
        "job",
        JOB_REQUIRED,
        _job,
    ),
    Operation(
        "jobs.cancel",
        "PATCH",
        JOB_PATH,
        lambda cc: cc.jobs.cancel(JOB_ID),
        200,
        "JobSubmitted",
        "job",
        JOB_REQUIRED,
        _job,
    ),
    Operation(
        "jobs.estimate_cost",
        "PATCH",
        JOB_PATH,
        lambda cc: cc.jobs.estimate_cost(JOB_ID, giga_pixels=2.5, mega_points=1.7),
        200,
        "JobCreated",
        "job",
        JOB_REQUIRED,
        _job,
    ),
    Operation(
        "jobs.update_settings",
        "PATCH",
        JOB_PATH,
        lambda cc: cc.jobs.update_settings(JOB_ID, quality="Extra"),
        200,
        "JobCreated",
        "job",
        JOB_REQUIRED,
        _job,
    ),
    Operation(
        "jobs.delete",
        "DELETE",
        JOB_PATH,
        lambda cc: cc.jobs.delete(JOB_ID),
        204,
        None,
        None,
        (),
        _nothing,
    ),
    Operation(
        "jobs.progress",
        "GET",
        f"{JOB_PATH}/progress",
        lambda cc: cc.jobs.progress(JOB_ID),
        200,
        "JobProgressActive",
        "jobProgress",
        (),
        _progress,
    ),
    Operation(
        "limits.engines",
        "GET",
        "/contextcapture/limits/engines",
        lambda cc: cc.limits.engines(ITWIN_ID),
        200,
        "EnginesLimit",
        "enginesLimit",
        (),
        _engines,
    ),
    Operation(
        "user_access.get",
        "GET",
        "/contextcapture/cost/access",
        lambda cc: cc.user_access.get(),
        200,
        "UserAccessAllowed",
        "accessInfo",
        (),
        _access,
    ),
)

OPERATIONS_BY_ROUTE = {(op.method, op.path): op for op in OPERATIONS}
