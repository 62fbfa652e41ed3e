"""The API's resources as the clients expose them (`cc.workspaces`, `cc.jobs`, ...)."""

from ._jobs import AsyncJobs, Jobs
from ._limits import AsyncLimits, AsyncUserAccessResource, Limits, UserAccessResource
from ._workspaces import AsyncWorkspaces, Workspaces

__all__ = [
    "AsyncJobs",
    "AsyncLimits",
    "AsyncUserAccessResource",
    "AsyncWorkspaces",
    "Jobs",
    "Limits",
    "UserAccessResource",
    "Workspaces",
]
