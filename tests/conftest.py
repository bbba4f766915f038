"""Shared fixtures: copies of the real data folder that a test may edit or break, and the
slide decks built from the small data folder of `make_data` (one build per worker
for every test file that reads them). And the Hypothesis profiles.

Hypothesis profiles: "check" (the default, and `make check`) draws the same examples on
every run (`derandomize`), so the edit-test loop passes or fails the same way each time;
"test" (`make test`) draws new ones each run, to find what the fixed ones miss. Choose one
with `pytest --hypothesis-profile=test`. Slow tests (browsers, images, decks, whole pages,
sweeps that break the data folder many times) carry `@pytest.mark.slow` where they are
defined; `make check` leaves them out.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

from dashboard import DEFAULT_DATA_DIR
from tests.support.app import DataCopy

# No deadline in either: a busy 2-core machine would fail a correct test on time alone.
settings.register_profile("check", derandomize=True, deadline=None)
settings.register_profile("test", deadline=None)
settings.load_profile("check")  # `--hypothesis-profile` (the pytest option) overrides it


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


# -- the slide decks (test_export, test_deck, test_slides) ---------------------------------


@pytest.fixture(scope="session")
def deck_data_dir(tmp_path_factory) -> Path:
    from tests.support.folders import make_data

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
    from tests.support.deck import needs

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
