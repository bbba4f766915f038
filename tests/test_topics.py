"""dashboard.charts.topics: the topic pages' charts on a small inline data folder."""

from __future__ import annotations

import pytest

from dashboard.charts import topics
from dashboard.charts.view import View
from dashboard.data.load import load
from tests.test_load import write_mini


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    return load(write_mini(tmp_path_factory.mktemp("topics")))


def test_compute_by_country_draws_one_labelled_bar_per_figure(data) -> None:
    view = View(lang="en", countries=("KOR", "CHN"), scale="linear")
    result = topics.compute_by_country(data, view)
    rows = result.rows
    assert set(rows["entity"]) <= {"KOR", "CHN"} and not rows.empty
    drawn = [y for trace in result.figure.data if trace.y is not None for y in trace.y if y]
    assert sorted(drawn) == sorted(rows["bar"])  # every figure is a bar, none twice
    assert result.figure.layout.xaxis.type == "linear"


def test_the_comparable_measure_is_empty_without_its_figures(data) -> None:
    """The mini folder has no cluster shares: the chart says so rather than guess."""
    result = topics.compute_share(data, View(lang="en", countries=("KOR", "CHN")))
    assert result.rows.empty
    assert "—" in result.caption


def test_rank_metrics_put_overall_indices_first(data) -> None:
    ranks = topics.rank_metrics(data)
    assert ranks and ranks[0] == "tortoise_rank"
