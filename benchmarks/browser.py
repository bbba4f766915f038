"""`browser_first_chart_ratio`, `browser_slider_ratio`: headless Chromium (Debian's, via
Playwright) against a fresh `streamlit run` server per app, the app's what-if page
(`/whatif`) against its floor (the page captured once per run, `benchmarks.capture`,
served alone at `/`).

Cold first paint (`cold_first_paint_s`): on the app's first visit, to a server no browser
has opened yet, from `page.goto(url)` to the app's navigation in the sidebar (its first
link drawn: the navigation is the app's own, never Streamlit's list of page files, as
tests/browser/test_cold_start.py checks).

First chart: from `page.goto(url)` to the first `.js-plotly-plot` drawn (laid out, with
data and its SVG). One browser context per app, a new tab (a new Streamlit session) per
visit; one unmeasured warm-up visit first, so measured visits find the server's data
loaded and the frontend's scripts in the browser cache (a returning viewer).

Slider: on one tab, focus the first slider's thumb, press End (then Home, alternately),
until the page has settled: the run's final `script_finished` message has reached the
browser (read from its websocket) and, for the app, the first chart's `.data` has
changed; then two animation frames. The floor's chart never changes (its run replays the
captured calls), so its run's end is its settling point. `browser_slider_chart_s_app`:
to the app's chart change alone; `*_from_send_s_*`: from the rerun request leaving the
browser. One unmeasured move first. In one fresh process.
"""

from __future__ import annotations

import argparse
import contextlib
import math
import sys
import time
from typing import Any

from benchmarks import apptest, capture
from benchmarks.harness import Figure, Run, command_line, median, ratio
from deploy.server import serve

SHARE_S = 100
ALONGSIDE_WHEN_QUICK = True  # the longest: when quick, it runs beside the others
FIGURES = (
    Figure("cold_first_paint_s"),
    Figure("browser_first_chart_ratio"),
    Figure("browser_slider_ratio", "<= 1.3", lambda v: v <= 1.3),
)
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


def measure(run: Run) -> dict[str, Any]:
    warmup = run.pick(1, 0)
    args = ["--first", str(run.pick(3, 1)), "--moves", str(run.pick(5, 1)),
            "--warmup", str(warmup), "--warmup-moves", str(warmup),
            "--floor", str(run.floor(apptest.WHATIF)),
            "--budget-s", str(run.budget("browser"))]  # fmt: skip
    out = run.raw["browser"] = run.fresh("benchmarks.browser", args)
    r = {f"browser_{key}": median(values) for key, values in out.items() if values}
    r["cold_first_paint_s"] = r.pop("browser_first_paint_s_app")
    r["browser_first_chart_ratio"] = ratio(
        r["browser_first_chart_s_app"], r["browser_first_chart_s_floor"]
    )
    r["browser_slider_ratio"] = ratio(r["browser_slider_s_app"], r["browser_slider_s_floor"])
    r["browser_n"] = min(len(out["first_chart_s_app"]), len(out["slider_s_app"]))
    return r


# ------------------------------------------------------------------ in the fresh process

# The first chart is drawn: Plotly has laid it out and drawn its SVG with data in it.
DRAWN_JS = """() => {
  const el = document.querySelector('.js-plotly-plot');
  return !!(el && el._fullLayout && el.data && el.data.length
            && el.querySelector('svg.main-svg .cartesianlayer, svg.main-svg .pielayer'));
}"""
# The app's navigation is drawn: the sidebar holds a link.
NAV_JS = """() => document.querySelectorAll('[data-testid="stSidebar"] a').length > 0"""
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
    browser: Any,
    url: str,
    args: argparse.Namespace,
    changes_chart: bool,
    budget_s: float,
    navigation: bool,
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
    paint: list[float] = []
    visits = args.warmup + args.first
    for i in range(visits):
        page = context.new_page()
        watch = _RunWatch()
        page.on("websocket", watch.attach)
        start = time.perf_counter()
        page.goto(url, wait_until="commit", timeout=timeout_ms)
        if i == 0 and navigation:  # the server's first visitor
            page.wait_for_function(NAV_JS, polling="raf", timeout=timeout_ms)
            paint.append(time.perf_counter() - start)
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
        "first_paint_s": paint,
        "first_chart_s": firsts,
        "slider_s": settled,
        "slider_finished_s": finished,
        "slider_chart_s": chart,
        "slider_from_send_s": from_send,
    }


def _measure(args: argparse.Namespace) -> dict[str, Any]:
    """A real server for the app (its what-if page) and one for the floor (its only page,
    at /), each measured in its own browser context."""
    from playwright.sync_api import sync_playwright

    out: dict[str, Any] = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            for target, script, path, env in (
                ("app", apptest.APP, "/whatif", {}),
                ("floor", apptest.FLOOR_PAGE, "/", {capture.FLOOR_ENV: args.floor}),
            ):
                with serve(script, env=env) as server:
                    result = _browser_target(
                        browser,
                        server.url + path,
                        args,
                        changes_chart=(target == "app"),
                        budget_s=args.budget_s / 2,
                        navigation=(target == "app"),  # the floor replays one page, no nav
                    )
                out.update({f"{k}_{target}": v for k, v in result.items()})
        finally:
            browser.close()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.browser", description=__doc__)
    parser.add_argument("--floor", required=True, help="the what-if page's floor file")
    parser.add_argument("--first", type=int, default=3, help="measured visits")
    parser.add_argument("--warmup", type=int, default=1, help="unmeasured visits first")
    parser.add_argument("--moves", type=int, default=4, help="measured slider moves")
    parser.add_argument("--warmup-moves", type=int, default=1)
    parser.add_argument("--budget-s", type=float, default=300.0, help="both apps, seconds")
    parser.add_argument("--timeout", type=float, default=90.0)
    return command_line(parser, _measure, argv)


if __name__ == "__main__":
    sys.exit(main())
