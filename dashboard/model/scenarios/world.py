"""The world's AI compute as stock and flow, with the power it draws.

Stock. The start year's stock is the measured world total (H100e; cumulative chips sold,
so nothing retired yet). It is split into yearly vintages as a stock growing by `growth`
a year would hold them: the start year added S x (1 - 1/g), each year before 1/g of the
year after, and everything older than a chip's service life lumped into one vintage.

Flow. Each later year adds the year before's additions times a growth that slows: the
excess over 1 shrinks by `slowdown` a year (g_t = 1 + (g_{t-1} - 1)(1 - slowdown)), as
published capex and chip-sales expectations slow (`world_sales_slowdown` in
data/assumptions.csv says how it is derived). A vintage added in year v counts through
v + life - 1 and retires after; the start year keeps the measured total whole.

Power. Each vintage draws a fixed power per H100e that falls by `efficiency` a year from
one vintage to the next (chip generations); the start-year vintage's is set so that the
start stock draws the measured power. The start stock's older vintages draw more per
H100e, newer chips less: power(t) = sum over the stock's vintages of H100e x kW.

This module is arithmetic on numbers: it reads no data and knows no country.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

KW_PER_GW = 1e6


@dataclass(frozen=True)
class WorldInputs:
    start_year: int
    end_year: int
    stock: float  # H100e at the start (cumulative sales)
    growth: float  # the start year's growth of additions, as a factor (3.3 = 3.3x)
    slowdown: float  # share of the excess growth lost each year (0..1)
    life: int  # years a chip counts
    power_gw: float  # what the start stock draws
    efficiency: float  # yearly gain in H100e per watt of new chips (0.4 = +40%)

    def __post_init__(self) -> None:
        if self.growth <= 1 or self.stock <= 0 or self.power_gw <= 0:
            raise ValueError("growth must exceed 1, stock and power must be positive")
        if not 0 <= self.slowdown < 1 or self.life < 1 or self.efficiency <= -1:
            raise ValueError("slowdown within 0..1, life at least a year, efficiency above -100%")
        if self.end_year < self.start_year:
            raise ValueError(f"end {self.end_year} before start {self.start_year}")


@dataclass(frozen=True)
class WorldPath:
    """The world by year (start to end): stock, additions, retirements, power (GW) and the
    power of the year's additions; and the vintages with their kW per H100e."""

    inputs: WorldInputs
    vintages: Mapping[int, float]  # year added -> H100e (the start's back-cast included)
    kw: Mapping[int, float]  # year added -> kW per H100e
    stock: Mapping[int, float] = field(default_factory=dict)
    added: Mapping[int, float] = field(default_factory=dict)
    retired: Mapping[int, float] = field(default_factory=dict)
    power_gw: Mapping[int, float] = field(default_factory=dict)
    added_power_gw: Mapping[int, float] = field(default_factory=dict)
    growth: Mapping[int, float] = field(default_factory=dict)  # of additions, by year

    @property
    def years(self) -> range:
        return range(self.inputs.start_year, self.inputs.end_year + 1)

    def alive(self, vintage: int, year: int) -> bool:
        """Whether chips added in `vintage` count in `year`'s stock."""
        return year == self.inputs.start_year or vintage + self.inputs.life > year

    def start_alive(self, year: int) -> float:
        """The part of the start stock still counted in `year`, H100e."""
        start = self.inputs.start_year
        return sum(v for y, v in self.vintages.items() if y <= start and self.alive(y, year))

    def start_power_gw(self, year: int) -> float:
        start = self.inputs.start_year
        return sum(self.vintages[y] * self.kw[y] for y in self.vintages
                   if y <= start and self.alive(y, year)) / KW_PER_GW  # fmt: skip


def _back_cast(stock: float, growth: float, start: int, life: int) -> dict[int, float]:
    """The start stock by vintage: a geometric history, the tail older than the service
    life lumped into one vintage (it retires first)."""
    first = stock * (1 - 1 / growth)
    out = {start - k: first / growth**k for k in range(life)}
    out[start - life] = stock - sum(out.values())
    return out


def path(inputs: WorldInputs) -> WorldPath:
    """The world from the start year to the end year (see the module docstring)."""
    start, life = inputs.start_year, inputs.life
    vintages = _back_cast(inputs.stock, inputs.growth, start, life)
    decay = {v: (1 + inputs.efficiency) ** -(v - start) for v in vintages}
    kw_start = inputs.power_gw * KW_PER_GW / sum(vintages[v] * decay[v] for v in vintages)
    growth = {start: inputs.growth}
    for year in range(start + 1, inputs.end_year + 1):
        growth[year] = 1 + (growth[year - 1] - 1) * (1 - inputs.slowdown)
        vintages[year] = vintages[year - 1] * growth[year]
        decay[year] = (1 + inputs.efficiency) ** -(year - start)
    kw = {v: kw_start * decay[v] for v in vintages}
    result = WorldPath(inputs, vintages, kw, growth=growth)
    for year in result.years:
        alive = [v for v in vintages if v <= year and result.alive(v, year)]
        result.stock[year] = sum(vintages[v] for v in alive)
        result.power_gw[year] = sum(vintages[v] * kw[v] for v in alive) / KW_PER_GW
        result.added[year] = vintages[year]
        result.added_power_gw[year] = vintages[year] * kw[year] / KW_PER_GW
        before = result.stock.get(year - 1, inputs.stock if year > start else 0.0)
        result.retired[year] = (
            0.0 if year == start else before + vintages[year] - result.stock[year]
        )
    return result


def backtest(stock: float, added: float, added_before: float, inputs: WorldInputs) -> WorldPath:
    """The world run from an earlier year's data: its stock and the growth of its
    additions over the year before (`added` / `added_before`), the other inputs as given."""
    if added_before <= 0 or added <= added_before:
        raise ValueError("a backtest needs additions growing from a positive year before")
    return path(
        WorldInputs(
            start_year=inputs.start_year,
            end_year=inputs.end_year,
            stock=stock,
            growth=added / added_before,
            slowdown=inputs.slowdown,
            life=inputs.life,
            power_gw=inputs.power_gw,
            efficiency=inputs.efficiency,
        )
    )
