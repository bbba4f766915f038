"""The validator on the real data and on broken copies of it, one per problem class."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from dashboard import DEFAULT_DATA_DIR
from dashboard.data.dataset import read_dataset
from dashboard.outputs.validate import main
from tests.support.app import DataCopy
from tests.support.broken import CASES, cell

LINE_FORMAT = re.compile(r"^(?P<file>[\w.]+):(?P<line>\d+): (?P<column>[^:]+): (?P<message>.+)$")


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    code = main(list(args))
    return code, [line for line in capsys.readouterr().out.splitlines() if line]


def test_real_data_is_clean(capsys: pytest.CaptureFixture[str]) -> None:
    code, lines = run_cli(capsys, str(DEFAULT_DATA_DIR))
    assert code == 0, "\n".join(lines)
    assert not [p for p in read_dataset(DEFAULT_DATA_DIR).problems if p.severity == "error"]


@pytest.mark.slow  # a sweep: copies and breaks the data folder once per case
@pytest.mark.parametrize(("case", "breaker", "file", "column"), CASES, ids=[c[0] for c in CASES])
def test_each_problem_is_named_with_file_line_and_column(
    data_copy: DataCopy,
    capsys: pytest.CaptureFixture[str],
    case: str,
    breaker: Callable[[DataCopy], int],
    file: str,
    column: str,
) -> None:
    line = breaker(data_copy)
    code, lines = run_cli(capsys, str(data_copy.folder))
    assert code == 1
    parsed = [m.groupdict() for m in map(LINE_FORMAT.match, lines) if m]
    assert len(parsed) == len(lines), f"lines not in FILE:LINE: COLUMN: format: {lines}"
    assert {"file": file, "line": str(line), "column": column} in [
        {k: p[k] for k in ("file", "line", "column")} for p in parsed
    ], lines


def test_broken_row_is_left_out_and_the_rest_kept(data_copy: DataCopy) -> None:
    before = len(read_dataset(data_copy.folder).tables["compute"])
    cell("compute.csv", "value", "lots", metric="gpus_held")(data_copy)
    after = read_dataset(data_copy.folder)
    assert len(after.tables["compute"]) == before - 1
    assert len(after.tables["rankings"]) == len(read_dataset(DEFAULT_DATA_DIR).tables["rankings"])


def test_cp949_file_is_read_correctly_with_a_warning(
    data_copy: DataCopy, capsys: pytest.CaptureFixture[str]
) -> None:
    path = data_copy.path("entities.csv")
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp949"))
    code, lines = run_cli(capsys, str(data_copy.folder))
    assert code == 0, lines
    assert any(line.startswith("entities.csv:") and "CP949" in line for line in lines)
    names = set(read_dataset(data_copy.folder).tables["entities"]["name_ko"])
    assert "한국" in names


def test_bom_is_accepted_silently(data_copy: DataCopy, capsys: pytest.CaptureFixture[str]) -> None:
    path = data_copy.path("metrics.csv")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert run_cli(capsys, str(data_copy.folder)) == (0, [])


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02PNG\x00", "binary"),
        (b"id,kind\n\xff\xfe\xfa\xfb\n", "encoding"),
    ],
)
def test_unreadable_files(
    data_copy: DataCopy, capsys: pytest.CaptureFixture[str], content: bytes, code: str
) -> None:
    data_copy.path("sources.csv").write_bytes(content)
    exit_code, lines = run_cli(capsys, str(data_copy.folder))
    assert exit_code == 1
    assert any(line.startswith("sources.csv:") for line in lines), lines


def test_missing_file(data_copy: DataCopy, capsys: pytest.CaptureFixture[str]) -> None:
    data_copy.path("rankings.csv").unlink()
    code, lines = run_cli(capsys, str(data_copy.folder))
    assert code == 1
    assert "rankings.csv:0: -: required file is missing" in lines


def test_unknown_column_is_a_warning(
    data_copy: DataCopy, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [{**r, "comment": "x"} for r in data_copy.rows("companies.csv")]
    data_copy.write("companies.csv", rows, [*data_copy.header("companies.csv"), "comment"])
    code, lines = run_cli(capsys, str(data_copy.folder))
    assert code == 0
    assert lines == ["companies.csv:1: comment: unknown column, ignored ('comment')"]


def test_messages_in_korean(data_copy: DataCopy, capsys: pytest.CaptureFixture[str]) -> None:
    line = cell("compute.csv", "value", "abc", metric="gpus_held")(data_copy)
    code, lines = run_cli(capsys, str(data_copy.folder), "--lang", "ko")
    assert code == 1
    assert f"compute.csv:{line}: value: 숫자가 아닙니다" in lines[0]


def test_new_country_is_a_data_edit_only(
    data_copy: DataCopy, capsys: pytest.CaptureFixture[str]
) -> None:
    data_copy.add_country()
    assert run_cli(capsys, str(data_copy.folder)) == (0, [])


def test_a_broken_source_leaves_out_the_rows_citing_it_with_one_warning(
    data_copy: DataCopy, capsys: pytest.CaptureFixture[str]
) -> None:
    sources = data_copy.rows("sources.csv")
    index = next(i for i, s in enumerate(sources) if s["source_id"].startswith("stanford"))
    source_id = sources[index]["source_id"]
    citing = [
        r
        for f in ("compute.csv", "companies.csv", "rankings.csv", "investment.csv", "context.csv")
        for r in data_copy.rows(f)
        if r["source_id"] == source_id
    ]
    line = data_copy.set_cell("sources.csv", index, "published", "soon")
    code, lines = run_cli(capsys, str(data_copy.folder))
    assert code == 1
    warnings = [x for x in lines if "row(s) citing this id are left out" in x]
    assert any(x.startswith(f"sources.csv:{line}: published:") for x in lines)
    assert 1 <= len(warnings) <= 5, lines  # one warning per citing file, not one per row
    assert len(lines) == 1 + len(warnings), lines
    kept = read_dataset(data_copy.folder).tables
    assert not any(
        (t["source_id"] == source_id).any()
        for n, t in kept.items()
        if "source_id" in t and n != "sources"
    )
    assert citing


# -- events.csv ----------------------------------------------------------------------------

EVENT_BREAKS = [
    ("unknown_entity", "entity", "KOREA", "unknown_reference"),
    ("unknown_source", "source_id", "no_such_source", "unknown_reference"),
    ("no_such_day", "date", "2025-02-30", "not_a_date"),
    ("not_iso", "date", "22/01/2026", "bad_format"),
    ("month_only", "date", "2026-01", "bad_format"),
    ("no_korean_title", "title_ko", "", "required_empty"),
    ("no_english_title", "title_en", "", "required_empty"),
    ("label_too_long", "label_en", "A label far too long to fit", "too_long"),
]


@pytest.mark.slow  # a sweep: copies and breaks the data folder once per case
@pytest.mark.parametrize(("column", "value", "code"), [b[1:] for b in EVENT_BREAKS],
                         ids=[b[0] for b in EVENT_BREAKS])  # fmt: skip
def test_a_broken_event_is_named_and_left_out(
    data_copy: DataCopy, capsys: pytest.CaptureFixture[str], column: str, value: str, code: str
) -> None:
    before = len(data_copy.rows("events.csv"))
    line = data_copy.set_cell("events.csv", 0, column, value)
    status, lines = run_cli(capsys, str(data_copy.folder))
    assert status == 1
    assert any(x.startswith(f"events.csv:{line}: {column}: ") for x in lines), lines
    found = read_dataset(data_copy.folder)
    assert [p.code for p in found.errors if p.file == "events.csv"] == [code]
    assert len(found.tables["events"]) == before - 1  # that event only


def test_a_repeated_event_id_names_the_first_line(
    data_copy: DataCopy, capsys: pytest.CaptureFixture[str]
) -> None:
    first = data_copy.line_of("events.csv", 0)
    line = data_copy.append("events.csv", data_copy.rows("events.csv")[0])
    status, lines = run_cli(capsys, str(data_copy.folder))
    assert status == 1
    said = [x for x in lines if x.startswith(f"events.csv:{line}: event_id: ")]
    assert said and f"line {first}" in said[0], lines
    found = read_dataset(data_copy.folder)
    assert data_copy.rows("events.csv")[0]["event_id"] not in set(
        found.tables["events"]["event_id"]
    )


def test_a_folder_without_events_is_valid_with_a_warning(
    data_copy: DataCopy, capsys: pytest.CaptureFixture[str]
) -> None:
    data_copy.path("events.csv").unlink()
    status, lines = run_cli(capsys, str(data_copy.folder))
    assert status == 0 and any(x.startswith("events.csv:0: -: ") for x in lines), lines
