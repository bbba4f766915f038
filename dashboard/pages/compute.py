"""Compute: GPUs held, planned, pledged and promised by deals, for countries and for the
companies the articles compare Korea with; absolute, per million people or per GDP."""

import streamlit as st

from dashboard import charts, params, views
from dashboard.ui import common

ctx = common.page_context()
data, lang = ctx.data, ctx.lang
st.title(ctx.t("compute.title"))
st.write(ctx.t("compute.intro"))

left, right = st.columns(2)
scale = left.segmented_control(ctx.t("control.scale"), params.SCALES, default=ctx.state.scale,
                               format_func=lambda s: ctx.t(f"scale.{s}"), key="scale") \
    or ctx.state.scale
basis = right.segmented_control(ctx.t("control.basis"), params.BASES, default=ctx.state.basis,
                                format_func=lambda b: ctx.t(f"basis.{b}"), key="basis") \
    or ctx.state.basis
common.update_state(scale=scale, basis=basis)

rows = data.figures(list(views.GPU_METRICS), ctx.countries)
rows, left_out = views.per_basis(rows, data, basis)
shown = views.decorate(rows, data, lang)
shown = shown.assign(bar=shown["name"] + " · " + shown["metric_label"] + " · "
                     + shown["year"].astype(str))
fig = charts.bars(shown, labels=ctx.labels("compute.by_country", f"axis.{basis}_gpu"),
                  category="bar", log=scale == "log", style=ctx.style)
caption = ctx.t("compute.basis_note") if basis != "absolute" else ""
if left_out:
    caption += " " + ctx.t("chart.left_out", names=", ".join(
        data.entity_name(e, lang) for e in left_out))
common.chart_block(fig, shown, ctx, "compute_by_country", caption=caption.strip())

st.subheader(ctx.t("compute.companies_title"))
companies = list(data.entities.loc[data.entities["kind"] == "company", "id"])
held = views.decorate(data.figures("gpus_held", [*ctx.countries, *companies]), data, lang)
held = held.assign(bar=held["name"] + " · " + held["year"].astype(str) + " · "
                   + held["publisher"])
fig = charts.bars(held, labels=ctx.labels("compute.vs_companies", "axis.gpu"), category="bar",
                  log=scale == "log", style=ctx.style)
common.chart_block(fig, held, ctx, "compute_vs_companies",
                   caption=ctx.t("compute.vs_companies_note"))

other_metrics = [m for m in data.metrics.loc[data.metrics["topic"] == "compute", "metric"]
                 if m not in views.GPU_METRICS]
other = views.decorate(data.figures(other_metrics, [*ctx.countries, *companies]), data, lang)
if not other.empty:
    st.subheader(ctx.t("compute.other_title"))
    table = other[["name", "metric_label", "year", "value_text", "status_text", "source_text",
                   "note"]]
    st.dataframe(table.rename(columns=common.column_names(lang)), hide_index=True)
    common.source_line(other, lang)
