"""The what-if page's settings and results, in one place.

- `settings(data, assumptions)`: every slider by URL key (a link carries `s.<key>`), in
  page order and grouped by section, with defaults and bounds from the assumptions and
  the data (never from literals), and Korea's government paths (`preset`).
- `scenario(found, scenario, preset)`: a link's or a slide's values, each kept within its
  slider (the one check), as one frozen `sections.Scenario` whose four sections are named
  as the link names them. Pages, story slides, the deck and the briefing all go through
  it, so one link gives the same numbers everywhere.
- `projection`, `plans`, `cost`, `index`: each section's result from its section alone,
  remembered by it (a slider of another section changes nothing); `outcome`: a
  scenario's key results for Korea (the comparison table, tests/scenarios.yaml).

Nothing here draws, formats or imports Streamlit.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace

import pandas as pd

from dashboard.base import cache
from dashboard.base.i18n import t
from dashboard.data.load import HOME, Data
from dashboard.model import params
from dashboard.model.scenarios import (
    buildout,
    china,
    composite,
    investment,
    pipelines,
    projections,
    tco,
)
from dashboard.model.scenarios.assumptions import (
    Assumption,
    AssumptionsError,
    SliderSpec,
    assumptions_from,
)
from dashboard.model.scenarios.sections import (
    BuildoutScenario,
    CompositeScenario,
    PledgeScenario,
    Scenario,
    TcoScenario,
    kept,
)
from dashboard.model.scenarios.slider_specs import buildout_sliders, tco_gpus_slider

NO_PRESET = pipelines.NO_PRESET
# The page's sections (`Settings.sections`' names) by the `Scenario` field each computes.
SCENARIO_FIELDS = {"buildout": "buildout", "investment": "pledge", "tco": "cost",
                   "composite": "index"}  # fmt: skip


@dataclass(frozen=True)
class Settings:
    sliders: Mapping[str, SliderSpec]  # by URL key, in page order
    sections: Mapping[str, tuple[str, ...]]  # section -> its URL keys, in page order
    presets: tuple[pipelines.Preset, ...]  # presets.csv, the default first
    assumptions: Mapping[str, Assumption]

    def defaults(self) -> dict[str, float]:
        return {k: s.value for k, s in self.sliders.items()}

    @functools.cached_property
    def readers(self) -> dict[str, tuple[str, ...]]:
        """For each slider key and `preset`, the sections (by `sections`' names, in page
        order) whose results read it: its own, the composite for the build-out's and the
        pledge's, the cost of compute for the pledge's exchange rate. When one moves, a
        page need redraw only those."""
        s = Scenario.from_values(self.sliders, self.defaults(), "")
        reads = {name: getattr(s, SCENARIO_FIELDS[name]).reads() for name in self.sections}
        return {
            key: tuple(name for name in self.sections if key in reads[name])
            for key in [*self.sliders, "preset"]
        }

    @functools.cached_property
    def cache_key(self) -> str:
        """Its content as one digest, worked out once (`cache.key_of` keys by it)."""
        content = cache.key_of(tuple(getattr(self, f.name) for f in fields(self)))
        return hashlib.blake2b(repr(content).encode(), digest_size=16).hexdigest()


# ---------------------------------------------------------------- the sliders


def settings(data: Data, assumptions: Mapping[str, Assumption]) -> Settings:
    """Every slider of the what-if page by URL key (see the module docstring).

    Raises `AssumptionsError` when an assumption the sliders need has no usable row, and
    ValueError when the data has no comparable start for Korea or no pledge."""
    base = buildout.baseline(data, assumptions)
    if HOME not in base.starts.by_entity:
        raise ValueError(f"no comparable start for {HOME}")
    build = buildout_sliders(data, assumptions, base)
    money = investment.sliders(data, assumptions)
    cost = {"tco_gpus": tco_gpus_slider(data, build["added_gpus"].max), **tco.sliders(assumptions)}
    sections = {
        "buildout": build,
        "investment": money,
        "tco": cost,
        "composite": composite.sliders(assumptions),
    }
    return Settings(
        sliders={k: s for section in sections.values() for k, s in section.items()},
        sections={name: tuple(section) for name, section in sections.items()},
        presets=base.presets,
        assumptions=assumptions,
    )


def settings_of(data: Data) -> Settings:
    """`settings(data, assumptions_from(data))`, worked out once per `Data`."""
    return data.remember("whatif_settings", lambda: settings(data, assumptions_from(data)))


class Unavailable(Exception):
    """The scenarios cannot be computed from this data; the message (in the reader's
    language) says why."""


def available_settings(data: Data, lang: str) -> Settings:
    """`settings_of(data)`, or `Unavailable` saying why the data cannot support the
    what-if scenarios. The page and every what-if chart check through here."""
    if not assumptions_from(data):
        raise Unavailable(t("whatif.missing", lang))
    try:
        return settings_of(data)
    except AssumptionsError as exc:
        raise Unavailable(t("whatif.missing_rows", lang, names=", ".join(exc.missing))) from exc
    except (ValueError, IndexError, KeyError) as exc:
        raise Unavailable(t("whatif.no_baseline", lang)) from exc


def url_sliders(data: Data) -> tuple[SliderSpec, ...]:
    """The sliders a link may set (`params.parse(..., sliders=...)`); none when the data
    cannot support the what-if page, so its `s.` parameters are reported as unknown."""
    if data.assumptions.empty:
        return ()
    try:
        return tuple(settings_of(data).sliders.values())
    except (AssumptionsError, ValueError, IndexError, KeyError):
        return ()


def url_presets(data: Data) -> tuple[str, ...]:
    """The preset ids a link may name; none when the data has no paths."""
    if not url_sliders(data) or not settings_of(data).presets:
        return ()
    return preset_ids(settings_of(data))


def preset_ids(found: Settings) -> tuple[str, ...]:
    return (*(p.id for p in found.presets), NO_PRESET)


def parse_link(
    query: Mapping[str, str | Sequence[str]], data: Data
) -> tuple[params.ViewState, list[params.Notice]]:
    """`params.parse` against this data: its entities, what-if sliders and paths. The
    sliders are built only for a link that sets a scenario (`s.`, `preset`, a saved
    scenario): a page run for a plain link builds none."""
    scenario = any(
        k.startswith(params.SCENARIO_PREFIX) or k == "preset" or params.SAVED.fullmatch(k)
        for k in query
    )
    return params.parse(
        query,
        entities=list(data.entities["id"]),
        sliders=url_sliders(data) if scenario else (),
        presets=url_presets(data) if scenario else (),
    )


# ---------------------------------------------------------------- the values


def within(found: Settings, values: Mapping[str, float]) -> dict[str, float]:
    """The values of known sliders, each kept within its slider (`sections.kept`)."""
    return {k: kept(found.sliders[k], v) for k, v in values.items() if k in found.sliders}


def path_name(preset: str) -> str:
    """A link's or slide's preset as the projection takes it: Korea's pledge metric (a
    slide's name for the pledge's own path) means the data's default path."""
    return "" if preset == investment.PLAN_METRIC else preset


def resolve(
    found: Settings, scenario: Sequence[tuple[str, float]] = (), preset: str = ""
) -> dict[str, float]:
    """Every slider's value: the defaults, then the scenario's (within bounds). Unknown
    keys are ignored (the URL parser reports them); an unknown preset is a ValueError."""
    pipelines.preset_of(found.presets, path_name(preset))
    values = found.defaults()
    values.update(within(found, dict(scenario)))
    return values


def scenario(
    found: Settings, values: Sequence[tuple[str, float]] = (), preset: str = ""
) -> Scenario:
    """The scenario a link or slide describes: every section, checked once."""
    return Scenario.from_values(found.sliders, resolve(found, values, preset), path_name(preset))


def preset_of(found: Settings, preset: str) -> pipelines.Preset | None:
    return pipelines.preset_of(found.presets, path_name(preset))


def regime_values(found: Settings, regime: str) -> dict[str, float]:
    """The sliders an export-control setting moves (China's licensed imports)."""
    return {china.IMPORTS: china.regime_imports(found.assumptions, regime)}


# ---------------------------------------------------------------- the sections

RECENT = 8  # results kept per section function
_recent = cache.recent(RECENT)


@_recent
def projection(
    data: Data, found: Settings, b: BuildoutScenario, entities: Sequence[str]
) -> buildout.Projection:
    """The compute projection for Korea and the chosen countries (`buildout.project`)."""
    return buildout.project(data, found.assumptions, b, entities)


@_recent
def outside(data: Data, found: Settings, b: BuildoutScenario) -> pd.DataFrame:
    """Every outside projection against this scenario (`projections.compare`), the
    projection run to the slider's last year whatever the target, for the countries the
    projections name: the same judgement whichever countries the reader shows."""
    table = data.projections
    if table.empty:
        return pd.DataFrame(columns=projections.COLUMNS)
    horizon = replace(b, target_year=found.sliders["target_year"].max)
    countries = tuple(e for e in dict.fromkeys(table["entity"]) if e in set(data.countries()))
    full = projection(data, found, horizon, countries)
    regime = china.regime_of(found.assumptions, b.china_licensed_imports_2026)
    return projections.compare(table, full, regime)


@_recent
def plans(data: Data, p: PledgeScenario, entities: Sequence[str]) -> pd.DataFrame:
    """Korea's pledge as set, then the peers' plans (`investment.compare`)."""
    return investment.compare(data, p, list(entities))


def cost(c: TcoScenario) -> tco.TcoResult:
    return tco.tco(c)


@dataclass(frozen=True)
class IndexResult:
    """The composite with today's figures plus the baseline projection (`baseline`) and
    with the scenario fed in (`scenario`), and the scenario's rank-stability band."""

    baseline: composite.CompositeResult
    scenario: composite.CompositeResult
    band: pd.DataFrame
    year: int  # the year whose compute the composite uses (the projection's last)
    pillars: composite.PillarTable  # the scenario's raw figures


@_recent
def index(
    data: Data, found: Settings, c: CompositeScenario, entities: Sequence[str]
) -> IndexResult:
    """The composite index of the chosen countries, baseline and scenario: both take every
    country's compute in the projection's last year (baseline: Korea and France on their
    trend; scenario: on their pipelines), and the scenario adds the pledge's private part
    to Korea's private AI investment. ValueError when every weight is 0."""
    entities = tuple(entities)
    frame = projection(data, found, c.buildout, entities).frame
    year = int(frame["year"].max())
    weights = c.pillar_weights()
    today = composite.pillar_table(data, found.assumptions, entities)
    base = composite.with_overrides(
        today, {"compute": composite.compute_pillar(frame, year, "baseline_compute")}
    )
    overrides = {"compute": composite.compute_pillar(frame, year)}
    invested = today.values["investment"].get(HOME) if HOME in today.values.index else None
    if invested is not None and pd.notna(invested):
        overrides["investment"] = {HOME: float(invested) + investment.private_part_usd_bn(c.pledge)}
    pillars = composite.with_overrides(today, overrides)
    return IndexResult(
        baseline=composite.composite(base, weights),
        scenario=composite.composite(pillars, weights),
        band=composite.rank_band(pillars, weights, c.band_pct),
        year=year,
        pillars=pillars,
    )


# ---------------------------------------------------------------- a scenario's outcome


@dataclass(frozen=True)
class Outcome:
    """A scenario's key results for Korea: what the comparison table and the reference
    scenarios (tests/scenarios.yaml) show. Ranks are among the chosen countries."""

    year: int  # the projection's last year
    compute: float  # Korea's compute then, H100e (central)
    compute_low: float
    compute_high: float
    trend: float  # Korea's compute on its trend (its start share of additions held)
    world: float
    world_power_gw: float
    rank: int
    countries: int
    share_of_leader: float
    share_of_world: float
    pledge_per_capita_usd: float  # Korea's pledge per person per year
    break_even_utilisation: float | None
    composite_rank: int | None
    composite_band: tuple[int, int] | None  # best and worst rank over weight draws


def outcome(data: Data, found: Settings, s: Scenario, entities: Sequence[str]) -> Outcome:
    """Korea's key results for a scenario."""
    entities = tuple(entities)
    result = projection(data, found, s.buildout, entities)
    frame, year = result.frame, result.last_year
    korea = buildout.home_row(frame, year)
    pledged = plans(data, s.pledge, entities)
    rank = band = None
    if s.index.has_weight():
        found_index = index(data, found, s.index, entities)
        table = found_index.scenario.table.set_index("entity")
        bands = found_index.band.set_index("entity")
        if HOME in table.index and not pd.isna(table.at[HOME, "rank"]):
            rank = int(table.at[HOME, "rank"])
            band = (int(bands.at[HOME, "rank_min"]), int(bands.at[HOME, "rank_max"]))
    power = result.world.set_index("year")["power_gw"]
    return Outcome(
        year=year,
        compute=float(korea["scenario_compute"]),
        compute_low=float(korea["scenario_low"]),
        compute_high=float(korea["scenario_high"]),
        trend=float(korea["baseline_compute"]),
        world=float(korea["world"]),
        world_power_gw=float(power[year]),
        rank=int(korea["rank_scenario"]),
        countries=int((frame["year"] == year).sum()),
        share_of_leader=float(korea["share_of_leader"]),
        share_of_world=float(korea["share_of_world"]),
        pledge_per_capita_usd=float(pledged.iloc[0]["per_capita_usd"]),
        break_even_utilisation=cost(s.cost).break_even_utilisation,
        composite_rank=rank,
        composite_band=band,
    )
