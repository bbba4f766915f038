"""The corpus of broken data folders: each entry breaks one copy of the real data the way
a hand edit in a spreadsheet (or a disk, or a sync tool) would, and says where the
validator and the app must point: file, line, column.

Row-level entries break one cell or row (`whole_file=False`): only that row may go.
File-level entries break a whole file: an empty file, a binary file with a .csv name,
undecodable bytes, a missing file, a folder where a file should be, and a locked file
(one the process may not read). The tests in test_validate.py and test_broken_data.py
both draw on this list, so the validator and the app are held to the same corpus.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from dashboard import DEFAULT_DATA_DIR
from tests.support.app import DataCopy


def first_row(d: DataCopy, file: str, **match: str) -> int:
    rows = d.rows(file)
    return next(i for i, r in enumerate(rows) if all(r[k] == v for k, v in match.items()))


def cell(file: str, column: str, value: str, **match: str) -> Callable[[DataCopy], int]:
    def apply(d: DataCopy) -> int:
        return d.set_cell(file, first_row(d, file, **match), column, value)

    return apply


def duplicate_row(d: DataCopy) -> int:
    return d.append("compute.csv", d.rows("compute.csv")[0])


def orphan_source(d: DataCopy) -> int:
    return d.append("sources.csv", {**d.rows("sources.csv")[0], "source_id": "never_used"})


def rank_above_out_of(d: DataCopy) -> int:
    i = next(i for i, r in enumerate(d.rows("rankings.csv")) if r["out_of"])
    out_of = int(d.rows("rankings.csv")[i]["out_of"])
    return d.set_cell("rankings.csv", i, "value", str(out_of + 1))


def out_of_1e300(d: DataCopy) -> int:
    """A whole number no int64 holds: once a crash in the type conversion."""
    i = next(i for i, r in enumerate(d.rows("rankings.csv")) if r["out_of"])
    return d.set_cell("rankings.csv", i, "out_of", "1e300")


def wrong_width(d: DataCopy) -> int:
    path = d.path("companies.csv")
    path.write_text(
        path.read_text(encoding="utf-8") + "KOR,newly_funded_ai_companies,2024\n", encoding="utf-8"
    )
    return len(path.read_text(encoding="utf-8").splitlines())


def missing_column(d: DataCopy) -> int:
    header = [h for h in d.header("investment.csv") if h != "status"]
    d.write("investment.csv", d.rows("investment.csv"), header)
    return 1


def metric_in_wrong_file(d: DataCopy) -> int:
    row = {**d.rows("companies.csv")[0], "metric": "gpus_held"}
    return d.append("companies.csv", row)


def _source_kinds(d: DataCopy) -> dict[str, dict[str, str]]:
    return {r["source_id"]: r for r in d.rows("sources.csv")}


def press_rated_high(d: DataCopy) -> int:
    kinds = _source_kinds(d)
    i = next(
        i for i, r in enumerate(d.rows("compute.csv")) if kinds[r["source_id"]]["kind"] == "press"
    )
    return d.set_cell("compute.csv", i, "confidence", "high")


def _serial_row(d: DataCopy, file: str) -> int:
    """A row whose source belongs to a series (so it must name an edition)."""
    kinds = _source_kinds(d)
    return next(
        i
        for i, r in enumerate(d.rows(file))
        if kinds[r["source_id"]].get("series") and r["edition"]
    )


def edition_blank(d: DataCopy) -> int:
    return d.set_cell("rankings.csv", _serial_row(d, "rankings.csv"), "edition", "")


def edition_unlisted(d: DataCopy) -> int:
    return d.set_cell("rankings.csv", _serial_row(d, "rankings.csv"), "edition", "1999")


def _superseded_row(d: DataCopy, file: str) -> int:
    return next(i for i, r in enumerate(d.rows(file)) if r["superseded_by"])


def successor_gone(d: DataCopy) -> int:
    i = _superseded_row(d, "investment.csv")
    return d.set_cell("investment.csv", i, "superseded_by", "KOR/gpus_held/2099/nowhere")


def successor_unlinked(d: DataCopy) -> int:
    """The new row forgets which row it replaces: the old row's link is one-sided."""
    rows = d.rows("investment.csv")
    old = _superseded_row(d, "investment.csv")
    new = next(
        i
        for i, r in enumerate(rows)
        if "/".join((r["entity"], r["metric"], r["year"], r["source_id"]))
        == rows[old]["superseded_by"]
    )
    d.set_cell("investment.csv", new, "supersedes", "")
    return d.line_of("investment.csv", old)


def unlogged_supersession(d: DataCopy) -> int:
    i = _superseded_row(d, "compute.csv")
    row = d.rows("compute.csv")[i]
    key = "/".join((row["entity"], row["metric"], row["year"], row["source_id"]))
    d.write("changelog.csv", [r for r in d.rows("changelog.csv") if r["row"] != key],
            d.header("changelog.csv"))  # fmt: skip
    return d.line_of("compute.csv", i)


def unlogged_retirement(d: DataCopy) -> int:
    """A retired figure whose changelog says only that it was superseded: a retirement
    has no successor, so only a `retired` line records it."""
    i = next(n for n, r in enumerate(d.rows("compute.csv")) if r["superseded_by"] == "retired")
    row = d.rows("compute.csv")[i]
    key = "/".join((row["entity"], row["metric"], row["year"], row["source_id"]))
    kept = [
        r for r in d.rows("changelog.csv") if not (r["row"] == key and r["change"] == "retired")
    ]
    d.write("changelog.csv", kept, d.header("changelog.csv"))
    return d.line_of("compute.csv", i)


def changelog_unknown(d: DataCopy) -> int:
    return d.set_cell("changelog.csv", 0, "row", "KOR/gpus_held/2099/nowhere")


def above_the_world(d: DataCopy) -> int:
    world = next(
        r
        for r in d.rows("compute.csv")
        if r["entity"] == "WLD" and r["metric"] == "ai_compute_h100e"
    )
    i = next(
        i
        for i, r in enumerate(d.rows("compute.csv"))
        if r["entity"] == "KOR" and r["metric"] == "gpus_held" and not r["superseded_by"]
    )
    d.set_cell("compute.csv", i, "year", world["year"])
    return d.set_cell("compute.csv", i, "value", str(float(world["value"]) * 2))


# (id, break the copy -> line, file, column, severity)
CASES: list[tuple[str, Callable[[DataCopy], int], str, str]] = [
    (
        "not_a_number",
        cell("compute.csv", "value", "2,000", metric="gpus_held"),
        "compute.csv",
        "value",
    ),
    (
        "approximate_value",
        cell("compute.csv", "value", "~2000", metric="gpus_held"),
        "compute.csv",
        "value",
    ),
    ("empty_value", cell("companies.csv", "value", ""), "companies.csv", "value"),
    ("empty_status", cell("investment.csv", "status", ""), "investment.csv", "status"),
    ("year_20245", cell("rankings.csv", "year", "20245"), "rankings.csv", "year"),
    ("year_not_integer", cell("context.csv", "year", "2024.5"), "context.csv", "year"),
    ("status_not_allowed", cell("compute.csv", "status", "Actual"), "compute.csv", "status"),
    (
        "confidence_not_allowed",
        cell("companies.csv", "confidence", "very high"),
        "companies.csv",
        "confidence",
    ),
    ("topic_not_allowed", cell("metrics.csv", "topic", "talent"), "metrics.csv", "topic"),
    ("kind_not_allowed", cell("entities.csv", "kind", "nation"), "entities.csv", "kind"),
    (
        "currency_not_allowed",
        cell("investment.csv", "currency", "WON"),
        "investment.csv",
        "currency",
    ),
    ("source_kind_not_allowed", cell("sources.csv", "kind", "blog"), "sources.csv", "kind"),
    ("unknown_entity", cell("compute.csv", "entity", "KOREA"), "compute.csv", "entity"),
    ("unknown_metric", cell("rankings.csv", "metric", "tortoise_rnak"), "rankings.csv", "metric"),
    (
        "unknown_source",
        cell("investment.csv", "source_id", "no_such_source"),
        "investment.csv",
        "source_id",
    ),
    ("orphan_source", orphan_source, "sources.csv", "source_id"),
    (
        "negative_count",
        cell("compute.csv", "value", "-5", metric="gpus_held"),
        "compute.csv",
        "value",
    ),
    (
        "rank_zero",
        cell("rankings.csv", "value", "0", metric="tortoise_rank"),
        "rankings.csv",
        "value",
    ),
    ("rank_above_out_of", rank_above_out_of, "rankings.csv", "value"),
    ("integer_too_large", out_of_1e300, "rankings.csv", "out_of"),
    (
        "population_zero",
        cell("context.csv", "value", "0", metric="population"),
        "context.csv",
        "value",
    ),
    ("duplicate", duplicate_row, "compute.csv", "entity,metric,year,source_id"),
    ("row_width", wrong_width, "companies.csv", "-"),
    ("missing_column", missing_column, "investment.csv", "status"),
    ("wrong_topic", metric_in_wrong_file, "companies.csv", "metric"),
    (
        "bad_published_date",
        cell("sources.csv", "published", "2024-13-01"),
        "sources.csv",
        "published",
    ),
    ("javascript_url", cell("sources.csv", "url", "javascript:alert(1)"), "sources.csv", "url"),
    ("bad_colour", cell("entities.csv", "color", "blue"), "entities.csv", "color"),
    ("confidence_above_source", press_rated_high, "compute.csv", "confidence"),
    ("edition_missing", edition_blank, "rankings.csv", "edition"),
    ("edition_unknown", edition_unlisted, "rankings.csv", "edition"),
    ("successor_missing", successor_gone, "investment.csv", "superseded_by"),
    ("successor_not_linked", successor_unlinked, "investment.csv", "superseded_by"),
    ("changelog_missing", unlogged_supersession, "compute.csv", "superseded_by"),
    ("changelog_missing_retired", unlogged_retirement, "compute.csv", "superseded_by"),
    ("changelog_unknown_row", changelog_unknown, "changelog.csv", "row"),
    ("exceeds_world", above_the_world, "compute.csv", "value"),
    (
        "period_after_year",
        cell("investment.csv", "period_start", "2100", metric="national_ai_plan"),
        "investment.csv",
        "period_start",
    ),
]


# ---------------------------------------------------------------- whole files


def replace_with(content: bytes, file: str, line: int = 1) -> Callable[[DataCopy], int]:
    def apply(d: DataCopy) -> int:
        d.path(file).write_bytes(content)
        return line

    return apply


def remove(file: str) -> Callable[[DataCopy], int]:
    def apply(d: DataCopy) -> int:
        d.path(file).unlink()
        return 0

    return apply


def folder_instead(file: str) -> Callable[[DataCopy], int]:
    def apply(d: DataCopy) -> int:
        d.path(file).unlink()
        d.path(file).mkdir()
        return 0

    return apply


def locked(file: str) -> Callable[[DataCopy], int]:
    """Marks the file unreadable; `Broken.locked` tells the test to make reads of it fail
    with a permission error (tests run as root, where chmod 000 does not stop a read)."""

    def apply(d: DataCopy) -> int:
        d.path(file).chmod(0)
        return 0

    return apply


def apply(case: Broken, d: DataCopy, monkeypatch) -> int:
    """Break the copy as `case` says and return the line to be named. A locked file is
    one whose reads fail with a permission error (tests run as root, where chmod 000
    does not stop a read), for bytes and text alike."""
    line = case.breaker(d)
    if case.locked:
        target = d.path(case.file)

        def refuse(reader):
            def read(self: Path, *args, **kwargs):
                if self == target:
                    raise PermissionError(13, "Permission denied", str(self))
                return reader(self, *args, **kwargs)

            return read

        monkeypatch.setattr(Path, "read_bytes", refuse(Path.read_bytes))
        monkeypatch.setattr(Path, "read_text", refuse(Path.read_text))
    return line


@dataclass(frozen=True)
class Broken:
    id: str
    breaker: Callable[[DataCopy], int]  # breaks the copy, returns the line to be named
    file: str
    column: str
    whole_file: bool = False
    locked: bool = False


FILE_CASES = [
    Broken("empty_file", replace_with(b"", "investment.csv"), "investment.csv", "-", True),
    Broken(
        "binary_file",
        replace_with(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00", "rankings.csv"),
        "rankings.csv",
        "-",
        True,
    ),
    Broken(
        "undecodable_bytes",
        replace_with(b"id,kind\n\xff\xfe\xfa\xfb\n", "companies.csv", line=2),
        "companies.csv",
        "-",
        True,
    ),
    Broken("missing_file", remove("compute.csv"), "compute.csv", "-", True),
    Broken("missing_sources", remove("sources.csv"), "sources.csv", "-", True),
    Broken("folder_not_file", folder_instead("context.csv"), "context.csv", "-", True),
    Broken(
        "descriptor_syntax",
        replace_with(b'{\n  "name": "ai",\n  oops\n}\n', "datapackage.json", line=3),
        "datapackage.json",
        "-",
        True,
    ),
    Broken(
        "descriptor_not_a_package",
        replace_with(b'{"resources": {"compute": 1}}', "datapackage.json"),
        "datapackage.json",
        "-",
        True,
    ),
    Broken("locked_file", locked("companies.csv"), "companies.csv", "-", True, locked=True),
]

# A header without a required column leaves its file out whole, like an unreadable file.
WHOLE_FILE = {"missing_column"}
CORPUS = [
    Broken(case, breaker, file, column, whole_file=case in WHOLE_FILE)
    for case, breaker, file, column in CASES
] + FILE_CASES


# ---------------------------------------------------------------- every file x every break
#
# The matrix is generated from the real data folder's own file list, so a file added to
# data/ later is broken in every way without touching the tests. Documentation (*.md)
# is not data: the app never reads it.

BREAKS = (
    "missing",
    "empty",
    "header_only",
    "binary",
    "undecodable",
    "locked",
    "folder",
    "column_missing",
)
BINARY = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10"
UNDECODABLE = b"\xff\xfe\xfa\xfb\xc3\x28\n"


def data_files(folder: Path = DEFAULT_DATA_DIR) -> list[str]:
    """Every file of the data folder that the app reads (all but documentation)."""
    return sorted(p.name for p in folder.iterdir() if p.is_file() and p.suffix != ".md")


def _required_column(d: DataCopy, file: str) -> str:
    """The first column the descriptor marks required for this file."""
    descriptor = json.loads(d.path("datapackage.json").read_text(encoding="utf-8"))
    resource = next(r for r in descriptor["resources"] if r["path"] == file)
    return next(
        f["name"] for f in resource["schema"]["fields"] if f.get("constraints", {}).get("required")
    )


def _header_only(d: DataCopy, file: str) -> int:
    path = d.path(file)
    if file.endswith(".csv"):
        path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
        return 0
    if file.endswith(".json"):
        path.write_text("{}\n", encoding="utf-8")
        return 0
    # YAML: the top-level keys are kept, the entries are gone
    path.write_text("version: 1\nslides: []\n", encoding="utf-8")
    return 2


def _column_missing(d: DataCopy, file: str) -> int:
    """A required column (CSV), a resource's path (datapackage.json) or a slide's chart
    (story.yaml) deleted, as a hand edit would."""
    path = d.path(file)
    if file.endswith(".csv"):
        column = _required_column(d, file)
        header = [h for h in d.header(file) if h != column]
        d.write(file, d.rows(file), header)
        return 1
    if file.endswith(".json"):
        descriptor = json.loads(path.read_text(encoding="utf-8"))
        del descriptor["resources"][0]["path"]
        path.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
        return 1
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    first = next(i for i, line in enumerate(lines) if line.strip().startswith("chart:"))
    del lines[first]
    path.write_text("".join(lines), encoding="utf-8")
    return first  # the slide starts on the line before the deleted one (1-based: first)


def file_break(file: str, kind: str) -> Broken:
    """One file of the data folder broken one way."""
    breakers: dict[str, Callable[[DataCopy], int]] = {
        "missing": remove(file),
        "empty": replace_with(b"", file),
        "header_only": lambda d: _header_only(d, file),
        "binary": replace_with(BINARY, file),
        "undecodable": replace_with(UNDECODABLE, file),
        "locked": locked(file),
        "folder": folder_instead(file),
        "column_missing": lambda d: _column_missing(d, file),
    }
    return Broken(f"{file}:{kind}", breakers[kind], file, "-", True, locked=kind == "locked")


MATRIX = [file_break(file, kind) for file in data_files() for kind in BREAKS]
