"""Helpers for driving the app through AppTest: the app's path, editable copies of the
data folder (`DataCopy`), what went wrong in a run, and the pages with their chart
counts and the data files each reads."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

from dashboard import REPO_DIR

APP_PATH = str(REPO_DIR / "dashboard" / "app.py")


class DataCopy:
    """A copy of data/ with helpers to edit it the way a person in a spreadsheet would."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, name: str) -> Path:
        return self.folder / name

    def rows(self, name: str) -> list[dict[str, str]]:
        with open(self.path(name), encoding="utf-8-sig", newline="") as fh:
            return list(csv.DictReader(fh))

    def header(self, name: str) -> list[str]:
        with open(self.path(name), encoding="utf-8-sig", newline="") as fh:
            return next(csv.reader(fh))

    def write(self, name: str, rows: list[dict[str, str]], header: list[str] | None = None) -> None:
        header = header or list(rows[0].keys())
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=header, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
        self.path(name).write_text(buf.getvalue(), encoding="utf-8")

    def line_of(self, name: str, index: int) -> int:
        """The file line where data row `index` starts (rows can span lines)."""
        with open(self.path(name), encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            next(reader)
            start = reader.line_num + 1
            for i, _ in enumerate(reader):
                if i == index:
                    return start
                start = reader.line_num + 1
        raise IndexError(index)

    def set_cell(self, name: str, index: int, column: str, value: str) -> int:
        """Change one cell; returns the line of the changed row."""
        rows = self.rows(name)
        rows[index][column] = value
        self.write(name, rows, self.header(name))
        return self.line_of(name, index)

    def append(self, name: str, row: dict[str, str]) -> int:
        rows = self.rows(name)
        rows.append(row)
        self.write(name, rows, self.header(name))
        return self.line_of(name, len(rows) - 1)

    def add_country(
        self,
        entity: str = "NOR",
        name_en: str = "Norway",
        name_ko: str = "노르웨이",
        color: str = "#882255",
    ) -> None:
        """A new country with a few figures from an existing source: a data edit only."""
        self.append(
            "entities.csv",
            {
                "id": entity,
                "kind": "country",
                "name_en": name_en,
                "name_ko": name_ko,
                "country": entity,
                "color": color,
            },
        )
        for file, metric in (
            ("compute.csv", "gpus_held"),
            ("compute.csv", "share_global_gpu_cluster_performance"),
            ("companies.csv", "newly_funded_ai_companies"),
            ("rankings.csv", "tortoise_rank"),
            ("investment.csv", "private_ai_investment"),
        ):
            current = [
                r
                for r in self.rows(file)
                if r["metric"] == metric and not r.get("superseded_by") and not r.get("supersedes")
            ]
            # The newest edition's, where the metric has editions (a comparison of
            # countries takes one edition only).
            template = max(current, key=lambda r: r.get("edition", ""))
            row = {**template, "entity": entity, "claim_id": "", "note": "test figure"}
            if metric == "tortoise_rank":
                row["value"] = "1" if not template["out_of"] else template["out_of"]
            self.append(file, row)


def failures(at) -> list[str]:
    """What went wrong in an AppTest run: exceptions, and the app's own "part of this page
    could not be drawn" message (app.py catches a page's bug, logs it and says so)."""
    from dashboard.base.i18n import LANGS, t

    failed = {t("app.page_failed", lang) for lang in LANGS}
    return [e.value for e in at.exception] + [e.value for e in at.error if e.value in failed]


def unescaped(markdown: str) -> str:
    """Escaped Markdown (`dashboard.ui.markdown.md_escape`) read back as the text it shows."""
    return re.sub(r"\\(.)", r"\1", markdown, flags=re.S)


# page -> how many charts it draws with the default selection
PAGES = {"overview": 1, "compute": 4, "companies": 3, "rankings": 2, "investment": 2, "sources": 0}


def open_page(page: str, **query: str) -> AppTest:
    at = AppTest.from_file(APP_PATH, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if page != "overview":
        at.switch_page(f"pages/{page}.py").run()
    assert not failures(at), failures(at)
    return at


ALL_PAGES = [*PAGES, "whatif"]
OBSERVATION_FILES = (
    "compute.csv",
    "companies.csv",
    "rankings.csv",
    "investment.csv",
    "context.csv",
)
# The files a page's charts draw on; a page whose files are intact keeps every chart.
PAGE_FILES = {
    "overview": {"entities.csv", "metrics.csv", "sources.csv", "compute.csv"},
    "compute": {"entities.csv", "metrics.csv", "sources.csv", "compute.csv", "context.csv"},
    "companies": {"entities.csv", "metrics.csv", "sources.csv", "companies.csv"},
    "rankings": {"entities.csv", "metrics.csv", "sources.csv", "rankings.csv"},
    "investment": {
        "entities.csv",
        "metrics.csv",
        "sources.csv",
        "investment.csv",
        "context.csv",
    },
    "sources": set(),
}
