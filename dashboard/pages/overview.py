"""Overview: Korea against each selected peer on each topic, and the articles' headline
comparisons with what other sources say of them."""

import pandas as pd
import streamlit as st

from dashboard.base import formatting
from dashboard.data.load import HOME
from dashboard.model import views
from dashboard.ui import common, page

ctx = page.setup()
data, lang = ctx.data, ctx.lang
st.title(ctx.t("overview.title"))
common.require_figures(ctx)
st.write(ctx.t("overview.intro"))


def card(row: pd.Series | None, entity: str, shown: int) -> None:
    """One country's figure, its rank among those shown, its ratio to Korea, its source."""
    with st.container(border=True):
        st.markdown(f"**{common.md_escape(data.entity_name(entity, lang))}**")
        if row is None:
            st.markdown("### —")
            st.caption(ctx.t("overview.no_figure"))
            return
        value = views.range_text(
            row["value_low"],
            row["value_high"],
            row["unit"],
            lang,
            currency=row["currency"],
            out_of=row["out_of"],
            category=row["category"],
        )
        st.markdown(f"### {common.md_escape(value)}")
        facts = [
            ctx.t(
                "overview.year_status",
                year=row["year"],
                status=ctx.t(f"status.{row['status']}"),
                confidence=ctx.t(f"confidence.{row['confidence']}"),
            )
        ]
        if row["unit"] not in ("rank", "tier"):  # a rank among ranks would only confuse
            rank = views.span_text(row["rank_low"], row["rank_high"], str)
            facts.append(ctx.t("overview.rank_among", rank=rank, n=shown))
        if row["value_low"] != row["value_high"]:
            facts.append(ctx.t("overview.sources_differ"))
        if entity != HOME and pd.notna(row["ratio_low"]):
            ratio = views.span_text(
                row["ratio_low"], row["ratio_high"], lambda r: formatting.ratio(r, lang)
            )
            facts.append(ctx.t("overview.vs_home", ratio=ratio))
        if row["others"]:
            facts.append(ctx.t("overview.others", n=row["others"]))
        st.caption(" · ".join(facts))
        same = data.figures(row["metric"], [entity])
        same = same[
            (same["year"] == row["year"])
            & (same["confidence"] == row["confidence"])
            & (same["status"] == row["status"])
            & (same["edition"] == row["edition"])
        ]
        common.source_line(same, lang)


higher_is_better = dict(zip(data.metrics["metric"], data.metrics["higher_is_better"], strict=True))
for topic, metric in views.HEADLINE_METRICS.items():
    rows = data.figures(metric, ctx.countries)
    if metric == views.COMPARABLE_COMPUTE:  # one snapshot of one dataset for every country
        rows = views.one_edition(rows)
    best = views.compare_with_home(rows, higher_is_better=higher_is_better.get(metric, True))
    st.header(ctx.t(f"topic.{topic}") + " · " + data.metric_label(metric, lang))
    if metric == views.COMPARABLE_COMPUTE:
        st.caption(views.share_caption(rows, data, lang))
    by_entity = {r["entity"]: r for _, r in best.iterrows()}
    order = sorted(ctx.countries, key=lambda e: e != HOME)  # Korea first, then as chosen
    for column, entity in zip(st.columns(len(order)), order, strict=True):
        with column:
            card(by_entity.get(entity), entity, len(best))

st.divider()
st.header(ctx.t("overview.gap_title"))
page.chart_block("gpu_gap", ctx)

st.header(ctx.t("overview.claims_title"))
for _, claim in data.claims.iterrows():
    verdict = ctx.t(f"verdict.{claim['verdict']}")
    with st.expander(f"{verdict} — {common.md_escape(claim[f'text_{lang}'])}"):
        st.markdown(common.md_escape(claim[f"note_{lang}"]))
