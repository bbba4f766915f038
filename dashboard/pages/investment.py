"""Investment: private AI investment per year, and announced plans, pledges, state funds
and forecasts normalised to USD, per year, per person or as a share of GDP, each with
its status in plain words."""

import streamlit as st

from dashboard.model import views
from dashboard.ui import banners, page, tables, widgets

ctx = page.setup()
data, lang = ctx.data, ctx.lang
st.title(ctx.t("investment.title"))
banners.require_figures(ctx, ("investment",))
st.write(ctx.t("investment.intro"))

page.chart_block("investment_private", ctx)

st.divider()
st.header(ctx.t("investment.plans_title"))
plan_basis = widgets.choice("plan_basis", views.PLAN_BASES)
plans = page.chart_block("investment_plans", ctx, plan_basis=plan_basis)
if not plans.rows.empty:
    table = plans.rows.assign(
        usd=[
            views.value_text(v, "currency_bn", lang, currency="USD") for v in plans.rows["usd_bn"]
        ],
        status_plain=[ctx.t(f"status_plain.{s}") for s in plans.rows["status"]],
    )
    st.dataframe(
        table[
            ["name", "metric_label", "usd", "rate_year", "status_plain", "source_text", "note"]
        ].rename(
            columns={
                **tables.column_names(lang),
                "usd": ctx.t("column.usd"),
                "rate_year": ctx.t("column.rate_year"),
                "status_plain": ctx.t("column.status_plain"),
            }
        ),
        hide_index=True,
    )
