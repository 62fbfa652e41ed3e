"""When to retry a failed request and how long to wait first; shared by the sync and async loops."""

from __future__ import annotations

import random
from collections.abc import Callable

import httpx

from ._constants import INITIAL_RETRY_DELAY, MAX_RETRY_AFTER, MAX_RETRY_DELAY
from ._exceptions import (
    APIConnectionError,
    APIError,
    ContextCaptureError,
    RateLimitError,
    parse_retry_after,
)

__all__ = ["retry_delay", "should_retry"]

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "DELETE", "PUT"})
# Statuses that say "the service did not handle this, try again" for idempotent requests.
TRANSIENT_STATUSES = frozenset({408, 502, 503, 504})


def should_retry(method: str, error: ContextCaptureError) -> bool:
    """Whether repeating the request could succeed without risking a duplicate side effect."""
    if isinstance(error, RateLimitError):
        # The service refused the request before processing it, whatever the method.
        return True
    if isinstance(error, APIError):
        return method in IDEMPOTENT_METHODS and error.status_code in TRANSIENT_STATUSES
    if isinstance(error, APIConnectionError):
        if not error.request_sent:
            return True
        # A POST or PATCH whose fate is unknown is never replayed: two jobs are worse than an error.
        # Only network failures may pass on a second try; a redirect loop or an undecodable body
        # would fail the same way again.
        return method in IDEMPOTENT_METHODS and isinstance(error.__cause__, httpx.TransportError)
    return False


def retry_delay(
    method: str,
    error: ContextCaptureError,
    retries_done: int,
    max_retries: int,
    *,
    random_fraction: Callable[[], float] = random.random,
) -> float | None:
    """Seconds to wait before the next try, or None when the error should be raised now."""
    if retries_done >= max_retries or not should_retry(method, error):
        return None

    if isinstance(error, APIError):
        asked = parse_retry_after(error.response.headers.get("retry-after"))
        if asked is not None:
            # Waiting out a long Retry-After would stall the caller; let it decide instead.
            return asked if asked <= MAX_RETRY_AFTER else None

    # Exponential backoff with jitter, so that many clients do not come back in step.
    ceiling = min(INITIAL_RETRY_DELAY * 2.0**retries_done, MAX_RETRY_DELAY)
    return ceiling * (0.5 + 0.5 * random_fraction())
