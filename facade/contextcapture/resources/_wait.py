"""
The policy of `jobs.wait`, written once as a generator that the sync and async clients both drive.

The generator yields what it needs next (the job, its progress, or a pause) and is sent the result,
or has the request's exception thrown into it; it returns the finished job or raises.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import Any

from contextcapture_client.models import Job, JobProgress
from contextcapture_client.types import Unset

from .._exceptions import (
    APIConnectionError,
    ConfigurationError,
    JobCancelledError,
    JobFailedError,
    JobWaitTimeoutError,
    NotFoundError,
    RateLimitError,
    ServerError,
)
from .._known_values import JobState, ProgressState

__all__ = ["GetJob", "GetProgress", "Pause", "Step", "follow_job"]

# The reference asks pollers to back off over 15, 30, 60 and 120 seconds, restarting the sequence
# whenever the percentage changes.
DEFAULT_POLL_INTERVAL = 15.0
DEFAULT_MAX_POLL_INTERVAL = 120.0
# A job runs for hours: a short outage must not end the wait, a long one should.
MAX_CONSECUTIVE_FAILURES = 5


@dataclass(frozen=True)
class GetJob:
    """Fetch the job (GET /contextcapture/jobs/{id})."""


@dataclass(frozen=True)
class GetProgress:
    """Fetch the job's progress (GET /contextcapture/jobs/{id}/progress)."""


@dataclass(frozen=True)
class Pause:
    seconds: float


Step = GetJob | GetProgress | Pause
ProgressCallback = Callable[[JobProgress], object]


def check_wait_arguments(
    poll_interval: float, max_poll_interval: float, timeout: float | None
) -> None:
    for name, value in (
        ("poll_interval", poll_interval),
        ("max_poll_interval", max_poll_interval),
        ("timeout", 0.0 if timeout is None else timeout),
    ):
        if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
            raise ConfigurationError(f"{name} must be a number of seconds, got {value!r}")
    if not poll_interval > 0:
        raise ConfigurationError(f"poll_interval must be > 0 seconds, got {poll_interval!r}")
    if not max_poll_interval >= poll_interval:
        raise ConfigurationError("max_poll_interval must be >= poll_interval")
    if timeout is not None and not timeout >= 0:
        raise ConfigurationError(f"timeout must be >= 0 seconds or None, got {timeout!r}")


def follow_job(
    job_id: str,
    *,
    poll_interval: float,
    max_poll_interval: float,
    timeout: float | None,
    on_progress: ProgressCallback | None,
    clock: Callable[[], float],
) -> Generator[Step, Any, Job]:
    """Poll until the job ends: return it on success, raise JobFailedError/JobCancelledError."""
    deadline = None if timeout is None else clock() + timeout
    interval = poll_interval
    state: str | None = None
    progress: JobProgress | None = None
    failures = 0
    fetch_job = True
    # Set when the previous request asked for the next one at once; cleared by every pause, so
    # that the job and its progress can never be polled back to back without end.
    at_once = False

    while True:
        try:
            if fetch_job:
                job: Job = yield GetJob()
                # While the job itself is polled (not yet submitted, or a state we do not know),
                # the pause grows as it does for unchanging progress.
                interval = (
                    poll_interval if job.state != state else min(interval * 2, max_poll_interval)
                )
                state = job.state
                if _succeeded(job):
                    return job
                fetch_job = JobState.parse(job.state) is not JobState.ACTIVE
                if not fetch_job and not at_once:
                    at_once = True
                    continue  # just became active: ask for its progress straight away
            else:
                latest: JobProgress = yield GetProgress()
                if _changed(progress, latest):
                    interval = poll_interval
                    if on_progress is not None:
                        on_progress(latest)
                else:
                    interval = min(interval * 2, max_poll_interval)
                progress = latest
                # "Over" (or a state we do not know) means the job's own state has the outcome.
                if ProgressState.parse(_text(latest.state)) is not ProgressState.ACTIVE:
                    fetch_job = True
                    if not at_once:
                        at_once = True
                        continue
            failures = 0
        except NotFoundError:
            if fetch_job:
                raise
            fetch_job = True  # progress is kept for a limited time; the job itself still answers
        except (RateLimitError, ServerError, APIConnectionError) as error:
            failures += 1
            if failures >= MAX_CONSECUTIVE_FAILURES:
                raise
            if isinstance(error, RateLimitError) and error.retry_after is not None:
                interval = max(interval, error.retry_after)

        at_once = False
        pause = interval
        if deadline is not None:
            remaining = deadline - clock()
            if remaining <= 0:
                raise JobWaitTimeoutError(
                    f"job {job_id} did not finish in time; last seen state: {state or 'unknown'}"
                    + (f", {_describe(progress)}" if progress is not None else ""),
                    job_id=job_id,
                    state=state,
                    progress=progress,
                )
            pause = min(pause, remaining)
        yield Pause(pause)


def _succeeded(job: Job) -> bool:
    """True when the job succeeded; raises when it failed or was cancelled; False while it runs."""
    state = JobState.parse(job.state)
    if state is JobState.SUCCESS:
        return True
    if state is JobState.CANCELLED:
        raise JobCancelledError(f"job {job.id} was cancelled", job=job)
    if state is JobState.FAILED:
        info = job.execution_information
        errors = [] if isinstance(info, Unset) or isinstance(info.errors, Unset) else info.errors
        summary = "; ".join(
            f"{_text(e.code) or 'error'}: {_text(e.message) or _text(e.title) or ''}".strip()
            for e in errors
        )
        raise JobFailedError(
            f"job {job.id} failed" + (f": {summary}" if summary else ""), job=job, errors=errors
        )
    return False


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _changed(before: JobProgress | None, after: JobProgress) -> bool:
    if before is None:
        return True
    return (before.state, before.percentage, before.step) != (
        after.state,
        after.percentage,
        after.step,
    )


def _describe(progress: JobProgress) -> str:
    parts = [_text(progress.state)]
    if not isinstance(progress.percentage, Unset):
        parts.append(f"{progress.percentage}%")
    if _text(progress.step):
        parts.append(_text(progress.step))
    return "progress " + " ".join(part for part in parts if part)
