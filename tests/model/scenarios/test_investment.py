"""Investment comparison: Korea's pledge from the data against peers' plans, conversions."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard import DEFAULT_DATA_DIR
from dashboard.base.currency import to_usd
from dashboard.data.load import HOME, Data, load
from dashboard.model.scenarios.assumptions import Assumption, assumptions_from
from dashboard.model.scenarios.investment import (
    compare,
    korea_pledges,
    krw_to_usd,
    peer_rows,
    peers_without_rate,
    pledge_start,
    private_part_usd_bn,
    round_trip,
    sliders,
    usd_to_krw,
    with_krw_rate,
)
from dashboard.model.scenarios.sections import PledgeScenario
from dashboard.model.views import plans_in_usd
from tests.support.folders import scenario_mini


@pytest.fixture(scope="module")
def mini(tmp_path_factory: pytest.TempPathFactory) -> tuple[Data, dict[str, Assumption]]:
    return scenario_mini(tmp_path_factory, "investment")


def row(frame, entity: str, metric: str, year: int | None = None):
    sel = (frame["entity"] == entity) & (frame["metric"] == metric)
    if year is not None:
        sel &= frame["end_year"] == year
    return frame[sel].iloc[0]


def default_inputs(data: Data, a: dict[str, Assumption]) -> PledgeScenario:
    """Korea's pledge as the data has it, at the data's rate for its first year: what the
    section's sliders open on (`sliders`)."""
    specs = sliders(data, a)
    return PledgeScenario.from_values(specs, {k: s.value for k, s in specs.items()})


def test_the_pledge_comes_from_the_data_with_its_period(mini) -> None:
    data, a = mini
    best = korea_pledges(data)[0]
    # The row with a stated period (2026-2030) wins over the article's period-less row
    assert (best.amount_krw_bn, best.start_year, best.end_year, best.years) == (
        100000,
        2026,
        2030,
        5,
    )
    got = default_inputs(data, a)
    assert got.pledge_krw_bn == 100000 and got.pledge_years == 5 and pledge_start(data) == 2026
    assert got.krw_per_usd == 1350  # the data's rate, nearest year to 2026
    assert got.public_share == a["kor_plan_public_share"].value


def test_worked_example_korea_against_stargate_france_and_china(mini) -> None:
    data, a = mini
    frame = compare(data, default_inputs(data, a))
    kor = frame.iloc[0]
    assert kor["entity"] == HOME and kor["is_scenario"]
    # 100,000 KRW bn / 1,350 = 74.07 USD bn; over 5 years = 14.81 a year
    assert kor["usd_bn"] == pytest.approx(74.0741, abs=1e-4)
    assert kor["annual_usd_bn"] == pytest.approx(14.8148, abs=1e-4)
    # per person: 14.8148 bn / 50 m people = 296.30 USD a year; GDP: 14.8148 / 1,800 = 0.823%
    assert kor["per_capita_usd"] == pytest.approx(296.296, abs=1e-3)
    assert kor["gdp_share_pct"] == pytest.approx(0.823045, abs=1e-6)
    assert kor["public_annual_usd_bn"] == pytest.approx(14.8148 * 0.35, abs=1e-4)
    # Stargate: USD 500 bn over 2025-2028 = 125 a year; per person 125 / 340 = 367.65 USD
    usa = row(frame, "USA", "private_ai_infrastructure_pledge")
    assert usa["years"] == 4 and usa["annual_usd_bn"] == 125
    assert usa["per_capita_usd"] == pytest.approx(367.647, abs=1e-3)
    assert usa["status"] == "pledged"
    # France: EUR 109 bn at 0.9 per USD = 121.11 USD bn; no period, so no yearly figures
    fra = row(frame, "FRA", "national_ai_plan")
    assert fra["usd_bn"] == pytest.approx(121.111, abs=1e-3) and not fra["period_known"]
    assert math.isnan(fra["annual_usd_bn"]) and math.isnan(fra["per_capita_usd"])
    assert fra["total_per_capita_usd"] == pytest.approx(121.111 / 68 * 1e3, abs=1e-2)
    assert math.isnan(fra["total_gdp_share_pct"])  # France has no GDP figure here
    # China: each state fund is its own row; the CICC forecast keeps its status
    assert len(frame[(frame["entity"] == "CHN") & (frame["metric"] == "state_ai_fund")]) == 2
    guidance = row(frame, "CHN", "state_ai_fund", 2045)
    assert guidance["years"] == 20 and guidance["annual_usd_bn"] == pytest.approx(1000 / 7.2 / 20)
    assert row(frame, "CHN", "ai_investment_forecast")["status"] == "forecast"


def test_korea_is_not_among_the_peers_and_each_peer_plan_appears_once(mini) -> None:
    data, _ = mini
    peers = peer_rows(data)
    assert HOME not in set(peers["entity"])
    assert len(peers[(peers["entity"] == "FRA")]) == 1


def test_peers_use_the_same_conversion_as_the_views_layer(mini) -> None:
    data, a = mini
    frame = compare(data, default_inputs(data, a)).iloc[1:]
    views = plans_in_usd(peer_rows(data), data)
    assert sorted(frame["usd_bn"]) == pytest.approx(sorted(views["usd_bn"]))


def test_a_currency_without_a_rate_is_left_out_and_listed(mini) -> None:
    data, a = mini
    obs = data.observations.copy()
    obs.loc[(obs["entity"] == "FRA") & (obs["metric"] == "national_ai_plan"), "currency"] = "JPY"
    no_rate = replace(data, observations=obs)
    frame = compare(no_rate, default_inputs(no_rate, a))
    assert "FRA" not in set(frame["entity"])
    assert list(peers_without_rate(no_rate)["entity"]) == ["FRA"]


def test_sliders_default_to_the_data(mini) -> None:
    data, a = mini
    specs, defaults = sliders(data, a), default_inputs(data, a)
    multiple = a["data_slider_max_multiple"].value
    assert list(specs) == ["pledge_krw_bn", "pledge_years", "public_share", "krw_per_usd"]
    assert all(k == spec.key for k, spec in specs.items())  # the link's keys, no renaming
    assert specs["pledge_krw_bn"].value == defaults.pledge_krw_bn == 100000
    assert specs["pledge_krw_bn"].max == 100000 * multiple and specs["pledge_krw_bn"].min == 0
    assert (
        specs["pledge_years"].value == defaults.pledge_years == 5 and specs["pledge_years"].min == 1
    )
    assert specs["krw_per_usd"].value == defaults.krw_per_usd
    assert specs["public_share"].value == defaults.public_share == a["kor_plan_public_share"].value


def test_the_private_part_is_what_the_composite_adds(mini) -> None:
    data, a = mini
    # 100,000 KRW bn / 1,350 / 5 years x (1 - 0.35) = 9.6296 USD bn a year
    assert private_part_usd_bn(default_inputs(data, a)) == pytest.approx(100000 / 1350 / 5 * 0.65)


def test_inputs_are_checked() -> None:
    for bad in (
        {"pledge_years": 0},
        {"public_share": 1.5},
        {"krw_per_usd": 0},
        {"pledge_krw_bn": -1},
    ):
        with pytest.raises(ValueError):
            PledgeScenario(**{"pledge_krw_bn": 1, "pledge_years": 5, "public_share": 0.3,
                              "krw_per_usd": 1350, **bad})  # fmt: skip


# ---------------------------------------------------------------- properties

amounts = st.floats(0, 1e9, allow_nan=False)
rates = st.floats(100, 3000, allow_nan=False)


@given(amounts, rates)
def test_krw_usd_round_trip(amount: float, rate: float) -> None:
    assert usd_to_krw(krw_to_usd(amount, rate), rate) == pytest.approx(amount, rel=1e-12)
    assert krw_to_usd(usd_to_krw(amount, rate), rate) == pytest.approx(amount, rel=1e-12)


@pytest.fixture(scope="module")
def mini_rates(mini) -> dict[tuple[str, int], float]:
    return mini[0].fx_per_usd()


@settings(deadline=None)
@given(amounts, st.sampled_from(["KRW", "CNY", "EUR", "USD"]), st.integers(2000, 2050), rates)
def test_round_trip_at_the_data_rates_and_the_readers_krw_rate(
    mini_rates, amount: float, currency: str, year: int, krw: float
) -> None:
    data_rates = mini_rates
    for table in (data_rates, with_krw_rate(data_rates, krw)):
        assert round_trip(amount, currency, year, table) == pytest.approx(
            amount, rel=1e-12, abs=1e-9
        )


@pytest.fixture(scope="module")
def defaults_frame(mini):
    data, a = mini
    return default_inputs(data, a), compare(data, default_inputs(data, a))


@settings(max_examples=30, deadline=None)
@given(st.floats(0, 5e5), st.integers(1, 10), st.floats(0, 1), rates)
def test_korea_row_is_consistent_and_peers_ignore_the_krw_rate(
    mini, defaults_frame, amount: float, years: int, share: float, krw: float
) -> None:
    data, _ = mini
    defaults, baseline = defaults_frame
    inputs = replace(
        defaults, pledge_krw_bn=amount, pledge_years=years, public_share=share, krw_per_usd=krw
    )
    frame = compare(data, inputs)
    kor = frame.iloc[0]
    assert kor["usd_bn"] * krw == pytest.approx(amount, rel=1e-12, abs=1e-9)
    assert kor["annual_usd_bn"] * years == pytest.approx(kor["usd_bn"], rel=1e-12, abs=1e-12)
    assert kor["public_annual_usd_bn"] <= kor["annual_usd_bn"] + 1e-12
    # every peer here is in USD, EUR or CNY: the reader's KRW rate changes only KRW columns
    assert list(frame.iloc[1:]["usd_bn"]) == list(baseline.iloc[1:]["usd_bn"])
    assert frame.iloc[1:]["krw_bn"].to_numpy() == pytest.approx(
        baseline.iloc[1:]["usd_bn"].to_numpy() * krw
    )


def test_defaults_reproduce_the_data_exactly(mini) -> None:
    data, a = mini
    kor = compare(data, default_inputs(data, a)).iloc[0]
    data_value = data.figures("national_ai_plan", [HOME]).query("period_start == 2026")
    expected = to_usd(float(data_value["value"].iloc[0]), "KRW", 2026, data.fx_per_usd())[0]
    assert kor["usd_bn"] == expected and kor["amount_bn"] == data_value["value"].iloc[0]
    assert kor["rate_year"] == 2024  # the data's rate, and it says which year


# ---------------------------------------------------------------- the real data


def test_on_the_real_data() -> None:
    data = load(DEFAULT_DATA_DIR)
    a = assumptions_from(data)
    defaults = default_inputs(data, a)
    best = korea_pledges(data)[0]
    assert defaults.pledge_krw_bn == best.amount_krw_bn and defaults.pledge_years == best.years
    frame = compare(data, defaults)
    kor = frame.iloc[0]
    expected = to_usd(best.amount_krw_bn, "KRW", best.start_year, data.fx_per_usd())[0]
    assert kor["usd_bn"] == expected
    assert set(frame["metric"]) <= {
        "national_ai_plan",
        "private_ai_infrastructure_pledge",
        "state_ai_fund",
        "ai_investment_forecast",
    }
    assert frame["status"].ne("").all()
