"""Companies: newly funded AI companies per year (Stanford AI Index) and total AI
company counts, kept apart because they count different things."""

import streamlit as st

from dashboard.ui import banners, page, tables

ctx = page.setup()
st.title(ctx.t("companies.title"))
banners.require_figures(ctx, ("companies",))
st.write(ctx.t("companies.intro"))

page.chart_block("companies_new_per_year", ctx)
page.chart_block("companies_cumulative", ctx)

st.header(ctx.t("companies.totals_title"))
st.warning(ctx.t("companies.definitions_warning"), icon=":material/warning:")
totals = page.chart_block("companies_totals", ctx)
if not totals.rows.empty:
    tables.figure_table(totals.rows, ctx.lang)
