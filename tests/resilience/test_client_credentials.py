"""
OAuth2 client credentials against a loopback token endpoint and a loopback API: the token is
fetched once, shared, replaced shortly before it expires or once after a 401, and every failure
of the token endpoint becomes one of the library's exceptions without the secret in it.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest

from contextcapture import (
    DEFAULT_SCOPES,
    DEFAULT_TOKEN_URL,
    APIConnectionError,
    APIError,
    APITimeoutError,
    AsyncContextCapture,
    AuthenticationError,
    ClientCredentials,
    ConfigurationError,
    ContextCapture,
    InvalidResponseError,
    RateLimitError,
    ServerError,
)
from contextcapture._constants import (
    ENV_ACCESS_TOKEN,
    ENV_CLIENT_ID,
    ENV_CLIENT_SECRET,
    ENV_SCOPES,
    ENV_TOKEN_URL,
)
from tests.docs import WORKSPACE_ID
from tests.resilience.conftest import TOKEN, FakeClock
from tests.resilience.fakes import API, CLIENT_ID, CLIENT_SECRET, TokenEndpoint
from tests.resilience.servers import RawServer, Reply

MakeClient = Any


@pytest.fixture
def ims() -> Iterator[TokenEndpoint]:
    with TokenEndpoint() as endpoint:
        yield endpoint


@pytest.fixture
def revoked() -> set[str]:
    """Tokens the API refuses although the token endpoint issued them."""
    return set()


@pytest.fixture
def service(ims: TokenEndpoint, revoked: set[str]) -> Iterator[API]:
    with API(accepts=lambda token: token in ims.issued and token not in revoked) as api:
        yield api


def credentials(ims: TokenEndpoint, **options: Any) -> ClientCredentials:
    return ClientCredentials(CLIENT_ID, CLIENT_SECRET, token_url=ims.token_url, **options)


def bearer(request: Any) -> str:
    return str(request.headers["authorization"]).removeprefix("Bearer ")


# --- one token, fetched once ---------------------------------------------------------------------


def test_the_token_is_fetched_once_and_sent_on_every_call(
    ims: TokenEndpoint, service: API, make_loopback_client: MakeClient
) -> None:
    cc = make_loopback_client(token=credentials(ims), base_url=service.url)

    cc.workspaces.get(WORKSPACE_ID)
    cc.workspaces.get(WORKSPACE_ID)
    cc.workspaces.delete(WORKSPACE_ID)

    assert ims.calls == 1
    assert [bearer(r) for r in service.received] == [ims.issued[0]] * 3


def test_the_token_request_is_a_client_credentials_grant_for_the_scopes(
    ims: TokenEndpoint, service: API
) -> None:
    with ContextCapture(
        credentials(ims, scopes="itwin-platform extra"), base_url=service.url
    ) as cc:
        cc.workspaces.get(WORKSPACE_ID)

    (request,) = ims.received
    form = parse_qs(request.body.decode())
    assert form == {"grant_type": ["client_credentials"], "scope": ["itwin-platform extra"]}
    assert request.headers["authorization"].startswith("Basic ")
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"


def test_scopes_default_to_itwin_platform(ims: TokenEndpoint, service: API) -> None:
    with ContextCapture(credentials(ims), base_url=service.url) as cc:
        cc.workspaces.get(WORKSPACE_ID)

    assert DEFAULT_SCOPES == ("itwin-platform",)
    assert ims.scopes_asked == ["itwin-platform"]


def test_the_default_token_url_is_bentley_ims() -> None:
    assert DEFAULT_TOKEN_URL == "https://ims.bentley.com/connect/token"
    assert ClientCredentials(CLIENT_ID, CLIENT_SECRET).token_url == DEFAULT_TOKEN_URL


def test_a_secret_with_reserved_characters_is_form_encoded_for_basic_auth(
    ims: TokenEndpoint, service: API
) -> None:
    # The endpoint decodes like IdentityServer; an unencoded "+" would arrive as a space.
    assert "+" in CLIENT_SECRET and ":" in CLIENT_SECRET and "%" in CLIENT_SECRET

    with ContextCapture(credentials(ims), base_url=service.url) as cc:
        cc.workspaces.get(WORKSPACE_ID)

    assert ims.issued


# --- expiry --------------------------------------------------------------------------------------


def test_the_token_is_replaced_a_minute_before_it_expires(
    ims: TokenEndpoint, service: API, clock: FakeClock
) -> None:
    ims.expires_in = 3600
    with ContextCapture(credentials(ims), base_url=service.url) as cc:
        cc.workspaces.get(WORKSPACE_ID)
        clock.advance(3600 - 61)
        cc.workspaces.get(WORKSPACE_ID)
        assert ims.calls == 1

        clock.advance(2)
        cc.workspaces.get(WORKSPACE_ID)

    assert ims.calls == 2
    assert bearer(service.received[-1]) == ims.issued[1]


def test_a_short_lived_token_is_replaced_halfway_through_its_life(
    ims: TokenEndpoint, service: API, clock: FakeClock
) -> None:
    ims.expires_in = 30
    with ContextCapture(credentials(ims), base_url=service.url) as cc:
        cc.workspaces.get(WORKSPACE_ID)
        clock.advance(14)
        cc.workspaces.get(WORKSPACE_ID)
        assert ims.calls == 1

        clock.advance(2)
        cc.workspaces.get(WORKSPACE_ID)

    assert ims.calls == 2


def test_a_token_without_expires_in_is_kept_until_the_api_refuses_it(
    ims: TokenEndpoint, service: API, revoked: set[str], clock: FakeClock
) -> None:
    ims.expires_in = None
    with ContextCapture(credentials(ims), base_url=service.url) as cc:
        cc.workspaces.get(WORKSPACE_ID)
        clock.advance(10 * 24 * 3600)
        cc.workspaces.get(WORKSPACE_ID)
        assert ims.calls == 1

        revoked.add(ims.issued[0])
        cc.workspaces.get(WORKSPACE_ID)

    assert ims.calls == 2


# --- sharing between threads and coroutines ------------------------------------------------------


def test_many_threads_needing_a_token_at_once_fetch_it_once(
    ims: TokenEndpoint, service: API
) -> None:
    ims.delay = 0.2  # long enough for every thread to arrive while the first one fetches
    threads = 12
    start = threading.Barrier(threads)

    with ContextCapture(credentials(ims), base_url=service.url) as cc:

        def call(_: int) -> str:
            start.wait()
            return str(cc.workspaces.get(WORKSPACE_ID).id)

        with ThreadPoolExecutor(threads) as pool:
            results = list(pool.map(call, range(threads)))

    assert results == [WORKSPACE_ID] * threads
    assert ims.calls == 1
    assert {bearer(r) for r in service.received} == {ims.issued[0]}


async def test_many_coroutines_needing_a_token_at_once_fetch_it_once(
    ims: TokenEndpoint, service: API
) -> None:
    ims.delay = 0.1
    async with AsyncContextCapture(credentials(ims), base_url=service.url) as cc:
        results = await asyncio.gather(*(cc.workspaces.get(WORKSPACE_ID) for _ in range(10)))

    assert [w.id for w in results] == [WORKSPACE_ID] * 10
    assert ims.calls == 1


async def test_one_credentials_object_serves_sync_and_async_clients_with_one_token(
    ims: TokenEndpoint, service: API
) -> None:
    shared = credentials(ims)
    with ContextCapture(shared, base_url=service.url) as sync_client:
        sync_client.workspaces.get(WORKSPACE_ID)
    async with AsyncContextCapture(shared, base_url=service.url) as async_client:
        await async_client.workspaces.get(WORKSPACE_ID)

    assert ims.calls == 1


# --- 401 from the API: one refresh, one retry ----------------------------------------------------


def test_a_refused_token_is_replaced_and_the_request_sent_once_more(
    ims: TokenEndpoint, service: API, revoked: set[str], make_loopback_client: MakeClient
) -> None:
    cc = make_loopback_client(token=credentials(ims), base_url=service.url)
    cc.workspaces.get(WORKSPACE_ID)
    revoked.add(ims.issued[0])

    workspace = cc.workspaces.get(WORKSPACE_ID)

    assert workspace.id == WORKSPACE_ID
    assert ims.calls == 2
    assert [bearer(r) for r in service.received] == [ims.issued[0], ims.issued[0], ims.issued[1]]


def test_a_refused_post_is_resent_once_with_the_new_token(
    ims: TokenEndpoint, service: API, revoked: set[str], make_loopback_client: MakeClient
) -> None:
    cc = make_loopback_client(token=credentials(ims), base_url=service.url)
    cc.workspaces.get(WORKSPACE_ID)
    revoked.add(ims.issued[0])

    cc.workspaces.create(name="My workspace", itwin_id="3fa85f64-5717-4562-b3fc-2c963f66afa6")

    posts = [r for r in service.received if r.method == "POST"]
    assert [bearer(r) for r in posts] == [ims.issued[0], ims.issued[1]]
    assert posts[0].body == posts[1].body


def test_a_second_401_is_raised_without_another_refresh(
    ims: TokenEndpoint, make_loopback_client: MakeClient, waits: list[float]
) -> None:
    with API(accepts=lambda token: False) as refusing:
        cc = make_loopback_client(token=credentials(ims), base_url=refusing.url, max_retries=2)

        with pytest.raises(AuthenticationError) as caught:
            cc.workspaces.get(WORKSPACE_ID)

        assert len(refusing.received) == 2

    assert ims.calls == 2
    assert caught.value.code == "InvalidToken"
    assert waits == []


def test_a_token_refreshed_by_another_request_is_used_without_a_new_fetch(
    ims: TokenEndpoint,
) -> None:
    shared = credentials(ims)
    first = shared.current_token()
    second = shared.refreshed_token(first)

    # A request that was refused the first token while another one already replaced it.
    assert shared.refreshed_token(first) == second
    assert ims.calls == 2


# --- the token endpoint refuses or fails ---------------------------------------------------------


def test_a_wrong_secret_raises_authentication_error_naming_the_client_not_the_secret(
    ims: TokenEndpoint, service: API, make_loopback_client: MakeClient
) -> None:
    wrong_secret = "this-is-the-wrong-secret-5e4d3c2b1a"
    cc = make_loopback_client(
        token=ClientCredentials(CLIENT_ID, wrong_secret, token_url=ims.token_url),
        base_url=service.url,
    )

    with pytest.raises(AuthenticationError) as caught:
        cc.workspaces.get(WORKSPACE_ID)

    error = caught.value
    assert error.status_code == 400
    assert error.code == "invalid_client"
    assert CLIENT_ID in str(error) and ims.token_url in str(error)
    assert ENV_CLIENT_SECRET in str(error)
    for text in (str(error), repr(error), repr(error.args)):
        assert wrong_secret not in text
    assert not service.received


def test_a_secret_echoed_by_the_token_endpoint_is_not_in_the_error(ims: TokenEndpoint) -> None:
    ims.planned.append(
        Reply(401, {"error": "invalid_client", "error_description": f"{CLIENT_SECRET} is wrong"})
    )

    with pytest.raises(AuthenticationError) as caught:
        credentials(ims).current_token()

    assert CLIENT_SECRET not in str(caught.value)
    assert "is wrong" in str(caught.value)


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        (Reply(200, "<html>Sign in</html>", {"Content-Type": "text/html"}), InvalidResponseError),
        (Reply(200, [1, 2]), InvalidResponseError),
        (Reply(200, {"token_type": "Bearer", "expires_in": 3600}), InvalidResponseError),
        (Reply(200, {"access_token": "two words", "expires_in": 60}), InvalidResponseError),
        (Reply(200, {"access_token": "abcdefgh123", "token_type": "mac"}), InvalidResponseError),
        (Reply(200, {"access_token": "abcdefgh123", "expires_in": "soon"}), InvalidResponseError),
        (Reply(200, {"error": "invalid_client"}), InvalidResponseError),
        (Reply(200, b'{"access_token": "abc'), InvalidResponseError),
        (Reply(400, b""), AuthenticationError),
        (Reply(400, {"error": "invalid_scope"}), AuthenticationError),
        (Reply(403, {"error": "unauthorized_client"}), AuthenticationError),
        # Authlib refuses descriptions with quotes or non-ASCII characters; the answer still counts.
        (
            Reply(400, {"error": "invalid_client", "error_description": 'Bad "secret" \u2013 no'}),
            AuthenticationError,
        ),
        (Reply(404, "Not Found"), APIError),
        (Reply(429, {"error": "slow_down"}, {"Retry-After": "7"}), RateLimitError),
        (Reply(500, "Internal Server Error"), ServerError),
        (
            Reply(503, "<html>Service Unavailable</html>", {"Content-Type": "text/html"}),
            ServerError,
        ),
        (Reply(307, b"", {"Location": "https://elsewhere.example/token"}), APIError),
    ],
    ids=lambda value: value.__name__ if isinstance(value, type) else f"{value.status}",
)
def test_a_token_endpoint_answer_without_a_token_raises_a_library_error(
    ims: TokenEndpoint, reply: Reply, expected: type[Exception]
) -> None:
    ims.planned.append(reply)

    with pytest.raises(expected) as caught:
        credentials(ims).current_token()

    assert type(caught.value) is expected
    assert ims.token_url in str(caught.value)
    assert CLIENT_SECRET not in str(caught.value)
    if isinstance(caught.value, RateLimitError):
        assert caught.value.retry_after == 7.0


def test_a_failed_token_fetch_during_a_get_is_retried_like_the_get(
    ims: TokenEndpoint, service: API, waits: list[float]
) -> None:
    ims.planned.append(Reply(503, "Service Unavailable"))

    with ContextCapture(credentials(ims), base_url=service.url) as cc:
        workspace = cc.workspaces.get(WORKSPACE_ID)

    assert workspace.id == WORKSPACE_ID
    assert ims.calls == 2
    assert len(waits) == 1


def test_an_unreachable_token_endpoint_raises_api_connection_error(
    service: API, waits: list[float]
) -> None:
    with RawServer(lambda server, connection, index: None) as closed:
        token_url = closed.url + "/connect/token"
    # The server is stopped: nothing listens on its port any more.
    shared = ClientCredentials(CLIENT_ID, CLIENT_SECRET, token_url=token_url)

    with ContextCapture(shared, base_url=service.url, max_retries=2) as cc:
        with pytest.raises(APIConnectionError) as caught:
            cc.workspaces.create(name="x", itwin_id="3fa85f64-5717-4562-b3fc-2c963f66afa6")

    assert isinstance(caught.value.__cause__, httpx.ConnectError)
    assert token_url in str(caught.value)
    # Nothing reached the API, and a connect failure is safe to try again even for a POST.
    assert caught.value.request_sent is False
    assert len(waits) == 2
    assert not service.received


def test_a_token_endpoint_that_never_answers_times_out(service: API) -> None:
    def never_answer(server: RawServer, connection: Any, index: int) -> None:
        server.read_request(connection)
        server.stopping.wait()

    with RawServer(never_answer) as silent:
        shared = ClientCredentials(
            CLIENT_ID, CLIENT_SECRET, token_url=silent.url + "/connect/token", timeout=0.2
        )
        with pytest.raises(APITimeoutError) as caught:
            shared.current_token()

    assert isinstance(caught.value.__cause__, httpx.ReadTimeout)
    assert CLIENT_SECRET not in str(caught.value)


# --- configuration -------------------------------------------------------------------------------


def test_a_plain_http_token_url_off_loopback_is_refused() -> None:
    with pytest.raises(ConfigurationError, match=ENV_TOKEN_URL):
        ClientCredentials(CLIENT_ID, CLIENT_SECRET, token_url="http://ims.example.com/token")


def test_a_plain_http_token_url_is_allowed_on_loopback_or_when_asked_for() -> None:
    ClientCredentials(CLIENT_ID, CLIENT_SECRET, token_url="http://127.0.0.1:9/connect/token")
    ClientCredentials(CLIENT_ID, CLIENT_SECRET, token_url="http://localhost/connect/token")
    ClientCredentials(
        CLIENT_ID,
        CLIENT_SECRET,
        token_url="http://ims.example.com/token",
        allow_insecure_http=True,
    )


@pytest.mark.parametrize(
    "arguments",
    [
        {"client_id": ""},
        {"client_id": 42},
        {"client_secret": "  "},
        {"scopes": ""},
        {"scopes": ["two words"]},
        {"scopes": 7},
        {"token_url": "not a url"},
        {"token_url": "ftp://ims.example.com/token"},
        {"http_client": "not a client"},
    ],
    ids=str,
)
def test_unusable_arguments_raise_configuration_error(arguments: dict[str, Any]) -> None:
    values: dict[str, Any] = {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, **arguments}

    with pytest.raises(ConfigurationError) as caught:
        ClientCredentials(values.pop("client_id"), values.pop("client_secret"), **values)

    assert CLIENT_SECRET not in str(caught.value)


def test_repr_shows_the_client_id_but_neither_secret_nor_token(
    ims: TokenEndpoint, service: API
) -> None:
    shared = credentials(ims)
    with ContextCapture(shared, base_url=service.url) as cc:
        cc.workspaces.get(WORKSPACE_ID)
        texts = [repr(shared), str(shared), repr(cc)]

    assert CLIENT_ID in repr(shared)
    for text in texts:
        assert CLIENT_SECRET not in text
        assert ims.issued[0] not in text


# --- the environment ------------------------------------------------------------------------------


def test_a_client_without_token_uses_client_credentials_from_the_environment(
    ims: TokenEndpoint, service: API, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_CLIENT_ID, CLIENT_ID)
    monkeypatch.setenv(ENV_CLIENT_SECRET, CLIENT_SECRET)
    monkeypatch.setenv(ENV_SCOPES, "itwin-platform  realitydata:read")
    monkeypatch.setenv(ENV_TOKEN_URL, ims.token_url)

    with ContextCapture(base_url=service.url) as cc:
        cc.workspaces.get(WORKSPACE_ID)

    assert ims.scopes_asked == ["itwin-platform realitydata:read"]
    assert bearer(service.received[0]) == ims.issued[0]


def test_itwin_access_token_wins_over_client_credentials_in_the_environment(
    ims: TokenEndpoint, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_ACCESS_TOKEN, TOKEN)
    monkeypatch.setenv(ENV_CLIENT_ID, CLIENT_ID)
    monkeypatch.setenv(ENV_CLIENT_SECRET, CLIENT_SECRET)
    monkeypatch.setenv(ENV_TOKEN_URL, ims.token_url)

    with API(accepts=lambda token: token == TOKEN) as service:
        with ContextCapture(base_url=service.url) as cc:
            cc.workspaces.get(WORKSPACE_ID)

    assert ims.calls == 0


@pytest.mark.parametrize(
    ("present", "missing"), [(ENV_CLIENT_ID, ENV_CLIENT_SECRET), (ENV_CLIENT_SECRET, ENV_CLIENT_ID)]
)
def test_half_of_the_client_credentials_in_the_environment_is_a_configuration_error(
    present: str, missing: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(present, "some-value-123")

    with pytest.raises(ConfigurationError, match=missing):
        ContextCapture(base_url="http://127.0.0.1:9")


def test_no_credentials_at_all_names_every_way_to_give_them() -> None:
    with pytest.raises(ConfigurationError) as caught:
        ContextCapture(base_url="http://127.0.0.1:9")

    for name in (ENV_ACCESS_TOKEN, ENV_CLIENT_ID, ENV_CLIENT_SECRET):
        assert name in str(caught.value)
