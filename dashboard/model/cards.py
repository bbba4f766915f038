"""The overview's headline cards as words: for each topic, the figure each country shows
(its value, year, status, confidence, rank among those shown and ratio to Korea) and the
figures behind it, in one language.

The overview page draws these (adding its markdown), and the briefing document
(`dashboard.outputs.briefing`) writes the same words as its key points: one wording for
both. Plain text only: no markdown, no Streamlit, no drawing. A country with no figure
gets a card without a value (a gap, never an estimate).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from dashboard.base import formatting
from dashboard.base.i18n import t
from dashboard.data.load import HOME, Data
from dashboard.model import compare, views


@dataclass(frozen=True)
class Card:
    """One country's figure as a card shows it. `value` is "" when the data has none;
    `figures` are the rows behind the value (same year, confidence, status and edition),
    for its source line and citations."""

    entity: str
    name: str
    value: str
    facts: tuple[str, ...]
    figures: pd.DataFrame
    year: object = None

    @property
    def has_figure(self) -> bool:
        return bool(self.value)


@dataclass(frozen=True)
class Headline:
    """A topic's row of cards: its title, its caption (what the measure is) and a card per
    country, Korea first."""

    topic: str
    metric: str
    title: str
    caption: str
    cards: tuple[Card, ...]


def card(
    data: Data, row: pd.Series | None, entity: str, shown: int, lang: str, gap: str = ""
) -> Card:
    """One country's figure, its rank among the `shown` countries with a figure, its ratio
    to Korea and the figures behind it; or, without a figure in the comparison, `gap`: why
    not and where its newest figure is (`compare.gap_text`)."""
    name = data.entity_name(entity, lang)
    if row is None:
        return Card(entity, name, "", (gap,) if gap else (), data.figures([], [entity]))
    value = views.range_text(
        row["value_low"],
        row["value_high"],
        row["unit"],
        lang,
        currency=row["currency"],
        out_of=row["out_of"],
        category=row["category"],
    )
    facts = [
        t(
            "overview.year_status",
            lang,
            year=row["year"],
            status=t(f"status.{row['status']}", lang),
            confidence=t(f"confidence.{row['confidence']}", lang),
        )
    ]
    if row["unit"] not in ("rank", "tier"):  # a rank among ranks would only confuse
        rank = views.span_text(row["rank_low"], row["rank_high"], str)
        facts.append(t("overview.rank_among", lang, rank=rank, n=shown))
    if row["value_low"] != row["value_high"]:
        facts.append(t("overview.sources_differ", lang))
    if entity != HOME and pd.notna(row["ratio_low"]):
        ratio = views.span_text(
            row["ratio_low"], row["ratio_high"], lambda r: formatting.ratio(r, lang)
        )
        facts.append(t("overview.vs_home", lang, ratio=ratio))
    if row["others"]:
        facts.append(t("overview.others", lang, n=row["others"]))
    same = data.figures(row["metric"], [entity])
    same = same[
        (same["year"] == row["year"])
        & (same["confidence"] == row["confidence"])
        & (same["status"] == row["status"])
        & (same["edition"] == row["edition"])
    ]
    return Card(entity, name, value, tuple(facts), same, row["year"])


def headline(data: Data, topic: str, metric: str, countries: Sequence[str], lang: str) -> Headline:
    """One topic's cards for the countries shown (Korea first, then as chosen), compared
    like with like (`compare.headline`: one edition, one year)."""
    comparison, best = compare.headline(data, metric, countries)
    title = t(f"topic.{topic}", lang) + " · " + data.metric_label(metric, lang)
    caption = compare.label(comparison, lang)
    if metric == views.COMPARABLE_COMPUTE:
        caption = views.share_caption(comparison.rows, data, lang)
    by_entity = {r["entity"]: r for _, r in best.iterrows()}
    order = sorted(countries, key=lambda e: e != HOME)
    cards = tuple(
        card(data, by_entity.get(e), e, len(best), lang, compare.gap_text(comparison, e, lang))
        for e in order
    )
    return Headline(topic, metric, title, caption, cards)


def headlines(data: Data, countries: Sequence[str], lang: str) -> list[Headline]:
    """Each topic's headline figure (`views.HEADLINE_METRICS`) for the countries shown."""
    return [
        headline(data, topic, metric, countries, lang)
        for topic, metric in views.HEADLINE_METRICS.items()
    ]
