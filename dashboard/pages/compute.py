"""Compute: GPUs held, planned, pledged and promised by deals, for countries and for the
companies the articles compare Korea with; absolute, per million people or per GDP."""

import streamlit as st

from dashboard.model import params, views
from dashboard.ui import banners, page, tables, widgets

ctx = page.setup()
data, lang = ctx.data, ctx.lang
st.title(ctx.t("compute.title"))
banners.require_figures(ctx, ("compute",))
st.write(ctx.t("compute.intro"))

page.chart_block("compute_share", ctx)
page.chart_block("compute_owned", ctx)
page.compute_note(ctx)


# Scale and basis redraw only these two charts (and the URL): a change re-runs this
# section alone, in the browser.
@st.fragment
def counts() -> None:
    st.header(ctx.t("compute.counts_title"))
    st.write(ctx.t("compute.counts_intro"))
    left, right = st.columns(2)
    scale = widgets.choice("scale", params.SCALES, where=left)
    basis = widgets.choice("basis", params.BASES, where=right)
    page.chart_block("compute_by_country", ctx, scale=scale, basis=basis)
    st.header(ctx.t("compute.companies_title"))
    page.chart_block("compute_vs_companies", ctx, scale=scale)


counts()


def other_figures():
    """The page's other compute figures, for the countries shown and the companies."""
    companies = list(data.entities.loc[data.entities["kind"] == "company", "id"])
    other_metrics = [
        m
        for m in data.metrics.loc[data.metrics["topic"] == "compute", "metric"]
        if m not in views.GPU_METRICS
    ]
    other = views.decorate(data.figures(other_metrics, [*ctx.countries, *companies]), data, lang)
    return tables.figure_frame(other, lang)


# Worked out once per countries and language: a scale or basis change only redraws it.
other = data.remember(("compute_page_other", tuple(ctx.countries), lang), other_figures)
if not other.empty:
    st.header(ctx.t("compute.other_title"))
    tables.show_figures(other, lang)
