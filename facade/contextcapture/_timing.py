"""Reading the clock and pausing, in one place so that tests can replace them with a fake clock."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

__all__ = ["async_sleep", "monotonic", "sleep", "to_thread"]

T = TypeVar("T")


def monotonic() -> float:
    return time.monotonic()


def sleep(seconds: float) -> None:
    time.sleep(seconds)


# asyncio is imported on first use: a blocking client never needs it, and it is a noticeable
# share of `import contextcapture` (see bench/README.md).
async def async_sleep(seconds: float) -> None:
    import asyncio

    await asyncio.sleep(seconds)


async def to_thread(function: Callable[..., T], /, *args: object) -> T:
    import asyncio

    return await asyncio.to_thread(function, *args)
