"""Where each country starts: its share of the world's AI compute, triangulated.

Three independent measures, each in H100e on the world total's basis, each compared like
with like (`compare.comparable`: one edition, one year, for every country at once):

- location: the country's share of the GPU-cluster performance Epoch AI tracks
  (`share_global_gpu_cluster_performance`), times the world total;
- ownership: the share of world AI compute its companies own (`share_global_ai_compute`,
  Epoch AI chip owners), times the world total;
- count: its largest count of installed AI GPUs for the start year (`gpus_held`, high or
  medium confidence: narrower counts, such as high-end GPUs only, are part of the widest),
  at its chip type's ratio (`units.ratio`).

The central start is the geometric mean of the measures a country has, and its range the
lowest to the highest of them; a country with one measure ranges by `world_start_spread`
either way (the spread of the world total itself). The start year is the location
comparison's; the world total is `ai_compute_h100e` of WLD in that year. The countries
with none of these measures are not started (`without_start`), never estimated.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from dashboard.data.domain import WORLD, WORLD_COMPUTE
from dashboard.data.load import Data
from dashboard.model import compare, views
from dashboard.model.scenarios import units
from dashboard.model.scenarios.assumptions import Assumption, Range, value_of

COUNT_METRIC = "gpus_held"
COUNT_CONFIDENCE = ("high", "medium")
SPREAD = "world_start_spread"
METHODS = ("location", "ownership", "count")


@dataclass(frozen=True)
class Measure:
    method: str  # one of METHODS
    share: float  # percent of the world
    rows: pd.DataFrame  # the figures behind it


@dataclass(frozen=True)
class Start:
    entity: str
    share: Range  # percent of the world: low, central, high
    measures: tuple[Measure, ...]

    @property
    def rows(self) -> pd.DataFrame:
        return pd.concat([m.rows for m in self.measures], ignore_index=True)

    def methods(self) -> tuple[str, ...]:
        return tuple(m.method for m in self.measures)


@dataclass(frozen=True)
class Starts:
    year: int
    world: float  # H100e
    world_rows: pd.DataFrame
    by_entity: Mapping[str, Start]

    @property
    def rest_share(self) -> float:
        """Percent of the world no started country holds (central), at least 0."""
        return max(100.0 - sum(s.share.central for s in self.by_entity.values()), 0.0)

    def h100e(self, entity: str, case: str = "central") -> float:
        return self.by_entity[entity].share.of(case) / 100 * self.world


def _shares(data: Data, metric: str, countries: list[str]) -> tuple[pd.DataFrame, int | None]:
    found = compare.comparable(data.figures(metric, countries), countries)
    return found.rows, found.year


def _counts(data: Data, countries: list[str], year: int, assumptions) -> dict[str, tuple]:
    rows = data.figures(COUNT_METRIC, countries)
    rows = rows[(rows["year"] == year) & rows["confidence"].isin(COUNT_CONFIDENCE)]
    out = {}
    for entity, group in rows.groupby("entity"):
        widest = group.sort_values("value", ascending=False, kind="stable").iloc[[0]]
        gpu_type = str(widest["gpu_type"].iloc[0] or "")
        out[entity] = (float(widest["value"].iloc[0]) * units.ratio(gpu_type, assumptions).central,
                       widest)  # fmt: skip
    return out


def starts(data: Data, assumptions: Mapping[str, Assumption]) -> Starts:
    """Every country's start (see the module docstring). ValueError when the data has no
    location share or no world total in its year."""
    countries = list(data.countries())
    location, year = _shares(data, views.COMPARABLE_COMPUTE, countries)
    if location.empty or year is None:
        raise ValueError(f"no {views.COMPARABLE_COMPUTE} figure for any country")
    world_rows = views.pick_one(data.figures(WORLD_COMPUTE, [WORLD]).query("year == @year"))
    if world_rows.empty:
        raise ValueError(f"no {WORLD_COMPUTE} figure for {WORLD} in {year}")
    world = float(world_rows["value"].iloc[0])
    owned, owned_year = _shares(data, views.OWNED_COMPUTE, countries)
    if owned_year is not None and abs(owned_year - year) > 1:
        owned = owned.iloc[0:0]  # another year's ownership is not this start's
    counts = _counts(data, countries, year, assumptions)
    spread = value_of(assumptions, SPREAD)
    by_entity = {}
    for entity in countries:
        measures = []
        for method, rows in (("location", location), ("ownership", owned)):
            mine = rows[rows["entity"] == entity]
            if not mine.empty and float(mine["value"].iloc[0]) > 0:
                measures.append(Measure(method, float(mine["value"].iloc[0]), mine))
        if entity in counts and counts[entity][0] > 0:
            h100e, rows = counts[entity]
            measures.append(Measure("count", h100e / world * 100, rows))
        if not measures:
            continue
        values = [m.share for m in measures]
        central = math.prod(values) ** (1 / len(values))
        low, high = (
            (min(values), max(values)) if len(values) > 1 else (central / spread, central * spread)
        )
        by_entity[entity] = Start(entity, Range(low, central, high), tuple(measures))
    return Starts(year, world, world_rows, by_entity)


def without_start(data: Data, found: Starts, entities: Sequence[str]) -> list[str]:
    """The chosen countries the projection cannot start: no measure in the data."""
    countries = set(data.countries())
    return [e for e in entities if e in countries and e not in found.by_entity]
