"""Every benchmark of the dashboard, against its floor: a table and benchmarks/results.json.

    python -m benchmarks.run [--quick] [--only NAMES] [--out PATH] [--raw PATH]

NAMES (comma-separated): rerun, pages, growth, cold, scale, validate, deck, browser, load,
replicas. The results file is one flat JSON object: each headline figure (most are ratios
to a floor: ``benchmarks/floor.py``, or a page's captured one), the medians behind it,
sample counts and metadata. See benchmarks/README.md for what each figure times.
``--quick`` runs every benchmark once on tiny settings (the smoke test's mode: it checks
the harness, not the timings; the browser benchmark then runs beside the others).

Every measurement of a page runs in a fresh process (``benchmarks._worker``), the app's
and the floor's apart, so that imports and caches of one never help the other; the load
and browser benchmarks start a fresh Streamlit server (``benchmarks.server.serve``) for
each app. A full run runs the benchmarks one after another, never two at once. Exit
status: 0 when every benchmark ran (targets met or not), 1 when one failed.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.replicas import bench_replicas

REPO_DIR = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO_DIR / "benchmarks" / "results.json"
BENCHMARKS = (
    "rerun",
    "pages",
    "growth",
    "cold",
    "scale",
    "validate",
    "deck",
    "browser",
    "load",
    "replicas",
)
BUDGET_S = 840  # the whole run: the limit is 900 s; a little room is kept
# Pages measured against their captured floor (`rerun_ratio_<page>`); adding one is a
# name here and an entry in `benchmarks._worker.PAGES`.
RERUN_PAGES = ("compute", "overview", "sources", "whatif")
GROWTH_PAGE = "compute"  # re-run time with 4, 16 and 64 countries on the synthetic folder
GROWTH_COUNTRIES = (4, 16, 64)
# Each benchmark's share of the time the loads leave (seconds on an idle 2-core machine).
# On a busy machine every share shrinks in proportion, down to a floor: a benchmark then
# takes fewer samples (never fewer than its minimum), and the *_n figures say so.
SHARES = {
    "rerun": 45,
    "pages": 120,
    "growth": 60,
    "scale": 55,
    "validate": 20,
    "cold": 30,
    "deck": 90,
    "browser": 100,
}
# Per load on top of its duration: server start, warm-up, and the reruns still running at
# the end (waited for up to loadgen's 30 s timeout), server stop.
LOAD_OVERHEAD_S = 35
# The time each load step takes, in loads (reserved until the step is done): the replicas
# step runs two, each starting and warming two servers and nginx, which costs about a
# third load more.
LOADS = {"load": 3, "replicas": 3}


@dataclass(frozen=True)
class Settings:
    """How much of each benchmark to run: the full run and --quick."""

    quick: bool
    rerun_samples: int  # measured slider moves per app (at most)
    rerun_warmup: int  # unmeasured moves first
    page_samples: int  # measured widget changes per page and app
    page_full: int  # new sessions opening each page (the full-rerun figure)
    growth_samples: int  # re-runs per country count
    cold_samples: int  # fresh processes per app (one of them is the rerun worker's)
    synthetic: tuple[int, int]  # entities, years
    scale_samples: int
    validate_samples: int
    deck_slides: int  # 0: the whole default story
    deck_repeats: int  # decks with one ImageSession
    deck_fresh_repeats: int  # decks with an ImageSession per image
    browser_first: int
    browser_moves: int
    browser_warmup: int  # unmeasured visits (and moves) first
    load_sessions: tuple[int, int]  # the "25" and the "50" load
    load_floor_sessions: int
    load_duration_s: float
    load_think_s: tuple[float, float]
    load_seed: int = 1
    seed: int = 1


FULL = Settings(
    quick=False,
    rerun_samples=15,
    rerun_warmup=1,
    page_samples=10,
    page_full=3,
    growth_samples=2,
    cold_samples=3,
    synthetic=(200, 30),
    scale_samples=8,
    validate_samples=3,
    deck_slides=0,
    deck_repeats=2,
    deck_fresh_repeats=1,
    browser_first=3,
    browser_moves=5,
    browser_warmup=1,
    load_sessions=(25, 50),
    load_floor_sessions=25,
    load_duration_s=60,
    load_think_s=(3, 8),
)
QUICK = Settings(
    quick=True,
    rerun_samples=1,
    rerun_warmup=0,
    page_samples=1,
    page_full=1,
    growth_samples=1,
    cold_samples=1,
    synthetic=(72, 2),  # 65 countries: the growth benchmark's 64 fit
    scale_samples=1,
    validate_samples=1,
    deck_slides=1,
    deck_repeats=1,
    deck_fresh_repeats=1,
    browser_first=1,
    browser_moves=1,
    browser_warmup=0,
    load_sessions=(2, 3),
    load_floor_sessions=2,
    load_duration_s=8,
    load_think_s=(0.5, 1.5),
)


@dataclass(frozen=True)
class Figure:
    key: str
    target: str  # as printed
    met: Callable[[dict[str, Any]], bool | None]


def _at_most(key: str, limit: float) -> Callable[[dict[str, Any]], bool | None]:
    return lambda r: None if not _finite(r.get(key)) else r[key] <= limit


def _below(key: str, limit: float) -> Callable[[dict[str, Any]], bool | None]:
    return lambda r: None if not _finite(r.get(key)) else r[key] < limit


def _zero(key: str) -> Callable[[dict[str, Any]], bool | None]:
    return lambda r: None if r.get(key) is None else r[key] == 0


# The figures with their targets, in the order the table prints them.
HEADLINE = (
    Figure("rerun_ratio", "<= 1.3", _at_most("rerun_ratio", 1.3)),
    *(Figure(f"rerun_ratio_{p}", "<= 1.3", _at_most(f"rerun_ratio_{p}", 1.3)) for p in RERUN_PAGES),
    *(Figure(f"full_ratio_{p}", "-", lambda r: None) for p in RERUN_PAGES),
    Figure("rerun_growth_16_over_4", "<= 4", _at_most("rerun_growth_16_over_4", 4)),
    Figure("cold_ratio", "<= 1.5", _at_most("cold_ratio", 1.5)),
    Figure("browser_first_chart_ratio", "-", lambda r: None),
    Figure("browser_slider_ratio", "<= 1.3", _at_most("browser_slider_ratio", 1.3)),
    Figure("scale_ratio", "<= 1.5", _at_most("scale_ratio", 1.5)),
    Figure("validate_s_synthetic", "< 5 s", _below("validate_s_synthetic", 5)),
    Figure("deck_s", "-", lambda r: None),
    Figure("deck_ratio", "<= 0.3", _at_most("deck_ratio", 0.3)),
    Figure("load_p95_s_25", "-", lambda r: None),
    Figure("load_floor_p95_s_25", "-", lambda r: None),
    Figure("load_p95_ratio_25", "<= 1.5 (vs floor)", _at_most("load_p95_ratio_25", 1.5)),
    Figure("load_errors_25", "= 0", _zero("load_errors_25")),
    Figure("load_p95_s_50", "-", lambda r: None),
    Figure("load_errors_50", "= 0", _zero("load_errors_50")),
    Figure("rss_mb_25", "-", lambda r: None),
    Figure("load_p95_s_50_replicas2", "-", lambda r: None),
    Figure(
        "load_p95_ratio_50_replicas2",
        "<= 1.5 (vs floor at 25)",
        _at_most("load_p95_ratio_50_replicas2", 1.5),
    ),
    Figure("load_errors_50_replicas2", "= 0", _zero("load_errors_50_replicas2")),
    Figure("load_p95_s_100_replicas2", "-", lambda r: None),
    Figure("load_errors_100_replicas2", "= 0", _zero("load_errors_100_replicas2")),
)
# Keys every full or quick run writes (the smoke test checks them).
REQUIRED = (
    "rerun_ratio",
    *(f"rerun_ratio_{p}" for p in RERUN_PAGES),
    *(f"floor_matches_{p}" for p in RERUN_PAGES),
    *(f"rerun_s_countries_{n}" for n in GROWTH_COUNTRIES),
    "rerun_growth_16_over_4",
    "cold_ratio",
    "browser_first_chart_ratio",
    "browser_slider_ratio",
    "scale_ratio",
    "validate_s_synthetic",
    "deck_s",
    "deck_ratio",
    "load_p95_s_25",
    "load_errors_25",
    "load_p95_s_50",
    "load_errors_50",
    "load_floor_p95_s_25",
    "rss_mb_25",
    "load_p95_s_50_replicas2",
    "load_errors_50_replicas2",
    "load_p95_s_100_replicas2",
    "load_errors_100_replicas2",
)


class BenchmarkError(RuntimeError):
    """A benchmark could not run; the message says where and why."""


# ------------------------------------------------------------------ helpers


def _finite(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def median(values: list[float]) -> float:
    if not values:
        raise BenchmarkError("no samples")
    return float(statistics.median(values))


def ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator > 0 else math.inf


def loadavg() -> float:
    try:
        return os.getloadavg()[0]
    except OSError:
        return math.nan


def worker(args: list[str], env: dict[str, str] | None = None, timeout_s: float = 600) -> dict:
    """Run ``python -m benchmarks._worker ARGS`` in a fresh process; its JSON result."""
    command = [sys.executable, "-m", "benchmarks._worker", *args]
    child_env = {**os.environ, "PYTHONPATH": str(REPO_DIR), **(env or {})}
    try:
        proc = subprocess.run(
            command,
            cwd=REPO_DIR,
            env=child_env,
            capture_output=True,
            text=True,
            timeout=timeout_s,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise BenchmarkError(f"{' '.join(args)}: no answer after {timeout_s:.0f} s") from exc
    lines = proc.stdout.strip().splitlines()
    if proc.returncode != 0 or not lines:
        tail = "\n".join(proc.stderr.strip().splitlines()[-15:])
        raise BenchmarkError(f"{' '.join(args)} exited with {proc.returncode}:\n{tail}")
    return json.loads(lines[-1])


@dataclass
class Run:
    """One benchmark run: settings, results so far, and the failures."""

    settings: Settings
    chosen: list[str] = field(default_factory=lambda: list(BENCHMARKS))
    deadline: float = field(default_factory=lambda: time.perf_counter() + BUDGET_S)
    results: dict[str, Any] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)
    raw: dict[str, Any] = field(default_factory=dict)
    workdir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="bench-")))

    def budget(self, name: str) -> float:
        """Seconds for benchmark `name`: its share of the time left, after the loads'
        reserve, among the benchmarks still to run (0 in quick mode: one sample each)."""
        if self.settings.quick:
            return 0.0
        done = set(self.results_of_steps)
        later = [n for n in self.chosen if n not in done and n in SHARES]
        reserve = sum(
            count * (self.settings.load_duration_s + LOAD_OVERHEAD_S)
            for name, count in LOADS.items()
            if name in self.chosen and name not in done
        )
        left = self.deadline - time.perf_counter() - reserve
        scale = left / max(1, sum(SHARES[n] for n in later))
        return SHARES[name] * max(0.2, scale)

    @property
    def results_of_steps(self) -> list[str]:
        return [k[len("bench_s_") :] for k in self.results if k.startswith("bench_s_")]

    def synthetic_dir(self) -> Path:
        """The synthetic data folder (made once per run)."""
        target = self.workdir / "synthetic"
        if not (target / "datapackage.json").is_file():
            from benchmarks.synthetic import make_synthetic

            entities, years = self.settings.synthetic
            start = time.perf_counter()
            summary = make_synthetic(target, entities=entities, years=years, seed=0)
            self.results["synthetic_make_s"] = time.perf_counter() - start
            self.results["synthetic_entities"] = summary.get("entities", entities)
            self.results["synthetic_rows"] = summary.get("total_rows", 0)
        return target


# ------------------------------------------------------------------ the benchmarks


def _rerun_worker(
    run: Run, target: str, budget_s: float, env: dict[str, str] | None = None, samples: int = 0
) -> dict[str, Any]:
    s = run.settings
    return worker(
        [
            "rerun",
            "--target",
            target,
            "--samples",
            str(samples or s.rerun_samples),
            "--warmup",
            str(s.rerun_warmup),
            "--budget-s",
            str(budget_s),
            "--min-samples",
            str(min(3, samples or s.rerun_samples)),
            "--seed",
            str(s.seed),
        ],
        env=env,
    )


def bench_rerun(run: Run) -> None:
    """The what-if page re-run after a slider move vs the floor's (AppTest)."""
    r = run.results
    budget = run.budget("rerun")
    for target, share in (("app", 0.7), ("floor", 0.3)):
        out = _rerun_worker(run, target, budget * share)
        run.raw[f"rerun_{target}"] = out
        r[f"rerun_s_{target}"] = median(out["rerun_s"])
        r[f"rerun_cpu_s_{target}"] = median(out["rerun_cpu_s"])
        r[f"rerun_n_{target}"] = len(out["rerun_s"])
        r[f"whatif_first_s_{target}"] = out["first_s"]
        r[f"rerun_sliders_{target}"] = out["sliders"]
        r["rerun_errors"] = r.get("rerun_errors", 0) + out["errors"]
        run.raw.setdefault("cold_app" if target == "app" else "cold_floor", []).append(
            out["landing_s"]
        )
    app, floor = run.raw["rerun_app"], run.raw["rerun_floor"]
    r["rerun_ratio"] = ratio(r["rerun_s_app"], r["rerun_s_floor"])
    r["rerun_cpu_ratio"] = ratio(r["rerun_cpu_s_app"], r["rerun_cpu_s_floor"])
    r["rerun_app_charts_changed"] = app["charts_changed"]
    # The floor draws exactly the app's default figures and sliders, or it is no floor.
    r["floor_matches_app"] = (
        app["charts_sha"] == floor["charts_sha"] and app["sliders_sha"] == floor["sliders_sha"]
    )


def bench_pages(run: Run) -> None:
    """Each heavy page after a widget change, and opened by a new session with a link,
    against its floor: the calls the app's own run of that page made, captured and
    replayed (AppTest; `benchmarks.capture`, `benchmarks/floor_page.py`)."""
    s, r = run.settings, run.results
    budget = run.budget("pages") / len(RERUN_PAGES)
    for page in RERUN_PAGES:
        out = {}
        for target, share in (("app", 0.6), ("floor", 0.4)):
            out[target] = worker(
                [
                    "page",
                    page,
                    "--target",
                    target,
                    "--samples",
                    str(s.page_samples),
                    "--warmup",
                    str(s.rerun_warmup),
                    "--min-samples",
                    str(min(3, s.page_samples)),
                    "--full",
                    str(s.page_full),
                    "--budget-s",
                    str(budget * share),
                    "--seed",
                    str(s.seed),
                ]
            )
            run.raw[f"page_{page}_{target}"] = out[target]
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


def bench_growth(run: Run) -> None:
    """The compute page's re-run (a scale or basis change) with 4, 16 and 64 countries
    selected, on the synthetic folder (many countries, many years)."""
    s, r = run.settings, run.results
    folder = run.synthetic_dir()
    out = worker(
        [
            "growth",
            GROWTH_PAGE,
            "--countries",
            *(str(n) for n in GROWTH_COUNTRIES),
            "--samples",
            str(s.growth_samples),
            "--warmup",
            str(s.rerun_warmup),
        ],
        env={"DASHBOARD_DATA_DIR": str(folder)},
    )
    run.raw["growth"] = out
    r["growth_rows"] = out["rows"]
    r["growth_errors"] = 0
    for n in GROWTH_COUNTRIES:
        if out[str(n)]["drawn"] != n:
            raise BenchmarkError(f"asked for {n} countries, the page drew {out[str(n)]['drawn']}")
        r[f"rerun_s_countries_{n}"] = median(out[str(n)]["rerun_s"])
        r["growth_errors"] += out[str(n)]["errors"]
    first = GROWTH_COUNTRIES[0]
    for n in GROWTH_COUNTRIES[1:]:
        r[f"rerun_growth_{n}_over_{first}"] = ratio(
            r[f"rerun_s_countries_{n}"], r[f"rerun_s_countries_{first}"]
        )


def bench_cold(run: Run) -> None:
    """First run of the landing page in a fresh process: app (overview) vs floor. The
    rerun workers' first runs are samples too (the same measurement); the rest come from
    cold-only workers, app and floor taking turns."""
    r = run.results
    began, budget = time.perf_counter(), run.budget("cold")
    app = run.raw.setdefault("cold_app", [])
    floor = run.raw.setdefault("cold_floor", [])
    app_cpu: list[float] = []
    floor_cpu: list[float] = []
    while len(app) < run.settings.cold_samples or len(floor) < run.settings.cold_samples:
        if app and floor and time.perf_counter() - began > budget:
            break
        for target, times, cpus in (("app", app, app_cpu), ("floor", floor, floor_cpu)):
            if len(times) < run.settings.cold_samples:
                out = worker(["cold", "--target", target])
                times.append(out["cold_s"])
                cpus.append(out["cold_cpu_s"])
                r["cold_errors"] = r.get("cold_errors", 0) + out["errors"]
    r["cold_s_app"], r["cold_s_floor"] = median(app), median(floor)
    r["cold_n"] = min(len(app), len(floor))
    r["cold_ratio"] = ratio(r["cold_s_app"], r["cold_s_floor"])
    if app_cpu and floor_cpu:
        r["cold_cpu_s_app"], r["cold_cpu_s_floor"] = median(app_cpu), median(floor_cpu)


def bench_scale(run: Run) -> None:
    """The app's what-if re-run on the synthetic folder vs on the real data; both draw
    the default countries (KOR, CHN, FRA, USA: the synthetic folder keeps the real
    entities) and get the same slider moves."""
    r = run.results
    began, budget = time.perf_counter(), run.budget("scale")
    if "rerun_s_app" not in r:
        out = _rerun_worker(run, "app", budget / 2)
        run.raw["rerun_app"] = out
        r["rerun_s_app"] = median(out["rerun_s"])
        r["rerun_cpu_s_app"] = median(out["rerun_cpu_s"])
    folder = run.synthetic_dir()
    out = _rerun_worker(
        run,
        "app",
        max(0.0, budget - (time.perf_counter() - began)),  # "-6e-05" reads as an option
        env={"DASHBOARD_DATA_DIR": str(folder)},
        samples=run.settings.scale_samples,
    )
    run.raw["rerun_app_synthetic"] = out
    real = run.raw["rerun_app"]
    if out["countries"] != real["countries"]:
        raise BenchmarkError(
            f"the synthetic run drew {out['countries']}, the real one {real['countries']}"
        )
    r["scale_countries"] = out["countries"]
    r["rerun_s_app_synthetic"] = median(out["rerun_s"])
    r["rerun_cpu_s_app_synthetic"] = median(out["rerun_cpu_s"])
    r["rerun_n_app_synthetic"] = len(out["rerun_s"])
    r["whatif_first_s_app_synthetic"] = out["first_s"]
    r["cold_s_app_synthetic"] = out["landing_s"]
    r["scale_errors"] = out["errors"]
    r["scale_ratio"] = ratio(r["rerun_s_app_synthetic"], r["rerun_s_app"])
    r["scale_cpu_ratio"] = ratio(r["rerun_cpu_s_app_synthetic"], r["rerun_cpu_s_app"])


def bench_validate(run: Run) -> None:
    """``python -m dashboard.validate SYNTHETIC``: the whole command's wall time
    (interpreter start and imports included, as `make validate` takes it), and
    ``read_dataset`` alone in a warm process."""
    began, budget = time.perf_counter(), run.budget("validate")
    folder = run.synthetic_dir()
    times: list[float] = []
    codes: list[int] = []
    env = {**os.environ, "PYTHONPATH": str(REPO_DIR)}
    for _ in range(run.settings.validate_samples):
        if times and time.perf_counter() - began > budget:
            break
        start = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "dashboard.validate", str(folder)],
            cwd=REPO_DIR,
            env=env,
            capture_output=True,
            timeout=300,
            check=False,
        )
        times.append(time.perf_counter() - start)
        codes.append(proc.returncode)
    r = run.results
    r["validate_s_synthetic"] = median(times)
    r["validate_exit_synthetic"] = max(codes)
    r["validate_n"] = len(times)
    out = worker(["read", str(folder)])
    r["validate_read_s_synthetic"] = median(out["read_s"])
    r["validate_errors_synthetic"] = out["errors"]


def bench_deck(run: Run) -> None:
    """The default story's deck (Korean), all images in one ImageSession, vs the same
    deck with a fresh ImageSession (a browser start) per image."""
    s = run.settings
    out = worker(
        [
            "deck",
            "--slides",
            str(s.deck_slides),
            "--repeats",
            str(s.deck_repeats),
            "--fresh-repeats",
            str(s.deck_fresh_repeats),
            "--budget-s",
            str(run.budget("deck")),
        ]
    )
    run.raw["deck"] = out
    r = run.results
    r["deck_s"] = median(out["deck_s"])
    r["deck_fresh_s"] = median(out["deck_fresh_s"])
    r["deck_ratio"] = ratio(r["deck_s"], r["deck_fresh_s"])
    r["deck_images"] = out["images"]
    r["deck_n"] = len(out["deck_s"])


def bench_browser(run: Run) -> None:
    """Headless Chromium: first chart drawn and slider move to page settled, app's
    what-if page vs the floor (each served fresh)."""
    s = run.settings
    out = worker(
        [
            "browser",
            "--first",
            str(s.browser_first),
            "--moves",
            str(s.browser_moves),
            "--warmup",
            str(s.browser_warmup),
            "--warmup-moves",
            str(s.browser_warmup),
            "--budget-s",
            str(run.budget("browser")),
        ]
    )
    run.raw["browser"] = out
    r = run.results
    for key, values in out.items():
        if values:
            r[f"browser_{key}"] = median(values)
    r["browser_first_chart_ratio"] = ratio(
        r["browser_first_chart_s_app"], r["browser_first_chart_s_floor"]
    )
    r["browser_slider_ratio"] = ratio(r["browser_slider_s_app"], r["browser_slider_s_floor"])
    r["browser_n"] = min(len(out["first_chart_s_app"]), len(out["slider_s_app"]))


async def _warm(url: str, page: str) -> None:
    """Open the page once before the audience comes (server-side data load, caches)."""
    from benchmarks.loadgen import StreamlitSession

    session = StreamlitSession(url, page, timeout_s=120)
    try:
        await session.connect()
        await session.load()
    finally:
        await session.close()


def bench_load(run: Run) -> None:
    """N audience sessions moving what-if sliders for a minute (benchmarks.loadgen),
    each load against a fresh server; the floor under the 25-session load."""
    from benchmarks.loadgen import run_load
    from benchmarks.server import serve

    s = run.settings
    r = run.results
    plan = (
        ("dashboard/app.py", "whatif", s.load_sessions[0], "load", "25"),
        ("dashboard/app.py", "whatif", s.load_sessions[1], "load", "50"),
        ("benchmarks/floor.py", "", s.load_floor_sessions, "load_floor", "25"),
    )
    for script, page, sessions, prefix, n in plan:
        with serve(script) as server:
            asyncio.run(_warm(server.url, page))
            out = asyncio.run(
                run_load(
                    server.url,
                    page=page,
                    sessions=sessions,
                    duration_s=s.load_duration_s,
                    seed=s.load_seed,
                    think=s.load_think_s,
                )
            )
            rss = server.peak_rss_mb()
        run.raw[f"{prefix}_{n}"] = {k: v for k, v in out.items() if not k.endswith("latencies")}
        p95 = out["p95_s"]
        r[f"{prefix}_p95_s_{n}"] = p95 if p95 is not None else math.nan
        r[f"{prefix}_p50_s_{n}"] = out["p50_s"] if out["p50_s"] is not None else math.nan
        r[f"{prefix}_errors_{n}"] = out["errors"]
        for kind, count in sorted(out["error_counts"].items()):  # timeout, connect, ...
            r[f"{prefix}_errors_{kind}_{n}"] = count
        r[f"{prefix}_runs_{n}"] = out["runs"]
        r[f"{prefix}_changed_runs_{n}"] = out["changed_runs"]
        r[f"{prefix}_sessions_{n}"] = sessions
        r[f"{prefix}_first_p95_s_{n}"] = (
            out["first_p95_s"] if out["first_p95_s"] is not None else math.nan
        )
        r[f"{'rss_mb' if prefix == 'load' else 'rss_mb_floor'}_{n}"] = rss
    r["load_duration_s"] = s.load_duration_s
    r["load_p95_ratio_25"] = ratio(r["load_p95_s_25"], r["load_floor_p95_s_25"])


# The loads first: their time varies most (the reruns still running at the end are
# waited for), and once they are done the others share exactly the time that is left.
STEPS: dict[str, Callable[[Run], None]] = {
    "load": bench_load,
    "replicas": bench_replicas,
    "rerun": bench_rerun,
    "pages": bench_pages,
    "growth": bench_growth,
    "scale": bench_scale,
    "validate": bench_validate,
    "cold": bench_cold,
    "deck": bench_deck,
    "browser": bench_browser,
}


# ------------------------------------------------------------------ report


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        return f"{value:.3g}" if abs(value) < 1000 else f"{value:,.0f}"
    return str(value)


def table(results: dict[str, Any], failures: dict[str, str]) -> str:
    rows = [("figure", "value", "target", "met")]
    for fig in HEADLINE:
        if fig.key not in results:
            continue
        met = fig.met(results)
        rows.append(
            (fig.key, _shown(results[fig.key]), fig.target, "-" if met is None else _shown(met))
        )
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    raw = [
        f"  {k} = {_shown(v)}"
        for k, v in results.items()
        if k not in {f.key for f in HEADLINE} and not k.startswith("meta_")
    ]
    out = "\n".join(lines)
    if raw:
        out += "\n\nbehind the figures:\n" + "\n".join(raw)
    for name, message in failures.items():
        out += f"\n\nFAILED {name}: {message}"
    return out


def _run_steps(run: Run, names: list[str]) -> None:
    for name in names:
        start = time.perf_counter()
        print(f"[bench] {name} ... (load average {loadavg():.1f})", file=sys.stderr, flush=True)
        try:
            STEPS[name](run)
        except Exception as exc:  # record it, go on with the others
            run.failures[name] = f"{type(exc).__name__}: {exc}"
            print(f"[bench] {name} FAILED: {exc}", file=sys.stderr, flush=True)
        run.results[f"bench_s_{name}"] = time.perf_counter() - start


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
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run",
        description=__doc__.split("\n\n")[0] if __doc__ else None,
    )
    parser.add_argument("--quick", action="store_true", help="tiny settings (smoke test)")
    parser.add_argument("--only", default="", help=f"comma-separated: {','.join(BENCHMARKS)}")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="results JSON file")
    parser.add_argument("--raw", type=Path, help="also write every sample to this JSON file")
    args = parser.parse_args(argv)
    chosen = [n.strip() for n in args.only.split(",") if n.strip()] or list(BENCHMARKS)
    unknown = [n for n in chosen if n not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark(s) {', '.join(unknown)}; known: {', '.join(BENCHMARKS)}")

    import streamlit

    run = Run(QUICK if args.quick else FULL, chosen=chosen)
    began = time.perf_counter()
    meta = {
        "meta_timestamp": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "meta_quick": args.quick,
        "meta_cpu_count": os.cpu_count(),
        "meta_loadavg_start": loadavg(),
        "meta_python": platform.python_version(),
        "meta_streamlit": streamlit.__version__,
        "meta_git_commit": _git_commit(),
        "meta_benchmarks": ",".join(chosen),
    }
    steps = [n for n in STEPS if n in chosen]
    if args.quick and "browser" in steps and len(steps) > 1:
        # Quick numbers mean nothing, so the browser benchmark (the longest) runs beside
        # the others to keep the smoke test short; a full run never overlaps two.
        with ThreadPoolExecutor(max_workers=2) as pool:
            lanes = [["browser"], [n for n in steps if n != "browser"]]
            for future in [pool.submit(_run_steps, run, lane) for lane in lanes]:
                future.result()
    else:
        _run_steps(run, steps)
    wall = time.perf_counter() - began
    shutil.rmtree(run.workdir, ignore_errors=True)
    meta |= {"meta_loadavg_end": loadavg(), "meta_wall_s": wall}
    if run.failures:
        meta["meta_failed"] = ",".join(run.failures)
    results = {k: _clean(v) for k, v in {**run.results, **meta}.items()}

    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if args.raw:
        args.raw.write_text(json.dumps(run.raw, indent=1, default=str) + "\n", encoding="utf-8")
    print(table(run.results, run.failures))
    print(
        f"\nwall time {wall:.0f} s (budget {BUDGET_S} s); load average "
        f"{meta['meta_loadavg_start']:.1f} at the start, {meta['meta_loadavg_end']:.1f} at the "
        f"end, {os.cpu_count()} CPUs; written to {args.out}"
    )
    if wall > BUDGET_S and not args.quick:
        print(f"warning: the run took longer than {BUDGET_S} s", file=sys.stderr)
    return 1 if run.failures else 0


if __name__ == "__main__":
    sys.exit(main())
