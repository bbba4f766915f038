"""The loading layer: the checked data folder as tidy, joined tables.

`load(folder)` runs the shared checks (`dashboard.dataset`) and returns a `Data` whose
`observations` table has one row per figure from every topic file, joined with its
entity (names, colour, kind), metric (labels, unit, topic) and source (title,
publisher, date, URL), and an `assumptions` table of the scenario assumptions (empty
when the folder has none: its datapackage.json does not declare them, or the optional
file is missing). Rows that failed a check are not here; the problems are.

It does not cache (the page layer wraps it in `st.cache_data`) and does not format
anything for display (`dashboard.formatting`, `dashboard.views`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from dashboard.dataset import LINE, Dataset, Problem, read_dataset

# Columns every observation row has after loading, whichever topic file it came from.
OBSERVATION_COLUMNS = [
    "entity",
    "metric",
    "topic",
    "year",
    "period_start",
    "value",
    "unit",
    "currency",
    "gpu_type",
    "edition",
    "out_of",
    "category",
    "status",
    "confidence",
    "source_id",
    "claim_id",
    "note",
    "note_ko",
    "file",
    LINE,
]
DEFAULT_COUNTRIES = ("KOR", "CHN", "FRA", "USA")
HOME = "KOR"  # the country every comparison is made from


@dataclass(frozen=True)
class Data:
    entities: pd.DataFrame
    metrics: pd.DataFrame
    sources: pd.DataFrame
    claims: pd.DataFrame
    observations: pd.DataFrame
    problems: tuple[Problem, ...]
    # Scenario defaults, bounds and sources (assumptions.csv), typed; see
    # dashboard.scenarios.assumptions. Empty when the data folder has none.
    assumptions: pd.DataFrame = field(default_factory=pd.DataFrame)

    # -- names and colours, from entities.csv / metrics.csv only
    def entity_name(self, entity: str, lang: str) -> str:
        names = self.entities.set_index("id")[f"name_{lang}"]
        return str(names.get(entity, entity))

    def metric_label(self, metric: str, lang: str) -> str:
        labels = self.metrics.set_index("metric")[f"label_{lang}"]
        return str(labels.get(metric, metric))

    def colors(self) -> dict[str, str]:
        return dict(zip(self.entities["id"], self.entities["color"], strict=True))

    def countries(self) -> list[str]:
        return list(self.entities.loc[self.entities["kind"] == "country", "id"])

    def default_countries(self) -> list[str]:
        known = set(self.entities["id"])
        return [c for c in DEFAULT_COUNTRIES if c in known]

    # -- figures
    def figures(self, metrics: str | list[str], entities: list[str] | None = None) -> pd.DataFrame:
        """Rows of one or more metrics, optionally for some entities, newest first."""
        wanted = [metrics] if isinstance(metrics, str) else metrics
        rows = self.observations[self.observations["metric"].isin(wanted)]
        if entities is not None:
            rows = rows[rows["entity"].isin(entities)]
        return rows.sort_values(["entity", "metric", "year"], ascending=[True, True, False])

    def fx_per_usd(self) -> dict[tuple[str, int], float]:
        """(currency, year) -> units per USD, from context rows; USD is 1 in every year.

        Where two sources give a rate for the same currency and year, the one with the
        higher confidence wins and the conflict stays visible on the Sources page.
        """
        rows = self.figures("fx_per_usd")
        rank = rows["confidence"].map({"high": 0, "medium": 1, "low": 2})
        rows = rows.assign(_rank=rank).sort_values("_rank", kind="stable")
        best: dict[tuple[str, int], float] = {}
        for currency, year, value in zip(
            rows["currency"], rows["year"], rows["value"], strict=True
        ):
            best.setdefault((currency, int(year)), float(value))
        for year in {year for _, year in best}:
            best[("USD", year)] = 1.0
        return best

    def conflicts(self) -> pd.DataFrame:
        """Figures for the same entity, metric and year that disagree, side by side."""
        obs = self.observations
        spread = obs.groupby(["entity", "metric", "year"])["value"].transform("nunique")
        return obs[spread > 1].sort_values(["entity", "metric", "year", "value"])


def _observations(tables: dict[str, pd.DataFrame], descriptor: dict) -> pd.DataFrame:
    parts = []
    for res in descriptor["resources"]:
        frame = tables.get(res["name"])
        if "topic" not in res or frame is None:
            continue
        parts.append(frame.assign(file=res["path"]))
    if not parts:
        return pd.DataFrame(
            columns=[*OBSERVATION_COLUMNS, "title", "publisher", "published", "url"]
        )
    obs = pd.concat(parts, ignore_index=True)
    for col in ("gpu_type", "edition", "category", "currency", "claim_id", "note", "note_ko"):
        obs[col] = obs[col].fillna("") if col in obs else ""
    if "out_of" not in obs:
        obs["out_of"] = pd.array([pd.NA] * len(obs), dtype="Int64")
    metrics = tables.get("metrics")
    if metrics is not None:
        obs = obs.merge(metrics[["metric", "topic", "unit"]], on="metric", how="left")
    sources = tables.get("sources")
    if sources is not None:
        obs = obs.merge(
            sources[["source_id", "title", "publisher", "published", "url"]],
            on="source_id",
            how="left",
        )
    return obs[
        OBSERVATION_COLUMNS + [c for c in ("title", "publisher", "published", "url") if c in obs]
    ]


def load(folder: str | Path) -> Data:
    """The data folder, checked and joined (see the module docstring)."""
    return from_dataset(read_dataset(folder))


def from_dataset(dataset: Dataset) -> Data:
    """Join the tables of an already checked dataset."""
    empty = pd.DataFrame()
    tables = dataset.tables
    entities = tables.get(
        "entities", pd.DataFrame(columns=["id", "kind", "name_en", "name_ko", "country", "color"])
    )
    return Data(
        entities=entities,
        metrics=tables.get("metrics", empty),
        sources=tables.get("sources", empty),
        claims=tables.get("claims", empty),
        observations=_observations(tables, dataset.descriptor),
        problems=tuple(dataset.problems),
        assumptions=tables.get("assumptions", empty),
    )
