"""Announced pipelines, in H100e added per year: Korea's GPUs and France's megawatts.

Korea (HOME) adds three things, each GPU at its chip type's ratio (`units.ratio`):
- its government path (`presets.csv`: steps that add a GPU figure of the data, or top the
  path up to one, each from a stated year; a top-up adds the GPUs it takes, at the type of
  the figure it reaches);
- the private tranches of the NVIDIA deal: the deal's GPUs less the government's share
  (`gpus_deal` - `gpus_deal_government`, Samsung, SK, Hyundai and Naver), in equal yearly
  tranches from the first projected year to `kor_deal_end_year`, times
  `kor_deal_realisation`;
- any extra GPUs the reader adds (`added_gpus` over `deploy_years` from `start_year`, each
  `added_ratio` H100e).

A country with announced AI data-centre capacity after the start (`cluster_power_mw`
figures of the country or of its companies, status planned; France in the shipped data)
adds each year's megawatts at that year's H100e per MW (the world's vintage power), times
`mw_realisation`; a figure with a period comes online evenly over it. With `delivered`,
every announced GPU and megawatt arrives on time: the ceiling an announcement sets.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from dashboard.data.domain import row_key
from dashboard.data.load import HOME, Data
from dashboard.model import views
from dashboard.model.scenarios import units
from dashboard.model.scenarios.assumptions import Assumption, require
from dashboard.model.scenarios.sections import BuildoutScenario

DEAL, DEAL_GOVERNMENT = "gpus_deal", "gpus_deal_government"
MW_METRIC = "cluster_power_mw"
KW_PER_MW = 1000.0
NO_PRESET = "none"  # a link's preset value for "no path"


# ---------------------------------------------------------------- Korea's government path


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

    def running(self) -> list[tuple[Step, float, float]]:
        """Each step with the GPUs it adds and the GPUs on the path after it (an add adds
        the figure; a reach tops the path up to it and never takes GPUs away)."""
        total, out = 0.0, []
        for step in self.steps:
            added = step.gpus if step.mode == "add" else max(step.gpus - total, 0.0)
            total += added
            out.append((step, added, total))
        return out

    @property
    def total(self) -> float:
        return max((t for _, _, t in self.running()), default=0.0)

    @property
    def last_year(self) -> int:
        return max(s.year for s in self.steps)


def gpu_metrics(data: Data) -> list[str]:
    """The metrics that count GPUs (unit gpu), as the presets check has them."""
    return list(data.metrics.loc[data.metrics["unit"] == "gpu", "metric"])


def korean_gpu_figures(data: Data) -> pd.DataFrame:
    """Korea's GPU figures that are not a count of what it holds (plans, pledges,
    purchases, deals): the cost comparison starts from the smallest. Smallest first."""
    metrics = [m for m in gpu_metrics(data) if m != "gpus_held"]
    rows = data.figures(metrics, [HOME])
    return rows.sort_values(["value", "year"], kind="stable")


def presets(data: Data) -> tuple[Preset, ...]:
    """The presets of presets.csv, in file order (the first is the default); a preset
    with a step whose figure is not in the data (a row with an error) is left out."""
    table = data.presets
    if table.empty:
        return ()
    figures = data.figures(gpu_metrics(data))
    keyed = figures.set_index(row_key(figures))
    out = []
    for pid, rows in table.groupby("preset", sort=False):
        rows = rows.sort_values("step")
        if not rows["row"].isin(keyed.index).all():
            continue
        steps = tuple(
            Step(
                row=r["row"],
                mode=r["mode"],
                year=int(r["year"]),
                gpus=float(keyed.loc[r["row"], "value"]),
                gpu_type=_text(keyed.loc[r["row"], "gpu_type"]),
                status=str(keyed.loc[r["row"], "status"]),
                source_id=str(keyed.loc[r["row"], "source_id"]),
                note_en=str(r["note_en"]),
                note_ko=str(r["note_ko"]),
            )
            for r in rows.to_dict("records")
        )
        first = rows.iloc[0]
        out.append(Preset(str(pid), str(first["label_en"]), str(first["label_ko"]), steps))
    return tuple(out)


def preset_of(found: tuple[Preset, ...], preset: str) -> Preset | None:
    """The path a link names: "" the data's first, `NO_PRESET` none, else that id
    (ValueError for an unknown id: the link parser reports it before)."""
    if preset == NO_PRESET or not found:
        return None
    if preset == "":
        return found[0]
    chosen = next((p for p in found if p.id == preset), None)
    if chosen is None:
        raise ValueError(f"unknown preset {preset!r}; known: {[p.id for p in found] + [NO_PRESET]}")
    return chosen


def _text(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)


# ---------------------------------------------------------------- Korea's pipeline


@dataclass(frozen=True)
class Deal:
    """The private tranches of the NVIDIA deal: GPUs, type and the rows behind them."""

    gpus: float
    gpu_type: str
    rows: pd.DataFrame


def korea_deal(data: Data) -> Deal | None:
    rows = [views.pick_one(data.figures(m, [HOME])) for m in (DEAL, DEAL_GOVERNMENT)]
    if any(r.empty for r in rows):
        return None
    gpus = float(rows[0]["value"].iloc[0]) - float(rows[1]["value"].iloc[0])
    return Deal(
        max(gpus, 0.0), _text(rows[0]["gpu_type"].iloc[0]), pd.concat(rows, ignore_index=True)
    )


def korea_additions(
    s: BuildoutScenario,
    deal: Deal | None,
    assumptions: Mapping[str, Assumption],
    path: Preset | None,
    years: range,
    case: str = "central",
    delivered: bool = False,
) -> dict[int, float]:
    """H100e Korea adds in each of `years` on its pipeline (the module docstring), in
    `case`; `delivered`: every announced GPU, on time (the ceiling)."""
    require(assumptions, "kor_deal_realisation", "kor_deal_end_year")
    out = dict.fromkeys(years, 0.0)
    for step, added, _ in path.running() if path is not None else ():
        if step.year in out:
            out[step.year] += added * units.ratio(step.gpu_type, assumptions).of(case)
    if deal is not None and deal.gpus > 0:
        share = (
            1.0
            if delivered
            else assumptions["kor_deal_realisation"].moved(case, s.kor_deal_realisation)
        )
        end = max(
            int(assumptions["kor_deal_end_year"].moved(case, s.kor_deal_end_year)), years.start + 1
        )
        per_year = deal.gpus * share / (end - years.start)  # equal tranches, first year on
        for year in range(years.start + 1, end + 1):
            if year in out:
                out[year] += per_year * units.ratio(deal.gpu_type, assumptions).of(case)
    first = int(s.start_year)
    for year in range(first, first + int(s.deploy_years)):
        if year in out:
            out[year] += s.added_gpus / int(s.deploy_years) * s.added_ratio
    return out


def korea_rows(data: Data, path: Preset | None, deal: Deal | None) -> pd.DataFrame:
    """The figures Korea's pipeline counts: the path's steps and the deal's rows."""
    parts = []
    if path is not None:
        gpus = data.figures(gpu_metrics(data), [HOME])
        parts.append(gpus[row_key(gpus).isin({s.row for s in path.steps})])
    if deal is not None:
        parts.append(deal.rows)
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


# ---------------------------------------------------------------- megawatt pipelines


def mw_rows(data: Data, country: str, after: int) -> pd.DataFrame:
    """Planned AI data-centre megawatts of a country or its companies, from `after` on."""
    entities = data.entities
    own = entities.loc[(entities["country"] == country), "id"].tolist()
    rows = data.figures(MW_METRIC, own)
    return rows[(rows["status"] == "planned") & (rows["year"] > after)]


def mw_by_year(rows: pd.DataFrame) -> dict[int, float]:
    """Megawatts coming online each year: a figure with a period evenly over it."""
    out: dict[int, float] = {}
    for r in rows.to_dict("records"):
        first = int(r["period_start"]) if pd.notna(r["period_start"]) else int(r["year"])
        span = range(first, int(r["year"]) + 1)
        for year in span:
            out[year] = out.get(year, 0.0) + float(r["value"]) / len(span)
    return out


def mw_additions(
    s: BuildoutScenario,
    assumptions: Mapping[str, Assumption],
    megawatts: Mapping[int, float],
    kw_per_h100e: Mapping[int, float],
    years: range,
    case: str = "central",
    delivered: bool = False,
) -> dict[int, float]:
    """H100e added each year by announced megawatts: MW x 1000 / kW per H100e of that
    year's chips, times the realisation rate (1 when `delivered`)."""
    require(assumptions, "mw_realisation")
    share = 1.0 if delivered else assumptions["mw_realisation"].moved(case, s.mw_realisation)
    return {y: megawatts.get(y, 0.0) * KW_PER_MW / kw_per_h100e[y] * share for y in years}
