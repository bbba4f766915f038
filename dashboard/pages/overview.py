"""Overview: Korea against each selected peer on each topic, and the articles' headline
comparisons with what other sources say of them."""

import streamlit as st

from dashboard import formatting, views
from dashboard.load import HOME
from dashboard.ui import common

ctx = common.page_setup()
data, lang = ctx.data, ctx.lang
st.title(ctx.t("overview.title"))
st.write(ctx.t("overview.intro"))

higher_is_better = dict(zip(data.metrics["metric"], data.metrics["higher_is_better"],
                            strict=True))
for topic, metric in views.HEADLINE_METRICS.items():
    rows = views.decorate(data.figures(metric, ctx.countries), data, lang)
    best = views.compare_with_home(rows, higher_is_better=higher_is_better.get(metric, True))
    st.subheader(ctx.t(f"topic.{topic}") + " · " + data.metric_label(metric, lang))
    if best.empty:
        st.caption(ctx.t("chart.empty"))
        continue
    cards = st.columns(len(best))
    for card, (_, row) in zip(cards, best.sort_values("entity", key=lambda s: s != HOME)
                              .iterrows(), strict=True):
        with card.container(border=True):
            st.markdown(f"**{common.md_escape(row['name'])}**")
            st.markdown(f"### {common.md_escape(row['value_text'])}")
            facts = [ctx.t("overview.year_status", year=row["year"], status=row["status_text"]),
                     ctx.t("overview.rank_among", rank=row["rank"], n=len(best))]
            if row["entity"] != HOME and row["ratio"] == row["ratio"]:
                facts.append(ctx.t("overview.home_ratio",
                                   ratio=formatting.ratio(row["ratio"], lang)))
            if row["others"]:
                facts.append(ctx.t("overview.others", n=row["others"]))
            st.caption(" · ".join(facts))
            common.source_line(best[best["entity"] == row["entity"]], lang)

st.divider()
st.header(ctx.t("overview.gap_title"))
common.chart_block("gpu_gap", ctx)

st.header(ctx.t("overview.claims_title"))
claims = data.claims
for _, claim in claims.iterrows():
    verdict = ctx.t(f"verdict.{claim['verdict']}")
    with st.expander(f"{verdict} — {common.md_escape(claim[f'text_{lang}'])}"):
        st.markdown(common.md_escape(claim[f"note_{lang}"]))
