"""Contains all the data models used in inputs/outputs"""

from .cache_settings import CacheSettings
from .cost_estimation_parameters import CostEstimationParameters
from .detailed_error import DetailedError
from .detailed_error_response import DetailedErrorResponse
from .engines_limit import EnginesLimit
from .engines_limit_response import EnginesLimitResponse
from .error import Error
from .error_response import ErrorResponse
from .execution_information import ExecutionInformation
from .input_ import Input
from .job import Job
from .job_create import JobCreate
from .job_message import JobMessage
from .job_patch import JobPatch
from .job_progress import JobProgress
from .job_progress_response import JobProgressResponse
from .job_response import JobResponse
from .job_settings import JobSettings
from .job_settings_create import JobSettingsCreate
from .output import Output
from .user_access import UserAccess
from .user_access_response import UserAccessResponse
from .workspace import Workspace
from .workspace_create import WorkspaceCreate
from .workspace_response import WorkspaceResponse

__all__ = (
    "CacheSettings",
    "CostEstimationParameters",
    "DetailedError",
    "DetailedErrorResponse",
    "EnginesLimit",
    "EnginesLimitResponse",
    "Error",
    "ErrorResponse",
    "ExecutionInformation",
    "Input",
    "Job",
    "JobCreate",
    "JobMessage",
    "JobPatch",
    "JobProgress",
    "JobProgressResponse",
    "JobResponse",
    "JobSettings",
    "JobSettingsCreate",
    "Output",
    "UserAccess",
    "UserAccessResponse",
    "Workspace",
    "WorkspaceCreate",
    "WorkspaceResponse",
)
