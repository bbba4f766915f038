"""Every benchmark of the dashboard, against its floor: a table and benchmarks/results.json.

    python -m benchmarks.run [--quick] [--only NAMES] [--out PATH] [--raw PATH]

NAMES (comma-separated) are the modules of `BENCHMARKS`: one file per benchmark in
benchmarks/, each with `measure` (see `benchmarks.harness`). They run one after another,
in this order (the loads first: their time varies most, and once they are done the
others share exactly the time that is left), never two at once except when ``--quick``
(the smoke test's mode: every benchmark once on tiny settings; it checks the harness,
not the timings), where the browser benchmark runs beside the others. The results file
is one flat JSON object: every benchmark's figures (most are ratios to a floor: a page of
the app captured and replayed, `benchmarks.capture`), the medians behind them, sample
counts, the seconds each benchmark took (`bench_s_<name>`) and metadata (`meta_*`). See
benchmarks/README.md for what each figure times. Exit status: 0 when every benchmark ran
(targets met or not), 1 when one failed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import ModuleType
from typing import Any

from benchmarks import (
    brief,
    browser,
    cold,
    deck,
    growth,
    load,
    pages,
    replicas,
    rerun,
    scale,
    validate,
    wsbytes,
)
from benchmarks.harness import BUDGET_S, REPO_DIR, Figure, Run, loadavg

# Every benchmark, in the order they run. Adding one is a file in benchmarks/ and its
# module here.
BENCHMARKS: tuple[ModuleType, ...] = (
    load,
    replicas,
    rerun,
    pages,
    wsbytes,
    growth,
    scale,
    validate,
    cold,
    deck,
    brief,
    browser,
)
DEFAULT_OUT = REPO_DIR / "benchmarks" / "results.json"


def name_of(module: ModuleType) -> str:
    return module.__name__.rsplit(".", 1)[-1]


def measure(module: ModuleType, run: Run) -> dict[str, Any]:
    """The module's figures: `measure(run)`."""
    return module.measure(run)


def _run_steps(run: Run, modules: list[ModuleType], failures: dict[str, str]) -> None:
    for module in modules:
        name = name_of(module)
        start = time.perf_counter()
        print(f"[bench] {name} ... (load average {loadavg():.1f})", file=sys.stderr, flush=True)
        try:
            run.results.update(measure(module, run))
        except Exception as exc:  # record it, go on with the others
            failures[name] = f"{type(exc).__name__}: {exc}"
            print(f"[bench] {name} FAILED: {exc}", file=sys.stderr, flush=True)
        run.results[f"bench_s_{name}"] = time.perf_counter() - start
        run.done.add(name)


# ------------------------------------------------------------------ report


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        return f"{value:.3g}" if abs(value) < 1000 else f"{value:,.0f}"
    return str(value)


def table(results: dict[str, Any], failures: dict[str, str],
          headline: list[Figure]) -> str:  # fmt: skip
    """The headline figures with their targets, then every other figure."""
    rows = [("figure", "value", "target", "met")]
    for fig in headline:
        if fig.key not in results:
            continue
        met = fig.met(results)
        rows.append(
            (fig.key, _shown(results[fig.key]), fig.target, "-" if met is None else _shown(met))
        )
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    keys = {f.key for f in headline}
    raw = [
        f"  {k} = {_shown(v)}"
        for k, v in results.items()
        if k not in keys and not k.startswith("meta_")
    ]
    out = "\n".join(lines)
    if raw:
        out += "\n\nbehind the figures:\n" + "\n".join(raw)
    for name, message in failures.items():
        out += f"\n\nFAILED {name}: {message}"
    return out


def _git_commit() -> str:
    try:
        proc = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=REPO_DIR,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
        return proc.stdout.strip()
    except OSError:
        return ""


def _clean(value: Any) -> Any:
    """JSON has no NaN or infinity: those become null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def main(argv: list[str] | None = None) -> int:
    known = {name_of(m): m for m in BENCHMARKS}
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run",
        description=__doc__.split("\n\n")[0] if __doc__ else None,
    )
    parser.add_argument("--quick", action="store_true", help="tiny settings (smoke test)")
    parser.add_argument("--only", default="", help=f"comma-separated: {','.join(known)}")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="results JSON file")
    parser.add_argument("--raw", type=Path, help="also write every sample to this JSON file")
    args = parser.parse_args(argv)
    asked = [n.strip() for n in args.only.split(",") if n.strip()] or list(known)
    unknown = [n for n in asked if n not in known]
    if unknown:
        parser.error(f"unknown benchmark(s) {', '.join(unknown)}; known: {', '.join(known)}")
    chosen = [m for m in BENCHMARKS if name_of(m) in asked]

    import streamlit

    run = Run(
        quick=args.quick,
        shares={name_of(m): m.SHARE_S for m in chosen if hasattr(m, "SHARE_S")},
        reserves={name_of(m): m.RESERVE_S for m in chosen if hasattr(m, "RESERVE_S")},
    )
    began = time.perf_counter()
    meta = {
        "meta_timestamp": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "meta_quick": args.quick,
        "meta_cpu_count": os.cpu_count(),
        "meta_loadavg_start": loadavg(),
        "meta_python": platform.python_version(),
        "meta_streamlit": streamlit.__version__,
        "meta_git_commit": _git_commit(),
        "meta_benchmarks": ",".join(name_of(m) for m in chosen),
    }
    failures: dict[str, str] = {}
    alongside = [m for m in chosen if getattr(m, "ALONGSIDE_WHEN_QUICK", False)]
    if args.quick and alongside and len(chosen) > len(alongside):
        # Quick numbers mean nothing, so the longest benchmark runs beside the others to
        # keep the smoke test short; a full run never overlaps two.
        rest = [m for m in chosen if m not in alongside]
        with ThreadPoolExecutor(max_workers=2) as pool:
            lanes = [pool.submit(_run_steps, run, lane, failures) for lane in (alongside, rest)]
            for lane in lanes:
                lane.result()
    else:
        _run_steps(run, chosen, failures)
    wall = time.perf_counter() - began
    shutil.rmtree(run.workdir, ignore_errors=True)
    meta |= {"meta_loadavg_end": loadavg(), "meta_wall_s": wall}
    if failures:
        meta["meta_failed"] = ",".join(failures)
    results = {k: _clean(v) for k, v in {**run.results, **meta}.items()}

    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if args.raw:
        args.raw.write_text(json.dumps(run.raw, indent=1, default=str) + "\n", encoding="utf-8")
    headline = [f for m in BENCHMARKS for f in getattr(m, "FIGURES", ())]
    print(table(run.results, failures, headline))
    print(
        f"\nwall time {wall:.0f} s (budget {BUDGET_S} s); load average "
        f"{meta['meta_loadavg_start']:.1f} at the start, {meta['meta_loadavg_end']:.1f} at the "
        f"end, {os.cpu_count()} CPUs; written to {args.out}"
    )
    if wall > BUDGET_S and not args.quick:
        print(f"warning: the run took longer than {BUDGET_S} s", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
