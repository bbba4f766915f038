"""dashboard.charts.registry: the explicit registry of every chart, and `build`."""

from __future__ import annotations

import dataclasses

import pytest

from dashboard.charts import registry, registry_whatif, topics
from dashboard.data.load import load
from tests.support.folders import write_mini


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    return load(write_mini(tmp_path_factory.mktemp("figures")))


def test_the_registry_is_the_topic_and_what_if_charts_and_nothing_else() -> None:
    assert registry.CHARTS == {**topics.CHARTS, **registry_whatif.CHARTS}
    assert not set(topics.CHARTS) & set(registry_whatif.CHARTS)  # no id drawn twice
    assert set(registry.SCENARIO_KEYS) == set(registry_whatif.CHARTS)


def test_an_unknown_chart_names_the_known_ones(data) -> None:
    with pytest.raises(KeyError, match="gpu_gap"):
        registry.build("no_such_chart", data, registry.View(lang="en", countries=("KOR",)))


def test_build_remembers_a_chart_and_ignores_sliders_it_does_not_read(data) -> None:
    view = registry.View(lang="en", countries=("KOR", "CHN"))
    first = registry.build("compute_by_country", data, view)
    again = registry.build(
        "compute_by_country",
        data,
        registry.View(lang="en", countries=("KOR", "CHN"), scenario=(("added_gpus", 5.0),)),
    )
    assert again is first  # a topic chart reads no scenario slider
    other = registry.build(
        "compute_by_country", data, registry.View(lang="ko", countries=("KOR", "CHN"))
    )
    assert other is not first


@pytest.mark.slow  # a sweep: every topic chart, every view field (8 s)
def test_a_topic_chart_is_remembered_by_every_view_field_it_reads_and_no_other() -> None:
    """`topics.VIEW_READS` tells the truth: changing a field a chart is said not to read
    leaves its figure, rows and caption as they were (real data, so every chart draws)."""
    from dashboard import REPO_DIR
    from dashboard.charts.primitives import Style
    from dashboard.model import params

    real = load(REPO_DIR / "data")
    base = registry.View(lang="en", countries=("KOR", "CHN", "FRA", "USA"))
    other = {
        "lang": "ko",
        "countries": ("KOR", "USA", "JPN"),
        "scale": "linear" if base.scale == "log" else "log",
        "basis": next(b for b in params.BASES if b != base.basis),
        "plan_basis": next(b for b in params.PLAN_BASES if b != base.plan_basis),
        "index": next(m for m in topics.rank_metrics(real) if m != base.index),
        "focus": "CHN",
        "events": not base.events,
        "style": Style(font_size=22, height=620),
    }
    assert set(topics.VIEW_READS) == set(topics.CHARTS)

    def drawn(chart_id: str, view: registry.View) -> tuple:
        result = topics.CHARTS[chart_id](real, view)
        return result.figure.to_dict(), result.rows.to_json(), result.caption

    for chart_id, reads in topics.VIEW_READS.items():
        first = drawn(chart_id, base)
        for name, value in other.items():
            changed = drawn(chart_id, dataclasses.replace(base, **{name: value}))
            assert (changed == first) == (name not in reads), (chart_id, name)


def test_read_view_is_what_build_remembers_a_chart_by() -> None:
    """A what-if chart reads its section's sliders only: the view it reads drops another
    section's, and the chart built from either view is the same object."""
    from dashboard import REPO_DIR

    real = load(REPO_DIR / "data")
    keys = registry.SCENARIO_KEYS["whatif_tco"]("whatif_tco", real)
    assert "utilisation" in keys and "added_gpus" not in keys
    view = registry.View(
        lang="en",
        countries=("KOR", "CHN"),
        scenario=(("added_gpus", 70000.0), ("utilisation", 0.5)),
        preset="none",
    )
    read = registry.read_view("whatif_tco", real, view)
    assert read.scenario == (("utilisation", 0.5),) and read.preset == ""
    assert registry.read_view("whatif_tco", real, read) == read
    assert registry.build("whatif_tco", real, view) is registry.build("whatif_tco", real, read)
    with pytest.raises(KeyError, match="gpu_gap"):
        registry.read_view("no_such_chart", real, view)
