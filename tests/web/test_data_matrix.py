"""Every file of the data folder, broken every way (tests/support/broken.py MATRIX), through the
validator and every page in both languages.

A page never shows an exception; its banner names the broken file in the reader's
language; the figures of intact files are still drawn; and where a page's data is wholly
gone it says so.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import DEFAULT_DATA_DIR
from dashboard.base.i18n import LANGS, t
from dashboard.data.dataset import read_dataset
from dashboard.data.domain import DESCRIPTOR
from dashboard.outputs.validate import main
from tests.support.app import ALL_PAGES, APP_PATH, PAGE_FILES, PAGES, DataCopy, failures, unescaped
from tests.support.broken import BREAKS, MATRIX, Broken, apply, data_files

pytestmark = pytest.mark.slow  # breaks the data folder many times

# Files without which a page has no figure at all: the files every figure refers to,
# and a topic page's own file. The page must say so plainly.
REFERENCED = {"entities.csv", "metrics.csv", "sources.csv"}
WHOLLY_GONE = {
    page: REFERENCED | {f"{page}.csv"}
    for page in ("compute", "companies", "rankings", "investment")
} | {"whatif": set()}
OPTIONAL = {
    r["path"] for r in read_dataset(DEFAULT_DATA_DIR).descriptor["resources"] if r.get("optional")
}


def test_the_matrix_covers_every_file_the_app_reads() -> None:
    files = data_files()
    declared = {r["path"] for r in read_dataset(DEFAULT_DATA_DIR).descriptor["resources"]}
    # a file in data/ that nothing declares would be broken here but never read
    assert set(files) - {DESCRIPTOR, "story.yaml"} <= declared
    assert {DESCRIPTOR, "story.yaml", "entities.csv", "metrics.csv"} <= set(files)
    assert len(MATRIX) == len(files) * len(BREAKS) >= len(files) * 8


@pytest.fixture(params=MATRIX, ids=[c.id for c in MATRIX])
def broken(request, data_copy: DataCopy, monkeypatch: pytest.MonkeyPatch) -> tuple:
    case: Broken = request.param
    return case, data_copy.folder, apply(case, data_copy, monkeypatch)


# Optional files whose rows other checks rely on: emptied to the header, they leave
# superseded figures without a changelog line, editions or releases unlisted (errors).
RELIED_ON = {"editions.csv", "changelog.csv", "releases.csv"}


def optional(case: Broken) -> bool:
    """An optional file may be absent (a warning), and emptied too when no figure's
    checks rely on its rows."""
    if case.file not in OPTIONAL:
        return False
    return case.id.endswith(":missing") or (
        case.id.endswith(":header_only") and case.file not in RELIED_ON
    )


def test_validator_names_the_file(broken, capsys: pytest.CaptureFixture[str]) -> None:
    case, folder, line = broken
    assert main([str(folder)]) == (0 if optional(case) else 1)
    out = capsys.readouterr().out.splitlines()
    prefix = f"{case.file}:{line}:" if line > 0 else f"{case.file}:"
    assert any(x.startswith(prefix) for x in out), out


def _banner(at: AppTest) -> str:
    return "\n".join(unescaped(w.value) for w in [*at.warning, *at.error])


def test_every_page_in_both_languages(broken) -> None:
    case, folder, line = broken
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DASHBOARD_DATA_DIR", str(folder))
        for lang in LANGS:
            at = AppTest.from_file(APP_PATH, default_timeout=60)
            at.query_params["lang"] = lang
            for page in ALL_PAGES:
                if page == "overview":
                    at.run()
                else:
                    at.switch_page(f"pages/{page}.py").run()
                where = (lang, page)
                assert not failures(at), (where, failures(at))
                banner = _banner(at)
                assert case.file in banner, (where, banner)
                if line > 0:
                    assert (f"line {line}" if lang == "en" else f"{line}행") in banner, where
                files = PAGE_FILES.get(page)
                if files is not None and case.file not in files | {DESCRIPTOR}:
                    assert len(at.get("plotly_chart")) == PAGES[page], (where, "charts lost")
                if case.file in WHOLLY_GONE.get(page, REFERENCED) and not optional(case):
                    said = [i.value for i in at.info]
                    assert t("app.no_figures", lang) in said, (where, said)
