"""The what-if page's settings in one place: every slider by URL key, and the four
scenarios computed from the slider values.

- `settings(data, assumptions)`: one `SliderSpec` per URL key (a link carries `s.<key>`),
  grouped by section, with defaults and bounds from the assumptions and the data,
  never from literals; and the Korean GPU presets, read from the data.
- `resolve(settings, scenario, preset)`: every slider's value: the defaults, then a
  preset's values (its GPU count, schedule and H100e per GPU), then the scenario's
  (slider values off their defaults, as a link or a story slide carries them), each
  kept within its slider's bounds.
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

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from typing import Any, Self, get_type_hints

import pandas as pd

from dashboard.base import cache
from dashboard.base.i18n import t
from dashboard.data.load import HOME, Data
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
# The values a build-out preset sets.
PRESET_KEYS = ("added_gpus", "start_year", "deploy_years", "added_ratio")


@dataclass(frozen=True)
class Preset:
    """A Korean GPU figure from the data the build-out can start from, with the slider
    values it sets. `id` is `<metric>_<count>_<year>`; a story may name just the metric
    (its largest figure)."""

    id: str
    figure: buildout.Preset
    values: Mapping[str, float]

    def label(self, lang: str) -> str:
        return self.figure.label(lang)


@dataclass(frozen=True)
class Settings:
    sliders: Mapping[str, SliderSpec]  # by URL key, in page order
    sections: Mapping[str, tuple[str, ...]]  # section -> its URL keys, in page order
    presets: tuple[Preset, ...]
    assumptions: Mapping[str, Assumption]
    stock_entities: tuple[str, ...]  # countries with a GPU stock figure, Korea first

    def defaults(self) -> dict[str, float]:
        return {k: s.value for k, s in self.sliders.items()}


# ---------------------------------------------------------------- the sliders


def _growth_sliders(
    data: Data, assumptions: Mapping[str, Assumption], entities: Sequence[str]
) -> dict[str, SliderSpec]:
    out = {}
    for entity in entities:
        parameter = buildout.HOME_GROWTH if entity == HOME else buildout.PEER_GROWTH
        names = {lang: data.entity_name(entity, lang) for lang in ("en", "ko")}
        spec = replace(
            slider_of(assumptions, parameter),
            key=GROWTH_PREFIX + entity,
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


def _tco_gpus_slider(found: Sequence[buildout.Preset], gpus_max: float) -> SliderSpec:
    """GPUs in the cost comparison: the smallest Korean GPU figure in the data by
    default (the 2025 purchase plan in the shipped data), up to the build-out's top."""
    smallest = min(found, key=lambda p: p.gpus, default=None)
    value = smallest.gpus if smallest is not None else 0.0
    return SliderSpec(
        key="tco_gpus",
        **ui_labels("whatif.slider.tco_gpus"),
        value=value,
        min=1.0,  # at least one GPU: a cost per GPU-hour of nothing means nothing
        max=max(gpus_max, value),
        step=1.0,
        unit="gpu",
        source_id=smallest.source_id if smallest is not None else "",
        basis="data",
        integer=True,
        bounds_from=MAX_MULTIPLE,
    )


def _presets(
    data: Data, assumptions: Mapping[str, Assumption], stocks: Mapping[str, buildout.Stock]
) -> tuple[Preset, ...]:
    """The build-out presets, scheduled as `buildout.default_inputs` schedules them."""
    now = buildout.base_year(stocks)
    out: dict[tuple, Preset] = {}
    for figure in buildout.presets(data):
        start, years = buildout.schedule(figure, now)
        values = {
            "added_gpus": figure.gpus,
            "start_year": float(start),
            "deploy_years": float(years),
            "added_ratio": buildout.h100e_ratio(figure.gpu_type, assumptions)[0],
        }
        key = tuple(values.values())
        if key in out:  # the same figure from two sources is one choice
            continue
        name = f"{figure.metric}_{figure.gpus:.0f}_{figure.year}"
        taken = {p.id for p in out.values()}
        pid, n = name, 1
        while pid in taken:  # same count and year, another schedule: a distinct choice
            n += 1
            pid = f"{name}_{n}"
        out[key] = Preset(pid, figure, values)
    return tuple(out.values())


def settings(data: Data, assumptions: Mapping[str, Assumption]) -> Settings:
    """Every slider of the what-if page by URL key (see the module docstring).

    Raises `AssumptionsError` when an assumption the sliders need has no usable row,
    and ValueError when the data has no Korean GPU stock or pledge to build on.
    """
    stocks = buildout.baseline_stocks(data, assumptions)
    if HOME not in stocks:
        raise ValueError(f"no {buildout.STOCK_METRIC} figure for {HOME}")
    entities = (HOME, *sorted(e for e in stocks if e != HOME))
    build = buildout.sliders(data, assumptions)
    money = investment.sliders(data, assumptions)
    cost = tco.sliders(assumptions)
    weights = composite.sliders(assumptions)
    found = buildout.presets(data)
    sections = {
        "buildout": {
            **{k: replace(build[v], key=k) for k, v in BUILDOUT_KEYS.items()},
            "added_ratio": _added_ratio_slider(assumptions),
            **_growth_sliders(data, assumptions, entities),
        },
        "investment": {k: replace(money[v], key=k) for k, v in INVESTMENT_KEYS.items()},
        "tco": {
            "tco_gpus": _tco_gpus_slider(found, build["added_gpus"].max),
            **{k: replace(cost[v], key=k) for k, v in TCO_KEYS.items()},
        },
        "composite": {k: replace(weights[v], key=k) for k, v in COMPOSITE_KEYS.items()},
    }
    return Settings(
        sliders={k: s for section in sections.values() for k, s in section.items()},
        sections={name: tuple(section) for name, section in sections.items()},
        presets=_presets(data, assumptions, stocks),
        assumptions=assumptions,
        stock_entities=entities,
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


# ---------------------------------------------------------------- the values


def find_preset(found: Settings, preset: str) -> Preset | None:
    """The preset with this id, or the first (largest) of a metric named on its own."""
    return next((p for p in found.presets if p.id == preset), None) or next(
        (p for p in found.presets if p.figure.metric == preset), None
    )


def resolve(
    found: Settings, scenario: Sequence[tuple[str, float]] = (), preset: str = ""
) -> dict[str, float]:
    """Every slider's value: defaults, then the preset's, then the scenario's (within
    bounds; whole numbers where the slider is). Unknown scenario keys are ignored (the
    URL parser reports them); an unknown preset is a ValueError. Korea's pledge metric
    names the pledge the investment section starts from anyway, so it changes nothing."""
    values = found.defaults()
    if preset and preset != investment.PLAN_METRIC:
        chosen = find_preset(found, preset)
        if chosen is None:
            known = ", ".join(p.id for p in found.presets)
            raise ValueError(f"unknown preset {preset!r}; known: {known}")
        values.update(within(found, chosen.values))
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


def matching_preset(found: Settings, values: Mapping[str, float]) -> str:
    """The id of the preset the values show, or "" (the selector then says "custom")."""
    for p in found.presets:
        if all(values.get(k) == v for k, v in p.values.items()):
            return p.id
    return ""


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
    growth: tuple[tuple[str, float], ...] = _family(GROWTH_PREFIX)  # (entity, rate)

    def inputs(self) -> buildout.BuildoutInputs:
        start = int(self.start_year)
        return buildout.BuildoutInputs(
            added_gpus=self.added_gpus,
            start_year=start,
            years=int(self.deploy_years),
            target_year=max(int(self.target_year), start),
            added_ratio=self.added_ratio,
            efficiency=self.efficiency,
            growth=dict(self.growth),
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
    data: Data, found: Settings, b: BuildoutParams, entities: Sequence[str]
) -> pd.DataFrame:
    """Baseline and scenario compute per country and year (`buildout.project`), for
    Korea and the chosen countries that have a GPU stock figure."""
    chosen = [HOME, *(e for e in entities if e != HOME)]
    return buildout.project(data, found.assumptions, b.inputs(), chosen)


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
def index(data: Data, found: Settings, c: CompositeParams, entities: Sequence[str]) -> IndexResult:
    """The composite index of the chosen countries, baseline and scenario.

    Both use every country's compute in the build-out's last year (baseline: without
    the GPUs Korea adds, the efficiency gain or edited growth; scenario: with them), so
    the two differ only by the reader's levers. The scenario also adds the private part
    of Korea's pledge, per year, to its private AI investment. Raises ValueError when
    every weight is 0.
    """
    entities = tuple(entities)
    frame = buildout_frame(data, found, c.buildout, entities)
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
