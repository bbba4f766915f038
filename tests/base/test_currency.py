"""Conversion at the data's rates: nearest year, USD identity, round trip, gaps."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.base.currency import from_usd, rate_for, to_usd

RATES = {("KRW", 2023): 1306.85, ("KRW", 2024): 1363.5, ("EUR", 2024): 0.9239}


def test_same_year_and_nearest_year() -> None:
    assert rate_for("KRW", 2023, RATES) == (1306.85, 2023)
    assert rate_for("KRW", 2030, RATES) == (1363.5, 2024)
    assert rate_for("EUR", 2019, RATES) == (0.9239, 2024)
    assert rate_for("USD", 2031, RATES) == (1.0, 2031)


def test_no_rate_no_conversion() -> None:
    assert to_usd(100, "JPY", 2024, RATES) is None


def test_worked_example() -> None:
    # EUR 109 bn at 0.9239 EUR per USD = 109 / 0.9239 = 117.98 USD bn
    usd, year = to_usd(109, "EUR", 2025, RATES)
    assert usd == pytest.approx(117.978, abs=1e-3) and year == 2024


@given(st.floats(0, 1e9), st.sampled_from(["KRW", "EUR", "USD"]), st.integers(2000, 2040))
def test_round_trip(amount: float, currency: str, year: int) -> None:
    usd, _ = to_usd(amount, currency, year, RATES)
    back, _ = from_usd(usd, currency, year, RATES)
    assert back == pytest.approx(amount, rel=1e-12, abs=1e-9)
