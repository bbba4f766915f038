"""Shared fixtures: copies of the real data folder that a test may edit or break, and the
slide decks built from the small data folder of `tests.deck_data` (one build per worker
for every test file that reads them). And the Hypothesis profiles.

Hypothesis profiles: "check" (the default, and `make check`) draws the same examples on
every run (`derandomize`), so the edit-test loop passes or fails the same way each time;
"test" (`make test`) draws new ones each run, to find what the fixed ones miss. Choose one
with `pytest --hypothesis-profile=test`. Slow tests (browsers, images, decks, whole pages,
sweeps that break the data folder many times) carry `@pytest.mark.slow` where they are
defined; `make check` leaves them out.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

from dashboard import DEFAULT_DATA_DIR, REPO_DIR

APP_PATH = str(REPO_DIR / "dashboard" / "app.py")

# No deadline in either: a busy 2-core machine would fail a correct test on time alone.
settings.register_profile("check", derandomize=True, deadline=None)
settings.register_profile("test", deadline=None)
settings.load_profile("check")  # `--hypothesis-profile` (the pytest option) overrides it


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


@pytest.fixture
def data_copy(tmp_path: Path) -> DataCopy:
    target = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, target)
    return DataCopy(target)


@pytest.fixture
def app_env(monkeypatch: pytest.MonkeyPatch):
    """Point the app at a data folder for AppTest runs (the loader reads the env var)."""

    def use(folder: Path | None) -> None:
        if folder is None:
            monkeypatch.delenv("DASHBOARD_DATA_DIR", raising=False)
        else:
            monkeypatch.setenv("DASHBOARD_DATA_DIR", str(folder))

    return use


def failures(at) -> list[str]:
    """What went wrong in an AppTest run: exceptions, and the app's own "part of this page
    could not be drawn" message (app.py catches a page's bug, logs it and says so)."""
    from dashboard.base.i18n import LANGS, t

    failed = {t("app.page_failed", lang) for lang in LANGS}
    return [e.value for e in at.exception] + [e.value for e in at.error if e.value in failed]


def unescaped(markdown: str) -> str:
    """Escaped Markdown (`dashboard.ui.common.md_escape`) read back as the text it shows."""
    return re.sub(r"\\(.)", r"\1", markdown, flags=re.S)


# -- the slide decks (test_export, test_deck, test_slides) ---------------------------------


@pytest.fixture(scope="session")
def deck_data_dir(tmp_path_factory) -> Path:
    from tests.deck_data import make_data

    return make_data(tmp_path_factory.mktemp("data"))


@pytest.fixture(scope="session")
def deck_data(deck_data_dir):
    from dashboard.data.load import load

    loaded = load(deck_data_dir)
    assert not [p for p in loaded.problems if p.severity == "error"], loaded.problems
    return loaded


@pytest.fixture(scope="session")
def deck_story(deck_data):
    from dashboard.outputs.story import DEFAULT_STORY, known_charts, load_story

    return load_story(
        DEFAULT_STORY,
        known_charts=known_charts(),
        entities=list(deck_data.entities["id"]),
        metrics=list(deck_data.metrics["metric"]),
    )


@pytest.fixture(scope="session")
def decks(deck_data, deck_story):
    """Both decks, with the browser launches, warnings and progress calls of each build."""
    from pptx import Presentation

    from dashboard.model import params
    from dashboard.outputs import export, images
    from tests.deck_data import needs

    needs(images.chromium_available(), "Chromium")
    out = {}
    original = images.launch_browser
    for lang in ("ko", "en"):
        launches, reports, progress = [], [], []

        def counting(*args, _launches=launches, **kwargs):
            _launches.append(args)
            return original(*args, **kwargs)

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(images, "launch_browser", counting)
            blob = export.build_deck(
                deck_data,
                deck_story,
                lang,
                params.ViewState(lang=lang),
                report=reports.append,
                progress=lambda *call, _progress=progress: _progress.append(call),
            )
        out[lang] = {
            "bytes": blob,
            "launches": launches,
            "reports": reports,
            "progress": progress,
            "deck": Presentation(io.BytesIO(blob)),
        }
    return out
