"""What a reader takes away from the dashboard into a document: citation text for a chart
or one of its figures ("Cite this"), and the whole dataset as an Excel workbook. The
texts and files come from `dashboard.outputs.citation` and `workbook`; this module only
places them. (A chart's own rows as XLSX sit beside its CSV, in `common.data_toggle`.)"""

from __future__ import annotations

from datetime import date

import streamlit as st

from dashboard.base import safe
from dashboard.base.i18n import t
from dashboard.charts import figures
from dashboard.outputs import citation, workbook
from dashboard.ui import common


def _texts(cited: citation.Citation, lang: str) -> None:
    """The three citation texts; each code block has Streamlit's copy button (no network)."""
    for key, text in (("cite.apa", cited.apa), ("cite.korean", cited.korean),
                      ("cite.bibtex", cited.bibtex)):  # fmt: skip
        st.caption(t(key, lang))
        st.code(text, language=None, wrap_lines=True)


def cite_popover(result: figures.ChartResult, ctx: common.PageContext, chart_id: str) -> None:
    """ "Cite this": the chart's citation, and one figure's, chosen from the chart's rows."""
    today = date.today()  # the access date: the day the reader saw the chart
    with st.popover(ctx.t("cite.menu"), icon=":material/format_quote:"):
        st.markdown(f"**{ctx.t('cite.chart')}**")
        title = citation.chart_title(result.figure)
        _texts(citation.chart_citation(chart_id, title, result.rows, ctx.data, ctx.lang, today),
               ctx.lang)  # fmt: skip
        if "value" not in result.rows:
            return
        rows = result.rows[result.rows["value"].notna()].to_dict("records")
        if not rows:
            return
        st.markdown(f"**{ctx.t('cite.figure')}**")
        labels = [citation.figure_label(row, ctx.lang) for row in rows]
        pick = st.selectbox(ctx.t("cite.choose"), range(len(labels)),
                            format_func=labels.__getitem__, key=f"cite_{chart_id}")  # fmt: skip
        _texts(citation.figure_citation(rows[pick], ctx.data, ctx.lang, today), ctx.lang)


def dataset_download(ctx: common.PageContext) -> None:
    """The whole dataset as a workbook, made when clicked and then remembered per data and
    language (a page run costs nothing until someone asks for it)."""
    data, lang = ctx.data, ctx.lang
    st.download_button(
        ctx.t("workbook.download_all"),
        lambda: data.remember(("workbook", lang), lambda: workbook.dataset_workbook(data, lang)),
        file_name=safe.filename(f"ai-dashboard-data-{lang}", "xlsx"),
        mime=workbook.MIME,
        key="dataset_xlsx",
        help=ctx.t("workbook.download_all_help"),
        icon=":material/table_view:",
        on_click="ignore",
    )
