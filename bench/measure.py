"""How each quantity is measured: per-call times, async rounds, cold imports, `make regen`."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .arms import ASYNC_ARMS, SYNC_ARMS, AsyncArm, SyncArm

__all__ = [
    "AsyncSettings",
    "SyncSettings",
    "import_times",
    "pin_to_cpu",
    "regen_times",
    "running_server",
    "time_async",
    "time_sync",
]

ROOT = Path(__file__).resolve().parent.parent
SERVER_START_TIMEOUT = 30.0
SERVER_STOP_TIMEOUT = 10.0


# --- the server --------------------------------------------------------------------------------


def pin_to_cpu(pid: int, which: str) -> None:
    """Keep a process on the first or last CPU, so that client and server do not swap cores."""
    if not hasattr(os, "sched_setaffinity"):
        return
    cpus = sorted(os.sched_getaffinity(0))
    if len(cpus) >= 2:
        os.sched_setaffinity(pid, {cpus[0] if which == "first" else cpus[-1]})


@contextlib.contextmanager
def running_server(latency_ms: float, *, pin: bool) -> Iterator[str]:
    """Run bench/server.py in a process of its own on 127.0.0.1; yield its base URL."""
    server = subprocess.Popen(
        [sys.executable, "-m", "bench.server", "--latency-ms", str(latency_ms)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    try:
        if pin:
            pin_to_cpu(server.pid, "last")
        yield f"http://127.0.0.1:{_announced_port(server)}"
    finally:
        # Closing its stdin is the server's signal to stop; terminate if it does not.
        assert server.stdin is not None
        server.stdin.close()
        try:
            server.wait(timeout=SERVER_STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            server.terminate()
            server.wait(timeout=SERVER_STOP_TIMEOUT)
        if server.stdout is not None:
            server.stdout.close()


def _announced_port(server: subprocess.Popen[bytes]) -> int:
    assert server.stdout is not None
    ready, _, _ = select.select([server.stdout], [], [], SERVER_START_TIMEOUT)
    line = server.stdout.readline().decode() if ready else ""
    if not line.startswith("PORT "):
        raise RuntimeError(f"the benchmark server did not start (said {line!r})")
    return int(line.split()[1])


# --- blocking arms: per-call times -------------------------------------------------------------


@dataclass
class SyncSettings:
    rounds: int
    calls_per_round: int
    warmup_calls: int


@dataclass
class SyncResult:
    """Per-call times in nanoseconds, by arm and then by operation ("create", "get_job")."""

    times: dict[str, dict[str, list[int]]] = field(default_factory=dict)


def _time_calls(call: Callable[[], object], count: int, into: list[int]) -> None:
    clock = time.perf_counter_ns
    for _ in range(count):
        start = clock()
        call()
        into.append(clock() - start)


def time_sync(base_url: str, settings: SyncSettings, names: list[str]) -> SyncResult:
    """
    Time every blocking arm, round after round; each round visits the arms in a rotated order,
    so that a slow patch of the machine is shared out rather than landing on one arm.
    """
    arms: dict[str, SyncArm] = {name: SYNC_ARMS[name][1](base_url) for name in names}
    result = SyncResult({name: {"create": [], "get_job": []} for name in names})
    try:
        for arm in arms.values():
            _time_calls(arm.create, settings.warmup_calls, [])
            _time_calls(arm.get_job, settings.warmup_calls, [])
        for round_number in range(settings.rounds):
            shift = round_number % len(names)
            for name in names[shift:] + names[:shift]:
                # Garbage left by one arm is collected before the next, not during it.
                gc.collect()
                times = result.times[name]
                _time_calls(arms[name].create, settings.calls_per_round, times["create"])
                _time_calls(arms[name].get_job, settings.calls_per_round, times["get_job"])
    finally:
        for arm in arms.values():
            arm.close()
    return result


# --- asyncio arms: concurrent versus sequential ------------------------------------------------


@dataclass
class AsyncSettings:
    concurrency: int
    concurrent_rounds: int
    sequential_rounds: int


@dataclass
class AsyncResult:
    """Wall times in nanoseconds of whole rounds, by arm."""

    concurrent: dict[str, list[int]] = field(default_factory=dict)
    sequential: dict[str, list[int]] = field(default_factory=dict)


def time_async(base_url: str, settings: AsyncSettings, names: list[str]) -> AsyncResult:
    return asyncio.run(_time_async(base_url, settings, names))


async def _time_async(base_url: str, settings: AsyncSettings, names: list[str]) -> AsyncResult:
    arms: dict[str, AsyncArm] = {name: ASYNC_ARMS[name][2](base_url) for name in names}
    result = AsyncResult({name: [] for name in names}, {name: [] for name in names})
    clock = time.perf_counter_ns
    try:
        # One untimed concurrent round each opens the connections a round needs.
        for arm in arms.values():
            await asyncio.gather(*(arm.create() for _ in range(settings.concurrency)))
        rounds = max(settings.concurrent_rounds, settings.sequential_rounds)
        for round_number in range(rounds):
            shift = round_number % len(names)
            for name in names[shift:] + names[:shift]:
                arm = arms[name]
                gc.collect()
                if round_number < settings.concurrent_rounds:
                    start = clock()
                    await asyncio.gather(*(arm.create() for _ in range(settings.concurrency)))
                    result.concurrent[name].append(clock() - start)
                if round_number < settings.sequential_rounds:
                    start = clock()
                    for _ in range(settings.concurrency):
                        await arm.create()
                    result.sequential[name].append(clock() - start)
    finally:
        for arm in arms.values():
            await arm.close()
    return result


# --- cold imports and regeneration -------------------------------------------------------------

_IMPORT_PROBE = (
    "import time\nstart = time.perf_counter_ns()\nimport {module}\n"
    "print(time.perf_counter_ns() - start)\n"
)


def import_times(modules: list[str], repeats: int) -> dict[str, list[int]]:
    """
    Nanoseconds that `import <module>` takes in a fresh interpreter, each module in turn,
    `repeats` times. -I keeps the user's site, the current directory and PYTHON* variables out
    (PYTHONDONTWRITEBYTECODE among them); one untimed import first writes any missing bytecode,
    as installing a wheel would have.
    """
    times: dict[str, list[int]] = {module: [] for module in modules}
    for round_number in range(repeats + 1):
        for module in modules:
            probe = _IMPORT_PROBE.format(module=module)
            out = subprocess.run(
                [sys.executable, "-I", "-c", probe],
                check=True,
                capture_output=True,
                text=True,
                timeout=60,
            ).stdout
            if round_number > 0:
                times[module].append(int(out.strip()))
    return times


def regen_times(repeats: int) -> list[int]:
    """
    Nanoseconds that `make regen` takes, run in a scratch copy of the Makefile, the spec and the
    generator's configuration (with this checkout's virtualenv), so that it cannot touch the work
    tree that other people may be editing.
    """
    times: list[int] = []
    with tempfile.TemporaryDirectory(prefix="bench-regen-") as scratch:
        work = Path(scratch)
        for name in ("Makefile", "openapi.yaml", "generator-config.yaml", "pyproject.toml"):
            shutil.copy2(ROOT / name, work / name)
        (work / ".venv").symlink_to(ROOT / ".venv")
        for _ in range(repeats):
            start = time.perf_counter_ns()
            # -o: the virtualenv is this checkout's and is taken as it is, never rebuilt here.
            subprocess.run(
                ["make", "--no-print-directory", "-o", ".venv/.installed", "regen"],
                cwd=work,
                check=True,
                capture_output=True,
                timeout=300,
            )
            times.append(time.perf_counter_ns() - start)
    return times
