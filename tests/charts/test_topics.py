"""dashboard.charts.topics: the topic pages' charts on a small inline data folder."""

from __future__ import annotations

import calendar
import datetime

import pytest

from dashboard.base import formatting as fmt
from dashboard.base.i18n import t
from dashboard.charts import topics
from dashboard.charts.view import View
from dashboard.data.load import load
from dashboard.model import views
from tests.support.folders import write_mini


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    return load(write_mini(tmp_path_factory.mktemp("topics")))


def test_compute_by_country_draws_one_labelled_bar_per_figure(data) -> None:
    view = View(lang="en", countries=("KOR", "CHN"), scale="linear")
    result = topics.compute_by_country(data, view)
    rows = result.rows
    assert set(rows["entity"]) <= {"KOR", "CHN"} and not rows.empty
    drawn = [
        y for trace in result.figure.checked().data if trace.y is not None for y in trace.y if y
    ]
    assert sorted(drawn) == sorted(rows["bar"])  # every figure is a bar, none twice
    assert result.figure.checked().layout.xaxis.type == "linear"


def test_the_comparable_measure_is_empty_without_its_figures(data) -> None:
    """The mini folder has no cluster shares: the chart says so rather than guess."""
    result = topics.compute_share(data, View(lang="en", countries=("KOR", "CHN")))
    assert result.rows.empty
    assert "—" in result.caption


def test_rank_metrics_put_overall_indices_first(data) -> None:
    ranks = topics.rank_metrics(data)
    assert ranks and ranks[0] == "tortoise_rank"


# -- on the real data: policy events and axes in the reader's units ----------------------------


@pytest.fixture(scope="module")
def real():
    from dashboard import DEFAULT_DATA_DIR

    return load(DEFAULT_DATA_DIR)


def _year_fraction(iso: str) -> float:
    day = datetime.date.fromisoformat(iso)
    days = 366 if calendar.isleap(day.year) else 365
    return day.year + (day.timetuple().tm_yday - 1) / days


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("chart", ["investment_private", "companies_new_per_year"])
def test_series_mark_the_events_of_their_countries(real, chart: str, lang: str) -> None:
    countries = ("KOR", "CHN", "FRA", "USA")
    result = topics.CHARTS[chart](real, View(lang=lang, countries=countries, events=True))
    years = result.rows["year"]
    ev = real.events
    expected = ev[
        ev["entity"].isin([*countries, "WLD"])
        & ev["date"].str[:4].astype(int).between(years.min(), years.max() + 1)
    ]
    assert not expected.empty  # the data has events in the years these charts show
    fig = result.figure.checked()
    drawn = sorted((round(a.x, 6), a.text) for a in fig.layout.annotations)
    want = sorted(
        (round(_year_fraction(d), 6), label)
        for d, label in zip(expected["date"], expected[f"label_{lang}"], strict=True)
    )
    assert drawn == want
    assert sorted(round(s.x0, 6) for s in fig.layout.shapes) == [x for x, _ in want]
    source = real.sources.set_index("source_id").loc[expected["source_id"].iloc[0], "publisher"]
    hover = next(a.hovertext for a in fig.layout.annotations if a.text == want[0][1])
    assert source in hover and expected[f"title_{lang}"].iloc[0] in hover


def test_events_are_hidden_when_off_and_for_countries_not_shown(real) -> None:
    off = topics.investment_private(real, View(lang="ko", countries=("KOR", "CHN")))
    assert not off.figure.checked().layout.shapes and not off.figure.checked().layout.annotations
    gbr = topics.investment_private(real, View(lang="ko", countries=("GBR",), events=True))
    assert not set(real.events["entity"]) & {"GBR", "WLD"}  # no British or world event
    assert not gbr.figure.checked().layout.shapes


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_axis_ticks_and_cards_write_a_number_the_same_way(real, lang: str) -> None:
    money = topics.investment_private(real, View(lang=lang, countries=("KOR", "USA")))
    axis = money.figure.checked().layout.yaxis  # USD billions, log
    assert axis.type == "log" and axis.tickvals
    for value, tick in zip(axis.tickvals, axis.ticktext, strict=True):
        card = views.value_text(value, "currency_bn", lang, currency="USD")
        assert card == (f"{tick} 달러" if lang == "ko" else f"${tick}")
    counted = topics.compute_by_country(real, View(lang=lang, countries=("KOR",), scale="log"))
    axis = counted.figure.checked().layout.xaxis  # GPUs
    for value, tick in zip(axis.tickvals, axis.ticktext, strict=True):
        assert views.value_text(value, "gpu", lang) == t("unit.gpu", lang, n=tick)
    if lang == "ko":
        assert {"1만", "10만"} <= set(axis.ticktext)


def test_korean_hover_uses_korean_units(real) -> None:
    result = topics.investment_private(real, View(lang="ko", countries=("USA",)))
    usa = result.rows[result.rows["entity"] == "USA"].iloc[0]
    shown = fmt.money(usa["value"] * 1e9, "USD", "ko")  # e.g. "1,091억 달러"
    assert "억 달러" in shown
    assert any(shown in str(h) for h in result.figure.checked().data[0].customdata)
