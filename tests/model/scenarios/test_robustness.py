"""Robustness: leaving out any single year of the tracked-cluster input moves no country's
2030 share by more than 2x (review V11), and a share taken from the tracked clusters needs
at least `min_clusters_for_rate` clusters behind it, else it is held (V12). Run on the
shipped data, and on a copy that states cluster counts, so the tracked path is used."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from dashboard import DEFAULT_DATA_DIR
from dashboard.data.load import Data, load
from dashboard.model.scenarios import buildout, whatif
from dashboard.model.scenarios.assumptions import assumptions_from

TRACKED = ("tracked_cluster_growth", "tracked_cluster_h100e", buildout.CLUSTERS_METRIC)
MAX_MOVE = 2.0  # the bound on a share's move when one year of input is left out


@pytest.fixture(scope="module")
def real() -> Data:
    return load(DEFAULT_DATA_DIR)


def with_clusters(data: Data, count: float) -> Data:
    """The data with a tracked-cluster count for every country and year that has a growth
    factor: what the derivation would add, set here to one value for the test."""
    growth = data.observations[data.observations["metric"] == "tracked_cluster_growth"]
    starts = growth.assign(
        year=growth["period_start"].astype("int64"),
        period_start=pd.NA,
        metric=buildout.CLUSTERS_METRIC,
        value=float(count),
        unit="count",
    )
    counts = pd.concat(
        [
            starts,
            growth.assign(
                metric=buildout.CLUSTERS_METRIC,
                period_start=pd.NA,
                value=float(count),
                unit="count",
            ),
        ]
    )
    counts = counts.drop_duplicates(["entity", "year"])
    return replace(data, observations=pd.concat([data.observations, counts], ignore_index=True))


def shares_2030(data: Data) -> pd.Series:
    found = whatif.settings(data, assumptions_from(data))
    b = whatif.scenario(found, (("target_year", 2030),)).buildout
    frame = buildout.project(data, found.assumptions, b, tuple(data.countries())).frame
    return frame[frame["year"] == 2030].set_index("entity")["share_of_world"]


def without_year(data: Data, year: int) -> Data:
    obs = data.observations
    return replace(data, observations=obs[~(obs["metric"].isin(TRACKED) & (obs["year"] == year))])


@pytest.mark.slow  # a sweep: a projection to 2030 per left-out year
@pytest.mark.parametrize("counted", [False, True], ids=["shipped", "with_cluster_counts"])
def test_leaving_out_any_year_moves_no_share_more_than_twofold(real, counted) -> None:
    data = with_clusters(real, 10) if counted else real
    full = shares_2030(data)
    years = sorted(set(data.figures(list(TRACKED))["year"]))
    assert years
    for year in years:
        moved = shares_2030(without_year(data, year)).reindex(full.index)
        ratio = (moved / full).clip(lower=1e-12)
        worst = max(ratio.max(), (1 / ratio).max())
        assert worst <= MAX_MOVE, (year, ratio.sort_values().round(2).to_dict())


def test_a_share_from_too_few_clusters_is_held(real) -> None:
    a = assumptions_from(real)
    minimum = a[buildout.MIN_CLUSTERS].value
    start = buildout.baseline(real, a).year
    few = with_clusters(real, minimum - 1)
    enough = with_clusters(real, minimum)
    for entity in ("KOR", "DEU", "FRA"):
        assert buildout.tracked_rate(real, entity, start, minimum) is None  # no counts at all
        assert buildout.tracked_rate(few, entity, start, minimum) is None
        assert buildout.tracked_rate(enough, entity, start, minimum) is not None
    assert set(buildout.baseline(real, a).rate_basis.values()) == {"held"}
    counted = buildout.baseline(enough, a).rate_basis
    assert counted["USA"] == "held"  # the US's share is its own slider
    assert "tracked" in counted.values()
