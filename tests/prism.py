"""Start and stop the pinned Prism mock server (npm @stoplight/prism-cli) on a free port."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
PRISM = ROOT / "node_modules" / ".bin" / "prism"
STARTUP_TIMEOUT = 90.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextlib.contextmanager
def running_prism(spec: Path = ROOT / "openapi.yaml") -> Iterator[str]:
    """Run `prism mock` on 127.0.0.1 and yield its base URL; the server is stopped on exit."""
    if not PRISM.exists():
        raise RuntimeError(f"{PRISM} is missing: run `make install` (npm ci) first")
    port = free_port()
    log = open(os.devnull, "wb")  # noqa: SIM115 - closed in the finally below
    server = subprocess.Popen(
        [str(PRISM), "mock", "--host", "127.0.0.1", "--port", str(port), str(spec)],
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_listening(server, url)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def _wait_until_listening(server: subprocess.Popen[bytes], url: str) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"prism exited with status {server.returncode} before listening")
        try:
            httpx.get(url + "/contextcapture/workspaces/ready-check", timeout=1.0)
            return
        except httpx.TransportError:
            time.sleep(0.2)
    raise RuntimeError(f"prism did not listen on {url} within {STARTUP_TIMEOUT:.0f}s")
