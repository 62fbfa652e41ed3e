"""Faults a test plants in the fake: error statuses, broken bodies, delays, dropped connections."""

from __future__ import annotations

import http
import json
import math
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .._constants import VENDOR_MEDIA_TYPE

__all__ = ["Fault", "Faults"]

# Statuses that never carry a body, besides the 1xx ones (RFC 9110 6.4.1).
BODILESS_STATUSES = frozenset({204, 304})
# What a header name is made of: an RFC 9110 token.
HEADER_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
# Control characters (CR and LF among them) would end the header early and start another one.
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


@dataclass
class Fault:
    """
    One planted fault. `hits` counts the requests it has answered so far; `remaining` is how many
    more it will answer (None: every matching request until `clear_faults()`).
    """

    operation: str | None
    remaining: int | None
    status: int | None
    body: bytes | None
    content_type: str | None
    headers: Mapping[str, str]
    drop: bool
    delay: float
    processed: bool
    hits: int = field(default=0)

    @property
    def replaces_answer(self) -> bool:
        """Whether the fault answers instead of the service (a delay alone does not)."""
        return self.drop or self.status is not None

    def matches(self, operation: str | None) -> bool:
        return self.remaining != 0 and self.operation in (None, operation)


class Faults:
    """The planted faults, first planted first used; safe to use from many threads."""

    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self._lock = threading.Lock()

    def plant(self, fault: Fault) -> Fault:
        with self._lock:
            self._faults.append(fault)
        return fault

    def take(self, operation: str | None) -> Fault | None:
        """The fault that answers a request for `operation` (None: not an operation), if any."""
        with self._lock:
            for fault in self._faults:
                if fault.matches(operation):
                    fault.hits += 1
                    if fault.remaining is not None:
                        fault.remaining -= 1
                    return fault
            return None

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()


def make_fault(
    *,
    status: int | None,
    retry_after: float | str | None,
    operation: str | None,
    known_operations: frozenset[str],
    times: int | None,
    body: bytes | str | Mapping[str, Any] | None,
    content_type: str | None,
    headers: Mapping[str, str] | None,
    drop: bool,
    delay: float,
    processed: bool,
    default_body: Any,
) -> Fault:
    """A checked Fault from `FakeContextCapture.fail_next`'s arguments (see there)."""
    if operation is not None and (
        not isinstance(operation, str) or operation not in known_operations
    ):
        known = ", ".join(sorted(known_operations))
        raise ValueError(f"operation {operation!r} is not an operationId of the spec ({known})")
    if times is not None and (isinstance(times, bool) or not isinstance(times, int) or times < 1):
        raise ValueError(f"times must be a whole number >= 1 or None (for ever), got {times!r}")
    wait = _seconds("delay", delay)
    if status is None and retry_after is not None:
        status = http.HTTPStatus.TOO_MANY_REQUESTS
    if drop and (status is not None or body is not None):
        raise ValueError("drop=True closes the connection: it takes no status, body or retry_after")
    if status is None and body is not None:
        raise ValueError("a body needs a status to go with it")
    if status is not None:
        status = _check_status(status, body)
    if status is None and not drop and wait == 0:
        raise ValueError("fail_next needs a status, retry_after, drop=True or a delay")

    extra = dict(headers or {})
    if retry_after is not None:
        extra["Retry-After"] = _retry_after_text(retry_after)
    for name, value in extra.items():
        _check_header(name, value)
    if content_type is not None:
        _check_header("Content-Type", content_type)

    raw, kind = None, content_type
    if status is not None and not _bodiless(status):
        raw, kind = _encode(body if body is not None else default_body(status), content_type)
    return Fault(
        operation=operation,
        remaining=times,
        status=status,
        body=raw,
        content_type=kind,
        headers=extra,
        drop=drop,
        delay=wait,
        processed=processed,
    )


def _check_status(status: object, body: object) -> int:
    # bool is an int, and 503.7 would be cut to 503 by the status line: neither is a status.
    if isinstance(status, bool) or not isinstance(status, int) or not 100 <= status <= 599:
        raise ValueError(f"status must be a whole number from 100 to 599, got {status!r}")
    if body is not None and _bodiless(status):
        raise ValueError(f"a {status} answer has no body: leave out body= for status {status}")
    return int(status)


def _bodiless(status: int) -> bool:
    return status < 200 or status in BODILESS_STATUSES


def _check_header(name: object, value: object) -> None:
    """Refuse a header that could not be sent as one header line."""
    if not isinstance(name, str) or not HEADER_NAME.fullmatch(name):
        raise ValueError(
            f"header name {name!r} is not an HTTP token: use letters, digits and !#$%&'*+-.^_`|~"
        )
    if not isinstance(value, str):
        raise ValueError(f"header {name} must have a string value, got {value!r}")
    if CONTROL_CHARACTER.search(value):
        raise ValueError(
            f"header {name} value {value!r} contains a control character (such as CR or LF), "
            "which would end the header early"
        )
    try:
        value.encode("latin-1")
    except UnicodeEncodeError:
        raise ValueError(
            f"header {name} value {value!r} has characters beyond Latin-1, which HTTP headers "
            "cannot carry"
        ) from None


def _seconds(name: str, value: object) -> float:
    """`value` as a finite number of seconds >= 0, or ValueError naming the argument."""
    message = f"{name} must be a number of seconds >= 0, got {value!r}"
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(message)
    try:
        seconds = float(value)
    except OverflowError:  # an int too large for a float
        raise ValueError(message) from None
    if not math.isfinite(seconds) or seconds < 0:
        raise ValueError(message)
    return seconds


def _retry_after_text(value: float | str) -> str:
    if isinstance(value, str):
        return value  # an HTTP-date, or whatever odd value the test wants the client to meet
    seconds = _seconds("retry_after", value)
    return str(int(seconds)) if seconds.is_integer() else str(seconds)


def _encode(body: Any, content_type: str | None) -> tuple[bytes, str | None]:
    if body is None:
        return b"", content_type
    if isinstance(body, bytes):
        return body, content_type or "text/plain; charset=utf-8"
    if isinstance(body, str):
        return body.encode("utf-8"), content_type or "text/plain; charset=utf-8"
    try:
        text = json.dumps(body, allow_nan=False)
    except ValueError as error:  # NaN or infinity (not JSON numbers), or a circular reference
        raise ValueError(f"body cannot be sent as JSON: {error}") from None
    return text.encode("utf-8"), content_type or VENDOR_MEDIA_TYPE
