"""Overview: Korea against each selected peer on each topic, and the articles' headline
comparisons with what other sources say of them."""

import pandas as pd
import streamlit as st

from dashboard.base import formatting
from dashboard.data.load import HOME
from dashboard.model import compare, views
from dashboard.ui import common, page

ctx = page.setup()
data, lang = ctx.data, ctx.lang
st.title(ctx.t("overview.title"))
common.require_figures(ctx)
st.write(ctx.t("overview.intro"))


# One country's figure as the page shows it, every text worked out: its name, its value
# ("" when the country has no figure), the facts line and the source line. A plain
# tuple: a class defined here would be made anew on every run.
Card = tuple[str, str, str, str]


def card_of(row: pd.Series | None, entity: str, shown: int, gap: str) -> Card:
    """One country's figure, its rank among those shown, its ratio to Korea, its source;
    or, without a figure in the comparison, why not and where its newest figure is."""
    name = f"**{common.md_escape(data.entity_name(entity, lang))}**"
    if row is None:
        return name, "", common.md_escape(gap), ""
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
        ctx.t(
            "overview.year_status",
            year=row["year"],
            status=ctx.t(f"status.{row['status']}"),
            confidence=ctx.t(f"confidence.{row['confidence']}"),
        )
    ]
    if row["unit"] not in ("rank", "tier"):  # a rank among ranks would only confuse
        rank = views.span_text(row["rank_low"], row["rank_high"], str)
        facts.append(ctx.t("overview.rank_among", rank=rank, n=shown))
    if row["value_low"] != row["value_high"]:
        facts.append(ctx.t("overview.sources_differ"))
    if entity != HOME and pd.notna(row["ratio_low"]):
        ratio = views.span_text(
            row["ratio_low"], row["ratio_high"], lambda r: formatting.ratio(r, lang)
        )
        facts.append(ctx.t("overview.vs_home", ratio=ratio))
    if row["others"]:
        facts.append(ctx.t("overview.others", n=row["others"]))
    same = data.figures(row["metric"], [entity])
    same = same[
        (same["year"] == row["year"])
        & (same["confidence"] == row["confidence"])
        & (same["status"] == row["status"])
        & (same["edition"] == row["edition"])
    ]
    return name, f"### {common.md_escape(value)}", " · ".join(facts), common.source_text(same, lang)


def headlines() -> list[tuple[str, str, list[Card]]]:
    """Each topic's headline figure for the countries shown: its title, its caption and
    a card per country (Korea first, then as chosen)."""
    out = []
    for topic, metric in views.HEADLINE_METRICS.items():
        comparison, best = compare.headline(data, metric, ctx.countries)
        title = ctx.t(f"topic.{topic}") + " · " + data.metric_label(metric, lang)
        caption = compare.label(comparison, lang)
        if metric == views.COMPARABLE_COMPUTE:
            caption = views.share_caption(comparison.rows, data, lang)
        by_entity = {r["entity"]: r for _, r in best.iterrows()}
        order = sorted(ctx.countries, key=lambda e: e != HOME)
        cards = [
            card_of(by_entity.get(e), e, len(best), compare.gap_text(comparison, e, lang))
            for e in order
        ]
        out.append((title, caption, cards))
    return out


# Worked out once per countries and language: a re-run only draws them.
for title, caption, cards in data.remember(
    ("overview_headlines", tuple(ctx.countries), lang), headlines
):
    st.header(title)
    if caption:
        st.caption(caption)
    for column, (name, value, facts, sources) in zip(st.columns(len(cards)), cards, strict=True):
        with column, st.container(border=True):
            st.markdown(name)
            if not value:
                st.markdown("### —")
                st.caption(facts)
                continue
            st.markdown(value)
            st.caption(facts)
            if sources:
                st.caption(sources)

st.divider()
st.header(ctx.t("overview.gap_title"))
page.chart_block("gpu_gap", ctx)

st.header(ctx.t("overview.claims_title"))
for label, note in common.claim_texts(data, lang):
    with st.expander(label):
        st.markdown(note)
