"""The command line with client credentials: options, environment, no secret in any output."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from click.testing import CliRunner, Result

from contextcapture._constants import (
    ENV_ACCESS_TOKEN,
    ENV_CLIENT_ID,
    ENV_CLIENT_SECRET,
    ENV_SCOPES,
    ENV_TOKEN_URL,
)
from contextcapture.cli import cli
from tests.docs import WORKSPACE_ID
from tests.resilience.conftest import TOKEN
from tests.resilience.fakes import API, CLIENT_ID, CLIENT_SECRET, TokenEndpoint


@pytest.fixture
def ims() -> Iterator[TokenEndpoint]:
    with TokenEndpoint() as endpoint:
        yield endpoint


@pytest.fixture
def service(ims: TokenEndpoint) -> Iterator[API]:
    with API(accepts=lambda token: token in ims.issued or token == TOKEN) as api:
        yield api


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def get_workspace(service: API) -> list[str]:
    return ["--base-url", service.url, "workspaces", "get", WORKSPACE_ID]


def assert_no_secret(result: Result) -> None:
    assert CLIENT_SECRET not in result.stdout
    assert CLIENT_SECRET not in result.stderr


def test_client_id_and_secret_options_get_a_token_for_the_call(
    ims: TokenEndpoint, service: API
) -> None:
    result = run(
        "--client-id",
        CLIENT_ID,
        "--client-secret",
        CLIENT_SECRET,
        "--token-url",
        ims.token_url,
        *get_workspace(service),
    )

    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["workspace"]["id"] == WORKSPACE_ID
    assert ims.calls == 1
    assert service.received[0].headers["authorization"] == f"Bearer {ims.issued[0]}"
    assert_no_secret(result)


def test_client_credentials_come_from_the_environment(ims: TokenEndpoint, service: API) -> None:
    environment = {
        ENV_CLIENT_ID: CLIENT_ID,
        ENV_CLIENT_SECRET: CLIENT_SECRET,
        ENV_SCOPES: "itwin-platform extra",
        ENV_TOKEN_URL: ims.token_url,
    }

    result = run(*get_workspace(service), env=environment)

    assert result.exit_code == 0, result.stderr
    assert ims.scopes_asked == ["itwin-platform extra"]


def test_the_scopes_option_is_what_the_token_endpoint_is_asked_for(
    ims: TokenEndpoint, service: API
) -> None:
    environment = {ENV_CLIENT_ID: CLIENT_ID, ENV_CLIENT_SECRET: CLIENT_SECRET}

    run("--scopes", "a b", "--token-url", ims.token_url, *get_workspace(service), env=environment)

    assert ims.scopes_asked == ["a b"]


def test_a_wrong_secret_exits_1_naming_the_client_but_not_the_secret(
    ims: TokenEndpoint, service: API
) -> None:
    wrong = "wrong-secret-for-the-cli-0a9b8c7d"

    result = run(
        "--client-id",
        CLIENT_ID,
        "--client-secret",
        wrong,
        "--token-url",
        ims.token_url,
        *get_workspace(service),
    )

    assert result.exit_code == 1
    assert "invalid_client" in result.stderr and CLIENT_ID in result.stderr
    assert wrong not in result.stdout + result.stderr
    assert not service.received


@pytest.mark.parametrize(
    ("given", "missing"),
    [
        (("--client-id", CLIENT_ID), "--client-secret"),
        (("--client-secret", "x" * 12), "--client-id"),
    ],
)
def test_half_of_the_client_credentials_exits_2_naming_the_other_half(
    given: tuple[str, str], missing: str, service: API
) -> None:
    result = run(*given, *get_workspace(service))

    assert result.exit_code == 2
    assert missing in result.stderr
    assert not service.received


def test_no_credentials_at_all_exits_2_naming_every_way_to_give_them(service: API) -> None:
    result = run(*get_workspace(service))

    assert result.exit_code == 2
    for name in ("--token", ENV_ACCESS_TOKEN, "--client-id", ENV_CLIENT_ID, ENV_CLIENT_SECRET):
        assert name in result.stderr


def test_a_token_url_that_would_expose_the_secret_exits_2_without_a_request(service: API) -> None:
    result = run(
        "--client-id",
        CLIENT_ID,
        "--client-secret",
        CLIENT_SECRET,
        "--token-url",
        "http://ims.example.com/connect/token",
        *get_workspace(service),
    )

    assert result.exit_code == 2
    assert "unencrypted" in result.stderr
    assert_no_secret(result)


def test_help_does_not_show_the_secret_from_the_environment() -> None:
    result = run("--help", env={ENV_CLIENT_SECRET: CLIENT_SECRET, ENV_ACCESS_TOKEN: TOKEN})

    assert result.exit_code == 0
    assert ENV_CLIENT_SECRET in result.stdout
    assert CLIENT_SECRET not in result.stdout and TOKEN not in result.stdout


def test_a_token_on_the_command_line_wins_over_client_credentials_in_the_environment(
    ims: TokenEndpoint, service: API
) -> None:
    environment = {
        ENV_CLIENT_ID: CLIENT_ID,
        ENV_CLIENT_SECRET: CLIENT_SECRET,
        ENV_TOKEN_URL: ims.token_url,
    }

    result = run("--token", TOKEN, *get_workspace(service), env=environment)

    assert result.exit_code == 0, result.stderr
    assert ims.calls == 0


def test_client_credentials_on_the_command_line_win_over_a_token_in_the_environment(
    ims: TokenEndpoint, service: API
) -> None:
    result = run(
        "--client-id",
        CLIENT_ID,
        "--client-secret",
        CLIENT_SECRET,
        "--token-url",
        ims.token_url,
        *get_workspace(service),
        env={ENV_ACCESS_TOKEN: TOKEN},
    )

    assert result.exit_code == 0, result.stderr
    assert ims.calls == 1


def test_a_token_in_the_environment_wins_over_client_credentials_there_too(
    ims: TokenEndpoint, service: API
) -> None:
    environment = {
        ENV_ACCESS_TOKEN: TOKEN,
        ENV_CLIENT_ID: CLIENT_ID,
        ENV_CLIENT_SECRET: CLIENT_SECRET,
        ENV_TOKEN_URL: ims.token_url,
    }

    result = run(*get_workspace(service), env=environment)

    assert result.exit_code == 0, result.stderr
    assert ims.calls == 0
