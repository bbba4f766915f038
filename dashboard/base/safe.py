"""Safe outputs: CSV that a spreadsheet will not execute, and file names that stay put.

Spreadsheets run a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return
as a formula. Text cells that start so get a leading apostrophe; numbers (negative ones
included) are written as numbers, untouched.
"""

from __future__ import annotations

import re

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def neutralise(cell: object) -> object:
    if isinstance(cell, str) and cell.startswith(FORMULA_START):
        return "'" + cell
    return cell


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV with a byte-order mark (so Korean Excel reads Hangul), formulas defused."""
    text_cols = [c for c in frame.columns if not pd.api.types.is_numeric_dtype(frame[c])]
    safe = frame.copy()
    for col in text_cols:
        safe[col] = safe[col].map(neutralise)
    return safe.to_csv(index=False).encode("utf-8-sig")


def filename(stem: str, suffix: str) -> str:
    """A file name made only of safe characters, never a path."""
    clean = _UNSAFE_NAME.sub("-", stem).strip("-.") or "download"
    return f"{clean[:60]}.{suffix.lstrip('.')}"
