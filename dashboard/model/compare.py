"""The one rule for comparing countries: like with like.

A comparison (a row of cards, a bar chart with a bar per country, a pillar of the
composite, a what-if start) shows figures of one series from one edition and one year:
the newest edition that any of the countries being compared appears in, and in it the
newest year. Confidence, status and the date order figures only within that edition and
year (`views.pick_one`). A country the edition lacks is a gap, carried with its own
newest figure elsewhere so the reader is told where it is ("not in the 2025-12 edition;
2024-09 edition: 5th"), never drawn as if it were current.

Series without editions (figures that are not from an index or a yearly report) are
compared by year alone: the newest year any of the countries has.

Nothing here formats for a reader beyond the gap sentence, or reads the clock.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from dashboard.base.i18n import t
from dashboard.data.load import Data
from dashboard.model import views

_NUMBERS = re.compile(r"\d+")


def edition_key(edition: object) -> tuple[int, ...]:
    """An edition's place in time: "2024-09" -> (2024, 9), "2025" -> (2025,); "" -> ()."""
    return tuple(int(n) for n in _NUMBERS.findall(str(edition or "")))


def _editions(rows: pd.DataFrame) -> pd.Series:
    return (
        rows["edition"].fillna("").astype(str) if "edition" in rows else pd.Series("", rows.index)
    )


@dataclass(frozen=True)
class Comparison:
    """One series compared across entities.

    `metric`: the series ("" when there were no rows); `rows`: one figure per entity
    that has one in the edition and year (`pick_one`'s columns, with `others` counting
    every other figure of that entity in the input);
    `edition` ("" for a series without editions) and `year` of them all; `gaps`: for
    each entity without a figure there, its newest figure elsewhere (none when it has no
    figure at all); `missing`: those entities, in the order asked."""

    metric: str
    rows: pd.DataFrame
    edition: str
    year: int | None
    gaps: pd.DataFrame
    missing: tuple[str, ...]


def comparable(rows: pd.DataFrame, entities: Sequence[str]) -> Comparison:
    """The figures of `entities` that can be compared, from `rows` of one metric.

    The edition is decided by every entity in `rows` (pass only the entities being
    compared, or more when the edition must not depend on a selection: say, every
    country's, for one country's figure across several indices)."""
    metrics = set(rows["metric"]) if not rows.empty else set()
    if len(metrics) > 1:
        raise ValueError(f"a comparison is of one metric, not {sorted(metrics)}")
    editions = _editions(rows)
    edited = rows[editions != ""]
    edition = ""
    chosen = rows
    if not edited.empty:
        edition = max(_editions(edited), key=edition_key)
        chosen = edited[_editions(edited) == edition]
    year = int(chosen["year"].max()) if not chosen.empty else None
    if year is not None:
        chosen = chosen[chosen["year"] == year]
    best = views.pick_one(chosen[chosen["entity"].isin(list(entities))])
    if not best.empty:  # every other figure of the entity, in any edition, is on Sources
        counts = rows.groupby("entity").size()
        best = best.assign(others=best["entity"].map(counts).astype("int64") - 1)
    order = {e: i for i, e in enumerate(entities)}
    best = best.sort_values("entity", key=lambda s: s.map(order), kind="stable")
    missing = tuple(e for e in entities if e not in set(best["entity"]))
    metric = next(iter(metrics), "")
    return Comparison(
        metric, best.reset_index(drop=True), edition, year, _newest(rows, missing), missing
    )


def headline(data: Data, metric: str, entities: Sequence[str]) -> tuple[Comparison, pd.DataFrame]:
    """A row of cards: the comparison of one metric for some entities, and its cards with
    rank and ratio to Korea (`views.compare_with_home`)."""
    comparison = comparable(data.figures(metric, list(entities)), entities)
    better = data.metrics.set_index("metric")["higher_is_better"].get(metric, True)
    return comparison, views.compare_with_home(comparison.rows, higher_is_better=bool(better))


def _newest(rows: pd.DataFrame, entities: Sequence[str]) -> pd.DataFrame:
    """Per entity, its newest figure (newest edition, then year, then `pick_one`'s order)."""
    mine = rows[rows["entity"].isin(list(entities))]
    if mine.empty:
        return mine
    ranked = mine.assign(_key=[edition_key(e) for e in _editions(mine)])
    newest = []
    for _, group in ranked.groupby("entity", sort=False):
        top = group[group["_key"] == max(group["_key"])]
        top = top[top["year"] == top["year"].max()]
        newest.append(views.pick_one(top.drop(columns="_key")))
    return pd.concat(newest, ignore_index=True)


def gap_text(comparison: Comparison, entity: str, lang: str) -> str:
    """Why an entity has no figure in the comparison, and where its newest one is."""
    if comparison.year is None:  # no figure of this measure for anyone compared
        return t("compare.no_figure", lang)
    where = (
        t("compare.not_in_edition", lang, edition=comparison.edition)
        if comparison.edition
        else t("compare.not_in_year", lang, year=comparison.year)
    )
    other = comparison.gaps[comparison.gaps["entity"] == entity]
    if other.empty:
        return t("compare.gap_none", lang, where=where)
    row = other.iloc[0]
    value = views.range_text(row["value_low"], row["value_high"], row["unit"], lang,
                             currency=row["currency"], out_of=row["out_of"],
                             category=row["category"])  # fmt: skip
    edition = str(row["edition"] or "")
    key = "compare.gap_edition" if edition else "compare.gap_year"
    return t(key, lang, where=where, edition=edition, year=int(row["year"]), value=value)


def label(comparison: Comparison, lang: str) -> str:
    """ "2025-12 edition · 2025" / "2025" : what every figure of the comparison is from."""
    if comparison.year is None:
        return ""
    if comparison.edition:
        return t("compare.edition_year", lang, edition=comparison.edition, year=comparison.year)
    return str(comparison.year)
