"""What a reader takes away from the dashboard into a document: citation text for a chart
or one of its figures ("Cite this"), and the whole dataset as an Excel workbook. The
texts and files come from `dashboard.outputs.citation` and `workbook`; this module only
places them. (A chart's own rows as XLSX sit beside its CSV, in `tables.data_toggle`.)"""

from __future__ import annotations

from datetime import date

import streamlit as st

from dashboard.base import safe
from dashboard.base.i18n import t
from dashboard.charts import registry
from dashboard.data.load import Data
from dashboard.outputs import citation, workbook
from dashboard.ui import context

CITE_OPEN = "cite_open_"  # + chart id: the key of a chart's "Cite this" popover


def _texts(cited: citation.Citation, lang: str) -> None:
    """The three citation texts; each code block has Streamlit's copy button (no network)."""
    for key, text in (("cite.apa", cited.apa), ("cite.korean", cited.korean),
                      ("cite.bibtex", cited.bibtex)):  # fmt: skip
        st.caption(t(key, lang))
        st.code(text, language=None, wrap_lines=True)


def cite_popover(
    result: registry.ChartResult, ctx: context.PageContext, chart_id: str, read: registry.View
) -> None:
    """ "Cite this": the chart's citation, and one figure's, chosen from the chart's rows.
    `read` is the part of the view the chart reads (`registry.read_view`): the texts are
    remembered by it, as the chart is, so a run that finds the chart finds them too.
    They are worked out and sent only while the popover is open (opening it re-runs the
    page, or the fragment the chart is in): a closed one costs its button."""
    today = date.today()  # the access date: the day the reader saw the chart
    data, lang = ctx.data, ctx.lang
    menu = st.popover(ctx.t("cite.menu"), icon=":material/format_quote:",
                      key=CITE_OPEN + chart_id, on_change="rerun")  # fmt: skip
    if not menu.open:
        return
    cited, rows, labels = data.remember(
        ("cite_chart", chart_id, read, today),
        lambda: _chart_texts(result, data, chart_id, lang, today),
    )
    with menu:
        st.markdown(f"**{ctx.t('cite.chart')}**")
        _texts(cited, lang)
        if not rows:
            return
        st.markdown(f"**{ctx.t('cite.figure')}**")
        pick = st.selectbox(ctx.t("cite.choose"), range(len(labels)),
                            format_func=labels.__getitem__, key=f"cite_{chart_id}")  # fmt: skip
        figure = data.remember(
            ("cite_figure", chart_id, read, today, pick),
            lambda: citation.figure_citation(rows[pick], data, lang, today),
        )
        _texts(figure, lang)


def _chart_texts(
    result: registry.ChartResult, data: Data, chart_id: str, lang: str, today: date
) -> tuple[citation.Citation, list[dict], list[str]]:
    """The chart's citation, its rows with a value (as records) and their labels."""
    title = citation.chart_title(result.figure)
    cited = citation.chart_citation(chart_id, title, result.rows, data, lang, today)
    if "value" not in result.rows:
        return cited, [], []
    rows = result.rows[result.rows["value"].notna()].to_dict("records")
    return cited, rows, [citation.figure_label(row, lang) for row in rows]


def dataset_download(ctx: context.PageContext) -> None:
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
