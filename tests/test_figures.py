"""dashboard.charts.figures: the explicit registry of every chart, and `build`."""

from __future__ import annotations

import pytest

from dashboard.charts import figures, figures_whatif, topics
from dashboard.data.load import load
from tests.test_load import write_mini


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    return load(write_mini(tmp_path_factory.mktemp("figures")))


def test_the_registry_is_the_topic_and_what_if_charts_and_nothing_else() -> None:
    assert figures.CHARTS == {**topics.CHARTS, **figures_whatif.CHARTS}
    assert not set(topics.CHARTS) & set(figures_whatif.CHARTS)  # no id drawn twice
    assert set(figures.SCENARIO_KEYS) == set(figures_whatif.CHARTS)


def test_an_unknown_chart_names_the_known_ones(data) -> None:
    with pytest.raises(KeyError, match="gpu_gap"):
        figures.build("no_such_chart", data, figures.View(lang="en", countries=("KOR",)))


def test_build_remembers_a_chart_and_ignores_sliders_it_does_not_read(data) -> None:
    view = figures.View(lang="en", countries=("KOR", "CHN"))
    first = figures.build("compute_by_country", data, view)
    again = figures.build(
        "compute_by_country",
        data,
        figures.View(lang="en", countries=("KOR", "CHN"), scenario=(("added_gpus", 5.0),)),
    )
    assert again is first  # a topic chart reads no scenario slider
    other = figures.build(
        "compute_by_country", data, figures.View(lang="ko", countries=("KOR", "CHN"))
    )
    assert other is not first
