"""The Excel workbooks, reopened with openpyxl: sheets and headers per language, numbers
stored as numbers, no live formula even from a hostile data file, a chart's rows equal
to its CSV download, only current figures."""

from __future__ import annotations

import csv
import io
import math
import re

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from dashboard import DEFAULT_DATA_DIR
from dashboard.base import safe
from dashboard.base.i18n import t
from dashboard.charts import registry
from dashboard.data.load import load
from dashboard.outputs import workbook
from tests.support.hostile import TEXT as HOSTILE
from tests.support.hostile import formula_lines

HANGUL = re.compile("[가-힣]")
ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
SHEETS = ("figures", "sources", "notes")


@pytest.fixture(scope="module")
def data():
    return load(DEFAULT_DATA_DIR)


@pytest.fixture(scope="module")
def books(data):
    return {
        lang: openpyxl.load_workbook(io.BytesIO(workbook.dataset_workbook(data, lang)))
        for lang in ("ko", "en")
    }


def records(sheet) -> list[dict[str, object]]:
    """A sheet's rows keyed by their header."""
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def column(sheet, name: str, lang: str) -> list:
    return [r[workbook.header(name, lang)] for r in records(sheet)]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_sheets_and_headers_are_in_the_readers_language(books, lang) -> None:
    book = books[lang]
    assert book.sheetnames == [t(f"workbook.sheet.{s}", lang) for s in SHEETS]
    expected = (workbook.FIGURE_COLUMNS, workbook.SOURCE_COLUMNS, workbook.NOTE_COLUMNS)
    for sheet, columns in zip(book.worksheets, expected, strict=True):
        heads = [c.value for c in sheet[1]]
        assert heads == [workbook.header(c, lang) for c in columns]
        assert all(bool(HANGUL.search(h)) == (lang == "ko") for h in heads), heads
        assert sheet.freeze_panes == "A2"
        widths = [sheet.column_dimensions[c.column_letter].width for c in sheet[1]]
        assert all(workbook.MIN_WIDTH <= w <= workbook.MAX_WIDTH for w in widths)


def test_figures_sheet_holds_the_current_figures_as_numbers(books, data) -> None:
    sheet = books["en"].worksheets[0]
    rows = records(sheet)
    assert len(rows) == len(data.observations)
    value_col = list(workbook.FIGURE_COLUMNS).index("value") + 1
    year_col = list(workbook.FIGURE_COLUMNS).index("year") + 1
    for row in sheet.iter_rows(min_row=2):
        assert row[value_col - 1].data_type == "n" and isinstance(
            row[value_col - 1].value, int | float
        )
        assert row[year_col - 1].data_type == "n"
    shown = {
        (r["Entity ID"], r["Figure ID"], r["Year"], r["Source ID"], float(r["Value (number)"]))
        for r in rows
    }
    current = set(
        zip(
            data.observations["entity"],
            data.observations["metric"],
            data.observations["year"].astype(int),
            data.observations["source_id"],
            data.observations["value"].astype(float),
            strict=True,
        )
    )
    assert shown == current
    assert not data.superseded.empty
    for old in data.superseded.itertuples():
        key = (old.entity, old.metric, int(old.year), old.source_id, float(old.value))
        assert key not in shown, key  # a replaced figure is never among those shown


def test_sources_sheet_lists_every_cited_source_with_iso_dates(books, data) -> None:
    sheet = books["ko"].worksheets[1]
    ids = column(sheet, "source_id", "ko")
    cited = set(data.observations["source_id"]) | set(data.claims["source_id"])
    assert sorted(ids) == sorted(cited)
    for name in ("published", "accessed"):
        dates = [d for d in column(sheet, name, "ko") if d is not None]
        assert dates and all(isinstance(d, str) and ISO_DATE.match(d) for d in dates), name


def test_notes_sheet_names_the_release_claims_and_conflicts(books, data) -> None:
    lang = "en"
    notes = records(books[lang].worksheets[2])
    kinds = [n[workbook.header("kind", lang)] for n in notes]
    current = data.releases_newest_first().iloc[0]
    first = notes[0]
    assert first[workbook.header("kind", lang)] == t("workbook.kind.release", lang)
    assert current["version"] in first[workbook.header("subject", lang)]
    assert current["date"] in first[workbook.header("subject", lang)]
    assert kinds.count(t("workbook.kind.claim", lang)) == len(data.claims)
    groups = data.conflicts().groupby(["entity", "metric", "year"]).ngroups
    assert groups and kinds.count(t("workbook.kind.conflict", lang)) == groups
    with_notes = (data.observations["note"].fillna("") != "").sum()
    assert kinds.count(t("workbook.kind.figure", lang)) == with_notes
    texts = [str(n[workbook.header("text", lang)]) for n in notes]
    assert not any(text.startswith(":material/") for text in texts)  # no page icon tags


def test_korean_notes_are_the_korean_ones(books, data) -> None:
    row = data.observations[data.observations["note_ko"].fillna("") != ""].iloc[0]
    texts = {str(r[workbook.header("text", "ko")]) for r in records(books["ko"].worksheets[2])}
    assert safe.neutralise(row["note_ko"]) in texts


def no_live_formulas(book) -> None:
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for c in row:
                assert c.data_type != "f", (sheet.title, c.coordinate, c.value)
                assert not (isinstance(c.value, str) and c.value.startswith("=")), c.value


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_real_data_has_no_live_formula(books, lang) -> None:
    no_live_formulas(books[lang])


HOSTILE_NOTE = '=HYPERLINK("http://evil.example","click")'


def test_a_hostile_data_copy_gives_no_live_formula(data_copy) -> None:
    data_copy.set_cell("compute.csv", 0, "note", HOSTILE_NOTE)
    data_copy.set_cell("compute.csv", 0, "note_ko", "\x07+cmd|' /C calc'!A0")
    cited = data_copy.rows("compute.csv")[0]["source_id"]
    sources = data_copy.rows("sources.csv")
    index = next(i for i, s in enumerate(sources) if s["source_id"] == cited)
    data_copy.set_cell("sources.csv", index, "note", "@SUM(1+1)*cmd")
    data_copy.set_cell("claims.csv", 0, "text_en", "-2+3")
    hostile = load(data_copy.folder)
    for lang in ("ko", "en"):
        book = openpyxl.load_workbook(io.BytesIO(workbook.dataset_workbook(hostile, lang)))
        no_live_formulas(book)
        cells = {c for s in book.worksheets for r in s.iter_rows(values_only=True) for c in r}
        expected = {"en": [HOSTILE_NOTE, "@SUM(1+1)*cmd", "-2+3"], "ko": ["+cmd|' /C calc'!A0"]}
        for text in expected[lang]:
            assert safe.neutralise(text) in cells and text not in cells, text


@settings(deadline=None)
@given(st.lists(HOSTILE, min_size=1, max_size=5))
@example(["\r=", "\x00=1", "\uff1dcmd", "\u2028@SUM(A1)", " \t+1"])
def test_no_cell_or_line_of_a_workbook_starts_a_formula(cells: list[str]) -> None:
    rows = pd.DataFrame({"note": cells, "value": range(len(cells))})
    book = openpyxl.load_workbook(io.BytesIO(workbook.chart_workbook(rows, "en")))
    head, *rows = book.active.iter_rows(values_only=True)
    written = [row[head.index(workbook.header("note", "en"))] for row in rows]
    assert len(written) == len(cells)
    for text in written:
        assert text is None or not formula_lines(text), text


def test_cells_keep_numbers_and_defuse_text() -> None:
    assert workbook.cell("=1+1") == "'=1+1"
    assert workbook.cell("\x01=1") == "'=1"  # a control character cannot hide a formula
    assert workbook.cell("\tx") == "'\tx"
    assert workbook.cell(-5.0) == -5.0  # negative numbers are numbers, untouched
    assert type(workbook.cell(np.int64(3))) is int
    assert type(workbook.cell(np.float64(2.5))) is float
    assert workbook.cell(pd.NA) is None and workbook.cell(float("nan")) is None
    assert workbook.cell(None) is None


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("chart", ["gpu_gap", "investment_plans", "whatif_buildout"])
def test_a_charts_workbook_has_the_rows_of_its_csv(data, chart, lang) -> None:
    result = registry.build(chart, data, registry.View(lang=lang, countries=("KOR", "USA", "CHN")))
    table = workbook.chart_table(result.rows)
    assert not table.empty
    from_csv = list(csv.reader(io.StringIO(safe.csv_bytes(table).decode("utf-8-sig"))))
    book = openpyxl.load_workbook(io.BytesIO(workbook.chart_workbook(result.rows, lang)))
    assert book.sheetnames == [t("workbook.sheet.chart", lang)]
    sheet = book.active
    from_xlsx = list(sheet.iter_rows(values_only=True))
    assert list(from_xlsx[0]) == [workbook.header(c, lang) for c in from_csv[0]]
    assert len(from_xlsx) == len(from_csv)
    for xrow, crow in zip(from_xlsx[1:], from_csv[1:], strict=True):
        for name, x, c in zip(from_csv[0], xrow, crow, strict=True):
            if isinstance(x, int | float):
                assert math.isclose(x, float(c)), (name, x, c)
            elif x is None:
                assert c == "", (name, c)
            else:
                assert x == c, (name, x, c)
    numeric = [name for name in from_csv[0] if pd.api.types.is_numeric_dtype(table[name])]
    assert "value" in numeric
    for name in numeric:
        col = from_csv[0].index(name)
        assert all(r[col].data_type == "n" for r in sheet.iter_rows(min_row=2)), name
