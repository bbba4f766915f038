"""Compute build-out: one comparable start, growth with ranges, presets from the data,
and the world bound, on the shipped data and on hand-made baselines."""

from __future__ import annotations

import csv
import math
from dataclasses import replace

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard import DEFAULT_DATA_DIR
from dashboard.data.dataset import WORLD, WORLD_COMPUTE, row_key
from dashboard.data.load import HOME, Data, load
from dashboard.model.scenarios import whatif
from dashboard.model.scenarios.assumptions import assumptions_from, value_of
from dashboard.model.scenarios.buildout import (
    CASES,
    GROWTH_METRIC,
    RELATIVE_GROWTH,
    WORLD_GROWTH,
    Baseline,
    BuildoutInputs,
    Growth,
    Preset,
    Range,
    Start,
    Step,
    baseline,
    countries_without_start,
    gpu_metrics,
    gpu_type_key,
    home_row,
    presets,
    project_from,
)
from dashboard.model.views import COMPARABLE_COMPUTE, one_edition


@pytest.fixture(scope="module")
def data() -> Data:
    return load(DEFAULT_DATA_DIR)


@pytest.fixture(scope="module")
def base(data: Data) -> Baseline:
    return baseline(data, assumptions_from(data))


def toy(**changes) -> Baseline:
    """Two countries and an untracked rest, for hand arithmetic: Korea 1% and the US 60%
    of a world of 1,000,000 H100e; Korea's share grows 10% a year relative to the world,
    the US's keeps; the world doubles every year."""
    fields = dict(
        year=2025,
        world=1_000_000.0,
        world_source="w",
        world_growth=Growth(Range(1.5, 2.0, 3.0)),
        starts={
            HOME: Start(HOME, Range(0.9, 1.0, 1.1), "s", "e"),
            "USA": Start("USA", Range(59.0, 60.0, 61.0), "s", "e"),
        },
        relative={HOME: Growth(Range(1.0, 1.1, 1.2)), "USA": Growth(Range(0.9, 1.0, 1.1))},
        rest_share=39.0,
        population={HOME: 50.0},
        gdp={},
    )
    return Baseline(**{**fields, **changes})


def inputs(**changes) -> BuildoutInputs:
    return BuildoutInputs(**{"target_year": 2027, "world_growth": 1.0, **changes})


# ---------------------------------------------------------------- the start


def test_every_country_starts_from_its_share_of_the_world(data: Data, base: Baseline) -> None:
    shares = one_edition(data.figures(COMPARABLE_COMPUTE))
    shares = shares[shares["entity"].isin(data.countries())]
    world = data.figures(WORLD_COMPUTE, [WORLD])
    world = float(world.loc[world["year"] == base.year, "value"].iloc[0])
    assert base.world == world
    assert set(base.starts) == set(shares["entity"])
    for entity, value in zip(shares["entity"], shares["value"], strict=True):
        assert base.starts[entity].share.central == value
    frame = project_from(base, inputs(target_year=base.year, world_growth=2.3))
    for r in frame.to_dict("records"):  # the first year is the data's own, exactly
        assert r["baseline_compute"] == pytest.approx(r["start_share"] / 100 * world)


def test_a_start_range_is_the_rounding_and_every_other_share_estimate(base: Baseline) -> None:
    korea = base.starts[HOME].share
    assert (korea.low, korea.high) == pytest.approx((0.45, 0.55))  # 0.5 as written
    china = base.starts["CHN"]  # Epoch's chip-owner estimate, "just over 5%" of all compute
    assert china.share.low == 5.0 and "epoch_chip_owners_thread_2026" in china.range_sources
    for start in base.starts.values():
        assert start.share.low <= start.share.central <= start.share.high


def test_relative_growth_is_the_tracked_clusters_against_all_tracked(
    data: Data, base: Baseline
) -> None:
    rows = data.figures(GROWTH_METRIC)

    def yearly(entity: str) -> dict[int, float]:
        mine = rows[rows["entity"] == entity]
        return dict(zip(mine["year"].astype(int), mine["value"], strict=True))

    world = yearly(WORLD)
    for entity in (HOME, "CHN", "FRA", "USA"):
        own = yearly(entity)
        ratios = [own[y] / world[y] for y in sorted(own)]
        growth = base.relative[entity].factor
        assert growth.central == pytest.approx(math.prod(ratios) ** (1 / len(ratios)))
        assert (growth.low, growth.high) == (min(ratios), max(ratios))


def test_a_country_without_a_growth_figure_keeps_its_share() -> None:
    base = toy(relative={HOME: Growth(Range(1, 1, 1)), "USA": Growth(Range(1, 1, 1))})
    frame = project_from(base, inputs(target_year=2030))
    shares = frame.groupby("entity")["baseline_compute"].apply(
        lambda s: list(s / frame.loc[s.index, "world"])
    )
    for entity, start in base.starts.items():
        assert shares[entity] == pytest.approx([start.share.central / 100] * 6)


def test_the_world_grows_at_the_slider_within_the_tracked_range(base: Baseline, data) -> None:
    a = assumptions_from(data)
    growth = base.world_growth.factor
    assert growth.central == pytest.approx(1 + value_of(a, WORLD_GROWTH))
    tracked = data.figures(GROWTH_METRIC, [WORLD])["value"]
    assert (growth.low, growth.high) == (tracked.min(), tracked.max())
    frame = project_from(base, inputs(target_year=base.year + 2, world_growth=1.0))
    world = frame.drop_duplicates("year")["world"].tolist()
    assert world == pytest.approx([base.world, base.world * 2, base.world * 4])


def test_shares_renormalise_by_hand() -> None:
    frame = project_from(toy(), inputs(target_year=2026))
    row = frame[(frame["entity"] == HOME) & (frame["year"] == 2026)].iloc[0]
    # Korea 1% x 1.1 against the US 60% x 1.0 and the rest 39%: 1.1 / 100.1 of 2,000,000.
    assert row["baseline_compute"] == pytest.approx(1.1 / 100.1 * 2_000_000)
    # Its low: its own start and growth at their low (0.9 x 1.0), the others central.
    assert row["baseline_low"] == pytest.approx(0.9 / (100.1 - 1.1 + 0.9) * 2_000_000)


# ---------------------------------------------------------------- the scenario


def test_korea_holds_its_start_and_adds_its_path() -> None:
    path = Preset(
        "p",
        "p",
        "p",
        (
            Step("K/gpus_a/2025/s", "add", 2026, 10_000, "", "planned", "s", "", ""),
            Step("K/gpus_b/2025/s", "add", 2027, 5_000, "", "planned", "s", "", ""),
            Step("K/gpus_c/2025/s", "reach", 2027, 12_000, "", "planned", "s", "", ""),
        ),
    )
    assert path.cumulative() == {2026: 10_000, 2027: 15_000}  # a reach below adds nothing
    frame = project_from(toy(), inputs(path=path, added_ratio=2.0))
    korea = frame[frame["entity"] == HOME].set_index("year")["scenario_compute"]
    assert korea.tolist() == pytest.approx([10_000, 10_000 + 20_000, 10_000 + 30_000])


def test_extra_gpus_arrive_in_tranches_and_efficiency_starts_with_them() -> None:
    frame = project_from(toy(), inputs(added_gpus=3_000, start_year=2026, years=2, efficiency=1.5))
    korea = frame[frame["entity"] == HOME].set_index("year")["scenario_compute"]
    assert korea.tolist() == pytest.approx([10_000, (10_000 + 1_500) * 1.5, 13_000 * 1.5])


def test_korea_is_held_at_the_world_and_says_so() -> None:
    frame = project_from(toy(), inputs(added_gpus=10**9, start_year=2026))
    korea = frame[frame["entity"] == HOME].set_index("year")
    assert korea.loc[2026, "scenario_compute"] == korea.loc[2026, "world"]
    assert korea.loc[2026, "capped"] and not korea.loc[2025, "capped"]


def test_no_korean_share_is_an_error_not_a_zero(data: Data) -> None:
    shares = data.figures(COMPARABLE_COMPUTE)
    without = replace(
        data, observations=data.observations.drop(shares[shares["entity"] == HOME].index)
    )
    with pytest.raises(ValueError, match="KOR"):
        whatif.settings(without, assumptions_from(without))
    assert HOME in countries_without_start(without, [HOME, "USA"])
    assert countries_without_start(data, [HOME, "USA", "XAI"]) == []  # a company is no country


def test_no_world_total_is_an_error(data: Data) -> None:
    world = data.figures(WORLD_COMPUTE, [WORLD])
    without = replace(data, observations=data.observations.drop(world.index))
    with pytest.raises(ValueError, match=WORLD_COMPUTE):
        baseline(without, assumptions_from(without))


def test_inputs_are_checked() -> None:
    with pytest.raises(ValueError):
        inputs(added_gpus=-1)
    with pytest.raises(ValueError):
        inputs(years=0)
    with pytest.raises(ValueError):
        inputs(relative={HOME: -1.0})


def test_context_gaps_are_nan_not_guessed() -> None:
    frame = project_from(toy(), inputs())
    assert frame.loc[frame["entity"] == "USA", "per_million_people"].isna().all()
    assert frame["per_usd_bn_gdp"].isna().all()
    assert frame.loc[frame["entity"] == HOME, "per_million_people"].notna().all()


# ---------------------------------------------------------------- presets from the data


def test_presets_reproduce_the_data_figures(data: Data) -> None:
    found = presets(data)
    with open(DEFAULT_DATA_DIR / "presets.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [p.id for p in found] == list(dict.fromkeys(r["preset"] for r in rows))
    figures = data.figures(gpu_metrics(data))
    value = dict(zip(row_key(figures), figures["value"], strict=True))
    for preset in found:
        steps = [r for r in rows if r["preset"] == preset.id]
        total = 0.0
        for step, row in zip(preset.steps, steps, strict=True):
            assert step.row == row["row"] and step.gpus == value[row["row"]]
            total = total + step.gpus if row["mode"] == "add" else max(total, step.gpus)
            assert preset.gpus_by(int(row["year"])) >= total - 1e-9
        assert preset.total == total
        if steps[-1]["mode"] == "reach":  # the path ends on the figure it reaches
            assert preset.total == value[steps[-1]["row"]]


def test_the_default_path_is_koreas_official_one(data: Data) -> None:
    found = whatif.settings_of(data)
    official = whatif.preset_of(found, "")
    assert official is found.presets[0] and official.id == "official_path"
    # 13,136 bought in 2025, 15,000 in the 2026 budget, the computing centre's 15,000
    # by 2028, then up to the government's 50,000 share of the NVIDIA deal.
    assert official.cumulative() == {2026: 13_136 + 15_000, 2028: 50_000}
    assert whatif.preset_of(found, whatif.NO_PRESET) is None
    with pytest.raises(ValueError, match="unknown preset"):
        whatif.preset_of(found, "gpus_pledged")


def test_gpu_type_keys() -> None:
    assert gpu_type_key("NVIDIA H100 SXM5 80GB") == "h100"
    assert gpu_type_key("Huawei Ascend 910B") == "ascend_910b"
    assert gpu_type_key("B200/H200") == "b200/h200"  # a list finds no ratio


# ---------------------------------------------------------------- properties over the sliders


def slider_values(found: whatif.Settings):
    """Any position of every build-out slider, and any path."""
    keys = found.sections["buildout"]

    def position(key: str):
        spec = found.sliders[key]
        if spec.integer:
            return st.integers(int(spec.min), int(spec.max)).map(float)
        return st.floats(spec.min, spec.max, allow_nan=False)

    return st.tuples(
        st.fixed_dictionaries({k: position(k) for k in keys}),
        st.sampled_from(whatif.preset_ids(found)),
    )


@pytest.fixture(scope="module")
def found(data: Data) -> whatif.Settings:
    return whatif.settings_of(data)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_no_country_ever_exceeds_the_world(data: Data, found, draw) -> None:
    values, preset = draw.draw(slider_values(found))
    b = whatif.BuildoutParams.from_values(found, {**found.defaults(), **values})
    frame = project_from(
        baseline(data, found.assumptions), b.inputs(whatif.preset_of(found, preset))
    )
    for column in ("baseline", "scenario"):
        for case in ("low", "compute", "high"):
            assert (frame[f"{column}_{case}"] <= frame["world"] * (1 + 1e-12)).all()
    by_year = frame.groupby("year")["baseline_compute"].sum()
    assert (by_year <= frame.groupby("year")["world"].first() * (1 + 1e-12)).all()


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_every_band_contains_its_central_line(data: Data, found, draw) -> None:
    values, preset = draw.draw(slider_values(found))
    b = whatif.BuildoutParams.from_values(found, {**found.defaults(), **values})
    frame = project_from(
        baseline(data, found.assumptions), b.inputs(whatif.preset_of(found, preset))
    )
    tol = 1e-9
    for column in ("baseline", "scenario"):
        low, mid, high = (frame[f"{column}_{c}"] for c in ("low", "compute", "high"))
        assert (low <= mid * (1 + tol)).all() and (mid <= high * (1 + tol)).all()
    world = frame.drop_duplicates("year")
    assert (world["world_low"] <= world["world"]).all()
    assert (world["world"] <= world["world_high"]).all()


def test_growth_sliders_default_to_the_data_and_their_cases_stay_in_bounds(
    data: Data, found, base: Baseline
) -> None:
    bounds = found.assumptions[RELATIVE_GROWTH]
    for entity, growth in base.relative.items():
        spec = found.sliders[whatif.GROWTH_PREFIX + entity]
        assert spec.value == pytest.approx(growth.factor.central - 1, abs=1e-6)
        assert (spec.min, spec.max) == (bounds.min, bounds.max)
    for case in CASES:
        values = whatif.case_values(found, base, case)
        assert all(found.sliders[k].min <= v <= found.sliders[k].max for k, v in values.items())
    assert whatif.case_values(found, base, "central") == {
        k: found.sliders[k].value for k in whatif.case_values(found, base, "central")
    }


def test_default_2030_values_against_the_world(data: Data, found) -> None:
    """The numbers the closing note reports, recomputed from the data: each core
    country's central 2030 value is its renormalised share of the world's."""
    b = whatif.BuildoutParams.from_values(found, found.defaults())
    frame = whatif.buildout_frame(data, found, b, ("KOR", "CHN", "FRA", "USA"))
    last = frame[frame["year"] == frame["year"].max()].set_index("entity")
    assert int(frame["year"].max()) == max(p.last_year for p in found.presets)
    assert (last["scenario_compute"] < last["world"]).all()
    assert last["rank_scenario"].to_dict() == {"USA": 1, "CHN": 2, "FRA": 3, "KOR": 4}
    korea = home_row(frame, int(frame["year"].max()))
    base = baseline(data, found.assumptions)  # Korea: its start held, plus the official
    held = base.starts[HOME].share.central / 100 * base.world  # path's 50,000 GPUs
    assert korea["scenario_compute"] == pytest.approx(held + 50_000)
    assert found.sliders["added_gpus"].value == 0


def test_a_frame_has_every_column(data: Data, found) -> None:
    b = whatif.BuildoutParams.from_values(found, found.defaults())
    frame = whatif.buildout_frame(data, found, b, ("KOR", "USA"))
    assert isinstance(frame, pd.DataFrame) and not frame.isna()["scenario_compute"].any()
    assert list(frame.columns)[:3] == ["entity", "year", "baseline_compute"]
