"""Faults a test plants in the fake: error statuses, broken bodies, delays, dropped connections."""

from __future__ import annotations

import http
import json
import math
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .._constants import VENDOR_MEDIA_TYPE

__all__ = ["Fault", "Faults"]


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
    if operation is not None and operation not in known_operations:
        known = ", ".join(sorted(known_operations))
        raise ValueError(f"operation {operation!r} is not an operationId of the spec ({known})")
    if times is not None and (isinstance(times, bool) or not isinstance(times, int) or times < 1):
        raise ValueError(f"times must be a whole number >= 1 or None (for ever), got {times!r}")
    if not math.isfinite(delay) or delay < 0:
        raise ValueError(f"delay must be a number of seconds >= 0, got {delay!r}")
    if status is None and retry_after is not None:
        status = http.HTTPStatus.TOO_MANY_REQUESTS
    if drop and (status is not None or body is not None):
        raise ValueError("drop=True closes the connection: it takes no status, body or retry_after")
    if status is None and body is not None:
        raise ValueError("a body needs a status to go with it")
    if status is not None and not 200 <= status <= 599:
        raise ValueError(f"status must be 200 to 599, got {status!r}")
    if status is None and not drop and delay == 0:
        raise ValueError("fail_next needs a status, retry_after, drop=True or a delay")

    extra = dict(headers or {})
    if retry_after is not None:
        extra["Retry-After"] = _retry_after_text(retry_after)

    raw, kind = None, content_type
    if status is not None:
        raw, kind = _encode(body if body is not None else default_body(status), content_type)
    return Fault(
        operation=operation,
        remaining=times,
        status=None if status is None else int(status),
        body=raw,
        content_type=kind,
        headers=extra,
        drop=drop,
        delay=float(delay),
        processed=processed,
    )


def _retry_after_text(value: float | str) -> str:
    if isinstance(value, str):
        return value  # an HTTP-date, or whatever odd value the test wants the client to meet
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"retry_after must be seconds >= 0 or a string, got {value!r}")
    return str(int(value)) if float(value).is_integer() else str(value)


def _encode(body: Any, content_type: str | None) -> tuple[bytes, str | None]:
    if body is None:
        return b"", content_type
    if isinstance(body, bytes):
        return body, content_type or "text/plain; charset=utf-8"
    if isinstance(body, str):
        return body.encode("utf-8"), content_type or "text/plain; charset=utf-8"
    return json.dumps(body).encode("utf-8"), content_type or VENDOR_MEDIA_TYPE
