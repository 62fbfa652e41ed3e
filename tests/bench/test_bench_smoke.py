"""
The benchmark still runs: `python -m bench --smoke` makes a handful of calls per arm and writes its
table. CI runs this instead of `make bench`, whose numbers need a quiet machine and minutes.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bench.arms import ASYNC_ARMS, SYNC_ARMS

ROOT = Path(__file__).resolve().parents[2]
SMOKE_TIMEOUT = 120


def test_smoke_run_writes_a_table_with_every_arm(tmp_path: Path) -> None:
    output, raw = tmp_path / "results.md", tmp_path / "results.json"

    finished = subprocess.run(
        [sys.executable, "-m", "bench", "--smoke", "--output", str(output), "--raw", str(raw)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=SMOKE_TIMEOUT,
        stdin=subprocess.DEVNULL,
    )

    assert finished.returncode == 0, finished.stderr
    table = output.read_text(encoding="utf-8")
    assert table in finished.stdout
    for label, _ in SYNC_ARMS.values():
        assert f"| {label} |" in table
    for label, transport, _ in ASYNC_ARMS.values():
        assert f"| {label} | {transport} |" in table
    for ratio in (
        "facade ÷ raw httpx, create workspace",
        "facade ÷ raw httpx, get job",
        "requests per call ÷ facade",
        "async speed-up, facade on aiohttp",
        "facade ÷ raw speed-up, aiohttp transport",
        "import contextcapture ÷ import httpx",
    ):
        assert ratio in table
    samples = json.loads(raw.read_text(encoding="utf-8"))
    assert all(samples["sync"]["times"][name]["get_job"] for name in SYNC_ARMS)
