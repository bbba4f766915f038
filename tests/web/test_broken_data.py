"""The corpus of broken data folders (tests/support/broken.py) through the validator and every page.

For each broken copy of the real data: the validator names the right file and line; every
page renders without an exception, with a banner naming that file (and line) in the
reader's language; the figures of intact files are all still there; and no figure from a
broken row is among the figures the app shows.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import DEFAULT_DATA_DIR
from dashboard.data.load import LINE, load
from dashboard.outputs.validate import main
from tests.support.app import (
    ALL_PAGES,
    APP_PATH,
    OBSERVATION_FILES,
    PAGE_FILES,
    PAGES,
    DataCopy,
    failures,
    unescaped,
)
from tests.support.broken import CORPUS, Broken, apply

pytestmark = pytest.mark.slow  # breaks the data folder many times


@pytest.fixture(params=CORPUS, ids=[c.id for c in CORPUS])
def broken(request, data_copy: DataCopy, monkeypatch: pytest.MonkeyPatch) -> tuple:
    """A broken copy of the real data, one per corpus entry, and the line to be named."""
    case: Broken = request.param
    return case, data_copy.folder, apply(case, data_copy, monkeypatch)


def test_corpus_is_large_and_covers_every_kind_of_break() -> None:
    assert len(CORPUS) >= 20
    assert len({c.id for c in CORPUS}) == len(CORPUS)
    whole = {c.id for c in CORPUS if c.whole_file}
    assert {"empty_file", "binary_file", "missing_file", "locked_file"} <= whole


def test_validator_names_the_file_and_line(broken, capsys: pytest.CaptureFixture[str]) -> None:
    case, folder, line = broken
    assert main([str(folder)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert any(x.startswith(f"{case.file}:{line}: {case.column}:") for x in out), out


def test_no_figure_from_a_broken_row_is_kept(broken) -> None:
    case, folder, line = broken
    data = load(folder)
    shown = data.observations
    assert not ((shown["file"] == case.file) & (shown[LINE] == line)).any()
    real = load(DEFAULT_DATA_DIR).observations
    if case.whole_file:
        assert not (shown["file"] == case.file).any()
        intact = real[real["file"] != case.file]
        if case.file not in ("entities.csv", "metrics.csv", "sources.csv"):
            assert len(shown) == len(intact), "every figure of an intact file is kept"
    elif case.file in OBSERVATION_FILES:
        assert len(real) - len(shown) <= 1, "one figure goes, and no other"
    else:
        # an entity, metric or source row takes the figures that refer to it, no more
        assert len(shown) <= len(real)


def banner_text(at: AppTest) -> str:
    return "\n".join(unescaped(w.value) for w in at.warning)


def test_every_page_renders_and_names_the_broken_file(broken) -> None:
    case, folder, line = broken
    at = AppTest.from_file(APP_PATH, default_timeout=60)
    at.query_params["lang"] = "en"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DASHBOARD_DATA_DIR", str(folder))
        for page in ALL_PAGES:
            if page == "overview":
                at.run()
            else:
                at.switch_page(f"pages/{page}.py").run()
            assert not failures(at), (page, failures(at))
            banner = banner_text(at)
            assert case.file in banner, (page, banner)
            if line > 0:
                assert f"line {line}" in banner, (page, banner)
            files = PAGE_FILES.get(page)
            if files is not None and (not case.whole_file or case.file not in files):
                assert len(at.get("plotly_chart")) == PAGES[page], (page, "charts lost")


@pytest.mark.parametrize("case", [c for c in CORPUS if c.id == "not_a_number"], ids=["ko"])
def test_the_banner_speaks_korean(case: Broken, data_copy: DataCopy, app_env) -> None:
    line = case.breaker(data_copy)
    app_env(data_copy.folder)
    at = AppTest.from_file(APP_PATH, default_timeout=60).run()
    assert not failures(at)
    assert f"{case.file} {line}행 {case.column} 열" in banner_text(at)
