"""`contextcapture fake-server`: the fake service for tests of programs written in any language."""

from __future__ import annotations

import signal
import threading
from types import FrameType

import click

__all__ = ["fake_server"]


@click.command("fake-server")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; only loopback addresses unless --allow-remote.",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=0,
    show_default=True,
    help="Port to listen on; 0 picks a free one.",
)
@click.option(
    "--allow-remote",
    is_flag=True,
    help="Allow a --host other machines can reach (the fake accepts any token).",
)
@click.option(
    "--speed",
    type=click.FloatRange(min=0, min_open=True),
    default=1.0,
    show_default=True,
    help="Fake seconds per real second: 60 runs a one-minute job in one second.",
)
@click.option(
    "--job-duration",
    type=click.FloatRange(min=0),
    default=60.0,
    show_default=True,
    help="Fake seconds from submitting a job to its end.",
)
@click.option(
    "--max-engines",
    type=click.IntRange(min=0),
    default=25,
    show_default=True,
    help="The engines limit the fake answers.",
)
def fake_server(
    host: str,
    port: int,
    allow_remote: bool,
    speed: float,
    job_duration: float,
    max_engines: int,
) -> None:
    """
    Serve a fake ContextCapture API until Ctrl-C or SIGTERM.

    Prints the base URL on the first line of stdout, e.g. http://127.0.0.1:54321; point the
    program under test at it with any bearer token. Jobs run on real time times --speed.
    """
    # Imported here: `contextcapture --help` must not pay for (or need) the testing extra.
    from ._server import FakeContextCapture, is_loopback

    if not allow_remote and not is_loopback(host):
        # Checked here too, so that the refusal names this command's flag, not the Python argument.
        raise click.UsageError(
            f"--host {host} is not a loopback address: the fake would be reachable from other "
            "machines; add --allow-remote if that is really wanted"
        )
    try:
        fake = FakeContextCapture(
            clock="real",
            speed=speed,
            job_duration=job_duration,
            max_engines=max_engines,
            host=host,
            port=port,
            allow_remote=allow_remote,
        )
    except ValueError as error:
        raise click.UsageError(str(error)) from None
    except ImportError as error:
        raise click.ClickException(str(error)) from None

    stop = threading.Event()

    def on_sigterm(signum: int, frame: FrameType | None) -> None:
        stop.set()

    try:
        fake.start()
    except OSError as error:
        raise click.ClickException(f"cannot listen on {host} port {port}: {error}") from None
    previous = signal.signal(signal.SIGTERM, on_sigterm)
    try:
        click.echo(fake.url)
        # A timed wait, so that Ctrl-C (KeyboardInterrupt) is seen promptly on every platform.
        while not stop.wait(0.2):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        fake.stop()
