"""Access tokens: where they come from and how they get onto each request without leaking."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Generator
from typing import TypeAlias

import httpx

from ._constants import ENV_ACCESS_TOKEN
from ._exceptions import ConfigurationError

__all__ = ["BearerTokenAuth", "TokenSource", "resolve_auth"]

TokenSource: TypeAlias = str | Callable[[], str] | httpx.Auth

# RFC 6750 token68 characters; anything else (spaces, newlines, non-ASCII) would corrupt the header.
_TOKEN68 = re.compile(r"[A-Za-z0-9\-._~+/]+=*")


def _checked(token: object, origin: str) -> str:
    """The bare token, or a ConfigurationError that names where it came from but never shows it."""
    if not isinstance(token, str):
        raise ConfigurationError(f"{origin} must be a string, not {type(token).__name__}")
    token = token.strip()
    # People paste whole header values; accept them rather than sending "Bearer Bearer ...".
    if token[:7].lower() == "bearer ":
        token = token[7:].strip()
    if not token:
        raise ConfigurationError(
            f"{origin} is empty: pass token=... or set the {ENV_ACCESS_TOKEN} environment variable"
        )
    if not _TOKEN68.fullmatch(token):
        raise ConfigurationError(
            f"{origin} contains characters an access token cannot have (spaces, line breaks or "
            "non-ASCII); check that it was copied whole and alone"
        )
    return token


class BearerTokenAuth(httpx.Auth):
    """Sends `Authorization: Bearer <token>`, asking a callable for the token on every request."""

    def __init__(self, token: str | Callable[[], str]) -> None:
        if isinstance(token, str):
            static = _checked(token, "token")
            self._get_token: Callable[[], str] = lambda: static
        else:
            self._get_token = lambda: _checked(token(), "the token callable's result")

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = f"Bearer {self._get_token()}"
        yield request

    def __repr__(self) -> str:
        return f"{type(self).__name__}(token=<hidden>)"


def resolve_auth(token: TokenSource | None) -> httpx.Auth:
    """Turn the `token` argument (or ITWIN_ACCESS_TOKEN when it is None) into an httpx.Auth."""
    if token is None:
        token = os.environ.get(ENV_ACCESS_TOKEN, "")
        if not token.strip():
            raise ConfigurationError(
                f"No access token: pass token=... to the client or set {ENV_ACCESS_TOKEN}"
            )
        return BearerTokenAuth(_checked(token, ENV_ACCESS_TOKEN))
    if isinstance(token, httpx.Auth):
        return token
    if isinstance(token, str) or callable(token):
        return BearerTokenAuth(token)
    raise ConfigurationError(
        "token must be a string, a zero-argument callable returning one, or an httpx.Auth; "
        f"got {type(token).__name__}"
    )
