"""`rerun_ratio_<page>`, `full_ratio_<page>`: each heavy page after a widget change, and
opened by a new session with a link, against its floor (AppTest).

A page's measurement (`PAGES`) is its path, the query its link carries and the widget
changes that each redraw part of it, cycled in order; adding a page is an entry there.
App: a session opens the page with the query (`first_s`); then the changes, each timed as
the wall (and CPU) time of `AppTest.run()` after `set_value` (one unmeasured first); then
new sessions opening the page (`full_s`: a full run of a warm server). Floor: the page
captured once per run (`benchmarks.capture`), replayed, its elements compared with the
app's element by element (`floor_matches_<page>`); the same changes and new sessions.
App and floor each in a fresh process.

    PYTHONPATH=. python -m benchmarks.pages compute --target app --samples 8 \\
        --profile /tmp/compute.txt      # --target floor for the floor
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from typing import Any

from benchmarks import apptest, capture
from benchmarks.apptest import Change, cycle
from benchmarks.harness import Figure, Run, command_line, median, ratio

SHARE_S = 120


@dataclass(frozen=True)
class PageBench:
    """How a page is measured: opened with `query` (a new session's link), then changed
    by widget changes that each redraw part of the page, the same for app and floor."""

    path: str  # AppTest.switch_page path, relative to app.py
    query: dict[str, str]
    changes: Any  # (opened page, seed, count) -> list[Change]


FIVE = "KOR,CHN,FRA,USA,JPN"
PAGES: dict[str, PageBench] = {
    "compute": PageBench(
        "pages/compute.py",
        {"countries": FIVE},
        cycle(
            ("segmented_control", "scale", "linear"),
            ("segmented_control", "basis", "per_capita"),
            ("multiselect", "countries_control", ["KOR", "CHN", "USA"]),
            ("segmented_control", "scale", "log"),
            ("segmented_control", "basis", "absolute"),
            ("multiselect", "countries_control", FIVE.split(",")),
        ),
    ),
    "overview": PageBench(
        "pages/overview.py",
        {"countries": FIVE},
        cycle(
            ("multiselect", "countries_control", ["KOR", "CHN", "USA"]),
            ("multiselect", "countries_control", ["KOR", "USA", "GBR", "FRA"]),
            ("multiselect", "countries_control", FIVE.split(",")),
        ),
    ),
    "sources": PageBench(
        "pages/sources.py",
        {"lang": "en"},
        cycle(
            ("multiselect", "src_topic", ["compute"]),
            ("segmented_control", "lang_control", "ko"),
            ("multiselect", "src_status", ["actual"]),
            ("multiselect", "src_topic", []),
            ("segmented_control", "lang_control", "en"),
            ("multiselect", "src_status", []),
        ),
    ),
    "whatif": PageBench(apptest.WHATIF, {}, apptest.slider_moves),
}
FIGURES = (
    *(Figure(f"rerun_ratio_{p}", "<= 1.3", lambda v: v <= 1.3) for p in PAGES),
    *(Figure(f"full_ratio_{p}") for p in PAGES),
)


def measure(run: Run) -> dict[str, Any]:
    r: dict[str, Any] = {}
    budget = run.budget("pages") / len(PAGES)
    samples = run.pick(10, 1)
    for page, bench in PAGES.items():
        out = {}
        for target, share in (("app", 0.6), ("floor", 0.4)):
            args = [page, "--target", target, "--samples", str(samples),
                    "--warmup", str(run.warmup), "--min-samples", str(min(3, samples)),
                    "--full", str(run.pick(3, 1)), "--budget-s", str(budget * share),
                    "--seed", str(run.seed)]  # fmt: skip
            if target == "floor":
                args += ["--floor", str(run.floor(bench.path, bench.query))]
            out[target] = run.raw[f"page_{page}_{target}"] = run.fresh("benchmarks.pages", args)
            r[f"rerun_s_{page}_{target}"] = median(out[target]["rerun_s"])
            r[f"rerun_cpu_s_{page}_{target}"] = median(out[target]["rerun_cpu_s"])
            r[f"rerun_n_{page}_{target}"] = len(out[target]["rerun_s"])
            r[f"full_s_{page}_{target}"] = median(out[target]["full_s"])
        app, floor = out["app"], out["floor"]
        r[f"rerun_ratio_{page}"] = ratio(r[f"rerun_s_{page}_app"], r[f"rerun_s_{page}_floor"])
        r[f"rerun_cpu_ratio_{page}"] = ratio(
            r[f"rerun_cpu_s_{page}_app"], r[f"rerun_cpu_s_{page}_floor"]
        )
        r[f"full_ratio_{page}"] = ratio(r[f"full_s_{page}_app"], r[f"full_s_{page}_floor"])
        # The floor draws exactly the app's elements for the link, or it is no floor.
        r[f"floor_matches_{page}"] = floor["matches"]
        r[f"page_elements_{page}"] = app["elements"]
        r[f"page_changed_runs_{page}"] = app["changed"]
        r[f"page_errors_{page}"] = app["errors"] + floor["errors"]
    return r


# ------------------------------------------------------------------ in the fresh process


def _measure(args: argparse.Namespace) -> dict[str, Any]:
    bench = PAGES[args.page]
    query = {**bench.query, **apptest.parse_query(args.query)}
    reference: list[Any] = []
    if args.target == "floor":
        reference = capture.prepare(args.floor, bench.path, query)

        def open_() -> Any:
            return apptest.open_floor()
    else:

        def open_() -> Any:
            return apptest.open_page(bench.path, query)

    start = time.perf_counter()
    at = open_()
    first_s = time.perf_counter() - start
    errors = len(apptest.failures(at))
    drawn = capture.elements(at)
    changes: list[Change] = bench.changes(at, args.seed, args.warmup + args.samples)
    with apptest.profiling(args.profile) as profile:
        timed = apptest.timed_changes(
            at, changes, warmup=args.warmup, min_samples=args.min_samples,
            budget_s=args.budget_s, look=capture.elements, profile=profile,
        )  # fmt: skip
        full: list[float] = []
        for _ in range(args.full):  # a new session's run is timed, not profiled
            start = time.perf_counter()
            fresh = open_()
            full.append(time.perf_counter() - start)
            errors += len(apptest.failures(fresh))
    out = {
        "target": args.target,
        "page": args.page,
        "query": query,
        "countries": apptest.countries(at) if args.target == "app" else "",
        "first_s": first_s,
        "rerun_s": timed.wall_s,
        "rerun_cpu_s": timed.cpu_s,
        "full_s": full,
        "errors": errors + timed.errors,
        "changed": timed.changed,
        "elements": len(drawn),
        "elements_sha": apptest.digest([(p, k, b.hex()) for p, k, b in drawn]),
    }
    if args.target == "floor":
        out["calls"] = len(capture.held().calls)
        out["matches"] = drawn == reference
        out["mismatched"] = [
            f"{a[0]} {a[1]} / {b[0]} {b[1]}"
            for a, b in zip(drawn, reference, strict=False)
            if a != b
        ][:5] + (
            [f"{len(drawn)} elements, app {len(reference)}"] if len(drawn) != len(reference) else []
        )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.pages", description=__doc__)
    parser.add_argument("page", choices=PAGES)
    parser.add_argument("--target", choices=("app", "floor"), required=True)
    parser.add_argument("--floor", help="the floor's file (benchmarks.capture; default: "
                        "capture the page here first)")  # fmt: skip
    parser.add_argument("--samples", type=int, default=8, help="measured widget changes")
    parser.add_argument("--min-samples", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=1, help="unmeasured changes first")
    parser.add_argument("--full", type=int, default=3, help="new sessions opening the page")
    parser.add_argument("--budget-s", type=float, default=60.0,
                        help="stop sampling after this many seconds from the start")  # fmt: skip
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--query", default="", help="more link parameters, K=V&K=V")
    parser.add_argument("--profile", help="write a pyinstrument profile (.html or .txt)")
    return command_line(parser, _measure, argv)


if __name__ == "__main__":
    sys.exit(main())
