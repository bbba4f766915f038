"""Compute build-out scenario: Korea buys N more GPUs; where does its compute rank?

Baseline. Each country's current stock is its latest `gpus_held` figure (`views.pick_one`),
converted to H100-equivalents (H100e) with the performance ratio of the row's `gpu_type`
(`h100e_ratio_<type>` assumptions; the H100 is the unit, ratio 1 by definition). A type
without a ratio (empty, "mixed", "B200/H200", ...) counts 1 H100e per GPU and is flagged
(`ratio_known` False): the GPU count is shown as it is rather than guessed up or down.
From its figure's year each stock grows at a yearly rate: peers at `peer_compute_growth`
(a sourced world trend), Korea at `home_compute_growth` (0: Korea changes only by what the
scenario adds). Years before a figure's year carry the figure unchanged (no back-casting).

Scenario. N GPUs (a preset read from the data, or any number) arrive in equal tranches
over Y years from a start year, each worth `added_ratio` H100e; from the start year an
efficiency multiplier for system software scales all of Korea's compute (the GPUs it had
and those it adds); each country's growth rate may be edited. With N = 0, multiplier 1
and the default growth rates, scenario == baseline exactly (same arithmetic, same numbers).

Output, per country and year: baseline and scenario compute, change, rank in each (1 =
most compute, among the countries with a stock figure), share of the leader, and compute
per million people and per USD bn of GDP (latest context figures; NaN where the data has
none). Countries without a `gpus_held` figure are left out (`countries_without_stock`),
not estimated. Nothing here formats text or draws.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import pandas as pd

from dashboard.base import cache
from dashboard.data.load import HOME, Data
from dashboard.model.scenarios.assumptions import (
    Assumption,
    SliderSpec,
    data_slider,
    slider_of,
    ui_labels,
    value_of,
)
from dashboard.model.views import best_figures, latest_context

STOCK_METRIC = "gpus_held"
PRESET_METRICS = ("gpus_planned", "gpus_pledged", "gpus_deal")
REFERENCE_GPU = "h100"  # the unit of H100e: ratio 1 by definition, not an assumption
RATIO_PREFIX = "h100e_ratio_"
PEER_GROWTH = "peer_compute_growth"
HOME_GROWTH = "home_compute_growth"
EFFICIENCY = "efficiency_multiplier"
# Words that name a vendor or a board variant but not the chip's performance class.
_NOISE_TOKENS = {
    "nvidia",
    "amd",
    "huawei",
    "instinct",
    "hgx",
    "dgx",
    "sxm",
    "sxm4",
    "sxm5",
    "80gb",
    "94gb",
    "141gb",
}

COLUMNS = [
    "entity",
    "year",
    "baseline_compute",
    "scenario_compute",
    "change",
    "rank_baseline",
    "rank_scenario",
    "share_of_leader",
    "per_million_people",
    "per_usd_bn_gdp",
    "stock_gpus",
    "stock_year",
    "gpu_type",
    "ratio",
    "ratio_known",
    "growth",
    "source_id",
]


# ---------------------------------------------------------------- GPU types


def gpu_type_key(gpu_type: str) -> str:
    """A GPU type as an assumption key: "NVIDIA H100 SXM5 80GB" -> "h100", "Ascend 910B" ->
    "ascend_910b". Lists such as "B200/H200" stay lists and so find no ratio."""
    tokens = [t for t in re.split(r"[^a-z0-9/]+", gpu_type.lower()) if t and t not in _NOISE_TOKENS]
    return "_".join(tokens)


def h100e_ratio(gpu_type: str, assumptions: Mapping[str, Assumption]) -> tuple[float, bool]:
    """H100e per GPU of this type, and whether the type was known (else 1.0, flagged)."""
    key = gpu_type_key(gpu_type)
    if key == REFERENCE_GPU:
        return 1.0, True
    found = assumptions.get(RATIO_PREFIX + key) if key else None
    return (found.value, True) if found is not None else (1.0, False)


# ---------------------------------------------------------------- the baseline stock


@dataclass(frozen=True)
class Stock:
    entity: str
    year: int
    gpus: float
    gpu_type: str
    ratio: float
    ratio_known: bool
    source_id: str

    @property
    def h100e(self) -> float:
        return self.gpus * self.ratio


def _countries(data: Data, entities: Sequence[str] | None) -> list[str]:
    countries = data.countries()
    return countries if entities is None else [e for e in entities if e in set(countries)]


@cache.recent(8)  # the data's own figures: the same on every slider move
def baseline_stocks(
    data: Data, assumptions: Mapping[str, Assumption], entities: Sequence[str] | None = None
) -> dict[str, Stock]:
    """Each country's latest GPU stock (one figure, `pick_one`) with its H100e ratio
    (shared with other callers: do not modify)."""
    rows = best_figures(data, STOCK_METRIC, _countries(data, entities))
    stocks = {}
    for row in rows.itertuples(index=False):
        ratio, known = h100e_ratio(_text(row.gpu_type), assumptions)
        stocks[row.entity] = Stock(
            row.entity,
            int(row.year),
            float(row.value),
            _text(row.gpu_type),
            ratio,
            known,
            str(row.source_id),
        )
    return stocks


def countries_without_stock(data: Data, entities: Sequence[str] | None = None) -> list[str]:
    have = set(data.figures(STOCK_METRIC)["entity"])
    return [e for e in _countries(data, entities) if e not in have]


def default_growth(
    entities: Sequence[str], assumptions: Mapping[str, Assumption]
) -> dict[str, float]:
    """Each country's default yearly growth: Korea's and the peers' assumption."""
    peer, home = value_of(assumptions, PEER_GROWTH), value_of(assumptions, HOME_GROWTH)
    return {e: home if e == HOME else peer for e in entities}


# ---------------------------------------------------------------- presets from the data


@dataclass(frozen=True)
class Preset:
    """A Korean GPU figure from the data that the scenario can start from."""

    metric: str
    gpus: float
    year: int
    period_start: int | None
    gpu_type: str
    status: str
    confidence: str
    source_id: str
    publisher: str
    published: str
    url: str
    label_en: str
    label_ko: str
    note: str = ""
    note_ko: str = ""

    def label(self, lang: str) -> str:
        return self.label_ko if lang == "ko" else self.label_en


def presets(data: Data) -> list[Preset]:
    """Every KOR row of the planned, pledged and deal GPU metrics, largest first."""
    rows = data.figures(list(PRESET_METRICS), [HOME]).sort_values(
        ["value", "year"], ascending=[False, True], kind="stable"
    )
    out = []
    for r in rows.to_dict("records"):
        start = None if pd.isna(r["period_start"]) else int(r["period_start"])
        count = f"{r['value']:,.0f}"
        where = f"{r['year']}, {_text(r.get('publisher')) or r['source_id']}"
        out.append(
            Preset(
                metric=r["metric"],
                gpus=float(r["value"]),
                year=int(r["year"]),
                period_start=start,
                gpu_type=_text(r["gpu_type"]),
                status=str(r["status"]),
                confidence=str(r["confidence"]),
                source_id=str(r["source_id"]),
                publisher=_text(r.get("publisher")),
                published=_text(r.get("published")),
                url=_text(r.get("url")),
                label_en=f"{data.metric_label(r['metric'], 'en')}: {count} ({where})",
                label_ko=f"{data.metric_label(r['metric'], 'ko')}: {count}장 ({where})",
                note=_text(r["note"]),
                note_ko=_text(r["note_ko"]),
            )
        )
    return out


def _text(value: object) -> str:
    """A text cell as a string; a missing one (NaN after a join) as ""."""
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)


# ---------------------------------------------------------------- the scenario


@dataclass(frozen=True)
class BuildoutInputs:
    """The levers. `growth` maps a country to its yearly growth (0.5 = +50%); a country not
    in it grows at its default (`default_growth`)."""

    added_gpus: float
    start_year: int
    years: int
    target_year: int
    added_ratio: float = 1.0
    efficiency: float = 1.0
    growth: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.added_gpus < 0 or not math.isfinite(self.added_gpus):
            raise ValueError(f"added_gpus must be 0 or more, not {self.added_gpus}")
        if self.years < 1:
            raise ValueError(f"years must be at least 1, not {self.years}")
        if self.added_ratio <= 0 or self.efficiency <= 0:
            raise ValueError("added_ratio and efficiency must be greater than 0")
        if any(g <= -1 for g in self.growth.values()):
            raise ValueError("a growth rate must be above -100% a year")

    def arrived(self, year: int) -> float:
        """GPUs delivered by the end of `year`: equal tranches from `start_year`."""
        tranches = min(max(year - self.start_year + 1, 0), self.years)
        return self.added_gpus * tranches / self.years


def base_year(stocks: Mapping[str, Stock]) -> int:
    """The year of Korea's stock figure (else the latest figure): the scenario's 'now'."""
    if HOME in stocks:
        return stocks[HOME].year
    return max(s.year for s in stocks.values())


def default_inputs(
    data: Data,
    assumptions: Mapping[str, Assumption],
    preset: Preset | None = None,
    target_year: int | None = None,
    entities: Sequence[str] | None = None,
) -> BuildoutInputs:
    """Slider defaults: nothing added (or the preset), efficiency and growth as assumed.

    A preset with a period arrives over it; one without (its year is a target or an
    announcement year) arrives from the year after Korea's stock figure up to its year,
    or in that next year when its year is not later (a scheduling design choice).
    """
    stocks = baseline_stocks(data, assumptions, entities)
    if not stocks:
        raise ValueError(f"no {STOCK_METRIC} figure for any selected country")
    now = base_year(stocks)
    start, years, added, ratio = now + 1, 1, 0.0, 1.0
    if preset is not None:
        start, years = schedule(preset, now)
        added, ratio = preset.gpus, h100e_ratio(preset.gpu_type, assumptions)[0]
    target = target_year or max([start + years - 1, *(p.year for p in presets(data))])
    return BuildoutInputs(
        added_gpus=added,
        start_year=start,
        years=years,
        target_year=target,
        added_ratio=ratio,
        efficiency=value_of(assumptions, EFFICIENCY),
        growth=default_growth(list(stocks), assumptions),
    )


def schedule(preset: Preset, now: int) -> tuple[int, int]:
    """(first delivery year, number of yearly tranches) of a preset; see `default_inputs`."""
    start = preset.period_start if preset.period_start is not None else now + 1
    return start, max(1, preset.year - start + 1)


def _grown(stock: Stock, growth: float, year: int) -> float:
    return stock.h100e * (1 + growth) ** max(0, year - stock.year)


@dataclass(frozen=True)
class Baseline:
    """What the projection reads from the data and assumptions, read once: stocks,
    default growth, and the context denominators (population in millions, GDP in USD bn)."""

    stocks: Mapping[str, Stock]
    default_growth: Mapping[str, float]
    population: Mapping[str, float]
    gdp: Mapping[str, float]


def baseline(
    data: Data, assumptions: Mapping[str, Assumption], entities: Sequence[str] | None = None
) -> Baseline:
    stocks = baseline_stocks(data, assumptions, entities)
    return Baseline(
        stocks=stocks,
        default_growth=default_growth(list(stocks), assumptions),
        population={e: v for e, (v, _) in latest_context(data, "population").items()},
        gdp={e: v for e, (v, _) in latest_context(data, "gdp").items()},
    )


def project(
    data: Data,
    assumptions: Mapping[str, Assumption],
    inputs: BuildoutInputs,
    entities: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Baseline and scenario compute (H100e) per country and year (see the module docstring)."""
    return project_from(baseline(data, assumptions, entities), inputs)


def project_from(base: Baseline, inputs: BuildoutInputs) -> pd.DataFrame:
    """`project` on an already read `Baseline` (pure arithmetic; cheap to rerun per slider).

    Years run from the earlier of Korea's stock year and the start year to `target_year`.
    Raises ValueError when Korea has no stock figure: its scenario would have no base.
    """
    stocks, defaults = base.stocks, base.default_growth
    if HOME not in stocks:
        raise ValueError(f"no {STOCK_METRIC} figure for {HOME}: no baseline to build on")
    growth = {**defaults, **{e: g for e, g in inputs.growth.items() if e in stocks}}
    first = min(base_year(stocks), inputs.start_year)
    records = []
    for year in range(first, inputs.target_year + 1):
        for entity, stock in stocks.items():
            baseline_value = _grown(stock, defaults[entity], year)
            scenario = _grown(stock, growth[entity], year)
            if entity == HOME and year >= inputs.start_year:
                # The scenario starts in start_year: software gains apply from then on, to
                # the GPUs Korea had and those it adds alike.
                scenario = (
                    scenario + inputs.arrived(year) * inputs.added_ratio
                ) * inputs.efficiency
            records.append(
                {
                    "entity": entity,
                    "year": year,
                    "baseline_compute": baseline_value,
                    "scenario_compute": scenario,
                    "stock_gpus": stock.gpus,
                    "stock_year": stock.year,
                    "gpu_type": stock.gpu_type,
                    "ratio": stock.ratio,
                    "ratio_known": stock.ratio_known,
                    "growth": growth[entity],
                    "source_id": stock.source_id,
                }
            )
    frame = pd.DataFrame.from_records(records)
    return _add_ranks_and_ratios(frame, base)[COLUMNS]


def _add_ranks_and_ratios(frame: pd.DataFrame, base: Baseline) -> pd.DataFrame:
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
    scenario = frame["scenario_compute"]
    frame["per_million_people"] = scenario / frame["entity"].map(base.population).astype(float)
    frame["per_usd_bn_gdp"] = scenario / frame["entity"].map(base.gdp).astype(float)
    return frame


def home_row(frame: pd.DataFrame, year: int) -> pd.Series:
    """Korea's row for one year of a projection."""
    return frame[(frame["entity"] == HOME) & (frame["year"] == year)].iloc[0]


def compute_pillar(
    frame: pd.DataFrame, year: int, column: str = "scenario_compute"
) -> dict[str, float]:
    """Every country's compute in `year`, ready to override the composite's compute pillar."""
    rows = frame[frame["year"] == year]
    return dict(zip(rows["entity"], rows[column].astype(float), strict=True))


# ---------------------------------------------------------------- sliders


def sliders(data: Data, assumptions: Mapping[str, Assumption]) -> dict[str, SliderSpec]:
    """Specs of the build-out sliders. GPU count and deployment years reach the largest
    preset (and its schedule) times `data_slider_max_multiple`; the defaults are the
    baseline: nothing added, over one year, efficiency and growth as assumed."""
    stocks = baseline_stocks(data, assumptions)
    now = base_year(stocks) if stocks else None
    found = presets(data)
    largest = max((p.gpus for p in found), default=0.0)
    longest = max((schedule(p, now)[1] for p in found if now is not None), default=1)
    gpus = data_slider(
        "added_gpus",
        largest,
        **ui_labels("whatif.slider.added_gpus"),
        unit="gpu",
        source_id="",
        assumptions=assumptions,
        integer=True,
    )
    years = data_slider(
        "years",
        float(longest),
        **ui_labels("whatif.slider.build_years"),
        unit="years",
        source_id="",
        assumptions=assumptions,
        integer=True,
    )
    years = replace(years, min=1.0, max=max(years.max, 1.0), value=1.0)
    first = (now if now is not None else min((p.year for p in found), default=0)) + 1
    target = max([first, *(p.year for p in found)])
    return {
        "added_gpus": replace(gpus, value=0.0),
        "years": years,
        "start_year": replace(
            years,
            key="start_year",
            **ui_labels("whatif.slider.start_year"),
            min=float(first),
            max=float(first + years.max - 1),
            value=float(first),
        ),
        "target_year": replace(
            years,
            key="target_year",
            **ui_labels("whatif.slider.target_year"),
            min=float(first),
            max=float(max(target, first + years.max - 1)),
            value=float(target),
        ),
        "efficiency": slider_of(assumptions, EFFICIENCY),
        "peer_growth": slider_of(assumptions, PEER_GROWTH),
        "home_growth": slider_of(assumptions, HOME_GROWTH),
    }
