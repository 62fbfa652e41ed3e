"""Where the client gets its token and base URL, what it refuses, and that the token never leaks."""

from __future__ import annotations

import logging
from collections.abc import Generator, Iterator
from typing import Any

import httpx
import pytest
import respx

from contextcapture import (
    AsyncContextCapture,
    AuthenticationError,
    ConfigurationError,
    ContextCapture,
    InvalidResponseError,
    RateLimitError,
)
from contextcapture._constants import ENV_ACCESS_TOKEN, ENV_BASE_URL
from tests.docs import ITWIN_ID, WORKSPACE_ID, example
from tests.unit.conftest import TOKEN, WORKSPACES_PATH, MakeClient, workspace_path


def authorization(route: respx.Route) -> str:
    return str(route.calls.last.request.headers["Authorization"])


@pytest.fixture
def get_route(api: respx.MockRouter) -> respx.Route:
    return api.get(workspace_path(WORKSPACE_ID)).respond(200, json=example("WorkspaceCreated"))


# --- where the token comes from ------------------------------------------------------------------


def test_token_argument_is_sent_as_bearer(get_route: respx.Route, make_client: MakeClient) -> None:
    make_client(token=TOKEN).workspaces.get(WORKSPACE_ID)

    assert authorization(get_route) == f"Bearer {TOKEN}"


def test_token_is_read_from_itwin_access_token(
    get_route: respx.Route, make_client: MakeClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_ACCESS_TOKEN, "token-from-the-environment")

    make_client(token=None).workspaces.get(WORKSPACE_ID)

    assert authorization(get_route) == "Bearer token-from-the-environment"


def test_token_argument_wins_over_the_environment(
    get_route: respx.Route, make_client: MakeClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_ACCESS_TOKEN, "token-from-the-environment")

    make_client(token=TOKEN).workspaces.get(WORKSPACE_ID)

    assert authorization(get_route) == f"Bearer {TOKEN}"


def test_a_pasted_bearer_prefix_is_not_doubled(
    get_route: respx.Route, make_client: MakeClient
) -> None:
    make_client(token=f"Bearer {TOKEN}").workspaces.get(WORKSPACE_ID)

    assert authorization(get_route) == f"Bearer {TOKEN}"


def test_token_callable_is_asked_on_every_request(
    get_route: respx.Route, make_client: MakeClient
) -> None:
    tokens: Iterator[str] = iter(["first-token", "second-token"])
    cc = make_client(token=lambda: next(tokens))

    cc.workspaces.get(WORKSPACE_ID)
    cc.workspaces.get(WORKSPACE_ID)

    sent = [call.request.headers["Authorization"] for call in get_route.calls]
    assert sent == ["Bearer first-token", "Bearer second-token"]


class ApiKeyAuth(httpx.Auth):
    """A caller's own auth scheme, standing in for e.g. a token-refreshing flow."""

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = "Bearer from-an-httpx-auth"
        yield request


def test_an_httpx_auth_is_used_as_given(get_route: respx.Route, make_client: MakeClient) -> None:
    make_client(token=ApiKeyAuth()).workspaces.get(WORKSPACE_ID)

    assert authorization(get_route) == "Bearer from-an-httpx-auth"


# --- no usable token -----------------------------------------------------------------------------


def test_no_token_anywhere_raises_configuration_error_before_any_request(
    get_route: respx.Route, make_client: MakeClient
) -> None:
    with pytest.raises(ConfigurationError, match=ENV_ACCESS_TOKEN):
        make_client(token=None).workspaces.get(WORKSPACE_ID)

    assert not get_route.called


def test_blank_environment_token_counts_as_no_token(
    make_client: MakeClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_ACCESS_TOKEN, "   ")

    with pytest.raises(ConfigurationError, match=ENV_ACCESS_TOKEN):
        make_client(token=None)


@pytest.mark.parametrize("token", ["", "  ", "two words", "line\nbreak", "tökén"])
def test_unusable_token_string_raises_configuration_error(
    make_client: MakeClient, token: str
) -> None:
    with pytest.raises(ConfigurationError):
        make_client(token=token)


def test_token_of_another_type_raises_configuration_error(make_client: MakeClient) -> None:
    with pytest.raises(ConfigurationError, match="token must be"):
        make_client(token=12345)


def test_token_callable_returning_nothing_raises_before_sending(
    get_route: respx.Route, make_client: MakeClient
) -> None:
    cc = make_client(token=lambda: "")

    with pytest.raises(ConfigurationError):
        cc.workspaces.get(WORKSPACE_ID)

    assert not get_route.called


# --- base URL ------------------------------------------------------------------------------------


def test_base_url_defaults_to_api_bentley_com(make_client: MakeClient) -> None:
    assert make_client().base_url == "https://api.bentley.com"


def test_contextcapture_base_url_overrides_the_default(
    make_client: MakeClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_BASE_URL, "https://qa-api.bentley.com")

    with respx.mock(base_url="https://qa-api.bentley.com", assert_all_mocked=True) as qa:
        route = qa.get(workspace_path(WORKSPACE_ID)).respond(200, json=example("WorkspaceCreated"))
        make_client().workspaces.get(WORKSPACE_ID)

    assert route.call_count == 1


def test_base_url_argument_wins_over_the_environment(
    make_client: MakeClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_BASE_URL, "https://qa-api.bentley.com")

    assert make_client(base_url="https://api.bentley.com").base_url == "https://api.bentley.com"


def test_base_url_trailing_slash_is_dropped(
    get_route: respx.Route, make_client: MakeClient
) -> None:
    make_client(base_url="https://api.bentley.com/").workspaces.get(WORKSPACE_ID)

    assert get_route.calls.last.request.url.path == workspace_path(WORKSPACE_ID)


def test_plain_http_to_a_remote_host_is_refused(make_client: MakeClient) -> None:
    with pytest.raises(ConfigurationError, match="allow_insecure_http"):
        make_client(base_url="http://api.bentley.com")


def test_plain_http_base_url_from_the_environment_is_refused(
    make_client: MakeClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_BASE_URL, "http://api.bentley.com")

    with pytest.raises(ConfigurationError, match=ENV_BASE_URL):
        make_client()


def test_plain_http_to_a_remote_host_is_allowed_when_asked_for(make_client: MakeClient) -> None:
    cc = make_client(base_url="http://api.bentley.com", allow_insecure_http=True)

    assert cc.base_url == "http://api.bentley.com"


@pytest.mark.parametrize("base_url", ["http://localhost", "http://127.0.0.1", "http://[::1]"])
def test_plain_http_to_loopback_is_allowed(make_client: MakeClient, base_url: str) -> None:
    with respx.mock(base_url=base_url, assert_all_mocked=True) as local:
        route = local.delete(workspace_path(WORKSPACE_ID)).respond(204)
        make_client(base_url=base_url).workspaces.delete(WORKSPACE_ID)

    assert route.call_count == 1


@pytest.mark.parametrize(
    "base_url",
    ["api.bentley.com", "ftp://api.bentley.com", "https://", "https://api.bentley.com/?a=b"],
)
def test_unusable_base_url_raises_configuration_error(
    make_client: MakeClient, base_url: str
) -> None:
    with pytest.raises(ConfigurationError, match="base_url"):
        make_client(base_url=base_url)


# --- arguments checked before a request is sent --------------------------------------------------


@pytest.fixture
def any_route(api: respx.MockRouter) -> respx.Route:
    """Matches every request, so that a test can prove none was sent."""
    return api.route().respond(204)


@pytest.mark.parametrize("workspace_id", ["", "   ", ".", ".."])
@pytest.mark.parametrize("operation", ["get", "delete"])
def test_empty_or_dot_workspace_id_is_refused_without_a_request(
    any_route: respx.Route, make_client: MakeClient, operation: str, workspace_id: str
) -> None:
    cc = make_client()

    with pytest.raises(ConfigurationError, match="workspace_id"):
        getattr(cc.workspaces, operation)(workspace_id)

    assert not any_route.called


@pytest.mark.parametrize("workspace_id", [None, 42, b"e47cf092", ["e47cf092"]])
@pytest.mark.parametrize("operation", ["get", "delete"])
def test_workspace_id_that_is_not_a_string_is_refused_without_a_request(
    any_route: respx.Route, make_client: MakeClient, operation: str, workspace_id: object
) -> None:
    cc = make_client()

    with pytest.raises(ConfigurationError, match="workspace_id"):
        getattr(cc.workspaces, operation)(workspace_id)

    assert not any_route.called


@pytest.mark.parametrize("itwin_id", ["", "my-itwin", "3fa85f64-5717-4562-b3fc", 42, None])
def test_itwin_id_that_is_not_a_uuid_is_refused_without_a_request(
    any_route: respx.Route, make_client: MakeClient, itwin_id: object
) -> None:
    cc = make_client()

    with pytest.raises(ConfigurationError, match="itwin_id"):
        cc.workspaces.create(name="My workspace", itwin_id=itwin_id)

    assert not any_route.called


@pytest.mark.parametrize("name", ["", "   ", None])
def test_blank_workspace_name_is_refused_without_a_request(
    any_route: respx.Route, make_client: MakeClient, name: object
) -> None:
    cc = make_client()

    with pytest.raises(ConfigurationError, match="name"):
        cc.workspaces.create(name=name, itwin_id=ITWIN_ID)

    assert not any_route.called


@pytest.mark.parametrize("max_retries", [-1, 1.5, "2", True])
def test_max_retries_that_is_not_a_count_is_refused(
    make_client: MakeClient, max_retries: object
) -> None:
    with pytest.raises(ConfigurationError, match="max_retries"):
        make_client(max_retries=max_retries)


def test_configuration_error_is_a_value_error() -> None:
    assert issubclass(ConfigurationError, ValueError)


def test_sync_client_refuses_an_async_http_client() -> None:
    with pytest.raises(ConfigurationError, match="AsyncContextCapture"):
        ContextCapture(token=TOKEN, http_client=httpx.AsyncClient())  # type: ignore[arg-type]


def test_async_client_refuses_a_sync_http_client() -> None:
    with pytest.raises(ConfigurationError, match="ContextCapture"):
        AsyncContextCapture(token=TOKEN, http_client=httpx.Client())  # type: ignore[arg-type]


def test_a_caller_supplied_http_client_is_used_and_left_open(get_route: respx.Route) -> None:
    http = httpx.Client(headers={"X-Caller": "yes"})

    with ContextCapture(token=TOKEN, http_client=http) as cc:
        cc.workspaces.get(WORKSPACE_ID)

    assert get_route.calls.last.request.headers["X-Caller"] == "yes"
    assert not http.is_closed
    http.close()


# --- the token never leaks -----------------------------------------------------------------------


def test_repr_of_the_client_does_not_show_the_token(make_client: MakeClient) -> None:
    assert TOKEN not in repr(make_client(token=TOKEN))


def test_no_attribute_of_the_client_shows_the_token_in_its_repr(make_client: MakeClient) -> None:
    cc = make_client(token=TOKEN)

    assert TOKEN not in repr(vars(cc) if isinstance(cc, ContextCapture) else vars(cc._target))


# Where a misbehaving server or proxy might echo the Authorization header; %s is the token.
ECHOED_AUTHORIZATION_BODIES = {
    "in the message": (
        "application/json",
        '{"error": {"code": "InvalidToken", "message": "Authorization: Bearer %s is invalid"}}',
    ),
    "bare in the message": (
        "application/json",
        '{"error": {"code": "InvalidToken", "message": "token %s has expired"}}',
    ),
    "in the target": (
        "application/json",
        '{"error": {"code": "InvalidToken", "message": "Bad header.", "target": "Bearer %s"}}',
    ),
    "in the code": ("application/json", '{"error": {"code": "%s", "message": "Bad header."}}'),
    "in a detail": (
        "application/json",
        '{"error": {"code": "InvalidToken", "message": "Bad header.", '
        '"details": [{"code": "InvalidHeader", "message": "Bearer %s"}]}}',
    ),
    "in an html page": (
        "text/html",
        "<html><body><pre>Authorization: Bearer %s</pre></body></html>",
    ),
    "as json without an error object": (
        "application/json",
        '{"headers": {"authorization": "%s"}}',
    ),
}


@pytest.mark.parametrize(
    ("content_type", "body"),
    ECHOED_AUTHORIZATION_BODIES.values(),
    ids=ECHOED_AUTHORIZATION_BODIES.keys(),
)
def test_token_echoed_by_the_server_is_not_in_the_exception(
    api: respx.MockRouter, cc: Any, content_type: str, body: str
) -> None:
    api.get(workspace_path(WORKSPACE_ID)).respond(
        401, content=body % TOKEN, headers={"Content-Type": content_type}
    )

    with pytest.raises(AuthenticationError) as caught:
        cc.workspaces.get(WORKSPACE_ID)

    error = caught.value
    shown = [str(error), repr(error), error.message, error.code, error.target]
    shown += [str(detail) for detail in error.details]
    assert not [text for text in shown if text and TOKEN in text]


def test_token_echoed_in_a_success_body_is_not_in_invalid_response_error(
    api: respx.MockRouter, cc: Any
) -> None:
    workspace = {**example("WorkspaceCreated")["workspace"], "createdDateTime": f"Bearer {TOKEN}"}
    api.get(workspace_path(WORKSPACE_ID)).respond(200, json={"workspace": workspace})

    with pytest.raises(InvalidResponseError) as caught:
        cc.workspaces.get(WORKSPACE_ID)

    assert TOKEN not in str(caught.value)


def test_token_is_not_in_debug_logs_of_a_whole_session(
    api: respx.MockRouter,
    make_client: MakeClient,
    waits: list[float],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="")
    api.post(WORKSPACES_PATH).mock(
        side_effect=[
            httpx.Response(429, json=example("RateLimitExceeded"), headers={"Retry-After": "1"}),
            httpx.Response(201, json=example("WorkspaceCreated")),
        ]
    )
    api.get(workspace_path(WORKSPACE_ID)).respond(200, json=example("WorkspaceCreated"))
    api.delete(workspace_path(WORKSPACE_ID)).mock(
        side_effect=[
            httpx.Response(204),
            httpx.Response(401, text=f'{{"error": {{"message": "Bearer {TOKEN} is expired"}}}}'),
        ]
    )
    cc = make_client(token=TOKEN)

    cc.workspaces.create(name="My workspace", itwin_id=ITWIN_ID)
    cc.workspaces.get(WORKSPACE_ID)
    cc.workspaces.delete(WORKSPACE_ID)
    with pytest.raises(AuthenticationError):
        cc.workspaces.delete(WORKSPACE_ID)

    assert len(caplog.records) >= 5
    assert TOKEN not in caplog.text
    assert not [r for r in caplog.records if TOKEN in r.getMessage()]


def test_rate_limit_error_after_retries_does_not_show_the_token(
    api: respx.MockRouter, make_client: MakeClient, waits: list[float]
) -> None:
    api.get(workspace_path(WORKSPACE_ID)).respond(
        429, text=f"Too many requests for Bearer {TOKEN}", headers={"Retry-After": "1"}
    )

    with pytest.raises(RateLimitError) as caught:
        make_client(token=TOKEN).workspaces.get(WORKSPACE_ID)

    assert TOKEN not in str(caught.value)
