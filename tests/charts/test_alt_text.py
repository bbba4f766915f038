"""dashboard.charts.alt_text: a chart's text alternative, read from what the figure draws."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from dashboard.base import formatting as fmt
from dashboard.base.i18n import t
from dashboard.charts import alt_text, primitives, registry
from dashboard.charts.plain import Plot
from dashboard.charts.primitives import Labels
from dashboard.data.dataset import data_dir_from_env
from dashboard.data.load import load

LABELS = Labels(title="GPUs held", value_axis="GPUs", statuses={"actual": "Actual"}, empty="none")


def frame(rows: list[tuple]) -> pd.DataFrame:
    cols = ["entity", "name", "color", "year", "value", "status"]
    out = pd.DataFrame(rows, columns=cols)
    return out.assign(value_text=[f"{v:,} GPUs" for v in out["value"]], hover="")


BARS = frame(
    [
        ("KOR", "Korea", "#111111", 2025, 2000, "actual"),
        ("USA", "United States", "#222222", 2025, 90000, "actual"),
        ("FRA", "France", "#333333", 2025, 5000, "planned"),
    ]
)


def test_bars_name_the_largest_and_smallest_as_the_chart_writes_them() -> None:
    fig = primitives.bars(BARS, labels=LABELS)
    text = alt_text.text_alternative(fig, "en")
    assert text == (
        "Chart: GPUs held. 3 bars; largest: United States at 90,000 GPUs; "
        "smallest: Korea at 2,000 GPUs."
    )
    ko = alt_text.text_alternative(fig, "ko")
    assert ko.startswith("차트: GPUs held.") and "막대 3개" in ko and "Korea 2,000 GPUs" in ko


def test_ranks_read_smallest_as_best_and_lines_give_their_latest_figures() -> None:
    rows = frame(
        [
            ("KOR", "Korea", "#111111", 2019, 8, "actual"),
            ("KOR", "Korea", "#111111", 2024, 6, "actual"),
            ("USA", "United States", "#222222", 2019, 1, "actual"),
            ("USA", "United States", "#222222", 2023, 2, "actual"),
        ]
    )
    bump = primitives.bump(rows, labels=LABELS)
    ranked = alt_text.summary(bump, "en", ranked=True)
    assert ranked == (
        "2 lines over 2019–2024; latest ranks: best United States at 2nd (2023), "
        "worst Korea at 6th (2024)."
    )
    lines = primitives.lines(rows.assign(value=rows["value"] * 1e6), labels=LABELS)
    plain = alt_text.summary(lines, "ko")
    # values without a label of their own: Korean units, and the axis says what they count
    assert f"Korea {fmt.compact(6e6, 'ko')}(2024년)" in plain and plain.endswith("단위: GPUs.")


def test_stacked_bars_read_as_their_totals_and_legend_entries_are_not_bars() -> None:
    fig = Plot(layout=dict(barmode="stack", title=dict(text="<b>Score</b>")))
    fig.add_bar(x=[30, 10], y=["<b>Korea</b>", "France"], orientation="h", name="a")
    fig.add_bar(x=[5, 50], y=["<b>Korea</b>", "France"], orientation="h", name="b")
    fig.add_bar(x=[None], y=[None], orientation="h", name="legend only")
    text = alt_text.text_alternative(fig, "en")
    assert text.startswith("Chart: Score. 2 bars; largest: France at 60; smallest: Korea at 35")


def test_an_empty_chart_says_so() -> None:
    fig = primitives.bars(BARS.iloc[0:0], labels=LABELS)
    assert alt_text.summary(fig, "en") == t("chart.empty", "en")


@pytest.fixture(scope="module")
def data():
    return load(data_dir_from_env())


@pytest.mark.slow  # a sweep: every registered chart, per language
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_registered_chart_has_a_title_and_a_summary_in_its_language(data, lang) -> None:
    view = registry.View(lang=lang, countries=("KOR", "CHN", "FRA", "USA"))
    for chart_id in registry.CHARTS:
        result = registry.build(chart_id, data, view)
        text = alt_text.describe(result, lang)
        title = alt_text.plain(result.figure.title)
        assert text.startswith(t("alt.text", lang, title=title, summary="")), chart_id
        assert text != t("alt.text", lang, title=title, summary=t("chart.empty", lang)), chart_id
        assert bool(re.search("[가-힣]", text)) == (lang == "ko"), chart_id


def test_the_share_chart_names_the_largest_and_smallest_share_in_the_data(data) -> None:
    view = registry.View(lang="en", countries=("KOR", "CHN", "FRA", "USA"))
    result = registry.build("compute_share", data, view)
    rows = result.rows.sort_values("value")
    smallest, largest = rows.iloc[0], rows.iloc[-1]
    text = alt_text.describe(result, "en")
    assert f"largest: {largest['name']} at {largest['value_text']}" in text
    assert f"smallest: {smallest['name']} at {smallest['value_text']}" in text
    assert f"{len(rows)} bars" in text
