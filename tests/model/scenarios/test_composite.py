"""Composite index: normalisation, weights, missing pillars, rank bands, scenario feeds."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard import DEFAULT_DATA_DIR
from dashboard.data.load import HOME, Data, load
from dashboard.model.scenarios import investment, whatif
from dashboard.model.scenarios.assumptions import Assumption, assumptions_from
from dashboard.model.scenarios.composite import (
    PILLARS,
    PillarTable,
    composite,
    compute_pillar,
    normalise,
    normalise_weights,
    pillar_table,
    rank_band,
    sliders,
    weight_draws,
    weights_from,
)
from tests.support.folders import scenario_mini


@pytest.fixture(scope="module")
def mini(tmp_path_factory: pytest.TempPathFactory) -> tuple[Data, dict[str, Assumption]]:
    return scenario_mini(tmp_path_factory, "composite")


def table_of(
    rows: dict[str, dict[str, float]], higher: dict[str, bool] | None = None
) -> PillarTable:
    values = pd.DataFrame(rows).T.reindex(columns=list(PILLARS)).astype("float64")
    values.index.name = "entity"
    years = pd.DataFrame(index=values.index, columns=list(PILLARS), dtype="Int64")
    return PillarTable(
        values,
        years,
        dict.fromkeys(PILLARS, "m"),
        {p: (higher or {}).get(p, True) for p in PILLARS},
    )


def by_entity(result) -> pd.DataFrame:
    return result.table.set_index("entity")


# ---------------------------------------------------------------- worked example


def test_worked_example_with_a_missing_pillar() -> None:
    t = table_of(
        {
            "A": {"compute": 10, "investment": 1},
            "B": {"compute": 30},
            "C": {"compute": 20, "investment": 3},
        }
    )
    r = by_entity(composite(t, {"compute": 1, "investment": 1}))
    # min-max: compute A 0, B 1, C 0.5; investment A 0, C 1 (B has none)
    # A: (0 x .5 + 0 x .5) / 1 = 0; B: (1 x .5) / .5 = 1 (re-normalised over compute only);
    # C: (.5 x .5 + 1 x .5) / 1 = .75  -> scores 0, 100, 75
    assert list(r.loc[["A", "B", "C"], "score"]) == pytest.approx([0, 100, 75])
    assert list(r.loc[["B", "C", "A"], "rank"]) == [1, 2, 3]
    assert r.loc["B", "missing"] == "investment" and r.loc["B", "flagged"]
    assert not r.loc["C", "flagged"]
    # contributions add up to the score: C = 25 (compute) + 50 (investment)
    assert (r.loc["C", "contrib_compute"], r.loc["C", "contrib_investment"]) == pytest.approx(
        (25, 50)
    )


def test_lower_is_better_pillars_are_reversed_and_ties_share_a_rank() -> None:
    t = table_of(
        {"A": {"rankings": 1}, "B": {"rankings": 5}, "C": {"rankings": 5}},
        higher={"rankings": False},
    )
    r = by_entity(composite(t, {"rankings": 1}))
    assert r.loc["A", "score"] == 100 and r.loc["B", "score"] == 0
    assert list(r.loc[["A", "B", "C"], "rank"]) == [1, 2, 2]


def test_a_pillar_that_cannot_tell_countries_apart_puts_them_mid_way() -> None:
    norm = normalise(
        table_of({"A": {"compute": 7}, "B": {"compute": 7}}).values, dict.fromkeys(PILLARS, True)
    )
    assert list(norm["compute"]) == [0.5, 0.5]


def test_a_country_with_no_weighted_pillar_has_no_score() -> None:
    t = table_of({"A": {"compute": 1}, "B": {"investment": 2}, "C": {"compute": 3}})
    r = by_entity(composite(t, {"compute": 1, "investment": 0}))
    assert math.isnan(r.loc["B", "score"]) and pd.isna(r.loc["B", "rank"])
    band = rank_band(t, {"compute": 1, "investment": 0}, 20).set_index("entity")
    assert pd.isna(band.loc["B", "rank_min"]) and band.loc["C", "rank"] == 1


def test_weights_are_checked() -> None:
    with pytest.raises(ValueError):
        normalise_weights({"compute": -1, "investment": 1})
    with pytest.raises(ValueError):
        normalise_weights(dict.fromkeys(PILLARS, 0))
    with pytest.raises(ValueError):
        weight_draws({"compute": 1}, pct=100)


# ---------------------------------------------------------------- the data and scenarios


def test_pillars_are_read_from_the_data(mini) -> None:
    data, a = mini
    t = pillar_table(data, a)
    # Compute: the projection's start, the triangulated share times the world's 17.1M H100e
    # (China: location 12.9% and ownership 5.7%, their geometric mean; France: location).
    assert t.values.loc["CHN", "compute"] == pytest.approx(math.sqrt(12.9 * 5.7) / 100 * 17_100_000)
    assert t.values.loc["FRA", "compute"] == pytest.approx(0.013 * 17_100_000)
    assert t.values.loc["KOR", "investment"] == 1.33
    assert t.values.loc["USA", "companies"] == 1073
    assert t.metrics["rankings"] == "tortoise_score" and t.higher_is_better["rankings"]
    assert "XAI" not in t.values.index  # companies are not countries
    assert t.years.loc["KOR", "compute"] == 2025


def test_without_a_comparable_share_a_country_has_no_compute_figure(mini) -> None:
    data, a = mini
    shares = data.figures("share_global_gpu_cluster_performance", ["FRA"])
    without = replace(data, observations=data.observations.drop(shares.index))
    assert math.isnan(pillar_table(without, a).values.loc["FRA", "compute"])  # not guessed


def test_korea_buying_gpus_moves_its_composite_rank(mini) -> None:
    data, a = mini
    found = whatif.settings_of(data)
    s = whatif.scenario(
        found, (("added_gpus", 1_000_000), ("deploy_years", 3), ("added_ratio", 2.27))
    )
    frame = whatif.projection(data, found, s.buildout, ("KOR", "CHN", "FRA", "USA")).frame
    weights = {p: float(p == "compute") for p in PILLARS}  # compute alone decides
    before = by_entity(
        composite(
            pillar_table(
                data,
                a,
                overrides={"compute": compute_pillar(frame, 2028, "baseline_compute")},
            ),
            weights,
        )
    )
    compute = compute_pillar(frame, 2028)
    after_table = pillar_table(data, a, overrides={"compute": compute})
    after = by_entity(composite(after_table, weights))
    # Korea is last in compute on its trend (4th); with the extra GPUs it passes France.
    assert before.loc[HOME, "rank"] == 4 and after.loc[HOME, "rank"] == 3
    low, high = min(compute.values()), max(compute.values())
    assert after.loc[HOME, "norm_compute"] == pytest.approx((compute[HOME] - low) / (high - low))
    assert pd.isna(after_table.years.loc[HOME, "compute"])  # a scenario value, not a figure


def test_the_pledge_feeds_the_investment_pillar(mini) -> None:
    data, a = mini
    found = whatif.settings_of(data)
    pledge = whatif.scenario(found).pledge
    value = 1.33 + investment.private_part_usd_bn(pledge)  # Korea's figure plus the private part
    t = pillar_table(data, a, overrides={"investment": {HOME: value}})
    assert t.values.loc[HOME, "investment"] == value
    assert t.values.loc["USA", "investment"] == 109.08  # others untouched


def test_a_pillar_compares_one_edition_and_leaves_a_missing_country_a_gap(mini) -> None:
    """Like with like: the newest edition any chosen country is in; a country missing from
    it has no figure (a gap), never its figure from an older edition."""
    data, a = mini
    rankings = data.figures("tortoise_score")
    newer = rankings[rankings["entity"] != "KOR"].assign(year=2025, edition="2025", value=50.0)
    more = replace(data, observations=pd.concat([data.observations, newer], ignore_index=True))
    t = pillar_table(more, a)
    assert t.values.loc["USA", "rankings"] == 50.0  # the 2025 edition's figure
    assert math.isnan(t.values.loc["KOR", "rankings"])  # not in it: a gap, not 27.26
    assert t.values.loc["KOR", "investment"] == 1.33  # another pillar keeps its own edition


def test_the_rankings_pillar_reads_the_newest_edition_of_any_ranking_series(mini) -> None:
    """A score that exists only for an older edition gives way to a newer edition's ranks
    (Tortoise scored countries only in 2024; its 2025 edition gave ranks)."""
    data, a = mini
    scores = data.figures("tortoise_score")
    year = int(scores["year"].max()) + 1
    ranks = scores.assign(
        metric="tortoise_rank", year=year, edition=str(year), value=range(1, len(scores) + 1)
    )
    more = replace(data, observations=pd.concat([data.observations, ranks], ignore_index=True))
    t = pillar_table(more, a)
    assert t.metrics["rankings"] == "tortoise_rank" and not t.higher_is_better["rankings"]
    assert t.years["rankings"].dropna().eq(year).all()
    older = ranks.assign(year=year - 3, edition=str(year - 3))
    less = replace(data, observations=pd.concat([data.observations, older], ignore_index=True))
    assert pillar_table(less, a).metrics["rankings"] == "tortoise_score"  # the score is newer


def test_sliders_default_to_the_assumptions(mini) -> None:
    _, a = mini
    specs = sliders(a)
    assert {p: specs["weight_" + p].value for p in PILLARS} == weights_from(a)
    assert specs["band_pct"].value == a["rank_band_pct"].value


# ---------------------------------------------------------------- properties

value = st.one_of(st.none(), st.floats(0, 1e6, allow_nan=False))
countries = st.lists(st.fixed_dictionaries({p: value for p in PILLARS}), min_size=1, max_size=8)
weight = st.floats(0, 10, allow_nan=False)
weights = st.fixed_dictionaries({p: weight for p in PILLARS}).filter(lambda w: sum(w.values()) > 0)


def table_from(rows: list[dict[str, float | None]]) -> PillarTable:
    return table_of(
        {
            f"C{i}": {p: (np.nan if v is None else v) for p, v in r.items()}
            for i, r in enumerate(rows)
        }
    )


@given(weights)
def test_weights_are_normalised(w: dict[str, float]) -> None:
    n = normalise_weights(w)
    assert sum(n.values()) == pytest.approx(1)
    total = sum(w.values())
    assert all(n[p] == pytest.approx(w[p] / total) for p in PILLARS)
    draws = weight_draws(w, 30, draws=50)
    assert np.allclose(draws.sum(axis=1), 1) and (draws[:, [w[p] == 0 for p in PILLARS]] == 0).all()


@settings(max_examples=75, deadline=None)
@given(countries, weights, st.sampled_from(PILLARS), st.lists(value, min_size=8, max_size=8))
def test_a_zero_weight_pillar_has_no_effect(rows, w, pillar, other_values) -> None:
    w = {**w, pillar: 0.0}
    if sum(w.values()) == 0:
        w = {p: (1.0 if p != pillar else 0.0) for p in PILLARS}
    first = table_from(rows)
    changed = [{**r, pillar: other_values[i]} for i, r in enumerate(rows)]
    second = table_from(changed)
    a, b = composite(first, w).table, composite(second, w).table
    cols = ["entity", "score", "rank", "missing"]
    pd.testing.assert_frame_equal(a[cols], b[cols])
    pd.testing.assert_frame_equal(
        rank_band(first, w, 25, draws=100), rank_band(second, w, 25, draws=100)
    )


@settings(max_examples=100, deadline=None)
@given(countries, weights, st.floats(0, 99), st.integers(0, 2**32 - 1))
def test_rank_band_always_contains_the_unperturbed_rank(rows, w, pct, seed) -> None:
    t = table_from(rows)
    band = rank_band(t, w, pct, draws=200, seed=seed).set_index("entity")
    shown = by_entity(composite(t, w))
    for entity in band.index:
        rank = shown.loc[entity, "rank"]
        assert band.loc[entity, "rank"] is pd.NA or band.loc[entity, "rank"] == rank
        if not pd.isna(rank):
            assert band.loc[entity, "rank_min"] <= rank <= band.loc[entity, "rank_max"]


@settings(max_examples=60, deadline=None)
@given(countries, weights, st.floats(0, 1e6), st.floats(0, 1e6))
def test_more_compute_never_lowers_a_countrys_composite_rank(rows, w, x, y) -> None:
    low, high = sorted((x, y))
    ranks = []
    for compute in (low, high):
        t = table_from([{**rows[0], "compute": compute}, *rows[1:]])
        ranks.append(by_entity(composite(t, w)).loc["C0", "rank"])
    if not pd.isna(ranks[0]):
        assert ranks[1] <= ranks[0]


def test_the_band_is_reproducible_and_has_the_unperturbed_draw_first() -> None:
    t = table_of(
        {
            "A": {"compute": 1, "investment": 3},
            "B": {"compute": 3, "investment": 1},
            "C": {"compute": 2, "investment": 2},
        }
    )
    w = {"compute": 1, "investment": 1.2}
    assert rank_band(t, w, 40).equals(rank_band(t, w, 40))
    draws = weight_draws(w, 40)
    assert len(draws) == 1001
    assert list(draws[0]) == [
        normalise_weights({**dict.fromkeys(PILLARS, 0.0), **w})[p] for p in PILLARS
    ]
    band = rank_band(t, w, 40).set_index("entity")
    assert band.loc["C", "rank_min"] <= band.loc["C", "rank"] <= band.loc["C", "rank_max"]
    assert (band["rank_max"] > band["rank_min"]).any()  # +/-40% can reorder A, B and C


# ---------------------------------------------------------------- the real data


def test_on_the_real_data() -> None:
    data = load(DEFAULT_DATA_DIR)
    a = assumptions_from(data)
    t = pillar_table(data, a)
    result = composite(t, weights_from(a))
    band = rank_band(t, weights_from(a), a["rank_band_pct"].value).set_index("entity")
    shown = by_entity(result)
    assert HOME in shown.index and not pd.isna(shown.loc[HOME, "rank"])
    for entity, row in band.iterrows():
        if not pd.isna(row["rank"]):
            assert row["rank_min"] <= shown.loc[entity, "rank"] <= row["rank_max"]


def test_a_negligible_weight_counts_as_zero_in_every_draw() -> None:
    """Found by hypothesis: a weight of 5e-324 rounded to 0 in some draws and not in
    others, so the band scored a country the composite did not."""
    t = table_from([{"compute": 0.0, "investment": None, "companies": None, "rankings": None}])
    w = {"compute": 5e-324, "investment": 0.0, "companies": 0.0, "rankings": 1.0}
    band = rank_band(t, w, 51.0, draws=200, seed=0)
    assert band["rank"].isna().all() and by_entity(composite(t, w))["rank"].isna().all()
