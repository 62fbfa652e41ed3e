"""
The main job: drive a workspace through its life with the `contextcapture` CLI.

With no CONTEXTCAPTURE_BASE_URL set, a Prism mock of openapi.yaml is started on a free loopback
port and used with a placeholder token. With CONTEXTCAPTURE_BASE_URL and ITWIN_ACCESS_TOKEN set
(and ITWIN_ID naming your iTwin), the very same commands run against that service instead.
"""

from __future__ import annotations

import contextlib
import json
import os
import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.prism import running_prism  # noqa: E402 - needs the repo root on sys.path

CLI = [sys.executable, "-m", "contextcapture"]
DOCS_ITWIN_ID = "60805594-3e04-43b5-8fd8-5ccae0de23cc"


@contextlib.contextmanager
def service() -> Iterator[dict[str, str]]:
    """The environment the CLI runs with: the configured service, or a Prism mock."""
    env = dict(os.environ)
    if env.get("CONTEXTCAPTURE_BASE_URL"):
        print(f"Using the service at {env['CONTEXTCAPTURE_BASE_URL']}")
        yield env
        return
    with running_prism() as url:
        print(f"Started Prism (mock of openapi.yaml) at {url}")
        env["CONTEXTCAPTURE_BASE_URL"] = url
        env.setdefault("ITWIN_ACCESS_TOKEN", "demo-token")
        yield env
    print("Stopped Prism")


def run(env: dict[str, str], *args: str) -> str:
    shown = ["contextcapture", *args]
    print(f"\n$ {shlex.join(shown)}", flush=True)
    done = subprocess.run([*CLI, *args], env=env, capture_output=True, text=True, check=False)
    sys.stdout.write(done.stdout)
    sys.stderr.write(done.stderr)
    if done.returncode != 0:
        raise SystemExit(f"`{shlex.join(shown)}` failed with exit status {done.returncode}")
    return done.stdout


def main() -> None:
    with service() as env:
        itwin_id = env.get("ITWIN_ID", DOCS_ITWIN_ID)
        create = ["workspaces", "create", "--name", "Workspace test", "--itwin-id", itwin_id]
        created = run(env, *create)
        workspace_id = json.loads(created)["workspace"]["id"]
        run(env, "workspaces", "get", workspace_id)
        run(env, "workspaces", "delete", workspace_id)
    print("\nDemo finished: workspace created, fetched and deleted.")


if __name__ == "__main__":
    main()
