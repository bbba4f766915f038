"""The descriptor's checks on each table: the header against the declared fields, then
every cell against its type, allowed values, pattern and bounds, keys unique, and
references between tables resolved. A row that fails is flagged (`_bad`), never
repaired."""

from __future__ import annotations

import pandas as pd

from dashboard.data.domain import (
    LINE,
)
from dashboard.data.problems import Collector
from dashboard.data.read import (
    FALSE_VALUES,
    MAX_EXACT_INTEGER,
    TRUE_VALUES,
)


def check_header(header: list[str], fields: list[dict], name: str, out: Collector) -> bool:
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
    raw: pd.Series, spec: dict, name: str, lines: pd.Series, out: Collector, skip: pd.Series
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


def check_table(
    resource: dict, header: list[str], rows: list[list[str]], lines: list[int], out: Collector
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


def check_references(descriptor: dict, frames: dict[str, pd.DataFrame], out: Collector) -> None:
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
