"""The loading layer: the checked data folder as tidy, joined tables.

`load(folder)` runs the shared checks (`dashboard.data.dataset`) and returns a `Data` whose
`observations` table has one row per figure from every topic file, joined with its
entity (names, colour, kind), metric (labels, unit, topic) and source (title,
publisher, date, URL), and an `assumptions` table of the scenario assumptions (empty
when the folder has none: its datapackage.json does not declare them, or the optional
file is missing). Rows that failed a check are not here; the problems are.

A `Data` never changes once loaded: the page layer keeps one per state of the folder
(`st.cache_resource`, shared by every session). Its `cache_key` is a digest of the
files read, and what is derived from it (name lookups, exchange rates, figure
selections ...) is remembered by that key in the one cache (`dashboard.base.cache`).
It does not format anything for display (`dashboard.base.formatting`,
`dashboard.model.views`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import TypeVar

import pandas as pd

from dashboard import DEFAULT_DATA_DIR
from dashboard.base import cache
from dashboard.data.dataset import Dataset, read_dataset
from dashboard.data.domain import DESCRIPTOR, LINE
from dashboard.data.problems import Problem
from dashboard.data.rules import Stale, stale_series

T = TypeVar("T")
SELECTIONS_KEPT = 256  # recent figure selections remembered (see `_selection`)

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
    "supersedes",
    "superseded_by",
    "file",
    LINE,
]
SOURCE_COLUMNS = ["title", "publisher", "published", "url"]  # joined from sources.csv
DEFAULT_COUNTRIES = ("KOR", "CHN", "FRA", "USA")
HOME = "KOR"  # the country every comparison is made from
REFERENCED = ("entities", "metrics", "sources")  # tables every figure refers to


@dataclass(frozen=True)
class Data:
    entities: pd.DataFrame
    metrics: pd.DataFrame
    sources: pd.DataFrame
    claims: pd.DataFrame
    observations: pd.DataFrame
    problems: tuple[Problem, ...]
    # Scenario defaults, bounds and sources (assumptions.csv), typed; see
    # dashboard.model.scenarios.assumptions. Empty when the data folder has none.
    assumptions: pd.DataFrame = field(default_factory=pd.DataFrame)
    # Figures corrected or replaced by a later row (their `superseded_by`): kept, and
    # listed on the Sources page, but no chart or total uses them.
    superseded: pd.DataFrame = field(default_factory=pd.DataFrame)
    # The known editions of each series, the folder's releases and its changelog.
    editions: pd.DataFrame = field(default_factory=pd.DataFrame)
    releases: pd.DataFrame = field(default_factory=pd.DataFrame)
    changelog: pd.DataFrame = field(default_factory=pd.DataFrame)
    # The what-if presets (presets.csv): Korean GPU paths made of figures of compute.csv.
    presets: pd.DataFrame = field(default_factory=pd.DataFrame)
    # Dated policy events (events.csv) that charts over years can mark; empty without it.
    events: pd.DataFrame = field(default_factory=pd.DataFrame)
    # Figures looked for and not found (gaps.csv), with what was tried; empty without it.
    gaps: pd.DataFrame = field(default_factory=pd.DataFrame)
    # Published projections the what-if projection is drawn and tested against
    # (projections.csv); empty without it.
    projections: pd.DataFrame = field(default_factory=pd.DataFrame)
    # The content's name for the one cache: a digest of every table, worked out when a
    # Data is made (`replace` too). Two loads of the same files share what is derived
    # from them; any other content is a new key.
    cache_key: str = field(init=False, default="")

    def __post_init__(self) -> None:
        digest = hashlib.blake2b(digest_size=16)
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, pd.DataFrame):
                digest.update(f.name.encode() + repr(list(value.columns)).encode())
                digest.update(pd.util.hash_pandas_object(value, index=False).to_numpy().tobytes())
        object.__setattr__(self, "cache_key", digest.hexdigest())

    def remember(self, key: Hashable, compute: Callable[[], T]) -> T:
        """`compute()`, done once per key for this data (in the one cache). A frame comes
        back as a shallow copy (pandas' copy-on-write keeps the remembered one intact), a
        dict as a copy."""
        value = cache.remember(self, key, compute)
        if isinstance(value, pd.DataFrame | pd.Series):
            return value.copy(deep=False)
        return dict(value) if isinstance(value, dict) else value

    # -- releases and editions
    def releases_newest_first(self) -> pd.DataFrame:
        """The folder's releases, the current one first."""
        if self.releases.empty:
            return self.releases
        return self.releases.sort_values(["date", "version"], ascending=False)

    def stale(self) -> list[Stale]:
        """Series whose figures lag the latest edition editions.csv knows."""
        return self.remember(
            "stale", lambda: stale_series(self.sources, self.editions, self.observations)
        )

    # -- names and colours, from entities.csv / metrics.csv only
    def _names(self, table: str, key: str, column: str) -> dict[str, str]:
        """id -> name; looked up once per table and language, then read from memory."""

        def lookup() -> dict[str, str]:
            frame = getattr(self, table)
            return {} if frame.empty else frame.set_index(key)[column].astype(str).to_dict()

        return cache.remember(self, ("names", table, column), lookup)

    def entity_name(self, entity: str, lang: str) -> str:
        return self._names("entities", "id", f"name_{lang}").get(entity, entity)

    def metric_label(self, metric: str, lang: str) -> str:
        return self._names("metrics", "metric", f"label_{lang}").get(metric, metric)

    def colors(self) -> dict[str, str]:
        return self.remember(
            "colors", lambda: dict(zip(self.entities["id"], self.entities["color"], strict=True))
        )

    def ids(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The entity ids and metric ids, for checks of files that refer to them."""
        return tuple(self.entities["id"]), tuple(self.metrics["metric"])

    def with_problems(self, more: list[Problem]) -> Data:
        """The same data with more problems found (say, in the story file)."""
        return replace(self, problems=(*self.problems, *more)) if more else self

    def countries(self) -> list[str]:
        # Asked for on every run (is there a country to compare?): worked out once.
        ids = self.remember(
            "countries", lambda: tuple(self.entities.loc[self.entities["kind"] == "country", "id"])
        )
        return list(ids)

    def default_countries(self) -> list[str]:
        known = set(self.entities["id"])
        return [c for c in DEFAULT_COUNTRIES if c in known]

    # -- figures
    def figures(self, metrics: str | list[str], entities: list[str] | None = None) -> pd.DataFrame:
        """Rows of one or more metrics, optionally for some entities, newest first."""
        wanted = (metrics,) if isinstance(metrics, str) else tuple(metrics)
        who = None if entities is None else tuple(entities)
        return _selection(self, wanted, who).copy(deep=False)  # copy-on-write: callers' own

    def sources_by_id(self) -> pd.DataFrame:
        """sources.csv indexed by `source_id`, made once per data release."""
        return self.remember("sources_by_id", lambda: self.sources.set_index("source_id"))

    def fx_per_usd(self) -> dict[tuple[str, int], float]:
        """(currency, year) -> units per USD, from context rows; USD is 1 in every year.

        Where two sources give a rate for the same currency and year, the one with the
        higher confidence wins and the conflict stays visible on the Sources page.
        """
        return self.remember("fx_per_usd", self._fx_per_usd)

    def _fx_per_usd(self) -> dict[tuple[str, int], float]:
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
        return self.remember("conflicts", self._conflicts)

    def _conflicts(self) -> pd.DataFrame:
        obs = self.observations
        spread = obs.groupby(["entity", "metric", "year"])["value"].transform("nunique")
        return obs[spread > 1].sort_values(["entity", "metric", "year", "value"])


# Selections are many (one per metric and set of countries a session chooses): a store
# of their own, so they do not push the data's other derivations out.
@cache.recent(SELECTIONS_KEPT)
def _selection(data: Data, wanted: tuple[str, ...], who: tuple[str, ...] | None) -> pd.DataFrame:
    rows = data.observations[data.observations["metric"].isin(wanted)]
    if who is not None:
        rows = rows[rows["entity"].isin(who)]
    return rows.sort_values(["entity", "metric", "year"], ascending=[True, True, False])


def _observations(tables: dict[str, pd.DataFrame], descriptor: dict) -> pd.DataFrame:
    parts = []
    for res in descriptor["resources"]:
        frame = tables.get(res["name"])
        if "topic" not in res or frame is None:
            continue
        parts.append(frame.assign(file=res["path"]))
    if not parts:
        return pd.DataFrame(columns=[*OBSERVATION_COLUMNS, *SOURCE_COLUMNS])
    obs = pd.concat(parts, ignore_index=True)
    for col in ("gpu_type", "edition", "category", "currency", "claim_id", "note", "note_ko",
                "supersedes", "superseded_by"):  # fmt: skip
        obs[col] = obs[col].fillna("") if col in obs else ""
    if "out_of" not in obs:
        obs["out_of"] = pd.array([pd.NA] * len(obs), dtype="Int64")
    if any(tables.get(name) is None for name in REFERENCED):
        # A file every figure refers to is unreadable: the figures were checked against
        # nothing (an unknown metric, entity or source would pass), so none is kept.
        return pd.DataFrame(columns=[*OBSERVATION_COLUMNS, *SOURCE_COLUMNS])
    obs = obs.merge(tables["metrics"][["metric", "topic", "unit"]], on="metric", how="left")
    sources = tables["sources"][["source_id", *SOURCE_COLUMNS]]
    obs = obs.merge(sources, on="source_id", how="left")
    return obs[OBSERVATION_COLUMNS + SOURCE_COLUMNS]


def load(folder: str | Path) -> Data:
    """The data folder, checked and joined (see the module docstring)."""
    return from_dataset(read_dataset(folder))


def unloadable(folder: str | Path) -> Data:
    """Empty data for a folder whose loading failed outright, with one problem that
    says so: the app still draws every page, each saying its figures are not there."""
    problem = Problem("error", Path(folder).name or str(folder), 0, "-", "load_failed")
    shipped = json.loads((DEFAULT_DATA_DIR / DESCRIPTOR).read_text(encoding="utf-8"))
    return from_dataset(Dataset(Path(folder), shipped, {}, [problem]))


def from_dataset(dataset: Dataset) -> Data:
    """Join the tables of an already checked dataset. A table whose file could not be read
    is empty but keeps its declared columns, so every page can still draw around it."""

    def table(name: str) -> pd.DataFrame:
        if name in dataset.tables:
            return dataset.tables[name]
        resource = next((r for r in dataset.descriptor["resources"] if r["name"] == name), None)
        fields = resource["schema"]["fields"] if resource else []
        return pd.DataFrame(columns=[f["name"] for f in fields])

    every = _observations(dataset.tables, dataset.descriptor)
    old = every["superseded_by"] != ""
    return Data(
        entities=table("entities"),
        metrics=table("metrics"),
        sources=table("sources"),
        claims=table("claims"),
        observations=every[~old].reset_index(drop=True),
        problems=tuple(dataset.problems),
        assumptions=table("assumptions"),
        superseded=every[old].reset_index(drop=True),
        editions=table("editions"),
        releases=table("releases"),
        changelog=table("changelog"),
        presets=table("presets"),
        events=table("events"),
        gaps=table("gaps"),
        projections=table("projections"),
    )
