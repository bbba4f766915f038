"""Overview: Korea against each selected peer on each topic, and the articles' headline
comparisons with what other sources say of them."""

import streamlit as st

from dashboard.model import cards
from dashboard.ui import banners, markdown, page

ctx = page.setup()
data, lang = ctx.data, ctx.lang
st.title(ctx.t("overview.title"))
banners.require_figures(ctx)
st.write(ctx.t("overview.intro"))


def headlines() -> list[tuple[cards.Headline, list[str]]]:
    """Each topic's cards (their words are `cards`', which the briefing document writes
    too; the page adds only its markdown) with each card's source line."""
    return [
        (headline, [markdown.source_text(card.figures, lang) for card in headline.cards])
        for headline in cards.headlines(data, ctx.countries, lang)
    ]


# Worked out once per countries and language: a re-run only draws them.
for headline, source_lines in data.remember(
    ("overview_headlines", tuple(ctx.countries), lang), headlines
):
    st.header(headline.title)
    if headline.caption:
        st.caption(headline.caption)
    columns = st.columns(len(headline.cards))
    for column, card, sources in zip(columns, headline.cards, source_lines, strict=True):
        with column, st.container(border=True):
            st.markdown(f"**{markdown.md_escape(card.name)}**")
            if not card.has_figure:  # why not, and where its newest figure is
                st.markdown("### —")
                st.caption(markdown.md_escape(" · ".join(card.facts)))
                continue
            st.markdown(f"### {markdown.md_escape(card.value)}")
            st.caption(" · ".join(card.facts))
            if sources:
                st.caption(sources)

st.divider()
st.header(ctx.t("overview.gap_title"))
page.chart_block("gpu_gap", ctx)

st.header(ctx.t("overview.claims_title"))
for label, note in markdown.claim_texts(data, lang):
    with st.expander(label):
        st.markdown(note)
