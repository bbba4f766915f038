"""Sources: every figure with its source in a filterable table, the coverage matrix,
conflicting figures side by side, and the check of the articles' headline claims."""

import pandas as pd
import streamlit as st

from dashboard.data.coverage import coverage_frame
from dashboard.model import views
from dashboard.ui import banners, handout, markdown, page, tables

ctx = page.setup()
data, lang = ctx.data, ctx.lang
st.title(ctx.t("sources.title"))
banners.require_figures(ctx)
st.write(ctx.t("sources.intro"))
handout.dataset_download(ctx)
page.compute_note(ctx)

# Which release this is, what changed since the one before, and what lags a new edition.
releases = data.releases_newest_first()
if not releases.empty:
    current = releases.iloc[0]
    st.info(
        ctx.t("sources.as_of", date=current["date"], version=current["version"]),
        icon=":material/event:",
    )
    changes = data.changelog[data.changelog["release"] == current["version"]]
    if len(releases) > 1 and not changes.empty:
        counts = changes["change"].value_counts()
        with st.expander(
            ctx.t(
                "sources.changes_title",
                previous=releases.iloc[1]["version"],
                added=counts.get("added", 0),
                corrected=counts.get("corrected", 0),
                superseded=counts.get("superseded", 0),
                retired=counts.get("retired", 0),
            )
        ):
            st.dataframe(
                views.changelog_table(changes, lang),
                hide_index=True,
            )
stale = data.stale()
if stale:
    st.warning(
        "\n".join(
            [
                ctx.t("sources.stale_intro"),
                "",
                *(f"- {markdown.md_escape(views.stale_text(item, data, lang))}" for item in stale),
            ]
        ),
        icon=":material/update:",
    )

# Every figure with its text, worked out once per data and language (the page re-runs on
# every filter change, and a large data folder has hundreds of thousands of figures).
all_rows = data.remember(
    ("sources_page_rows", lang), lambda: views.decorate(data.observations, data, lang)
)


# The filters redraw only the table: a change re-runs this section alone, in the browser.
@st.fragment
def filtered_figures() -> None:
    f1, f2, f3 = st.columns(3)
    topics = f1.multiselect(
        ctx.t("sources.filter_topic"),
        sorted(set(data.observations["topic"])),
        format_func=lambda x: ctx.t(f"topic.{x}"),
        key="src_topic",
    )
    entities = f2.multiselect(
        ctx.t("sources.filter_entity"),
        list(data.entities["id"]),
        format_func=lambda e: data.entity_name(e, lang),
        key="src_entity",
    )
    statuses = f3.multiselect(
        ctx.t("sources.filter_status"),
        list(views.STATUSES),
        format_func=lambda s: ctx.t(f"status.{s}"),
        key="src_status",
    )

    def chosen() -> tuple[pd.DataFrame, pd.DataFrame]:
        """The figures the filters let through, and the table that shows them."""
        rows = all_rows
        if topics:
            rows = rows[rows["topic"].isin(topics)]
        if entities:
            rows = rows[rows["entity"].isin(entities)]
        if statuses:
            rows = rows[rows["status"].isin(statuses)]
        return rows, tables.figure_frame(rows, lang, extra=("edition", "url"))

    rows, table = data.remember(
        ("sources_page_table", tuple(topics), tuple(entities), tuple(statuses), lang), chosen
    )
    st.caption(ctx.t("sources.count", n=len(rows), total=len(all_rows)))
    tables.show_figures(table, lang)
    tables.data_toggle(rows, lang, "sources_all")


filtered_figures()

# What the filters do not touch, worked out once per data and language.
st.header(ctx.t("sources.claims_title"))
related = data.remember(
    ("sources_page_claims", lang),
    lambda: [
        tables.figure_frame(all_rows[all_rows["claim_id"] == c], lang)
        for c in data.claims["claim_id"]
    ],
)
for (label, note), figures in zip(markdown.claim_texts(data, lang), related, strict=True):
    with st.expander(label):
        st.markdown(note)
        if not figures.empty:
            tables.show_figures(figures, lang)

st.header(ctx.t("sources.conflicts_title"))
st.write(ctx.t("sources.conflicts_intro"))
conflicts = data.remember(
    ("sources_page_conflicts", lang),
    lambda: tables.figure_frame(views.decorate(data.conflicts(), data, lang), lang),
)
if conflicts.empty:
    st.caption(ctx.t("chart.empty"))
else:
    tables.show_figures(conflicts, lang)

if not data.superseded.empty:
    st.header(ctx.t("sources.superseded_title"))
    st.write(ctx.t("sources.superseded_intro"))
    old = data.remember(
        ("sources_page_superseded", lang),
        lambda: tables.figure_frame(
            views.decorate(views.successors_named(data.superseded, lang), data, lang),
            lang,
            extra=("edition", "superseded_by"),
        ),
    )
    tables.show_figures(old, lang)

if not data.gaps.empty:
    st.header(ctx.t("sources.gaps_title"))
    st.write(ctx.t("sources.gaps_intro"))
    st.dataframe(data.remember(("sources_page_gaps", lang), lambda: views.gaps_table(data, lang)),
                 hide_index=True)  # fmt: skip


def coverage_table() -> pd.DataFrame:
    coverage = coverage_frame(data.observations, list(data.entities["id"]))
    coverage.index = [data.entity_name(e, lang) for e in coverage.index]
    coverage.columns = [ctx.t(f"topic.{c}") for c in coverage.columns]
    return coverage


st.header(ctx.t("sources.coverage_title"))
st.write(ctx.t("sources.coverage_intro"))
st.dataframe(data.remember(("sources_page_coverage", lang), coverage_table))

st.header(ctx.t("sources.list_title"))
sources = data.sources[["source_id", "title", "publisher", "published", "kind", "url"]]
st.dataframe(
    sources,
    hide_index=True,
    column_config={"url": st.column_config.LinkColumn(ctx.t("column.url"))},
)
