"""`cold_ratio`: the landing page's first run in a fresh process, app against its floor.

A fresh process per sample: the wall time of the first `AppTest.run()` of the landing
page, timed after `from streamlit.testing.v1 import AppTest` (the harness, the same for
both). App: every import the script makes, the data load and the page's figures, but not
the interpreter start. Floor: the landing page captured once per run
(`benchmarks.capture`) and replayed from its file: reading the file (and the imports its
figures, frames and functions need) and Streamlit's own work. App and floor take turns.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from typing import Any

from benchmarks import apptest, capture
from benchmarks.harness import Figure, Run, command_line, median, ratio

SHARE_S = 30
FIGURES = (Figure("cold_ratio", "<= 1.5", lambda v: v <= 1.5),)


def measure(run: Run) -> dict[str, Any]:
    began, budget = time.perf_counter(), run.budget("cold")
    floor = run.floor(None)  # the landing page, as a new viewer gets it
    samples = run.pick(3, 1)
    times: dict[str, list[float]] = {"app": [], "floor": []}
    cpus: dict[str, list[float]] = {"app": [], "floor": []}
    errors = 0
    while min(len(v) for v in times.values()) < samples:
        if times["app"] and times["floor"] and time.perf_counter() - began > budget:
            break
        for target in ("app", "floor"):
            args = ["--target", target] + (["--floor", str(floor)] if target == "floor" else [])
            out = run.fresh("benchmarks.cold", args)
            times[target].append(out["cold_s"])
            cpus[target].append(out["cold_cpu_s"])
            errors += out["errors"]
    run.raw["cold"] = {"wall_s": times, "cpu_s": cpus}
    r: dict[str, Any] = {"cold_errors": errors}
    r["cold_s_app"], r["cold_s_floor"] = median(times["app"]), median(times["floor"])
    r["cold_n"] = min(len(v) for v in times.values())
    r["cold_ratio"] = ratio(r["cold_s_app"], r["cold_s_floor"])
    r["cold_cpu_s_app"], r["cold_cpu_s_floor"] = median(cpus["app"]), median(cpus["floor"])
    return r


# ------------------------------------------------------------------ in the fresh process


def _measure(args: argparse.Namespace) -> dict[str, Any]:
    from streamlit.testing.v1 import AppTest

    if args.target == "floor":
        os.environ[capture.FLOOR_ENV] = args.floor  # read by the floor's first run, timed
    script = apptest.APP if args.target == "app" else apptest.FLOOR_PAGE
    at = AppTest.from_file(str(script), default_timeout=apptest.TIMEOUT_S)
    cpu, wall = time.process_time(), time.perf_counter()
    at.run()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {
        "target": args.target,
        "cold_s": wall,
        "cold_cpu_s": cpu,
        "errors": len(apptest.failures(at)),
        "charts": len(at.get("plotly_chart")),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.cold", description=__doc__)
    parser.add_argument("--target", choices=("app", "floor"), required=True)
    parser.add_argument("--floor", help="the landing page's floor file (benchmarks.capture)")
    return command_line(parser, _measure, argv)


if __name__ == "__main__":
    sys.exit(main())
