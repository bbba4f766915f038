"""CSV downloads that spreadsheets will not execute, and safe file names."""

from __future__ import annotations

import csv
import io

import pandas as pd
from hypothesis import example, given
from hypothesis import strategies as st

from dashboard.base.safe import LINE_BREAK, csv_bytes, filename, neutralise, starts_formula
from tests.support.hostile import TEXT as HOSTILE
from tests.support.hostile import formula_lines


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


@given(st.lists(HOSTILE, min_size=1, max_size=6))
@example(["\r="])  # pandas left the carriage return unquoted: b"c\n'\r=\n" split into ' and =
@example(["\t=1+1", " =cmd", "\u200b@SUM(A1)", "\uff1dHYPERLINK()", "a\u2028-2", "\x00+1"])
def test_no_cell_or_line_of_the_csv_starts_a_formula(cells: list[str]) -> None:
    data = csv_bytes(pd.DataFrame({"c": cells}))
    rows = read_back(data)
    assert [row["c"] for row in rows] == [neutralise(c) for c in cells]  # nothing else lost
    for row in rows:
        assert not formula_lines(row["c"]), row
    # A reader that ignores quotes and starts a row at any line break sees no formula either.
    for line in LINE_BREAK.split(data.decode("utf-8-sig"))[::2]:
        assert not starts_formula(line.lstrip('"')), line


@given(HOSTILE)
def test_neutralise_only_adds_apostrophes(text: str) -> None:
    out = neutralise(text)
    assert out.replace("'", "") == text.replace("'", "")
    assert neutralise(out) == out  # defused once is defused for good


def test_lookalikes_and_hidden_starts_are_formulas() -> None:
    for text in ["\uff1d1", "\ufe66x", "\uff0b1", "\u2212x", "\uff20A", " \t=1", "\u200b=1",
                 "\ufeff+1", "\u3000@x", "\x00-1", "\t", "\rx"]:  # fmt: skip
        assert starts_formula(text), repr(text)
    for text in ["", "abc", "1-2", "한국 = 1", "'=1", " x"]:
        assert not starts_formula(text), repr(text)


def test_csv_has_a_bom_for_korean_excel() -> None:
    assert csv_bytes(pd.DataFrame({"a": ["한국"]})).startswith(b"\xef\xbb\xbf")


@given(st.text(max_size=200))
def test_filenames_are_plain(stem: str) -> None:
    name = filename(stem, "csv")
    assert "/" not in name and "\\" not in name and not name.startswith(".")
    assert name.endswith(".csv") and len(name) <= 64
