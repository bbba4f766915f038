"""Compute build-out: baseline from the data, presets, H100e ratios, ranks, invariants."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard import DEFAULT_DATA_DIR
from dashboard.data.load import HOME, Data, load
from dashboard.model.scenarios.assumptions import Assumption, assumptions_from, with_values
from dashboard.model.scenarios.buildout import (
    Baseline,
    BuildoutInputs,
    baseline,
    baseline_stocks,
    compute_pillar,
    countries_without_stock,
    default_inputs,
    gpu_type_key,
    h100e_ratio,
    home_row,
    presets,
    project,
    project_from,
    sliders,
)
from dashboard.model.views import pick_one
from tests.test_scenarios_assumptions import make_folder


@pytest.fixture(scope="module")
def mini(tmp_path_factory: pytest.TempPathFactory) -> tuple[Data, dict[str, Assumption]]:
    folder = make_folder(tmp_path_factory.mktemp("buildout"))
    data = load(folder)
    return data, assumptions_from(data)


@pytest.fixture(scope="module")
def mini_base(mini) -> tuple[Baseline, BuildoutInputs]:
    """The mini baseline and default inputs, read once (property tests vary them in memory)."""
    data, a = mini
    return baseline(data, a), default_inputs(data, a)


def flat(assumptions: dict[str, Assumption]) -> dict[str, Assumption]:
    """Peers that do not grow, for hand arithmetic."""
    return with_values(assumptions, {"peer_compute_growth": 0.0, "home_compute_growth": 0.0})


# ---------------------------------------------------------------- baseline and presets


def test_gpu_type_keys() -> None:
    assert gpu_type_key("NVIDIA H100 SXM5 80GB") == "h100"
    assert gpu_type_key("Huawei Ascend 910B") == "ascend_910b"
    assert gpu_type_key("H100 PCIe") == "h100_pcie"
    assert gpu_type_key("B200/H200") == "b200/h200"  # a mix has no single ratio
    assert gpu_type_key("") == ""


def test_ratios_come_from_the_assumptions_and_unknown_types_are_flagged(mini) -> None:
    _, a = mini
    assert h100e_ratio("H100", a) == (1.0, True)  # the unit itself
    assert h100e_ratio("H20", a) == (a["h100e_ratio_h20"].value, True)
    assert h100e_ratio("mixed", a) == (1.0, False)
    assert h100e_ratio("", a) == (1.0, False)
    assert h100e_ratio("Blackwell", a) == (1.0, False)


def test_baseline_is_each_countrys_latest_gpus_held_in_h100e(mini) -> None:
    data, a = mini
    stocks = baseline_stocks(data, a)
    assert set(stocks) == {"KOR", "CHN", "USA"}  # xAI is a company; France has no figure
    # China: 100,000 H20 x 0.15 = 15,000 H100e
    assert stocks["CHN"].h100e == pytest.approx(100000 * 0.15)
    assert stocks["KOR"].gpus == 2000 and stocks["KOR"].year == 2024  # the 2024 row, not 2023
    assert not stocks["USA"].ratio_known and stocks["USA"].h100e == 500000
    assert countries_without_stock(data) == ["FRA"]


def test_every_korean_plan_pledge_and_deal_row_is_a_preset(mini) -> None:
    data, _ = mini
    found = presets(data)
    rows = data.figures(["gpus_planned", "gpus_pledged", "gpus_deal"], [HOME])
    assert sorted(p.gpus for p in found) == sorted(rows["value"])  # CHN's plan is not one
    deal = next(p for p in found if p.metric == "gpus_deal")
    assert deal.gpus == 260000 and deal.source_id == "s2" and "260,000" in deal.label("en")
    assert deal.label("ko").startswith("GPU 공급 계약")


def test_a_preset_becomes_the_scenarios_inputs(mini) -> None:
    data, a = mini
    pledge = next(p for p in presets(data) if p.metric == "gpus_pledged")
    got = default_inputs(data, a, pledge)
    # 50,000 B200 over its stated period 2026-2030: five tranches of 10,000 at 2.27 H100e
    assert (got.added_gpus, got.start_year, got.years) == (50000, 2026, 5)
    assert got.added_ratio == a["h100e_ratio_b200"].value
    plan = next(p for p in presets(data) if p.metric == "gpus_planned")
    got = default_inputs(data, a, plan)
    # No period: from the year after Korea's 2024 stock to 2028, i.e. 2025-2028
    assert (got.start_year, got.years, got.added_ratio) == (2025, 4, 1.0)


# ---------------------------------------------------------------- worked example


def test_worked_example_50000_gpus_by_2028_at_1_5x(mini) -> None:
    data, a = mini
    a = flat(a)
    inputs = BuildoutInputs(
        added_gpus=50000, start_year=2025, years=4, target_year=2028, efficiency=1.5
    )
    frame = project(data, a, inputs)
    kor = home_row(frame, 2028)
    # (2,000 held + 50,000 added) x 1.5 = 78,000 H100e; baseline stays 2,000
    assert kor["scenario_compute"] == pytest.approx(78000)
    assert kor["baseline_compute"] == 2000 and kor["change"] == pytest.approx(76000)
    # 2026: half delivered: (2,000 + 25,000) x 1.5 = 40,500
    assert home_row(frame, 2026)["scenario_compute"] == pytest.approx(40500)
    # 2024 (before the start): the data's figure, untouched by the multiplier
    assert home_row(frame, 2024)["scenario_compute"] == 2000
    # Ranks in 2028: USA 500,000 > KOR 78,000 > CHN 15,000; baseline KOR last (2,000)
    assert (kor["rank_scenario"], kor["rank_baseline"]) == (2, 3)
    assert kor["share_of_leader"] == pytest.approx(78000 / 500000)  # 0.156
    assert kor["per_million_people"] == pytest.approx(78000 / 50)  # 1,560 per million
    assert kor["per_usd_bn_gdp"] == pytest.approx(78000 / 1800)  # 43.3 per USD bn
    # France has no gpus_held figure: left out, not estimated
    assert set(frame["entity"]) == {"KOR", "CHN", "USA"}


def test_peers_grow_from_their_figures_year(mini) -> None:
    data, a = mini
    a = with_values(a, {"peer_compute_growth": 0.5})
    frame = project(data, a, default_inputs(data, a, target_year=2026))
    chn = frame[(frame["entity"] == "CHN")].set_index("year")["baseline_compute"]
    # 15,000 in 2024, x1.5 a year: 22,500 in 2025, 33,750 in 2026
    assert list(chn) == pytest.approx([15000, 22500, 33750])


def test_context_gaps_are_nan_not_guessed(mini) -> None:
    data, a = mini
    no_gdp = replace(
        data,
        observations=data.observations[
            ~((data.observations["metric"] == "gdp") & (data.observations["entity"] == "USA"))
        ],
    )
    frame = project(no_gdp, a, default_inputs(no_gdp, a))
    assert frame.loc[frame["entity"] == "USA", "per_usd_bn_gdp"].isna().all()
    assert frame.loc[frame["entity"] == "KOR", "per_usd_bn_gdp"].notna().all()


def test_no_korean_stock_is_an_error_not_a_zero(mini) -> None:
    data, a = mini
    obs = data.observations
    without = replace(
        data, observations=obs[~((obs["entity"] == HOME) & (obs["metric"] == "gpus_held"))]
    )
    with pytest.raises(ValueError, match="no gpus_held figure for KOR"):
        project(without, a, default_inputs(data, a))


def test_inputs_are_checked() -> None:
    with pytest.raises(ValueError):
        BuildoutInputs(added_gpus=-1, start_year=2025, years=1, target_year=2026)
    with pytest.raises(ValueError):
        BuildoutInputs(added_gpus=1, start_year=2025, years=0, target_year=2026)


def test_sliders_open_on_the_baseline(mini) -> None:
    data, a = mini
    specs = sliders(data, a)
    defaults = default_inputs(data, a)
    assert specs["added_gpus"].value == 0 == defaults.added_gpus
    assert specs["added_gpus"].max == 260000 * a["data_slider_max_multiple"].value
    assert specs["efficiency"].value == defaults.efficiency == 1.0
    assert specs["years"].value == defaults.years and specs["years"].min == 1
    assert specs["start_year"].value == defaults.start_year
    assert specs["target_year"].value == defaults.target_year


# ---------------------------------------------------------------- properties

stock_values = st.floats(1, 1e8, allow_nan=False)


def with_stocks(
    base: Baseline, kor: float, chn: float, usa: float, peer: float = 2.3, home: float = 0.0
) -> Baseline:
    """The mini baseline with other stock figures and default growth rates."""
    gpus = {"KOR": kor, "CHN": chn, "USA": usa}
    stocks = {e: replace(s, gpus=gpus[e]) for e, s in base.stocks.items()}
    growth = {e: home if e == HOME else peer for e in stocks}
    return replace(base, stocks=stocks, default_growth=growth)


def test_the_baseline_is_read_from_the_data(mini) -> None:
    data, a = mini
    base = baseline(data, a)
    assert base.stocks == baseline_stocks(data, a)
    assert base.population["KOR"] == 50 and base.gdp["USA"] == 28000
    assert base.default_growth == {
        "KOR": a["home_compute_growth"].value,
        "CHN": a["peer_compute_growth"].value,
        "USA": a["peer_compute_growth"].value,
    }


def test_defaults_reproduce_the_data_figures(mini) -> None:
    data, a = mini
    frame = project(data, a, default_inputs(data, a))
    picked = pick_one(data.figures("gpus_held", ["KOR", "CHN", "USA"])).set_index("entity")
    for entity, stock in baseline_stocks(data, a).items():
        at = frame[(frame["entity"] == entity) & (frame["year"] == stock.year)].iloc[0]
        assert (
            at["baseline_compute"]
            == at["scenario_compute"]
            == (picked.loc[entity, "value"] * stock.ratio)
        )


@settings(max_examples=60, deadline=None)
@given(
    stock_values,
    stock_values,
    stock_values,
    st.floats(0, 3),
    st.floats(0, 3),
    st.integers(2024, 2032),
)
def test_defaults_reproduce_the_baseline_exactly(
    mini_base, kor: float, chn: float, usa: float, peer: float, home: float, target: int
) -> None:
    base, defaults = mini_base
    base = with_stocks(base, kor, chn, usa, peer, home)
    defaults = replace(defaults, target_year=target, growth=dict(base.default_growth))
    frame = project_from(base, defaults)
    assert (frame["scenario_compute"] == frame["baseline_compute"]).all()
    assert (frame["change"] == 0).all()
    assert (frame["rank_scenario"] == frame["rank_baseline"]).all()
    # with the inputs' growth left empty the defaults apply too
    assert project_from(base, replace(defaults, growth={})).equals(frame)


@settings(max_examples=60, deadline=None)
@given(
    stock_values,
    stock_values,
    stock_values,
    st.floats(0, 1e6),
    st.floats(0, 1e6),
    st.integers(1, 6),
    st.floats(1, 3),
    st.floats(0.1, 3),
    st.floats(0, 3),
)
def test_adding_gpus_never_lowers_koreas_rank(
    mini_base,
    kor: float,
    chn: float,
    usa: float,
    n1: float,
    n2: float,
    years: int,
    efficiency: float,
    ratio: float,
    peer: float,
) -> None:
    base = with_stocks(mini_base[0], kor, chn, usa, peer)
    fewer, more = sorted((n1, n2))
    inputs = BuildoutInputs(
        added_gpus=fewer,
        start_year=2025,
        years=years,
        target_year=2031,
        added_ratio=ratio,
        efficiency=efficiency,
    )
    low = project_from(base, inputs)
    high = project_from(base, replace(inputs, added_gpus=more))
    for frame in (low, high):
        kor_rows = frame[frame["entity"] == HOME]
        assert (kor_rows["rank_scenario"] <= kor_rows["rank_baseline"]).all()
    kor_low = low[low["entity"] == HOME].set_index("year")["rank_scenario"]
    kor_high = high[high["entity"] == HOME].set_index("year")["rank_scenario"]
    assert (kor_high <= kor_low).all()


def test_compute_pillar_reads_one_year(mini) -> None:
    data, a = mini
    frame = project(
        data,
        flat(a),
        BuildoutInputs(
            added_gpus=50000, start_year=2025, years=4, target_year=2028, efficiency=1.5
        ),
    )
    assert compute_pillar(frame, 2028) == pytest.approx(
        {"KOR": 78000.0, "CHN": 15000.0, "USA": 500000.0}
    )
    assert compute_pillar(frame, 2028, "baseline_compute")["KOR"] == 2000


# ---------------------------------------------------------------- the real data


def test_on_the_real_data() -> None:
    data = load(DEFAULT_DATA_DIR)
    a = assumptions_from(data)
    found = presets(data)
    kor_rows = data.figures(["gpus_planned", "gpus_pledged", "gpus_deal"], [HOME])
    assert len(found) == len(kor_rows)
    defaults = default_inputs(data, a)
    frame = project(data, a, defaults)
    assert (frame["scenario_compute"] == frame["baseline_compute"]).all()
    stocks = baseline_stocks(data, a)
    picked = pick_one(data.figures("gpus_held", list(stocks))).set_index("entity")["value"]
    first = frame[frame["year"] == min(frame["year"])].set_index("entity")
    for entity, stock in stocks.items():
        if stock.year == min(frame["year"]):
            assert first.loc[entity, "baseline_compute"] == picked[entity] * stock.ratio
    more = project(data, a, replace(defaults, added_gpus=max(p.gpus for p in found)))
    assert (
        more.loc[more["entity"] == HOME, "rank_scenario"]
        <= more.loc[more["entity"] == HOME, "rank_baseline"]
    ).all()
    assert isinstance(frame, pd.DataFrame)
