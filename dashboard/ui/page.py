"""What every page is built from: `setup()` (data, view state from the URL, the shared
controls, banners, and presentation mode) and `chart_block()` (a chart with its source
line, caption, data and image downloads, and citation). It sits above the shared parts
(`context`, `url`, `banners`, `markdown`, `tables`, `widgets`), `present` (presentation
mode and exports) and `handout` (citations and the dataset workbook), none of which
imports it."""

from __future__ import annotations

import streamlit as st

from dashboard.base.i18n import t
from dashboard.charts import registry
from dashboard.ui import banners, context, handout, markdown, present, tables, url, widgets


def setup() -> context.PageContext:
    """What every page starts with: data, view state from the URL, the shared controls,
    and the banners for data problems and ignored link settings."""
    url.leave_legacy_page_mode()
    widgets.page_style()
    width = widgets.screen_width()
    data = context.load_data()
    state, notices = url.read_state(data)
    if not state.present:
        state = widgets.sidebar_controls(data, state)
    countries = list(state.countries) or data.default_countries()
    ctx = context.PageContext(
        data=data, state=state, lang=state.lang, countries=countries, width=width
    )
    context.set_context(ctx)
    banners.show_problems(data, ctx.lang)
    banners.show_notices(notices, ctx.lang)
    unknown = st.session_state.pop(url.UNKNOWN_PATH_KEY, None)
    if unknown is not None:
        st.info(markdown.md_escape(t("notice.unknown_path", ctx.lang, path=unknown)),
                icon=":material/info:")  # fmt: skip
    if state.present:
        present.show_presentation(ctx)  # draws one slide and stops the page
    present.sidebar_export(ctx)
    st.sidebar.caption(t("app.data_note", ctx.lang))
    return ctx


def chart_block(
    chart_id: str, ctx: context.PageContext, **settings: object
) -> registry.ChartResult:
    """A chart from the registry (its text alternative before it), then its source line,
    caption, data toggle (CSV and Excel), citation texts, image downloads and copy."""
    view = ctx.view(**settings)
    read = registry.read_view(chart_id, ctx.data, view)  # what the chart is remembered by
    result = registry.build(chart_id, ctx.data, read)
    widgets.chart_alt(result, ctx.lang, chart_id)
    widgets.plotly_chart(result, ctx, f"chart_{chart_id}")
    # Remembered with the chart, by the view it reads: hashing the rows to find it would
    # cost more than a re-run, and keyed by the whole view a slider of another section
    # would miss it.
    sources = ctx.data.remember(
        ("source_text", chart_id, read), lambda: markdown.source_text(result.rows, ctx.lang)
    )
    if sources:
        st.caption(sources)
    if result.caption:  # plain text: a "~" between two numbers must not strike them out
        st.caption(markdown.md_escape(result.caption))
    left, cite, right = st.columns([3, 1, 2], vertical_alignment="center")
    with left:
        tables.data_toggle(result.rows, ctx.lang, chart_id)
    with cite:
        handout.cite_popover(result, ctx, chart_id, read)
    with right, st.container(horizontal=True, vertical_alignment="top"):
        present.image_downloads(result, ctx, chart_id)
        present.copy_image(ctx, chart_id, view)
    return result


def compute_note(ctx: context.PageContext) -> None:
    """ "How to read the compute figures", on the Compute and Sources pages: location or
    ownership, tracked or total, snapshot dates, the one H100e basis, and why counts from
    different sources are not compared."""
    with st.expander(ctx.t("howto.compute_title"), icon=":material/menu_book:"):
        st.markdown(ctx.t("howto.compute", basis=ctx.t("howto.h100e_basis")))
