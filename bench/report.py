"""Medians, the ratios the issue sets targets for, and the Markdown tables of bench/results.md."""

from __future__ import annotations

import os
import platform
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from .arms import ASYNC_ARMS, SYNC_ARMS
from .measure import AsyncResult, AsyncSettings, SyncResult, SyncSettings

__all__ = ["Ratio", "Run", "ratios", "render"]


@dataclass
class Run:
    """Everything one `python -m bench` measured, and how."""

    smoke: bool
    sync_settings: SyncSettings
    async_settings: AsyncSettings
    latency_ms: float
    sync: SyncResult
    async_: AsyncResult
    imports: dict[str, list[int]]
    regen: list[int]
    versions: dict[str, str]
    load_average: tuple[float, float]


@dataclass
class Ratio:
    name: str
    value: float
    target: str
    met: bool | None  # None: informative, no target


def _median(values: Sequence[int]) -> float:
    return float(statistics.median(values))


def _percentile(values: Sequence[int], fraction: float) -> float:
    ordered = sorted(values)
    return float(ordered[min(len(ordered) - 1, int(fraction * len(ordered)))])


def speedup(run: Run, arm: str) -> float:
    return _median(run.async_.sequential[arm]) / _median(run.async_.concurrent[arm])


def ratios(run: Run) -> list[Ratio]:
    """The ratios the README quotes, each with its target from the issue where it has one."""
    times = run.sync.times
    found: list[Ratio] = []

    def per_call(top: str, bottom: str, operation: str) -> float:
        return _median(times[top][operation]) / _median(times[bottom][operation])

    for operation, what in (("create", "create workspace"), ("get_job", "get job")):
        value = per_call("facade", "raw", operation)
        found.append(Ratio(f"facade ÷ raw httpx, {what}", value, "≤ 1.10", value <= 1.10))
    for operation, what in (("create", "create workspace"), ("get_job", "get job")):
        value = per_call("generated", "raw", operation)
        found.append(Ratio(f"generated ÷ raw httpx, {what}", value, "", None))
    for operation, what in (("create", "create workspace"), ("get_job", "get job")):
        value = per_call("requests", "facade", operation)
        found.append(Ratio(f"requests per call ÷ facade, {what}", value, "≥ 2", value >= 2))

    facade_aiohttp = speedup(run, "facade-aiohttp")
    found.append(
        Ratio("async speed-up, facade on aiohttp", facade_aiohttp, "≥ 15", facade_aiohttp >= 15)
    )
    found.append(Ratio("async speed-up, raw on aiohttp", speedup(run, "raw-aiohttp"), "", None))
    for transport in ("aiohttp", "default"):
        value = speedup(run, f"facade-{transport}") / speedup(run, f"raw-{transport}")
        target, met = ("≥ 0.90", value >= 0.9) if transport == "aiohttp" else ("", None)
        found.append(Ratio(f"facade ÷ raw speed-up, {transport} transport", value, target, met))
    found.append(
        Ratio("async speed-up, facade on httpx default", speedup(run, "facade-default"), "", None)
    )

    value = min(run.imports["contextcapture"]) / min(run.imports["httpx"])
    found.append(Ratio("import contextcapture ÷ import httpx", value, "≤ 1.5", value <= 1.5))
    if run.regen:
        seconds = min(run.regen) / 1e9
        found.append(Ratio("make regen, seconds", seconds, "≤ 10", seconds <= 10))
    return found


def render(run: Run) -> str:
    """bench/results.md: how it was run, the raw medians, then the ratios against their targets."""
    sync_settings, async_settings = run.sync_settings, run.async_settings
    calls = sync_settings.rounds * sync_settings.calls_per_round
    lines = [
        "# Benchmark results" + (" (smoke run: too few calls to judge by)" if run.smoke else ""),
        "",
        "Written by `make bench` (`python -m bench`); bench/README.md says how each number is "
        "measured. Absolute times depend on the machine and are informative only; the ratios "
        "are what the README quotes.",
        "",
        f"Machine: {platform.platform()}, {os.cpu_count()} CPUs; "
        + ", ".join(f"{name} {version}" for name, version in run.versions.items())
        + ".",
        "",
        f"One-minute load average {run.load_average[0]:.2f} before the run and "
        f"{run.load_average[1]:.2f} after it (the benchmark itself keeps about one core busy; "
        "much more means something else was running).",
        "",
        "## Ratios and targets",
        "",
        "| ratio | value | target | |",
        "|---|---:|---|---|",
    ]
    for ratio in ratios(run):
        verdict = "" if ratio.met is None else ("met" if ratio.met else "**missed**")
        lines.append(f"| {ratio.name} | {ratio.value:.2f} | {ratio.target} | {verdict} |")

    lines += [
        "",
        f"## Blocking calls: microseconds per call ({calls} calls per arm and operation, in "
        f"{sync_settings.rounds} interleaved rounds, after {sync_settings.warmup_calls} "
        "warm-up calls)",
        "",
        "| arm | create workspace, median | p90 | get job, median | p90 |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, (label, _) in SYNC_ARMS.items():
        create, get_job = run.sync.times[name]["create"], run.sync.times[name]["get_job"]
        lines.append(
            f"| {label} | {_median(create) / 1e3:.0f} | {_percentile(create, 0.9) / 1e3:.0f} "
            f"| {_median(get_job) / 1e3:.0f} | {_percentile(get_job, 0.9) / 1e3:.0f} |"
        )

    lines += [
        "",
        f"## Async: {async_settings.concurrency} create-workspace calls with "
        f"{run.latency_ms:g} ms of server latency, concurrent versus one after another",
        "",
        f"Milliseconds per batch of {async_settings.concurrency} calls: median of "
        f"{async_settings.concurrent_rounds} concurrent and {async_settings.sequential_rounds} "
        "sequential batches per arm.",
        "",
        "| arm | transport | sequential | concurrent | speed-up, times |",
        "|---|---|---:|---:|---:|",
    ]
    for name, (label, transport, _) in ASYNC_ARMS.items():
        sequential = _median(run.async_.sequential[name]) / 1e6
        concurrent = _median(run.async_.concurrent[name]) / 1e6
        lines.append(
            f"| {label} | {transport} | {sequential:.0f} | {concurrent:.1f} "
            f"| {sequential / concurrent:.1f} |"
        )

    repeats = len(run.imports["httpx"])
    lines += [
        "",
        f"## Cold import (fresh `python -I`, best of {repeats})",
        "",
        "| statement | ms |",
        "|---|---:|",
    ]
    for module, times in run.imports.items():
        lines.append(f"| `import {module}` | {min(times) / 1e6:.1f} |")

    lines += ["", "## `make regen`", ""]
    if run.regen:
        each = ", ".join(f"{value / 1e9:.1f}" for value in run.regen)
        lines.append(f"{min(run.regen) / 1e9:.1f} s (best of {len(run.regen)} runs: {each} s).")
    else:
        lines.append("Not timed in a smoke run.")
    return "\n".join(lines) + "\n"
