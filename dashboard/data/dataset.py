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
`dashboard.data.load`. The jobs live apart: `read` (files), `schema` (the descriptor's
checks), `rules` (the project's), `problems` (what they report) and `domain` (the
names other layers rely on).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from dashboard import DEFAULT_DATA_DIR
from dashboard.data.problems import Collector, Problem
from dashboard.data.read import (
    load_descriptor,
    read_rows,
)
from dashboard.data.rules import check_rules, stale_in
from dashboard.data.schema import check_header, check_references, check_table


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


# ---------------------------------------------------------------- reading a file


# ---------------------------------------------------------------- checking a table


# ---------------------------------------------------------------- rules across files


# ---------------------------------------------------------------- provenance


# ---------------------------------------------------------------- the entry point


def read_dataset(folder: str | Path) -> Dataset:
    """Read, check and type every table of the data folder (see the module docstring)."""
    folder = Path(folder)
    out = Collector()
    descriptor = load_descriptor(folder, out)
    frames: dict[str, pd.DataFrame] = {}
    for res in descriptor["resources"]:
        name = res["path"]
        optional = res.get("when_missing", "file_missing_optional") if res.get("optional") else ""
        read = read_rows(folder / name, name, out, optional=optional)
        if read is None:
            continue
        header, rows, lines = read
        if not check_header(header, res["schema"]["fields"], name, out):
            continue
        frames[res["name"]] = check_table(res, header, rows, lines, out)
    check_references(descriptor, frames, out)
    check_rules(descriptor, frames, out)
    tables = {
        name: frame.loc[~frame["_bad"]].drop(columns="_bad").reset_index(drop=True)
        for name, frame in frames.items()
    }
    for stale in stale_in(descriptor, tables):
        out.add("warning", "editions.csv", 0, "edition", "series_stale", stale.series,
                used=stale.used, latest=stale.latest, published=stale.published)  # fmt: skip
    problems = sorted(out.problems, key=lambda p: (p.file, p.line, p.severity != "error"))
    return Dataset(folder, descriptor, tables, problems)


def data_dir_from_env(environ: dict[str, str] | None = None) -> Path:
    """`DASHBOARD_DATA_DIR` when set, else the repository's data/ folder."""
    env = os.environ if environ is None else environ
    value = env.get("DASHBOARD_DATA_DIR", "").strip()
    return Path(value) if value else DEFAULT_DATA_DIR
