"""
Python client for Bentley's iTwin ContextCapture (Reality Modeling) API v1.

    from contextcapture import ContextCapture

    with ContextCapture() as cc:  # ITWIN_ACCESS_TOKEN, or ITWIN_CLIENT_ID + ITWIN_CLIENT_SECRET
        workspace = cc.workspaces.create(name="Bridge survey", itwin_id="...")
        print(workspace.id, workspace.created_date_time)

Models returned by the client are the generated ones from `contextcapture_client.models`; their
`to_dict()` gives back the API's JSON shape.
"""

import logging

from ._auth import BearerTokenAuth, TokenSource
from ._client import AsyncContextCapture, ContextCapture
from ._constants import (
    DEFAULT_BASE_URL,
    DEFAULT_MAX_RETRIES,
    DEFAULT_SCOPES,
    DEFAULT_TIMEOUT,
    DEFAULT_TOKEN_URL,
    VENDOR_MEDIA_TYPE,
)
from ._exceptions import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    AuthenticationError,
    ConfigurationError,
    ConflictError,
    ContextCaptureError,
    ErrorDetail,
    InvalidResponseError,
    JobCancelledError,
    JobError,
    JobFailedError,
    JobWaitTimeoutError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    UnprocessableEntityError,
)
from ._known_values import JobState, JobType, OutputFormat, ProgressState, Quality
from ._oauth import ClientCredentials
from ._transports import aiohttp_http_client
from ._version import __version__

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_SCOPES",
    "DEFAULT_TIMEOUT",
    "DEFAULT_TOKEN_URL",
    "VENDOR_MEDIA_TYPE",
    "APIConnectionError",
    "APIError",
    "APITimeoutError",
    "AsyncContextCapture",
    "AuthenticationError",
    "BearerTokenAuth",
    "ClientCredentials",
    "ConfigurationError",
    "ConflictError",
    "ContextCapture",
    "ContextCaptureError",
    "ErrorDetail",
    "InvalidResponseError",
    "JobCancelledError",
    "JobError",
    "JobFailedError",
    "JobState",
    "JobType",
    "JobWaitTimeoutError",
    "NotFoundError",
    "OutputFormat",
    "PermissionDeniedError",
    "ProgressState",
    "Quality",
    "RateLimitError",
    "ServerError",
    "TokenSource",
    "UnprocessableEntityError",
    "__version__",
    "aiohttp_http_client",
]

# A library leaves handling its log records to the application (the CLI adds a stderr handler).
logging.getLogger(__name__).addHandler(logging.NullHandler())

# Tracebacks and reprs show the public path (contextcapture.NotFoundError), not the private module.
for _name in __all__:
    _obj = globals()[_name]
    if isinstance(_obj, type) and _obj.__module__.startswith("contextcapture._"):
        _obj.__module__ = __name__
del _name, _obj
