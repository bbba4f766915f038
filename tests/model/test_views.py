"""Display views on a small data folder made inline."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.data.load import load
from dashboard.model import views
from tests.support.folders import write_mini


@pytest.fixture
def data(tmp_path):
    return load(write_mini(tmp_path))


def test_pick_one_prefers_latest_then_actual_then_confidence(data) -> None:
    rows = data.figures("gpus_held", ["KOR"])
    best = views.pick_one(rows)
    assert list(best["value"]) == [2000.0]  # 2023 actual/medium beats 2023 estimate/low
    assert list(best["others"]) == [1]


def test_decorate_formats_value_status_and_source_in_each_language(data) -> None:
    ko = views.decorate(data.figures("gpus_held", ["KOR"]), data, "ko")
    en = views.decorate(data.figures("gpus_held", ["KOR"]), data, "en")
    assert set(ko["value_text"]) == {"GPU 2천개", "GPU 3천개"}
    assert set(en["value_text"]) == {"2K GPUs", "3K GPUs"}
    assert set(ko["status_text"]) == {"실적", "추정"}
    assert all("Pub A (2024-01-02)" in h or "Pub B (2025)" in h for h in en["hover"])


def test_hover_escapes_markup_from_data(data) -> None:
    rows = data.figures("gpus_held", ["KOR"]).assign(publisher="<script>x</script>")
    hover = views.decorate(rows, data, "en")["hover"].iloc[0]
    assert "<script>" not in hover and "&lt;script&gt;" in hover


def test_per_capita_divides_by_latest_population_and_leaves_out_the_rest(data) -> None:
    rows = data.figures("gpus_held")
    per, left_out = views.per_basis(rows, data, "per_capita")
    assert set(per["entity"]) == {"KOR"}
    assert sorted(per["value"]) == pytest.approx([2000 / 51.7, 3000 / 51.7])
    assert left_out == ["CHN", "XAI"]


def test_compare_with_home_gives_ratio_and_rank(data) -> None:
    rows = data.figures("private_ai_investment")
    cmp = views.compare_with_home(views.pick_one(rows), higher_is_better=True).set_index("entity")
    assert cmp.loc["USA", "ratio_low"] == pytest.approx(109.08 / 1.33)  # "82x Korea"
    assert (cmp.loc["USA", "rank_low"], cmp.loc["KOR", "rank_high"]) == (1, 2)


def test_disagreeing_figures_become_ranges_not_a_silent_pick(data) -> None:
    rows = data.figures("gpus_held").copy()
    rows.loc[rows["entity"] == "KOR", ["status", "confidence"]] = ["estimate", "medium"]
    cmp = views.compare_with_home(views.pick_one(rows), higher_is_better=True).set_index("entity")
    assert (cmp.loc["KOR", "value_low"], cmp.loc["KOR", "value_high"]) == (2000, 3000)
    # xAI 100,000 vs Korea 2,000-3,000: 33.3x to 50x Korea
    assert cmp.loc["XAI", "ratio_low"] == pytest.approx(100000 / 3000)
    assert cmp.loc["XAI", "ratio_high"] == pytest.approx(100000 / 2000)
    assert views.range_text(2000, 65000, "gpu", "en") == "2K–65K GPUs"


def test_rank_ranges_when_spreads_overlap() -> None:
    rows = pd.DataFrame(
        {
            "entity": ["KOR", "KOR", "CHN"],
            "metric": "m",
            "year": 2024,
            "value": [10.0, 30.0, 20.0],
            "status": "actual",
            "confidence": "high",
            "unit": "count",
        }
    )
    cmp = views.compare_with_home(views.pick_one(rows), higher_is_better=True).set_index("entity")
    assert (cmp.loc["KOR", "rank_low"], cmp.loc["KOR", "rank_high"]) == (1, 2)
    assert (cmp.loc["CHN", "rank_low"], cmp.loc["CHN", "rank_high"]) == (1, 2)


def test_ranks_have_no_ratio(data) -> None:
    cmp = views.compare_with_home(
        views.pick_one(data.figures("tortoise_rank")), higher_is_better=False
    )
    assert cmp["ratio_low"].isna().all()
    assert dict(zip(cmp["entity"], cmp["rank_low"], strict=True)) == {"CHN": 1, "KOR": 2}


def test_plans_in_usd_use_the_data_rate_and_spread_over_the_period(data) -> None:
    plans = views.plans_in_usd(data.figures("national_ai_plan"), data)
    row = plans.iloc[0]
    # 100 trillion won = 100,000 bn KRW at 1,363.5 KRW/USD (2024, nearest to 2026)
    assert row["usd_bn"] == pytest.approx(100000 / 1363.5)
    assert row["rate_year"] == 2024 and row["years"] == 5
    per_year, _ = views.plan_basis(plans, data, "per_year")
    assert per_year["value"].iloc[0] == pytest.approx(100000 / 1363.5 / 5)
    share, _ = views.plan_basis(plans, data, "gdp_share")
    assert share["value"].iloc[0] == pytest.approx(100000 / 1363.5 / 5 / 1870 * 100)


def test_plans_without_a_rate_are_dropped_not_guessed(data) -> None:
    rows = data.figures("national_ai_plan").assign(currency="JPY")
    assert views.plans_in_usd(rows, data).empty


def test_value_text_units() -> None:
    assert views.value_text(100000, "currency_bn", "ko", currency="KRW") == "100조 원"
    assert views.value_text(6, "rank", "en", out_of=pd.NA) == "6th"
    assert views.value_text(6, "rank", "ko", out_of=83) == "6위 (83개국 중)"
    assert views.value_text(23.8, "percent", "en") == "23.8%"
    assert views.value_text(51.7, "people_m", "ko") == "5,170만명"
    assert views.value_text(51.7, "people_m", "en") == "51.7M people"


def test_bar_labels_never_collide(data) -> None:
    from dashboard.charts import registry

    view = registry.View(lang="en", countries=("KOR", "CHN", "USA"))
    rows = registry.build("gpu_gap", data, view).rows
    assert rows["bar"].is_unique
    fig = registry.build("compute_vs_companies", data, view).figure.checked()
    drawn = [y for tr in fig.data for y in tr.y if y is not None]
    assert len(drawn) == len(set(drawn)) == len(rows)


def test_edition_series_keeps_the_newest_edition_of_a_revised_year() -> None:
    rows = pd.DataFrame(
        {
            "entity": ["CHN", "CHN", "CHN", "KOR"],
            "metric": ["private_ai_investment"] * 4,
            "year": [2023, 2023, 2024, 2023],
            "value": [7.76, 9.47, 9.29, 1.4],
            "edition": ["2024", "2025", "2025", ""],
        }
    )
    kept = views.edition_series(rows)
    chn = kept[kept["entity"] == "CHN"]
    assert list(zip(chn["year"], chn["value"], chn["edition"], strict=True)) == [
        (2023, 9.47, "2025"),
        (2024, 9.29, "2025"),
    ]
    assert (kept["entity"] == "KOR").sum() == 1  # a figure without an edition stays


def test_one_edition_never_mixes_two_snapshots() -> None:
    rows = pd.DataFrame(
        {
            "entity": ["USA", "CHN", "KOR"],
            "year": [2025] * 3,
            "edition": ["2025-05", "2025-05", "2025-10"],
        }
    )
    assert list(views.one_edition(rows)["entity"]) == ["KOR"]
    assert list(views.one_edition(rows.assign(edition=""))["entity"]) == ["USA", "CHN", "KOR"]
