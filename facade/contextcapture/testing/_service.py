"""
What the fake service knows and does: workspaces, jobs and their life, limits, cost estimates.

Requests reaching this module have already been checked against the spec; it answers them the way
the real service would, with the reference's error bodies where the reference has one.

A job's life, on the fake clock:

    unsubmitted --PATCH state=Active--> active --job_duration--> success
         |                                |  \\--fail_job()--> failed
         |                                \\--PATCH state=Cancelled--> cancelled
         \\--PATCH state=Cancelled--> cancelled

While active, progress runs linearly from 0 to 100 % over `job_duration` fake seconds through the
steps of `JOB_STEPS`. Times are kept as fake seconds and become date-times only in answers, so
an ended job's `endedDateTime` is the moment it ended, not the moment someone looked.
"""

from __future__ import annotations

import copy
import math
import threading
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ._clock import Clock, format_datetime

__all__ = [
    "DEFAULT_CONTEXTCAPTURE_VERSION",
    "JOB_STEPS",
    "MESH_QUALITY_FACTORS",
    "Answer",
    "JobFailure",
    "Service",
    "error_body",
    "estimated_cost",
]

# (step name, percentage at which it starts), in order. The reference documents no list of steps;
# these are the stages of a ContextCapture reconstruction.
JOB_STEPS: tuple[tuple[str, int], ...] = (
    ("Preparing", 0),
    ("Aerotriangulation", 10),
    ("Reconstruction", 40),
    ("Production", 90),
)

# Cost units per gigapixel at each mesh quality; a million points costs half a gigapixel.
MESH_QUALITY_FACTORS: Mapping[str, float] = {"draft": 0.5, "medium": 1.0, "extra": 2.0}
POINTS_WEIGHT = 0.5

DEFAULT_CONTEXTCAPTURE_VERSION = "20.1"
DEFAULT_LOCATION = "East US"
DEFAULT_EMAIL = "fake.user@example.com"

ACTIVE_STATES = frozenset({"unsubmitted", "active"})


@dataclass(frozen=True)
class Answer:
    """A response: status, JSON body (None for none) and extra headers."""

    status: int
    body: Any = None
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class JobFailure:
    """How a job told to fail will fail: its execution error, and when (percentage of the run)."""

    code: str = "ProcessingFailed"
    title: str = "Processing failed"
    message: str = "The reconstruction failed."
    params: tuple[str, ...] = ()
    at_percentage: int = 100

    def __post_init__(self) -> None:
        if isinstance(self.at_percentage, bool) or not 0 <= self.at_percentage <= 100:
            raise ValueError(f"at_percentage must be 0 to 100, got {self.at_percentage!r}")

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "title": self.title,
            "message": self.message,
            "params": list(self.params),
        }


def estimated_cost(parameters: Mapping[str, Any], default_quality: str | None = None) -> float:
    """
    The fake's cost estimate, in processing units:

        (gigaPixels + 0.5 * megaPoints) * factor[meshQuality]

    with factor Draft 0.5, Medium 1, Extra 2 (letter case ignored; other or missing qualities
    count as Medium, after falling back to the job's `quality` setting), missing sizes counting
    as 0, rounded to 4 decimals. The real service's formula is not published.

    Sizes too large for a float give an infinite (or NaN) estimate; the fake refuses such jobs.
    """
    return round(sum(_cost_terms(parameters, default_quality).values()), 4)


def _cost_terms(parameters: Mapping[str, Any], default_quality: str | None) -> dict[str, float]:
    """What each size adds to the estimate, by field name."""
    quality = parameters.get("meshQuality") or default_quality or "Medium"
    factor = MESH_QUALITY_FACTORS.get(str(quality).lower(), 1.0)
    return {
        "gigaPixels": _as_float(parameters.get("gigaPixels") or 0) * factor,
        "megaPoints": POINTS_WEIGHT * _as_float(parameters.get("megaPoints") or 0) * factor,
    }


def _as_float(value: float) -> float:
    try:
        return float(value)
    except OverflowError:  # an int too large for a float
        return math.inf if value > 0 else -math.inf


def step_at(percentage: int) -> str:
    """The name of the step a job is in at `percentage`."""
    current = JOB_STEPS[0][0]
    for name, starts_at in JOB_STEPS:
        if percentage >= starts_at:
            current = name
    return current


def error_body(
    code: str,
    message: str,
    *,
    details: Sequence[tuple[str, str, str | None]] = (),
    target: str | None = None,
) -> dict[str, Any]:
    """An ErrorResponse body; with (code, message, target) details, a DetailedErrorResponse."""
    error: dict[str, Any] = {"code": code, "message": message}
    if target is not None:
        error["target"] = target
    if details:
        error["details"] = [
            {"code": d_code, "message": d_message} | ({"target": d_target} if d_target else {})
            for d_code, d_message, d_target in details
        ]
    return {"error": error}


def invalid_request(message: str, detail: str, *, target: str | None = None) -> Answer:
    """422 in the reference's shape: InvalidContextCaptureRequest with one InvalidParameter."""
    body = error_body(
        "InvalidContextCaptureRequest", message, details=[("InvalidParameter", detail, target)]
    )
    return Answer(422, body)


@dataclass
class _Job:
    """A job: what the service answers about it, plus the fake's bookkeeping of its run."""

    fields: dict[str, Any]
    created_at: float
    modified_at: float
    submitted_at: float | None = None
    ends_at: float | None = None
    ended_at: float | None = None
    duration: float = 60.0
    failure: JobFailure | None = None

    @property
    def state(self) -> str:
        state: str = self.fields["state"]
        return state


class Service:
    """
    The fake ContextCapture service's state and behaviour, safe to use from many threads.

    `documented(name)` gives the body of `components/examples/<name>` from the spec, so that the
    error bodies the reference documents are answered word for word.
    """

    def __init__(
        self,
        clock: Clock,
        documented: Callable[[str], Any],
        *,
        job_duration: float,
        max_engines: int,
        itwins: Iterable[str] | None,
    ) -> None:
        self.clock = clock
        self._documented = documented
        self.job_duration = job_duration
        self.max_engines = max_engines
        self.itwins = None if itwins is None else {str(itwin).lower() for itwin in itwins}
        self._lock = threading.RLock()
        self._workspaces: dict[str, dict[str, Any]] = {}
        self._jobs: dict[str, _Job] = {}
        self._next_failures: list[JobFailure] = []
        self.handlers: Mapping[str, Callable[..., Answer]] = {
            "create-workspace": self.create_workspace,
            "get-workspace": self.get_workspace,
            "delete-workspace": self.delete_workspace,
            "create-job": self.create_job,
            "get-job": self.get_job,
            "update-job": self.update_job,
            "delete-job": self.delete_job,
            "get-job-progress": self.get_job_progress,
            "get-engines-limit": self.get_engines_limit,
            "get-user-access": self.get_user_access,
        }

    # --- control from the test --------------------------------------------------------------------

    def reset(self) -> None:
        with self._lock:
            self._workspaces.clear()
            self._jobs.clear()
            self._next_failures.clear()

    def fail_job(self, job_id: str | None, failure: JobFailure) -> None:
        """Make job `job_id` fail, or (None) the next job created."""
        with self._lock:
            if job_id is None:
                self._next_failures.append(failure)
                return
            job = self._jobs.get(job_id)
            if job is None:
                raise KeyError(f"no job {job_id!r} in the fake")
            now = self.clock.seconds()
            self._settle(job, now)
            if job.state not in ACTIVE_STATES:
                raise ValueError(f"job {job_id} is already over ({job.state})")
            job.failure = failure
            if job.submitted_at is not None:
                self._plan_end(job, now)

    def workspaces(self) -> dict[str, dict[str, Any]]:
        with self._lock:
            return copy.deepcopy(self._workspaces)

    def jobs(self) -> dict[str, dict[str, Any]]:
        with self._lock:
            now = self.clock.seconds()
            return {job_id: self._job_json(job, now) for job_id, job in self._jobs.items()}

    # --- workspaces -------------------------------------------------------------------------------

    def create_workspace(self, body: Mapping[str, Any], **_: Any) -> Answer:
        itwin_id = body.get("iTwinId")
        if itwin_id is None:
            # The spec lets iTwinId out (the reference's table marks it optional) but a workspace
            # lives in an iTwin and its answer must name one.
            return invalid_request(
                "Cannot create workspace.", "iTwinId is required.", target="iTwinId"
            )
        if not self._knows_itwin(itwin_id):
            return invalid_request(
                "Cannot create workspace.",
                f"iTwin {itwin_id} is not available.",
                target="iTwinId",
            )

        with self._lock:
            workspace = {
                "id": str(uuid.uuid4()),
                "createdDateTime": format_datetime(self.clock.now()),
                "name": body["name"],
                "iTwinId": itwin_id,
                "contextCaptureVersion": body.get(
                    "contextCaptureVersion", DEFAULT_CONTEXTCAPTURE_VERSION
                ),
            }
            self._workspaces[workspace["id"]] = workspace
            return Answer(201, {"workspace": copy.deepcopy(workspace)})

    def get_workspace(self, id: str, **_: Any) -> Answer:
        with self._lock:
            workspace = self._workspaces.get(id)
            if workspace is None:
                return Answer(404, self._documented("WorkspaceNotFound"))
            return Answer(200, {"workspace": copy.deepcopy(workspace)})

    def delete_workspace(self, id: str, **_: Any) -> Answer:
        # Limitation: jobs of a deleted workspace stay readable; the reference does not say.
        with self._lock:
            if self._workspaces.pop(id, None) is None:
                return Answer(404, self._documented("WorkspaceNotFound"))
            return Answer(204)

    # --- jobs -------------------------------------------------------------------------------------

    def create_job(self, body: Mapping[str, Any], **_: Any) -> Answer:
        with self._lock:
            workspace = self._workspaces.get(body["workspaceId"])
            if workspace is None:
                # The spec gives create-job no 404: an unknown workspace is a bad parameter.
                return invalid_request(
                    "Cannot create job.",
                    f"Workspace {body['workspaceId']} is not available.",
                    target="workspaceId",
                )
            rejected = self._check_settings(body["settings"], "Cannot create job.")
            if rejected is None and "costEstimationParameters" in body:
                rejected = self._check_cost(
                    body["costEstimationParameters"],
                    body["settings"].get("quality"),
                    "Cannot create job.",
                )
            if rejected is not None:
                return rejected

            now = self.clock.seconds()
            stamp = format_datetime(self.clock.at(now))
            fields: dict[str, Any] = {
                "id": str(uuid.uuid4()),
                "name": body["name"],
                "type": body["type"],
                "state": "unsubmitted",
                "createdDateTime": stamp,
                "lastModifiedDateTime": stamp,
                "iTwinId": workspace["iTwinId"],
                "location": DEFAULT_LOCATION,
                "email": DEFAULT_EMAIL,
                "workspaceId": workspace["id"],
                "inputs": copy.deepcopy(body["inputs"]),
                "jobSettings": _job_settings(body["settings"], previous=None),
            }
            if "costEstimationParameters" in body:
                fields["costEstimationParameters"] = copy.deepcopy(body["costEstimationParameters"])
            job = _Job(fields=fields, created_at=now, modified_at=now)
            if self._next_failures:
                job.failure = self._next_failures.pop(0)
            self._jobs[fields["id"]] = job
            return Answer(201, {"job": self._job_json(job, now)})

    def get_job(self, id: str, **_: Any) -> Answer:
        with self._lock:
            job = self._jobs.get(id)
            if job is None:
                return Answer(404, self._documented("JobNotFound"))
            return Answer(200, {"job": self._job_json(job, self.clock.seconds())})

    def update_job(self, id: str, body: Mapping[str, Any], **_: Any) -> Answer:
        with self._lock:
            job = self._jobs.get(id)
            if job is None:
                return Answer(404, self._documented("JobNotFound"))
            now = self.clock.seconds()
            self._settle(job, now)

            # Every check comes before the first change: a rejected PATCH changes nothing.
            rejected = self._check_update(job, body)
            if rejected is not None:
                return rejected

            if "type" in body:
                job.fields["type"] = body["type"]
            if "settings" in body:
                job.fields["jobSettings"] = _job_settings(
                    body["settings"], previous=job.fields["jobSettings"]
                )
            if "costEstimationParameters" in body:
                merged = {
                    **job.fields.get("costEstimationParameters", {}),
                    **body["costEstimationParameters"],
                }
                job.fields["costEstimationParameters"] = merged
            job.modified_at = now

            state = str(body.get("state", "")).lower()
            if state == "active":
                self._submit(job, now)
            elif state == "cancelled":
                self._end(job, "cancelled", now)
            return Answer(200, {"job": self._job_json(job, now)})

    def delete_job(self, id: str, **_: Any) -> Answer:
        with self._lock:
            job = self._jobs.get(id)
            if job is None:
                return Answer(404, self._documented("JobNotFound"))
            if job.state != "unsubmitted":
                return Answer(422, self._documented("CannotDeleteSubmittedJob"))
            del self._jobs[id]
            return Answer(204)

    def get_job_progress(self, id: str, **_: Any) -> Answer:
        with self._lock:
            job = self._jobs.get(id)
            if job is None:
                return Answer(404, self._documented("JobNotFound"))
            now = self.clock.seconds()
            self._settle(job, now)
            return Answer(200, {"jobProgress": self._progress(job, now)})

    # --- limits and access ------------------------------------------------------------------------

    def get_engines_limit(self, query: Mapping[str, str], **_: Any) -> Answer:
        itwin_id = query.get("iTwinId")
        if itwin_id is not None and not self._knows_itwin(itwin_id):
            return Answer(404, self._documented("ITwinNotFound"))
        return Answer(200, {"enginesLimit": {"maxEngines": self.max_engines}})

    def get_user_access(self, **_: Any) -> Answer:
        return Answer(200, self._documented("UserAccessAllowed"))

    # --- the life of a job ------------------------------------------------------------------------

    def _check_settings(self, settings: Mapping[str, Any], message: str) -> Answer | None:
        engines = settings.get("processingEngines")
        if engines is not None and engines > self.max_engines:
            return invalid_request(
                message,
                f"processingEngines ({engines}) exceeds the engines limit ({self.max_engines}).",
                target="settings.processingEngines",
            )
        return None

    def _check_cost(
        self, parameters: Mapping[str, Any], quality: str | None, message: str
    ) -> Answer | None:
        """422 naming the size that makes the cost estimate overflow, if one does."""
        terms = _cost_terms(parameters, quality)
        if math.isfinite(sum(terms.values())):
            return None
        # The field whose own term overflows, else the larger of two that overflow together.
        name = next(
            (name for name, term in terms.items() if not math.isfinite(term)),
            max(terms, key=lambda name: abs(terms[name])),
        )
        return invalid_request(
            message,
            f"{name} ({parameters.get(name)!r}) is too large to estimate a cost from.",
            target=f"costEstimationParameters.{name}",
        )

    def _check_update(self, job: _Job, body: Mapping[str, Any]) -> Answer | None:
        changes = {"type", "settings", "costEstimationParameters"} & body.keys()
        state = body.get("state")
        if changes and job.state != "unsubmitted":
            return Answer(422, self._documented("CannotModifyJob"))
        if "settings" in body:
            rejected = self._check_settings(body["settings"], "Cannot modify job.")
            if rejected is not None:
                return rejected
        if changes:
            parameters = {
                **job.fields.get("costEstimationParameters", {}),
                **body.get("costEstimationParameters", {}),
            }
            settings = {**job.fields["jobSettings"], **body.get("settings", {})}
            rejected = self._check_cost(parameters, settings.get("quality"), "Cannot modify job.")
            if rejected is not None:
                return rejected
        if state is None:
            return None

        wanted = str(state).lower()
        if wanted == "active" and job.state != "unsubmitted":
            return Answer(422, self._documented("CannotModifyJob"))
        if wanted == "cancelled" and job.state not in ACTIVE_STATES:
            detail = ("InvalidChange", f"Cannot cancel a job that is {job.state}.", None)
            return Answer(
                422,
                error_body("InvalidContextCaptureRequest", "Cannot modify job.", details=[detail]),
            )
        if wanted not in ("active", "cancelled"):
            return invalid_request(
                "Cannot modify job.",
                f"state {state!r} is not one of 'Active' (submit) or 'Cancelled' (cancel).",
                target="state",
            )
        return None

    def _submit(self, job: _Job, now: float) -> None:
        job.fields["state"] = "active"
        job.submitted_at = now
        job.duration = self.job_duration
        self._plan_end(job, now)

    def _plan_end(self, job: _Job, now: float) -> None:
        assert job.submitted_at is not None
        share = 1.0 if job.failure is None else job.failure.at_percentage / 100
        # A failure planned for a point the job has already passed happens now.
        job.ends_at = max(job.submitted_at + job.duration * share, now)

    def _settle(self, job: _Job, now: float) -> None:
        """Let an active job whose end has come end, at the moment it was due."""
        if job.state == "active" and job.ends_at is not None and now >= job.ends_at:
            self._end(job, "success" if job.failure is None else "failed", job.ends_at)

    def _end(self, job: _Job, state: str, when: float) -> None:
        job.fields["state"] = state
        job.ended_at = when
        job.modified_at = when

    def _percentage(self, job: _Job, when: float) -> int:
        if job.submitted_at is None:
            return 0
        if job.duration <= 0:
            return 100
        share = (when - job.submitted_at) / job.duration
        return max(0, min(100, math.floor(share * 100 + 1e-9)))

    def _progress(self, job: _Job, now: float) -> dict[str, Any]:
        if job.state == "unsubmitted":
            return {"state": "Unsubmitted", "percentage": 0}
        if job.state == "active":
            # 100 % is reached only by ending; a running job shows at most 99.
            percentage = min(self._percentage(job, now), 99)
            return {"state": "Active", "percentage": percentage, "step": step_at(percentage)}

        assert job.ended_at is not None
        percentage = self._percentage(job, job.ended_at)
        progress: dict[str, Any] = {"state": "Over", "percentage": percentage}
        if job.submitted_at is not None:
            progress["step"] = step_at(min(percentage, 99))
        return progress

    def _job_json(self, job: _Job, now: float) -> dict[str, Any]:
        self._settle(job, now)
        fields = copy.deepcopy(job.fields)
        fields["lastModifiedDateTime"] = format_datetime(self.clock.at(job.modified_at))

        if "costEstimationParameters" in fields:
            quality = fields["jobSettings"].get("quality")
            fields["estimatedCost"] = estimated_cost(fields["costEstimationParameters"], quality)

        if job.submitted_at is not None:
            submitted = format_datetime(self.clock.at(job.submitted_at))
            execution: dict[str, Any] = {"submittedDateTime": submitted}
            # Processing starts as soon as a job is submitted: the fake has no queue.
            execution["startedDateTime"] = submitted
            if job.ended_at is not None:
                execution["endedDateTime"] = format_datetime(self.clock.at(job.ended_at))
            if "estimatedCost" in fields:
                execution["estimatedUnits"] = fields["estimatedCost"]
            if job.state == "failed" and job.failure is not None:
                execution["errors"] = [job.failure.to_json()]
            fields["executionInformation"] = execution
        return fields

    def _knows_itwin(self, itwin_id: str) -> bool:
        return self.itwins is None or itwin_id.lower() in self.itwins


def _job_settings(
    settings: Mapping[str, Any], previous: Mapping[str, Any] | None
) -> dict[str, Any]:
    """The response form of settings: outputs become {format, id} with a reality data id each."""
    result = copy.deepcopy(dict(previous or {}))
    for key, value in settings.items():
        if key != "outputs":
            result[key] = copy.deepcopy(value)
    if "outputs" in settings:
        # An output that was already requested keeps the id of its reality data.
        known = {output["format"]: output.get("id") for output in result.get("outputs", [])}
        result["outputs"] = [
            {"format": name, "id": known.get(name) or str(uuid.uuid4())}
            for name in settings["outputs"]
        ]
    return result
