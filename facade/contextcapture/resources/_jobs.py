"""`cc.jobs`: create, submit, follow, cancel and delete reconstruction jobs."""

from __future__ import annotations

import math
from collections.abc import Generator, Iterable, Mapping
from numbers import Real
from typing import TYPE_CHECKING, Any

from contextcapture_client.api.jobs import (
    create_job,
    delete_job,
    get_job,
    get_job_progress,
    update_job,
)
from contextcapture_client.models import (
    CacheSettings,
    CostEstimationParameters,
    Input,
    Job,
    JobCreate,
    JobPatch,
    JobProgress,
    JobProgressResponse,
    JobResponse,
    JobSettingsCreate,
)
from contextcapture_client.types import UNSET, Unset

from .. import _timing
from .._base import NOT_GIVEN, NotGiven, TimeoutTypes, json_body, no_body, require_id
from .._exceptions import ConfigurationError, ContextCaptureError
from ._wait import (
    DEFAULT_MAX_POLL_INTERVAL,
    DEFAULT_POLL_INTERVAL,
    GetJob,
    GetProgress,
    ProgressCallback,
    Step,
    check_wait_arguments,
    follow_job,
)

if TYPE_CHECKING:
    from .._client import AsyncContextCapture, ContextCapture

__all__ = ["AsyncJobs", "InputLike", "Jobs"]

InputLike = str | Input | Mapping[str, Any]
CostLike = CostEstimationParameters | Mapping[str, Any]

_job = json_body(lambda payload: JobResponse.from_dict(payload).job)
_progress = json_body(lambda payload: JobProgressResponse.from_dict(payload).job_progress)

# What the reference's PATCH example sends to submit a job; responses then say "active".
SUBMIT_STATE = "Active"
CANCEL_STATE = "Cancelled"


def _inputs(inputs: Iterable[InputLike]) -> list[Input]:
    """Inputs as the API takes them, from reality data ids, `Input`s or {"id", "description"}."""
    if isinstance(inputs, str | bytes | Mapping) or not isinstance(inputs, Iterable):
        raise ConfigurationError("inputs must be a list of reality data ids or {'id', ...} items")
    result = []
    for item in inputs:
        if isinstance(item, Input):
            result.append(item)
        elif isinstance(item, str):
            result.append(Input(id=require_id(item, "inputs[].id")))
        elif isinstance(item, Mapping):
            try:
                result.append(Input.from_dict(item))
            except KeyError:
                raise ConfigurationError("every input needs an 'id' (a reality data id)") from None
        else:
            raise ConfigurationError(
                f"an input must be an id or a mapping, not {type(item).__name__}"
            )
    if not result:
        raise ConfigurationError("inputs must name at least one reality data id")
    return result


def _cost(parameters: CostLike) -> CostEstimationParameters:
    if isinstance(parameters, CostEstimationParameters):
        return parameters
    if isinstance(parameters, Mapping):
        return CostEstimationParameters.from_dict(parameters)
    raise ConfigurationError(
        "cost_estimation_parameters must be CostEstimationParameters or a mapping such as "
        "{'gigaPixels': 2.5, 'megaPoints': 1.5, 'meshQuality': 'Extra'}"
    )


def _optional_number(value: float | None, name: str) -> float | Unset:
    if value is None:
        return UNSET
    if isinstance(value, bool) or not isinstance(value, Real) or not 0 <= value < math.inf:
        raise ConfigurationError(f"{name} must be a finite number >= 0, got {value!r}")
    return float(value)


def _settings(
    quality: str | None,
    outputs: Iterable[str] | None,
    processing_engines: int | None,
    cache_settings: CacheSettings | Mapping[str, Any] | None,
) -> JobSettingsCreate:
    if quality is not None and not isinstance(quality, str):
        raise ConfigurationError("quality must be a string such as 'Extra'")
    if processing_engines is not None and (
        isinstance(processing_engines, bool)
        or not isinstance(processing_engines, int)
        or processing_engines < 1
    ):
        raise ConfigurationError(
            f"processing_engines must be a whole number >= 1, got {processing_engines!r}"
        )
    output_list: list[str] | Unset = UNSET
    if outputs is not None:
        if (
            isinstance(outputs, str | bytes | Mapping)
            or not isinstance(outputs, Iterable)
            or not all(isinstance(output, str) and output.strip() for output in outputs)
        ):
            raise ConfigurationError("outputs must be a list of format names, e.g. ['OBJ', '3MX']")
        output_list = [str(output) for output in outputs]
    cache: CacheSettings | Unset = UNSET
    if isinstance(cache_settings, Mapping):
        cache = CacheSettings.from_dict(cache_settings)
    elif isinstance(cache_settings, CacheSettings):
        cache = cache_settings
    elif cache_settings is not None:
        raise ConfigurationError(
            "cache_settings must be CacheSettings or a mapping such as {'createCache': True}"
        )
    return JobSettingsCreate(
        quality=UNSET if quality is None else str(quality),
        processing_engines=UNSET if processing_engines is None else processing_engines,
        outputs=output_list,
        cache_settings=cache,
    )


def create_request(
    *,
    name: str,
    type: str,
    workspace_id: str,
    inputs: Iterable[InputLike],
    quality: str | None,
    outputs: Iterable[str] | None,
    processing_engines: int | None,
    cache_settings: CacheSettings | Mapping[str, Any] | None,
    cost_estimation_parameters: CostLike | None,
) -> dict[str, Any]:
    if not isinstance(name, str) or not name.strip():
        raise ConfigurationError("name must be a non-empty string")
    if not isinstance(type, str) or not type.strip():
        raise ConfigurationError("type must be a job type such as 'Full' (see JobType)")
    body = JobCreate(
        type_=str(type),
        name=name,
        workspace_id=require_id(workspace_id, "workspace_id"),
        inputs=_inputs(inputs),
        settings=_settings(quality, outputs, processing_engines, cache_settings),
        cost_estimation_parameters=UNSET
        if cost_estimation_parameters is None
        else _cost(cost_estimation_parameters),
    )
    return create_job._get_kwargs(body=body)


def patch_request(job_id: str, body: JobPatch) -> dict[str, Any]:
    return update_job._get_kwargs(require_id(job_id, "job_id"), body=body)


def estimate_body(
    giga_pixels: float | None, mega_points: float | None, mesh_quality: str | None
) -> JobPatch:
    if giga_pixels is None and mega_points is None:
        raise ConfigurationError("estimate_cost needs giga_pixels, mega_points or both")
    return JobPatch(
        cost_estimation_parameters=CostEstimationParameters(
            giga_pixels=_optional_number(giga_pixels, "giga_pixels"),
            mega_points=_optional_number(mega_points, "mega_points"),
            mesh_quality=UNSET if mesh_quality is None else str(mesh_quality),
        )
    )


def settings_body(
    quality: str | None,
    outputs: Iterable[str] | None,
    processing_engines: int | None,
    cache_settings: CacheSettings | Mapping[str, Any] | None,
) -> JobPatch:
    if (
        quality is None
        and outputs is None
        and processing_engines is None
        and cache_settings is None
    ):
        raise ConfigurationError("update_settings needs at least one setting to change")
    return JobPatch(settings=_settings(quality, outputs, processing_engines, cache_settings))


class Jobs:
    """Jobs turn a workspace's inputs (reality data) into 3D outputs."""

    def __init__(self, client: ContextCapture) -> None:
        self._client = client

    def create(
        self,
        *,
        name: str,
        type: str,
        workspace_id: str,
        inputs: Iterable[InputLike],
        quality: str | None = None,
        outputs: Iterable[str] | None = None,
        processing_engines: int | None = None,
        cache_settings: CacheSettings | Mapping[str, Any] | None = None,
        cost_estimation_parameters: CostLike | None = None,
        max_retries: int | NotGiven = NOT_GIVEN,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
    ) -> Job:
        """
        POST /contextcapture/jobs: create an unsubmitted job in a workspace.

        `type` is a `JobType` ("Full", "Calibration", "Reconstruction"); `inputs` are reality data
        ids (or {"id", "description"} mappings); `outputs` are format names ("OBJ", "3MX", ...,
        see `OutputFormat`); `quality` is a `Quality`.
        """
        kwargs = create_request(
            name=name,
            type=type,
            workspace_id=workspace_id,
            inputs=inputs,
            quality=quality,
            outputs=outputs,
            processing_engines=processing_engines,
            cache_settings=cache_settings,
            cost_estimation_parameters=cost_estimation_parameters,
        )
        return self._client._send(kwargs, _job, max_retries=max_retries, timeout=timeout)

    def get(
        self,
        job_id: str,
        *,
        max_retries: int | NotGiven = NOT_GIVEN,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
    ) -> Job:
        """GET /contextcapture/jobs/{id}: the job's properties, state and execution information."""
        kwargs = get_job._get_kwargs(require_id(job_id, "job_id"))
        return self._client._send(kwargs, _job, max_retries=max_retries, timeout=timeout)

    def submit(
        self,
        job_id: str,
        *,
        max_retries: int | NotGiven = NOT_GIVEN,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
    ) -> Job:
        """PATCH /contextcapture/jobs/{id} with {"state": "Active"}: start processing the job."""
        kwargs = patch_request(job_id, JobPatch(state=SUBMIT_STATE))
        return self._client._send(kwargs, _job, max_retries=max_retries, timeout=timeout)

    def cancel(
        self,
        job_id: str,
        *,
        max_retries: int | NotGiven = NOT_GIVEN,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
    ) -> Job:
        """PATCH /contextcapture/jobs/{id} with {"state": "Cancelled"}: stop the job."""
        kwargs = patch_request(job_id, JobPatch(state=CANCEL_STATE))
        return self._client._send(kwargs, _job, max_retries=max_retries, timeout=timeout)

    def estimate_cost(
        self,
        job_id: str,
        *,
        giga_pixels: float | None = None,
        mega_points: float | None = None,
        mesh_quality: str | None = None,
        max_retries: int | NotGiven = NOT_GIVEN,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
    ) -> Job:
        """
        PATCH /contextcapture/jobs/{id} with costEstimationParameters: the job comes back with
        `estimated_cost` computed from the input size (gigapixels of photos, millions of points).
        """
        kwargs = patch_request(job_id, estimate_body(giga_pixels, mega_points, mesh_quality))
        return self._client._send(kwargs, _job, max_retries=max_retries, timeout=timeout)

    def update_settings(
        self,
        job_id: str,
        *,
        quality: str | None = None,
        outputs: Iterable[str] | None = None,
        processing_engines: int | None = None,
        cache_settings: CacheSettings | Mapping[str, Any] | None = None,
        max_retries: int | NotGiven = NOT_GIVEN,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
    ) -> Job:
        """PATCH /contextcapture/jobs/{id} with settings: change an unsubmitted job's settings."""
        body = settings_body(quality, outputs, processing_engines, cache_settings)
        kwargs = patch_request(job_id, body)
        return self._client._send(kwargs, _job, max_retries=max_retries, timeout=timeout)

    def delete(
        self,
        job_id: str,
        *,
        max_retries: int | NotGiven = NOT_GIVEN,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
    ) -> None:
        """DELETE /contextcapture/jobs/{id}: delete an unsubmitted job (submitted ones: 422)."""
        kwargs = delete_job._get_kwargs(require_id(job_id, "job_id"))
        self._client._send(kwargs, no_body, max_retries=max_retries, timeout=timeout)

    def progress(
        self,
        job_id: str,
        *,
        max_retries: int | NotGiven = NOT_GIVEN,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
    ) -> JobProgress:
        """GET /contextcapture/jobs/{id}/progress: state, percentage and step of an active job."""
        kwargs = get_job_progress._get_kwargs(require_id(job_id, "job_id"))
        return self._client._send(kwargs, _progress, max_retries=max_retries, timeout=timeout)

    def wait(
        self,
        job_id: str,
        *,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
        max_poll_interval: float = DEFAULT_MAX_POLL_INTERVAL,
        timeout: float | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> Job:
        """
        Follow the job until it ends and return it when it succeeded.

        Polls the job's progress (and the job, for its outcome) every `poll_interval` seconds,
        doubling the pause up to `max_poll_interval` while nothing changes, as the reference
        advises. `on_progress(progress)` is called whenever state, percentage or step change.
        Raises `JobFailedError` (with the job and its execution errors), `JobCancelledError`, or
        `JobWaitTimeoutError` after `timeout` seconds (None: no limit). Rate limiting and short
        outages are waited out.
        """
        check_wait_arguments(poll_interval, max_poll_interval, timeout)
        steps = follow_job(
            require_id(job_id, "job_id"),
            poll_interval=poll_interval,
            max_poll_interval=max_poll_interval,
            timeout=timeout,
            on_progress=on_progress,
            clock=_timing.monotonic,
        )
        step: Step | Job = next(steps)
        while not isinstance(step, Job):
            try:
                result: object = None
                if isinstance(step, GetJob):
                    result = self.get(job_id)
                elif isinstance(step, GetProgress):
                    result = self.progress(job_id)
                else:
                    _timing.sleep(step.seconds)
            except ContextCaptureError as error:
                step = _advance(steps, error=error)
            else:
                step = _advance(steps, result=result)
        return step


class AsyncJobs:
    """The asyncio twin of `Jobs`."""

    def __init__(self, client: AsyncContextCapture) -> None:
        self._client = client

    async def create(
        self,
        *,
        name: str,
        type: str,
        workspace_id: str,
        inputs: Iterable[InputLike],
        quality: str | None = None,
        outputs: Iterable[str] | None = None,
        processing_engines: int | None = None,
        cache_settings: CacheSettings | Mapping[str, Any] | None = None,
        cost_estimation_parameters: CostLike | None = None,
        max_retries: int | NotGiven = NOT_GIVEN,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
    ) -> Job:
        """POST /contextcapture/jobs: create an unsubmitted job in a workspace."""
        kwargs = create_request(
            name=name,
            type=type,
            workspace_id=workspace_id,
            inputs=inputs,
            quality=quality,
            outputs=outputs,
            processing_engines=processing_engines,
            cache_settings=cache_settings,
            cost_estimation_parameters=cost_estimation_parameters,
        )
        return await self._client._send(kwargs, _job, max_retries=max_retries, timeout=timeout)

    async def get(
        self,
        job_id: str,
        *,
        max_retries: int | NotGiven = NOT_GIVEN,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
    ) -> Job:
        """GET /contextcapture/jobs/{id}: the job's properties, state and execution information."""
        kwargs = get_job._get_kwargs(require_id(job_id, "job_id"))
        return await self._client._send(kwargs, _job, max_retries=max_retries, timeout=timeout)

    async def submit(
        self,
        job_id: str,
        *,
        max_retries: int | NotGiven = NOT_GIVEN,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
    ) -> Job:
        """PATCH /contextcapture/jobs/{id} with {"state": "Active"}: start processing the job."""
        kwargs = patch_request(job_id, JobPatch(state=SUBMIT_STATE))
        return await self._client._send(kwargs, _job, max_retries=max_retries, timeout=timeout)

    async def cancel(
        self,
        job_id: str,
        *,
        max_retries: int | NotGiven = NOT_GIVEN,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
    ) -> Job:
        """PATCH /contextcapture/jobs/{id} with {"state": "Cancelled"}: stop the job."""
        kwargs = patch_request(job_id, JobPatch(state=CANCEL_STATE))
        return await self._client._send(kwargs, _job, max_retries=max_retries, timeout=timeout)

    async def estimate_cost(
        self,
        job_id: str,
        *,
        giga_pixels: float | None = None,
        mega_points: float | None = None,
        mesh_quality: str | None = None,
        max_retries: int | NotGiven = NOT_GIVEN,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
    ) -> Job:
        """PATCH /contextcapture/jobs/{id} with costEstimationParameters: price the job."""
        kwargs = patch_request(job_id, estimate_body(giga_pixels, mega_points, mesh_quality))
        return await self._client._send(kwargs, _job, max_retries=max_retries, timeout=timeout)

    async def update_settings(
        self,
        job_id: str,
        *,
        quality: str | None = None,
        outputs: Iterable[str] | None = None,
        processing_engines: int | None = None,
        cache_settings: CacheSettings | Mapping[str, Any] | None = None,
        max_retries: int | NotGiven = NOT_GIVEN,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
    ) -> Job:
        """PATCH /contextcapture/jobs/{id} with settings: change an unsubmitted job's settings."""
        body = settings_body(quality, outputs, processing_engines, cache_settings)
        kwargs = patch_request(job_id, body)
        return await self._client._send(kwargs, _job, max_retries=max_retries, timeout=timeout)

    async def delete(
        self,
        job_id: str,
        *,
        max_retries: int | NotGiven = NOT_GIVEN,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
    ) -> None:
        """DELETE /contextcapture/jobs/{id}: delete an unsubmitted job (submitted ones: 422)."""
        kwargs = delete_job._get_kwargs(require_id(job_id, "job_id"))
        await self._client._send(kwargs, no_body, max_retries=max_retries, timeout=timeout)

    async def progress(
        self,
        job_id: str,
        *,
        max_retries: int | NotGiven = NOT_GIVEN,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
    ) -> JobProgress:
        """GET /contextcapture/jobs/{id}/progress: state, percentage and step of an active job."""
        kwargs = get_job_progress._get_kwargs(require_id(job_id, "job_id"))
        return await self._client._send(kwargs, _progress, max_retries=max_retries, timeout=timeout)

    async def wait(
        self,
        job_id: str,
        *,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
        max_poll_interval: float = DEFAULT_MAX_POLL_INTERVAL,
        timeout: float | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> Job:
        """Follow the job until it ends; see `Jobs.wait`."""
        check_wait_arguments(poll_interval, max_poll_interval, timeout)
        steps = follow_job(
            require_id(job_id, "job_id"),
            poll_interval=poll_interval,
            max_poll_interval=max_poll_interval,
            timeout=timeout,
            on_progress=on_progress,
            clock=_timing.monotonic,
        )
        step: Step | Job = next(steps)
        while not isinstance(step, Job):
            try:
                result: object = None
                if isinstance(step, GetJob):
                    result = await self.get(job_id)
                elif isinstance(step, GetProgress):
                    result = await self.progress(job_id)
                else:
                    await _timing.async_sleep(step.seconds)
            except ContextCaptureError as error:
                step = _advance(steps, error=error)
            else:
                step = _advance(steps, result=result)
        return step


def _advance(
    steps: Generator[Step, Any, Job],
    *,
    result: object = None,
    error: ContextCaptureError | None = None,
) -> Step | Job:
    """Give the wait policy a result (or an error); return its next step, or the finished job."""
    try:
        return steps.throw(error) if error is not None else steps.send(result)
    except StopIteration as finished:
        job: Job = finished.value
        return job
