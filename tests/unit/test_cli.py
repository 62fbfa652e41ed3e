"""The `contextcapture` command, driven in-process with click's CliRunner against the mocked API."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator

import click
import pytest
import respx
from click.testing import CliRunner, Result

from contextcapture import __version__
from contextcapture._constants import ENV_ACCESS_TOKEN, ENV_BASE_URL
from contextcapture.cli import cli
from tests.docs import ITWIN_ID, WORKSPACE_ID, example
from tests.unit.conftest import TOKEN, WORKSPACES_PATH, workspace_path


def run(*args: str, token: str | None = TOKEN, env: dict[str, str] | None = None) -> Result:
    """The command's outcome; `token` goes on the command line as --token unless it is None."""
    token_args = [] if token is None else ["--token", token]
    return CliRunner().invoke(cli, [*token_args, *args], env=env, catch_exceptions=False)


def create_args(*extra: str) -> list[str]:
    return ["workspaces", "create", "--name", "My workspace", "--itwin-id", ITWIN_ID, *extra]


# --- commands that succeed -----------------------------------------------------------------------


def test_create_prints_the_workspace_as_json(api: respx.MockRouter) -> None:
    api.post(WORKSPACES_PATH).respond(201, json=example("WorkspaceCreated"))

    result = run(*create_args())

    assert result.exit_code == 0
    printed = json.loads(result.stdout)
    assert printed["workspace"]["id"] == WORKSPACE_ID
    assert printed["workspace"]["iTwinId"] == ITWIN_ID


def test_create_sends_name_and_itwin_id(api: respx.MockRouter) -> None:
    route = api.post(WORKSPACES_PATH).respond(201, json=example("WorkspaceCreated"))

    run(*create_args())

    assert json.loads(route.calls.last.request.content) == {
        "name": "My workspace",
        "iTwinId": ITWIN_ID,
    }


def test_create_sends_the_context_capture_version_option(api: respx.MockRouter) -> None:
    route = api.post(WORKSPACES_PATH).respond(201, json=example("WorkspaceCreated"))

    run(*create_args("--context-capture-version", "20.1"))

    assert json.loads(route.calls.last.request.content)["contextCaptureVersion"] == "20.1"


def test_get_prints_the_workspace_as_json(api: respx.MockRouter) -> None:
    api.get(workspace_path(WORKSPACE_ID)).respond(200, json=example("WorkspaceCreated"))

    result = run("workspaces", "get", WORKSPACE_ID)

    assert result.exit_code == 0
    assert json.loads(result.stdout)["workspace"]["name"] == "My workspace"


def test_delete_exits_0_and_says_what_it_deleted(api: respx.MockRouter) -> None:
    route = api.delete(workspace_path(WORKSPACE_ID)).respond(204)

    result = run("workspaces", "delete", WORKSPACE_ID)

    assert result.exit_code == 0
    assert route.call_count == 1
    assert WORKSPACE_ID in result.stderr


# --- the token -----------------------------------------------------------------------------------


def test_token_option_is_sent_as_bearer(api: respx.MockRouter) -> None:
    route = api.get(workspace_path(WORKSPACE_ID)).respond(200, json=example("WorkspaceCreated"))

    run("workspaces", "get", WORKSPACE_ID, token="token-from-the-option")

    assert route.calls.last.request.headers["Authorization"] == "Bearer token-from-the-option"


def test_token_from_itwin_access_token_is_sent_as_bearer(api: respx.MockRouter) -> None:
    route = api.get(workspace_path(WORKSPACE_ID)).respond(200, json=example("WorkspaceCreated"))

    environment = {ENV_ACCESS_TOKEN: "token-from-the-environment"}

    run("workspaces", "get", WORKSPACE_ID, token=None, env=environment)

    assert route.calls.last.request.headers["Authorization"] == "Bearer token-from-the-environment"


def test_no_token_exits_2_without_a_request(api: respx.MockRouter) -> None:
    route = api.route().respond(204)

    result = run("workspaces", "delete", WORKSPACE_ID, token=None)

    assert result.exit_code == 2
    assert not route.called


def test_no_token_message_names_the_option_and_the_environment_variable(
    api: respx.MockRouter,
) -> None:
    result = run("workspaces", "delete", WORKSPACE_ID, token=None)

    assert "--token" in result.stderr
    assert ENV_ACCESS_TOKEN in result.stderr


def test_base_url_option_is_where_requests_go(api: respx.MockRouter) -> None:
    with respx.mock(base_url="https://qa-api.bentley.com", assert_all_mocked=True) as qa:
        route = qa.delete(workspace_path(WORKSPACE_ID)).respond(204)
        run("--base-url", "https://qa-api.bentley.com", "workspaces", "delete", WORKSPACE_ID)

    assert route.call_count == 1


# --- failures ------------------------------------------------------------------------------------


def test_422_exits_1(api: respx.MockRouter) -> None:
    api.post(WORKSPACES_PATH).respond(422, json=example("CannotCreateWorkspace"))

    result = run(*create_args())

    assert result.exit_code == 1
    assert result.stdout == ""


def test_422_prints_code_message_and_detail_to_stderr(api: respx.MockRouter) -> None:
    api.post(WORKSPACES_PATH).respond(422, json=example("CannotCreateWorkspace"))

    result = run(*create_args())

    assert "422 InvalidContextCaptureRequest" in result.stderr
    assert "Cannot create workspace." in result.stderr
    assert "InvalidParameter: No processing cluster in project location." in result.stderr


def test_404_exits_1_naming_the_error_code(api: respx.MockRouter) -> None:
    api.get(workspace_path(WORKSPACE_ID)).respond(404, json=example("WorkspaceNotFound"))

    result = run("workspaces", "get", WORKSPACE_ID)

    assert result.exit_code == 1
    assert "WorkspaceNotFound" in result.stderr


def test_itwin_id_that_is_not_a_uuid_exits_2_without_a_request(api: respx.MockRouter) -> None:
    route = api.route().respond(204)

    result = run("workspaces", "create", "--name", "My workspace", "--itwin-id", "my-itwin")

    assert result.exit_code == 2
    assert "itwin_id" in result.stderr
    assert not route.called


def test_missing_required_option_exits_2() -> None:
    result = run("workspaces", "create", "--name", "My workspace")

    assert result.exit_code == 2
    assert "--itwin-id" in result.stderr


def test_token_echoed_in_an_error_body_is_not_printed(api: respx.MockRouter) -> None:
    body = {"error": {"code": "InvalidToken", "message": f"Bearer {TOKEN} is not valid"}}
    api.get(workspace_path(WORKSPACE_ID)).respond(401, json=body)

    result = run("workspaces", "get", WORKSPACE_ID)

    assert result.exit_code == 1
    assert TOKEN not in result.output


# --- help and version ----------------------------------------------------------------------------


def command_paths(command: click.Command, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Every group and command under `command`, as the words that invoke it."""
    yield path
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            yield from command_paths(sub, (*path, name))


@pytest.mark.parametrize("path", list(command_paths(cli)), ids=lambda p: " ".join(p) or "(root)")
def test_help_works_on_every_group_and_command(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, [*path, "--help"], env={})

    assert result.exit_code == 0
    assert result.stdout.startswith("Usage:")


def test_version_option_prints_the_version() -> None:
    result = CliRunner().invoke(cli, ["--version"])

    assert result.exit_code == 0
    assert __version__ in result.stdout


def test_python_dash_m_contextcapture_shows_help() -> None:
    environment = {k: v for k, v in os.environ.items() if k not in (ENV_ACCESS_TOKEN, ENV_BASE_URL)}

    completed = subprocess.run(
        [sys.executable, "-m", "contextcapture", "--help"],
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
        check=False,
    )

    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.startswith("Usage: contextcapture")
