"""One measurement in a fresh process; `benchmarks.run` starts it and reads its JSON.

    python -m benchmarks._worker rerun --target app|floor [--samples N] [--budget-s S]
                                       [--seed N] [--profile OUT.html]
    python -m benchmarks._worker page PAGE --target app|floor [--samples N] [--full N]
                                       [--query K=V&...] [--profile OUT.txt]
    python -m benchmarks._worker cold --target app|floor
    python -m benchmarks._worker read DIR [--samples N]
    python -m benchmarks._worker deck [--slides K] [--repeats R] [--lang ko]
    python -m benchmarks._worker browser [--first N] [--moves M]

Each command prints one JSON object on its last stdout line. The data folder is
``DASHBOARD_DATA_DIR`` (default data/), as for the app. A fresh process per measured
app keeps imports, Streamlit caches and the scenario memos of one app out of the other's
numbers. Everything Streamlit prints goes to stderr.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import math
import os
import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

STARTED = time.perf_counter()  # budgets count from the worker's start
REPO_DIR = Path(__file__).resolve().parent.parent
SCRIPTS = {
    "app": REPO_DIR / "dashboard" / "app.py",
    "floor": REPO_DIR / "benchmarks" / "floor.py",
}
FLOOR_PAGE = REPO_DIR / "benchmarks" / "floor_page.py"  # any page's captured floor
WHATIF_PAGE = "pages/whatif.py"  # AppTest.switch_page path, relative to app.py
GROWTH = "wi_growth_"  # + entity id: a country's compute growth slider
MOVED_GROWTH = ("KOR", "CHN", "FRA", "USA")  # the default countries
APPTEST_TIMEOUT_S = 180
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
VIEWPORT = {"width": 1600, "height": 1000}


def _emit(result: dict[str, Any]) -> None:
    print(json.dumps(result), flush=True)


# ------------------------------------------------------------------ AppTest: the page


def _failures(at: Any) -> list[str]:
    """Exceptions of a run, and the app's own "this page could not be drawn" error."""
    from dashboard.base.i18n import LANGS, t

    failed = {t("app.page_failed", lang) for lang in LANGS}
    return [str(e.value) for e in at.exception] + [
        str(e.value) for e in at.error if e.value in failed
    ]


def _open(target: str) -> tuple[Any, float, float]:
    """The what-if page (app) or the floor, opened in AppTest. Returns it, the wall time
    of the first `run()` (the landing page, as `cold` times it: every import the script
    makes, the data load, the figures) and that of the what-if page's first run (for the
    app: after the landing page; for the floor: its only page, the same run)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(SCRIPTS[target]), default_timeout=APPTEST_TIMEOUT_S)
    start = time.perf_counter()
    at.run()
    landing_s = time.perf_counter() - start
    if target != "app":
        return at, landing_s, landing_s
    start = time.perf_counter()
    at.switch_page(WHATIF_PAGE).run()
    return at, landing_s, time.perf_counter() - start


def _countries(at: Any) -> str:
    """The countries the app's page drew (its page context), comma-separated."""
    with contextlib.suppress(Exception):
        return ",".join(at.session_state["_page_context"].countries)
    return ""


def _digest(items: list[Any]) -> str:
    return hashlib.sha256(json.dumps(items, sort_keys=True, default=str).encode()).hexdigest()[:16]


def _chart_specs(at: Any) -> list[str]:
    return [c.proto.spec for c in at.get("plotly_chart")]


def _slider_specs(at: Any) -> list[tuple]:
    return sorted(
        (s.key, s.label, s.min, s.max, s.step, s.proto.format, s.help)
        for s in at.slider
        if str(s.key).startswith("wi_")
    )


def _grid_value(
    low: float, high: float, step: float, current: float, integer: bool, rng: random.Random
) -> float | int:
    """Another point of a slider's grid (low + k * step) than `current`."""
    step = step or 1.0
    positions = max(2, math.floor((high - low) / step + 1e-9) + 1)
    now = round((current - low) / step)
    pick = rng.randrange(positions - 1)
    if 0 <= now <= pick:
        pick += 1
    value = min(max(round(low + pick * step, 10), low), high)
    return round(value) if integer else value


def moves_of(at: Any, seed: int, count: int) -> list[tuple[str, float | int]]:
    """`count` slider moves drawn from `seed`: (widget key, new value), each a different
    grid point of a what-if slider. App and floor have the same sliders (same keys,
    bounds and defaults), so the same seed gives them the same moves. Growth sliders of
    countries other than the default ones are left alone: a bigger data folder has one
    per country with a GPU stock, and the moves must stay the same on any folder."""
    rng = random.Random(seed)
    sliders = {
        s.key: s
        for s in at.slider
        if str(s.key).startswith("wi_")
        and (not str(s.key).startswith(GROWTH) or str(s.key)[len(GROWTH) :] in MOVED_GROWTH)
    }
    held = {k: s.value for k, s in sliders.items()}
    keys = sorted(sliders)
    out = []
    for _ in range(count):
        key = rng.choice(keys)
        s = sliders[key]
        held[key] = _grid_value(
            float(s.min), float(s.max), float(s.step), float(held[key]),
            isinstance(s.value, int), rng,
        )  # fmt: skip
        out.append((key, held[key]))
    return out


@contextlib.contextmanager
def _profiling(out: str | None):
    """Profile every script run (in Streamlit's script thread) with pyinstrument."""
    if not out:
        yield None
        return
    from pyinstrument import Profiler
    from streamlit.runtime.scriptrunner import script_runner

    profiler = Profiler(interval=0.001)
    original = script_runner.ScriptRunner._run_script
    state = {"on": False}

    def profiled(self: Any, rerun_data: Any) -> None:
        if not state["on"]:
            return original(self, rerun_data)
        profiler.start()
        try:
            return original(self, rerun_data)
        finally:
            profiler.stop()

    script_runner.ScriptRunner._run_script = profiled
    try:
        yield state
    finally:
        script_runner.ScriptRunner._run_script = original
        if profiler.last_session is not None:
            path = Path(out)
            if path.suffix == ".html":
                path.write_text(profiler.output_html(), encoding="utf-8")
            else:
                path.write_text(profiler.output_text(unicode=True, show_all=False))
            print(f"profile written to {path}", file=sys.stderr)


def cmd_rerun(args: argparse.Namespace) -> dict[str, Any]:
    """Re-runs after a slider move: the wall time (and this process's CPU time) of
    `AppTest.run()` after `slider.set_value(v)`, one move at a time."""
    at, landing_s, first_s = _open(args.target)
    errors = len(_failures(at))
    charts, sliders = _chart_specs(at), _slider_specs(at)
    moves = moves_of(at, args.seed, args.warmup + args.samples)
    walls: list[float] = []
    cpus: list[float] = []
    changed = 0
    with _profiling(args.profile) as profile:
        for i, (key, value) in enumerate(moves):
            measured = i >= args.warmup
            if profile is not None:
                profile["on"] = measured
            before = _chart_specs(at) if measured else []
            cpu, wall = time.process_time(), time.perf_counter()
            at.slider(key=key).set_value(value).run()
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            errors += len(_failures(at))
            if not measured:
                continue
            walls.append(wall)
            cpus.append(cpu)
            changed += _chart_specs(at) != before
            if len(walls) >= args.min_samples and time.perf_counter() - STARTED > args.budget_s:
                break
    return {
        "target": args.target,
        "data_dir": os.environ.get("DASHBOARD_DATA_DIR", ""),
        "landing_s": landing_s,
        "first_s": first_s,
        "countries": _countries(at),
        "rerun_s": walls,
        "rerun_cpu_s": cpus,
        "errors": errors,
        "charts_changed": changed,
        "charts": len(charts),
        "sliders": len(sliders),
        "charts_sha": _digest(charts),
        "sliders_sha": _digest(sliders),
    }


# ------------------------------------------------------------------ AppTest: any page

Change = tuple[str, str, Any]  # (AppTest widget kind, widget key, new value)


def cycle(*changes: Change) -> Callable[[Any, int, int], list[Change]]:
    """The page's changes in this order, again and again (the seed plays no part)."""
    return lambda _at, _seed, count: [changes[i % len(changes)] for i in range(count)]


def slider_moves(at: Any, seed: int, count: int) -> list[Change]:
    """What-if slider moves (`moves_of`), as changes."""
    return [("slider", key, value) for key, value in moves_of(at, seed, count)]


@dataclass(frozen=True)
class PageBench:
    """How a page is measured: opened with `query` (a new session's link), then changed
    by widget changes that each redraw part of the page, the same for app and floor."""

    path: str  # AppTest.switch_page path, relative to app.py
    query: dict[str, str]
    changes: Callable[[Any, int, int], list[Change]]  # (opened page, seed, count)


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
    "whatif": PageBench("pages/whatif.py", {}, slider_moves),
}
# Cost growth: changes that keep the countries (the compute page's view settings).
GROWTH_CHANGES = cycle(
    ("segmented_control", "scale", "linear"),
    ("segmented_control", "basis", "per_capita"),
    ("segmented_control", "scale", "log"),
    ("segmented_control", "basis", "absolute"),
)


def _open_page(page: str, query: dict[str, str]) -> Any:
    """A new session opening the app at `page` with `query` (the link's parameters)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(SCRIPTS["app"]), default_timeout=APPTEST_TIMEOUT_S)
    at.query_params.update(query)
    return at.switch_page(PAGES[page].path).run()


def _open_floor() -> Any:
    from streamlit.testing.v1 import AppTest

    return AppTest.from_file(str(FLOOR_PAGE), default_timeout=APPTEST_TIMEOUT_S).run()


def _change(at: Any, change: Change) -> Any:
    kind, key, value = change
    return getattr(at, kind)(key=key).set_value(value)


def cmd_page(args: argparse.Namespace) -> dict[str, Any]:
    """One page of the app, or its floor, in this process.

    App: a session opens the page with the query (`first_s`: imports, data load and all);
    then the page's widget changes, each timed as the wall (and CPU) time of
    `AppTest.run()` after `set_value`; then `--full` new sessions opening the page with
    the query, each timed (`full_s`: a full run of a warm server). Floor: the app's page
    is opened once with the query and every Streamlit call it makes recorded
    (`benchmarks.capture`); the floor page replays them, and its elements are compared
    with the app's, element by element (`matches`); then the same changes and new
    sessions, timed the same way."""
    from benchmarks import capture

    bench = PAGES[args.page]
    query = dict(bench.query)
    for item in filter(None, (args.query or "").split("&")):
        key, _, value = item.partition("=")
        query[key] = value
    reference: list[tuple[str, str, bytes]] = []
    start = time.perf_counter()
    if args.target == "floor":
        recording, app_at = capture.record(lambda: _open_page(args.page, query))
        reference = capture.elements(app_at)
        capture.hold(recording)
        capture_s = time.perf_counter() - start

        def open_() -> Any:
            return _open_floor()

        start = time.perf_counter()
    else:

        def open_() -> Any:
            return _open_page(args.page, query)

    at = open_()
    first_s = time.perf_counter() - start
    errors = len(_failures(at))
    drawn = capture.elements(at)
    changes = bench.changes(at, args.seed, args.warmup + args.samples)
    walls: list[float] = []
    cpus: list[float] = []
    changed = 0
    with _profiling(args.profile) as profile:
        for i, change in enumerate(changes):
            measured = i >= args.warmup
            if profile is not None:
                profile["on"] = measured
            before = capture.elements(at) if measured else []
            cpu, wall = time.process_time(), time.perf_counter()
            _change(at, change).run()
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            errors += len(_failures(at))
            if not measured:
                continue
            walls.append(wall)
            cpus.append(cpu)
            changed += capture.elements(at) != before
            if len(walls) >= args.min_samples and time.perf_counter() - STARTED > args.budget_s:
                break
        full: list[float] = []
        for _ in range(args.full):
            if profile is not None:
                profile["on"] = False  # a new session's run is timed, not profiled
            start = time.perf_counter()
            fresh = open_()
            full.append(time.perf_counter() - start)
            errors += len(_failures(fresh))
    out = {
        "target": args.target,
        "page": args.page,
        "query": query,
        "countries": _countries(at) if args.target == "app" else "",
        "first_s": first_s,
        "rerun_s": walls,
        "rerun_cpu_s": cpus,
        "full_s": full,
        "errors": errors,
        "changed": changed,
        "elements": len(drawn),
        "elements_sha": _digest([(p, k, b.hex()) for p, k, b in drawn]),
    }
    if args.target == "floor":
        out["capture_s"] = capture_s
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


def cmd_growth(args: argparse.Namespace) -> dict[str, Any]:
    """The app's page re-run with N countries selected, for each N of `--countries`: a
    session opens the page, selects the first N countries of the data in the sidebar,
    then scale and basis changes are timed as `page` times its changes. One process for
    every N (the data is read once, as a server reads it once)."""
    from dashboard.data.dataset import data_dir_from_env
    from dashboard.data.load import load

    data = load(data_dir_from_env())
    countries = list(data.countries())
    out: dict[str, Any] = {"rows": len(data.observations), "countries_available": len(countries)}
    bench = PAGES[args.page]
    for n in args.countries:
        if n > len(countries):
            raise SystemExit(f"{n} countries asked for, the data has {len(countries)}")
        # Chosen in the sidebar: a link holds at most params.MAX_ENTITIES countries.
        query = {k: v for k, v in bench.query.items() if k != "countries"}
        at = _open_page(args.page, query)
        _change(at, ("multiselect", "countries_control", countries[:n])).run()
        drawn = _countries(at).split(",")
        changes = GROWTH_CHANGES(at, args.seed, args.warmup + args.samples)
        walls = []
        errors = len(_failures(at))
        for i, change in enumerate(changes):
            start = time.perf_counter()
            _change(at, change).run()
            if i >= args.warmup:
                walls.append(time.perf_counter() - start)
            errors += len(_failures(at))
        out[str(n)] = {"rerun_s": walls, "errors": errors, "drawn": len(drawn)}
        del at  # one session at a time, as the reruns are timed one at a time
    return out


def cmd_cold(args: argparse.Namespace) -> dict[str, Any]:
    """The first run of the landing page in this fresh process: the first `at.run()`,
    timed after AppTest itself is imported (the harness, the same for both), so including
    every import the script makes, the data load and its figures. (The rerun command's
    first run is the same measurement; `landing_s` there.)"""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(SCRIPTS[args.target]), default_timeout=APPTEST_TIMEOUT_S)
    cpu, wall = time.process_time(), time.perf_counter()
    at.run()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {
        "target": args.target,
        "cold_s": wall,
        "cold_cpu_s": cpu,
        "errors": len(_failures(at)),
        "charts": len(at.get("plotly_chart")),
    }


def cmd_read(args: argparse.Namespace) -> dict[str, Any]:
    """`dashboard.data.dataset.read_dataset(DIR)` in-process, after its imports."""
    from dashboard.data.dataset import read_dataset

    times, problems = [], 0
    for _ in range(args.samples):
        start = time.perf_counter()
        dataset = read_dataset(args.folder)
        times.append(time.perf_counter() - start)
        problems = len(dataset.errors)
    return {"read_s": times, "errors": problems}


# ------------------------------------------------------------------ the deck


class FreshPerImage:
    """Stands in for an `ImageSession`: every image in a browser started for it alone."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.sessions = 0

    def png(self, fig: Any, **kw: Any) -> bytes:
        from dashboard.outputs.images import ImageSession

        self.sessions += 1
        with ImageSession(lang=self.lang) as session:
            return session.png(fig, **kw)

    def close(self) -> None:
        pass


def cmd_deck(args: argparse.Namespace) -> dict[str, Any]:
    """`dashboard.export.build_deck` for the default story: as the exporter does it (one
    `ImageSession`, one Chromium, for every image) and with a fresh session per image.
    Both build the same figures and the same .pptx; only the browser starts differ.
    The figures are built once first, so imports and memos are warm for both."""
    from dataclasses import replace

    from dashboard.charts import figures
    from dashboard.data.dataset import data_dir_from_env
    from dashboard.data.load import load
    from dashboard.model import params
    from dashboard.outputs.export import build_deck
    from dashboard.outputs.slides import plan
    from dashboard.outputs.story import DEFAULT_STORY, known_charts, load_story

    data = load(data_dir_from_env())
    story = load_story(
        DEFAULT_STORY,
        known_charts=known_charts(),
        entities=list(data.entities["id"]),
        metrics=list(data.metrics["metric"]),
    )
    if args.slides:
        story = replace(story, slides=story.slides[: args.slides])
    state = params.ViewState(lang=args.lang)
    planned, _ = plan(data, story, args.lang, state)
    for item in planned:  # warm: imports, memos, fonts in Python
        figures.build(item.slide.chart, data, item.view)
    one: list[float] = []
    fresh: list[float] = []
    sizes: list[int] = []
    browsers = 0
    for i in range(max(args.repeats, args.fresh_repeats)):
        if i and time.perf_counter() - STARTED > args.budget_s:
            break
        if i < args.repeats:
            start = time.perf_counter()
            deck = build_deck(data, story, args.lang, state, report=lambda _m: None)
            one.append(time.perf_counter() - start)
            sizes.append(len(deck))
        if i >= args.fresh_repeats:
            continue
        stand_in = FreshPerImage(args.lang)
        start = time.perf_counter()
        deck = build_deck(data, story, args.lang, state, session=stand_in, report=lambda _m: None)
        fresh.append(time.perf_counter() - start)
        browsers = stand_in.sessions
    return {
        "deck_s": one,
        "deck_fresh_s": fresh,
        "images": browsers,
        "slides": len(planned),
        "bytes": sizes[-1] if sizes else 0,
    }


# ------------------------------------------------------------------ the browser

# The first chart is drawn: Plotly has laid it out and drawn its SVG with data in it.
DRAWN_JS = """() => {
  const el = document.querySelector('.js-plotly-plot');
  return !!(el && el._fullLayout && el.data && el.data.length
            && el.querySelector('svg.main-svg .cartesianlayer, svg.main-svg .pielayer'));
}"""
CHART_DATA_JS = "() => JSON.stringify(document.querySelector('.js-plotly-plot').data)"
CHANGED_JS = "b => JSON.stringify(document.querySelector('.js-plotly-plot').data) !== b"
TWO_FRAMES_JS = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
# The issue's thumb selector; Streamlit 1.67's slider thumb is an <input type="range">
# (react-aria), whose slider role is implicit, so CSS needs the second form.
THUMB = '[data-testid="stSlider"] [role="slider"], [data-testid="stSlider"] input[type="range"]'


class _RunWatch:
    """Watches the page's Streamlit websocket: when each script run ended (the final
    ``script_finished`` ForwardMsg arrived) and when each rerun request was sent."""

    def __init__(self) -> None:
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        self._forward, self._back = ForwardMsg, BackMsg
        self.finished: list[float] = []
        self.sent: list[float] = []

    def attach(self, ws: Any) -> None:
        if not ws.url.endswith("/_stcore/stream"):
            return
        ws.on("framereceived", self._received)
        ws.on("framesent", self._sent)

    def _received(self, payload: Any) -> None:
        now = time.perf_counter()
        if isinstance(payload, str):
            return
        with contextlib.suppress(Exception):
            msg = self._forward.FromString(payload)
            if (
                msg.WhichOneof("type") == "script_finished"
                and msg.script_finished != self._forward.FINISHED_EARLY_FOR_RERUN
            ):
                self.finished.append(now)

    def _sent(self, payload: Any) -> None:
        now = time.perf_counter()
        if isinstance(payload, str):
            return
        with contextlib.suppress(Exception):
            if self._back.FromString(payload).WhichOneof("type") == "rerun_script":
                self.sent.append(now)


def _wait_finished(page: Any, watch: _RunWatch, count: int, timeout_s: float) -> None:
    deadline = time.perf_counter() + timeout_s
    while len(watch.finished) < count:
        if time.perf_counter() > deadline:
            raise TimeoutError(f"no script_finished after {timeout_s:.0f} s")
        page.wait_for_timeout(5)  # lets Playwright deliver the websocket events


def _browser_target(
    browser: Any, url: str, args: argparse.Namespace, changes_chart: bool, budget_s: float
) -> dict[str, Any]:
    """First chart drawn after navigation, then slider moves, in one browser context.

    Visits: a new tab per visit (a new Streamlit session), timed from `goto` to the
    first chart drawn; the warm-up visits come first, unmeasured (the server loads its
    data, the browser caches the frontend's scripts: measured visits are those of a
    returning viewer). Moves: on the last visit's tab once its run has ended, after the
    warm-up moves. Sampling stops once `budget_s` is spent and a few samples are in."""
    began = time.perf_counter()
    timeout_s = args.timeout
    timeout_ms = timeout_s * 1000
    context = browser.new_context(viewport=VIEWPORT)
    firsts: list[float] = []
    visits = args.warmup + args.first
    for i in range(visits):
        page = context.new_page()
        watch = _RunWatch()
        page.on("websocket", watch.attach)
        start = time.perf_counter()
        page.goto(url, wait_until="commit", timeout=timeout_ms)
        page.wait_for_function(DRAWN_JS, polling="raf", timeout=timeout_ms)
        if i >= args.warmup:
            firsts.append(time.perf_counter() - start)
        if i == visits - 1 or (
            len(firsts) >= min(2, args.first) and time.perf_counter() - began > budget_s / 2
        ):
            break  # the last tab stays open for the slider moves
        page.close()

    _wait_finished(page, watch, 1, timeout_s)
    page.wait_for_timeout(300)
    thumb = page.locator(THUMB).first
    thumb.focus()
    settled: list[float] = []
    finished: list[float] = []
    chart: list[float] = []
    from_send: list[float] = []
    for i in range(args.warmup_moves + args.moves):
        before = page.evaluate(CHART_DATA_JS)
        done, sent = len(watch.finished), len(watch.sent)
        start = time.perf_counter()
        thumb.press("End" if i % 2 == 0 else "Home")  # the far end, then back
        changed = math.nan
        if changes_chart:
            page.wait_for_function(CHANGED_JS, arg=before, polling="raf", timeout=timeout_ms)
            changed = time.perf_counter() - start
        _wait_finished(page, watch, done + 1, timeout_s)
        page.evaluate(TWO_FRAMES_JS)
        end = time.perf_counter()
        page.wait_for_timeout(200)  # let the slider's own state settle
        if i < args.warmup_moves:
            continue
        settled.append(end - start)
        finished.append(watch.finished[done] - start)
        if changes_chart:
            chart.append(changed)
        if len(watch.sent) > sent:
            from_send.append(end - watch.sent[sent])
        if len(settled) >= min(3, args.moves) and time.perf_counter() - began > budget_s:
            break
    context.close()
    return {
        "first_chart_s": firsts,
        "slider_s": settled,
        "slider_finished_s": finished,
        "slider_chart_s": chart,
        "slider_from_send_s": from_send,
    }


def cmd_browser(args: argparse.Namespace) -> dict[str, Any]:
    """Headless Chromium against a real server for the app (its what-if page) and one
    for the floor (its only page, at /). Slider: from the key press on the first slider's
    thumb (End, then Home, ...) until the run has ended in the browser (its final
    script_finished arrived) and, for the app, the first chart's data has changed;
    then two animation frames (a paint)."""
    from playwright.sync_api import sync_playwright

    from benchmarks.server import serve

    out: dict[str, Any] = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            for target, script, path in (
                ("app", "dashboard/app.py", "/whatif"),
                ("floor", "benchmarks/floor.py", "/"),
            ):
                with serve(script) as server:
                    result = _browser_target(
                        browser,
                        server.url + path,
                        args,
                        changes_chart=(target == "app"),
                        budget_s=args.budget_s / 2,
                    )
                out.update({f"{k}_{target}": v for k, v in result.items()})
        finally:
            browser.close()
    return out


# ------------------------------------------------------------------ command line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks._worker")
    sub = parser.add_subparsers(dest="command", required=True)
    rerun = sub.add_parser("rerun")
    rerun.add_argument("--target", choices=SCRIPTS, required=True)
    rerun.add_argument("--samples", type=int, default=10)
    rerun.add_argument("--min-samples", type=int, default=3)
    rerun.add_argument(
        "--budget-s",
        type=float,
        default=60.0,
        help="stop sampling after this many seconds from the worker's start",
    )
    rerun.add_argument("--warmup", type=int, default=1, help="unmeasured moves first")
    rerun.add_argument("--seed", type=int, default=1)
    rerun.add_argument("--profile", help="write a pyinstrument profile (.html or .txt)")
    page = sub.add_parser("page")
    page.add_argument("page", choices=PAGES)
    page.add_argument("--target", choices=("app", "floor"), required=True)
    page.add_argument("--samples", type=int, default=8, help="measured widget changes")
    page.add_argument("--min-samples", type=int, default=3)
    page.add_argument("--warmup", type=int, default=1, help="unmeasured changes first")
    page.add_argument("--full", type=int, default=3, help="new sessions opening the page")
    page.add_argument("--budget-s", type=float, default=60.0, help="as for rerun")
    page.add_argument("--seed", type=int, default=1)
    page.add_argument("--query", default="", help="more link parameters, K=V&K=V")
    page.add_argument("--profile", help="write a pyinstrument profile (.html or .txt)")
    growth = sub.add_parser("growth")
    growth.add_argument("page", choices=[p for p in PAGES if p != "whatif"])
    growth.add_argument("--countries", type=int, nargs="+", default=[4, 16, 64])
    growth.add_argument("--samples", type=int, default=4)
    growth.add_argument("--warmup", type=int, default=1)
    growth.add_argument("--seed", type=int, default=1)
    cold = sub.add_parser("cold")
    cold.add_argument("--target", choices=SCRIPTS, required=True)
    read = sub.add_parser("read")
    read.add_argument("folder")
    read.add_argument("--samples", type=int, default=1)
    deck = sub.add_parser("deck")
    deck.add_argument("--slides", type=int, default=0, help="first K slides (0: all)")
    deck.add_argument("--repeats", type=int, default=1, help="decks with one session")
    deck.add_argument("--fresh-repeats", type=int, default=1, help="decks, a session per image")
    deck.add_argument("--lang", default="ko")
    deck.add_argument("--budget-s", type=float, default=600.0, help="no repeat after (seconds)")
    browser = sub.add_parser("browser")
    browser.add_argument("--first", type=int, default=3, help="measured visits")
    browser.add_argument("--warmup", type=int, default=1, help="unmeasured visits first")
    browser.add_argument("--moves", type=int, default=4, help="measured slider moves")
    browser.add_argument("--warmup-moves", type=int, default=1)
    browser.add_argument("--budget-s", type=float, default=300.0, help="both apps, seconds")
    browser.add_argument("--timeout", type=float, default=90.0)
    args = parser.parse_args(argv)
    commands = {
        "rerun": cmd_rerun,
        "page": cmd_page,
        "growth": cmd_growth,
        "cold": cmd_cold,
        "read": cmd_read,
        "deck": cmd_deck,
        "browser": cmd_browser,
    }
    # Streamlit's own messages (and the scripts' prints) must not mix with our JSON.
    with contextlib.redirect_stdout(sys.stderr):
        result = commands[args.command](args)
    _emit(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
