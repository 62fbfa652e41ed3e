"""The fake service's clock: frozen until advanced by the test, or real time at a chosen speed."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

__all__ = ["Clock", "format_datetime"]


class Clock:
    """
    Seconds since the fake started, and the date-time they stand for.

    With `speed=0` the clock only moves when `advance()` is called; with a positive speed it also
    follows real time, `speed` fake seconds for every real one.
    """

    def __init__(
        self,
        *,
        speed: float,
        start: datetime | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        if not math.isfinite(speed) or speed < 0:
            raise ValueError(f"speed must be a finite number >= 0, got {speed!r}")
        if start is None:
            # Milliseconds, like the service's own date-times.
            start = datetime.now(UTC).replace(microsecond=0)
        elif start.tzinfo is None:
            raise ValueError("start must be a timezone-aware datetime (e.g. tzinfo=UTC)")
        self.speed = speed
        self._start = start.astimezone(UTC)
        self._monotonic = monotonic
        self._real_start = monotonic()
        self._advanced = 0.0
        self._lock = threading.Lock()

    def seconds(self) -> float:
        """Fake seconds elapsed since the clock started."""
        with self._lock:
            real = (self._monotonic() - self._real_start) * self.speed
            return self._advanced + real

    def advance(self, seconds: float) -> None:
        """Move the clock forward by `seconds` fake seconds; the date-time must stay <= 9999."""
        step = _finite_seconds(seconds)
        with self._lock:
            elapsed = self._advanced + step + (self._monotonic() - self._real_start) * self.speed
            try:
                self.at(elapsed)
            except OverflowError:
                raise ValueError(
                    f"advancing {seconds!r} seconds would take the clock past the year "
                    f"{datetime.max.year}, the last a datetime can show"
                ) from None
            self._advanced += step

    def at(self, seconds: float) -> datetime:
        """The date-time `seconds` fake seconds after the clock started."""
        return self._start + timedelta(seconds=seconds)

    def now(self) -> datetime:
        return self.at(self.seconds())


def _finite_seconds(seconds: object) -> float:
    message = f"seconds must be a finite number >= 0, got {seconds!r}"
    if isinstance(seconds, bool) or not isinstance(seconds, int | float):
        raise ValueError(message)
    try:
        step = float(seconds)
    except OverflowError:  # an int too large for a float
        raise ValueError(message) from None
    if not math.isfinite(step) or step < 0:
        raise ValueError(message)
    return step


def format_datetime(moment: datetime) -> str:
    """ISO 8601 in UTC with milliseconds and a 'Z', as the service writes its date-times."""
    text = moment.astimezone(UTC).isoformat(timespec="milliseconds")
    return text.removesuffix("+00:00") + "Z"
