"""`rerun_ratio`: the what-if page re-run after a slider move, against its floor (AppTest).

App: the app opened on its landing page, then switched to the what-if page; each
measured move is the wall time of `at.run()` after `at.slider(key).set_value(v)`. Floor:
the what-if page captured (`benchmarks.capture`) and replayed, the same moves. The moves
are a seeded sequence, each a different grid point of one what-if slider (growth sliders
only for the default countries); one unmeasured move first. App and floor each in a fresh
process. `rerun_cpu_ratio`: the same with the process's CPU time. `floor_matches_app`:
the floor drew the app's elements.

    PYTHONPATH=. python -m benchmarks.rerun --target app --samples 5 --profile /tmp/w.html
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from typing import Any

from benchmarks import apptest, capture
from benchmarks.harness import Figure, Run, command_line, median, ratio

SHARE_S = 45
FIGURES = (Figure("rerun_ratio", "<= 1.3", lambda v: v <= 1.3),)


def worker(run: Run, target: str, budget_s: float, env: dict[str, str] | None = None,
           samples: int = 0) -> dict[str, Any]:  # fmt: skip
    """One app's re-runs in a fresh process (`scale` runs the app's on other data)."""
    samples = samples or run.pick(15, 1)
    args = ["--target", target, "--samples", str(samples), "--warmup", str(run.warmup),
            "--budget-s", str(budget_s), "--min-samples", str(min(3, samples)),
            "--seed", str(run.seed)]  # fmt: skip
    if target == "floor":
        args += ["--floor", str(run.floor(apptest.WHATIF))]
    return run.fresh("benchmarks.rerun", args, env=env)


def measure(run: Run) -> dict[str, Any]:
    r: dict[str, Any] = {"rerun_errors": 0}
    budget = run.budget("rerun")
    out = {}
    for target, share in (("app", 0.7), ("floor", 0.3)):
        out[target] = run.raw[f"rerun_{target}"] = worker(run, target, budget * share)
        r[f"rerun_s_{target}"] = median(out[target]["rerun_s"])
        r[f"rerun_cpu_s_{target}"] = median(out[target]["rerun_cpu_s"])
        r[f"rerun_n_{target}"] = len(out[target]["rerun_s"])
        r[f"whatif_first_s_{target}"] = out[target]["first_s"]
        r[f"rerun_sliders_{target}"] = out[target]["sliders"]
        r["rerun_errors"] += out[target]["errors"]
    r["rerun_ratio"] = ratio(r["rerun_s_app"], r["rerun_s_floor"])
    r["rerun_cpu_ratio"] = ratio(r["rerun_cpu_s_app"], r["rerun_cpu_s_floor"])
    r["rerun_app_charts_changed"] = out["app"]["charts_changed"]
    # The floor draws exactly the app's elements, or it is no floor.
    r["floor_matches_app"] = out["app"]["elements_sha"] == out["floor"]["elements_sha"]
    return r


# ------------------------------------------------------------------ in the fresh process


def _measure(args: argparse.Namespace) -> dict[str, Any]:
    """Re-runs after a slider move: the wall time (and this process's CPU time) of
    `AppTest.run()` after `slider.set_value(v)`, one move at a time."""
    start = time.perf_counter()
    if args.target == "app":
        at = apptest.open_page(None)  # the landing page, as a viewer arrives
        landing_s = time.perf_counter() - start
        start = time.perf_counter()
        at.switch_page(apptest.WHATIF).run()
    else:
        capture.prepare(args.floor, apptest.WHATIF, {})
        start = time.perf_counter()
        at = apptest.open_floor()
        landing_s = time.perf_counter() - start
    first_s = time.perf_counter() - start
    errors = len(apptest.failures(at))
    drawn = capture.elements(at)
    sliders = [s for s in at.slider if str(s.key).startswith("wi_")]
    moves = apptest.slider_moves(at, args.seed, args.warmup + args.samples)
    with apptest.profiling(args.profile) as profile:
        timed = apptest.timed_changes(
            at, moves, warmup=args.warmup, min_samples=args.min_samples,
            budget_s=args.budget_s, look=apptest.chart_specs, profile=profile,
        )  # fmt: skip
    return {
        "target": args.target,
        "data_dir": os.environ.get("DASHBOARD_DATA_DIR", ""),
        "landing_s": landing_s,
        "first_s": first_s,
        "countries": apptest.countries(at),
        "rerun_s": timed.wall_s,
        "rerun_cpu_s": timed.cpu_s,
        "errors": errors + timed.errors,
        "charts_changed": timed.changed,
        "sliders": len(sliders),
        "elements_sha": apptest.digest([(p, k, b.hex()) for p, k, b in drawn]),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.rerun", description=__doc__)
    parser.add_argument("--target", choices=("app", "floor"), required=True)
    parser.add_argument(
        "--floor",
        help="the floor's file (benchmarks.capture; default: capture the page here first)",
    )
    parser.add_argument("--samples", type=int, default=10)
    parser.add_argument("--min-samples", type=int, default=3)
    parser.add_argument("--budget-s", type=float, default=60.0,
                        help="stop sampling after this many seconds from the start")  # fmt: skip
    parser.add_argument("--warmup", type=int, default=1, help="unmeasured moves first")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profile", help="write a pyinstrument profile (.html or .txt)")
    return command_line(parser, _measure, argv)


if __name__ == "__main__":
    sys.exit(main())
