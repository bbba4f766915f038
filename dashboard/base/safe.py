"""Safe outputs: text that a spreadsheet will not execute, and file names that stay put.

Spreadsheets run a cell that starts with `=`, `+`, `-` or `@` as a formula, and they are
lenient about what comes first: leading spaces, tabs, other control characters and
zero-width characters are skipped, full-width and small-form lookalikes (`＝`, `﹦`, `＋`,
`－`, `＠`) are read as their ASCII forms by some, and a lone carriage return (or a Unicode
line separator) starts a new row in others. So a text is defused line by line: every line
whose first visible character is a formula character, after any such leading characters,
gets a leading apostrophe, and a line that starts with a tab or carriage return does too
(OWASP's rule). In CSV every text field is also quoted, so no reader splits it. Numbers
(negative ones included) are written as numbers, untouched.

This module does not strip or rewrite any other character: what a reader sees is the
text, with an apostrophe where one was needed.
"""

from __future__ import annotations

import csv
import re
import unicodedata

import pandas as pd

FORMULA_CHARS = frozenset("=+-@")
# Minus, hyphen and heavy plus forms that NFKC leaves alone but a spreadsheet may read.
MINUS_LOOKALIKES = frozenset("\u2212\u2010\u2011\u2012\u2013\u2014\u2015\u2795\u2796")
# Characters a spreadsheet skips before the first visible one: controls, format characters
# (zero-width space, BOM, word joiner) and every kind of space or separator.
_SKIPPED_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})
# Every sequence some spreadsheet or text editor takes as the end of a line.
LINE_BREAK = re.compile("(\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029])")
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def _is_formula_char(ch: str) -> bool:
    return unicodedata.normalize("NFKC", ch)[:1] in FORMULA_CHARS or ch in MINUS_LOOKALIKES


def starts_formula(line: str) -> bool:
    """Whether a spreadsheet could read this line (one line, no break in it) as a formula."""
    if line.startswith(("\t", "\r")):
        return True
    for ch in line:
        if unicodedata.category(ch) not in _SKIPPED_CATEGORIES:
            return _is_formula_char(ch)
    return False


def neutralise(cell: object) -> object:
    """A text with an apostrophe before every line that could start a formula; any other
    value unchanged."""
    if not isinstance(cell, str):
        return cell
    pieces = LINE_BREAK.split(cell)  # lines at even indexes, their breaks between them
    for i in range(0, len(pieces), 2):
        if starts_formula(pieces[i]):
            pieces[i] = "'" + pieces[i]
    return "".join(pieces)


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV with a byte-order mark (so Korean Excel reads Hangul), formulas defused and
    every text field quoted (pandas would leave a lone carriage return unquoted)."""
    text_cols = [c for c in frame.columns if not pd.api.types.is_numeric_dtype(frame[c])]
    safe = frame.copy()
    for col in text_cols:
        safe[col] = safe[col].map(neutralise)
    safe.columns = [neutralise(str(c)) for c in safe.columns]
    return safe.to_csv(index=False, quoting=csv.QUOTE_NONNUMERIC).encode("utf-8-sig")


def filename(stem: str, suffix: str) -> str:
    """A file name made only of safe characters, never a path."""
    clean = _UNSAFE_NAME.sub("-", stem).strip("-.") or "download"
    return f"{clean[:60]}.{suffix.lstrip('.')}"
