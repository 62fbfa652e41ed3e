"""The API's resources as the clients expose them (`cc.workspaces`, ...)."""

from ._workspaces import AsyncWorkspaces, Workspaces

__all__ = ["AsyncWorkspaces", "Workspaces"]
