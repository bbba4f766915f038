"""Rankings: each country's rank in each index over its editions, and one country's ranks
across indices side by side with why they differ."""

import streamlit as st

from dashboard import charts, views
from dashboard.load import HOME
from dashboard.ui import common

ctx = common.page_context()
data, lang = ctx.data, ctx.lang
st.title(ctx.t("rankings.title"))
st.write(ctx.t("rankings.intro"))

rank_metrics = [m for m, u in zip(data.metrics["metric"], data.metrics["unit"], strict=True)
                if u == "rank" and m in set(data.observations["metric"])]
overall = [m for m in views.OVERALL_RANKS if m in rank_metrics]
index = st.selectbox(ctx.t("rankings.choose_index"), overall or rank_metrics,
                     format_func=lambda m: data.metric_label(m, lang), key="rank_index")
rows = views.decorate(data.figures(index or [], ctx.countries), data, lang)
fig = charts.bump(rows, labels=ctx.labels("rankings.bump", "axis.rank",
                                          index=data.metric_label(index or "", lang)),
                  style=ctx.style)
common.chart_block(fig, rows, ctx, "rankings_bump", caption=ctx.t("rankings.bump_note"))

st.divider()
st.header(ctx.t("rankings.cross_title"))
focus_options = [c for c in ctx.countries] or data.countries()
default_focus = ctx.state.focus if ctx.state.focus in focus_options else (
    HOME if HOME in focus_options else focus_options[0])
focus = st.selectbox(ctx.t("rankings.focus"), focus_options,
                     index=focus_options.index(default_focus),
                     format_func=lambda e: data.entity_name(e, lang), key="rank_focus")
common.update_state(focus=focus if focus != HOME else "")
latest = views.pick_one(data.figures(rank_metrics, [focus]))
latest = views.decorate(latest, data, lang)
fig = charts.rank_dots(latest, labels=ctx.labels("rankings.cross", "axis.rank",
                                                 name=data.entity_name(focus, lang)),
                       style=ctx.style)
common.chart_block(fig, latest, ctx, "rankings_cross")
st.markdown(ctx.t("rankings.why_differ"))
if not latest.empty:
    st.dataframe(latest[["metric_label", "edition", "value_text", "status_text", "source_text",
                         "note"]].rename(columns=common.column_names(lang)), hide_index=True)

tiers = views.decorate(data.figures(["bcg_maturity_tier"], ctx.countries), data, lang)
if not tiers.empty:
    st.subheader(data.metric_label("bcg_maturity_tier", lang))
    st.dataframe(tiers[["name", "year", "value_text", "source_text", "note"]]
                 .rename(columns=common.column_names(lang)), hide_index=True)
    common.source_line(tiers, lang)
