"""Companies: newly funded AI companies per year (Stanford AI Index) and total AI
company counts, kept apart because they count different things."""

import streamlit as st

from dashboard import charts, views
from dashboard.ui import common

ctx = common.page_context()
data, lang = ctx.data, ctx.lang
st.title(ctx.t("companies.title"))
st.write(ctx.t("companies.intro"))

yearly = views.decorate(data.figures("newly_funded_ai_companies", ctx.countries), data, lang)
fig = charts.lines(yearly, labels=ctx.labels("companies.new_per_year", "axis.count_companies"),
                   style=ctx.style)
common.chart_block(fig, yearly, ctx, "companies_new_per_year",
                   caption=ctx.t("companies.new_per_year_note"))

cumulative = views.decorate(data.figures("newly_funded_ai_companies_cumulative", ctx.countries),
                            data, lang)
cumulative = cumulative.assign(bar=cumulative["name"] + " · " + cumulative["period_start"]
                               .astype(str) + "–" + cumulative["year"].astype(str))
fig = charts.bars(cumulative, labels=ctx.labels("companies.cumulative", "axis.count_companies"),
                  category="bar", style=ctx.style)
common.chart_block(fig, cumulative, ctx, "companies_cumulative")

st.subheader(ctx.t("companies.totals_title"))
st.warning(ctx.t("companies.definitions_warning"), icon="⚠️")
totals = views.decorate(data.figures(["ai_companies_total", "ai_startups_total"],
                                     ctx.countries), data, lang)
totals = totals.assign(bar=totals["name"] + " · " + totals["metric_label"] + " · "
                       + totals["year"].astype(str) + " · " + totals["publisher"])
fig = charts.bars(totals, labels=ctx.labels("companies.totals", "axis.count_companies"),
                  category="bar", style=ctx.style)
common.chart_block(fig, totals, ctx, "companies_totals")
if not totals.empty:
    st.dataframe(totals[["name", "metric_label", "year", "value_text", "source_text", "note"]]
                 .rename(columns=common.column_names(lang)), hide_index=True)
