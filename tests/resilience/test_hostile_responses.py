"""
Every operation against answers a real service, gateway or proxy may give: each one ends in a
documented exception or a parsed model, never in a raw library error.

One table: the rows are answers, the columns (parameters) are the operations and both clients.
Retries are off (max_retries=0) so that each answer is seen exactly once; retrying is tested in
test_retry_policy.py. Network-level faults (resets, silence) are in test_network_faults.py.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from email.utils import format_datetime
from typing import Any

import httpx
import pytest
import respx

from contextcapture import (
    VENDOR_MEDIA_TYPE,
    APIError,
    AuthenticationError,
    ConflictError,
    ContextCaptureError,
    InvalidResponseError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    UnprocessableEntityError,
)
from tests.resilience.conftest import TOKEN
from tests.resilience.operations import OPERATIONS, Operation

MakeClient = Any
MB = 1024 * 1024
PLUS_TWO = timezone(timedelta(hours=2))
# A parsed model is the expected outcome (None for the operations that answer 204).
PARSED = None


@dataclass(frozen=True)
class Answer:
    """One row: the answer the service gives, and what the caller must get from it."""

    name: str
    respond: Callable[[Operation], httpx.Response]
    # The exception class, or PARSED; a function of the operation where 204-operations differ.
    expect: Callable[[Operation], type[ContextCaptureError] | None]
    check: Callable[[Any, Operation], None] | None = None

    def __str__(self) -> str:
        return self.name


def always(outcome: type[ContextCaptureError] | None) -> Callable[[Operation], Any]:
    return lambda operation: outcome


def unless_no_body(outcome: type[ContextCaptureError]) -> Callable[[Operation], Any]:
    """A broken success body is an error for operations with a body; 204-operations ignore it."""
    return lambda operation: outcome if operation.wrapper else PARSED


def success_status(operation: Operation) -> int:
    # A 204 cannot carry the body under test; operations that answer 204 are given a 200.
    return operation.status if operation.wrapper else 200


def success(operation: Operation, body: Any, content_type: str = "application/json") -> Any:
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    return httpx.Response(
        success_status(operation), content=content, headers={"Content-Type": content_type}
    )


def error(status: int, body: Any, content_type: str = "application/json", **headers: str) -> Any:
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    return httpx.Response(
        status, content=content, headers={"Content-Type": content_type, **headers}
    )


# --- payload transformations ---------------------------------------------------------------------


def with_unknown_fields(value: Any) -> Any:
    """`value` with an unknown member added to every object, however deep."""
    if isinstance(value, dict):
        changed = {key: with_unknown_fields(item) for key, item in value.items()}
        changed["unexpectedField"] = {"added": "later", "list": [1, {"deep": True}]}
        return changed
    if isinstance(value, list):
        return [with_unknown_fields(item) for item in value]
    return value


def with_optional_nulls(operation: Operation) -> dict[str, Any]:
    payload = operation.payload()
    if operation.wrapper:
        model = payload[operation.wrapper]
        for key in model:
            if key not in operation.required:
                model[key] = None
        model["neverHeardOf"] = None
    return payload


def with_offsets(value: Any) -> Any:
    """`value` with every UTC date-time written as the same instant at +02:00."""
    if isinstance(value, dict):
        return {key: with_offsets(item) for key, item in value.items()}
    if isinstance(value, list):
        return [with_offsets(item) for item in value]
    if isinstance(value, str) and value.endswith("Z") and "T" in value:
        return datetime.fromisoformat(value).astimezone(PLUS_TWO).isoformat()
    return value


def without_a_required_field(operation: Operation) -> dict[str, Any]:
    payload = operation.payload()
    if operation.required:
        del payload[operation.wrapper or ""][operation.required[0]]
        return payload
    # Models without required members: the required wrapper goes instead.
    return {"somethingElse": payload.get(operation.wrapper or "")}


@functools.cache
def padding() -> str:
    return "x" * (10 * MB)


def ten_megabytes(operation: Operation) -> dict[str, Any]:
    payload = operation.payload()
    payload["padding"] = padding()
    if operation.wrapper:
        payload[operation.wrapper]["padding"] = padding()
    return payload


DEEP = b'{"a": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"


def http_date(seconds_from_now: float) -> str:
    return format_datetime(datetime.now(UTC) + timedelta(seconds=seconds_from_now), True)


# --- checks on the outcome -----------------------------------------------------------------------


def parsed_as_documented(result: Any, operation: Operation) -> None:
    operation.check(result, operation.payload())


def short_message(error: Any, operation: Operation) -> None:
    assert len(str(error)) < 1000


def names_status(status: int) -> Callable[[Any, Operation], None]:
    def check(error: Any, operation: Operation) -> None:
        assert error.status_code == status
        assert str(status) in str(error)
        short_message(error, operation)

    return check


def code_is(code: str | None, details: int = 0) -> Callable[[Any, Operation], None]:
    def check(error: Any, operation: Operation) -> None:
        assert error.code == code
        assert len(error.details) == details

    return check


def retry_after_is(expected: float | None) -> Callable[[Any, Operation], None]:
    def check(error: Any, operation: Operation) -> None:
        if expected is None:
            assert error.retry_after is None
        else:
            assert expected - 5 < error.retry_after <= expected

    return check


def unknown_fields_kept(result: Any, operation: Operation) -> None:
    parsed_as_documented(result, operation)
    if operation.wrapper:
        assert result.additional_properties["unexpectedField"]["added"] == "later"


def nulls_read_as_absent(result: Any, operation: Operation) -> None:
    if operation.required:
        parsed_as_documented(result, operation)
    elif operation.wrapper:
        assert result is not None
        assert "neverHeardOf" not in result.additional_properties


def same_instants(result: Any, operation: Operation) -> None:
    parsed_as_documented(result, operation)
    created = getattr(result, "created_date_time", None)
    if isinstance(created, datetime):
        original = operation.payload()[operation.wrapper or ""]["createdDateTime"]
        assert created.utcoffset() == timedelta(hours=2)
        assert created == datetime.fromisoformat(original)


def padding_kept(result: Any, operation: Operation) -> None:
    parsed_as_documented(result, operation)
    if operation.wrapper:
        assert len(result.additional_properties["padding"]) == 10 * MB


HTML_502 = (
    b"<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>"
)

ANSWERS = [
    # --- error statuses with bodies that are not ErrorResponse --------------------------------
    Answer(
        "html 502 page",
        lambda op: error(502, HTML_502, "text/html"),
        always(ServerError),
        names_status(502),
    ),
    Answer(
        "empty 401", lambda op: httpx.Response(401), always(AuthenticationError), names_status(401)
    ),
    Answer(
        "text/plain 500",
        lambda op: error(500, b"Internal Server Error", "text/plain"),
        always(ServerError),
        names_status(500),
    ),
    Answer(
        "truncated json error",
        lambda op: error(404, b'{"error": {"code": "WorkspaceNot'),
        always(NotFoundError),
        code_is(None),
    ),
    Answer(
        "json array error",
        lambda op: error(422, [{"error": {"code": "InvalidParameter"}}]),
        always(UnprocessableEntityError),
        code_is(None),
    ),
    Answer(
        "error null",
        lambda op: error(404, {"error": None}),
        always(NotFoundError),
        names_status(404),
    ),
    Answer(
        "error with extra fields",
        lambda op: error(
            409,
            {
                "error": {
                    "code": "JobConflict",
                    "message": "The job changed meanwhile.",
                    "target": "state",
                    "innerError": {"traceId": "abc"},
                    "details": [{"code": "Stale", "message": "m", "extra": 1}, "junk", None, 7],
                },
                "requestId": "r-1",
            },
        ),
        always(ConflictError),
        code_is("JobConflict", details=1),
    ),
    Answer(
        "error with missing fields",
        lambda op: error(403, {"error": {"target": "iTwinId"}}),
        always(PermissionDeniedError),
        code_is(None),
    ),
    Answer(
        "error with wrongly typed fields",
        lambda op: error(422, {"error": {"code": 42, "message": ["a", "b"], "details": "none"}}),
        always(UnprocessableEntityError),
        code_is("42"),
    ),
    Answer(
        "json error sent as text/html",
        lambda op: error(404, {"error": {"code": "JobNotFound", "message": "m"}}, "text/html"),
        always(NotFoundError),
        code_is("JobNotFound"),
    ),
    Answer(
        "10 MB error page",
        lambda op: error(500, b"<html>" + padding().encode() + b"</html>", "text/html"),
        always(ServerError),
        short_message,
    ),
    Answer(
        "deeply nested json error",
        lambda op: error(500, DEEP),
        always(ServerError),
        short_message,
    ),
    Answer(
        "unknown error status 418",
        lambda op: error(418, b"I'm a teapot", "text/plain"),
        always(APIError),
        names_status(418),
    ),
    # --- 429 and its Retry-After ---------------------------------------------------------------
    Answer(
        "429 without retry-after",
        lambda op: error(429, {"error": {"code": "TooManyRequests", "message": "m"}}),
        always(RateLimitError),
        retry_after_is(None),
    ),
    Answer(
        "429 with negative retry-after",
        lambda op: error(429, b"", **{"Retry-After": "-5"}),
        always(RateLimitError),
        retry_after_is(None),
    ),
    Answer(
        "429 with garbage retry-after",
        lambda op: error(429, b"slow down", "text/plain", **{"Retry-After": "soon-ish"}),
        always(RateLimitError),
        retry_after_is(None),
    ),
    Answer(
        "429 with http-date retry-after",
        lambda op: error(429, b"", **{"Retry-After": http_date(30)}),
        always(RateLimitError),
        retry_after_is(30),
    ),
    # --- success statuses whose body is broken ------------------------------------------------
    Answer(
        "truncated json",
        lambda op: success(op, b'{"workspace": {"id": "e47cf0'),
        unless_no_body(InvalidResponseError),
        short_message,
    ),
    Answer(
        "json array instead of object",
        lambda op: success(op, [op.payload()]),
        unless_no_body(InvalidResponseError),
        short_message,
    ),
    Answer(
        "missing required field",
        lambda op: success(op, without_a_required_field(op)),
        unless_no_body(InvalidResponseError),
        short_message,
    ),
    Answer(
        "model that is a string",
        lambda op: success(op, {op.wrapper or "x": "oops"}),
        unless_no_body(InvalidResponseError),
    ),
    Answer(
        "empty success body",
        lambda op: success(op, b""),
        unless_no_body(InvalidResponseError),
    ),
    Answer(
        "deeply nested json",
        lambda op: success(op, DEEP),
        unless_no_body(InvalidResponseError),
        short_message,
    ),
    Answer(
        "body that is not utf-8",
        lambda op: success(op, b"\xff\xfe\x00{\x9c"),
        unless_no_body(InvalidResponseError),
    ),
    # --- success bodies that are unusual but fine ---------------------------------------------
    Answer(
        "unknown fields everywhere",
        lambda op: success(op, with_unknown_fields(op.payload())),
        always(PARSED),
        unknown_fields_kept,
    ),
    Answer(
        "null in optional fields",
        lambda op: success(op, with_optional_nulls(op)),
        always(PARSED),
        nulls_read_as_absent,
    ),
    Answer(
        "date-time with +02:00 offset",
        lambda op: success(op, with_offsets(op.payload())),
        always(PARSED),
        same_instants,
    ),
    Answer(
        "10 MB body",
        lambda op: success(op, ten_megabytes(op)),
        always(PARSED),
        padding_kept,
    ),
    Answer(
        "json sent as text/html",
        lambda op: success(op, op.payload(), "text/html; charset=utf-8"),
        always(PARSED),
        parsed_as_documented,
    ),
    Answer(
        "json sent as application/octet-stream",
        lambda op: success(op, op.payload(), "application/octet-stream"),
        always(PARSED),
        parsed_as_documented,
    ),
    Answer(
        "json in the vendor media type",
        lambda op: success(op, op.payload(), VENDOR_MEDIA_TYPE),
        always(PARSED),
        parsed_as_documented,
    ),
]


@pytest.mark.parametrize("answer", ANSWERS, ids=str)
@pytest.mark.parametrize("operation", OPERATIONS, ids=str)
def test_every_answer_gives_a_documented_exception_or_a_model(
    operation: Operation, answer: Answer, api: respx.MockRouter, make_client: MakeClient
) -> None:
    route = api.route(method=operation.method, path=operation.path)
    route.side_effect = [answer.respond(operation)]
    cc = make_client(max_retries=0)
    expected = answer.expect(operation)

    if expected is PARSED:
        result = operation.call(cc)
        if answer.check is not None:
            answer.check(result, operation)
        return

    with pytest.raises(ContextCaptureError) as caught:
        operation.call(cc)

    assert type(caught.value) is expected
    assert TOKEN not in str(caught.value)
    if answer.check is not None:
        answer.check(caught.value, operation)
    assert route.call_count == 1
