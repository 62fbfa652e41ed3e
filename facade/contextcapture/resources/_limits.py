"""`cc.limits` (engines limit) and `cc.user_access` (the technology-preview access check)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from contextcapture_client.api.limits import get_engines_limit
from contextcapture_client.api.user_access import get_user_access
from contextcapture_client.models import (
    EnginesLimit,
    EnginesLimitResponse,
    UserAccess,
    UserAccessResponse,
)
from contextcapture_client.types import UNSET, Unset

from .._base import NOT_GIVEN, NotGiven, TimeoutTypes, json_body, require_id

if TYPE_CHECKING:
    from .._client import AsyncContextCapture, ContextCapture

__all__ = ["AsyncLimits", "AsyncUserAccessResource", "Limits", "UserAccessResource"]

_engines_limit = json_body(lambda payload: EnginesLimitResponse.from_dict(payload).engines_limit)
_access = json_body(lambda payload: UserAccessResponse.from_dict(payload).access_info)


def _itwin(itwin_id: str | None) -> str | Unset:
    return UNSET if itwin_id is None else require_id(itwin_id, "itwin_id")


class Limits:
    """Limits of the caller's subscription."""

    def __init__(self, client: ContextCapture) -> None:
        self._client = client

    def engines(
        self,
        itwin_id: str | None = None,
        *,
        max_retries: int | NotGiven = NOT_GIVEN,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
    ) -> EnginesLimit:
        """GET /contextcapture/limits/engines: the most engines a job may use (`max_engines`)."""
        kwargs = get_engines_limit._get_kwargs(i_twin_id=_itwin(itwin_id))
        return self._client._send(kwargs, _engines_limit, max_retries=max_retries, timeout=timeout)


class UserAccessResource:
    """
    The technology-preview "Get user access" operation. The reference lists it only in its
    changelog; path and shape come from Bentley's preview SDK and may no longer be served.
    """

    def __init__(self, client: ContextCapture) -> None:
        self._client = client

    def get(
        self,
        itwin_id: str | None = None,
        *,
        max_retries: int | NotGiven = NOT_GIVEN,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
    ) -> UserAccess:
        """GET /contextcapture/cost/access: whether the user may process (`processing_allowed`)."""
        kwargs = get_user_access._get_kwargs(project_id=_itwin(itwin_id))
        return self._client._send(kwargs, _access, max_retries=max_retries, timeout=timeout)


class AsyncLimits:
    """The asyncio twin of `Limits`."""

    def __init__(self, client: AsyncContextCapture) -> None:
        self._client = client

    async def engines(
        self,
        itwin_id: str | None = None,
        *,
        max_retries: int | NotGiven = NOT_GIVEN,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
    ) -> EnginesLimit:
        """GET /contextcapture/limits/engines: the most engines a job may use (`max_engines`)."""
        kwargs = get_engines_limit._get_kwargs(i_twin_id=_itwin(itwin_id))
        return await self._client._send(
            kwargs, _engines_limit, max_retries=max_retries, timeout=timeout
        )


class AsyncUserAccessResource:
    """The asyncio twin of `UserAccessResource`."""

    def __init__(self, client: AsyncContextCapture) -> None:
        self._client = client

    async def get(
        self,
        itwin_id: str | None = None,
        *,
        max_retries: int | NotGiven = NOT_GIVEN,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
    ) -> UserAccess:
        """GET /contextcapture/cost/access: whether the user may process (`processing_allowed`)."""
        kwargs = get_user_access._get_kwargs(project_id=_itwin(itwin_id))
        return await self._client._send(kwargs, _access, max_retries=max_retries, timeout=timeout)
