"""Rankings: each country's rank in each index over its editions, and one country's ranks
across indices side by side with why they differ."""

import streamlit as st

from dashboard.charts import topics
from dashboard.data.load import HOME
from dashboard.model import views
from dashboard.ui import banners, context, markdown, page, tables

ctx = page.setup()
data, lang = ctx.data, ctx.lang
st.title(ctx.t("rankings.title"))
banners.require_figures(ctx, ("rankings",))
st.write(ctx.t("rankings.intro"))

indices = topics.rank_metrics(data)
if indices:
    index = st.selectbox(
        ctx.t("rankings.choose_index"),
        indices,
        format_func=lambda m: data.metric_label(m, lang),
        key="rank_index",
    )
    page.chart_block("rankings_bump", ctx, index=index)
else:
    st.caption(ctx.t("chart.empty"))

st.divider()
st.header(ctx.t("rankings.cross_title"))
focus_options = list(ctx.countries) or data.countries()
default_focus = (
    ctx.state.focus
    if ctx.state.focus in focus_options
    else (HOME if HOME in focus_options else focus_options[0])
)
focus = st.selectbox(
    ctx.t("rankings.focus"),
    focus_options,
    index=focus_options.index(default_focus),
    format_func=lambda e: data.entity_name(e, lang),
    key="rank_focus",
)
context.update_state(focus=focus if focus != HOME else "")
cross = page.chart_block("rankings_cross", ctx, focus=focus)
if not cross.rows.empty:
    tables.figure_table(cross.rows, lang, extra=("edition",))

tiers = views.decorate(data.figures(["bcg_maturity_tier"], ctx.countries), data, lang)
if not tiers.empty:
    st.subheader(data.metric_label("bcg_maturity_tier", lang))
    tables.figure_table(tiers, lang)
    markdown.source_line(tiers, lang)
