"""Read and check the data folder: one set of checks for the validator and the app.

`read_dataset(folder)` reads every file `datapackage.json` declares, checks it against
the descriptor (columns, types, allowed values, patterns, bounds, keys, references) and
against the rules the descriptor cannot express (a metric's topic matches its file, a
rank lies within out_of, no orphan source, a scenario assumption's default lies within
its slider's bounds, ...), and returns the rows that passed as
typed tables together with every problem found, as data.

It never raises on bad data and never repairs a figure: a row with an error is left out
of the tables (and named in a problem), a file that cannot be read is left out whole,
and everything intact is still returned. It does not join tables for display; that is
`dashboard.load`.
"""

from __future__ import annotations

import csv
import io
import json
import os
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Literal

import pandas as pd

from dashboard import DEFAULT_DATA_DIR
from dashboard.base.i18n import t

DESCRIPTOR = "datapackage.json"
MAX_EXACT_INTEGER = 2**53  # larger whole numbers are not held exactly (nor as int64)
LINE = "_line"  # column holding each row's line number in its file
Severity = Literal["error", "warning"]
TRUE_VALUES = {"true", "True", "TRUE", "1"}
FALSE_VALUES = {"false", "False", "FALSE", "0"}
DESIGN_CHOICE = "design"  # an assumption's confidence when it is a choice, not a figure
# Korean Excel saves "CSV" as CP949 (a superset of EUC-KR); we can read it, with a warning.
LEGACY_KOREAN_ENCODING = "cp949"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data, located to a file, line and column.

    `code` names the kind of problem; its text, in either language, is the strings
    entry `problem.<code>`, filled from `params`.
    """

    severity: Severity
    file: str
    line: int
    column: str
    code: str
    value: str = ""
    params: tuple[tuple[str, str], ...] = ()

    def message(self, lang: str = "en") -> str:
        # A code is a key under `problem.`; a dotted code is a whole strings key.
        key = self.code if "." in self.code else f"problem.{self.code}"
        return t(key, lang, **dict(self.params))

    def format(self, lang: str = "en") -> str:
        text = f"{self.file}:{self.line}: {self.column}: {self.message(lang)}"
        return f"{text} ({self.value!r})" if self.value != "" else text


@dataclass
class Dataset:
    """The rows that passed every check, by resource name, and the problems found."""

    folder: Path
    descriptor: dict
    tables: dict[str, pd.DataFrame]
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


class _Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(
        self,
        severity: Severity,
        file: str,
        line: int,
        column: str,
        code: str,
        value: object = "",
        **params: object,
    ) -> None:
        shown = "" if value is None else str(value)
        if len(shown) > 80:  # keep messages readable; the location finds the rest
            shown = shown[:77] + "..."
        self.problems.append(
            Problem(
                severity,
                file,
                line,
                column,
                code,
                shown,
                tuple((k, str(v)) for k, v in params.items()),
            )
        )


# ---------------------------------------------------------------- reading a file


def _decode(raw: bytes, name: str, out: _Collector) -> str | None:
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


def _read_rows(
    path: Path, name: str, out: _Collector, *, optional: str = ""
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
    text = _decode(raw, name, out)
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


# ---------------------------------------------------------------- checking a table


def _check_header(header: list[str], fields: list[dict], name: str, out: _Collector) -> bool:
    declared = [f["name"] for f in fields]
    seen: set[str] = set()
    for col in header:
        if col in seen:
            out.add("error", name, 1, col, "column_duplicate", col)
        seen.add(col)
    ok = len(seen) == len(header)
    for f in fields:
        if f["name"] not in seen:
            required = f.get("constraints", {}).get("required", False)
            out.add(
                "error" if required else "warning",
                name,
                1,
                f["name"],
                "column_missing" if required else "column_missing_optional",
            )
            ok = ok and not required
    for col in header:
        if col and col not in declared:
            out.add("warning", name, 1, col, "column_unknown", col)
    return ok


def _to_float(text: pd.Series) -> pd.Series:
    """`pd.to_numeric(text, errors="coerce")` as float64, converting each distinct
    string once: columns such as year repeat a few values over many rows."""
    codes, uniques = pd.factorize(text, use_na_sentinel=False)
    numbers = pd.to_numeric(pd.Series(uniques), errors="coerce").astype("float64")
    return pd.Series(numbers.to_numpy()[codes], index=text.index, dtype="float64")


def _typed_column(
    raw: pd.Series, spec: dict, name: str, lines: pd.Series, out: _Collector, skip: pd.Series
) -> tuple[pd.Series, pd.Series]:
    """The column converted to its declared type, and a mask of rows in error. Rows in
    `skip` are in error already (a row of the wrong width): their shifted cells would
    only add misleading messages, so none is reported for them."""
    col = spec["name"]
    cons = spec.get("constraints", {})
    empty = raw == ""
    bad = pd.Series(False, index=raw.index)

    def flag(mask: pd.Series, code: str, **params: object) -> None:
        mask = mask & ~skip
        for idx in mask[mask].index:
            out.add("error", name, int(lines[idx]), col, code, raw[idx], **params)

    if cons.get("required"):
        flag(empty, "required_empty")
        bad |= empty

    kind = spec.get("type", "string")
    if kind in ("number", "integer"):
        values = _to_float(raw.where(~empty))
        not_number = values.isna() & ~empty
        flag(not_number, "not_a_number" if kind == "number" else "not_an_integer")
        bad |= not_number
        if kind == "integer":
            fractional = values.notna() & (values % 1 != 0)
            flag(fractional, "not_an_integer")
            bad |= fractional
            huge = (values.abs() > MAX_EXACT_INTEGER) & ~bad  # 1e300 is whole; no count is
            flag(huge, "integer_too_large", maximum=MAX_EXACT_INTEGER)
            bad |= huge
        infinite = values.abs() == float("inf")
        flag(infinite, "not_a_number")
        bad |= infinite
        if "minimum" in cons:
            low = values < cons["minimum"]
            flag(low, "below_minimum", minimum=cons["minimum"])
            bad |= low
        if "maximum" in cons:
            high = values > cons["maximum"]
            flag(high, "above_maximum", maximum=cons["maximum"])
            bad |= high
        typed = values.where(~bad).astype("Int64" if kind == "integer" else "float64")
        return typed, bad

    if kind == "boolean":
        is_true = raw.isin(TRUE_VALUES)
        not_bool = ~(is_true | raw.isin(FALSE_VALUES) | empty)
        flag(not_bool, "not_a_boolean")
        return is_true, bad | not_bool

    if "enum" in cons:
        outside = ~raw.isin(cons["enum"]) & ~empty
        flag(outside, "not_allowed", allowed=", ".join(cons["enum"]))
        bad |= outside
    if "pattern" in cons:
        mismatch = ~raw.str.fullmatch(cons["pattern"]) & ~empty
        flag(mismatch, "bad_format", pattern=spec.get("description", cons["pattern"]))
        bad |= mismatch
    if "maxLength" in cons:  # a label drawn on a chart must fit beside the others
        long = raw.str.len() > cons["maxLength"]
        flag(long, "too_long", maximum=cons["maxLength"])
        bad |= long
    return raw, bad


def _check_table(
    resource: dict, header: list[str], rows: list[list[str]], lines: list[int], out: _Collector
) -> pd.DataFrame:
    name = resource["path"]
    fields = resource["schema"]["fields"]
    width = len(header)
    line_numbers = pd.Series(lines, dtype="int64")
    wrong_width = (
        [i for i, n in enumerate(map(len, rows)) if n != width]
        if set(map(len, rows)) - {width}
        else []
    )
    fitted = list(rows)
    for i in wrong_width:
        out.add("error", name, lines[i], "-", "row_width", len(rows[i]), expected=width)
        # Pad or cut so the frame can be built; rows of the wrong width are dropped below.
        fitted[i] = (rows[i] + [""] * width)[:width]
    frame = (
        pd.DataFrame(fitted, columns=header, dtype="str")
        if fitted
        else pd.DataFrame({h: pd.Series(dtype="str") for h in header})
    )
    frame = frame.loc[:, ~frame.columns.duplicated()]
    bad = pd.Series(False, index=frame.index)
    bad[wrong_width] = True
    misfit = bad.copy()
    typed = pd.DataFrame(index=frame.index)
    for spec in fields:
        raw = (
            frame[spec["name"]].str.strip()
            if spec["name"] in frame
            else pd.Series("", index=frame.index, dtype="str")
        )
        typed[spec["name"]], col_bad = _typed_column(raw, spec, name, line_numbers, out, misfit)
        bad |= col_bad
    typed[LINE] = line_numbers

    key = resource["schema"].get("primaryKey")
    # One id column: "same id"; several: the observation files' entity, metric, year, source.
    duplicate = "duplicate_id" if key and len(key) == 1 else "duplicate_key"
    if key:
        dup = typed.duplicated(subset=key, keep=False) & ~bad
        first_line: dict[tuple, int] = {}
        for idx in dup[dup].index:
            k = tuple(typed.loc[idx, key])
            if k in first_line:
                out.add(
                    "error",
                    name,
                    int(typed.at[idx, LINE]),
                    ",".join(key),
                    duplicate,
                    " / ".join(map(str, k)),
                    first=first_line[k],
                )
            else:
                first_line[k] = int(typed.at[idx, LINE])
        bad |= dup  # two rows claiming the same key: neither is shown, both are named
    typed["_bad"] = bad
    return typed


# ---------------------------------------------------------------- rules across files


def _check_references(descriptor: dict, frames: dict[str, pd.DataFrame], out: _Collector) -> None:
    """Every id a row refers to exists. A row that refers to a row with an error of its
    own is left out too, with one warning per id rather than an error per row."""
    by_name = {r["name"]: r for r in descriptor["resources"]}
    for res in descriptor["resources"]:
        frame = frames.get(res["name"])
        if frame is None:
            continue
        for fk in res["schema"].get("foreignKeys", []):
            col, target = fk["fields"], fk["reference"]
            target_frame = frames.get(target["resource"])
            if target_frame is None or col not in frame:
                continue  # the missing file is reported already; every row would repeat it
            target_file = by_name[target["resource"]]["path"]
            ids = target_frame[target["fields"]]
            broken = set(ids[target_frame["_bad"]]) - set(ids[~target_frame["_bad"]])
            values = frame[col]
            live = (values != "") & ~frame["_bad"]
            unknown = live & ~values.isin(set(ids))
            for idx in unknown[unknown].index:
                out.add(
                    "error",
                    res["path"],
                    int(frame.at[idx, LINE]),
                    col,
                    "unknown_reference",
                    values[idx],
                    target=target_file,
                )
            cites_broken = live & values.isin(broken)
            for value, rows in frame[cites_broken].groupby(col):
                out.add(
                    "warning",
                    res["path"],
                    int(rows[LINE].iloc[0]),
                    col,
                    "reference_has_error",
                    value,
                    n=len(rows),
                    target=target_file,
                )
            frame["_bad"] |= unknown | cites_broken


def _flag_rows(
    frame: pd.DataFrame,
    mask: pd.Series,
    where: str,
    column: str,
    code: str,
    out: _Collector,
    **params: object,
) -> None:
    mask = mask & ~frame["_bad"]
    for idx in mask[mask].index:
        out.add(
            "error",
            where,
            int(frame.at[idx, LINE]),
            column,
            code,
            frame.at[idx, column] if column in frame else "",
            **params,
        )
    frame["_bad"] |= mask


def _check_rules(descriptor: dict, frames: dict[str, pd.DataFrame], out: _Collector) -> None:
    metrics = frames.get("metrics")
    entities = frames.get("entities")
    if entities is not None:
        ok = ~entities["_bad"]
        is_country = entities["kind"] == "country"
        _flag_rows(
            entities,
            ok & is_country & (entities["country"] != entities["id"]),
            "entities.csv",
            "country",
            "country_not_self",
            out,
        )
        known = set(entities.loc[ok, "id"])
        _flag_rows(
            entities,
            ok & ~is_country & (entities["kind"] == "company") & ~entities["country"].isin(known),
            "entities.csv",
            "country",
            "unknown_reference",
            out,
            target="entities.csv",
        )

    used_sources: set[str] = set()
    # A file that could not be read may cite any source: orphans are known only when every
    # citing file was read (otherwise one unreadable file would flag half the sources).
    every_citing_file_read = True
    for res in descriptor["resources"]:
        frame = frames.get(res["name"])
        if frame is None:
            cites = any(
                fk["reference"]["resource"] == "sources"
                for fk in res["schema"].get("foreignKeys", [])
            )
            every_citing_file_read &= not cites
            continue
        for fk in res["schema"].get("foreignKeys", []):
            if fk["reference"]["resource"] == "sources" and fk["fields"] in frame:
                used_sources |= set(frame[fk["fields"]].unique())
                # a file emptied to its header cited sources too, but which is unknown
                every_citing_file_read &= not frame.empty
        if "topic" not in res or metrics is None:
            continue
        file = res["path"]
        info = metrics.loc[~metrics["_bad"]].set_index("metric")
        topic = frame["metric"].map(info["topic"])
        unit = frame["metric"].map(info["unit"])
        _flag_rows(
            frame,
            topic.notna() & (topic != res["topic"]),
            file,
            "metric",
            "wrong_topic",
            out,
            topic=res["topic"],
        )
        value = frame["value"]
        ranked = unit.isin(["rank", "tier"])
        _flag_rows(frame, ranked & (value < 1), file, "value", "rank_below_one", out)
        if "out_of" in frame:
            _flag_rows(
                frame,
                ranked & frame["out_of"].notna() & (value > frame["out_of"]),
                file,
                "value",
                "rank_above_out_of",
                out,
            )
        _flag_rows(
            frame, (unit == "percent") & (value > 100), file, "value", "percent_above_100", out
        )
        _flag_rows(
            frame, (res["topic"] == "context") & (value <= 0), file, "value", "not_positive", out
        )
        if "currency" in frame:
            _flag_rows(
                frame,
                unit.isin(["currency_bn", "per_usd"]) & (frame["currency"] == ""),
                file,
                "currency",
                "currency_missing",
                out,
            )
        _flag_rows(
            frame,
            frame["period_start"].notna() & (frame["period_start"] > frame["year"]),
            file,
            "period_start",
            "period_after_year",
            out,
        )

    assumptions = frames.get("assumptions")
    if assumptions is not None:
        file = next(r["path"] for r in descriptor["resources"] if r["name"] == "assumptions")
        _check_assumptions(assumptions, file, out)

    events = frames.get("events")
    if events is not None:  # the pattern lets 2025-02-30 through; the calendar does not
        day = pd.to_datetime(events["date"], format="%Y-%m-%d", errors="coerce")
        file = next(r["path"] for r in descriptor["resources"] if r["name"] == "events")
        _flag_rows(events, day.isna(), file, "date", "not_a_date", out)

    sources = frames.get("sources")
    if sources is not None and every_citing_file_read:
        orphan = ~sources["source_id"].isin(used_sources)
        for idx in orphan[orphan & ~sources["_bad"]].index:
            out.add(
                "error",
                "sources.csv",
                int(sources.at[idx, LINE]),
                "source_id",
                "orphan_source",
                sources.at[idx, "source_id"],
            )


# ---------------------------------------------------------------- provenance

WORLD = "WLD"  # the entity whose compute bounds every country's
RETIRED = "retired"  # a figure's `superseded_by` when it is withdrawn with no successor
PRESS_KINDS = ("press", "article")  # a figure from these is at most `medium` confidence
STOCK_UNITS = ("gpu", "h100e")  # compute stocks, bounded by the world's
WORLD_COMPUTE = "ai_compute_h100e"


def row_key(frame: pd.DataFrame) -> pd.Series:
    """Each figure's name, ENTITY/metric/YEAR/source_id: how supersession and the
    changelog refer to a row."""
    year = frame["year"].astype("Int64").astype("string")
    return frame["entity"] + "/" + frame["metric"] + "/" + year + "/" + frame["source_id"]


def _observation_frames(descriptor: dict, frames: dict[str, pd.DataFrame]):
    for res in descriptor["resources"]:
        frame = frames.get(res["name"])
        if "topic" in res and frame is not None:
            yield res["path"], frame


def _check_confidence(descriptor, frames, out: _Collector) -> None:
    """A figure taken from a press report (or one of the seed articles) is at most
    `medium`: the report relays a source it does not show."""
    sources = frames.get("sources")
    if sources is None:
        return
    kind = dict(zip(sources["source_id"], sources["kind"], strict=True))
    for file, frame in _observation_frames(descriptor, frames):
        pressed = frame["source_id"].map(kind).isin(PRESS_KINDS) & (frame["confidence"] == "high")
        _flag_rows(frame, pressed, file, "confidence", "confidence_above_source", out)


def _check_editions(descriptor, frames, out: _Collector) -> None:
    """A figure whose source belongs to a series (an index, a yearly report) names an
    edition of that series that editions.csv lists."""
    sources, editions = frames.get("sources"), frames.get("editions")
    if sources is None or "series" not in sources:
        return
    series = dict(zip(sources["source_id"], sources["series"], strict=True))
    known = (
        set(zip(editions["series"], editions["edition"], strict=True))
        if editions is not None
        else None
    )
    for file, frame in _observation_frames(descriptor, frames):
        of = pd.Series([series.get(s, "") for s in frame["source_id"]], index=frame.index)
        edition = frame["edition"] if "edition" in frame else pd.Series("", index=frame.index)
        missing = (of != "") & (edition == "")
        _flag_rows(frame, missing, file, "edition", "edition_missing", out)
        if known is not None:
            unknown = (of != "") & (edition != "")
            unknown &= ~pd.Series(
                [(a, b) in known for a, b in zip(of, edition, strict=True)], index=frame.index
            )
            _flag_rows(frame, unknown, file, "edition", "edition_unknown", out)


def _check_supersession(descriptor, frames, out: _Collector) -> None:
    """A corrected or superseded figure names its successor in the same file, the
    successor names it back, and the changelog says what happened; a retired figure has
    no successor and a `retired` changelog line; every changelog line names a row that
    exists."""
    log = frames.get("changelog")
    logged: dict[tuple[str, str], set[str]] = {}
    if log is not None:
        for file, row, change in zip(log["file"], log["row"], log["change"], strict=True):
            logged.setdefault((file, row), set()).add(change)
    keys_by_file: dict[str, set[str]] = {}
    for file, frame in _observation_frames(descriptor, frames):
        if "superseded_by" not in frame:
            continue
        key = row_key(frame)
        keys_by_file[file] = set(key)
        successor_of = dict(zip(key, frame["superseded_by"], strict=True))
        replaces = {
            k: set(filter(None, str(v).split(";")))
            for k, v in zip(key, frame["supersedes"], strict=True)
        }
        old = frame["superseded_by"] != ""
        retired = frame["superseded_by"] == RETIRED
        lost = old & ~retired & ~frame["superseded_by"].isin(keys_by_file[file])
        _flag_rows(frame, lost, file, "superseded_by", "successor_missing", out)
        unlinked = old & ~retired & ~lost
        unlinked &= pd.Series(
            [
                k not in replaces.get(s, set())
                for k, s in zip(key, frame["superseded_by"], strict=True)
            ],
            index=frame.index,
        )
        _flag_rows(frame, unlinked, file, "superseded_by", "successor_not_linked", out)
        claims_old = pd.Series(
            [any(successor_of.get(o) != k for o in replaces[k]) for k in key], index=frame.index
        )
        _flag_rows(frame, claims_old, file, "supersedes", "predecessor_not_linked", out)
        if log is not None:
            wanted = [{RETIRED} if r else {"corrected", "superseded"} for r in retired]
            unlogged = old & pd.Series(
                [not logged.get((file, k), set()) & w for k, w in zip(key, wanted, strict=True)],
                index=frame.index,
            )
            _flag_rows(frame, unlogged, file, "superseded_by", "changelog_missing", out)
    if log is None:
        return
    for idx in log.index[~log["_bad"]]:
        file, row, change = log.at[idx, "file"], log.at[idx, "row"], log.at[idx, "change"]
        if file not in keys_by_file:
            continue  # a file that could not be read: its rows are not known
        frame = frames[next(r["name"] for r in descriptor["resources"] if r["path"] == file)]
        if row not in keys_by_file[file]:
            fault = "changelog_unknown_row"
        elif change != "added" and (frame.loc[row_key(frame) == row, "superseded_by"] == "").all():
            fault = "no_successor"
        else:
            continue
        out.add("error", "changelog.csv", int(log.at[idx, LINE]), "row", fault, row, target=file)
        log.at[idx, "_bad"] = True


def _check_presets(descriptor, frames, out: _Collector) -> None:
    """A what-if preset step names a current GPU figure of compute.csv (a superseded one
    would put a replaced number into a scenario), and every step of a preset carries the
    same name."""
    presets, compute, metrics = (frames.get(n) for n in ("presets", "compute", "metrics"))
    if presets is None or compute is None or metrics is None:
        return
    file = next(r["path"] for r in descriptor["resources"] if r["name"] == "presets")
    target = next(r["path"] for r in descriptor["resources"] if r["name"] == "compute")
    good = compute[~compute["_bad"]]
    current = set(row_key(good[good["superseded_by"] == ""]))
    replaced = set(row_key(good[good["superseded_by"] != ""]))
    gpu_metrics = set(metrics.loc[metrics["unit"] == "gpu", "metric"])
    metric = presets["row"].str.split("/").str[1]
    _flag_rows(presets, presets["row"].isin(replaced), file, "row", "preset_row_superseded", out)
    unknown = ~presets["row"].isin(current | replaced)
    _flag_rows(presets, unknown, file, "row", "changelog_unknown_row", out, target=target)
    _flag_rows(presets, ~metric.isin(gpu_metrics), file, "row", "preset_not_gpus", out)
    for column in ("label_en", "label_ko"):
        first = presets.groupby("preset")[column].transform("first")
        _flag_rows(presets, presets[column] != first, file, column, "preset_label_differs", out)


def _check_world_bound(descriptor, frames, out: _Collector) -> None:
    """No country holds more compute than the whole world in the same year."""
    world: dict[int, float] = {}
    for _, frame in _observation_frames(descriptor, frames):
        mine = frame[
            (frame["entity"] == WORLD) & (frame["metric"] == WORLD_COMPUTE) & ~frame["_bad"]
        ]
        for year, value in zip(mine["year"], mine["value"], strict=True):
            world[int(year)] = max(world.get(int(year), 0.0), float(value))
    metrics, entities = frames.get("metrics"), frames.get("entities")
    if not world or metrics is None or entities is None:
        return
    unit = dict(zip(metrics["metric"], metrics["unit"], strict=True))
    countries = set(entities.loc[entities["kind"] == "country", "id"])
    for file, frame in _observation_frames(descriptor, frames):
        current = frame["superseded_by"] == "" if "superseded_by" in frame else True
        bound = frame["year"].map(lambda y: world.get(int(y)) if pd.notna(y) else None)
        over = (
            frame["metric"].map(unit).isin(STOCK_UNITS)
            & frame["entity"].isin(countries)
            & frame["status"].isin(["actual", "estimate"])
            & current
            & bound.notna()
            & (frame["value"] > bound.astype("float64"))
        )
        for idx in over[over & ~frame["_bad"]].index:
            out.add(
                "error",
                file,
                int(frame.at[idx, LINE]),
                "value",
                "exceeds_world",
                frame.at[idx, "value"],
                world=f"{bound[idx]:,.0f}",
                year=int(frame.at[idx, "year"]),
            )
            frame.at[idx, "_bad"] = True


@dataclass(frozen=True)
class Stale:
    """A series whose figures lag its latest known edition."""

    series: str
    used: str  # the newest edition the figures use
    latest: str  # the newest edition editions.csv knows
    published: str  # when the latest came out


def stale_series(
    sources: pd.DataFrame, editions: pd.DataFrame, observations: pd.DataFrame
) -> list[Stale]:
    """Series whose current figures all come from an edition older than the latest one
    editions.csv lists: the data has not caught up with a new edition."""
    if editions.empty or "series" not in sources or "edition" not in observations:
        return []
    series = observations["source_id"].map(
        dict(zip(sources["source_id"], sources["series"], strict=True))
    )
    used = observations.assign(series=series.fillna(""))
    used = used[(used["series"] != "") & (used["edition"] != "")]
    newest_used = used.groupby("series")["edition"].max()
    latest = (
        editions.sort_values(["published", "edition"]).groupby("series").tail(1).set_index("series")
    )
    return [
        Stale(name, edition, latest.at[name, "edition"], latest.at[name, "published"])
        for name, edition in newest_used.items()
        if name in latest.index and edition < latest.at[name, "edition"]
    ]


def _stale_in(descriptor: dict, tables: dict[str, pd.DataFrame]) -> list[Stale]:
    if "sources" not in tables or "editions" not in tables:
        return []
    parts = [
        tables[r["name"]] for r in descriptor["resources"] if "topic" in r and r["name"] in tables
    ]
    if not parts:
        return []
    obs = pd.concat(parts, ignore_index=True)
    if "superseded_by" in obs:
        obs = obs[obs["superseded_by"].fillna("") == ""]
    if "edition" not in obs:
        return []
    obs["edition"] = obs["edition"].fillna("")
    return stale_series(tables["sources"], tables["editions"], obs)


def _check_assumptions(frame: pd.DataFrame, file: str, out: _Collector) -> None:
    """A scenario assumption is a slider: its default lies within its bounds, its step
    moves, and it names its source unless it is a stated design choice."""
    _flag_rows(frame, frame["step"] <= 0, file, "step", "not_positive", out)
    bounds = (  # mask, column at fault, problem code, its parameter, the bound's column
        (frame["min"] > frame["max"], "min", "above_maximum", "maximum", "max"),
        (frame["value"] < frame["min"], "value", "below_minimum", "minimum", "min"),
        (frame["value"] > frame["max"], "value", "above_maximum", "maximum", "max"),
    )
    for mask, column, code, name, bound in bounds:
        for idx in frame.index[mask & ~frame["_bad"]]:
            value, limit = (f"{frame.at[idx, c]:.15g}" for c in (column, bound))
            out.add("error", file, int(frame.at[idx, LINE]), column, code, value, **{name: limit})
            frame.at[idx, "_bad"] = True
    unsourced = (frame["source_id"] == "") & (frame["confidence"] != DESIGN_CHOICE)
    _flag_rows(frame, unsourced, file, "source_id", "whatif.problem.source_required", out)
    # A named case's value (low, high) is a position of the same slider.
    cases = [c for c in ("low", "high") if c in frame]
    for column in cases:
        for mask, code, name, bound in (
            (frame[column] < frame["min"], "below_minimum", "minimum", "min"),
            (frame[column] > frame["max"], "above_maximum", "maximum", "max"),
        ):
            for idx in frame.index[mask.fillna(False) & ~frame["_bad"]]:
                value, limit = (f"{frame.at[idx, c]:.15g}" for c in (column, bound))
                out.add("error", file, int(frame.at[idx, LINE]), column, code, value,
                        **{name: limit})  # fmt: skip
                frame.at[idx, "_bad"] = True


def _check_projections(descriptor, frames, out: _Collector) -> None:
    """An outside projection's range holds its value: low <= value <= high where given."""
    frame = frames.get("projections")
    if frame is None:
        return
    file = next(r["path"] for r in descriptor["resources"] if r["name"] == "projections")
    for column, wrong in (("low", frame["low"] > frame["value"]),
                          ("high", frame["high"] < frame["value"])):  # fmt: skip
        _flag_rows(frame, wrong.fillna(False), file, column, "whatif.problem.range_order", out)


# ---------------------------------------------------------------- the entry point


def _is_package(descriptor: object) -> bool:
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


def load_descriptor(folder: Path, out: _Collector) -> dict:
    """The folder's datapackage.json; the shipped one when it is missing or broken."""
    path = folder / DESCRIPTOR
    shipped = json.loads((DEFAULT_DATA_DIR / DESCRIPTOR).read_text(encoding="utf-8"))
    try:
        text = _decode(path.read_bytes(), DESCRIPTOR, out)
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
    if not _is_package(descriptor):
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


def read_dataset(folder: str | Path) -> Dataset:
    """Read, check and type every table of the data folder (see the module docstring)."""
    folder = Path(folder)
    out = _Collector()
    descriptor = load_descriptor(folder, out)
    frames: dict[str, pd.DataFrame] = {}
    for res in descriptor["resources"]:
        name = res["path"]
        optional = res.get("when_missing", "file_missing_optional") if res.get("optional") else ""
        read = _read_rows(folder / name, name, out, optional=optional)
        if read is None:
            continue
        header, rows, lines = read
        if not _check_header(header, res["schema"]["fields"], name, out):
            continue
        frames[res["name"]] = _check_table(res, header, rows, lines, out)
    _check_references(descriptor, frames, out)
    _check_rules(descriptor, frames, out)
    for check in (
        _check_confidence,
        _check_editions,
        _check_supersession,
        _check_world_bound,
        _check_presets,
        _check_projections,
    ):
        check(descriptor, frames, out)
    tables = {
        name: frame.loc[~frame["_bad"]].drop(columns="_bad").reset_index(drop=True)
        for name, frame in frames.items()
    }
    for stale in _stale_in(descriptor, tables):
        out.add("warning", "editions.csv", 0, "edition", "series_stale", stale.series,
                used=stale.used, latest=stale.latest, published=stale.published)  # fmt: skip
    problems = sorted(out.problems, key=lambda p: (p.file, p.line, p.severity != "error"))
    return Dataset(folder, descriptor, tables, problems)


def data_dir_from_env(environ: dict[str, str] | None = None) -> Path:
    """`DASHBOARD_DATA_DIR` when set, else the repository's data/ folder."""
    env = os.environ if environ is None else environ
    value = env.get("DASHBOARD_DATA_DIR", "").strip()
    return Path(value) if value else DEFAULT_DATA_DIR
