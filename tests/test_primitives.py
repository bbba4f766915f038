"""dashboard.charts.primitives: chart functions on tiny inline frames: what is drawn,
how, and in what order."""

from __future__ import annotations

import pandas as pd

from dashboard.charts import primitives
from dashboard.charts.primitives import Labels

LABELS = Labels(
    title="T",
    value_axis="GPUs",
    statuses={"actual": "Actual", "pledged": "Pledged"},
    empty="nothing",
)


def frame(rows: list[tuple]) -> pd.DataFrame:
    cols = ["entity", "name", "color", "year", "value", "status", "value_text", "hover"]
    return pd.DataFrame([(*r, f"{r[4]}", f"hover {r[0]}") for r in rows], columns=cols)


def test_bars_one_trace_per_status_coloured_by_entity_tallest_first() -> None:
    df = frame(
        [
            ("KOR", "Korea", "#0072B2", 2023, 2000, "actual"),
            ("XAI", "xAI", "#444444", 2024, 100000, "actual"),
            ("KOR", "Korea", "#0072B2", 2030, 50000, "pledged"),
        ]
    )
    df["bar"] = df["name"] + " " + df["year"].astype(str)
    fig = primitives.bars(df, labels=LABELS, category="bar")
    drawn = [tr for tr in fig.data if tr.x[0] is not None]
    legend = [tr for tr in fig.data if tr.x[0] is None]
    assert [tr.name for tr in legend] == ["Actual", "Pledged"]
    assert {tr.marker.line.color for tr in legend} == {primitives.LEGEND_SWATCH}
    assert not any(tr.showlegend for tr in drawn)
    actual, pledged = drawn
    assert list(actual.x) == [100000, 2000] and actual.orientation == "h"
    assert list(pledged.marker.color) == ["#0072B2"]
    assert actual.marker.pattern.shape == ""
    assert pledged.marker.pattern.shape == "x"
    # largest on top: Plotly draws the first category at the bottom
    assert list(fig.layout.yaxis.categoryarray) == ["Korea 2023", "Korea 2030", "xAI 2024"]
    assert fig.layout.title.text == "T" and fig.layout.xaxis.title.text == "GPUs"


def test_bars_log_scale_and_empty_frame() -> None:
    df = frame([("KOR", "Korea", "#0072B2", 2023, 2000, "actual")])
    assert primitives.bars(df, labels=LABELS, log=True).layout.xaxis.type == "log"
    empty = primitives.bars(df.iloc[0:0], labels=LABELS)
    assert not empty.data and empty.layout.annotations[0].text == "nothing"


def test_lines_hollow_markers_for_non_actual_and_a_status_legend() -> None:
    df = frame(
        [
            ("USA", "US", "#CC79A7", 2023, 900, "actual"),
            ("USA", "US", "#CC79A7", 2024, 1073, "estimate"),
            ("KOR", "Korea", "#0072B2", 2024, 45, "actual"),
        ]
    )
    fig = primitives.lines(df, labels=LABELS)
    series = {tr.name: tr for tr in fig.data if tr.x[0] is not None}
    assert list(series["US"].y) == [900, 1073]
    assert list(series["US"].marker.symbol) == ["circle", "circle-open"]
    legend_only = [tr.name for tr in fig.data if tr.x[0] is None]
    assert legend_only == ["Actual", "estimate"]


def test_bump_reverses_the_rank_axis() -> None:
    df = frame(
        [
            ("KOR", "Korea", "#0072B2", 2023, 6, "actual"),
            ("KOR", "Korea", "#0072B2", 2024, 6, "actual"),
            ("CHN", "China", "#D55E00", 2024, 2, "actual"),
        ]
    )
    fig = primitives.bump(df, labels=LABELS)
    low, high = fig.layout.yaxis.range
    assert low > 6 and 0 < high < 1 and fig.layout.yaxis.tick0 == 1  # reversed, no rank 0
    assert {tr.name: list(tr.text) for tr in fig.data} == {"Korea": ["6", "6"], "China": ["2"]}


def test_rank_dots_draw_the_span_of_countries_ranked() -> None:
    df = frame(
        [
            ("KOR", "Korea", "#0072B2", 2024, 6, "actual"),
            ("KOR", "Korea", "#0072B2", 2024, 35, "actual"),
        ]
    )
    df["metric_label"] = ["Overall", "Operating environment"]
    df["out_of"] = pd.array([83, 83], dtype="Int64")
    fig = primitives.rank_dots(df, labels=LABELS)
    span, dots = fig.data
    assert [v for v in span.x if v is not None] == [1, 83, 1, 83]
    assert list(dots.x) == [6, 35]


def test_lines_break_where_years_are_missing_rather_than_bridge_them() -> None:
    df = frame([("KOR", "Korea", "#0072B2", 2019, 8, "actual"),
                ("KOR", "Korea", "#0072B2", 2023, 6, "actual"),
                ("KOR", "Korea", "#0072B2", 2024, 6, "actual")])  # fmt: skip
    for fig in (primitives.lines(df, labels=LABELS), primitives.bump(df, labels=LABELS)):
        korea = next(tr for tr in fig.data if tr.name == "Korea")
        assert list(korea.x) == [2019, None, 2023, 2024]
        assert list(korea.y) == [8, None, 6, 6]


def test_figures_carry_their_own_template_whatever_the_process_default() -> None:
    import plotly.io as pio

    before = pio.templates.default
    pio.templates.default = "ggplot2"  # as importing Streamlit sets "streamlit"
    try:
        df = frame([("KOR", "Korea", "#0072B2", 2024, 2000, "actual")])
        fig = primitives.bars(df, labels=LABELS)
        assert fig.layout.template == pio.templates[primitives.TEMPLATE]
    finally:
        pio.templates.default = before


def test_a_line_breaks_where_the_edition_changes() -> None:
    df = frame(
        [
            ("CHN", "China", "#D55E00", 2022, 10.4, "actual"),
            ("CHN", "China", "#D55E00", 2023, 7.8, "actual"),
            ("CHN", "China", "#D55E00", 2024, 9.3, "actual"),
        ]
    ).assign(edition=["2024", "2024", "2025"])
    fig = primitives.lines(df, labels=LABELS)
    line = fig.data[0]
    assert list(line.x) == [2022, 2023, None, 2024]  # not joined across editions
    same = primitives.lines(df.assign(edition="2025"), labels=LABELS).data[0]
    assert list(same.x) == [2022, 2023, 2024]
