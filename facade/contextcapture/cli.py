"""The `contextcapture` command: the client's operations from a shell, printing the API's JSON."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

import click

from ._client import ContextCapture
from ._constants import ENV_ACCESS_TOKEN, ENV_BASE_URL
from ._exceptions import APIError, ConfigurationError, ContextCaptureError
from ._version import __version__

__all__ = ["main"]

P = ParamSpec("P")
R = TypeVar("R")

# Exit statuses: 1 for a failed API call or network error, 2 for bad usage or configuration.
EXIT_API_ERROR = 1
EXIT_USAGE = 2


def _print_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, default=str))


def _report(error: ContextCaptureError) -> None:
    """Write an error to stderr: code, message and every detail the service gave."""
    if isinstance(error, APIError):
        click.echo(f"Error: HTTP {error.status_code} {error.code or ''}".rstrip(), err=True)
        click.echo(f"  message: {error.message}", err=True)
        if error.target:
            click.echo(f"  target: {error.target}", err=True)
        for detail in error.details:
            click.echo(f"  detail: {detail}", err=True)
    else:
        click.echo(f"Error: {error}", err=True)


def _handles_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn the library's exceptions into a message on stderr and a non-zero exit status."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except ConfigurationError as error:
            _report(error)
            sys.exit(EXIT_USAGE)
        except ContextCaptureError as error:
            _report(error)
            sys.exit(EXIT_API_ERROR)

    return wrapper


def _client(ctx: click.Context) -> ContextCapture:
    """The client for this invocation, created on first use and closed when the command ends."""
    if ctx.obj.get("client") is None:
        settings = ctx.obj["settings"]
        if settings["token"] is None:
            # The library's own message names its `token=` argument; a shell user needs the option.
            raise ConfigurationError(f"No access token: pass --token or set {ENV_ACCESS_TOKEN}")
        ctx.obj["client"] = ctx.with_resource(ContextCapture(**settings))
    client: ContextCapture = ctx.obj["client"]
    return client


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--token",
    envvar=ENV_ACCESS_TOKEN,
    show_envvar=True,
    help="Access token with the itwin-platform scope.",
)
@click.option(
    "--base-url",
    envvar=ENV_BASE_URL,
    show_envvar=True,
    help="API root; defaults to https://api.bentley.com.",
)
@click.option(
    "--allow-insecure-http",
    is_flag=True,
    help="Allow an http:// base URL on a host other than loopback (the token travels unencrypted).",
)
@click.version_option(__version__, prog_name="contextcapture")
@click.pass_context
def cli(
    ctx: click.Context, token: str | None, base_url: str | None, allow_insecure_http: bool
) -> None:
    """Command-line client for the iTwin ContextCapture (Reality Modeling) API v1."""
    settings = {"token": token, "base_url": base_url, "allow_insecure_http": allow_insecure_http}
    ctx.obj = {"settings": settings}


@cli.group()
def workspaces() -> None:
    """Create, get and delete workspaces."""


@workspaces.command("create")
@click.option("--name", required=True, help="Name of the workspace.")
@click.option("--itwin-id", required=True, help="Id (UUID) of the iTwin to create it in.")
@click.option("--context-capture-version", help='ContextCapture version to pin, e.g. "20.1".')
@click.pass_context
@_handles_errors
def create_workspace(
    ctx: click.Context, name: str, itwin_id: str, context_capture_version: str | None
) -> None:
    """Create a workspace and print it as JSON."""
    workspace = _client(ctx).workspaces.create(
        name=name, itwin_id=itwin_id, context_capture_version=context_capture_version
    )
    _print_json({"workspace": workspace.to_dict()})


@workspaces.command("get")
@click.argument("workspace_id")
@click.pass_context
@_handles_errors
def get_workspace(ctx: click.Context, workspace_id: str) -> None:
    """Print the workspace WORKSPACE_ID as JSON."""
    workspace = _client(ctx).workspaces.get(workspace_id)
    _print_json({"workspace": workspace.to_dict()})


@workspaces.command("delete")
@click.argument("workspace_id")
@click.pass_context
@_handles_errors
def delete_workspace(ctx: click.Context, workspace_id: str) -> None:
    """Delete the workspace WORKSPACE_ID."""
    _client(ctx).workspaces.delete(workspace_id)
    click.echo(f"Deleted workspace {workspace_id}", err=True)


def main() -> None:
    """Entry point of the `contextcapture` console script."""
    cli(prog_name="contextcapture")
