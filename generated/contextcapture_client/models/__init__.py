"""Contains all the data models used in inputs/outputs"""

from .detailed_error import DetailedError
from .detailed_error_response import DetailedErrorResponse
from .error import Error
from .error_response import ErrorResponse
from .workspace import Workspace
from .workspace_create import WorkspaceCreate
from .workspace_response import WorkspaceResponse

__all__ = (
    "DetailedError",
    "DetailedErrorResponse",
    "Error",
    "ErrorResponse",
    "Workspace",
    "WorkspaceCreate",
    "WorkspaceResponse",
)
