"""The rows behind a what-if chart, each with its source: the figures of the data it starts
from (as loaded), the sourced assumptions at the values the scenario gives them (design
choices have no source to cite; the page lists them with the rest), and the outside
projections it is drawn beside."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from dashboard.data.load import Data
from dashboard.model import views
from dashboard.model.scenarios.assumptions import Assumption

INPUT_COLUMNS = ["entity", "name", "metric", "metric_label", "year", "period_start", "value",
                 "unit", "currency", "gpu_type", "status", "confidence", "title", "publisher",
                 "published", "url", "note"]  # fmt: skip
SOURCE_FIELDS = ("title", "publisher", "published", "url")


def none() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in INPUT_COLUMNS})


def _sourced(data: Data, source_id: str) -> dict | None:
    """A source's title, publisher, date and address, or None for a source the data does
    not list."""
    sources = data.sources_by_id()
    if source_id not in sources.index:
        return None
    return {k: sources.at[source_id, k] for k in SOURCE_FIELDS}


def assumption_rows(data: Data, lang: str, assumptions: Mapping[str, Assumption],
                    values: Mapping[str, float]) -> list[dict]:  # fmt: skip
    """One row per sourced assumption in `values` (parameter -> the value used)."""
    out = []
    for parameter, value in values.items():
        a = assumptions.get(parameter)
        source = _sourced(data, a.source_id) if a is not None else None
        if source is None:
            continue  # a design choice has no source; the page states it
        out.append({"entity": "", "name": a.label(lang), "metric": a.parameter,
                    "metric_label": a.label(lang), "value": value, "unit": a.unit, "status": "",
                    "confidence": a.confidence, "note": a.note_in(lang), **source})  # fmt: skip
    return out


def projection_rows(data: Data, lang: str, table: pd.DataFrame) -> list[dict]:
    """One row per outside projection drawn beside a chart."""
    out = []
    for r in table.to_dict("records"):
        source = _sourced(data, r["source_id"])
        if source is None:
            continue
        out.append({"entity": r["entity"], "name": data.entity_name(r["entity"], lang),
                    "metric": r["projection_id"], "metric_label": r[f"label_{lang}"],
                    "year": r["year"], "value": r["value"], "unit": r["unit"],
                    "status": "forecast", "confidence": "", "note": r[f"basis_{lang}"],
                    **source})  # fmt: skip
    return out


def chart_rows(
    data: Data, lang: str, observations: pd.DataFrame, extra: list[dict]
) -> pd.DataFrame:
    """The figures of the data (decorated with names and sources), then `extra` rows."""
    parts = [views.decorate(observations, data, lang)] if not observations.empty else []
    if extra:
        parts.append(pd.DataFrame(extra))
    if not parts:
        return none()
    rows = pd.concat(parts, ignore_index=True)
    return rows[[c for c in INPUT_COLUMNS if c in rows]]
