"""Like with like: one edition and one year per comparison, confidence only within it, a
country the edition lacks shown as a gap with where its newest figure is."""

from __future__ import annotations

import itertools

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard import DEFAULT_DATA_DIR
from dashboard.charts import registry
from dashboard.data.load import load
from dashboard.model import compare, views


def figure(entity: str, value: float, edition: str, year: int, confidence: str = "medium",
           status: str = "actual") -> dict:  # fmt: skip
    return dict(entity=entity, metric="rank_x", value=value, edition=edition, year=year,
                confidence=confidence, status=status, unit="rank", currency="", out_of=None,
                category="")  # fmt: skip


def frame(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame(list(rows))


def test_the_newest_edition_wins_over_a_more_confident_older_one() -> None:
    rows = frame(
        figure("KOR", 5, "2025-12", 2025, "medium"),
        figure("FRA", 6, "2025-12", 2025, "low"),
        figure("FRA", 5, "2024-09", 2024, "high"),
    )
    got = compare.comparable(rows, ["KOR", "FRA"])
    assert (got.edition, got.year) == ("2025-12", 2025)
    assert dict(zip(got.rows["entity"], got.rows["value"], strict=True)) == {"KOR": 5, "FRA": 6}
    assert got.missing == ()
    assert got.rows.set_index("entity").loc["FRA", "others"] == 1  # the 2024 rank, on Sources


def test_a_country_missing_from_the_edition_is_a_gap_that_says_where_its_figure_is() -> None:
    rows = frame(
        figure("KOR", 5, "2025-12", 2025),
        figure("FRA", 5, "2024-09", 2024),
        figure("FRA", 13, "2023-06", 2023),
    )
    got = compare.comparable(rows, ["KOR", "FRA", "DEU"])
    assert list(got.rows["entity"]) == ["KOR"]
    assert got.missing == ("FRA", "DEU")
    assert list(got.gaps["value"]) == [5]  # France's newest, from the older edition
    en = compare.gap_text(got, "FRA", "en")
    assert "2025-12" in en and "2024-09" in en and "5th" in en
    assert "2024-09판" in compare.gap_text(got, "FRA", "ko")
    assert "gap, not a zero" in compare.gap_text(got, "DEU", "en")


def test_confidence_orders_figures_only_within_the_edition_and_year() -> None:
    rows = frame(
        figure("USA", 40, "2025", 2024, "high"),
        figure("USA", 50, "2026", 2025, "medium"),
        figure("USA", 59, "2026", 2025, "low"),
        figure("KOR", 5, "2026", 2025, "medium"),
        figure("KOR", 3, "2026", 2024, "high"),  # an older year of the same edition
    )
    got = compare.comparable(rows, ["USA", "KOR"]).rows.set_index("entity")
    assert (got.loc["USA", "value"], got.loc["KOR", "value"]) == (50, 5)
    assert set(got["year"]) == {2025}


def test_a_series_without_editions_compares_one_year() -> None:
    rows = frame(figure("KOR", 2000, "", 2025), figure("USA", 9, "", 2024))
    got = compare.comparable(rows, ["KOR", "USA"])
    assert (got.edition, got.year, got.missing) == ("", 2025, ("USA",))
    assert "2024" in compare.gap_text(got, "USA", "en")


def test_a_measure_nobody_has_is_a_plain_gap() -> None:
    got = compare.comparable(frame(figure("KOR", 1, "", 2025)).iloc[:0], ["KOR"])
    assert (got.year, got.missing) == (None, ("KOR",))
    assert compare.gap_text(got, "KOR", "en") == "No figure in the data: a gap, not a zero."
    assert "None" not in compare.gap_text(got, "KOR", "ko")


def test_one_metric_per_comparison() -> None:
    rows = frame(figure("KOR", 1, "2025", 2025), figure("USA", 1, "2025", 2025))
    rows.loc[1, "metric"] = "other"
    with pytest.raises(ValueError, match="one metric"):
        compare.comparable(rows, ["KOR", "USA"])


FIGURES = st.lists(
    st.tuples(
        st.sampled_from(["KOR", "CHN", "FRA", "USA"]),
        st.sampled_from(["", "2024-09", "2025", "2025-12"]),
        st.integers(2022, 2025),
        st.sampled_from(["high", "medium", "low"]),
        st.integers(1, 60),
    ),
    max_size=12,
)


@settings(deadline=None)  # pandas' first call in a worker is slow
@given(FIGURES, st.lists(st.sampled_from(["KOR", "CHN", "FRA", "USA"]), unique=True))
def test_a_comparison_never_mixes_editions_or_years(draws: list, entities: list[str]) -> None:
    rows = frame(*(figure(e, v, ed, y, c) for e, ed, y, c, v in draws))
    if rows.empty:
        rows = frame(figure("KOR", 1, "", 2025)).iloc[:0]
    got = compare.comparable(rows, entities)
    assert got.rows["edition"].nunique() <= 1 and got.rows["year"].nunique() <= 1
    assert set(got.rows["entity"]) | set(got.missing) == set(entities)
    newer = [compare.edition_key(e) > compare.edition_key(got.edition) for e in rows["edition"]]
    assert not any(newer), "a newer edition was passed over"


# -- on the shipped data: every row of cards and every per-country bar chart -----------------


@pytest.fixture(scope="module")
def data():
    return load(DEFAULT_DATA_DIR)


def selections(data) -> list[tuple[str, ...]]:
    core = ["KOR", "CHN", "FRA", "USA"]
    subsets = [s for n in range(1, 5) for s in itertools.combinations(core, n)]
    return [*subsets, tuple(data.countries())]


@pytest.mark.slow  # a sweep over the shipped data's every country subset
def test_no_row_of_overview_cards_mixes_editions_or_years(data) -> None:
    for metric in views.HEADLINE_METRICS.values():
        for entities in selections(data):
            comparison, cards = compare.headline(data, metric, entities)
            pairs = set(zip(cards["edition"], cards["year"], strict=True))
            assert len(pairs) <= 1, (metric, entities, pairs)
            if not cards.empty:
                assert pairs == {(comparison.edition, comparison.year)}


@pytest.mark.parametrize("chart", ["compute_share", "compute_owned"])
def test_no_bar_chart_of_one_bar_per_country_mixes_editions_or_years(data, chart) -> None:
    for entities in selections(data):
        rows = registry.build(chart, data, registry.View(lang="en", countries=entities)).rows
        assert len(set(zip(rows["edition"], rows["year"], strict=True))) <= 1, (chart, entities)
        assert not rows["entity"].duplicated().any()
