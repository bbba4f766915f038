"""The forum deck's entry: `build_deck` (one browser for every picture, skipped and
empty charts reported) and the command line `python -m dashboard.export` (exit codes,
messages, and writing nothing but the target, atomically).

The decks come from the small data folder of `make_data` (the `decks` fixture in
conftest.py builds both languages once per worker); their slides are checked in
test_deck.py. Browser tests skip on a workstation without Chromium and fail under CI.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from pptx import Presentation

from dashboard import REPO_DIR
from dashboard.base.i18n import t
from dashboard.charts import registry
from dashboard.outputs import export, images
from dashboard.outputs.story import DEFAULT_STORY, known_charts, load_story
from tests.support.deck import needs, registered_slides
from tests.support.folders import COMPUTE, make_data

# The decks are costly: one worker runs the files that read them (make test distributes
# with --dist loadgroup).
# Slow (not in make check): builds slide decks (Chromium draws the images).
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("export")]


# -- building the deck ------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_all_images_of_a_deck_come_from_one_browser(decks, deck_story, lang) -> None:
    assert len(registered_slides(deck_story)) >= 3
    assert len(decks[lang]["launches"]) == 1


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_unregistered_what_if_slides_are_skipped_with_a_warning(decks, deck_story, lang) -> None:
    pending = [s for s in deck_story.slides if s.chart not in registry.CHARTS]
    reports = "\n".join(decks[lang]["reports"])
    for slide in pending:
        assert slide.chart in reports and slide.id in reports


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_progress_hears_of_each_slide_in_order(decks, deck_story, lang) -> None:
    drawn = registered_slides(deck_story)
    total = len(drawn)
    expected = [(n, total, slide.title(lang)) for n, slide in enumerate(drawn, start=1)]
    assert decks[lang]["progress"] == expected


# -- the command line -----------------------------------------------------------------


def run_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dashboard.export", *args],
        cwd=REPO_DIR,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **(env or {})},
    )


def test_cli_writes_the_deck_and_nothing_else(deck_data_dir, tmp_path) -> None:
    needs(images.chromium_available(), "Chromium")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    result = run_cli(
        "--lang",
        "en",
        "--out",
        str(out_dir / "deck.pptx"),
        "--data",
        str(deck_data_dir),
        "--query",
        "lang=en&countries=KOR,USA&scale=linear",
    )
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out_dir.iterdir()) == ["deck.pptx"]
    assert "Traceback" not in result.stderr
    deck = Presentation(str(out_dir / "deck.pptx"))
    story = load_story(DEFAULT_STORY, known_charts=known_charts())
    drawn = registered_slides(story)
    assert len(deck.slides) == len(drawn) + 1
    # one line per slide on stderr, in order, as each picture is drawn
    progress = [
        t("export.progress", "en", n=n, total=len(drawn), title=slide.title("en"))
        for n, slide in enumerate(drawn, start=1)
    ]
    lines = result.stderr.splitlines()
    assert [line for line in lines if line in progress] == progress
    assert sum(line.startswith("Slide ") for line in lines) == len(drawn)


@pytest.mark.parametrize("target", ["folder", "missing/deck.pptx", "deck.txt"])
def test_cli_refuses_a_bad_target_and_writes_nothing(deck_data_dir, tmp_path, target) -> None:
    (tmp_path / "folder").mkdir()
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    result = run_cli("--lang", "ko", "--out", str(tmp_path / target), "--data", str(deck_data_dir))
    assert result.returncode == 2
    assert result.stderr.strip() and "Traceback" not in result.stderr
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before


def test_cli_usage_errors_exit_2(deck_data_dir, tmp_path, capsys) -> None:
    out = str(tmp_path / "d.pptx")
    with pytest.raises(SystemExit) as missing_lang:
        export.main(["--out", out])
    assert missing_lang.value.code == 2
    assert (
        export.main(
            [
                "--lang",
                "en",
                "--out",
                out,
                "--data",
                str(deck_data_dir),
                "--query",
                "countries=KOR,ATLANTIS",
            ]
        )
        == 2
    )
    assert "countries" in capsys.readouterr().err
    assert (
        export.main(
            ["--lang", "en", "--out", out, "--data", str(deck_data_dir), "--query", "colour=red"]
        )
        == 2
    )
    assert not (tmp_path / "d.pptx").exists()


def test_cli_bad_story_or_data_exit_1_with_located_messages(
    deck_data_dir, tmp_path, capsys
) -> None:
    bad_story = tmp_path / "story.yaml"
    bad_story.write_text("slides:\n  - id: a\n    chart: gpu_gapp\n", encoding="utf-8")
    out = str(tmp_path / "d.pptx")
    assert (
        export.main(
            ["--lang", "en", "--out", out, "--data", str(deck_data_dir), "--story", str(bad_story)]
        )
        == 1
    )
    err = capsys.readouterr().err
    assert "story.yaml:3: slide 1 (a): chart:" in err and "gpu_gapp" in err
    broken = make_data(tmp_path / "broken")
    (broken / "compute.csv").write_text(
        COMPUTE + "KOR,gpus_held,2024,,lots,gov,actual,high,,,,\n", encoding="utf-8"
    )
    assert export.main(["--lang", "en", "--out", out, "--data", str(broken)]) == 1
    assert "compute.csv" in capsys.readouterr().err
    assert not (tmp_path / "d.pptx").exists()


def test_cli_without_chromium_exits_3_and_says_so(
    deck_data_dir, tmp_path, monkeypatch, capsys
) -> None:
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-such-browser"))
    assert (
        export.main(
            ["--lang", "en", "--out", str(tmp_path / "d.pptx"), "--data", str(deck_data_dir)]
        )
        == 3
    )
    assert "BROWSER_PATH" in capsys.readouterr().err
    assert not (tmp_path / "d.pptx").exists()


# -- writing ---------------------------------------------------------------------------


def test_write_atomic_replaces_the_target_and_leaves_no_temp_file(tmp_path) -> None:
    target = tmp_path / "deck.pptx"
    target.write_bytes(b"old")
    assert export.write_atomic(b"new", target) == target.resolve()
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["deck.pptx"]


def test_write_atomic_keeps_the_old_file_when_the_rename_fails(tmp_path, monkeypatch) -> None:
    target = tmp_path / "deck.pptx"
    target.write_bytes(b"old")

    def fail(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        export.write_atomic(b"new", target)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["deck.pptx"]


def test_target_path_is_resolved_and_refuses_folders(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    assert export.target_path("sub/../deck.pptx") == tmp_path.resolve() / "deck.pptx"
    with pytest.raises(export.UsageError):
        export.target_path("sub")
    with pytest.raises(export.UsageError):
        export.target_path(tmp_path / "sub.pptx" / "x.pptx")
