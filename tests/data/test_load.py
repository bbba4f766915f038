"""The loading layer on a tiny inline folder, on the real data and with a country added."""

from __future__ import annotations

from pathlib import Path

from dashboard import DEFAULT_DATA_DIR
from dashboard.data.load import load
from tests.support.app import DataCopy
from tests.support.folders import write_mini


def test_mini_folder_loads_joined_and_typed(tmp_path: Path) -> None:
    data = load(write_mini(tmp_path))
    assert not data.problems
    assert data.assumptions.empty  # not declared here, so none: the what-if page says so
    obs = data.observations
    assert len(obs) == 4 + 3 + 2 + 3 + 4
    kor = obs[(obs["entity"] == "KOR") & (obs["metric"] == "gpus_held")]
    assert set(kor["publisher"]) == {"Pub A", "Pub B"}
    assert set(kor["topic"]) == {"compute"} and set(kor["unit"]) == {"gpu"}
    assert str(obs["year"].dtype) == "Int64" and obs["value"].dtype == "float64"


def test_fx_rates_and_conflicts(tmp_path: Path) -> None:
    data = load(write_mini(tmp_path))
    assert data.fx_per_usd() == {
        ("KRW", 2024): 1363.5,
        ("KRW", 2023): 1306.85,
        ("USD", 2024): 1.0,
        ("USD", 2023): 1.0,
    }
    conflicts = data.conflicts()
    assert set(conflicts["value"]) == {2000.0, 3000.0}


def test_names_and_defaults(tmp_path: Path) -> None:
    data = load(write_mini(tmp_path))
    assert (
        data.entity_name("KOR", "ko") == "한국" and data.entity_name("KOR", "en") == "South Korea"
    )
    assert data.metric_label("gpus_held", "ko") == "보유 GPU"
    assert data.default_countries() == ["KOR", "CHN", "USA"]  # FRA is not in this folder
    assert data.colors()["XAI"] == "#444444"


def test_real_data_loads_without_errors() -> None:
    data = load(DEFAULT_DATA_DIR)
    assert not [p for p in data.problems if p.severity == "error"]
    assert set(data.default_countries()) == {"KOR", "CHN", "FRA", "USA"}
    assert data.assumptions["value"].dtype == "float64"
    assert "pue" in set(data.assumptions["parameter"])


def test_added_country_is_loaded(data_copy: DataCopy) -> None:
    data_copy.add_country()
    data = load(data_copy.folder)
    assert not data.problems
    assert "NOR" in data.countries()
    assert len(data.figures(["gpus_held", "tortoise_rank"], ["NOR"])) == 2
