"""Outside projections (data/projections.csv): the default scenario lies within every
published range it is compared with (world compute, power, China's and the US's figures,
Korea's and France's announced pipelines); the judgement itself, worked by hand; and the
file's checks, named by file and line."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dashboard import DEFAULT_DATA_DIR
from dashboard.data.load import Data, load
from dashboard.model.scenarios import china, projections, whatif
from dashboard.model.scenarios.assumptions import assumptions_from
from dashboard.outputs.validate import main as validate
from tests.support.app import DataCopy

FILE = "projections.csv"


@pytest.fixture(scope="module")
def real() -> Data:
    return load(DEFAULT_DATA_DIR)


@pytest.fixture(scope="module")
def outside(real) -> pd.DataFrame:
    found = whatif.settings_of(real)
    return whatif.outside(real, found, whatif.scenario(found).buildout)


def test_the_default_scenario_lies_within_every_outside_projection(outside) -> None:
    judged = outside[outside["applies"] & outside["kind"].ne("context")]
    assert set(judged["measure"]) >= {
        "world_h100e",
        "world_power_gw",
        "world_added_power_gw",
        "power_gw",
        "share_pct",
        "h100e_added",
        "gpus",
        "mw",
    }
    outside_of = judged[judged["within"] != True]  # noqa: E712 (None is not within either)
    assert outside_of.empty, outside_of[["projection_id", "value", "low", "high", "scenario"]]


def test_every_projection_meets_a_scenario_output_in_its_year(outside) -> None:
    assert outside["scenario"].notna().all()  # each measure has its counterpart, 2026-2030
    assert set(outside["entity"]) <= {"WLD", "USA", "CHN", "KOR", "FRA"}


def test_context_and_other_settings_are_shown_but_never_judged(outside) -> None:
    assert outside.loc[outside["kind"] == "context", "within"].isna().all()
    other = outside[outside["regime"].isin(["strict", "blackwell"])]
    assert not other.empty and not other["applies"].any() and other["within"].isna().all()


def test_an_announced_pipeline_is_drawn_at_its_ceiling(real, outside) -> None:
    found = whatif.settings_of(real)
    full = whatif.projection(
        real, found, whatif.scenario(found, (("target_year", 2030),)).buildout, ("KOR", "FRA")
    )
    for entity in ("KOR", "FRA"):
        row = outside[(outside["entity"] == entity) & (outside["kind"] == "target")].iloc[0]
        assert row["marker"] == pytest.approx(full.ceilings[entity][2030])
        assert row["scenario"] <= row["marker"]


def test_a_changed_export_control_setting_changes_which_rows_apply(real) -> None:
    found = whatif.settings_of(real)
    strict = whatif.scenario(found, tuple(whatif.regime_values(found, "strict").items())).buildout
    table = whatif.outside(real, found, strict)
    applies = table.set_index("projection_id")["applies"]
    assert applies["ifp_strict_2026"] and not applies["substrate_china_2026"]
    assert china.regime_of(assumptions_from(real), strict.china_licensed_imports_2026) == "strict"


# ---------------------------------------------------------------- the judgement, by hand


@pytest.mark.parametrize(
    ("kind", "value", "low", "high", "scenario", "ceiling", "expected"),
    [
        ("forecast", 10, 5, 20, (12, 8, 30), math.nan, True),  # within the published range
        ("forecast", 10, 5, 20, (25, 8, 30), math.nan, False),
        ("forecast", 10, math.nan, math.nan, (12, 8, 30), math.nan, True),  # a point in the band
        ("forecast", 40, math.nan, math.nan, (12, 8, 30), math.nan, False),
        ("upper_bound", 20, math.nan, 20, (12, 8, 30), math.nan, True),
        ("lower_bound", 20, 20, math.nan, (12, 8, 30), math.nan, False),
        ("target", 3, math.nan, math.nan, (12, 8, 30), 15, True),  # under the ceiling
        ("target", 3, math.nan, math.nan, (16, 8, 30), 15, False),
        ("context", 10, math.nan, math.nan, (12, 8, 30), math.nan, None),
    ],
)
def test_the_judgement_by_kind(kind, value, low, high, scenario, ceiling, expected) -> None:
    assert projections._within(kind, value, low, high, scenario, ceiling) is expected


# ---------------------------------------------------------------- the file


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("low", "999999999999", "the range must hold the value"),
        ("measure", "gdp", "not an allowed value"),
        ("source_id", "no_such_source", "unknown id"),
        ("entity", "MARS", "unknown id"),
        ("kind", "guess", "not an allowed value"),
    ],
)
def test_a_broken_projection_is_named_by_file_and_line(
    data_copy: DataCopy, capsys, column, value, message
) -> None:
    line = data_copy.set_cell(FILE, 0, column, value)
    assert validate([str(data_copy.folder)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert any(o.startswith(f"{FILE}:{line}: {column}: ") and message in o for o in out), out
