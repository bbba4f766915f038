"""The compute projection: every country's AI compute inside the world's, as stock and
flow in one unit (H100e, `units`), in three named cases.

World. `world.path`: the measured 2025 total, additions whose growth slows, retirements
after the chips' service life, and the power the stock draws.

Countries. Each starts from its triangulated share of the world (`starts`) and adds a
share of each year's world additions, each from a named driver:
- China: its export-control setting's flows (`china`);
- the US: `us_share_non_china` of the world's additions outside China (default: its start);
- Korea: its pipeline (government path, the NVIDIA deal's private tranches, extra GPUs;
  `pipelines`), against its trend;
- a country with announced data-centre megawatts (France): those, against its trend;
- every other country, and Korea's and France's trend: its start share of the world
  outside China, held; or its share of the tracked clusters' added H100e when the data
  says at least `min_clusters_for_rate` tracked clusters stood behind it (`tracked_rate`);
- the rest of the world: the residual, so the countries and the rest always add up to
  the world. Were the named countries to add more than the world, the US and the held
  shares give way in proportion and the year is flagged (`capped`).
A country's stock is its start (retiring as the world's start stock does) plus its
additions, each counted for the chips' service life.

Cases. The low and high cases move every input that has a case value at once (the
world's start and slowdown, each start's range, China's flows, the pipelines' ratios,
realisation and delivery), so a country's band carries the world's uncertainty and never
leaves it. Shares are each case's level over its world; their band spans the cases.

Output: `Projection`, with one row per country and year (`COLUMNS`), the world by year
and case, China's flows, the figures behind it and the years to flag. Nothing here
formats text or draws.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from dashboard.base import cache
from dashboard.data.load import HOME, Data
from dashboard.model import views
from dashboard.model.scenarios import china, pipelines, starts, world
from dashboard.model.scenarios.assumptions import CASES, Assumption, value_of
from dashboard.model.scenarios.sections import BuildoutScenario

US = "USA"
TARGET = "target_year"
WORLD_GROWTH = "world_compute_growth"
WORLD_POWER = "world_ai_power_gw_start"
MIN_CLUSTERS = "min_clusters_for_rate"
CLUSTERS_METRIC = "tracked_clusters"
GROWTH_METRIC = "tracked_cluster_growth"
COLUMNS = [
    "entity",
    "year",
    "driver",
    "baseline_compute",
    "baseline_low",
    "baseline_high",
    "scenario_compute",
    "scenario_low",
    "scenario_high",
    "world",
    "world_low",
    "world_high",
    "share_of_world",
    "share_low",
    "share_high",
    "baseline_share",
    "added_h100e",
    "change",
    "power_gw",
    "rank_baseline",
    "rank_scenario",
    "share_of_leader",
    "per_million_people",
    "per_usd_bn_gdp",
    "start_share",
    "start_compute",
    "capped",
]


@dataclass(frozen=True)
class Baseline:
    """What the projection reads from the data, read once per data and assumptions."""

    starts: starts.Starts
    presets: tuple[pipelines.Preset, ...]
    deal: pipelines.Deal | None  # the NVIDIA deal's private tranches
    megawatts: Mapping[str, Mapping[int, float]]  # country -> year -> MW coming online
    mw_rows: pd.DataFrame
    rates: Mapping[str, float]  # trend share of the world's additions outside China
    rate_basis: Mapping[str, str]  # "held" or "tracked"
    population: Mapping[str, float]
    gdp: Mapping[str, float]

    @property
    def year(self) -> int:
        return self.starts.year

    def us_share(self) -> float:
        """The US's start share of the world outside China (the slider's default)."""
        return self.rates.get(US, 0.0)


def _window(data: Data, entity: str, start: int) -> list[float]:
    """The entity's yearly tracked growth factors ending at `start`, with no gap."""
    rows = data.figures(GROWTH_METRIC, [entity])
    rows = rows[rows["year"] - rows["period_start"] == 1]
    by_year = dict(zip(rows["year"].astype(int), rows["value"].astype(float), strict=True))
    out, year = [], start
    while year in by_year and by_year[year] > 0:
        out.append(by_year[year])
        year -= 1
    return out


def tracked_rate(data: Data, entity: str, start: int, min_clusters: float) -> float | None:
    """The entity's share of the tracked clusters' H100e added outside China over its
    growth window, when at least `min_clusters` of its clusters stood at the window's
    start (a `tracked_clusters` figure); None otherwise (its share is then held)."""
    windows = {e: _window(data, e, start) for e in (entity, starts.WORLD, china.CHINA)}
    length = min(len(w) for w in windows.values())
    if length == 0:
        return None
    counts = data.figures(CLUSTERS_METRIC, [entity])
    counts = counts[counts["year"] == start - length]
    if counts.empty or float(counts["value"].iloc[0]) < min_clusters:
        return None
    added = {}
    for e, factors in windows.items():
        stock = views.pick_one(data.figures(views.TRACKED_H100E, [e]).query("year == @start"))
        if stock.empty:
            return None
        growth = 1.0
        for factor in factors[:length]:
            growth *= factor
        added[e] = float(stock["value"].iloc[0]) * (1 - 1 / growth)
    outside = added[starts.WORLD] - added[china.CHINA]
    return added[entity] / outside if outside > 0 else None


@cache.recent(8)  # the data's own figures: the same on every slider move
def baseline(data: Data, assumptions: Mapping[str, Assumption]) -> Baseline:
    """Every country's start, trend share and pipeline figures. ValueError when the data
    has no comparable start (see `starts.starts`)."""
    found = starts.starts(data, assumptions)
    china_share = (
        found.by_entity[china.CHINA].share.central if china.CHINA in found.by_entity else 0.0
    )
    outside = 100.0 - china_share
    rates, basis = {}, {}
    minimum = value_of(assumptions, MIN_CLUSTERS)
    for entity, start in found.by_entity.items():
        if entity == china.CHINA:
            continue
        tracked = None if entity == US else tracked_rate(data, entity, found.year, minimum)
        rates[entity] = tracked if tracked is not None else start.share.central / outside
        basis[entity] = "tracked" if tracked is not None else "held"
    megawatts, rows = {}, []
    for entity in found.by_entity:
        mine = pipelines.mw_rows(data, entity, found.year)
        if not mine.empty:
            megawatts[entity] = pipelines.mw_by_year(mine)
            rows.append(mine)
    return Baseline(
        starts=found,
        presets=pipelines.presets(data),
        deal=pipelines.korea_deal(data),
        megawatts=megawatts,
        mw_rows=pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(),
        rates=rates,
        rate_basis=basis,
        population={e: v for e, (v, _) in views.latest_context(data, "population").items()},
        gdp={e: v for e, (v, _) in views.latest_context(data, "gdp").items()},
    )


# ---------------------------------------------------------------- one case


def world_inputs(base: Baseline, assumptions, s: BuildoutScenario, case: str) -> world.WorldInputs:
    spread = assumptions[starts.SPREAD].of(case) ** {"low": -1, "central": 0, "high": 1}[case]
    return world.WorldInputs(
        start_year=base.year,
        # Nothing past the target slider's end (2030), even from a hand-made scenario.
        end_year=max(min(int(s.target_year), int(assumptions[TARGET].max)), base.year),
        stock=base.starts.world * spread,
        growth=1 + value_of(assumptions, WORLD_GROWTH),
        slowdown=assumptions["world_sales_slowdown"].moved(case, s.world_sales_slowdown),
        life=int(s.chip_service_life_years),
        power_gw=value_of(assumptions, WORLD_POWER) * spread,
        efficiency=s.power_efficiency_growth,
    )


@dataclass(frozen=True)
class Case:
    world: world.WorldPath
    china: Mapping[int, china.Flows]
    added: Mapping[str, Mapping[str, dict[int, float]]]  # side -> entity -> year -> H100e
    capped: frozenset[int]


def _case(data, base: Baseline, assumptions, s: BuildoutScenario, case: str) -> Case:
    path = world.path(world_inputs(base, assumptions, s, case))
    years = path.years
    flows = china.additions(s, assumptions, path.added, base.year + 1, case)
    korea_path = pipelines.preset_of(base.presets, s.preset)
    outside = {y: path.added[y] - (flows[y].total if y in flows else 0.0) for y in years}
    own = {}  # the named drivers' additions
    if HOME in base.starts.by_entity:
        own[HOME] = pipelines.korea_additions(s, base.deal, assumptions, korea_path, years, case)
    for entity, mw in base.megawatts.items():
        own.setdefault(entity, pipelines.mw_additions(s, assumptions, mw, path.kw, years, case))
    added, capped = {}, set()
    for side in ("scenario", "baseline"):
        shares = {e: (s.us_share_non_china if e == US else r) for e, r in base.rates.items()}
        fixed = {e: a for e, a in own.items() if side == "scenario"}
        mine: dict[str, dict[int, float]] = {e: {} for e in shares}
        for year in years:
            if year == base.year:
                for e in shares:
                    mine[e][year] = 0.0
                continue
            room = outside[year] - sum(a[year] for a in fixed.values())
            wanted = {e: shares[e] * outside[year] for e in shares if e not in fixed}
            cut = min(1.0, room / sum(wanted.values())) if sum(wanted.values()) > 0 else 1.0
            if cut < 1.0:
                capped.add(year)
            for e in shares:
                mine[e][year] = fixed[e][year] if e in fixed else wanted[e] * max(cut, 0.0)
        if china.CHINA in base.starts.by_entity:
            mine[china.CHINA] = {y: flows[y].total if y in flows else 0.0 for y in years}
        added[side] = mine
    return Case(path, flows, added, frozenset(capped))


def _stock(case: Case, start_h100e: float, added: Mapping[int, float], year: int) -> float:
    w = case.world
    kept = start_h100e * w.start_alive(year) / w.inputs.stock
    return kept + sum(
        v for y, v in added.items() if y > w.inputs.start_year and y <= year and w.alive(y, year)
    )


def _power(case: Case, start_h100e: float, added: Mapping[int, float], year: int) -> float:
    w = case.world
    kept = w.start_power_gw(year) * start_h100e / w.inputs.stock
    return (
        kept
        + sum(
            v * w.kw[y]
            for y, v in added.items()
            if w.inputs.start_year < y <= year and w.alive(y, year)
        )
        / world.KW_PER_GW
    )


# ---------------------------------------------------------------- the projection


@dataclass(frozen=True)
class Projection:
    frame: pd.DataFrame  # one row per chosen country and year (COLUMNS)
    world: pd.DataFrame  # year; stock, added, retired, power_gw, added_power_gw per case
    china: pd.DataFrame  # year; domestic, imports, smuggled (central)
    rows: pd.DataFrame  # the figures of the data behind it
    capped: tuple[int, ...]  # years the named countries asked for more than the world
    start_year: int
    ceilings: Mapping[str, Mapping[int, float]]  # entity -> year -> stock, all delivered

    @property
    def last_year(self) -> int:
        return int(self.frame["year"].max()) if not self.frame.empty else self.start_year


def drivers(base: Baseline) -> dict[str, str]:
    out = {e: base.rate_basis.get(e, "held") for e in base.starts.by_entity}
    out.update({e: "megawatts" for e in base.megawatts})
    if china.CHINA in out:
        out[china.CHINA] = "export_controls"
    if US in out:
        out[US] = "share_outside_china"
    if HOME in out:
        out[HOME] = "pipeline"
    return out


def project(
    data: Data, assumptions: Mapping[str, Assumption], s: BuildoutScenario, entities: Sequence[str]
) -> Projection:
    """The projection for the chosen countries (Korea always, when it has a start)."""
    base = baseline(data, assumptions)
    by_entity = base.starts.by_entity
    chosen = [e for e in dict.fromkeys([HOME, *entities]) if e in by_entity]
    cases = {c: _case(data, base, assumptions, s, c) for c in CASES}
    # Every country at its own high start could hold more than the world: in a case whose
    # starts add up to more, each is scaled down alike, so the rest never falls below 0.
    fit = {c: min(1.0, 100.0 / sum(st.share.of(c) for st in by_entity.values())) for c in CASES}
    years = cases["central"].world.years
    who = drivers(base)
    records = []
    for entity in chosen:
        start = by_entity[entity]
        for year in years:
            level = {side: {} for side in ("scenario", "baseline")}
            for side in level:
                for c, case in cases.items():
                    first = start.share.of(c) * fit[c] / 100 * case.world.inputs.stock
                    level[side][c] = _stock(case, first, case.added[side][entity], year)
            worlds = {c: case.world.stock[year] for c, case in cases.items()}
            shares = [level["scenario"][c] / worlds[c] for c in CASES]
            central = cases["central"]
            first = start.share.central / 100 * central.world.inputs.stock
            records.append(
                {
                    "entity": entity,
                    "year": year,
                    "driver": who[entity],
                    **{
                        f"baseline_{k}": level["baseline"][c]
                        for k, c in (("compute", "central"), ("low", "low"), ("high", "high"))
                    },
                    **{
                        f"scenario_{k}": level["scenario"][c]
                        for k, c in (("compute", "central"), ("low", "low"), ("high", "high"))
                    },
                    "world": worlds["central"],
                    "world_low": worlds["low"],
                    "world_high": worlds["high"],
                    "share_of_world": level["scenario"]["central"] / worlds["central"],
                    "share_low": min(shares),
                    "share_high": max(shares),
                    "baseline_share": level["baseline"]["central"] / worlds["central"],
                    "added_h100e": central.added["scenario"][entity][year],
                    "power_gw": _power(central, first, central.added["scenario"][entity], year),
                    "start_share": start.share.central,
                    "start_compute": first,
                    "capped": year in central.capped,
                }
            )
    frame = _ranks_and_ratios(pd.DataFrame.from_records(records), base)
    return Projection(
        frame=frame[COLUMNS],
        world=_world_frame(cases),
        china=pd.DataFrame(
            [
                {"year": y, "domestic": f.domestic, "imports": f.imports, "smuggled": f.smuggled}
                for y, f in cases["central"].china.items()
            ]
        ),
        rows=_rows(data, base, chosen, s),
        capped=tuple(sorted(cases["central"].capped)),
        start_year=base.year,
        ceilings=_ceilings(data, base, assumptions, s, cases["central"], chosen),
    )


def _world_frame(cases: Mapping[str, Case]) -> pd.DataFrame:
    records = []
    for year in cases["central"].world.years:
        row = {"year": year}
        for c, case in cases.items():
            w = case.world
            suffix = "" if c == "central" else f"_{c}"
            row.update(
                {
                    f"stock{suffix}": w.stock[year],
                    f"added{suffix}": w.added[year],
                    f"retired{suffix}": w.retired[year],
                    f"power_gw{suffix}": w.power_gw[year],
                    f"added_power_gw{suffix}": w.added_power_gw[year],
                }
            )
        records.append(row)
    return pd.DataFrame(records)


def _ceilings(data, base: Baseline, assumptions, s, central: Case, chosen) -> dict:
    """Korea's and the megawatt countries' stock with every announced GPU and megawatt
    delivered on time: the ceiling an announcement sets."""
    years = central.world.years
    out = {}
    for entity in chosen:
        if entity == HOME:
            path = pipelines.preset_of(base.presets, s.preset)
            added = pipelines.korea_additions(
                s, base.deal, assumptions, path, years, delivered=True
            )
        elif entity in base.megawatts:
            added = pipelines.mw_additions(
                s, assumptions, base.megawatts[entity], central.world.kw, years, delivered=True
            )
        else:
            continue
        first = base.starts.h100e(entity)
        out[entity] = {y: _stock(central, first, added, y) for y in years}
    return out


def _rows(data: Data, base: Baseline, chosen: Sequence[str], s: BuildoutScenario) -> pd.DataFrame:
    """The figures behind the projection: the chosen countries' start measures, the world
    total, Korea's pipeline figures and the megawatts. The data's own rows, the same
    whatever a slider says: worked out once per countries and build-out path."""
    return data.remember(
        ("projection_rows", tuple(chosen), s.preset), lambda: _rows_of(data, base, chosen, s)
    )


def _rows_of(
    data: Data, base: Baseline, chosen: Sequence[str], s: BuildoutScenario
) -> pd.DataFrame:
    parts = [base.starts.world_rows]
    parts += [base.starts.by_entity[e].rows for e in chosen]
    if HOME in chosen:
        parts.append(
            pipelines.korea_rows(data, pipelines.preset_of(base.presets, s.preset), base.deal)
        )
    if not base.mw_rows.empty:
        parts.append(
            base.mw_rows[
                base.mw_rows["entity"].isin(
                    data.entities.loc[data.entities["country"].isin(chosen), "id"]
                )
            ]
        )
    parts = [p for p in parts if not p.empty]
    return pd.concat(parts, ignore_index=True).drop_duplicates(
        ["entity", "metric", "year", "source_id"]
    )


def _ranks_and_ratios(frame: pd.DataFrame, base: Baseline) -> pd.DataFrame:
    by_year = frame.groupby("year")
    frame["change"] = frame["scenario_compute"] - frame["baseline_compute"]
    for column in ("baseline", "scenario"):  # 1 = most compute; ties share the better rank
        frame[f"rank_{column}"] = (
            by_year[f"{column}_compute"].rank(ascending=False, method="min").astype("int64")
        )
    frame["share_of_leader"] = frame["scenario_compute"] / by_year["scenario_compute"].transform(
        "max"
    )
    # A country without the context figure gets NaN (map leaves it out), never a guess.
    frame["per_million_people"] = frame["scenario_compute"] / frame["entity"].map(
        base.population
    ).astype(float)
    frame["per_usd_bn_gdp"] = frame["scenario_compute"] / frame["entity"].map(base.gdp).astype(
        float
    )
    return frame


def home_row(frame: pd.DataFrame, year: int) -> pd.Series:
    """Korea's row for one year of a projection."""
    return frame[(frame["entity"] == HOME) & (frame["year"] == year)].iloc[0]
