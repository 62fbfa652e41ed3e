"""`contextcapture fake-server`: the fake as a process, for services written in other languages."""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Iterator

import httpx
import pytest
from click.testing import CliRunner

from contextcapture.testing._cli import fake_server
from tests.docs import ITWIN_ID

START_TIMEOUT = 30.0
# Runs the command object itself: registering it in `contextcapture` is the CLI module's business.
COMMAND = [
    sys.executable,
    "-c",
    "from contextcapture.testing._cli import fake_server; fake_server()",
]


@pytest.fixture
def server() -> Iterator[tuple[subprocess.Popen[str], str]]:
    """A `fake-server --port 0` process and the URL it printed; terminated at the end."""
    process = subprocess.Popen(
        [*COMMAND, "--port", "0", "--speed", "600"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        yield process, url
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate(timeout=START_TIMEOUT)


def test_the_first_line_is_a_loopback_url(server: tuple[subprocess.Popen[str], str]) -> None:
    _, url = server

    parsed = httpx.URL(url)
    assert (parsed.scheme, parsed.host) == ("http", "127.0.0.1")
    assert parsed.port is not None and parsed.port > 0


def test_the_server_answers_like_the_fake(server: tuple[subprocess.Popen[str], str]) -> None:
    _, url = server
    auth = {"Authorization": "Bearer any"}

    created = httpx.post(
        url + "/contextcapture/workspaces", json={"name": "W", "iTwinId": ITWIN_ID}, headers=auth
    )
    fetched = httpx.get(
        url + f"/contextcapture/workspaces/{created.json()['workspace']['id']}", headers=auth
    )

    assert (created.status_code, fetched.status_code) == (201, 200)


def test_sigterm_stops_it_cleanly(server: tuple[subprocess.Popen[str], str]) -> None:
    process, url = server

    process.send_signal(signal.SIGTERM)

    assert process.wait(timeout=START_TIMEOUT) == 0
    with pytest.raises(httpx.ConnectError):
        httpx.get(url)


def test_ctrl_c_stops_it_cleanly(server: tuple[subprocess.Popen[str], str]) -> None:
    process, _ = server

    process.send_signal(signal.SIGINT)

    assert process.wait(timeout=START_TIMEOUT) == 0


@pytest.mark.parametrize("host", ["0.0.0.0", "10.1.2.3"])
def test_a_host_other_machines_can_reach_needs_allow_remote(host: str) -> None:
    result = CliRunner().invoke(fake_server, ["--host", host])

    assert result.exit_code == 2
    assert "--allow-remote" in result.output
    assert "allow_remote=True" not in result.output


def test_a_port_in_use_is_reported() -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]

        result = CliRunner().invoke(fake_server, ["--port", str(port)])

    assert result.exit_code == 1
    assert f"cannot listen on 127.0.0.1 port {port}" in result.output


@pytest.mark.parametrize("option", ["--port", "--host", "--allow-remote", "--speed"])
def test_help_lists_the_options(option: str) -> None:
    result = CliRunner().invoke(fake_server, ["--help"])

    assert result.exit_code == 0
    assert option in result.output


def test_the_command_is_named_fake_server() -> None:
    assert fake_server.name == "fake-server"
