"""Investment: private AI investment per year, and announced plans, pledges, state funds
and forecasts normalised to USD, per year, per person or as a share of GDP, each with
its status in plain words."""

import streamlit as st

from dashboard import charts, views
from dashboard.ui import common

ctx = common.page_context()
data, lang = ctx.data, ctx.lang
st.title(ctx.t("investment.title"))
st.write(ctx.t("investment.intro"))

private = views.decorate(data.figures("private_ai_investment", ctx.countries), data, lang)
fig = charts.lines(private, labels=ctx.labels("investment.private", "axis.usd_bn"),
                   log=ctx.state.scale == "log", style=ctx.style)
common.chart_block(fig, private, ctx, "investment_private",
                   caption=ctx.t("investment.private_note"))

st.divider()
st.header(ctx.t("investment.plans_title"))
basis = st.segmented_control(ctx.t("control.plan_basis"), views.PLAN_BASES, default="total",
                             format_func=lambda b: ctx.t(f"plan_basis.{b}"),
                             key="plan_basis") or "total"
plans = views.plans_in_usd(data.figures(list(views.PLAN_METRICS), ctx.countries), data)
shown, left_out = views.plan_basis(plans, data, basis)
shown = views.decorate(shown, data, lang)
shown = shown.assign(bar=shown["name"] + " · " + shown["metric_label"] + " · "
                     + shown["period_start"].astype("string").fillna("") + "–"
                     + shown["year"].astype(str))
fig = charts.bars(shown, labels=ctx.labels("investment.plans", f"axis.plan_{basis}"),
                  category="bar", log=True, style=ctx.style)
caption = ctx.t("investment.plans_note")
if left_out:
    caption += " " + ctx.t("chart.left_out", names=", ".join(
        data.entity_name(e, lang) for e in left_out))
common.chart_block(fig, shown, ctx, "investment_plans", caption=caption)

if not plans.empty:
    table = views.decorate(plans, data, lang)
    table = table.assign(
        usd=[views.value_text(v, "currency_bn", lang, currency="USD") for v in table["usd_bn"]],
        status_plain=[ctx.t(f"status_plain.{s}") for s in table["status"]])
    st.dataframe(table[["name", "metric_label", "value_text", "usd", "rate_year",
                        "status_plain", "source_text", "note"]]
                 .rename(columns={**common.column_names(lang), "usd": ctx.t("column.usd"),
                                  "rate_year": ctx.t("column.rate_year"),
                                  "status_plain": ctx.t("column.status_plain")}),
                 hide_index=True)
