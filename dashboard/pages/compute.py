"""Compute: GPUs held, planned, pledged and promised by deals, for countries and for the
companies the articles compare Korea with; absolute, per million people or per GDP."""

import streamlit as st

from dashboard import params, views
from dashboard.ui import common

ctx = common.page_setup()
data, lang = ctx.data, ctx.lang
st.title(ctx.t("compute.title"))
st.write(ctx.t("compute.intro"))

left, right = st.columns(2)
scale = (
    left.segmented_control(
        ctx.t("control.scale"),
        params.SCALES,
        default=ctx.state.scale,
        format_func=lambda s: ctx.t(f"scale.{s}"),
        key="scale",
    )
    or ctx.state.scale
)
basis = (
    right.segmented_control(
        ctx.t("control.basis"),
        params.BASES,
        default=ctx.state.basis,
        format_func=lambda b: ctx.t(f"basis.{b}"),
        key="basis",
    )
    or ctx.state.basis
)
common.update_state(scale=scale, basis=basis)

common.chart_block("compute_by_country", ctx, scale=scale, basis=basis)
st.subheader(ctx.t("compute.companies_title"))
common.chart_block("compute_vs_companies", ctx, scale=scale)

companies = list(data.entities.loc[data.entities["kind"] == "company", "id"])
other_metrics = [
    m
    for m in data.metrics.loc[data.metrics["topic"] == "compute", "metric"]
    if m not in views.GPU_METRICS
]
other = views.decorate(data.figures(other_metrics, [*ctx.countries, *companies]), data, lang)
if not other.empty:
    st.subheader(ctx.t("compute.other_title"))
    common.figure_table(other, lang)
