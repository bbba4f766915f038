"""Compute build-out scenario: where would Korea's compute stand on its official path?

Start. Every country starts from one comparable measure: its share of the GPU-cluster
performance Epoch AI tracks (`views.COMPARABLE_COMPUTE`, one edition), times the world's
AI compute in H100-equivalents in the same year (`ai_compute_h100e` of WLD). Its low and
high come from the sources' own spread: the share's rounding (a share given as 0.5% lies
in 0.45-0.55%) and any other estimate of the country's share of world compute in the
data (`share_global_ai_compute`, within a year of the start).

Growth. The world grows at `world_compute_growth` (a sourced rate, on a slider); each
country grows relative to it at its tracked clusters' growth divided by that of all
tracked clusters (`tracked_cluster_growth` rows, 2022-2025), or keeps its share where
the data has no such figure. Shares are renormalised every year over every country of
the edition plus the untracked rest, so no country ever holds more than the world, and
the shares never add to more than it. A country's band is its own uncertainty within
the world's central total: its start's low or high, growing as in the slowest or
fastest single year of the same data (in proportion to the slider's value), the other
countries kept central; so the band always contains the central line and stays under
the world. The world's band (the tracked clusters' slowest and fastest year around the
sourced rate) is the world's own line.

Scenario. Korea grows by its announced build-out instead of its trend: the compute it
starts with, held, plus a preset path (`presets.csv`: steps that add a GPU figure of the
data, or top the path up to one, each from a stated year) and any extra GPUs in equal
tranches; each GPU counts `added_ratio` H100-equivalents, and an efficiency multiplier
scales Korea's compute from the start year. Its band is its start's range. Korea's
total is capped at the world's (a flag says so). The baseline is Korea on its trend,
like every other country, so the chart shows whether the plans keep pace with it.

Output, per country and year: baseline and scenario compute with their low and high,
the world's, ranks, share of the leader and of the world, compute per million people and
per USD bn of GDP (NaN where the data has no context figure). Countries without a share
figure are left out (`countries_without_start`), not estimated. Nothing here formats
text or draws.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import pandas as pd

from dashboard.base import cache
from dashboard.data.dataset import WORLD, WORLD_COMPUTE, row_key
from dashboard.data.load import HOME, Data
from dashboard.model.scenarios.assumptions import (
    Assumption,
    SliderSpec,
    data_slider,
    slider_of,
    ui_labels,
    value_of,
)
from dashboard.model.views import COMPARABLE_COMPUTE, latest_context, one_edition

GROWTH_METRIC = "tracked_cluster_growth"
ALTERNATIVE_SHARES = ("share_global_ai_compute",)  # other estimates of a share of the world
REFERENCE_GPU = "h100"  # the unit of H100e: ratio 1 by definition, not an assumption
RATIO_PREFIX = "h100e_ratio_"
WORLD_GROWTH = "world_compute_growth"
RELATIVE_GROWTH = "relative_compute_growth"
EFFICIENCY = "efficiency_multiplier"
CASES = ("low", "central", "high")
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
    "baseline_low",
    "baseline_high",
    "scenario_compute",
    "scenario_low",
    "scenario_high",
    "world",
    "world_low",
    "world_high",
    "change",
    "added_h100e",
    "capped",
    "rank_baseline",
    "rank_scenario",
    "share_of_leader",
    "share_of_world",
    "per_million_people",
    "per_usd_bn_gdp",
    "start_share",
    "start_compute",
    "relative_growth",
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


# ---------------------------------------------------------------- where countries start


@dataclass(frozen=True)
class Range:
    low: float
    central: float
    high: float

    def of(self, case: str) -> float:
        return getattr(self, case)

    def scaled(self, central: float) -> Range:
        """The same spread, in proportion, around another central value."""
        if self.central == 0:
            return Range(central, central, central)
        return Range(self.low / self.central * central, central, self.high / self.central * central)


@dataclass(frozen=True)
class Start:
    """A country's share of the world's compute at the start (percent), with its range,
    and where each end comes from (source ids)."""

    entity: str
    share: Range
    source_id: str
    edition: str
    range_sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Growth:
    """Yearly growth as a factor (2 = doubles): central, and the slowest and fastest year."""

    factor: Range
    years: tuple[int, ...] = ()  # the years the figure rests on; () = no figure
    source_id: str = ""


@dataclass(frozen=True)
class Baseline:
    """What the projection reads from the data and assumptions, read once."""

    year: int  # the start year: the share's and the world total's
    world: float  # the world's AI compute in that year, H100e
    world_source: str
    world_growth: Growth  # the world's, central from the assumption
    starts: Mapping[str, Start]  # every country of the edition (not groups)
    relative: Mapping[str, Growth]  # each country's growth relative to the world
    rest_share: float  # percent held by countries the edition does not name
    population: Mapping[str, float]
    gdp: Mapping[str, float]


def _share_rows(data: Data) -> pd.DataFrame:
    rows = one_edition(data.figures(COMPARABLE_COMPUTE))
    countries = set(data.countries())
    return rows[rows["entity"].isin(countries)]


def _rounding(value: float) -> float:
    """Half a unit of the last decimal a figure is written with (0.5 -> 0.05, 73.3 -> 0.05,
    12 -> 0.5): the figure stands for any value that rounds to it."""
    text = f"{value:.10g}"
    places = len(text.split(".")[1]) if "." in text else 0
    return 0.5 * 10.0**-places


def _starts(data: Data, year: int) -> dict[str, Start]:
    rows = _share_rows(data)
    others = data.figures(list(ALTERNATIVE_SHARES))
    others = others[(others["year"] - year).abs() <= 1]
    out = {}
    for r in rows.to_dict("records"):
        value = float(r["value"])
        half = _rounding(value)
        ends = [max(value - half, 0.0), value + half]
        alternatives = others[others["entity"] == r["entity"]]
        ends += [float(v) for v in alternatives["value"]]
        out[r["entity"]] = Start(
            entity=r["entity"],
            share=Range(min(ends), value, max(ends)),
            source_id=str(r["source_id"]),
            edition=str(r.get("edition") or ""),
            range_sources=tuple(dict.fromkeys(alternatives["source_id"].astype(str))),
        )
    return out


def _yearly(data: Data, entity: str) -> dict[int, float]:
    rows = data.figures(GROWTH_METRIC, [entity])
    rows = rows[rows["year"] - rows["period_start"] == 1]
    return {int(y): float(v) for y, v in zip(rows["year"], rows["value"], strict=True) if v > 0}


def _relative(data: Data, entity: str, world: Mapping[int, float]) -> Growth:
    """A country's tracked growth divided by all tracked clusters' growth, over the years
    both have: central the geometric mean, low and high the slowest and fastest year."""
    own = _yearly(data, entity)
    years = tuple(sorted(set(own) & set(world)))
    if not years:
        return Growth(Range(1.0, 1.0, 1.0))
    ratios = [own[y] / world[y] for y in years]
    central = math.prod(ratios) ** (1 / len(ratios))
    rows = data.figures(GROWTH_METRIC, [entity])
    return Growth(Range(min(ratios), central, max(ratios)), years, str(rows["source_id"].iloc[0]))


def _world_growth(data: Data, assumptions: Mapping[str, Assumption]) -> Growth:
    """The world's growth: the sourced rate, between the tracked clusters' slowest and
    fastest year."""
    central = 1 + value_of(assumptions, WORLD_GROWTH)
    tracked = _yearly(data, WORLD)
    if not tracked:
        return Growth(Range(central, central, central))
    # The tracked clusters' slowest and fastest year, as they are, around the sourced
    # rate (it lies between them); a slider moved off it scales the band in proportion.
    low, high = min(tracked.values()), max(tracked.values())
    source = str(data.figures(GROWTH_METRIC, [WORLD])["source_id"].iloc[0])
    return Growth(
        Range(min(low, central), central, max(high, central)), tuple(sorted(tracked)), source
    )


@cache.recent(8)  # the data's own figures: the same on every slider move
def baseline(data: Data, assumptions: Mapping[str, Assumption]) -> Baseline:
    """Every country's start and growth (see the module docstring). ValueError when the
    data has no comparable share or no world total for the share's year."""
    shares = _share_rows(data)
    if shares.empty:
        raise ValueError(f"no {COMPARABLE_COMPUTE} figure for any country")
    year = int(shares["year"].max())
    world_rows = data.figures(WORLD_COMPUTE, [WORLD])
    world_rows = world_rows[world_rows["year"] == year]
    if world_rows.empty:
        raise ValueError(f"no {WORLD_COMPUTE} figure for {WORLD} in {year}")
    starts = _starts(data, year)
    tracked = _yearly(data, WORLD)
    return Baseline(
        year=year,
        world=float(world_rows["value"].iloc[0]),
        world_source=str(world_rows["source_id"].iloc[0]),
        world_growth=_world_growth(data, assumptions),
        starts=starts,
        relative={e: _relative(data, e, tracked) for e in starts},
        rest_share=max(100.0 - sum(s.share.central for s in starts.values()), 0.0),
        population={e: v for e, (v, _) in latest_context(data, "population").items()},
        gdp={e: v for e, (v, _) in latest_context(data, "gdp").items()},
    )


def countries_without_start(data: Data, entities: Sequence[str]) -> list[str]:
    have = set(_share_rows(data)["entity"])
    return [e for e in entities if e in set(data.countries()) and e not in have]


# ---------------------------------------------------------------- presets from the data


@dataclass(frozen=True)
class Step:
    """One step of a preset path: a GPU figure of the data, added or reached in `year`."""

    row: str  # ENTITY/metric/YEAR/source_id
    mode: str  # add | reach
    year: int
    gpus: float
    gpu_type: str
    status: str
    source_id: str
    note_en: str
    note_ko: str

    def note(self, lang: str) -> str:
        return self.note_ko if lang == "ko" and self.note_ko else self.note_en


@dataclass(frozen=True)
class Preset:
    """A path of Korean GPUs made of figures in the data (presets.csv)."""

    id: str
    label_en: str
    label_ko: str
    steps: tuple[Step, ...]

    def label(self, lang: str) -> str:
        return self.label_ko if lang == "ko" else self.label_en

    def running(self) -> list[tuple[Step, float]]:
        """Each step with the GPUs on the path after it (steps in order: an add adds the
        figure, a reach tops the path up to it and never takes GPUs away)."""
        total, out = 0.0, []
        for step in self.steps:
            total = total + step.gpus if step.mode == "add" else max(total, step.gpus)
            out.append((step, total))
        return out

    def cumulative(self) -> dict[int, float]:
        """GPUs on the path by the end of each step's year."""
        return {step.year: total for step, total in self.running()}

    def gpus_by(self, year: int) -> float:
        """GPUs on the path by the end of `year` (steps in later years not yet counted)."""
        reached = [v for y, v in self.cumulative().items() if y <= year]
        return max(reached, default=0.0)

    @property
    def total(self) -> float:
        return max(self.cumulative().values(), default=0.0)

    @property
    def last_year(self) -> int:
        return max(s.year for s in self.steps)

    @property
    def first_year(self) -> int:
        return min(s.year for s in self.steps)

    def gpu_types(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s.gpu_type for s in self.steps))


def presets(data: Data) -> tuple[Preset, ...]:
    """The presets of presets.csv, in file order (the first is the default); steps whose
    figure is not in the data (a row with an error) leave their preset out."""
    table = data.presets
    if table.empty:
        return ()
    figures = data.figures(gpu_metrics(data))
    keyed = figures.set_index(row_key(figures))  # rows named as presets.csv names them
    out = []
    for pid, rows in table.groupby("preset", sort=False):
        rows = rows.sort_values("step")
        if not rows["row"].isin(keyed.index).all():
            continue
        steps = []
        for r in rows.to_dict("records"):
            figure = keyed.loc[r["row"]]
            steps.append(
                Step(
                    row=r["row"],
                    mode=r["mode"],
                    year=int(r["year"]),
                    gpus=float(figure["value"]),
                    gpu_type=_text(figure["gpu_type"]),
                    status=str(figure["status"]),
                    source_id=str(figure["source_id"]),
                    note_en=str(r["note_en"]),
                    note_ko=str(r["note_ko"]),
                )
            )
        first = rows.iloc[0]
        out.append(Preset(str(pid), str(first["label_en"]), str(first["label_ko"]), tuple(steps)))
    return tuple(out)


def gpu_metrics(data: Data) -> list[str]:
    """The metrics that count GPUs (unit gpu), as the presets check has them."""
    return list(data.metrics.loc[data.metrics["unit"] == "gpu", "metric"])


def korean_gpu_figures(data: Data) -> pd.DataFrame:
    """Korea's GPU figures that are not a count of what it holds (plans, pledges,
    purchases, deals): the cost comparison starts from the smallest. Smallest first."""
    metrics = [m for m in gpu_metrics(data) if m != "gpus_held"]
    rows = data.figures(metrics, [HOME])
    return rows.sort_values(["value", "year"], kind="stable")


def _text(value: object) -> str:
    """A text cell as a string; a missing one (NaN after a join) as ""."""
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)


# ---------------------------------------------------------------- the scenario


@dataclass(frozen=True)
class BuildoutInputs:
    """The levers. `relative` maps a country to its yearly growth relative to the world's
    (0.1 = its share grows 10% a year before renormalising); a country not in it keeps
    its data's rate. `path` is Korea's preset (None: no path)."""

    target_year: int
    world_growth: float  # fraction per year (2.3 = 3.3x)
    path: Preset | None = None
    added_gpus: float = 0.0  # beyond the path, in equal tranches
    start_year: int = 0
    years: int = 1
    added_ratio: float = 1.0
    efficiency: float = 1.0
    relative: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.added_gpus < 0 or not math.isfinite(self.added_gpus):
            raise ValueError(f"added_gpus must be 0 or more, not {self.added_gpus}")
        if self.years < 1:
            raise ValueError(f"years must be at least 1, not {self.years}")
        if self.added_ratio <= 0 or self.efficiency <= 0:
            raise ValueError("added_ratio and efficiency must be greater than 0")
        if self.world_growth <= -1 or any(g <= -1 for g in self.relative.values()):
            raise ValueError("a growth rate must be above -100% a year")

    def arrived(self, year: int) -> float:
        """GPUs on Korea's side by the end of `year`: the path's, plus the extra ones in
        equal tranches from `start_year`."""
        tranches = min(max(year - self.start_year + 1, 0), self.years)
        path = self.path.gpus_by(year) if self.path is not None else 0.0
        return path + self.added_gpus * tranches / self.years


def _relative_factors(base: Baseline, inputs: BuildoutInputs) -> dict[str, Range]:
    """Each country's relative growth factor per case: the slider's (or the data's),
    with the data's spread in proportion around it."""
    out = {}
    for entity, growth in base.relative.items():
        central = 1 + inputs.relative.get(entity, growth.factor.central - 1)
        out[entity] = growth.factor.scaled(central)
    return out


def _shares(base: Baseline, factors: Mapping[str, Range], n: int) -> dict[str, dict[str, float]]:
    """Each country's share of the world (fraction) `n` years after the start, per case.

    Central: every country at its central start and growth. Low and high move one
    country at a time to its own low or high, the others kept central: a country's share
    then rises with its own start and growth, so low <= central <= high always."""
    central = {e: s.share.central * factors[e].central ** n for e, s in base.starts.items()}
    total = sum(central.values()) + base.rest_share
    out: dict[str, dict[str, float]] = {}
    for entity, start in base.starts.items():
        cases = {"central": central[entity] / total}
        for case in ("low", "high"):
            own = start.share.of(case) * factors[entity].of(case) ** n
            cases[case] = own / (total - central[entity] + own)
        out[entity] = cases
    return out


def project_from(
    base: Baseline, inputs: BuildoutInputs, entities: Sequence[str] | None = None
) -> pd.DataFrame:
    """Baseline and scenario compute (H100e) per country and year, from the start year to
    `target_year` (pure arithmetic; cheap to rerun per slider). `entities`: the countries
    to show (Korea always, when it has a start); None: every country with a start."""
    chosen = [e for e in (entities or list(base.starts)) if e in base.starts]
    if HOME in base.starts and HOME not in chosen:
        chosen.insert(0, HOME)
    factors = _relative_factors(base, inputs)
    world_growth = base.world_growth.factor.scaled(1 + inputs.world_growth)
    home = base.starts.get(HOME)
    held = {c: home.share.of(c) / 100 * base.world if home else 0.0 for c in CASES}
    records = []
    for year in range(base.year, max(inputs.target_year, base.year) + 1):
        n = year - base.year
        world = {c: base.world * world_growth.of(c) ** n for c in CASES}
        shares = _shares(base, factors, n)
        added = inputs.arrived(year) * inputs.added_ratio
        for entity in chosen:
            # A country's band is its own uncertainty (start and growth) within the
            # world's central total; the world's own band is drawn as the world's.
            line = {c: shares[entity][c] * world["central"] for c in CASES}
            scenario, capped = dict(line), False
            if entity == HOME:
                gain = inputs.efficiency if year >= inputs.start_year else 1.0
                for c in CASES:
                    wanted = (held[c] + added) * gain
                    scenario[c] = min(wanted, world["central"])
                    capped |= wanted > world["central"]
            records.append(
                {
                    "entity": entity,
                    "year": year,
                    "baseline_compute": line["central"],
                    "baseline_low": line["low"],
                    "baseline_high": line["high"],
                    "scenario_compute": scenario["central"],
                    "scenario_low": scenario["low"],
                    "scenario_high": scenario["high"],
                    "world": world["central"],
                    "world_low": world["low"],
                    "world_high": world["high"],
                    "added_h100e": added if entity == HOME else 0.0,
                    "capped": capped,
                    "start_share": base.starts[entity].share.central,
                    "start_compute": base.starts[entity].share.central / 100 * base.world,
                    "relative_growth": factors[entity].central - 1,
                    "source_id": base.starts[entity].source_id,
                }
            )
    frame = pd.DataFrame.from_records(records)
    return _add_ranks_and_ratios(frame, base)[COLUMNS]


def project(
    data: Data,
    assumptions: Mapping[str, Assumption],
    inputs: BuildoutInputs,
    entities: Sequence[str] | None = None,
) -> pd.DataFrame:
    """`project_from(baseline(data, assumptions), inputs, entities)`."""
    return project_from(baseline(data, assumptions), inputs, entities)


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
    frame["share_of_world"] = frame["scenario_compute"] / frame["world"]
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


def start_compute(data: Data, assumptions: Mapping[str, Assumption]) -> dict[str, float]:
    """Every country's compute at the start (H100e, central): the composite's pillar."""
    try:
        base = baseline(data, assumptions)
    except ValueError:
        return {}
    return {e: s.share.central / 100 * base.world for e, s in base.starts.items()}


# ---------------------------------------------------------------- sliders


def sliders(data: Data, assumptions: Mapping[str, Assumption]) -> dict[str, SliderSpec]:
    """Specs of the build-out sliders. Extra GPUs reach the largest Korean GPU figure of
    the data (a preset's total or a plan) times `data_slider_max_multiple`, over up to
    the longest preset's span; the target year reaches the last preset's. Defaults: no
    extra GPUs over one year from the year after the start, the world's growth and the
    efficiency as assumed."""
    base = baseline(data, assumptions)
    found = presets(data)
    figures = korean_gpu_figures(data)["value"]
    largest = max([p.total for p in found] + [float(v) for v in figures], default=0.0)
    longest = max((p.last_year - base.year for p in found), default=1)
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
        float(max(longest, 1)),
        **ui_labels("whatif.slider.build_years"),
        unit="years",
        source_id="",
        assumptions=assumptions,
        integer=True,
    )
    years = replace(years, min=1.0, max=max(years.max, 1.0), value=1.0)
    first = base.year + 1
    target = max([first, *(p.last_year for p in found)])
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
        "world_growth": slider_of(assumptions, WORLD_GROWTH),
    }
