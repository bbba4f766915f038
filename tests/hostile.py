"""Text a hostile data file or user could hand an export: formula characters and their
lookalikes, every kind of line break and the invisible characters a spreadsheet skips
before the first visible one. Shared by the CSV and XLSX property tests."""

from __future__ import annotations

from hypothesis import strategies as st

from dashboard.base.safe import LINE_BREAK, starts_formula

PIECES = [
    *"=+-@ab1 ,\"'", "\r", "\n", "\t", "\x0b", "\x0c", "\x85", "\u2028", "\u2029", "\x00",
    "\x07", "\u200b",
    "\ufeff", "\u00a0", "\u3000", "\uff1d", "\ufe66", "\uff0b", "\ufe62", "\uff0d", "\ufe63",
    "\u2212", "\uff20", "\ufe6b", "\u207a", "\u207c", "한",
]  # fmt: skip
TEXT = st.text(st.sampled_from(PIECES) | st.characters(exclude_categories=("Cs",)), max_size=12)


def formula_lines(text: str) -> list[str]:
    """The lines of a text that a spreadsheet could run as formulas (none, when safe)."""
    return [line for line in LINE_BREAK.split(text)[::2] if starts_formula(line)]
