"""Defaults and tunables of the client, kept in one place so they are easy to find and test."""

import httpx

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_SCOPES",
    "DEFAULT_TIMEOUT",
    "DEFAULT_TOKEN_TIMEOUT",
    "DEFAULT_TOKEN_URL",
    "ENV_ACCESS_TOKEN",
    "ENV_BASE_URL",
    "ENV_CLIENT_ID",
    "ENV_CLIENT_SECRET",
    "ENV_SCOPES",
    "ENV_TOKEN_URL",
    "INITIAL_RETRY_DELAY",
    "MAX_RETRY_AFTER",
    "MAX_RETRY_DELAY",
    "TOKEN_EXPIRY_MARGIN",
    "VENDOR_MEDIA_TYPE",
]

DEFAULT_BASE_URL = "https://api.bentley.com"

# The reference recommends asking for this media type on every request.
VENDOR_MEDIA_TYPE = "application/vnd.bentley.itwin-platform.v1+json"

ENV_ACCESS_TOKEN = "ITWIN_ACCESS_TOKEN"
ENV_BASE_URL = "CONTEXTCAPTURE_BASE_URL"
ENV_CLIENT_ID = "ITWIN_CLIENT_ID"
ENV_CLIENT_SECRET = "ITWIN_CLIENT_SECRET"
ENV_SCOPES = "ITWIN_SCOPES"
ENV_TOKEN_URL = "ITWIN_TOKEN_URL"

# Service applications get their tokens from Bentley IMS with the client-credentials grant.
DEFAULT_TOKEN_URL = "https://ims.bentley.com/connect/token"
DEFAULT_SCOPES = ("itwin-platform",)
# A cached token is replaced this long before it expires (at most half its lifetime), so that it
# does not run out between leaving the client and reaching the service.
TOKEN_EXPIRY_MARGIN = 60.0
# The token endpoint answers in milliseconds when it is well; a hung one must not stall every call.
DEFAULT_TOKEN_TIMEOUT = httpx.Timeout(30.0, connect=10.0)

# Connecting should be quick; reading may wait on a busy service, but a service calling us must not
# hang for ever on a half-open connection.
DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=10.0)

DEFAULT_MAX_RETRIES = 2
INITIAL_RETRY_DELAY = 0.5
MAX_RETRY_DELAY = 8.0
# A Retry-After longer than this is not waited out: the error is raised with `retry_after` set so
# that the caller can decide (a minute is what the platform's per-minute tiers can ask for).
MAX_RETRY_AFTER = 60.0
