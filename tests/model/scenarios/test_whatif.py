"""The what-if page's settings: sliders from the assumptions and the data, presets, the
values a link resolves to (checked once, into one object per section named as the link
names it), and the sections fed by them (worked examples pinned)."""

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
from dashboard.model.scenarios import pipelines, whatif
from dashboard.model.scenarios.assumptions import SliderSpec
from dashboard.model.scenarios.sections import (
    BuildoutScenario,
    CompositeScenario,
    PledgeScenario,
    Scenario,
    TcoScenario,
)
from dashboard.model.scenarios.tco import HOURS_PER_YEAR
from tests.support.app import DataCopy
from tests.support.folders import make_folder

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
    planned = pipelines.korean_gpu_figures(data)
    assert found.sliders["tco_gpus"].value == planned["value"].min()  # the 10,000 plan


def test_the_us_share_opens_on_its_start_share_outside_china(real) -> None:
    data, found = real
    from dashboard.model.scenarios import buildout

    base = buildout.baseline(data, found.assumptions)
    us, chn = base.starts.by_entity["USA"].share.central, base.starts.by_entity["CHN"].share.central
    spec = found.sliders["us_share_non_china"]
    assert spec.value == pytest.approx(us / (100 - chn), abs=1e-4) and spec.basis == "data"
    band = found.assumptions["share_slider_band"].value
    assert (spec.min, spec.max) == pytest.approx((spec.value - band, spec.value + band), abs=1e-4)


def test_the_retired_sliders_are_gone_and_their_links_fall_back_with_a_notice(real) -> None:
    data, found = real
    for old in ("world_growth", "growth_KOR", "efficiency"):
        assert old not in found.sliders
    state, notices = whatif.parse_link(
        {"s.growth_KOR": "0.1", "s.efficiency": "1.5", "s.target_year": "2029"}, data
    )
    assert {n.param for n in notices} == {"s.growth_KOR", "s.efficiency"}
    assert {n.reason for n in notices} == {"unknown_param"}
    assert state.scenario == (("target_year", 2029.0),)


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


def test_a_plain_link_builds_no_sliders(real, monkeypatch: pytest.MonkeyPatch) -> None:
    """Only a link that sets a scenario needs the what-if sliders to be read."""
    data, _ = real

    def refused(_data):
        raise AssertionError("sliders built for a link that sets no scenario")

    monkeypatch.setattr(whatif, "url_sliders", refused)
    state, notices = whatif.parse_link({"countries": "KOR,CHN", "lang": "en"}, data)
    assert state.countries == ("KOR", "CHN") and state.lang == "en" and not notices
    for key in ("s.target_year", "preset", "sc1.name"):
        with pytest.raises(AssertionError, match="sliders built"):
            whatif.parse_link({key: "2029"}, data)


def test_settings_are_read_once_per_data_content(real, data_copy: DataCopy) -> None:
    data, found = real
    assert whatif.settings_of(data) is found  # worked out once, then remembered
    again = load(DEFAULT_DATA_DIR)  # the same files again: the same settings, by value
    assert whatif.settings_of(again) is found
    pue = next(
        i for i, r in enumerate(data_copy.rows("assumptions.csv")) if r["parameter"] == "pue"
    )
    data_copy.set_cell("assumptions.csv", pue, "value", "1.4")  # an edit the sliders show
    edited = whatif.settings_of(load(data_copy.folder))
    assert edited is not found and edited.cache_key != found.cache_key


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
    assert [p.id for p in found.presets] == [p.id for p in pipelines.presets(data)]
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
        found, (("target_year", 2040.0), ("added_gpus", 12.6), ("pue", -3.0), ("nonsense", 1.0))
    )
    assert values["target_year"] == 2030
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


def test_a_link_becomes_one_object_per_section_named_as_the_link_names_it(real) -> None:
    _, found = real
    s = whatif.scenario(found, (("kor_deal_realisation", 0.5), ("pue", 1.5)), "none")
    assert isinstance(s, Scenario)
    assert s.buildout.kor_deal_realisation == 0.5 and s.buildout.preset == "none"
    assert s.cost.pue == 1.5 and s.index.buildout == s.buildout and s.index.pledge == s.pledge
    for section in (s.buildout, s.pledge, s.cost):
        assert set(section.keys()) <= set(found.sliders)  # every field is a link key
    assert s.cost.krw_per_usd == s.pledge.krw_per_usd  # one rate, read by both


def test_without_a_path_korea_adds_only_its_deal(real) -> None:
    data, found = real
    none = whatif.scenario(found, (), whatif.NO_PRESET).buildout
    nothing = whatif.scenario(found, (("kor_deal_realisation", 0.0),), whatif.NO_PRESET).buildout
    frame = whatif.projection(data, found, nothing, COUNTRIES).frame
    korea = frame[frame["entity"] == HOME].sort_values("year")
    assert (korea["added_h100e"] == 0).all()  # no path, no deal: it only retires
    assert korea["scenario_compute"].is_monotonic_decreasing
    with_deal = whatif.projection(data, found, none, COUNTRIES).frame
    assert with_deal[with_deal["entity"] == HOME]["added_h100e"].sum() > 0


def test_worked_example_50000_extra_gpus_over_2026_2028(real) -> None:
    data, found = real
    base = whatif.scenario(found).buildout
    extra = whatif.scenario(found, (("added_gpus", 50000), ("deploy_years", 3))).buildout
    assert extra.added_ratio == found.assumptions["h100e_ratio_unknown"].value  # an H100 each
    before = whatif.projection(data, found, base, COUNTRIES).frame
    after = whatif.projection(data, found, extra, COUNTRIES).frame
    gain = (
        after.loc[after["entity"] == HOME, "scenario_compute"].to_numpy()
        - before.loc[before["entity"] == HOME, "scenario_compute"].to_numpy()
    )
    # 50,000 / 3 a year from 2026: 16,667, 33,333, 50,000 H100e more by 2026, 2027, 2028
    assert gain == pytest.approx([0, 50000 / 3, 100000 / 3, 50000])


def test_worked_example_100_trillion_won_over_5_years_vs_stargate(real) -> None:
    data, found = real
    plans = whatif.plans(data, whatif.scenario(found, (("pledge_years", 5),)).pledge, COUNTRIES)
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
    result = whatif.cost(whatif.scenario(found, (("tco_gpus", 10000), ("utilisation", 0.6))).cost)
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
    base = whatif.index(data, found, whatif.scenario(found).index, COUNTRIES)
    levers = (("added_gpus", 600000), ("added_ratio", 2.27), ("kor_deal_realisation", 1.0))
    more = whatif.index(data, found, whatif.scenario(found, levers).index, COUNTRIES)
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
    result = whatif.index(data, found, whatif.scenario(found).index, COUNTRIES)
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
    one, other = (Scenario.from_values(found.sliders, v, "") for v in (values, elsewhere))
    frame = whatif.projection(data, found, one.buildout, COUNTRIES)
    assert whatif.projection(data, found, other.buildout, COUNTRIES) is frame
    plans = whatif.plans(data, one.pledge, COUNTRIES)
    assert whatif.plans(data, other.pledge, COUNTRIES) is plans
    result = whatif.index(data, found, one.index, COUNTRIES)
    assert whatif.index(data, found, other.index, COUNTRIES) is result
    added = Scenario.from_values(
        found.sliders, {**values, "added_gpus": found.sliders["added_gpus"].max}, ""
    )
    assert whatif.projection(data, found, added.buildout, COUNTRIES) is not frame
    assert whatif.index(data, found, added.index, COUNTRIES) is not result


# ---------------------------------------------------------------- section parameters


def spec(key: str, low: float, high: float, value: float, *, integer: bool = False) -> SliderSpec:
    return SliderSpec(
        key=key,
        label_en=key,
        label_ko=key,
        value=value,
        min=low,
        max=high,
        step=1.0 if integer else 0.1,
        unit="count",
        source_id="",
        basis="data",
        integer=integer,
    )


PLEDGE_SPECS = {
    "pledge_krw_bn": spec("pledge_krw_bn", 0, 1000, 100),
    "pledge_years": spec("pledge_years", 1, 10, 5, integer=True),
    "public_share": spec("public_share", 0, 1, 0.35),
    "krw_per_usd": spec("krw_per_usd", 1000, 2000, 1350),
    "pue": spec("pue", 1, 2, 1.3),  # another section's
}
PLEDGE = {"pledge_krw_bn": 200.0, "pledge_years": 4.0, "public_share": 0.5, "krw_per_usd": 1400.0}


def test_params_hold_exactly_their_sections_values() -> None:
    p = PledgeScenario.from_values(PLEDGE_SPECS, {**PLEDGE, "pue": 1.5})
    assert p == PledgeScenario(200.0, 4.0, 0.5, 1400.0)
    assert p.values() == PLEDGE and p.keys() == tuple(PLEDGE)  # no "pue"
    assert PledgeScenario.keys_of(PLEDGE_SPECS) == tuple(PLEDGE)


def test_from_values_keeps_values_within_the_slider_bounds() -> None:
    wild = {**PLEDGE, "pledge_krw_bn": 5000.0, "pledge_years": 3.6, "public_share": -1.0}
    p = PledgeScenario.from_values(PLEDGE_SPECS, wild)
    assert p.pledge_krw_bn == 1000 and p.public_share == 0  # the bounds, as a link gets
    assert p.pledge_years == 4.0 and isinstance(p.pledge_years, float)  # whole: rounded
    for bad in (float("nan"), float("inf")):
        with pytest.raises(ValueError, match="finite"):
            PledgeScenario.from_values(PLEDGE_SPECS, {**PLEDGE, "public_share": bad})


def test_from_values_refuses_unknown_and_missing_keys() -> None:
    with pytest.raises(ValueError, match="no slider for 'pledge_yeers'"):
        PledgeScenario.from_values(PLEDGE_SPECS, {**PLEDGE, "pledge_yeers": 3.0})
    partial = {k: v for k, v in PLEDGE.items() if k != "krw_per_usd"}
    with pytest.raises(ValueError, match="no value for 'krw_per_usd'"):
        PledgeScenario.from_values(PLEDGE_SPECS, partial)
    no_rate = {k: s for k, s in PLEDGE_SPECS.items() if k != "krw_per_usd"}
    with pytest.raises(KeyError, match="krw_per_usd"):  # a slider the section needs
        PledgeScenario.from_values(no_rate, partial)


def test_a_family_field_takes_every_slider_of_its_prefix_in_order() -> None:
    specs = {
        **PLEDGE_SPECS,
        "weight_compute": spec("weight_compute", 0, 1, 0.5),
        "weight_rankings": spec("weight_rankings", 0, 1, 0.5),
        "band_pct": spec("band_pct", 0, 50, 20),
    }
    build = {k: spec(k, 0, 1e7, 0) for k in BuildoutScenario.__dataclass_fields__ if k != "preset"}
    values = {k: s.value for k, s in {**specs, **build}.items()} | {
        **PLEDGE,
        "weight_compute": 0.0,
        "weight_rankings": 9.0,
    }
    c = CompositeScenario.from_values({**specs, **build}, values, preset="none")
    assert c.weights == (("compute", 0.0), ("rankings", 1.0))  # slider order, within bounds
    assert c.pledge == PledgeScenario(200.0, 4.0, 0.5, 1400.0) and c.buildout.preset == "none"
    assert c.pillar_weights() == {"compute": 0.0, "rankings": 1.0} and c.has_weight()
    assert "preset" not in c.values()  # a text field is not a slider


def test_each_section_reads_its_page_section(real) -> None:
    """The keys each section reads are the page's section (the cost of compute also reads
    the exchange rate; the composite, the sections it is fed by)."""
    _, found = real
    sections, sliders = found.sections, found.sliders
    assert BuildoutScenario.keys_of(sliders) == sections["buildout"]
    assert PledgeScenario.keys_of(sliders) == sections["investment"]
    assert TcoScenario.keys_of(sliders) == (*sections["tco"], "krw_per_usd")
    assert set(CompositeScenario.keys_of(sliders)) == {
        *sections["buildout"],
        *sections["investment"],
        *sections["composite"],
    }
