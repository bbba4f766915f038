"""Cost of compute: owning versus renting, break-even utilisation, KRW and USD."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from dashboard import DEFAULT_DATA_DIR
from dashboard.data.load import load
from dashboard.model.scenarios.assumptions import assumptions_from
from dashboard.model.scenarios.sections import TcoScenario
from dashboard.model.scenarios.tco import (
    HOURS_PER_YEAR,
    PARAMETERS,
    break_even_utilisation,
    capex_usd,
    cloud_presets,
    cloud_usd,
    energy_usd_per_gpu_hour,
    own_usd,
    sliders,
    tco,
)

# The worked example, typed out so that it pins the arithmetic, not the CSV.
EXAMPLE = TcoScenario(
    tco_gpus=10000,
    gpu_price_usd=30000,
    other_capex_per_gpu_usd=20000,
    facility_usd_per_mw=10.7e6,
    power_kw_per_gpu=1.275,
    draw_fraction=0.75,
    pue=1.3,
    electricity_krw_per_kwh=182.7,
    utilisation=0.6,
    lifetime_years=5,
    cloud_usd_per_gpu_hour=2.99,
    krw_per_usd=1363.53,
)


def test_worked_example_10000_gpus_owned_vs_rented_at_60_percent() -> None:
    r = tco(EXAMPLE)
    # capex: 10,000 x (30,000 + 20,000) = 500 M; building: 10,000 x 1.275 kW = 12.75 MW
    #        x 10.7 M = 136.425 M; total 636.425 M USD
    assert r.capex_usd == pytest.approx(636.425e6)
    # used hours: 10,000 x 8,766 h x 5 years x 0.6 = 262.98 M GPU-hours
    assert r.used_gpu_hours == pytest.approx(262.98e6)
    # energy per used hour: 1.275 kW x 0.75 x 1.3 = 1.243125 kWh x 182.7 KRW = 227.12 KRW
    #        / 1,363.53 = 0.16657 USD; x 262.98 M h = 43.80 M USD
    assert energy_usd_per_gpu_hour(EXAMPLE) == pytest.approx(0.166567, abs=1e-6)
    assert r.energy_usd == pytest.approx(43.80e6, rel=1e-3)
    # own 636.43 + 43.80 = 680.23 M USD; cloud 262.98 M h x 2.99 = 786.31 M USD
    assert r.own_usd == pytest.approx(680.23e6, rel=1e-4)
    assert r.cloud_usd == pytest.approx(786.3102e6)
    assert r.own_usd < r.cloud_usd  # owning is cheaper
    # per used GPU-hour: 680.23 / 262.98 = 2.587 USD owned vs 2.99 rented
    assert r.own_per_hour_usd == pytest.approx(2.5866, abs=1e-4)
    assert r.cloud_per_hour_usd == pytest.approx(2.99)
    # break-even: 636.425 M / (10,000 x 8,766 x 5 x (2.99 - 0.16657)) = 636.425 / 1,237.5
    #        = 0.514: above 51% utilisation owning is cheaper
    assert r.break_even_utilisation == pytest.approx(0.51428, abs=1e-5)
    # KRW at the same rate (the pages multiply): 680.23 M x 1,363.53 = 927.5 bn won
    assert r.krw_per_usd == 1363.53
    assert r.own_usd * r.krw_per_usd == pytest.approx(927.5e9, rel=1e-4)


def test_sliders_open_on_the_assumptions_under_the_link_keys() -> None:
    a = assumptions_from(load(DEFAULT_DATA_DIR))
    specs = sliders(a)
    assert set(specs) == set(PARAMETERS)  # the URL keys, no renaming map in between
    for key, parameter in PARAMETERS.items():
        assert specs[key].key == key and specs[key].value == a[parameter].value
    assert [p.value for p in cloud_presets(a)] == [2.99, 6.88, 10.92]


def test_no_break_even_when_an_owned_hour_costs_more_than_a_rented_one() -> None:
    # electricity alone above the cloud price: owning never catches up
    dear = replace(EXAMPLE, electricity_krw_per_kwh=700.0, cloud_usd_per_gpu_hour=0.5)
    assert break_even_utilisation(dear) is None
    # or the break-even would need more than 100% of the hours
    cheap_cloud = replace(EXAMPLE, cloud_usd_per_gpu_hour=1.0)
    assert break_even_utilisation(cheap_cloud) is None
    assert tco(cheap_cloud).own_usd > tco(cheap_cloud).cloud_usd  # renting is cheaper


def test_inputs_are_checked() -> None:
    for bad in (
        {"utilisation": 0},
        {"utilisation": 1.2},
        {"pue": 0.9},
        {"tco_gpus": -1},
        {"lifetime_years": 0},
        {"krw_per_usd": 0},
        {"electricity_krw_per_kwh": -1},
    ):
        with pytest.raises(ValueError):
            replace(EXAMPLE, **bad)


# ---------------------------------------------------------------- properties

inputs = st.builds(
    TcoScenario,
    tco_gpus=st.floats(1, 1e6),
    gpu_price_usd=st.floats(0, 1e5),
    other_capex_per_gpu_usd=st.floats(0, 1e5),
    facility_usd_per_mw=st.floats(0, 2e7),
    power_kw_per_gpu=st.floats(0.1, 3),
    draw_fraction=st.floats(0.05, 1),
    pue=st.floats(1, 3),
    electricity_krw_per_kwh=st.floats(0, 400),
    utilisation=st.floats(0.01, 1),
    lifetime_years=st.floats(1, 10),
    cloud_usd_per_gpu_hour=st.floats(0.1, 20),
    krw_per_usd=st.floats(500, 3000),
)


@given(inputs)
def test_break_even_makes_both_costs_equal(i: TcoScenario) -> None:
    u = break_even_utilisation(i)
    if u is None:
        # never breaks even: renting is no dearer at any utilisation (the gap is linear)
        assert own_usd(i, 1.0) >= cloud_usd(i, 1.0) * (1 - 1e-9)
        return
    assert 0 <= u <= 1
    assert own_usd(i, u) == pytest.approx(cloud_usd(i, u), rel=1e-9)


@given(inputs, st.floats(0.01, 1), st.floats(0.01, 1))
def test_owning_gets_relatively_cheaper_with_use(i: TcoScenario, u1: float, u2: float) -> None:
    low, high = sorted((u1, u2))
    assume(high - low > 1e-6)
    per_hour = [
        own_usd(i, u) / (u * i.tco_gpus * HOURS_PER_YEAR * i.lifetime_years) for u in (low, high)
    ]
    assert per_hour[1] <= per_hour[0] * (1 + 1e-12)
    assert capex_usd(i) <= own_usd(i, low)


@given(inputs)
def test_the_result_carries_the_rate_and_adds_up(i: TcoScenario) -> None:
    r = tco(i)
    assert r.krw_per_usd == i.krw_per_usd
    assert r.own_usd == pytest.approx(r.capex_usd + r.energy_usd, rel=1e-12)
