"""The app and its floors under Streamlit's AppTest, in the measuring process: opening a
page as a new session with a link, widget changes, slider moves on a seeded grid, the
timed loop of changes, and profiling the script runs with pyinstrument."""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.harness import REPO_DIR, STARTED

APP = REPO_DIR / "dashboard" / "app.py"
FLOOR_PAGE = REPO_DIR / "benchmarks" / "floor_page.py"  # any page's captured floor
WHATIF = "pages/whatif.py"  # AppTest.switch_page path, relative to app.py
GROWTH = "wi_growth_"  # + entity id: a country's compute growth slider
MOVED_GROWTH = ("KOR", "CHN", "FRA", "USA")  # the default countries
TIMEOUT_S = 180

Change = tuple[str, str, Any]  # (AppTest widget kind, widget key, new value)


def failures(at: Any) -> list[str]:
    """Exceptions of a run, and the app's own "this page could not be drawn" error."""
    from dashboard.base.i18n import LANGS, t

    failed = {t("app.page_failed", lang) for lang in LANGS}
    return [str(e.value) for e in at.exception] + [
        str(e.value) for e in at.error if e.value in failed
    ]


def open_page(page: str | None, query: dict[str, str] | None = None) -> Any:
    """A new session opening the app at `page` (``pages/x.py``; None: the landing page)
    with `query` (the link's parameters), run once."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT_S)
    at.query_params.update(query or {})
    return (at.switch_page(page) if page else at).run()


def open_floor() -> Any:
    """The floor page (the recording `benchmarks.capture` holds or names), run once."""
    from streamlit.testing.v1 import AppTest

    return AppTest.from_file(str(FLOOR_PAGE), default_timeout=TIMEOUT_S).run()


def countries(at: Any) -> str:
    """The countries the app's page drew (its page context), comma-separated."""
    with contextlib.suppress(Exception):
        return ",".join(at.session_state["_page_context"].countries)
    return ""


def digest(items: list[Any]) -> str:
    return hashlib.sha256(json.dumps(items, sort_keys=True, default=str).encode()).hexdigest()[:16]


def chart_specs(at: Any) -> list[str]:
    return [c.proto.spec for c in at.get("plotly_chart")]


def change(at: Any, step: Change) -> Any:
    kind, key, value = step
    return getattr(at, kind)(key=key).set_value(value)


def drawn(at: Any, step: Change) -> bool:
    """Whether the last run drew the step's widget. A run of some fragments (the what-if
    page's sections) draws only theirs: AppTest's tree then holds those, where the browser
    still shows the whole page."""
    kind, key, _ = step
    return any(w.key == key for w in getattr(at, kind))


def cycle(*changes: Change) -> Callable[[Any, int, int], list[Change]]:
    """The page's changes in this order, again and again (the seed plays no part)."""
    return lambda _at, _seed, count: [changes[i % len(changes)] for i in range(count)]


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


def slider_moves(at: Any, seed: int, count: int) -> list[Change]:
    """`count` what-if slider moves drawn from `seed`, each a different grid point of a
    slider. App and floor have the same sliders (same keys, bounds and defaults), so the
    same seed gives them the same moves. Growth sliders of countries other than the
    default ones are left alone: a bigger data folder has one per country with a GPU
    stock, and the moves must stay the same on any folder."""
    rng = random.Random(seed)
    sliders = {
        s.key: s
        for s in at.slider
        if str(s.key).startswith("wi_")
        and (not str(s.key).startswith(GROWTH) or str(s.key)[len(GROWTH) :] in MOVED_GROWTH)
    }
    held = {k: s.value for k, s in sliders.items()}
    keys = sorted(sliders)
    out: list[Change] = []
    for _ in range(count):
        key = rng.choice(keys)
        s = sliders[key]
        held[key] = _grid_value(
            float(s.min), float(s.max), float(s.step), float(held[key]),
            isinstance(s.value, int), rng,
        )  # fmt: skip
        out.append(("slider", key, held[key]))
    return out


@dataclass
class Timed:
    """The measured changes of `timed_changes`: wall and CPU seconds of each run, how
    many changed what `look` sees, and the errors of every run."""

    wall_s: list[float] = field(default_factory=list)
    cpu_s: list[float] = field(default_factory=list)
    changed: int = 0
    errors: int = 0


def timed_changes(
    at: Any,
    changes: list[Change],
    *,
    warmup: int,
    min_samples: int,
    budget_s: float,
    look: Callable[[Any], Any],
    profile: dict[str, bool] | None = None,
) -> Timed:
    """Each change, then `at.run()`, timed (wall, and this process's CPU time); the first
    `warmup` unmeasured. Stops once `min_samples` are in and `budget_s` seconds have
    passed since the process started. A change is counted as changing the page when
    its run drew something `look` did not see before (a run of a fragment draws only the
    fragment). When the last run did not draw the widget a change moves (it re-ran
    other fragments), the whole page is run first, unmeasured."""
    out = Timed()
    for i, step in enumerate(changes):
        measured = i >= warmup
        if not drawn(at, step):
            at.run()
        if profile is not None:
            profile["on"] = measured
        before = look(at) if measured else None
        cpu, wall = time.process_time(), time.perf_counter()
        change(at, step).run()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        out.errors += len(failures(at))
        if not measured:
            continue
        out.wall_s.append(wall)
        out.cpu_s.append(cpu)
        out.changed += bool(set(look(at)) - set(before))
        if len(out.wall_s) >= min_samples and time.perf_counter() - STARTED > budget_s:
            break
    if profile is not None:
        profile["on"] = False
    return out


@contextlib.contextmanager
def profiling(out: str | None):
    """Profile every script run (in Streamlit's script thread) with pyinstrument while
    the yielded switch is on; write the combined profile to `out` (.html or text)."""
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


def parse_query(text: str) -> dict[str, str]:
    """``K=V&K=V`` as a dict (a link's parameters)."""
    query = {}
    for item in filter(None, (text or "").split("&")):
        key, _, value = item.partition("=")
        query[key] = value
    return query
