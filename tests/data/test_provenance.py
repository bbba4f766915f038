"""Provenance rules: editions and their staleness, supersession, the release and its
changelog, as the validator checks them and the Sources page shows them."""

from __future__ import annotations

import pytest

from dashboard import DEFAULT_DATA_DIR
from dashboard.base.i18n import t
from dashboard.data.dataset import read_dataset
from dashboard.data.domain import RETIRED, row_key
from dashboard.data.load import load
from dashboard.outputs.validate import main
from tests.support.app import DataCopy, open_page, unescaped


@pytest.fixture(scope="module")
def data():
    return load(DEFAULT_DATA_DIR)


def test_superseded_figures_are_kept_but_never_charted(data) -> None:
    assert not data.superseded.empty
    assert (data.observations["superseded_by"] == "").all()
    current = set(row_key(data.observations))
    for successor in data.superseded["superseded_by"]:
        assert successor in current or successor == RETIRED, successor  # a live row, or none


def test_every_change_is_in_the_changelog(data) -> None:
    """Every superseded or retired figure has its line in some release; the current
    release's lines name rows that exist, and what it corrects is superseded."""
    log = data.changelog
    old = set(row_key(data.superseded))
    assert old <= set(log.loc[log["change"] != "added", "row"])
    current = log[log["release"] == data.releases_newest_first().iloc[0]["version"]]
    assert set(current.loc[current["change"] != "added", "row"]) <= old
    added = set(current.loc[current["change"] == "added", "row"])
    assert added <= set(row_key(data.observations)) | old


def test_every_figure_of_a_series_names_a_listed_edition(data) -> None:
    series = dict(zip(data.sources["source_id"], data.sources["series"], strict=True))
    of = data.observations["source_id"].map(series).fillna("")
    serial = data.observations[of != ""]
    assert len(serial) > 50
    listed = set(zip(data.editions["series"], data.editions["edition"], strict=True))
    assert all((s, e) in listed for s, e in zip(of[of != ""], serial["edition"], strict=True))


@pytest.mark.slow  # drives the Sources page
def test_a_new_edition_makes_its_series_stale(
    data, data_copy: DataCopy, capsys: pytest.CaptureFixture[str], app_env
) -> None:
    used = data.observations["source_id"].map(
        dict(zip(data.sources["source_id"], data.sources["series"], strict=True))
    )
    series = sorted(set(used.dropna()) - {""} - {s.series for s in data.stale()})[0]
    template = next(r for r in data_copy.rows("editions.csv") if r["series"] == series)
    data_copy.append("editions.csv", {**template, "edition": "2099", "published": "2099-01"})
    assert main([str(data_copy.folder)]) == 0  # a warning, not an error
    out = capsys.readouterr().out
    assert "editions.csv:0: edition: " in out and f"({series!r})" in out and "2099" in out
    stale = [p for p in read_dataset(data_copy.folder).problems if p.code == "series_stale"]
    assert [p.value for p in stale if p.value == series] == [series]
    app_env(data_copy.folder)
    at = open_page("sources", lang="en")
    shown = "\n".join(unescaped(w.value) for w in at.warning)
    assert template["title_en"] in shown and "2099" in shown


@pytest.mark.slow  # drives the Sources page
def test_the_sources_page_says_which_release_and_what_changed(data) -> None:
    releases = data.releases_newest_first()
    assert len(releases) >= 2
    current, previous = releases.iloc[0], releases.iloc[1]
    for lang in ("en", "ko"):
        at = open_page("sources", lang=lang)
        infos = [i.value for i in at.info]
        assert t("sources.as_of", lang, date=current["date"], version=current["version"]) in infos
        labels = [e.label for e in at.expander]
        assert any(previous["version"] in label for label in labels), labels
