"""Reading the data folder's files: the descriptor (the shipped one when the folder's is
missing or broken), and each CSV decoded (UTF-8, or Korean Excel's CP949 with a
warning) into its header, rows and line numbers. A file that cannot be read is named
in a problem and left out."""

from __future__ import annotations

import csv
import io
import json
from operator import itemgetter
from pathlib import Path

from dashboard import DEFAULT_DATA_DIR
from dashboard.data.domain import (
    DESCRIPTOR,
)
from dashboard.data.problems import Collector

MAX_EXACT_INTEGER = 2**53  # larger whole numbers are not held exactly (nor as int64)
TRUE_VALUES = {"true", "True", "TRUE", "1"}
FALSE_VALUES = {"false", "False", "FALSE", "0"}
# Korean Excel saves "CSV" as CP949 (a superset of EUC-KR); we can read it, with a warning.
LEGACY_KOREAN_ENCODING = "cp949"


def decode(raw: bytes, name: str, out: Collector) -> str | None:
    if not raw.strip():
        out.add("error", name, 1, "-", "file_empty")
        return None
    if b"\x00" in raw[:8192]:
        out.add("error", name, 1, "-", "file_binary")
        return None
    try:
        return raw.decode("utf-8-sig")  # with or without a byte-order mark
    except UnicodeDecodeError as exc:
        bad_line = raw[: exc.start].count(b"\n") + 1
    try:
        text = raw.decode(LEGACY_KOREAN_ENCODING)
    except UnicodeDecodeError:
        out.add("error", name, bad_line, "-", "encoding_unknown")
        return None
    out.add("warning", name, bad_line, "-", "encoding_cp949")
    return text


def read_rows(
    path: Path, name: str, out: Collector, *, optional: str = ""
) -> tuple[list[str], list[list[str]], list[int]] | None:
    """Header, data rows and each row's first line number; None when unreadable. A
    missing file is an error unless its resource is marked optional in the descriptor;
    then `optional` is the warning's code (the scenario assumptions name their own)."""
    if not path.exists():
        if optional:
            out.add("warning", name, 0, "-", optional)
        else:
            out.add("error", name, 0, "-", "file_missing")
        return None
    try:
        raw = path.read_bytes()
    except OSError as exc:
        out.add("error", name, 0, "-", "file_unreadable", exc.strerror or type(exc).__name__)
        return None
    text = decode(raw, name, out)
    if text is None:
        return None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
        first = reader.line_num + 1
        rows: list[list[str]] = list(reader)
    except csv.Error as exc:
        out.add("error", name, reader.line_num, "-", "csv_syntax", str(exc))
        return None
    if reader.line_num == first - 1 + len(rows):
        # Every record took exactly one line: record i starts on line `first + i`.
        lines = list(range(first, first + len(rows)))
    else:  # some quoted cell spans lines: read again, noting where each record starts
        reader = csv.reader(io.StringIO(text, newline=""))
        next(reader)
        lines = []
        for _ in reader:
            lines.append(first)
            first = reader.line_num + 1
    # Blank rows (no cell with anything but whitespace) are spreadsheet noise. A filled
    # first cell settles it for almost every row without joining the whole row.
    if 0 not in set(map(len, rows)) and all(map(str.strip, map(itemgetter(0), rows))):
        blank = []  # every row has a filled first cell: none is blank
    else:
        blank = [
            i
            for i, row in enumerate(rows)
            if not (row and row[0].strip()) and not "".join(row).strip()
        ]
    if blank:
        dropped = set(blank)
        rows = [row for i, row in enumerate(rows) if i not in dropped]
        lines = [line for i, line in enumerate(lines) if i not in dropped]
    if not rows:  # a header alone: every figure of the file is gone (a bad save, a sync)
        out.add("warning" if optional else "error", name, 1, "-", "file_no_rows")
    return header, rows, lines


def is_package(descriptor: object) -> bool:
    """The shape the checks rely on: resources, each with a name, a path and fields."""
    resources = descriptor.get("resources") if isinstance(descriptor, dict) else None
    return isinstance(resources, list) and all(
        isinstance(r, dict)
        and isinstance(r.get("name"), str)
        and isinstance(r.get("path"), str)
        and isinstance(r.get("schema"), dict)
        and isinstance(r["schema"].get("fields"), list)
        and all(
            isinstance(f, dict) and isinstance(f.get("name"), str) for f in r["schema"]["fields"]
        )
        for r in resources
    )


def load_descriptor(folder: Path, out: Collector) -> dict:
    """The folder's datapackage.json; the shipped one when it is missing or broken."""
    path = folder / DESCRIPTOR
    shipped = json.loads((DEFAULT_DATA_DIR / DESCRIPTOR).read_text(encoding="utf-8"))
    try:
        text = decode(path.read_bytes(), DESCRIPTOR, out)
        if text is None:
            return shipped
        descriptor = json.loads(text)
    except FileNotFoundError:
        out.add("error", DESCRIPTOR, 0, "-", "file_missing")
        return shipped
    except OSError as exc:
        out.add("error", DESCRIPTOR, 0, "-", "file_unreadable", exc.strerror or type(exc).__name__)
        return shipped
    except json.JSONDecodeError as exc:
        out.add("error", DESCRIPTOR, exc.lineno, "-", "json_syntax", exc.msg)
        return shipped
    if not is_package(descriptor):
        out.add("error", DESCRIPTOR, 1, "-", "not_a_package")
        return shipped
    # The app is built on the shipped resources: one the folder leaves out is read as
    # the shipped descriptor declares it, and named, rather than silently not read.
    declared = {r["name"] for r in descriptor["resources"]}
    for resource in shipped["resources"]:
        if resource["name"] not in declared and not resource.get("optional"):
            out.add("error", DESCRIPTOR, 1, "resources", "resource_undeclared", resource["name"])
            descriptor["resources"].append(resource)
    return descriptor
