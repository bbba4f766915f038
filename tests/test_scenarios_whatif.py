"""The what-if page's settings: sliders from the assumptions and the data, presets, the
values a scenario resolves to, and the sections fed by them (worked examples pinned)."""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard import DEFAULT_DATA_DIR
from dashboard.base import cache
from dashboard.data.load import HOME, Data, load
from dashboard.model import params, views
from dashboard.model.scenarios import buildout, whatif
from dashboard.model.scenarios.assumptions import SliderSpec
from dashboard.model.scenarios.tco import HOURS_PER_YEAR
from tests.conftest import DataCopy
from tests.test_scenarios_assumptions import make_folder

COUNTRIES = ("KOR", "CHN", "FRA", "USA")


@pytest.fixture(scope="module")
def real() -> tuple[Data, whatif.Settings]:
    data = load(DEFAULT_DATA_DIR)
    return data, whatif.settings_of(data)


@pytest.fixture(scope="module")
def mini(tmp_path_factory: pytest.TempPathFactory) -> tuple[Data, whatif.Settings]:
    data = load(make_folder(tmp_path_factory.mktemp("whatif")))
    return data, whatif.settings(data, whatif.assumptions_from(data))


# ---------------------------------------------------------------- the sliders


def test_every_slider_opens_on_its_default_within_its_bounds(real) -> None:
    _, found = real
    assert set(found.sliders) == {k for keys in found.sections.values() for k in keys}
    for key, spec in found.sliders.items():
        assert spec.key == key and spec.min <= spec.value <= spec.max and spec.step > 0, key
        assert spec.label("ko") and spec.label("en") and spec.label("ko") != key, key
        if spec.integer:
            assert spec.value == int(spec.value), key


def test_assumption_sliders_are_the_assumption_rows(real) -> None:
    _, found = real
    for key, spec in found.sliders.items():
        if spec.basis == "assumption":
            row = found.assumptions[spec.parameter]
            assert (spec.value, spec.min, spec.max, spec.step) == (
                row.value,
                row.min,
                row.max,
                row.step,
            ), key


def test_data_sliders_default_to_figures_in_the_data(real) -> None:
    data, found = real
    pledge = data.figures("national_ai_plan", [HOME])
    assert found.sliders["pledge_krw_bn"].value in set(pledge["value"])  # 100 trillion won
    rates = data.figures("fx_per_usd", [HOME])
    assert found.sliders["krw_per_usd"].value in set(rates["value"])  # the 2024 rate
    planned = buildout.korean_gpu_figures(data)
    assert found.sliders["tco_gpus"].value == planned["value"].min()  # the 10,000 plan


def test_a_growth_slider_per_country_with_a_start_korea_first(real) -> None:
    data, found = real
    assert found.start_entities[0] == HOME
    growth = [k for k in found.sections["buildout"] if k.startswith(whatif.GROWTH_PREFIX)]
    assert growth == [whatif.GROWTH_PREFIX + e for e in found.start_entities]
    base = buildout.baseline(data, found.assumptions)
    for entity in found.start_entities:  # the data's own rate, relative to the world's
        spec = found.sliders[whatif.GROWTH_PREFIX + entity]
        assert spec.value == pytest.approx(base.relative[entity].factor.central - 1, abs=1e-6)
        assert spec.basis == "data" and spec.source_id == "epoch_gpu_clusters_dataset_2025_10"
    world = found.sliders["world_growth"]
    assert world.value == found.assumptions["world_compute_growth"].value


def test_url_sliders_are_the_page_sliders_and_none_without_assumptions(
    real, tmp_path: Path
) -> None:
    data, found = real
    assert [s.key for s in whatif.url_sliders(data)] == list(found.sliders)
    folder = make_folder(tmp_path / "d")
    (folder / "assumptions.csv").unlink()
    bare = load(folder)
    assert bare.assumptions.empty and whatif.url_sliders(bare) == ()
    missing = [p for p in bare.problems if p.file == "assumptions.csv"]
    assert [p.severity for p in missing] == ["warning"]  # an optional file: not an error


def test_settings_are_read_once_per_data_content(real, data_copy: DataCopy) -> None:
    data, found = real
    assert whatif.settings_of(data) is found  # worked out once, then remembered
    again = load(DEFAULT_DATA_DIR)  # the same files again: the same settings, by value
    assert whatif.settings_of(again) is found
    data_copy.set_cell("entities.csv", 0, "name_en", "Republic of Korea")  # an edit
    edited = whatif.settings_of(load(data_copy.folder))
    assert edited is not found and edited.sliders["growth_KOR"] != found.sliders["growth_KOR"]


def test_settings_are_keyed_by_their_content(real, mini) -> None:
    """The one cache keys section results by the settings' content, worked out once:
    equal settings share a key, and a changed slider or other settings do not."""
    _, found = real
    same = replace(found, sliders=dict(found.sliders))  # another object, the same content
    assert same is not found and same.cache_key == found.cache_key
    pue = found.sliders["pue"]
    moved = replace(found, sliders={**found.sliders, "pue": replace(pue, max=pue.max + 1)})
    assert moved.cache_key != found.cache_key
    assert mini[1].cache_key != found.cache_key
    assert cache.key_of(found) == ("key", found.cache_key)


# ---------------------------------------------------------------- presets and values


def test_presets_are_the_data_paths_and_change_no_slider(real) -> None:
    data, found = real
    assert [p.id for p in found.presets] == [p.id for p in buildout.presets(data)]
    assert whatif.preset_ids(found) == (*(p.id for p in found.presets), whatif.NO_PRESET)
    for preset in (*whatif.preset_ids(found), "", "national_ai_plan"):
        assert whatif.resolve(found, (("deploy_years", 4.0),), preset=preset) == {
            **found.defaults(),
            "deploy_years": 4.0,
        }
    with pytest.raises(ValueError, match="unknown preset"):
        whatif.resolve(found, preset="gpus_imagined")


def test_values_are_kept_within_bounds(real) -> None:
    _, found = real
    values = whatif.resolve(
        found, (("efficiency", 100.0), ("added_gpus", 12.6), ("pue", -3.0), ("nonsense", 1.0))
    )
    assert values["efficiency"] == found.sliders["efficiency"].max
    assert values["added_gpus"] == 13 and values["pue"] == found.sliders["pue"].min
    assert "nonsense" not in values


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_a_link_round_trips_to_the_same_values(real, draw) -> None:
    _, found = real
    keys = draw.draw(st.lists(st.sampled_from(list(found.sliders)), unique=True, max_size=6))
    chosen = {}
    for key in keys:
        spec = found.sliders[key]
        steps = round((spec.max - spec.min) / spec.step)
        chosen[key] = spec.min + draw.draw(st.integers(0, steps)) * spec.step
        chosen[key] = whatif.within(found, {key: chosen[key]})[key]
    scenario = params.scenario_of(chosen, found.defaults())
    query = params.encode(params.ViewState(scenario=scenario))
    state, notices = params.parse(
        query, entities=list(COUNTRIES), sliders=list(found.sliders.values())
    )
    assert notices == []
    assert whatif.resolve(found, state.scenario) == whatif.resolve(found, scenario)


# ---------------------------------------------------------------- the sections


def test_without_a_path_korea_holds_its_start(real) -> None:
    data, found = real
    b = build(found, found.defaults())
    frame = whatif.buildout_frame(data, found, b, COUNTRIES, whatif.NO_PRESET)
    korea = frame[frame["entity"] == HOME]
    assert korea["scenario_compute"].nunique() == 1  # held, as its start
    peers = frame[frame["entity"] != HOME]
    assert (peers["scenario_compute"] == peers["baseline_compute"]).all()


def test_worked_example_official_path_plus_50000_by_2028_with_x1_5(real) -> None:
    data, found = real
    values = whatif.resolve(
        found,
        (("added_gpus", 50000), ("deploy_years", 3), ("target_year", 2028), ("efficiency", 1.5)),
    )
    frame = whatif.buildout_frame(data, found, build(found, values), COUNTRIES)
    korea = buildout.home_row(frame, 2028)
    base = buildout.baseline(data, found.assumptions)
    # Korea starts at 0.5% of the world's 17.1 million H100e = 85,500 (held), the
    # official path reaches 50,000 GPUs by 2028 and 50,000 more arrive 2026-2028, one
    # H100e each, times 1.5 from 2026: (85,500 + 50,000 + 50,000) x 1.5 = 278,250.
    assert base.starts[HOME].share.central / 100 * base.world == pytest.approx(85_500)
    assert korea["scenario_compute"] == pytest.approx(278_250)
    # 2026: the path's 28,136 (13,136 bought in 2025, 15,000 in the 2026 budget) and one
    # tranche of 50,000 / 3: (85,500 + 28,136 + 16,666.7) x 1.5 = 195,454.
    assert buildout.home_row(frame, 2026)["scenario_compute"] == pytest.approx(
        (85_500 + 28_136 + 50_000 / 3) * 1.5
    )
    # The US is drawn from the same measure now: 73.3% of the world, renormalised.
    drawn = frame[frame["year"] == 2028]
    assert korea["share_of_leader"] == pytest.approx(278_250 / drawn["scenario_compute"].max())
    assert korea["rank_scenario"] == 1 + (drawn["scenario_compute"] > 278_250).sum()


def test_worked_example_100_trillion_won_over_5_years_vs_stargate(real) -> None:
    data, found = real
    values = whatif.resolve(found, (("pledge_years", 5),))
    plans = whatif.investment_frame(data, pledge(found, values), COUNTRIES)
    korea = plans[plans["is_scenario"]].iloc[0]
    stargate = plans[plans["metric"] == "private_ai_infrastructure_pledge"].iloc[0]
    rate = found.sliders["krw_per_usd"].value
    assert rate == data.fx_per_usd()[("KRW", 2024)]  # the slider starts at the data's rate
    # 100,000 bn won / rate (1,363.53 in the 2026.12 data: USD 73.34 bn) / 5 years.
    assert korea["annual_usd_bn"] == pytest.approx(100_000 / rate / 5)
    population = views.latest_context(data, "population")[HOME][0]  # millions, as the page
    assert korea["per_capita_usd"] == pytest.approx(100_000 / rate / 5 / population * 1e3)
    # Stargate: USD 500 bn over 2025-2028 ("the next four years") = 125 bn a year.
    assert stargate["annual_usd_bn"] == pytest.approx(125)
    assert korea["per_capita_usd"] < stargate["per_capita_usd"]


def test_worked_example_10000_gpus_owned_or_rented_at_60_percent(real) -> None:
    _, found = real
    values = whatif.resolve(found, (("tco_gpus", 10000), ("utilisation", 0.6)))
    result = whatif.cost(whatif.TcoParams.from_values(found, values))
    # Capex: 10,000 x (30,000 + 20,000) + 10,000 x 1.275 kW / 1,000 x 10.7 M USD per MW
    #      = 500 M + 136.425 M = 636.425 M USD.
    assert result.capex_usd == pytest.approx(636.425e6)
    hours = 10000 * HOURS_PER_YEAR * 5 * 0.6  # 262.98 M used GPU-hours
    assert result.used_gpu_hours == pytest.approx(hours)
    # Energy per used hour: 1.275 kW x 0.75 x 1.3 PUE x 182.7 won / 1,363.53 won per USD.
    energy = 1.275 * 0.75 * 1.3 * 182.7 / 1363.53
    assert result.energy_usd == pytest.approx(hours * energy)
    assert result.cloud_usd == pytest.approx(hours * 2.99)
    assert result.own_usd < result.cloud_usd  # owning is cheaper at 60%
    even = result.break_even_utilisation
    assert even == pytest.approx(636.425e6 / (10000 * HOURS_PER_YEAR * 5 * (2.99 - energy)))
    assert 0.5 < even < 0.6


def test_the_scenario_feeds_the_composite(real) -> None:
    data, found = real
    base = whatif.index(data, found, index_of(found, found.defaults()), COUNTRIES)
    levers = whatif.resolve(found, (("added_gpus", 600000), ("efficiency", 3.0)))
    more = whatif.index(data, found, index_of(found, levers), COUNTRIES)
    korea = lambda r: r.scenario.table.set_index("entity").loc[HOME]  # noqa: E731
    assert korea(more)["raw_compute"] > korea(base)["raw_compute"]
    assert korea(more)["rank"] <= korea(base)["rank"]
    # The baseline column never sees the levers.
    assert base.baseline.table.equals(more.baseline.table)
    band = more.band.set_index("entity")
    for entity, rank in zip(
        more.scenario.table["entity"], more.scenario.table["rank"], strict=True
    ):
        if not math.isnan(float(rank)):
            assert band.loc[entity, "rank_min"] <= rank <= band.loc[entity, "rank_max"]


def test_the_pledge_adds_its_private_part_to_koreas_investment(mini) -> None:
    data, found = mini
    values = found.defaults()
    result = whatif.index(data, found, index_of(found, values), COUNTRIES)
    raw = result.scenario.table.set_index("entity").loc[HOME, "raw_investment"]
    # Mini data: Korea's private AI investment 1.33 bn; the pledge 100,000 bn won over
    # 2026-2030 (5 years) at 1,350 won per USD, 65% private: 74.07 / 5 x 0.65 = 9.63 bn.
    private = 100_000 / 1350 / 5 * (1 - values["public_share"])
    assert raw == pytest.approx(1.33 + private)


def test_sections_are_remembered_by_the_values_they_read(real) -> None:
    """A slider of another section leaves a section's result as it was (the same object,
    not worked out again); one of its own gives a new result."""
    data, found = real
    values = found.defaults()
    pue = found.sliders["pue"]
    elsewhere = {**values, "pue": pue.max if values["pue"] != pue.max else pue.min}
    frame = whatif.buildout_frame(data, found, build(found, values), COUNTRIES)
    assert whatif.buildout_frame(data, found, build(found, elsewhere), COUNTRIES) is frame
    plans = whatif.investment_frame(data, pledge(found, values), COUNTRIES)
    assert whatif.investment_frame(data, pledge(found, elsewhere), COUNTRIES) is plans
    result = whatif.index(data, found, index_of(found, values), COUNTRIES)
    assert whatif.index(data, found, index_of(found, elsewhere), COUNTRIES) is result
    added = {**values, "added_gpus": found.sliders["added_gpus"].max}
    assert whatif.buildout_frame(data, found, build(found, added), COUNTRIES) is not frame
    assert whatif.index(data, found, index_of(found, added), COUNTRIES) is not result


# ---------------------------------------------------------------- section parameters


def spec(key: str, low: float, high: float, value: float, *, integer: bool = False) -> SliderSpec:
    return SliderSpec(
        key=key, label_en=key, label_ko=key, value=value, min=low, max=high,
        step=1.0 if integer else 0.1, unit="count", source_id="", basis="data",
        integer=integer,
    )  # fmt: skip


PLEDGE_SPECS = {
    "pledge_krw_bn": spec("pledge_krw_bn", 0, 1000, 100),
    "pledge_years": spec("pledge_years", 1, 10, 5, integer=True),
    "public_share": spec("public_share", 0, 1, 0.35),
    "krw_per_usd": spec("krw_per_usd", 1000, 2000, 1350),
    "pue": spec("pue", 1, 2, 1.3),  # another section's
}
PLEDGE = {"pledge_krw_bn": 200.0, "pledge_years": 4.0, "public_share": 0.5, "krw_per_usd": 1400.0}


def test_params_hold_exactly_their_sections_values() -> None:
    p = whatif.PledgeParams.from_values(PLEDGE_SPECS, {**PLEDGE, "pue": 1.5})
    assert p == whatif.PledgeParams(200.0, 4.0, 0.5, 1400.0)
    assert p.values() == PLEDGE and p.keys() == tuple(PLEDGE)  # no "pue"
    assert whatif.PledgeParams.keys_of(PLEDGE_SPECS) == tuple(PLEDGE)


def test_from_values_keeps_values_within_the_slider_bounds() -> None:
    wild = {**PLEDGE, "pledge_krw_bn": 5000.0, "pledge_years": 3.6, "public_share": -1.0}
    p = whatif.PledgeParams.from_values(PLEDGE_SPECS, wild)
    assert p.pledge_krw_bn == 1000 and p.public_share == 0  # the bounds, as a link gets
    assert p.pledge_years == 4.0 and isinstance(p.pledge_years, float)  # whole: rounded
    for bad in (float("nan"), float("inf")):
        with pytest.raises(ValueError, match="finite"):
            whatif.PledgeParams.from_values(PLEDGE_SPECS, {**PLEDGE, "public_share": bad})


def test_from_values_refuses_unknown_and_missing_keys() -> None:
    with pytest.raises(ValueError, match="no slider for 'pledge_yeers'"):
        whatif.PledgeParams.from_values(PLEDGE_SPECS, {**PLEDGE, "pledge_yeers": 3.0})
    partial = {k: v for k, v in PLEDGE.items() if k != "krw_per_usd"}
    with pytest.raises(ValueError, match="no value for 'krw_per_usd'"):
        whatif.PledgeParams.from_values(PLEDGE_SPECS, partial)
    no_rate = {k: s for k, s in PLEDGE_SPECS.items() if k != "krw_per_usd"}
    with pytest.raises(KeyError, match="krw_per_usd"):  # a slider the section needs
        whatif.PledgeParams.from_values(no_rate, partial)


def test_a_family_field_takes_every_slider_of_its_prefix_in_order() -> None:
    specs = {
        "added_gpus": spec("added_gpus", 0, 100, 0, integer=True),
        "deploy_years": spec("deploy_years", 1, 5, 1, integer=True),
        "start_year": spec("start_year", 2026, 2030, 2026, integer=True),
        "target_year": spec("target_year", 2026, 2030, 2030, integer=True),
        "efficiency": spec("efficiency", 1, 3, 1),
        "added_ratio": spec("added_ratio", 0.5, 2, 1),
        "world_growth": spec("world_growth", 0, 3, 2.3),
        "growth_KOR": spec("growth_KOR", 0, 1, 0.1),
        "growth_FRA": spec("growth_FRA", 0, 1, 0.2),
    }
    values = {k: s.value for k, s in specs.items()} | {"growth_FRA": 3.0, "target_year": 2025.0}
    b = whatif.BuildoutParams.from_values(specs, values)
    assert b.growth == (("KOR", 0.1), ("FRA", 1.0))  # slider order, within bounds
    assert b.keys() == tuple(specs) == whatif.BuildoutParams.keys_of(specs)
    inputs = b.inputs(None)
    assert inputs.relative == {"KOR": 0.1, "FRA": 1.0} and inputs.target_year == 2026
    assert inputs.world_growth == 2.3 and inputs.path is None
    with pytest.raises(ValueError, match="growth_FRA"):
        whatif.BuildoutParams.from_values(
            specs, {k: v for k, v in values.items() if k != "growth_FRA"}
        )
    composite = whatif.CompositeParams.from_values(
        {**specs, **PLEDGE_SPECS, "weight_compute": spec("weight_compute", 0, 1, 0.5),
         "band_pct": spec("band_pct", 0, 50, 20)},
        {**values, **PLEDGE, "weight_compute": 0.0, "band_pct": 20.0},
    )  # fmt: skip
    assert composite.buildout == b and composite.pledge == whatif.PledgeParams(
        200.0, 4.0, 0.5, 1400.0
    )
    assert composite.pillar_weights() == {"compute": 0.0} and not composite.has_weight()


def test_each_section_reads_its_page_section(real) -> None:
    """The keys derived from each parameters object are the page's section (the cost of
    compute also reads the exchange rate; the composite, the sections it is fed by)."""
    _, found = real
    sections = found.sections
    assert whatif.BuildoutParams.keys_of(found) == sections["buildout"]
    assert whatif.PledgeParams.keys_of(found) == sections["investment"]
    assert whatif.TcoParams.keys_of(found) == (*sections["tco"], "krw_per_usd")
    assert set(whatif.CompositeParams.keys_of(found)) == {
        *sections["buildout"], *sections["investment"], *sections["composite"]
    }  # fmt: skip
    defaults = found.defaults()
    tco_inputs = whatif.TcoParams.from_values(found, defaults).inputs()
    for key, name in whatif.TCO_KEYS.items():
        assert getattr(tco_inputs, name) == found.sliders[key].value, key
    assert tco_inputs.electricity_price == found.assumptions["electricity_krw_per_kwh"].value


def build(found, values) -> whatif.BuildoutParams:
    return whatif.BuildoutParams.from_values(found, values)


def pledge(found, values) -> whatif.PledgeParams:
    return whatif.PledgeParams.from_values(found, values)


def index_of(found, values) -> whatif.CompositeParams:
    return whatif.CompositeParams.from_values(found, values)
