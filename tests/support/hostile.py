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


HOSTILE = [
    ("nonsense", "1"),
    ("lang", "fr"),
    ("lang", "<script>alert(1)</script>"),
    ("present", "yes"),
    ("present", "2"),
    ("slide", "abc"),
    ("slide", "1e309"),
    ("slide", "nan"),
    ("slide", "inf"),
    ("slide", "-1"),
    ("slide", "0"),
    ("slide", "10000000000"),
    ("slide", "2.5"),
    ("countries", "KOR,ZZZ"),
    ("countries", "../../etc/passwd"),
    ("countries", "KOR'; DROP TABLE entities;--"),
    ("countries", ""),
    ("countries", ",,,"),
    ("countries", ",".join(["KOR"] * 100)),
    ("scale", "LOG"),
    ("basis", "x" * 5000),
    ("focus", "한국"),
    ("focus", "\u202eKOR"),
    ("focus", "<img src=x onerror=alert(1)>"),
    ("lang", "\x00"),
    ("scale", "linear\nlog"),
    ("plan_basis", "per_person"),
    ("plan_basis", "TOTAL"),
]
