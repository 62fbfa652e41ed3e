"""
`python -m bench`: run every arm against the loopback server and write bench/results.md.

    python -m bench                      # the full run `make bench` does (a few minutes)
    python -m bench --smoke --output X   # a handful of calls per arm, to check the script works
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import asdict
from importlib import metadata
from pathlib import Path

from .arms import ASYNC_ARMS, SYNC_ARMS
from .measure import (
    AsyncSettings,
    SyncSettings,
    import_times,
    pin_to_cpu,
    regen_times,
    running_server,
    time_async,
    time_sync,
)
from .report import Run, render

ROOT = Path(__file__).resolve().parent.parent
LATENCY_MS = 20.0

FULL = {
    "sync": SyncSettings(rounds=10, calls_per_round=200, warmup_calls=200),
    "async": AsyncSettings(concurrency=64, concurrent_rounds=25, sequential_rounds=3),
    "import_repeats": 15,
    "regen_repeats": 2,
}
SMOKE = {
    "sync": SyncSettings(rounds=2, calls_per_round=5, warmup_calls=3),
    "async": AsyncSettings(concurrency=8, concurrent_rounds=2, sequential_rounds=1),
    "import_repeats": 2,
    "regen_repeats": 0,
}
VERSIONS = ("httpx", "httpcore", "httpx-aiohttp", "aiohttp", "requests", "contextcapture")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[1])
    parser.add_argument("--smoke", action="store_true", help="a handful of calls per arm")
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "results.md")
    parser.add_argument(
        "--raw", type=Path, default=ROOT / "bench" / ".raw" / "results.json", help="every sample"
    )
    parser.add_argument("--no-pin", action="store_true", help="do not pin client and server CPUs")
    args = parser.parse_args(argv)
    plan = SMOKE if args.smoke else FULL
    pin = not args.no_pin and not args.smoke
    if pin:
        pin_to_cpu(os.getpid(), "first")

    started = time.monotonic()
    load_before = _load_average()
    _say("blocking arms ...")
    with running_server(0.0, pin=pin) as base_url:
        sync = time_sync(base_url, plan["sync"], list(SYNC_ARMS))
    _say(f"async arms ({LATENCY_MS:g} ms latency) ...")
    with running_server(LATENCY_MS, pin=pin) as base_url:
        async_ = time_async(base_url, plan["async"], list(ASYNC_ARMS))
    _say("cold imports ...")
    imports = import_times(["contextcapture", "httpx"], plan["import_repeats"])
    _say("make regen ..." if plan["regen_repeats"] else "make regen: skipped")
    regen = regen_times(plan["regen_repeats"]) if plan["regen_repeats"] else []

    run = Run(
        smoke=args.smoke,
        sync_settings=plan["sync"],
        async_settings=plan["async"],
        latency_ms=LATENCY_MS,
        sync=sync,
        async_=async_,
        imports=imports,
        regen=regen,
        versions={name: metadata.version(name) for name in VERSIONS}
        | {"Python": sys.version.split()[0]},
        load_average=(load_before, _load_average()),
    )
    table = render(run)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(table, encoding="utf-8")
    args.raw.parent.mkdir(parents=True, exist_ok=True)
    args.raw.write_text(json.dumps(asdict(run)), encoding="utf-8")
    print(table)
    _say(f"wrote {args.output} and {args.raw} in {time.monotonic() - started:.0f} s")
    return 0


def _load_average() -> float:
    """The one-minute load average: other work on the machine skews every number here."""
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")


def _say(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
