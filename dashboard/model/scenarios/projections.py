"""Outside projections (data/projections.csv) beside the scenario's own numbers.

Each published figure is set against the scenario's comparable output in its year:

| measure | the scenario's output |
| --- | --- |
| world_h100e | the world's stock |
| world_power_gw | the power the world's stock draws |
| world_added_power_gw | the power of the year's additions |
| power_gw | a country's power |
| share_pct | a country's share of the world, percent |
| h100e_added | H100e a country adds in the year |
| us_china_added_ratio | the US's additions over China's |
| gpus, mw | a country's stock, against its ceiling: every announced GPU or megawatt delivered |

and judged by its kind: a published range holds the scenario's central value; a point
(no range) lies within the scenario's band; an upper or lower bound holds the central
value on its side; an announced pipeline (`target`) is a ceiling the central value stays
under; `context` is drawn for scale, never judged. A figure that assumes another
export-control setting than the scenario's is shown but not judged (`applies`).
"""

from __future__ import annotations

import math

import pandas as pd

from dashboard.model.scenarios.buildout import US, Projection
from dashboard.model.scenarios.china import CHINA

COLUMNS = ["projection_id", "source_id", "measure", "entity", "year", "value", "low", "high",
           "unit", "kind", "regime", "label_en", "label_ko", "basis_en", "basis_ko",
           "scenario", "scenario_low", "scenario_high", "marker", "applies", "within"]  # fmt: skip


def _world(p: Projection, year: int, column: str) -> tuple[float, float, float]:
    row = p.world.set_index("year").loc[year]
    return row[column], row[f"{column}_low"], row[f"{column}_high"]


def _country(p: Projection, entity: str, year: int, column: str, band: tuple[str, str] | None):
    rows = p.frame[(p.frame["entity"] == entity) & (p.frame["year"] == year)]
    if rows.empty:
        return math.nan, math.nan, math.nan
    r = rows.iloc[0]
    low, high = (r[band[0]], r[band[1]]) if band else (math.nan, math.nan)
    return r[column], low, high


def scenario_value(
    p: Projection, measure: str, entity: str, year: int
) -> tuple[float, float, float]:
    """The scenario's (central, low, high) output comparable with a measure; NaN where the
    projection does not reach the year or does not hold the country."""
    if year not in set(p.world["year"]):
        return math.nan, math.nan, math.nan
    if measure == "world_h100e":
        return _world(p, year, "stock")
    if measure == "world_power_gw":
        return _world(p, year, "power_gw")
    if measure == "world_added_power_gw":
        return _world(p, year, "added_power_gw")
    if measure == "power_gw":
        return _country(p, entity, year, "power_gw", None)
    if measure == "share_pct":
        central, low, high = _country(
            p, entity, year, "share_of_world", ("share_low", "share_high")
        )
        return central * 100, low * 100, high * 100
    if measure == "h100e_added":
        if entity == CHINA and year in set(p.china["year"]):
            flows = p.china.set_index("year").loc[year]
            return float(flows.sum()), math.nan, math.nan
        return _country(p, entity, year, "added_h100e", None)
    if measure == "us_china_added_ratio":
        us = _country(p, US, year, "added_h100e", None)[0]
        ch = scenario_value(p, "h100e_added", CHINA, year)[0]
        return (us / ch if ch > 0 else math.nan), math.nan, math.nan
    return _country(p, entity, year, "scenario_compute", ("scenario_low", "scenario_high"))


def _within(kind: str, value: float, low: float, high: float, s: tuple[float, float, float],
            ceiling: float) -> bool | None:  # fmt: skip
    central, band_low, band_high = s
    if kind == "context" or math.isnan(central):
        return None
    if kind == "upper_bound":
        return central <= value
    if kind == "lower_bound":
        return central >= value
    if kind == "target":
        return None if math.isnan(ceiling) else central <= ceiling * (1 + 1e-9)
    if not (math.isnan(low) and math.isnan(high)):  # a published range
        return (math.isnan(low) or central >= low) and (math.isnan(high) or central <= high)
    return band_low <= value <= band_high  # a point: within the scenario's band


def compare(table: pd.DataFrame, p: Projection, regime: str) -> pd.DataFrame:
    """Every outside projection with the scenario's comparable output, the marker's value
    in the chart's unit (a target's ceiling), whether it applies to the scenario's
    export-control setting and whether the scenario lies within it (`COLUMNS`)."""
    records = []
    for r in table.to_dict("records"):
        year, entity = int(r["year"]), str(r["entity"])
        s = scenario_value(p, r["measure"], entity, year)
        ceiling = (
            p.ceilings.get(entity, {}).get(year, math.nan) if r["kind"] == "target" else math.nan
        )
        low = float(r["low"]) if pd.notna(r["low"]) else math.nan
        high = float(r["high"]) if pd.notna(r["high"]) else math.nan
        applies = r["regime"] in ("", regime)
        within = _within(r["kind"], float(r["value"]), low, high, s, ceiling) if applies else None
        records.append({
            **{k: r[k] for k in COLUMNS[:15]}, "low": low, "high": high,
            "scenario": s[0], "scenario_low": s[1], "scenario_high": s[2],
            "marker": ceiling if r["kind"] == "target" else float(r["value"]),
            "applies": applies, "within": within,
        })  # fmt: skip
    return pd.DataFrame.from_records(records, columns=COLUMNS)
