"""The benchmark harness still runs: `python -m benchmarks.run --quick` measures every
benchmark once on tiny settings and writes every figure. And a page's floor, captured
from a run of the page (`benchmarks.capture`), draws exactly what the page drew.

This checks the harness, not the timings: each figure the issue names is there and is a
finite positive number (error counts: whole numbers, zero or more), every floor draws the
app's own elements, and the table was printed. A run takes a few minutes: it starts
Streamlit servers, nginx, Chromium and AppTest processes. One worker runs this file, so
`make test` runs the benchmarks once (`xdist_group`, with `--dist loadgroup`).
"""

from __future__ import annotations

import dataclasses
import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from benchmarks import capture
from benchmarks.growth import COUNTRIES as GROWTH_COUNTRIES
from benchmarks.pages import PAGES
from dashboard import REPO_DIR
from dashboard.model import params

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("benchmarks")]
RERUN_PAGES = tuple(PAGES)

TIMEOUT_S = 720  # the quick run: every benchmark, the replicas and page floors too
# The figures (a timing or a ratio each), and its error counts.
TIMINGS = (
    "rerun_ratio",
    "rerun_s_app",
    "rerun_s_floor",
    "cold_ratio",
    "cold_s_app",
    "cold_s_floor",
    "cold_first_paint_s",
    "browser_first_chart_ratio",
    "browser_slider_ratio",
    "scale_ratio",
    "rerun_s_app_synthetic",
    "validate_s_synthetic",
    "deck_s",
    "deck_ratio",
    "load_p95_s_25",
    "load_p95_s_50",
    "load_floor_p95_s_25",
    "load_p95_ratio_25",
    "rss_mb_25",
    *(f"rerun_ratio_{p}" for p in RERUN_PAGES),
    *(f"full_ratio_{p}" for p in RERUN_PAGES),
    *(f"rerun_s_countries_{n}" for n in GROWTH_COUNTRIES),
    "rerun_growth_16_over_4",
    "load_p95_s_50_replicas2",
    "load_p95_s_100_replicas2",
    "load_p95_ratio_50_replicas2",
    "rss_mb_50_replicas2",
    "cpu_cores_50_replicas2",
    "cpu_cores_100_replicas2",
    "load_think_s_min",
    "load_think_s_max",
)
COUNTS = (
    "load_errors_25",
    "load_errors_50",
    "load_floor_errors_25",
    *(f"page_errors_{p}" for p in RERUN_PAGES),
    "growth_errors",
    "load_errors_50_replicas2",
    "load_errors_100_replicas2",
)


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, str]:
    out = tmp_path_factory.mktemp("bench") / "results.json"
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--quick", "--out", str(out)],
        cwd=REPO_DIR,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
    )
    assert proc.returncode == 0, f"stdout:\n{proc.stdout[-3000:]}\nstderr:\n{proc.stderr[-3000:]}"
    return json.loads(Path(out).read_text(encoding="utf-8")), proc.stdout


def test_every_figure_is_a_finite_positive_number(quick_run) -> None:
    results, _ = quick_run
    missing = [k for k in (*TIMINGS, *COUNTS) if k not in results]
    assert not missing, f"missing figures: {missing}"
    bad = {
        k: results[k]
        for k in TIMINGS
        if not (
            isinstance(results[k], int | float)
            and not isinstance(results[k], bool)
            and math.isfinite(results[k])
            and results[k] > 0
        )
    }
    assert not bad, f"not a finite positive number: {bad}"
    for key in COUNTS:
        assert isinstance(results[key], int) and not isinstance(results[key], bool), key
        assert results[key] >= 0, key


def test_the_results_file_is_flat_and_says_how_it_was_made(quick_run) -> None:
    results, _ = quick_run
    nested = [k for k, v in results.items() if isinstance(v, dict | list)]
    assert not nested, f"not flat: {nested}"
    assert results["meta_quick"] is True
    assert results["meta_cpu_count"] >= 1
    assert "meta_failed" not in results


def test_the_floor_draws_the_apps_figures_and_the_load_moved_sliders(quick_run) -> None:
    results, _ = quick_run
    assert results["floor_matches_app"] is True  # the what-if page's elements, every one
    assert results["rerun_errors"] == 0
    assert results["load_runs_25"] > 0 and results["load_changed_runs_25"] > 0


def test_each_pages_floor_draws_the_apps_elements_and_the_changes_redrew_the_page(
    quick_run,
) -> None:
    results, _ = quick_run
    for page in RERUN_PAGES:
        assert results[f"floor_matches_{page}"] is True, page
        assert results[f"page_errors_{page}"] == 0, page
        assert results[f"page_elements_{page}"] > 10, page
        assert results[f"page_changed_runs_{page}"] > 0, page  # each change redrew it
    assert results["growth_errors"] == 0


def test_the_bytes_of_a_rerun_are_counted_for_every_page(quick_run) -> None:
    results, _ = quick_run
    for page in params.PAGES:
        assert results[f"ws_errors_{page}"] == 0, page
        assert results[f"ws_reruns_{page}"] > 0, page
        assert results[f"ws_bytes_per_rerun_{page}"] > 1000, page  # a page's deltas at least


def test_the_replicas_load_went_through_the_proxy_to_both(quick_run) -> None:
    """The replicas benchmark's audience ran the page through nginx: its sliders moved the
    page, and the proxy's log named a replica for every websocket (a share of one half
    or more: the larger of two parts)."""
    results, _ = quick_run
    for n in (50, 100):
        assert results[f"load_runs_{n}_replicas2"] > 0
        assert results[f"load_changed_runs_{n}_replicas2"] > 0
        assert 0.5 <= results[f"load_replica_share_{n}_replicas2"] <= 1
        assert results[f"cpu_cores_{n}_replicas2"] <= 2  # per replica, on two cores


def test_the_table_is_printed(quick_run) -> None:
    _, stdout = quick_run
    lines = stdout.splitlines()
    assert lines[0].split() == ["figure", "value", "target", "met"]
    for key in (
        "rerun_ratio",
        "scale_ratio",
        "deck_ratio",
        "load_errors_25",
        "rss_mb_25",
        "load_p95_s_50_replicas2",
        "load_errors_100_replicas2",
    ):
        assert any(line.startswith(key + " ") for line in lines), key
    for page in RERUN_PAGES:
        assert any(line.startswith(f"rerun_ratio_{page} ") for line in lines), page


# -- the captured floor, on a small page with every kind of element the pages draw

PAGE = """
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

st.title("Title")
st.sidebar.multiselect("Who", ["a", "b", "c"], default=["a"], key="who",
                       format_func=lambda o: o.upper())
st.sidebar.caption("note")
left, right = st.columns([3, 1], vertical_alignment="center")
with left:
    st.plotly_chart(go.Figure(go.Bar(x=["a", "b"], y=[1, 2])), key="chart", theme=None)
with right:
    st.segmented_control("Scale", ["log", "linear"], default="log", key="scale")
with st.expander("More"):
    st.write("**written**", 3)
    st.dataframe(pd.DataFrame({"x": [1, 2], "y": ["p", "q"]}), hide_index=True)
with st.container(border=True):
    st.metric("Metric", 12, delta=3)
    st.slider("Slide", 0, 10, 4, key="slide")
with st.popover("Menu"):
    st.download_button("Save", b"bytes", file_name="x.csv", key="save")
"""
FLOOR_PAGE = REPO_DIR / "benchmarks" / "floor_page.py"


@pytest.fixture
def captured(tmp_path: Path) -> tuple[capture.Recording, list]:
    script = tmp_path / "page.py"
    script.write_text(PAGE, encoding="utf-8")
    recording, at = capture.record(lambda: AppTest.from_file(str(script), default_timeout=60).run())
    assert not at.exception
    return recording, capture.elements(at)


def test_the_floor_replays_every_element_the_page_drew(captured) -> None:
    recording, drawn = captured
    # st.write's markdown is st.write's own business: outermost calls only.
    methods = [c.method for c in recording.calls]
    assert methods.count("write") == 1 and "markdown" not in methods
    assert {"plotly_chart", "dataframe", "metric", "slider", "multiselect"} <= set(methods)
    assert sum(c.target == 1 for c in recording.calls) == 2  # the sidebar's two
    capture.hold(recording)
    floor = AppTest.from_file(str(FLOOR_PAGE), default_timeout=60).run()
    assert not floor.exception
    assert capture.elements(floor) == drawn
    # Its widgets work as the page's: same keys, values kept across runs.
    floor.slider(key="slide").set_value(7).run()
    assert floor.slider(key="slide").value == 7
    assert floor.multiselect(key="who").value == ["a"]


def test_a_floor_that_draws_less_or_otherwise_does_not_match(captured) -> None:
    recording, drawn = captured
    metric = next(i for i, c in enumerate(recording.calls) if c.method == "metric")
    for calls in (
        [c for i, c in enumerate(recording.calls) if i != metric],  # one element less
        [
            dataclasses.replace(c, args=(c.args[0], 13)) if i == metric else c
            for i, c in enumerate(recording.calls)
        ],  # a different value
    ):
        capture.hold(capture.Recording(calls))
        floor = AppTest.from_file(str(FLOOR_PAGE), default_timeout=60).run()
        assert capture.elements(floor) != drawn


def test_a_saved_floor_replays_in_another_process_as_the_page_drew(
    captured, tmp_path: Path
) -> None:
    """The floor a server runs: saved to a file (format functions, figures and frames in
    it), read by the floor page from ``BENCH_FLOOR`` in a process that never ran the
    page, and drawing the page's elements."""
    recording, drawn = captured
    saved = tmp_path / "page.floor"
    capture.save(saved, capture.Floor(recording, drawn, None, {}))
    check = (
        "import os, sys; from streamlit.testing.v1 import AppTest; "
        "from benchmarks import capture; "
        f"at = AppTest.from_file({str(FLOOR_PAGE)!r}, default_timeout=60).run(); "
        "floor = capture.load(os.environ['BENCH_FLOOR']); "
        "assert not at.exception, at.exception; "
        "assert capture.elements(at) == floor.elements; "
        "assert at.multiselect(key='who').options == ['A', 'B', 'C']; print('same')"
    )
    proc = subprocess.run(
        [sys.executable, "-c", check],
        cwd=REPO_DIR,
        env={**os.environ, "PYTHONPATH": str(REPO_DIR), capture.FLOOR_ENV: str(saved)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0 and proc.stdout.strip().endswith("same"), proc.stderr[-2000:]
