"""The what-if page's settings in one place: every slider by URL key, and the four
scenarios computed from the slider values.

- `settings(data, assumptions)`: one `SliderSpec` per URL key (a link carries `s.<key>`),
  grouped by section, with defaults and bounds from the assumptions and the data,
  never from literals; and the build-out presets (Korean GPU paths), read from the data.
- `resolve(settings, scenario, preset)`: every slider's value: the defaults, then the
  scenario's (slider values off their defaults, as a link or a story slide carries
  them), each kept within its slider's bounds; `preset_of(settings, preset)`: the path
  the build-out follows (the data's first preset by default).
- `BuildoutParams`, `PledgeParams`, `TcoParams`, `CompositeParams`: the values each
  section reads, as one frozen object per section, built and kept within bounds by
  `from_values(settings, values)`; their fields are the URL keys the section reads.
- `buildout_frame`, `investment_frame`, `cost`, `index`: each section's result from its
  parameters, remembered by them (so a slider of another section changes nothing). The
  build-out and the pledge feed the composite index (`CompositeParams` holds both).

Pages, story slides and the deck exporter all go through `resolve`, so one scenario
gives the same numbers everywhere. Nothing here draws, formats or imports Streamlit.
"""

from __future__ import annotations

import functools
import hashlib
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from typing import Any, Self, get_type_hints

import pandas as pd

from dashboard.base import cache
from dashboard.base.i18n import t
from dashboard.data.load import HOME, Data
from dashboard.model import params, views
from dashboard.model.scenarios import buildout, composite, investment, tco
from dashboard.model.scenarios.assumptions import (
    MAX_MULTIPLE,
    Assumption,
    AssumptionsError,
    SliderSpec,
    assumptions_from,
    slider_of,
    ui_labels,
)

SECTIONS = ("buildout", "investment", "tco", "composite")
GROWTH_PREFIX = "growth_"  # + entity id: that country's yearly compute growth
# URL key -> the key of the scenario module's own slider it shows.
BUILDOUT_KEYS = {
    "added_gpus": "added_gpus",
    "deploy_years": "years",
    "start_year": "start_year",
    "target_year": "target_year",
    "efficiency": "efficiency",
}
INVESTMENT_KEYS = {
    "pledge_krw_bn": "amount_krw_bn",
    "pledge_years": "years",
    "public_share": "public_share",
    "krw_per_usd": "krw_per_usd",
}
TCO_KEYS = {
    "gpu_price_usd": "gpu_price_usd",
    "other_capex_per_gpu_usd": "other_capex_per_gpu_usd",
    "facility_usd_per_mw": "facility_usd_per_mw",
    "power_kw_per_gpu": "power_kw_per_gpu",
    "draw_fraction": "draw_fraction",
    "pue": "pue",
    "electricity_krw_per_kwh": "electricity_price",
    "utilisation": "utilisation",
    "lifetime_years": "lifetime_years",
    "cloud_usd_per_gpu_hour": "cloud_usd_per_gpu_hour",
}
COMPOSITE_KEYS = {
    **{composite.WEIGHT_PREFIX + p: p for p in composite.PILLARS},
    "band_pct": "band_pct",
}
NO_PRESET = "none"  # a link's preset value for "no path": only the sliders' GPUs


@dataclass(frozen=True)
class Settings:
    sliders: Mapping[str, SliderSpec]  # by URL key, in page order
    sections: Mapping[str, tuple[str, ...]]  # section -> its URL keys, in page order
    presets: tuple[buildout.Preset, ...]  # presets.csv, the default first
    assumptions: Mapping[str, Assumption]
    start_entities: tuple[str, ...]  # countries with a comparable start, Korea first

    def defaults(self) -> dict[str, float]:
        return {k: s.value for k, s in self.sliders.items()}

    @functools.cached_property
    def cache_key(self) -> str:
        """Its content as one digest, worked out once (`cache.key_of` keys by it): every
        section result is remembered by its arguments, and spelling out every slider and
        assumption again on each call cost more than some of the results."""
        content = cache.key_of(tuple(getattr(self, f.name) for f in fields(self)))
        return hashlib.blake2b(repr(content).encode(), digest_size=16).hexdigest()


# ---------------------------------------------------------------- the sliders


def _growth_sliders(
    data: Data, assumptions: Mapping[str, Assumption], base: buildout.Baseline
) -> dict[str, SliderSpec]:
    """Each country's growth relative to the world's: its data's rate by default (0 when
    the data has none), within the bounds of `relative_compute_growth`."""
    bounds = slider_of(assumptions, buildout.RELATIVE_GROWTH)
    out = {}
    for entity in (HOME, *sorted(e for e in base.starts if e != HOME)):
        if entity not in base.starts:
            continue
        growth = base.relative[entity]
        names = {lang: data.entity_name(entity, lang) for lang in ("en", "ko")}
        spec = replace(
            bounds,
            key=GROWTH_PREFIX + entity,
            value=bounds.clamp(_rate(growth.factor.central)),
            source_id=growth.source_id or bounds.source_id,
            basis="data" if growth.years else "assumption",
            **{
                f"label_{lang}": t("whatif.slider.growth", lang, name=names[lang]) for lang in names
            },
        )
        out[spec.key] = spec
    return out


def _added_ratio_slider(assumptions: Mapping[str, Assumption]) -> SliderSpec:
    """H100-equivalents per added GPU: 1 (an H100, by definition) unless a preset names
    a GPU type with a ratio; the range spans the ratio assumptions' own ranges."""
    ratios = [a for p, a in assumptions.items() if p.startswith(buildout.RATIO_PREFIX)]
    return SliderSpec(
        key="added_ratio",
        **ui_labels("whatif.slider.added_ratio"),
        value=1.0,
        min=min([a.min for a in ratios], default=1.0),
        max=max([a.max for a in ratios], default=1.0),
        step=min([a.step for a in ratios], default=0.01),
        unit="ratio",
        source_id=ratios[0].source_id if ratios else "",
        basis="data",
    )


def _tco_gpus_slider(figures: pd.DataFrame, gpus_max: float) -> SliderSpec:
    """GPUs in the cost comparison: the smallest Korean GPU figure in the data by
    default (the 2025 purchase plan in the shipped data), up to the build-out's top."""
    smallest = figures.iloc[0] if not figures.empty else None
    value = float(smallest["value"]) if smallest is not None else 0.0
    return SliderSpec(
        key="tco_gpus",
        **ui_labels("whatif.slider.tco_gpus"),
        value=value,
        min=1.0,  # at least one GPU: a cost per GPU-hour of nothing means nothing
        max=max(gpus_max, value),
        step=1.0,
        unit="gpu",
        source_id=str(smallest["source_id"]) if smallest is not None else "",
        basis="data",
        integer=True,
        bounds_from=MAX_MULTIPLE,
    )


def settings(data: Data, assumptions: Mapping[str, Assumption]) -> Settings:
    """Every slider of the what-if page by URL key (see the module docstring).

    Raises `AssumptionsError` when an assumption the sliders need has no usable row,
    and ValueError when the data has no comparable start for Korea (its share of the
    world's compute and the world's total) to build on.
    """
    base = buildout.baseline(data, assumptions)
    if HOME not in base.starts:
        raise ValueError(f"no {views.COMPARABLE_COMPUTE} figure for {HOME}")
    build = buildout.sliders(data, assumptions)
    money = investment.sliders(data, assumptions)
    cost = tco.sliders(assumptions)
    weights = composite.sliders(assumptions)
    growth = _growth_sliders(data, assumptions, base)
    sections = {
        "buildout": {
            **{k: replace(build[v], key=k) for k, v in BUILDOUT_KEYS.items()},
            "added_ratio": _added_ratio_slider(assumptions),
            "world_growth": replace(build["world_growth"], key="world_growth"),
            **growth,
        },
        "investment": {k: replace(money[v], key=k) for k, v in INVESTMENT_KEYS.items()},
        "tco": {
            "tco_gpus": _tco_gpus_slider(
                buildout.korean_gpu_figures(data), build["added_gpus"].max
            ),
            **{k: replace(cost[v], key=k) for k, v in TCO_KEYS.items()},
        },
        "composite": {k: replace(weights[v], key=k) for k, v in COMPOSITE_KEYS.items()},
    }
    return Settings(
        sliders={k: s for section in sections.values() for k, s in section.items()},
        sections={name: tuple(section) for name, section in sections.items()},
        presets=buildout.presets(data),
        assumptions=assumptions,
        start_entities=tuple(k.removeprefix(GROWTH_PREFIX) for k in growth),
    )


def settings_of(data: Data) -> Settings:
    """`settings(data, assumptions_from(data))`, worked out once per `Data` (a page run,
    a deck or a test builds several charts from one, and the app keeps one per state of
    the data folder)."""
    return data.remember("whatif_settings", lambda: settings(data, assumptions_from(data)))


class Unavailable(Exception):
    """The scenarios cannot be computed from this data; the message (in the reader's
    language) says why."""


def available_settings(data: Data, lang: str) -> Settings:
    """`settings_of(data)`, or `Unavailable` saying why the data cannot support the
    what-if scenarios: no assumptions, an assumption row missing, or no Korean GPU stock
    or pledge to build on. The page and every what-if chart check through here."""
    if not assumptions_from(data):
        raise Unavailable(t("whatif.missing", lang))
    try:
        return settings_of(data)
    except AssumptionsError as exc:
        raise Unavailable(t("whatif.missing_rows", lang, names=", ".join(exc.missing))) from exc
    except (ValueError, IndexError) as exc:
        raise Unavailable(t("whatif.no_baseline", lang)) from exc


def url_sliders(data: Data) -> tuple[SliderSpec, ...]:
    """The sliders a link may set (`params.parse(..., sliders=...)`); none when the data
    cannot support the what-if page (no assumptions, a missing row, no Korean baseline),
    so that its `s.` parameters are reported as unknown rather than half-used."""
    if data.assumptions.empty:
        return ()
    try:
        return tuple(settings_of(data).sliders.values())
    except (AssumptionsError, ValueError, IndexError):
        return ()


def parse_link(
    query: Mapping[str, str | Sequence[str]], data: Data
) -> tuple[params.ViewState, list[params.Notice]]:
    """`params.parse` against this data: its entities, what-if sliders and paths. What
    every reader of a link (the app, the deck exporter, the reference scenarios) uses."""
    return params.parse(
        query,
        entities=list(data.entities["id"]),
        sliders=url_sliders(data),
        presets=url_presets(data),
    )


def url_presets(data: Data) -> tuple[str, ...]:
    """The preset ids a link may name (`params.parse(..., presets=...)`); none when the
    data cannot support the what-if page or has no paths."""
    if not url_sliders(data) or not settings_of(data).presets:
        return ()  # no paths in the data: none to name (not even "none")
    return preset_ids(settings_of(data))


# ---------------------------------------------------------------- the values


def preset_of(found: Settings, preset: str) -> buildout.Preset | None:
    """The build-out path a link or slide names: "" the default (the first preset of the
    data), `NO_PRESET` none, else the preset with that id. Korea's pledge metric names
    the pledge the investment section starts from anyway: the default path. A data
    folder without presets has no path to follow. An unknown id is a ValueError (the URL
    parser reports it before)."""
    if preset == NO_PRESET or not found.presets:  # a folder without paths: none at all
        return None  # (its missing presets.csv is reported with the data's problems)
    if preset in ("", investment.PLAN_METRIC):
        return found.presets[0]
    chosen = next((p for p in found.presets if p.id == preset), None)
    if chosen is None:
        known = ", ".join([p.id for p in found.presets] + [NO_PRESET])
        raise ValueError(f"unknown preset {preset!r}; known: {known}")
    return chosen


def case_values(found: Settings, base: buildout.Baseline, case: str) -> dict[str, float]:
    """Every growth slider at the data's slowest year (`low`), central rate or fastest
    year (`high`), within the sliders' bounds: what the page's one growth selector sets."""
    values = {"world_growth": _rate(base.world_growth.factor.of(case))}
    for entity, growth in base.relative.items():
        values[GROWTH_PREFIX + entity] = _rate(growth.factor.of(case))
    return within(found, values)


def _rate(factor: float) -> float:
    """A growth factor as a slider's rate (1.25 -> 0.25), to six places: what a slider
    holds and a link writes, so a default read back from either is still the default."""
    return round(factor - 1, 6)


def preset_ids(found: Settings) -> tuple[str, ...]:
    """The preset values a link may carry."""
    return (*(p.id for p in found.presets), NO_PRESET)


def resolve(
    found: Settings, scenario: Sequence[tuple[str, float]] = (), preset: str = ""
) -> dict[str, float]:
    """Every slider's value: the defaults, then the scenario's (within bounds; whole
    numbers where the slider is). Unknown scenario keys are ignored (the URL parser
    reports them); an unknown preset is a ValueError (`preset_of`)."""
    preset_of(found, preset)
    values = found.defaults()
    values.update(within(found, dict(scenario)))
    return values


def kept(spec: SliderSpec, value: float) -> float:
    """`value` as slider `spec` takes it: within its bounds, whole where the slider is.
    A value that is not a finite number is a ValueError (a link's are checked before)."""
    x = float(value)
    if not math.isfinite(x):
        raise ValueError(f"{spec.key}: {value!r} is not a finite number")
    x = spec.clamp(x)
    return float(round(x)) if spec.integer else x


def within(found: Settings, values: Mapping[str, float]) -> dict[str, float]:
    """The values of known sliders, each kept within its slider's bounds and whole where
    the slider is (a story, a preset or an edited link may ask for more)."""
    return {k: kept(found.sliders[k], v) for k, v in values.items() if k in found.sliders}


# ---------------------------------------------------------------- section parameters


Specs = Settings | Mapping[str, SliderSpec]


@dataclass(frozen=True)
class SectionParams:
    """The slider values one section reads, as a frozen object: the one cache keys a
    section's result by its fields, so a slider of another section leaves it as it was.

    A field is named by its slider's URL key; a field with `prefix` metadata holds the
    family of sliders whose keys start with it (`growth_KOR`, ...) as (suffix, value)
    pairs, in slider order; a field holding another `SectionParams` holds that section's
    values (the composite reads the build-out's and the pledge's)."""

    @classmethod
    def from_values(cls, found: Specs, values: Mapping[str, float]) -> Self:
        """The section's values out of `values` (every slider's, or just this section's),
        each kept within its slider's bounds and whole where the slider is (`kept`).

        ValueError when `values` names a key no slider has, lacks one the section reads,
        or holds a value that is not a finite number; KeyError when the specs have no
        slider for a field."""
        specs = found.sliders if isinstance(found, Settings) else found
        unknown = [k for k in values if k not in specs]
        if unknown:
            raise ValueError(f"no slider for {', '.join(map(repr, unknown))}")
        return cls._build(specs, values)

    @classmethod
    def _build(cls, specs: Mapping[str, SliderSpec], values: Mapping[str, float]) -> Self:
        def one(key: str) -> float:
            if key not in specs:
                raise KeyError(f"{cls.__name__}: no slider {key!r}")
            if key not in values:
                raise ValueError(f"{cls.__name__}: no value for {key!r}")
            return kept(specs[key], values[key])

        hints = get_type_hints(cls)
        out: dict[str, object] = {}
        for f in fields(cls):
            kind, prefix = hints[f.name], f.metadata.get("prefix")
            if isinstance(kind, type) and issubclass(kind, SectionParams):
                out[f.name] = kind._build(specs, values)
            elif prefix:
                family = [k for k in specs if k.startswith(prefix)]
                out[f.name] = tuple((k.removeprefix(prefix), one(k)) for k in family)
            else:
                out[f.name] = one(f.name)
        return cls(**out)

    @classmethod
    def keys_of(cls, found: Specs) -> tuple[str, ...]:
        """The URL keys this section reads, for these sliders."""
        specs = found.sliders if isinstance(found, Settings) else found
        return cls._build(specs, {k: s.value for k, s in specs.items()}).keys()

    def values(self) -> dict[str, float]:
        """The values by URL key (a nested section's included)."""
        out: dict[str, float] = {}
        for f in fields(self):
            value, prefix = getattr(self, f.name), f.metadata.get("prefix")
            if isinstance(value, SectionParams):
                out.update(value.values())
            elif prefix:
                out.update({prefix + suffix: x for suffix, x in value})
            else:
                out[f.name] = value
        return out

    def keys(self) -> tuple[str, ...]:
        return tuple(self.values())


def _family(prefix: str) -> Any:
    """A field holding every slider whose key starts with `prefix` (no default)."""
    return field(metadata={"prefix": prefix})


@dataclass(frozen=True)
class BuildoutParams(SectionParams):
    added_gpus: float
    deploy_years: float
    start_year: float
    target_year: float
    efficiency: float
    added_ratio: float
    world_growth: float
    growth: tuple[tuple[str, float], ...] = _family(GROWTH_PREFIX)  # (entity, relative)

    def inputs(self, path: buildout.Preset | None) -> buildout.BuildoutInputs:
        start = int(self.start_year)
        return buildout.BuildoutInputs(
            target_year=max(int(self.target_year), start),
            world_growth=self.world_growth,
            path=path,
            added_gpus=self.added_gpus,
            start_year=start,
            years=int(self.deploy_years),
            added_ratio=self.added_ratio,
            efficiency=self.efficiency,
            relative=dict(self.growth),
        )


@dataclass(frozen=True)
class PledgeParams(SectionParams):
    pledge_krw_bn: float
    pledge_years: float
    public_share: float
    krw_per_usd: float

    def inputs(self, data: Data) -> investment.PledgeInputs:
        """Korea's pledge as set, from the year the data's pledge starts."""
        return investment.PledgeInputs(
            amount_krw_bn=self.pledge_krw_bn,
            start_year=investment.korea_pledges(data)[0].start_year,
            years=self.pledge_years,
            public_share=self.public_share,
            krw_per_usd=self.krw_per_usd,
        )


@dataclass(frozen=True)
class TcoParams(SectionParams):
    tco_gpus: float
    gpu_price_usd: float
    other_capex_per_gpu_usd: float
    facility_usd_per_mw: float
    power_kw_per_gpu: float
    draw_fraction: float
    pue: float
    electricity_krw_per_kwh: float
    utilisation: float
    lifetime_years: float
    cloud_usd_per_gpu_hour: float
    krw_per_usd: float  # the investment section's exchange rate

    def inputs(self) -> tco.TcoInputs:
        return tco.TcoInputs(
            gpus=self.tco_gpus,
            electricity_currency="KRW",
            krw_per_usd=self.krw_per_usd,
            **{name: getattr(self, key) for key, name in TCO_KEYS.items()},
        )


@dataclass(frozen=True)
class CompositeParams(SectionParams):
    buildout: BuildoutParams
    pledge: PledgeParams
    weights: tuple[tuple[str, float], ...] = _family(composite.WEIGHT_PREFIX)  # (pillar, w)
    band_pct: float

    def pillar_weights(self) -> dict[str, float]:
        return dict(self.weights)

    def has_weight(self) -> bool:
        """Whether any pillar has weight: with none there is no index to draw."""
        return sum(w for _, w in self.weights) > 0


# ---------------------------------------------------------------- the sections

RECENT = 8  # results kept per section function: a page draws a section's chart and
# then its table from the same numbers, and sessions often share a scenario
_recent = cache.recent(RECENT)


@_recent
def buildout_frame(
    data: Data, found: Settings, b: BuildoutParams, entities: Sequence[str], preset: str = ""
) -> pd.DataFrame:
    """Baseline and scenario compute per country and year (`buildout.project`), for
    Korea and the chosen countries that have a comparable start, on the preset's path."""
    chosen = [HOME, *(e for e in entities if e != HOME)]
    path = preset_of(found, preset)
    return buildout.project(data, found.assumptions, b.inputs(path), chosen)


@_recent
def investment_frame(data: Data, p: PledgeParams, entities: Sequence[str]) -> pd.DataFrame:
    """Korea's pledge as set, then the peers' plans (`investment.compare`)."""
    return investment.compare(data, p.inputs(data), list(entities))


def cost(c: TcoParams) -> tco.TcoResult:
    return tco.tco(c.inputs())


@dataclass(frozen=True)
class IndexResult:
    """The composite with today's figures plus the baseline projection (`baseline`) and
    with the scenario fed in (`scenario`), and the scenario's rank-stability band."""

    baseline: composite.CompositeResult
    scenario: composite.CompositeResult
    band: pd.DataFrame
    year: int  # the year whose compute the composite uses (the build-out's last year)
    pillars: composite.PillarTable  # the scenario's raw figures


@_recent
def index(
    data: Data, found: Settings, c: CompositeParams, entities: Sequence[str], preset: str = ""
) -> IndexResult:
    """The composite index of the chosen countries, baseline and scenario.

    Both use every country's compute in the build-out's last year (baseline: without
    the GPUs Korea adds, the efficiency gain or edited growth; scenario: with them), so
    the two differ only by the reader's levers. The scenario also adds the private part
    of Korea's pledge, per year, to its private AI investment. Raises ValueError when
    every weight is 0.
    """
    entities = tuple(entities)
    frame = buildout_frame(data, found, c.buildout, entities, preset)
    year = int(frame["year"].max())
    weights = c.pillar_weights()
    today = composite.pillar_table(data, found.assumptions, entities)
    base = composite.with_overrides(
        today, {"compute": buildout.compute_pillar(frame, year, "baseline_compute")}
    )
    extra = investment.investment_pillar(data, c.pledge.inputs(data))
    scenario_overrides = {
        "compute": buildout.compute_pillar(frame, year),
        **({"investment": {HOME: extra}} if extra is not None else {}),
    }
    pillars = composite.with_overrides(today, scenario_overrides)
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

    year: int  # the build-out's last year
    compute: float  # Korea's compute then, H100e (central)
    compute_low: float
    compute_high: float
    world: float  # the world's central total then
    rank: int
    countries: int  # how many ranked
    share_of_leader: float
    share_of_world: float
    pledge_per_capita_usd: float  # Korea's pledge per person per year
    break_even_utilisation: float | None
    composite_rank: int | None
    composite_band: tuple[int, int] | None  # best and worst rank over weight draws


def outcome(
    data: Data,
    found: Settings,
    values: Mapping[str, float],
    entities: Sequence[str],
    preset: str = "",
) -> Outcome:
    """Korea's key results for a scenario (every slider's value, `resolve`)."""
    entities = tuple(entities)
    b = BuildoutParams.from_values(found, values)
    frame = buildout_frame(data, found, b, entities, preset)
    year = int(frame["year"].max())
    korea = buildout.home_row(frame, year)
    plans = investment_frame(data, PledgeParams.from_values(found, values), entities)
    cost_result = cost(TcoParams.from_values(found, values))
    c = CompositeParams.from_values(found, values)
    rank = band = None
    if c.has_weight():
        result = index(data, found, c, entities, preset)
        table = result.scenario.table.set_index("entity")
        bands = result.band.set_index("entity")
        if HOME in table.index and not pd.isna(table.at[HOME, "rank"]):
            rank = int(table.at[HOME, "rank"])
            band = (int(bands.at[HOME, "rank_min"]), int(bands.at[HOME, "rank_max"]))
    return Outcome(
        year=year,
        compute=float(korea["scenario_compute"]),
        compute_low=float(korea["scenario_low"]),
        compute_high=float(korea["scenario_high"]),
        world=float(korea["world"]),
        rank=int(korea["rank_scenario"]),
        countries=int((frame["year"] == year).sum()),
        share_of_leader=float(korea["share_of_leader"]),
        share_of_world=float(korea["share_of_world"]),
        pledge_per_capita_usd=float(plans.iloc[0]["per_capita_usd"]),
        break_even_utilisation=cost_result.break_even_utilisation,
        composite_rank=rank,
        composite_band=band,
    )
