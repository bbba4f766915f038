"""CSV downloads that spreadsheets will not execute, and safe file names."""

from __future__ import annotations

import csv
import io

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from dashboard.base.safe import FORMULA_START, csv_bytes, filename


def read_back(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_formulas_are_defused_and_negative_numbers_stay_numbers() -> None:
    frame = pd.DataFrame(
        {
            "note": ['=HYPERLINK("x")', "+1", "-cmd", "@SUM(A1)", "\tx", "ok"],
            "value": [-5.0, 1.0, 2.0, 3.0, 4.0, 5.0],
        }
    )
    rows = read_back(csv_bytes(frame))
    assert [r["note"] for r in rows] == [
        '\'=HYPERLINK("x")',
        "'+1",
        "'-cmd",
        "'@SUM(A1)",
        "'\tx",
        "ok",
    ]
    assert rows[0]["value"] == "-5.0"


@given(st.lists(st.text(max_size=20), min_size=1, max_size=10))
def test_no_text_cell_starts_a_formula(cells: list[str]) -> None:
    rows = read_back(csv_bytes(pd.DataFrame({"c": cells})))
    for row in rows:
        assert not row["c"].startswith(FORMULA_START)


def test_csv_has_a_bom_for_korean_excel() -> None:
    assert csv_bytes(pd.DataFrame({"a": ["한국"]})).startswith(b"\xef\xbb\xbf")


@given(st.text(max_size=200))
def test_filenames_are_plain(stem: str) -> None:
    name = filename(stem, "csv")
    assert "/" not in name and "\\" not in name and not name.startswith(".")
    assert name.endswith(".csv") and len(name) <= 64
