"""The `contextcapture` command: the client's operations from a shell, printing the API's JSON."""

from __future__ import annotations

import functools
import json
import logging
import math
import sys
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

import click

from contextcapture_client.models import JobProgress

from ._auth import TokenSource
from ._client import ContextCapture
from ._constants import (
    DEFAULT_SCOPES,
    DEFAULT_TOKEN_URL,
    ENV_ACCESS_TOKEN,
    ENV_BASE_URL,
    ENV_CLIENT_ID,
    ENV_CLIENT_SECRET,
    ENV_SCOPES,
    ENV_TOKEN_URL,
)
from ._exceptions import (
    APIError,
    ConfigurationError,
    ContextCaptureError,
    JobCancelledError,
    JobFailedError,
    JobWaitTimeoutError,
)
from ._oauth import ClientCredentials
from ._version import __version__
from .testing._cli import fake_server

__all__ = ["main"]

P = ParamSpec("P")
R = TypeVar("R")

# Exit statuses: 1 for a failed API call or network error, 2 for bad usage or configuration;
# `jobs wait` adds 3 for a failed job, 4 for a cancelled one and 5 for running out of time.
EXIT_API_ERROR = 1
EXIT_USAGE = 2
EXIT_JOB_FAILED = 3
EXIT_JOB_CANCELLED = 4
EXIT_WAIT_TIMEOUT = 5


class FiniteFloat(click.FloatRange):
    """A FloatRange that also refuses nan and inf, which JSON cannot carry."""

    name = "finite float"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number", param, ctx)
        return number


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
        except JobFailedError as error:
            _report(error)
            sys.exit(EXIT_JOB_FAILED)
        except JobCancelledError as error:
            _report(error)
            sys.exit(EXIT_JOB_CANCELLED)
        except JobWaitTimeoutError as error:
            _report(error)
            sys.exit(EXIT_WAIT_TIMEOUT)
        except ContextCaptureError as error:
            _report(error)
            sys.exit(EXIT_API_ERROR)

    return wrapper


def _client(ctx: click.Context) -> ContextCapture:
    """The client for this invocation, created on first use and closed when the command ends."""
    if ctx.obj.get("client") is None:
        settings = ctx.obj["settings"]
        token = _token_source(ctx.obj["credentials"], settings["allow_insecure_http"])
        ctx.obj["client"] = ctx.with_resource(ContextCapture(token, **settings))
    client: ContextCapture = ctx.obj["client"]
    return client


def _token_source(credentials: dict[str, Any], allow_insecure_http: bool) -> TokenSource:
    """
    --token, or client credentials for a service application. A value typed on the command line
    beats one from the environment; between equals, the token wins.
    """
    token = credentials["token"]
    client_id, client_secret = credentials["client_id"], credentials["client_secret"]
    has_credentials = bool(client_id or client_secret)
    if token is not None and (not has_credentials or credentials["token_first"]):
        return str(token)
    if not has_credentials:
        # The library's own message names its `token=` argument; a shell user needs the options.
        raise ConfigurationError(
            f"No access token: pass --token or set {ENV_ACCESS_TOKEN}, or, for a service "
            f"application, --client-id and --client-secret ({ENV_CLIENT_ID}, {ENV_CLIENT_SECRET})"
        )
    if not client_id:
        raise ConfigurationError(f"--client-secret needs --client-id ({ENV_CLIENT_ID}) as well")
    if not client_secret:
        raise ConfigurationError(f"--client-id needs --client-secret ({ENV_CLIENT_SECRET}) as well")
    return ClientCredentials(
        client_id,
        client_secret,
        scopes=credentials["scopes"] or DEFAULT_SCOPES,
        token_url=credentials["token_url"] or DEFAULT_TOKEN_URL,
        allow_insecure_http=allow_insecure_http,
    )


def _given_on_command_line(ctx: click.Context, *names: str) -> bool:
    return any(
        ctx.get_parameter_source(name) == click.core.ParameterSource.COMMANDLINE for name in names
    )


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--token",
    envvar=ENV_ACCESS_TOKEN,
    show_envvar=True,
    help="Access token with the itwin-platform scope.",
)
@click.option(
    "--client-id",
    envvar=ENV_CLIENT_ID,
    show_envvar=True,
    help="Client id of a service application: tokens then come from the token endpoint.",
)
@click.option(
    "--client-secret",
    envvar=ENV_CLIENT_SECRET,
    show_envvar=True,
    help="Its client secret; prefer the environment variable (a command line is visible to ps).",
)
@click.option(
    "--scopes",
    envvar=ENV_SCOPES,
    show_envvar=True,
    help=f"Space-separated scopes to ask the token endpoint for [default: {DEFAULT_SCOPES[0]}].",
)
@click.option(
    "--token-url",
    envvar=ENV_TOKEN_URL,
    show_envvar=True,
    help=f"OAuth2 token endpoint for client credentials [default: {DEFAULT_TOKEN_URL}].",
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
    help="Allow http:// URLs on a host other than loopback (credentials travel unencrypted).",
)
@click.version_option(__version__, prog_name="contextcapture")
@click.pass_context
def cli(
    ctx: click.Context,
    token: str | None,
    client_id: str | None,
    client_secret: str | None,
    scopes: str | None,
    token_url: str | None,
    base_url: str | None,
    allow_insecure_http: bool,
) -> None:
    """Command-line client for the iTwin ContextCapture (Reality Modeling) API v1."""
    credentials = {
        "token": token,
        "client_id": client_id,
        "client_secret": client_secret,
        "scopes": scopes,
        "token_url": token_url,
        "token_first": _given_on_command_line(ctx, "token")
        or not _given_on_command_line(ctx, "client_id", "client_secret"),
    }
    settings = {"base_url": base_url, "allow_insecure_http": allow_insecure_http}
    ctx.obj = {"settings": settings, "credentials": credentials}


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


@cli.group()
def jobs() -> None:
    """Create, submit, follow, cancel and delete reconstruction jobs."""


def _load_job_file(path: str | None) -> dict[str, Any]:
    """A JSON job description in the API's create-job shape, or {} without --file."""
    if path is None:
        return {}
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError, RecursionError) as error:
        raise click.BadParameter(f"cannot read {path}: {error}", param_hint="--file") from None
    if not isinstance(data, dict):
        raise click.BadParameter(f"{path} must hold a JSON object", param_hint="--file")
    return data


def _object_in_file(spec: dict[str, Any], key: str) -> dict[str, Any]:
    value = spec.get(key) or {}
    if not isinstance(value, dict):
        raise click.BadParameter(f'"{key}" must be a JSON object', param_hint="--file")
    return value


@jobs.command("create")
@click.option(
    "--file",
    "job_file",
    type=click.Path(dir_okay=False),
    help="JSON job description in the API's create-job shape; the options below override it.",
)
@click.option("--name", help="Name of the job.")
@click.option("--type", "job_type", help="Job type: Full, Calibration or Reconstruction.")
@click.option("--workspace-id", help="Workspace to create the job in.")
@click.option("--input", "inputs", multiple=True, help="Reality data id of an input (repeatable).")
@click.option("--quality", help="Draft, Medium or Extra.")
@click.option(
    "--output", "outputs", multiple=True, help="Output format, e.g. OBJ or 3MX (repeatable)."
)
@click.option(
    "--engines", "processing_engines", type=click.IntRange(min=1), help="Processing engines to use."
)
@click.option(
    "--giga-pixels", type=FiniteFloat(min=0), help="Cost estimation: gigapixels of photos."
)
@click.option("--mega-points", type=FiniteFloat(min=0), help="Cost estimation: millions of points.")
@click.option("--mesh-quality", help="Cost estimation: mesh quality.")
@click.pass_context
@_handles_errors
def create_job(
    ctx: click.Context,
    job_file: str | None,
    name: str | None,
    job_type: str | None,
    workspace_id: str | None,
    inputs: tuple[str, ...],
    quality: str | None,
    outputs: tuple[str, ...],
    processing_engines: int | None,
    giga_pixels: float | None,
    mega_points: float | None,
    mesh_quality: str | None,
) -> None:
    """Create an unsubmitted job and print it as JSON."""
    spec = _load_job_file(job_file)
    settings = _object_in_file(spec, "settings")
    cost = dict(_object_in_file(spec, "costEstimationParameters"))
    for key, value in (
        ("gigaPixels", giga_pixels),
        ("megaPoints", mega_points),
        ("meshQuality", mesh_quality),
    ):
        if value is not None:
            cost[key] = value
    arguments: dict[str, Any] = {
        "name": name or spec.get("name"),
        "type": job_type or spec.get("type"),
        "workspace_id": workspace_id or spec.get("workspaceId"),
        "inputs": list(inputs) or spec.get("inputs"),
    }
    missing = [f"--{key.replace('_', '-')}" for key, value in arguments.items() if not value]
    if missing:
        raise click.UsageError(f"missing {', '.join(missing)} (as options or in --file)")
    job = _client(ctx).jobs.create(
        **arguments,
        quality=quality or settings.get("quality"),
        outputs=list(outputs) or settings.get("outputs"),
        processing_engines=processing_engines or settings.get("processingEngines"),
        cache_settings=settings.get("cacheSettings"),
        cost_estimation_parameters=cost or None,
    )
    _print_json({"job": job.to_dict()})


@jobs.command("get")
@click.argument("job_id")
@click.pass_context
@_handles_errors
def get_job(ctx: click.Context, job_id: str) -> None:
    """Print the job JOB_ID as JSON."""
    _print_json({"job": _client(ctx).jobs.get(job_id).to_dict()})


@jobs.command("submit")
@click.argument("job_id")
@click.pass_context
@_handles_errors
def submit_job(ctx: click.Context, job_id: str) -> None:
    """Submit the job JOB_ID for processing and print it."""
    _print_json({"job": _client(ctx).jobs.submit(job_id).to_dict()})


@jobs.command("cancel")
@click.argument("job_id")
@click.pass_context
@_handles_errors
def cancel_job(ctx: click.Context, job_id: str) -> None:
    """Cancel the job JOB_ID and print it."""
    _print_json({"job": _client(ctx).jobs.cancel(job_id).to_dict()})


@jobs.command("estimate")
@click.argument("job_id")
@click.option("--giga-pixels", type=FiniteFloat(min=0), help="Gigapixels of the input photos.")
@click.option(
    "--mega-points",
    type=FiniteFloat(min=0),
    help="Millions of points of the input point clouds.",
)
@click.option("--mesh-quality", help="Draft, Medium or Extra.")
@click.pass_context
@_handles_errors
def estimate_job(
    ctx: click.Context,
    job_id: str,
    giga_pixels: float | None,
    mega_points: float | None,
    mesh_quality: str | None,
) -> None:
    """Estimate the cost of the job JOB_ID and print it (see estimatedCost)."""
    job = _client(ctx).jobs.estimate_cost(
        job_id, giga_pixels=giga_pixels, mega_points=mega_points, mesh_quality=mesh_quality
    )
    _print_json({"job": job.to_dict()})


@jobs.command("delete")
@click.argument("job_id")
@click.pass_context
@_handles_errors
def delete_job(ctx: click.Context, job_id: str) -> None:
    """Delete the unsubmitted job JOB_ID."""
    _client(ctx).jobs.delete(job_id)
    click.echo(f"Deleted job {job_id}", err=True)


@jobs.command("progress")
@click.argument("job_id")
@click.pass_context
@_handles_errors
def job_progress(ctx: click.Context, job_id: str) -> None:
    """Print the progress of the job JOB_ID as JSON."""
    _print_json({"jobProgress": _client(ctx).jobs.progress(job_id).to_dict()})


class _ProgressDisplay:
    """A live bar on a terminal; plain lines (one per change) when stderr is not a terminal."""

    def __init__(self, job_id: str) -> None:
        self._interactive = sys.stderr.isatty()
        self._bar: Any = None
        self._job_id = job_id
        self._percentage = 0

    def __call__(self, progress: JobProgress) -> None:
        percentage = progress.percentage if isinstance(progress.percentage, int) else 0
        step = progress.step if isinstance(progress.step, str) else ""
        state = progress.state if isinstance(progress.state, str) else ""
        if not self._interactive:
            click.echo(f"{self._job_id}: {state} {percentage}% {step}".rstrip(), err=True)
            return
        if self._bar is None:
            self._bar = click.progressbar(length=100, file=sys.stderr, show_percent=True, width=30)
            self._bar.__enter__()
        self._bar.label = f"{state} {step}".strip()
        self._bar.update(max(percentage - self._percentage, 0))
        self._percentage = max(percentage, self._percentage)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None


@jobs.command("wait")
@click.argument("job_id")
@click.option(
    "--poll-interval",
    type=FiniteFloat(min=0, min_open=True),
    default=15.0,
    show_default=True,
    help="Seconds between polls while progress changes.",
)
@click.option(
    "--max-poll-interval",
    type=FiniteFloat(min=0, min_open=True),
    default=120.0,
    show_default=True,
    help="Longest pause between polls.",
)
@click.option(
    "--timeout",
    type=FiniteFloat(min=0),
    help="Give up after this many seconds (default: no limit).",
)
@click.pass_context
@_handles_errors
def wait_job(
    ctx: click.Context,
    job_id: str,
    poll_interval: float,
    max_poll_interval: float,
    timeout: float | None,
) -> None:
    """
    Follow the job JOB_ID until it ends, showing its progress; print the final job.

    Exits 0 when the job succeeded, 3 when it failed, 4 when it was cancelled and 5 on timeout.
    """
    display = _ProgressDisplay(job_id)
    try:
        job = _client(ctx).jobs.wait(
            job_id,
            poll_interval=poll_interval,
            max_poll_interval=max(max_poll_interval, poll_interval),
            timeout=timeout,
            on_progress=display,
        )
    except (JobFailedError, JobCancelledError) as error:
        display.close()
        _print_json({"job": error.job.to_dict()})
        raise
    finally:
        display.close()
    _print_json({"job": job.to_dict()})


@cli.group()
def limits() -> None:
    """Limits of your subscription."""


@limits.command("engines")
@click.option("--itwin-id", help="Ask for the limit within this iTwin.")
@click.pass_context
@_handles_errors
def engines_limit(ctx: click.Context, itwin_id: str | None) -> None:
    """Print the most processing engines a job may use."""
    _print_json({"enginesLimit": _client(ctx).limits.engines(itwin_id).to_dict()})


@cli.command("user-access")
@click.option("--itwin-id", help="Ask for access within this iTwin.")
@click.pass_context
@_handles_errors
def user_access(ctx: click.Context, itwin_id: str | None) -> None:
    """Print whether you may process jobs (technology-preview operation)."""
    _print_json({"accessInfo": _client(ctx).user_access.get(itwin_id).to_dict()})


# contextcapture.testing's `fake-server`, for services written in other languages. Its module
# loads only the standard library and this package, so registering it costs the CLI nothing.
cli.add_command(fake_server)


def _show_warnings_on_stderr() -> None:
    """Retry warnings are worth seeing on a terminal; the library itself only adds a NullHandler."""
    logger = logging.getLogger("contextcapture")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("contextcapture: %(levelname)s: %(message)s"))
    handler.setLevel(logging.WARNING)
    logger.addHandler(handler)


def main() -> None:
    """Entry point of the `contextcapture` console script."""
    _show_warnings_on_stderr()
    cli(prog_name="contextcapture")
