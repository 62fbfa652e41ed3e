"""`cc.workspaces`: create, get and delete workspaces."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from contextcapture_client.api.workspaces import create_workspace, delete_workspace, get_workspace
from contextcapture_client.models import Workspace, WorkspaceCreate, WorkspaceResponse
from contextcapture_client.types import UNSET

from .._base import NOT_GIVEN, NotGiven, TimeoutTypes, json_body, no_body, require_id
from .._exceptions import ConfigurationError

if TYPE_CHECKING:
    from .._client import AsyncContextCapture, ContextCapture

__all__ = ["AsyncWorkspaces", "Workspaces"]


_workspace = json_body(lambda payload: WorkspaceResponse.from_dict(payload).workspace)


def _create_body(name: str, itwin_id: str, context_capture_version: str | None) -> WorkspaceCreate:
    if not isinstance(name, str) or not name.strip():
        raise ConfigurationError("name must be a non-empty string")
    if not isinstance(itwin_id, str):
        raise ConfigurationError(f"itwin_id must be a string, not {type(itwin_id).__name__}")
    try:
        itwin_uuid = uuid.UUID(itwin_id)
    except ValueError:
        raise ConfigurationError(
            f"itwin_id must be an iTwin id (a UUID), got {itwin_id!r}"
        ) from None
    if context_capture_version is not None and not isinstance(context_capture_version, str):
        raise ConfigurationError("context_capture_version must be a string such as '20.1' or None")
    return WorkspaceCreate(
        name=name,
        i_twin_id=itwin_uuid,
        context_capture_version=UNSET
        if context_capture_version is None
        else context_capture_version,
    )


class Workspaces:
    """Workspaces group the jobs of one iTwin and pin the ContextCapture version they run with."""

    def __init__(self, client: ContextCapture) -> None:
        self._client = client

    def create(
        self,
        *,
        name: str,
        itwin_id: str,
        context_capture_version: str | None = None,
        max_retries: int | NotGiven = NOT_GIVEN,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
    ) -> Workspace:
        """
        POST /contextcapture/workspaces: create a workspace in the iTwin `itwin_id`.

        `context_capture_version` (e.g. "20.1") pins the engine version; the service picks one
        when it is omitted.
        """
        body = _create_body(name, itwin_id, context_capture_version)
        kwargs = create_workspace._get_kwargs(body=body)
        return self._client._send(kwargs, _workspace, max_retries=max_retries, timeout=timeout)

    def get(
        self,
        workspace_id: str,
        *,
        max_retries: int | NotGiven = NOT_GIVEN,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
    ) -> Workspace:
        """GET /contextcapture/workspaces/{id}: the workspace's properties."""
        kwargs = get_workspace._get_kwargs(require_id(workspace_id, "workspace_id"))
        return self._client._send(kwargs, _workspace, max_retries=max_retries, timeout=timeout)

    def delete(
        self,
        workspace_id: str,
        *,
        max_retries: int | NotGiven = NOT_GIVEN,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
    ) -> None:
        """DELETE /contextcapture/workspaces/{id}: delete the workspace."""
        kwargs = delete_workspace._get_kwargs(require_id(workspace_id, "workspace_id"))
        self._client._send(kwargs, no_body, max_retries=max_retries, timeout=timeout)


class AsyncWorkspaces:
    """The asyncio twin of `Workspaces`."""

    def __init__(self, client: AsyncContextCapture) -> None:
        self._client = client

    async def create(
        self,
        *,
        name: str,
        itwin_id: str,
        context_capture_version: str | None = None,
        max_retries: int | NotGiven = NOT_GIVEN,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
    ) -> Workspace:
        """POST /contextcapture/workspaces: create a workspace in the iTwin `itwin_id`."""
        body = _create_body(name, itwin_id, context_capture_version)
        kwargs = create_workspace._get_kwargs(body=body)
        return await self._client._send(
            kwargs, _workspace, max_retries=max_retries, timeout=timeout
        )

    async def get(
        self,
        workspace_id: str,
        *,
        max_retries: int | NotGiven = NOT_GIVEN,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
    ) -> Workspace:
        """GET /contextcapture/workspaces/{id}: the workspace's properties."""
        kwargs = get_workspace._get_kwargs(require_id(workspace_id, "workspace_id"))
        return await self._client._send(
            kwargs, _workspace, max_retries=max_retries, timeout=timeout
        )

    async def delete(
        self,
        workspace_id: str,
        *,
        max_retries: int | NotGiven = NOT_GIVEN,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
    ) -> None:
        """DELETE /contextcapture/workspaces/{id}: delete the workspace."""
        kwargs = delete_workspace._get_kwargs(require_id(workspace_id, "workspace_id"))
        await self._client._send(kwargs, no_body, max_retries=max_retries, timeout=timeout)
