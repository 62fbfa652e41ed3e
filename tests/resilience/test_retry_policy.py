"""
The retry policy as a table: which failures are repeated for which methods, how long the client
waits (Retry-After in both forms, capped; otherwise exponential backoff with jitter), what it logs,
and the default timeouts. Waits are recorded by the `waits` fixture, never slept.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import httpx
import pytest
import respx

from contextcapture import (
    DEFAULT_TIMEOUT,
    APIConnectionError,
    APIError,
    APITimeoutError,
    RateLimitError,
    ServerError,
)
from contextcapture._base import transport_error
from contextcapture._constants import INITIAL_RETRY_DELAY, MAX_RETRY_AFTER, MAX_RETRY_DELAY
from contextcapture._retry import retry_delay
from tests.resilience.conftest import TOKEN
from tests.resilience.operations import OPERATIONS, WORKSPACE_PATH, Operation

MakeClient = Any
BY_METHOD = {
    "GET": next(op for op in OPERATIONS if op.name == "workspaces.get"),
    "DELETE": next(op for op in OPERATIONS if op.name == "workspaces.delete"),
    "POST": next(op for op in OPERATIONS if op.name == "workspaces.create"),
    "PATCH": next(op for op in OPERATIONS if op.name == "jobs.submit"),
}
ALL = frozenset(BY_METHOD)
IDEMPOTENT = frozenset({"GET", "DELETE"})
NONE: frozenset[str] = frozenset()


def status(code: int, **headers: str) -> httpx.Response:
    return httpx.Response(code, json={"error": {"code": "E", "message": "m"}}, headers=headers)


def succeed(operation: Operation) -> httpx.Response:
    return httpx.Response(operation.status, json=operation.payload() or None)


# (failure, the methods that repeat the request after it, the error raised when not repeated)
POLICY = [
    ("429", lambda: status(429), ALL, RateLimitError),
    ("408", lambda: status(408), IDEMPOTENT, APIError),
    ("500", lambda: status(500), NONE, ServerError),
    ("501", lambda: status(501), NONE, ServerError),
    ("502", lambda: status(502), IDEMPOTENT, ServerError),
    ("503", lambda: status(503), IDEMPOTENT, ServerError),
    ("504", lambda: status(504), IDEMPOTENT, ServerError),
    # Failures before a byte was sent: safe to repeat whatever the method.
    ("connect error", lambda: httpx.ConnectError("refused"), ALL, APIConnectionError),
    ("connect timeout", lambda: httpx.ConnectTimeout("slow"), ALL, APITimeoutError),
    ("pool timeout", lambda: httpx.PoolTimeout("busy"), ALL, APITimeoutError),
    # Failures after sending: the request may have been carried out.
    ("read timeout", lambda: httpx.ReadTimeout("slow"), IDEMPOTENT, APITimeoutError),
    ("write timeout", lambda: httpx.WriteTimeout("slow"), IDEMPOTENT, APITimeoutError),
    ("read error", lambda: httpx.ReadError("reset"), IDEMPOTENT, APIConnectionError),
    ("write error", lambda: httpx.WriteError("broken pipe"), IDEMPOTENT, APIConnectionError),
    (
        "server disconnected",
        lambda: httpx.RemoteProtocolError("Server disconnected"),
        IDEMPOTENT,
        APIConnectionError,
    ),
    # Not a network failure: a second try would fail the same way.
    ("undecodable body", lambda: httpx.DecodingError("bad gzip"), NONE, APIConnectionError),
]


@pytest.mark.parametrize("method", sorted(BY_METHOD))
@pytest.mark.parametrize(
    ("failure", "respond", "retried_for", "error"), POLICY, ids=[row[0] for row in POLICY]
)
def test_the_retry_table(
    method: str,
    failure: str,
    respond: Any,
    retried_for: frozenset[str],
    error: type[Exception],
    api: respx.MockRouter,
    make_client: MakeClient,
    waits: list[float],
) -> None:
    operation = BY_METHOD[method]
    route = api.route(method=operation.method, path=operation.path)
    route.side_effect = [respond(), succeed(operation)]
    cc = make_client(max_retries=1)

    if method in retried_for:
        operation.check(operation.call(cc), operation.payload())
        assert route.call_count == 2
        assert len(waits) == 1
    else:
        with pytest.raises(error) as caught:
            operation.call(cc)
        assert type(caught.value) is error
        assert route.call_count == 1
        assert waits == []


def test_transport_errors_keep_the_httpx_error_as_cause(
    api: respx.MockRouter, make_client: MakeClient
) -> None:
    original = httpx.ReadError("reset by peer")
    api.get(WORKSPACE_PATH).side_effect = original

    with pytest.raises(APIConnectionError) as caught:
        BY_METHOD["GET"].call(make_client(max_retries=0))

    assert caught.value.__cause__ is original


# --- how long: Retry-After ----------------------------------------------------------------------


def http_date(seconds_from_now: float) -> str:
    return format_datetime(datetime.now(UTC) + timedelta(seconds=seconds_from_now), usegmt=True)


def header_value(value: str) -> str:
    """The Retry-After to send: "+N" stands for an HTTP-date N seconds from now."""
    return http_date(float(value[1:])) if value.startswith("+") else value


@pytest.mark.parametrize(
    ("retry_after", "low", "high"),
    [
        ("3", 3.0, 3.0),
        ("1.5", 1.5, 1.5),
        ("0", 0.0, 0.0),
        (str(int(MAX_RETRY_AFTER)), MAX_RETRY_AFTER, MAX_RETRY_AFTER),
        ("+20", 15.0, 20.0),
        ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0, 0.0),
        # Unusable values fall back to the first backoff step.
        ("-5", INITIAL_RETRY_DELAY / 2, INITIAL_RETRY_DELAY),
        ("soon", INITIAL_RETRY_DELAY / 2, INITIAL_RETRY_DELAY),
        ("", INITIAL_RETRY_DELAY / 2, INITIAL_RETRY_DELAY),
        ("nan", INITIAL_RETRY_DELAY / 2, INITIAL_RETRY_DELAY),
    ],
    ids=[
        "seconds",
        "fraction",
        "zero",
        "the cap",
        "http-date",
        "past date",
        "negative",
        "garbage",
        "empty",
        "nan",
    ],
)
def test_the_wait_before_retrying_a_429(
    retry_after: str,
    low: float,
    high: float,
    api: respx.MockRouter,
    make_client: MakeClient,
    waits: list[float],
) -> None:
    create = BY_METHOD["POST"]
    api.post(create.path).side_effect = [
        status(429, **{"Retry-After": header_value(retry_after)}),
        succeed(create),
    ]

    create.call(make_client())

    (wait,) = waits
    assert low <= wait <= high


def test_retry_after_is_honoured_on_a_503_too(
    api: respx.MockRouter, make_client: MakeClient, waits: list[float]
) -> None:
    get = BY_METHOD["GET"]
    api.get(get.path).side_effect = [status(503, **{"Retry-After": "4"}), succeed(get)]

    get.call(make_client())

    assert waits == [4.0]


@pytest.mark.parametrize("retry_after", [str(int(MAX_RETRY_AFTER) + 1), "+3600"])
def test_a_retry_after_over_the_cap_is_raised_at_once_with_retry_after_set(
    retry_after: str, api: respx.MockRouter, make_client: MakeClient, waits: list[float]
) -> None:
    get = BY_METHOD["GET"]
    route = api.get(get.path)
    route.side_effect = [status(429, **{"Retry-After": header_value(retry_after)}), succeed(get)]

    with pytest.raises(RateLimitError) as caught:
        get.call(make_client())

    assert caught.value.retry_after is not None
    assert caught.value.retry_after > MAX_RETRY_AFTER
    assert route.call_count == 1
    assert waits == []


# --- how long: backoff ---------------------------------------------------------------------------


def test_backoff_doubles_from_half_a_second_with_jitter_up_to_the_ceiling(
    api: respx.MockRouter, make_client: MakeClient, waits: list[float]
) -> None:
    get = BY_METHOD["GET"]
    api.get(get.path).side_effect = [*(status(503) for _ in range(6)), succeed(get)]

    get.call(make_client(max_retries=6))

    ceilings = [min(INITIAL_RETRY_DELAY * 2**n, MAX_RETRY_DELAY) for n in range(6)]
    assert ceilings[-1] == MAX_RETRY_DELAY
    for wait, ceiling in zip(waits, ceilings, strict=True):
        assert ceiling / 2 <= wait <= ceiling


def test_jitter_spreads_the_wait_between_half_and_all_of_the_step() -> None:
    error = httpx.ConnectError("refused")
    failure = transport_error(error, httpx.Request("GET", "https://api.bentley.com/x"))

    lowest = retry_delay("GET", failure, 2, 5, random_fraction=lambda: 0.0)
    highest = retry_delay("GET", failure, 2, 5, random_fraction=lambda: 1.0)

    assert (lowest, highest) == (INITIAL_RETRY_DELAY * 4 / 2, INITIAL_RETRY_DELAY * 4)


# --- running out ---------------------------------------------------------------------------------


def test_when_retries_run_out_the_last_error_is_raised(
    api: respx.MockRouter, make_client: MakeClient, waits: list[float]
) -> None:
    get = BY_METHOD["GET"]
    route = api.get(get.path)
    route.side_effect = [status(503), status(502), status(429, **{"Retry-After": "2"})]

    with pytest.raises(RateLimitError) as caught:
        get.call(make_client(max_retries=2))

    assert caught.value.retry_after == 2.0
    assert route.call_count == 3
    assert len(waits) == 2


def test_max_retries_zero_sends_once(
    api: respx.MockRouter, make_client: MakeClient, waits: list[float]
) -> None:
    get = BY_METHOD["GET"]
    route = api.get(get.path)
    route.side_effect = [status(503), succeed(get)]

    with pytest.raises(ServerError):
        get.call(make_client(max_retries=0))

    assert route.call_count == 1


# --- what a retry logs ---------------------------------------------------------------------------


def test_each_retry_logs_one_warning_with_method_path_status_attempt_and_wait(
    api: respx.MockRouter,
    make_client: MakeClient,
    waits: list[float],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    get = BY_METHOD["GET"]
    api.get(get.path).side_effect = [
        status(429, **{"Retry-After": "3"}),
        httpx.ReadError(f"reset while holding Bearer {TOKEN}"),
        succeed(get),
    ]

    get.call(make_client(max_retries=2))

    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 2
    first, second = (r.getMessage() for r in warnings)
    assert all(part in first for part in ("GET", WORKSPACE_PATH, "429", "attempt 1", "3.00s"))
    assert all(part in second for part in ("GET", WORKSPACE_PATH, "ReadError", "attempt 2"))
    assert TOKEN not in caplog.text


# --- timeouts ------------------------------------------------------------------------------------


def test_default_timeouts_are_ten_seconds_to_connect_and_sixty_to_read(
    api: respx.MockRouter, make_client: MakeClient
) -> None:
    get = BY_METHOD["GET"]
    route = api.get(get.path)
    route.side_effect = [succeed(get)]

    get.call(make_client())

    timeout = route.calls.last.request.extensions["timeout"]
    assert timeout == {"connect": 10.0, "read": 60.0, "write": 60.0, "pool": 60.0}
    assert timeout == DEFAULT_TIMEOUT.as_dict()


def test_the_client_timeout_and_the_call_timeout_are_used(
    api: respx.MockRouter, make_client: MakeClient
) -> None:
    get = BY_METHOD["GET"]
    route = api.get(get.path)
    route.side_effect = [succeed(get), succeed(get)]
    cc = make_client(timeout=httpx.Timeout(5.0, connect=1.0))

    cc.workspaces.get(get.path.rsplit("/", 1)[1])
    cc.workspaces.get(get.path.rsplit("/", 1)[1], timeout=2.5)

    first, second = (call.request.extensions["timeout"] for call in route.calls)
    assert (first["connect"], first["read"]) == (1.0, 5.0)
    assert (second["connect"], second["read"]) == (2.5, 2.5)
