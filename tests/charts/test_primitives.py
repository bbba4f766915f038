"""dashboard.charts.primitives: chart functions on tiny inline frames: what is drawn,
how, and in what order."""

from __future__ import annotations

import pandas as pd

from dashboard.base import formatting as fmt
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
    fig = primitives.bars(df, labels=LABELS, category="bar").checked()
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
    assert primitives.bars(df, labels=LABELS, log=True).checked().layout.xaxis.type == "log"
    empty = primitives.bars(df.iloc[0:0], labels=LABELS).checked()
    assert not empty.data and empty.layout.annotations[0].text == "nothing"


def test_lines_hollow_markers_for_non_actual_and_a_status_legend() -> None:
    df = frame(
        [
            ("USA", "US", "#CC79A7", 2023, 900, "actual"),
            ("USA", "US", "#CC79A7", 2024, 1073, "estimate"),
            ("KOR", "Korea", "#0072B2", 2024, 45, "actual"),
        ]
    )
    fig = primitives.lines(df, labels=LABELS).checked()
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
    fig = primitives.bump(df, labels=LABELS).checked()
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
    fig = primitives.rank_dots(df, labels=LABELS).checked()
    span, dots = fig.data
    assert [v for v in span.x if v is not None] == [1, 83, 1, 83]
    assert list(dots.x) == [6, 35]


def test_lines_break_where_years_are_missing_rather_than_bridge_them() -> None:
    df = frame([("KOR", "Korea", "#0072B2", 2019, 8, "actual"),
                ("KOR", "Korea", "#0072B2", 2023, 6, "actual"),
                ("KOR", "Korea", "#0072B2", 2024, 6, "actual")])  # fmt: skip
    for fig in (
        primitives.lines(df, labels=LABELS).checked(),
        primitives.bump(df, labels=LABELS).checked(),
    ):
        korea = next(tr for tr in fig.data if tr.name == "Korea")
        assert list(korea.x) == [2019, None, 2023, 2024]
        assert list(korea.y) == [8, None, 6, 6]


def test_figures_carry_their_own_template_whatever_the_process_default() -> None:
    import plotly.io as pio

    before = pio.templates.default
    pio.templates.default = "ggplot2"  # as importing Streamlit sets "streamlit"
    try:
        df = frame([("KOR", "Korea", "#0072B2", 2024, 2000, "actual")])
        fig = primitives.bars(df, labels=LABELS).checked()
        named = pio.templates[primitives.TEMPLATE]
        assert fig.layout.template.layout == named.layout
        # only the defaults of the kinds of trace the dashboard draws travel with a chart
        assert fig.layout.template.data.bar == named.data.bar
        assert fig.layout.template.data.scatter == named.data.scatter
        assert not fig.layout.template.data.heatmap and named.data.heatmap
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
    fig = primitives.lines(df, labels=LABELS).checked()
    line = fig.data[0]
    assert list(line.x) == [2022, 2023, None, 2024]  # not joined across editions
    same = primitives.lines(df.assign(edition="2025"), labels=LABELS).checked().data[0]
    assert list(same.x) == [2022, 2023, 2024]


# -- value axes in the reader's units ------------------------------------------------------


def test_log_ticks_in_korean_units_from_1e4_to_1e10() -> None:
    values, text = primitives.value_ticks(1e4, 1e10, "ko", log=True)
    assert values == [10.0**k for k in range(4, 11)]
    assert text == ["1만", "10만", "100만", "1,000만", "1억", "10억", "100억"]


def test_log_ticks_in_english_use_k_m_b() -> None:
    _, text = primitives.value_ticks(1e4, 1e10, "en", log=True)
    assert text == ["10K", "100K", "1M", "10M", "100M", "1B", "10B"]


def test_a_log_axis_in_billions_counts_the_dollars() -> None:
    # An axis in USD billions (scale 1e9): 1,000 on it is a trillion dollars.
    assert primitives.value_ticks(1, 10_000, "ko", log=True, scale=1e9)[1] == [
        "10억", "100억", "1,000억", "1조", "10조",
    ]  # fmt: skip
    assert primitives.value_ticks(1, 10_000, "en", log=True, scale=1e9)[1] == [
        "1B", "10B", "100B", "1T", "10T",
    ]  # fmt: skip


def test_a_short_log_axis_gets_ticks_between_the_powers_of_ten() -> None:
    values, text = primitives.value_ticks(2e4, 3e5, "ko", log=True)
    assert values[:4] == [1e4, 2e4, 5e4, 1e5] and text[:4] == ["1만", "2만", "5만", "10만"]


def test_linear_ticks_in_both_languages() -> None:
    values, ko = primitives.value_ticks(0, 45_000, "ko", log=False)
    _, en = primitives.value_ticks(0, 45_000, "en", log=False)
    assert values == [0, 10_000, 20_000, 30_000, 40_000, 50_000]
    assert ko == ["0", "1만", "2만", "3만", "4만", "5만"]
    assert en == ["0", "10K", "20K", "30K", "40K", "50K"]
    assert primitives.value_ticks(0, 2.5e8, "ko", log=False)[1][1:3] == ["5,000만", "1억"]


def _counted(lang: str) -> Labels:
    return Labels(title="T", value_axis="GPUs", lang=lang, value_scale=1.0)


def test_every_builder_labels_its_value_axis_through_one_helper() -> None:
    df = frame(
        [
            ("KOR", "Korea", "#0072B2", 2024, 65_000, "actual"),
            ("USA", "US", "#CC79A7", 2024, 2_000_000, "actual"),
        ]
    ).assign(bar=["a", "b"])
    for lang in ("ko", "en"):
        bars = primitives.bars(df, labels=_counted(lang), category="bar", log=True).checked()
        lines = primitives.lines(df, labels=_counted(lang)).checked()
        for axis in (bars.layout.xaxis, lines.layout.yaxis):
            assert axis.tickmode == "array" and axis.tickvals
            # the cards' formatter, tick for tick
            assert list(axis.ticktext) == [fmt.compact(v, lang) for v in axis.tickvals]
    korean = primitives.bars(df, labels=_counted("ko"), category="bar", log=True).checked()
    assert "100만" in korean.layout.xaxis.ticktext
    # the hover is the rows' own text, formatted upstream by the same functions
    assert (
        primitives.lines(df, labels=_counted("ko")).checked().data[0].customdata[0] == "hover KOR"
    )


def test_shares_and_ranks_keep_plotlys_numbers() -> None:
    df = frame([("KOR", "Korea", "#0072B2", 2024, 12.5, "actual")])
    fig = primitives.lines(df, labels=Labels(title="T", value_axis="%", lang="ko")).checked()
    assert fig.layout.yaxis.tickvals is None and fig.layout.yaxis.ticktext is None


def test_locale_axis_leaves_an_axis_without_numbers_alone() -> None:
    fig = primitives.locale_axis(primitives.empty(LABELS, primitives.Style()), "ko").checked()
    assert fig.layout.yaxis.tickvals is None


# -- policy events ---------------------------------------------------------------------------


def events(*rows: tuple[float, str]) -> pd.DataFrame:
    return pd.DataFrame(
        [(x, label, f"<b>{label} title</b><br>Source: S") for x, label in rows],
        columns=["x", "label", "hover"],
    )


YEARS = [
    ("KOR", "Korea", "#0072B2", year, 10 * year - 20_000, "actual") for year in (2022, 2023, 2024)
]


def test_events_are_dotted_lines_with_labels_and_hover() -> None:
    marked = events((2023.5, "Act"), (2019.2, "too early"), (2026.1, "too late"))
    fig = primitives.lines(frame(YEARS), labels=LABELS, events=marked).checked()
    # drawn from the first year shown to the year after the last (2022 to 2025)
    assert [(s.x0, s.x1, s.line.dash) for s in fig.layout.shapes] == [(2023.5, 2023.5, "dot")]
    (note,) = fig.layout.annotations
    assert (note.x, note.text, note.yref) == (2023.5, "Act", "paper")
    assert note.hovertext == "<b>Act title</b><br>Source: S"


def test_no_events_no_markers() -> None:
    for marked in (None, events()):
        fig = primitives.lines(frame(YEARS), labels=LABELS, events=marked).checked()
        assert not fig.layout.shapes and not fig.layout.annotations


def test_labels_that_would_overlap_go_on_rows_of_their_own() -> None:
    fig = primitives.lines(
        frame(YEARS), labels=LABELS, events=events((2023.05, "A"), (2023.06, "B"), (2024.9, "C"))
    ).checked()
    y = {a.text: a.y for a in fig.layout.annotations}
    assert y["A"] == 1 and y["B"] < y["A"] and y["C"] == 1  # C is far enough to share row 1


def test_the_bump_chart_marks_events_too() -> None:
    df = frame(YEARS).assign(value=[3, 2, 1])
    fig = primitives.bump(df, labels=LABELS, events=events((2023.5, "Act"))).checked()
    assert [s.x0 for s in fig.layout.shapes] == [2023.5]
