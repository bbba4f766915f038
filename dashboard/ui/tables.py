"""Tables of figures on a page, with their columns named in the reader's language, and
the toggle that shows the rows behind a chart with CSV and Excel downloads."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.base import safe
from dashboard.base.i18n import t
from dashboard.outputs import workbook


def data_toggle(rows: pd.DataFrame, lang: str, key: str) -> None:
    """A toggle that shows the rows behind a chart, with CSV and Excel downloads of them."""
    if not st.toggle(t("chart.show_data", lang), key=f"data_{key}"):
        return
    table = workbook.chart_table(rows)
    st.dataframe(table, hide_index=True)
    csv, xlsx = st.columns(2)
    csv.download_button(
        t("chart.download_csv", lang),
        safe.csv_bytes(table),
        file_name=safe.filename(key, "csv"),
        mime="text/csv",
        key=f"csv_{key}",
    )
    xlsx.download_button(  # made when clicked: a page run does not pay for it
        t("workbook.download", lang),
        lambda: workbook.chart_workbook(table, lang),
        file_name=safe.filename(key, "xlsx"),
        mime=workbook.MIME,
        key=f"xlsx_{key}",
        on_click="ignore",
    )


# The columns a figure table shows, in order; `extra` columns go after the year.
FIGURE_COLUMNS = ("name", "metric_label", "year", "value_text", "status_text",
                  "confidence_text", "source_text", "note")  # fmt: skip


OPTIONAL_COLUMNS = ("edition", "category", "url", "superseded_by")


def column_names(lang: str) -> dict[str, str]:
    """Reader-facing headers for the display columns views add."""
    return {c: t(f"column.{c}", lang) for c in (*FIGURE_COLUMNS, *OPTIONAL_COLUMNS)}


def figure_frame(rows: pd.DataFrame, lang: str, extra: tuple[str, ...] = ()) -> pd.DataFrame:
    """The columns `figure_table` shows, under reader-facing headers; a `url` extra last.
    A page that shows the same figures on every run remembers this and `show_figures` it."""
    links = [c for c in extra if c == "url"]  # long: after the figure, not before it
    cols = [*FIGURE_COLUMNS[:3], *(c for c in extra if c != "url"), *FIGURE_COLUMNS[3:], *links]
    return rows[[c for c in cols if c in rows]].rename(columns=column_names(lang))


def show_figures(frame: pd.DataFrame, lang: str) -> None:
    """A `figure_frame` as a table, its URL column a link."""
    url = t("column.url", lang)
    st.dataframe(frame, hide_index=True, column_config={url: st.column_config.LinkColumn(url)})


def figure_table(rows: pd.DataFrame, lang: str, extra: tuple[str, ...] = ()) -> None:
    """Figures as a table with reader-facing headers; a `url` extra becomes a link, last."""
    show_figures(figure_frame(rows, lang, extra), lang)
