"""Converting amounts to US dollars at the data's own exchange rates.

Rates come from the data (context.csv, `fx_per_usd`), never from code. An amount is
converted at its own year's rate when the data has one, else at the nearest year the
data has, and the year used is returned so a view can say so. With no rate for a
currency at all, there is no conversion (None): a gap stays a gap.
"""

from __future__ import annotations

from collections.abc import Mapping

Rates = Mapping[tuple[str, int], float]  # (currency, year) -> units per USD


def rate_for(currency: str, year: int, rates: Rates) -> tuple[float, int] | None:
    """Units of `currency` per USD for `year`, or the nearest year's; with that year."""
    if currency == "USD":
        return 1.0, year
    years = sorted(y for c, y in rates if c == currency)
    if not years:
        return None
    nearest = min(years, key=lambda y: (abs(y - year), -y))  # ties: the later year
    return rates[(currency, nearest)], nearest


def to_usd(amount: float, currency: str, year: int, rates: Rates) -> tuple[float, int] | None:
    """`amount` in USD, and the rate year used; None when the data has no rate."""
    found = rate_for(currency, year, rates)
    if found is None:
        return None
    rate, used = found
    return amount / rate, used


def from_usd(amount_usd: float, currency: str, year: int, rates: Rates) -> tuple[float, int] | None:
    found = rate_for(currency, year, rates)
    if found is None:
        return None
    rate, used = found
    return amount_usd * rate, used
