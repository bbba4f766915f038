"""The world's stock and flow: the accounting holds every year, growth slows, chips retire
after their life, the start draws its measured power; and the backtest: run from 2023
data, the 2025 stock lands within 30% of the measured 17.1 million H100e."""

from __future__ import annotations

import csv
from dataclasses import replace
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard import DEFAULT_DATA_DIR
from dashboard.data.domain import WORLD, WORLD_COMPUTE
from dashboard.data.load import load
from dashboard.model import views
from dashboard.model.scenarios import buildout, whatif, world
from dashboard.model.scenarios.assumptions import assumptions_from

# Epoch AI's chip owners data, pinned by data/derive (URL and sha256 in its manifest):
# cumulative H100e by owner, designer and quarter.
CHIP_OWNERS = (
    DEFAULT_DATA_DIR
    / "derive"
    / "inputs"
    / "epoch_ai_chip_owners_cumulative_by_designer_2026-05.csv"
)
BACKTEST_TOLERANCE = 0.30  # the issue's: within 30% of the measured total

EXAMPLE = world.WorldInputs(start_year=2025, end_year=2030, stock=100.0, growth=3.0, slowdown=0.5,
                            life=3, power_gw=10.0, efficiency=0.25)  # fmt: skip


def test_worked_example_by_hand() -> None:
    p = world.path(EXAMPLE)
    # The start's vintages: 100 x (1 - 1/3) = 66.67 added in 2025, 22.22 in 2024, 7.41 in
    # 2023, and the 3.70 left lumped into 2022 (older than the 3-year life).
    assert p.vintages[2025] == pytest.approx(200 / 3)
    assert p.vintages[2024] == pytest.approx(200 / 9)
    assert p.vintages[2022] == pytest.approx(100 - 200 / 3 - 200 / 9 - 200 / 27)
    # Growth of additions: 3 -> 1 + 2 x 0.5 = 2 -> 1.5 -> 1.25
    assert [p.growth[y] for y in (2025, 2026, 2027, 2028)] == pytest.approx([3, 2, 1.5, 1.25])
    assert p.added[2026] == pytest.approx(200 / 3 * 2)
    # 2026: 2022 and 2023 vintages retire (a 3-year life: 2024, 2025, 2026 count)
    assert p.stock[2026] == pytest.approx(200 / 9 + 200 / 3 + 400 / 3)
    assert p.retired[2026] == pytest.approx(100 - 200 / 9 - 200 / 3)
    assert p.stock[2025] == 100.0 and p.power_gw[2025] == pytest.approx(10.0)


@pytest.mark.parametrize(
    "inputs", [EXAMPLE, replace(EXAMPLE, life=5, slowdown=0.1, efficiency=0.6)]
)
def test_stock_is_last_stock_plus_additions_minus_retirements(inputs) -> None:
    p = world.path(inputs)
    for year in list(p.years)[1:]:
        assert p.stock[year] == pytest.approx(p.stock[year - 1] + p.added[year] - p.retired[year])
        assert p.retired[year] >= -1e-9


def test_newer_chips_draw_less_power_per_h100e() -> None:
    p = world.path(EXAMPLE)
    kw = [p.kw[y] for y in sorted(p.kw)]
    assert all(b < a for a, b in pairwise(kw))
    assert p.kw[2026] == pytest.approx(p.kw[2025] / 1.25)


def test_inputs_are_checked() -> None:
    for bad in ({"growth": 1.0}, {"stock": 0}, {"slowdown": 1.0}, {"life": 0}, {"end_year": 2024}):
        with pytest.raises(ValueError):
            replace(EXAMPLE, **bad)


@given(st.floats(1.1, 5), st.floats(0, 0.95), st.integers(2, 8), st.floats(0, 1),
       st.floats(1e3, 1e9))  # fmt: skip
def test_growth_slows_and_the_accounting_holds(growth, slowdown, life, efficiency, stock) -> None:
    p = world.path(replace(EXAMPLE, growth=growth, slowdown=slowdown, life=life,
                           efficiency=efficiency, stock=stock))  # fmt: skip
    years = list(p.years)
    assert all(p.growth[b] <= p.growth[a] + 1e-12 for a, b in pairwise(years))
    assert all(p.growth[y] >= 1 for y in years)
    for year in years[1:]:
        assert p.stock[year] == pytest.approx(
            p.stock[year - 1] + p.added[year] - p.retired[year], rel=1e-9
        )
        assert p.power_gw[year] > 0 and p.added_power_gw[year] > 0


# ---------------------------------------------------------------- the backtest


def world_by_year_end() -> dict[int, float]:
    """The world's cumulative H100e at each year's end in Epoch's chip owners data (legally
    acquired chips, medians summed over owners and designers)."""
    totals: dict[str, float] = {}
    with open(CHIP_OWNERS, encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if r["Owner"] != "China (smuggled)":
                totals[r["End date"]] = totals.get(r["End date"], 0.0) + float(
                    r["Compute estimate in H100e (median)"]
                )
    return {int(d[:4]): v for d, v in totals.items() if d.endswith("12-31")}


def test_the_world_run_from_2023_data_lands_2025_within_30_percent() -> None:
    """V15: start in 2023 with Epoch's 2023 stock and the 2023 growth of additions over
    2022; the same slowdown, life and efficiency as the shipped default; the 2025 stock
    is within 30% of the data's measured 2025 total."""
    data = load(DEFAULT_DATA_DIR)
    a = assumptions_from(data)
    ends = world_by_year_end()
    added, added_before = ends[2023] - ends[2022], ends[2022] - ends.get(2021, 0.0)
    measured = views.pick_one(data.figures(WORLD_COMPUTE, [WORLD]).query("year == 2025"))
    target = float(measured["value"].iloc[0])
    base = buildout.world_inputs(buildout.baseline(data, a), a, default_buildout(data), "central")
    run = world.backtest(
        ends[2023], added, added_before, replace(base, start_year=2023, end_year=2025)
    )
    assert abs(run.stock[2025] / target - 1) <= BACKTEST_TOLERANCE, run.stock[2025]
    # and against Epoch's own later estimate of the same year, on its own basis
    assert abs(run.stock[2025] / ends[2025] - 1) <= 0.4


def default_buildout(data):
    return whatif.scenario(whatif.settings_of(data)).buildout
