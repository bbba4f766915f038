"""Sizing an audience from the benchmark figures: replicas, cores, memory, HPA thresholds.

    python -m deploy.sizing [--viewers 1000] [--results benchmarks/results.json]

Prints, in Markdown, the figures it rests on and the arithmetic (the README's "Serving a
forum" shows one run's output). The audience is the benchmark's: every viewer moves a
what-if slider every 3 to 8 s (the results' `load_think_s_min` and `load_think_s_max`: the
audience the loads were measured with), a pessimistic forum.

1. Latency target: the issue's, a slider re-run's p95 at most 1.5 x the floor's p95 at
   25 sessions (`load_floor_p95_s_25`).
2. Sessions one process holds within it, S: the largest audience per process among the
   measured loads (one process with 25 and 50 sessions; two replicas with 50 and 100,
   that is 25 and 50 each) whose p95 met the target with no error. When none did, from
   the CPU cost of one re-run (`rerun_cpu_s_app`): a process runs its sessions' scripts
   one at a time (one GIL), so S viewers who each start a run every T seconds on average
   keep it busy S x cost / T of the time; queueing keeps the p95 short only while that is
   at most `BUSY_MAX`, so S = BUSY_MAX x T / cost.
3. Replicas R = ceil(viewers / S), plus one, so that losing one (a crash, a rolling
   update) leaves enough. Cores: one per replica (one GIL; the measured `cpu_cores_*`
   figures say how much of it a replica used).
4. Memory per replica: the peak resident memory at S sessions, on the line through
   `rss_mb_25` and `rss_mb_50` (one process with 25 and 50 sessions).
5. HPA: CPU utilisation (of the one-core request) at S sessions, from the measured cores
   per session under the replicas load, or `BUSY_MAX` when S came from step 2's CPU rule.
   minReplicas = R (an audience arrives at once, faster than pods start), maxReplicas
   about 1.5 x R.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dashboard import REPO_DIR

DEFAULT_RESULTS = REPO_DIR / "benchmarks" / "results.json"  # what `make bench` writes

TARGET_RATIO = 1.5  # the issue's: p95 <= 1.5 x the floor's p95 at 25 sessions
BUSY_MAX = 0.6  # the share of time a process may be busy before runs queue noticeably
SPARE_REPLICAS = 1
MAX_OVER_MIN = 1.5


class SizingError(ValueError):
    """The results file lacks a figure the sizing needs; the message names it."""


@dataclass(frozen=True)
class Point:
    """One measured load: sessions per process, and what they got."""

    name: str
    per_process: int
    p95_s: float | None
    errors: int | None
    cpu_cores: float | None = None


def _figure(results: dict[str, Any], key: str) -> float:
    value = results.get(key)
    if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value):
        raise SizingError(f"{key} is missing or not a number in the results ({value!r})")
    return float(value)


def points(results: dict[str, Any]) -> list[Point]:
    """The measured loads that are in `results` (one process, then two replicas)."""
    found = []
    for n in (25, 50):
        if f"load_errors_{n}" in results:
            found.append(
                Point(f"load_*_{n}", n, results.get(f"load_p95_s_{n}"), results[f"load_errors_{n}"])
            )
    for total in (50, 100):
        suffix = f"{total}_replicas2"
        if f"load_errors_{suffix}" in results:
            found.append(
                Point(
                    f"load_*_{suffix}",
                    total // 2,
                    results.get(f"load_p95_s_{suffix}"),
                    results[f"load_errors_{suffix}"],
                    results.get(f"cpu_cores_{suffix}"),
                )
            )
    return found


def cores_per_session(measured: list[Point]) -> float | None:
    """CPU cores one viewer keeps busy, from the largest error-free load whose CPU use
    was measured (the replicas loads)."""
    usable = [p for p in measured if p.cpu_cores is not None and p.errors == 0]
    if not usable:
        return None
    largest = max(usable, key=lambda p: p.per_process)
    return largest.cpu_cores / largest.per_process


def size(results: dict[str, Any], viewers: int, target_s: float | None = None) -> dict[str, Any]:
    """The sizing for `viewers`, with every intermediate figure. `target_s`: a p95 in
    seconds instead of the issue's target (1.5 x the floor's p95 at 25 sessions)."""
    target = target_s or TARGET_RATIO * _figure(results, "load_floor_p95_s_25")
    # Mean seconds between a viewer's runs, in the audience that was measured.
    think = (_figure(results, "load_think_s_min") + _figure(results, "load_think_s_max")) / 2
    measured = points(results)
    met = [p for p in measured if p.errors == 0 and p.p95_s is not None and p.p95_s <= target]
    if met:
        best = max(met, key=lambda p: p.per_process)
        per_process, basis = best.per_process, f"measured ({best.name})"
        cores = cores_per_session(measured)
        busy = BUSY_MAX if cores is None else cores * per_process
    else:
        cost = _figure(results, "rerun_cpu_s_app")
        per_process = _cpu_rule(results, "rerun_cpu_s_app", think) or 1
        basis = (
            f"no measured load met the target, so the CPU rule: {BUSY_MAX} x {think:g} s / "
            f"{cost:.3f} s (`rerun_cpu_s_app`) = {BUSY_MAX * think / cost:.1f}"
        )
        busy = BUSY_MAX
    replicas = math.ceil(viewers / per_process) + SPARE_REPLICAS
    rss_25, rss_50 = _figure(results, "rss_mb_25"), _figure(results, "rss_mb_50")
    per_session_mb = max(0.0, (rss_50 - rss_25) / 25)
    rss_mb = rss_25 + (per_process - 25) * per_session_mb
    return {
        "viewers": viewers,
        "target_s": target,
        "target_given": target_s is not None,
        "think_s": think,
        "points": measured,
        "per_process": per_process,
        "basis": basis,
        "replicas": replicas,
        "cores": replicas,
        "per_session_mb": per_session_mb,
        "rss_mb": rss_mb,
        "memory_gb": replicas * rss_mb / 1024,
        "hpa_cpu_percent": max(5, min(100, 5 * math.floor(busy * 100 / 5))),
        "min_replicas": replicas,
        "max_replicas": math.ceil(MAX_OVER_MIN * replicas),
        "floor_per_process": _cpu_rule(results, "rerun_cpu_s_floor", think),
    }


def _cpu_rule(results: dict[str, Any], key: str, think: float) -> int | None:
    """Sessions per process by the CPU rule for the re-run cost `key` (None: not measured)."""
    cost = results.get(key)
    if not isinstance(cost, int | float) or isinstance(cost, bool) or not cost > 0:
        return None
    return max(1, math.floor(BUSY_MAX * think / cost))


def report(results: dict[str, Any], sizing: dict[str, Any], source: str) -> str:
    """The sizing in Markdown: the figures it rests on, then the arithmetic."""
    meta = ", ".join(
        f"{k.removeprefix('meta_')} {v:.1f}"
        if isinstance(v, float)
        else f"{k.removeprefix('meta_')} {v}"
        for k in ("meta_timestamp", "meta_git_commit", "meta_cpu_count", "meta_loadavg_start")
        if (v := results.get(k)) is not None
    )
    rows = [
        "| load | sessions per process | p95 (s) | errors | cores per replica |",
        "|---|---|---|---|---|",
    ]
    for p in sizing["points"]:
        p95 = "-" if p.p95_s is None else f"{p.p95_s:.2f}"
        cpu = "-" if p.cpu_cores is None else f"{p.cpu_cores:.2f}"
        rows.append(f"| `{p.name}` | {p.per_process} | {p95} | {p.errors} | {cpu} |")
    s = sizing
    target = (
        f"p95 <= {s['target_s']:.2f} s (given)"
        if s["target_given"]
        else f"p95 <= {TARGET_RATIO} x `load_floor_p95_s_25` "
        f"({results['load_floor_p95_s_25']:.2f} s) = {s['target_s']:.2f} s"
    )
    lines = [
        f"From `{source}` ({meta}):",
        "",
        *rows,
        "",
        f"1. Target: {target}.",
        f"2. Sessions per process S = {s['per_process']}: {s['basis']}.",
        f"3. Replicas = ceil({s['viewers']} / {s['per_process']}) + {SPARE_REPLICAS} = "
        f"{s['replicas']}; cores = {s['cores']} (one per replica).",
        f"4. Memory per replica = `rss_mb_25` {results['rss_mb_25']:.0f} MB + "
        f"({s['per_process']} - 25) x {s['per_session_mb']:.2f} MB per session = "
        f"{s['rss_mb']:.0f} MB; all replicas {s['memory_gb']:.1f} GB (before Chromium for "
        "image export, which this benchmark does not start).",
        f"5. HPA: averageUtilization {s['hpa_cpu_percent']}% of a one-core request; "
        f"minReplicas {s['min_replicas']}, maxReplicas {s['max_replicas']}.",
    ]
    if s["floor_per_process"] is not None:
        lines.append(
            f"\nAt the floor's cost per re-run (`rerun_cpu_s_floor` "
            f"{results['rerun_cpu_s_floor']:.3f} s) the CPU rule gives S = "
            f"{s['floor_per_process']} and {math.ceil(s['viewers'] / s['floor_per_process'])}"
            f" + {SPARE_REPLICAS} replicas: what a lower per-run cost buys."
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m deploy.sizing", description=__doc__)
    parser.add_argument("--viewers", type=int, default=1000)
    parser.add_argument("--results", type=Path, default=DEFAULT_RESULTS)
    parser.add_argument(
        "--target-s", type=float, help="p95 target in seconds (default: 1.5 x the floor's)"
    )
    args = parser.parse_args(argv)
    try:
        results = json.loads(args.results.read_text(encoding="utf-8"))
        sizing = size(results, args.viewers, args.target_s)
        print(report(results, sizing, str(args.results)))
    except (OSError, ValueError) as exc:  # SizingError, a bad JSON file, no file
        print(f"{args.results}: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
