"""Excel workbooks: one chart's rows (the rows of its CSV download), and the whole
dataset (the figures shown, their sources, and the notes and caveats), with headers in
the reader's language.

Cells keep their types: numbers are numbers, and dates are ISO text throughout (the data
dates sources to the day, the month or the year, "2025-02-17", "2025-04", "2025", so no
cell claims a day it does not know). Text that a spreadsheet would run as a formula is
defused exactly as in the CSV download (`safe.neutralise`), after dropping the control
characters an XLSX file cannot hold, so no cell is ever a live formula.

Pure: the functions return frames and bytes; nothing here reads a file, writes one or
knows about Streamlit. Superseded figures are not in the figures sheet (no chart uses
them; the Sources page lists them).
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from dashboard.base import safe
from dashboard.base.i18n import catalogue, t
from dashboard.data.load import Data
from dashboard.model import views

# The columns of a chart's data download, CSV and XLSX alike, in order.
CHART_COLUMNS = ("entity", "name", "metric", "year", "period_start", "value", "unit",
                 "currency", "gpu_type", "status", "confidence", "title", "publisher",
                 "published", "url", "note")  # fmt: skip
FIGURE_COLUMNS = ("entity", "name", "metric", "metric_label", "topic_text", "year",
                  "period_start", "value", "unit", "currency", "gpu_type", "edition",
                  "out_of", "category", "status_text", "confidence_text", "source_id",
                  "publisher", "published", "note")  # fmt: skip
SOURCE_COLUMNS = ("source_id", "title", "publisher", "published", "url", "kind", "accessed",
                  "note")  # fmt: skip
NOTE_COLUMNS = ("kind", "subject", "text", "source_id")
MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_WIDTH, MIN_WIDTH = 60, 8  # column widths, in characters
ICON_TAG = re.compile(r"^:material/[a-z_]+:\s*")  # the pages' icons mean nothing in a sheet


def header(column: str, lang: str) -> str:
    """A column's header: the app's own column name where it has one (the tables on the
    pages), else the workbook's."""
    key = f"column.{column}"
    return t(key, lang) if key in catalogue(lang) else t(f"workbook.column.{column}", lang)


def chart_table(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows behind a chart as its downloads hold them."""
    return rows[[c for c in CHART_COLUMNS if c in rows]]


# -- the whole dataset ----------------------------------------------------------------------


def _notes(rows: pd.DataFrame, lang: str) -> list[str]:
    """Each figure's note in the reader's language (the English one where a Korean one is
    missing)."""
    english = rows["note"].fillna("").astype(str)
    if lang != "ko":
        return list(english)
    korean = rows["note_ko"].fillna("").astype(str)
    return list(korean.where(korean != "", english))


def _about(name: object, label: object, year: object) -> str:
    """What a note is about: "South Korea · GPUs held · 2025"."""
    return f"{name} · {label} · {year}"


def figures_table(data: Data, lang: str) -> pd.DataFrame:
    """Every current figure with its names, status and source, in the reader's language."""
    rows = views.decorate(data.observations, data, lang)
    if rows.empty:
        return pd.DataFrame(columns=list(FIGURE_COLUMNS))
    rows = rows.assign(
        topic_text=[t(f"topic.{x}", lang) for x in rows["topic"]],
        note=_notes(rows, lang),
    )
    return rows[list(FIGURE_COLUMNS)].reset_index(drop=True)


def _cited(data: Data) -> set[str]:
    return set(data.observations["source_id"]) | set(data.claims.get("source_id", ()))


def sources_table(data: Data) -> pd.DataFrame:
    """The sources of the figures shown and of the claims checked, as sources.csv has them."""
    sources = data.sources[data.sources["source_id"].isin(_cited(data))]
    return sources.reindex(columns=list(SOURCE_COLUMNS)).reset_index(drop=True)


def notes_table(data: Data, figures: pd.DataFrame, lang: str) -> pd.DataFrame:
    """What to read with the figures (`figures_table`): the data release, conflicting
    figures, checked claims, series behind a newer edition, and every figure's and
    source's note."""
    notes: list[tuple[str, str, str, str]] = []

    def add(kind: str, subject: str, text: str, source: str = "") -> None:
        notes.append((t(f"workbook.kind.{kind}", lang), subject, text, source))

    for _, release in data.releases_newest_first().iterrows():
        add("release", f"{release['version']} ({release['date']})", release[f"note_{lang}"])
    conflicts = views.decorate(data.conflicts(), data, lang)
    for _, group in conflicts.groupby(["entity", "metric", "year"], sort=False):
        shown = "; ".join(
            f"{r['value_text']} ({r['publisher']}, {r['published']})" for _, r in group.iterrows()
        )
        first = group.iloc[0]
        about = _about(first["name"], first["metric_label"], first["year"])
        add("conflict", about, t("workbook.conflict", lang, figures=shown))
    for _, claim in data.claims.iterrows():
        verdict = ICON_TAG.sub("", t(f"verdict.{claim['verdict']}", lang))
        add("claim", claim[f"text_{lang}"], f"{verdict}: {claim[f'note_{lang}']}",
            claim["source_id"])  # fmt: skip
    for item in data.stale():
        add("stale", item.series, views.stale_text(item, data, lang))
    for name, label, year, text, source in zip(
        figures["name"], figures["metric_label"], figures["year"], figures["note"],
        figures["source_id"], strict=True,
    ):  # fmt: skip
        if text:
            add("figure", _about(name, label, year), text, source)
    for _, source in sources_table(data).iterrows():
        if isinstance(source["note"], str) and source["note"]:
            add("source", source["title"], source["note"], source["source_id"])
    return pd.DataFrame(notes, columns=list(NOTE_COLUMNS))


# -- writing -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sheet:
    name: str
    table: pd.DataFrame  # columns by their internal names; headers are added on writing


def cell(value: object) -> object:
    """A value as an XLSX cell holds it: numbers as numbers, gaps empty, text defused."""
    if isinstance(value, str):
        return safe.neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))
    if value is None or pd.isna(value):
        return None
    if isinstance(value, bool):
        return value
    if pd.api.types.is_integer(value):
        return int(value)
    if pd.api.types.is_float(value):
        return float(value)
    return cell(str(value))


def _width(value: object) -> int:
    """Characters a cell needs, up to the widest column; Hangul and other wide characters
    count twice."""
    text = "" if value is None else str(value)[:MAX_WIDTH]  # a longer text is capped anyway
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def to_xlsx(sheets: Sequence[Sheet], lang: str) -> bytes:
    """The sheets as an .xlsx file: a bold, frozen header row with a filter, and each
    column as wide as its content (within bounds)."""
    book = Workbook()
    book.remove(book.active)
    for sheet in sheets:
        ws = book.create_sheet(sheet.name)
        heads = [header(c, lang) for c in sheet.table.columns]
        ws.append([cell(h) for h in heads])
        widths = [_width(h) for h in heads]
        for record in sheet.table.itertuples(index=False, name=None):
            values = [cell(v) for v in record]
            ws.append(values)
            widths = [max(w, _width(v)) for w, v in zip(widths, values, strict=True)]
        for i, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = min(
                max(width + 2, MIN_WIDTH), MAX_WIDTH
            )
        for head in ws[1]:
            head.font = Font(bold=True)
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = ws.dimensions
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def chart_workbook(rows: pd.DataFrame, lang: str) -> bytes:
    """One chart's rows: the same rows and values as its CSV download."""
    return to_xlsx([Sheet(t("workbook.sheet.chart", lang), chart_table(rows))], lang)


def dataset_workbook(data: Data, lang: str) -> bytes:
    """The whole dataset: figures, sources, and notes and caveats, one sheet each."""
    figures = figures_table(data, lang)
    return to_xlsx(
        [
            Sheet(t("workbook.sheet.figures", lang), figures),
            Sheet(t("workbook.sheet.sources", lang), sources_table(data)),
            Sheet(t("workbook.sheet.notes", lang), notes_table(data, figures, lang)),
        ],
        lang,
    )
