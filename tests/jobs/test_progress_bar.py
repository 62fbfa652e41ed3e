"""`contextcapture jobs wait` draws a live progress bar when stderr is a terminal."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
import time

from contextcapture import ContextCapture
from contextcapture.testing import FakeContextCapture


def read_all(fd: int, process: subprocess.Popen[bytes], deadline: float) -> bytes:
    chunks = []
    while time.monotonic() < deadline:
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # the terminal closes when the process exits
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=max(deadline - time.monotonic(), 1))
    return b"".join(chunks)


def test_wait_draws_a_bar_with_percentage_and_step_on_a_terminal() -> None:
    with FakeContextCapture(clock="real", speed=60.0) as fake:
        with ContextCapture("t", base_url=fake.url) as cc:
            workspace = cc.workspaces.create(
                name="w", itwin_id="3fa85f64-5717-4562-b3fc-2c963f66afa6"
            )
            job = cc.jobs.create(name="j", type="Full", workspace_id=workspace.id, inputs=["a"])
            cc.jobs.submit(job.id)

        controller, terminal = pty.openpty()
        command = [sys.executable, "-m", "contextcapture", "--base-url", fake.url, "--token", "t"]
        command += ["jobs", "wait", job.id, "--poll-interval", "0.1", "--max-poll-interval", "0.2"]
        process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=terminal
        )
        os.close(terminal)
        screen = read_all(controller, process, time.monotonic() + 30).decode(errors="replace")
        os.close(controller)
        assert process.stdout is not None
        printed = process.stdout.read().decode()
        process.stdout.close()

    assert process.returncode == 0
    assert '"state": "success"' in printed
    assert re.search(r"\[#+-*\]\s+\d+%", screen), screen
    assert "Active" in screen
