"""
The main job: drive a workspace and a reconstruction job through their lives with the CLI.

Part 1 runs against a Prism mock of openapi.yaml (the contract): create, get and delete a
workspace. Part 2 runs against `contextcapture.testing.FakeContextCapture`, which plays a job
through its states (Prism cannot): create a workspace, create the reference's example job in it,
price it, submit it and wait for it with progress, then print the result.

With CONTEXTCAPTURE_BASE_URL and ITWIN_ACCESS_TOKEN set (and ITWIN_ID naming your iTwin), the same
commands run against that service instead; part 2 then also needs ITWIN_INPUT_IDS, the
comma-separated reality data ids of the job's inputs, and is skipped without them.
"""

from __future__ import annotations

import contextlib
import json
import os
import shlex
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from contextcapture.testing import FakeContextCapture  # noqa: E402
from tests.docs import example  # noqa: E402 - the reference's payloads, from openapi.yaml
from tests.prism import running_prism  # noqa: E402

CLI = [sys.executable, "-m", "contextcapture"]
DOCS_ITWIN_ID = "60805594-3e04-43b5-8fd8-5ccae0de23cc"
# The fake runs a job for 60 of its seconds; at 30x that is two real seconds.
FAKE_SPEED = 30.0


def real_service() -> dict[str, str] | None:
    env = dict(os.environ)
    return env if env.get("CONTEXTCAPTURE_BASE_URL") else None


@contextlib.contextmanager
def prism() -> Iterator[dict[str, str]]:
    with running_prism() as url:
        print(f"Started Prism (mock of openapi.yaml) at {url}")
        yield {**os.environ, "CONTEXTCAPTURE_BASE_URL": url, "ITWIN_ACCESS_TOKEN": "demo-token"}
    print("Stopped Prism")


@contextlib.contextmanager
def fake_service() -> Iterator[dict[str, str]]:
    with FakeContextCapture(clock="real", speed=FAKE_SPEED) as fake:
        print(f"Started the fake ContextCapture service at {fake.url} ({FAKE_SPEED:g}x time)")
        yield {**os.environ, "CONTEXTCAPTURE_BASE_URL": fake.url, "ITWIN_ACCESS_TOKEN": "demo"}
    print("Stopped the fake service")


def run(env: dict[str, str], *args: str) -> Any:
    """Run one CLI command, echoing it and its output; return its JSON output, if any."""
    print(f"\n$ {shlex.join(['contextcapture', *args])}", flush=True)
    # stderr goes straight to the terminal, so that `jobs wait` shows its progress live.
    done = subprocess.run([*CLI, *args], env=env, stdout=subprocess.PIPE, text=True, check=False)
    sys.stdout.write(done.stdout)
    if done.returncode != 0:
        raise SystemExit(f"`contextcapture {shlex.join(args)}` exited with {done.returncode}")
    return json.loads(done.stdout) if done.stdout.strip() else None


def workspace_life(env: dict[str, str], itwin_id: str) -> None:
    created = run(env, "workspaces", "create", "--name", "Workspace test", "--itwin-id", itwin_id)
    workspace_id = created["workspace"]["id"]
    run(env, "workspaces", "get", workspace_id)
    run(env, "workspaces", "delete", workspace_id)


def job_life(env: dict[str, str], itwin_id: str, input_ids: list[str] | None) -> None:
    created = run(env, "workspaces", "create", "--name", "Bridge survey", "--itwin-id", itwin_id)
    request = example("JobCreateRequest")
    request["workspaceId"] = created["workspace"]["id"]
    if input_ids:
        request["inputs"] = [{"id": input_id} for input_id in input_ids]

    with tempfile.TemporaryDirectory() as folder:
        job_file = Path(folder) / "job.json"
        job_file.write_text(json.dumps(request, indent=2))
        print(f"\n(job.json is the reference's create-job example:)\n{job_file.read_text()}")
        job_id = run(env, "jobs", "create", "--file", str(job_file))["job"]["id"]

    run(env, "jobs", "estimate", job_id, "--giga-pixels", "2.5", "--mega-points", "1.5")
    run(env, "jobs", "submit", job_id)
    polling = ["--poll-interval", "0.5", "--max-poll-interval", "2"]
    finished = run(env, "jobs", "wait", job_id, *polling)
    info = finished["job"].get("executionInformation", {})
    print(f"\nJob {job_id} ended {finished['job']['state']} at {info.get('endedDateTime')}.")


def main() -> None:
    env = real_service()
    if env is not None:
        print(f"Using the service at {env['CONTEXTCAPTURE_BASE_URL']}")
        itwin_id = env.get("ITWIN_ID", DOCS_ITWIN_ID)
        workspace_life(env, itwin_id)
        inputs = [i for i in env.get("ITWIN_INPUT_IDS", "").split(",") if i.strip()]
        if inputs:
            job_life(env, itwin_id, inputs)
        else:
            print("\nSkipping the job scenario: set ITWIN_INPUT_IDS to your reality data ids.")
        return

    print("== Part 1: a workspace's life against the contract (Prism) ==")
    with prism() as env:
        workspace_life(env, DOCS_ITWIN_ID)

    print("\n== Part 2: a job's life against the stateful fake service ==")
    with fake_service() as env:
        job_life(env, DOCS_ITWIN_ID, None)
    print("\nDemo finished.")


if __name__ == "__main__":
    main()
