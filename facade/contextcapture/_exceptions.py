"""
Exceptions raised by the client.

    ContextCaptureError                 anything this library raises on purpose
    ├── ConfigurationError              bad arguments or environment; raised before any request
    ├── APIError                        the service answered with an error status
    │   ├── AuthenticationError         401: no token, or the service refused it
    │   ├── PermissionDeniedError       403: the token lacks access to this resource
    │   ├── NotFoundError               404: no such workspace, job or iTwin
    │   ├── ConflictError               409: the resource is not in a state that allows this
    │   ├── UnprocessableEntityError    422: the service rejected the request's content
    │   ├── RateLimitError              429: too many requests; see `retry_after`
    │   └── ServerError                 5xx: the service failed
    ├── APIConnectionError              the request could not be completed over the network
    │   └── APITimeoutError             ... because a timeout ran out
    ├── InvalidResponseError            a success status whose body is not what the spec says
    ├── JobError                        `jobs.wait`: the job did not succeed
    │   ├── JobFailedError              ... it failed; see `errors`
    │   └── JobCancelledError           ... it was cancelled
    └── JobWaitTimeoutError             `jobs.wait` gave up waiting (also a TimeoutError)

`error_from_response` turns any failed `httpx.Response` into the right `APIError`, whatever its body
holds: the reference warns that a failure may come with no error body at all, or with one whose
properties are null or missing.
"""

from __future__ import annotations

import email.utils
import json
import math
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import httpx

if TYPE_CHECKING:
    from contextcapture_client.models import Job, JobMessage, JobProgress

__all__ = [
    "APIConnectionError",
    "APIError",
    "APITimeoutError",
    "AuthenticationError",
    "ConfigurationError",
    "ConflictError",
    "ContextCaptureError",
    "ErrorDetail",
    "InvalidResponseError",
    "JobCancelledError",
    "JobError",
    "JobFailedError",
    "JobWaitTimeoutError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "ServerError",
    "UnprocessableEntityError",
    "body_excerpt",
    "error_from_response",
    "parse_retry_after",
    "redact",
]

EXCERPT_LENGTH = 200


class ContextCaptureError(Exception):
    """Base class of every exception this library raises on purpose."""

    # The subclasses take keyword-only arguments that Exception's default pickling does not
    # replay; rebuilding from args and attributes lets errors cross process boundaries
    # (multiprocessing, task queues) and be copied.
    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_error, (type(self), self.args, self.__dict__))


def _rebuild_error(
    error_class: type[ContextCaptureError], args: tuple[Any, ...], state: dict[str, Any]
) -> ContextCaptureError:
    error = error_class.__new__(error_class)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


class ConfigurationError(ContextCaptureError, ValueError):
    """The client was given arguments or an environment it cannot work with."""


@dataclass(frozen=True)
class ErrorDetail:
    """One of the more specific errors listed in a DetailedErrorResponse's `details`."""

    code: str | None
    message: str | None
    target: str | None = None

    def __str__(self) -> str:
        text = f"{self.code or 'error'}: {self.message or '(no message)'}"
        return f"{text} (target: {self.target})" if self.target else text


class APIError(ContextCaptureError):
    """The service answered with an error status; code, message and details come from the body."""

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        code: str | None = None,
        target: str | None = None,
        details: tuple[ErrorDetail, ...] = (),
    ) -> None:
        self.status_code = response.status_code
        self.code = code
        self.message = message
        self.target = target
        self.details = list(details)
        self.response = response
        super().__init__(self._describe())

    def _describe(self) -> str:
        head = f"{self.status_code} {self.code}" if self.code else str(self.status_code)
        text = f"{head}: {self.message}"
        if self.target:
            text += f" (target: {self.target})"
        for detail in self.details:
            text += f"\n  - {detail}"
        return text


class AuthenticationError(APIError):
    """401: the request had no valid access token."""


class PermissionDeniedError(APIError):
    """403: the access token is valid but does not grant this operation."""


class NotFoundError(APIError):
    """404: the workspace, job or iTwin does not exist or is not visible to the caller."""


class ConflictError(APIError):
    """409: the resource is not in a state that allows the operation."""


class UnprocessableEntityError(APIError):
    """422: the service understood the request but rejected its content."""


class RateLimitError(APIError):
    """429: too many requests; `retry_after` is the wait asked for, in seconds, or None."""

    def __init__(self, message: str, *, response: httpx.Response, **fields: Any) -> None:
        self.retry_after = parse_retry_after(response.headers.get("retry-after"))
        super().__init__(message, response=response, **fields)


class ServerError(APIError):
    """5xx: the service failed while handling the request."""


class APIConnectionError(ContextCaptureError):
    """The request could not be completed: the connection failed, broke or was refused."""

    def __init__(
        self, message: str, *, request: httpx.Request | None = None, request_sent: bool = True
    ) -> None:
        self.request = request
        # False only when the request provably never reached the server (e.g. the connect failed),
        # which makes even a POST safe to repeat.
        self.request_sent = request_sent
        super().__init__(message)


class APITimeoutError(APIConnectionError):
    """A connect, write, read or pool timeout ran out before the service answered."""


class InvalidResponseError(ContextCaptureError):
    """The service answered with a success status, but the body is not what the spec describes."""

    def __init__(self, message: str, *, response: httpx.Response) -> None:
        self.status_code = response.status_code
        self.response = response
        super().__init__(message)


_STATUS_ERRORS: dict[int, type[APIError]] = {
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def error_from_response(response: httpx.Response) -> APIError:
    """The exception for a failed response, from whatever its body holds; never fails itself."""
    error_class = _STATUS_ERRORS.get(response.status_code)
    if error_class is None:
        error_class = ServerError if response.status_code >= 500 else APIError

    error = _error_object(response)
    code = _text(error.get("code"), response)
    message = _text(error.get("message"), response)
    target = _text(error.get("target"), response)
    details = _details(error.get("details"), response)

    if message is None:
        message = _fallback_message(response, has_error_object=bool(error))
    return error_class(message, response=response, code=code, target=target, details=details)


def _error_object(response: httpx.Response) -> dict[str, Any]:
    """The `error` object of an ErrorResponse body, or an empty dict when the body has none."""
    try:
        payload = json.loads(response.content)
    except (ValueError, RecursionError):
        return {}
    if not isinstance(payload, dict):
        return {}
    error = payload.get("error")
    return error if isinstance(error, dict) else {}


def _details(value: object, response: httpx.Response) -> tuple[ErrorDetail, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(
        ErrorDetail(
            _text(item.get("code"), response),
            _text(item.get("message"), response),
            _text(item.get("target"), response),
        )
        for item in value
        if isinstance(item, dict)
    )


def _text(value: object, response: httpx.Response) -> str | None:
    """A string field of the error body; other JSON types are shown as text rather than dropped."""
    if value is None or value == "":
        return None
    # The parsed fields end up in str(error) and CLI output just like the excerpt does.
    return redact(value if isinstance(value, str) else json.dumps(value), response)


def _fallback_message(response: httpx.Response, *, has_error_object: bool) -> str:
    reason = response.reason_phrase or "error"
    what = "an error body without a message" if has_error_object else "no ContextCapture error body"
    excerpt = body_excerpt(response)
    text = f"HTTP {response.status_code} {reason}, with {what}"
    return f"{text}: {excerpt}" if excerpt else f"{text} (empty body)"


_WHITESPACE = re.compile(r"\s+")
_BEARER = re.compile(r"(?i)bearer\s+\S+")


def body_excerpt(response: httpx.Response, limit: int = EXCERPT_LENGTH) -> str:
    """The start of a response body as one line, with credentials echoed by the server removed."""
    try:
        text = response.content[: limit * 4].decode("utf-8", errors="replace")
    except httpx.ResponseNotRead:
        return ""
    text = redact(_WHITESPACE.sub(" ", text).strip(), response)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def redact(text: str, response: httpx.Response) -> str:
    """`text` without the request's credentials, which a misbehaving server may echo back."""
    text = _BEARER.sub("Bearer [redacted]", text)
    credentials = (
        response.request.headers.get("authorization", "") if _has_request(response) else ""
    )
    token = credentials.partition(" ")[2].strip()
    if len(token) >= 4:
        text = text.replace(token, "[redacted]")
    return text


def _has_request(response: httpx.Response) -> bool:
    try:
        response.request  # noqa: B018 - accessing it raises when the response was built by hand
    except RuntimeError:
        return False
    return True


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (seconds or HTTP-date); None if unusable."""
    if value is None:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
        return max(seconds, 0.0)
    if not math.isfinite(seconds) or seconds < 0:
        return None
    return seconds


class JobError(ContextCaptureError):
    """A job followed with `jobs.wait` did not end in success; `job` is its last known state."""

    def __init__(self, message: str, *, job: Job) -> None:
        self.job = job
        super().__init__(message)


class JobFailedError(JobError):
    """The job ended in `failed`; `errors` are its execution errors (code, title, message...)."""

    def __init__(self, message: str, *, job: Job, errors: list[JobMessage]) -> None:
        self.errors = errors
        super().__init__(message, job=job)


class JobCancelledError(JobError):
    """The job was cancelled before it finished."""


class JobWaitTimeoutError(ContextCaptureError, TimeoutError):
    """`jobs.wait` ran out of time (the job goes on); `state` and `progress` were seen last."""

    def __init__(
        self, message: str, *, job_id: str, state: str | None, progress: JobProgress | None
    ) -> None:
        self.job_id = job_id
        self.state = state
        self.progress = progress
        super().__init__(message)
