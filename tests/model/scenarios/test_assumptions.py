"""The assumptions: checked by the shared data checks, read from `Data.assumptions`;
also the small data folder the scenario tests share.

`make_folder` writes a small, valid data folder inline (so the scenario tests do not
depend on the real figures) with a copy of data/assumptions.csv and its sources.
"""

from __future__ import annotations

import csv
import json
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard import DEFAULT_DATA_DIR
from dashboard.data.dataset import read_dataset
from dashboard.data.load import load
from dashboard.model.scenarios import tco
from dashboard.model.scenarios.assumptions import (
    FILE,
    Assumption,
    AssumptionsError,
    assumptions_from,
    data_slider,
    nice_step,
    rate_slider,
    slider,
    with_values,
)
from dashboard.outputs.validate import main as validate
from tests.support.app import DataCopy
from tests.support.folders import make_folder


@cache
def shipped() -> dict[str, Assumption]:
    """The real data's assumptions, read once."""
    return assumptions_from(load(DEFAULT_DATA_DIR))


@pytest.fixture
def real() -> dict[str, Assumption]:
    return shipped()


# ---------------------------------------------------------------- the real file


def test_the_shipped_file_loads_and_every_row_is_sourced_or_a_stated_design_choice(real) -> None:
    assert len(real) >= 30
    for a in real.values():
        assert a.min <= a.value <= a.max and a.step > 0, a.parameter
        assert a.source_id or (a.is_design_choice and a.note.startswith("Design choice")), a
        assert a.note and a.note_ko and a.label_ko, a.parameter


def test_sourced_defaults_are_the_researched_values(real) -> None:
    # Pinned against facts-costs.csv / NOTES-costs.md so an accidental edit shows up here.
    expected = {
        "gpu_unit_price_usd": 30000,
        "power_kw_per_gpu": 1.275,
        "pue": 1.3,
        "electricity_krw_per_kwh": 182.7,
        "cloud_usd_per_gpu_hour": 2.99,
        "lifetime_years": 5,
        "h100e_ratio_h20": 0.15,
        "h100e_ratio_b200": 2.27,
        "average_draw_fraction": 0.75,
        "facility_capex_usd_per_mw": 10.7e6,
    }
    assert {k: real[k].value for k in expected} == expected


def test_every_case_value_lies_within_its_slider_and_moves_with_it(real) -> None:
    cased = [a for a in real.values() if a.low is not None or a.high is not None]
    assert len(cased) >= 8  # the world's start and slowdown, China, Korea, France, ratios
    for a in cased:
        assert a.min <= a.of("low") <= a.max and a.min <= a.of("high") <= a.max, a.parameter
        assert a.moved("central", a.value) == a.value
        assert a.moved("low", a.value) == a.of("low") and a.moved("high", a.value) == a.of("high")
    imports = real["china_licensed_imports_2026"]
    assert imports.moved("high", 0.0) == 0.0  # no imports stay none in every case
    end = real["kor_deal_end_year"]
    assert end.moved("high", 2029.0) == 2027.0  # a year moves by a difference


def test_the_new_projection_rows_are_sourced(real) -> None:
    """Every assumption the compute projection adds has a source (a checked page) or is a
    stated design choice; the two it retired are gone (their links fall back)."""
    for parameter in (
        "world_sales_slowdown",
        "world_ai_power_gw_start",
        "power_efficiency_growth",
        "chip_service_life_years",
        "china_ascend_output_2026",
        "china_hbm_bound_2026",
        "china_domestic_growth",
        "china_licensed_imports_2026",
        "china_imports_blackwell",
        "china_smuggled_2026",
        "kor_deal_end_year",
        "kor_deal_realisation",
        "h100e_ratio_b300",
        "h100e_ratio_b30a",
        "world_start_spread",
    ):
        assert real[parameter].source_id, parameter
    assert real["target_year"].is_design_choice and real["mw_realisation"].is_design_choice
    assert "relative_compute_growth" not in real and "efficiency_multiplier" not in real


def test_the_descriptor_declares_every_column_of_the_file() -> None:
    descriptor = json.loads((DEFAULT_DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    resource = next(r for r in descriptor["resources"] if r["name"] == "assumptions")
    with open(DEFAULT_DATA_DIR / FILE, encoding="utf-8-sig", newline="") as fh:
        header = next(csv.reader(fh))
    assert resource["path"] == FILE
    assert [f["name"] for f in resource["schema"]["fields"]] == header


def test_the_mini_folder_passes_the_shared_checks(tmp_path: Path) -> None:
    dataset = read_dataset(make_folder(tmp_path / "d"))
    assert not [p.format() for p in dataset.errors], dataset.errors
    table = dataset.tables["assumptions"]
    with open(DEFAULT_DATA_DIR / FILE, encoding="utf-8-sig", newline="") as fh:
        assert list(table["parameter"]) == [r["parameter"] for r in csv.DictReader(fh)]
    assert table["value"].dtype == "float64" and table["step"].dtype == "float64"


def test_a_folder_that_does_not_declare_assumptions_loads_without_them(tmp_path: Path) -> None:
    folder = make_folder(tmp_path / "d")
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] != "assumptions"]
    (folder / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    (folder / FILE).unlink()
    sources = (folder / "sources.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (folder / "sources.csv").write_text("".join(sources[:3]), encoding="utf-8")  # header, s1, s2
    data = load(folder)
    # the mini tables predate editions and supersession: only warnings of that kind
    assert not [p for p in data.problems if p.severity == "error" or p.file == FILE]
    assert data.assumptions.empty
    assert assumptions_from(data) == {}
    with pytest.raises(AssumptionsError, match="missing row for gpu_unit_price_usd"):
        tco.sliders(assumptions_from(data))


# ------------------------------------------- broken rows: file, line and column named


def assumption_row(d: DataCopy, parameter: str) -> int:
    return next(i for i, r in enumerate(d.rows(FILE)) if r["parameter"] == parameter)


@pytest.mark.slow  # a sweep: copies and breaks the data folder once per case
@pytest.mark.parametrize(
    ("parameter", "column", "value", "message"),
    [
        ("pue", "value", "abc", "not a number"),
        ("pue", "value", "inf", "not a number"),
        ("pue", "value", "3", "above the maximum of 2.3"),
        ("pue", "value", "0.5", "below the minimum of 1"),
        ("pue", "min", "3", "above the maximum of 2.3"),
        ("pue", "step", "0", "value must be positive"),
        ("pue", "step", "-1", "below the minimum of 0"),
        ("pue", "source_id", "", "a source is required unless confidence is design"),
        ("pue", "source_id", "no_such_source", "unknown id"),
        ("pue", "unit", "furlongs", "not an allowed value"),
        ("pue", "confidence", "sure", "not an allowed value"),
        ("pue", "note", "", "value is required but empty"),
        ("pue", "parameter", "Bad Id", "wrong format"),
        ("utilisation", "parameter", "pue", "as line"),  # pue is on an earlier line
        ("kor_deal_realisation", "low", "1.5", "above the maximum of 1"),
        ("kor_deal_realisation", "high", "-0.5", "below the minimum of 0"),
        ("kor_deal_realisation", "low", "many", "not a number"),
    ],
)
def test_each_broken_row_is_named_by_the_validator(
    data_copy: DataCopy,
    capsys: pytest.CaptureFixture[str],
    parameter: str,
    column: str,
    value: str,
    message: str,
) -> None:
    line = data_copy.set_cell(FILE, assumption_row(data_copy, parameter), column, value)
    assert validate([str(data_copy.folder)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert any(o.startswith(f"{FILE}:{line}: {column}: ") and message in o for o in out), out


def test_a_broken_row_is_left_out_and_the_scenario_names_it(data_copy: DataCopy) -> None:
    data_copy.set_cell(FILE, assumption_row(data_copy, "pue"), "value", "abc")
    found = assumptions_from(load(data_copy.folder))
    assert "pue" not in found and "lifetime_years" in found
    with pytest.raises(AssumptionsError, match="missing row for pue"):
        tco.sliders(found)


def test_a_design_choice_may_go_without_a_source(data_copy: DataCopy) -> None:
    i = assumption_row(data_copy, "h100e_ratio_a100")  # its source is cited by other rows too
    data_copy.set_cell(FILE, i, "confidence", "design")
    data_copy.set_cell(FILE, i, "source_id", "")
    assert validate([str(data_copy.folder)]) == 0
    assert assumptions_from(load(data_copy.folder))["h100e_ratio_a100"].is_design_choice


# ---------------------------------------------------------------- sliders


def test_slider_from_an_assumption_keeps_its_row(real) -> None:
    a = real["pue"]
    spec = slider(a)
    assert (spec.value, spec.min, spec.max, spec.step, spec.source_id) == (
        a.value,
        a.min,
        a.max,
        a.step,
        a.source_id,
    )
    assert spec.note_in("ko") == a.note_ko and spec.note_in("en") == a.note
    assert spec.clamp(9.0) == a.max and spec.clamp(0.0) == a.min


@settings(deadline=None)  # the first example reads the data
@given(st.floats(1, 1e7), st.sampled_from([1.0, 1.5, 2.0, 5.0]))
def test_data_slider_default_is_the_figure_and_max_the_stated_multiple(
    value: float, multiple: float
) -> None:
    found = with_values(shipped(), {"data_slider_max_multiple": multiple})
    spec = data_slider(
        "k", value, label_en="k", label_ko="k", unit="krw_bn", source_id="s1", assumptions=found
    )
    assert spec.value == value and spec.min == 0 and spec.max == value * multiple
    assert spec.step > 0 and spec.basis == "data"
    assert spec.bounds_from == "data_slider_max_multiple"


def test_rate_slider_is_a_band_around_the_data_rate(real) -> None:
    band = real["fx_slider_band"].value
    spec = rate_slider(
        "krw", 1350.0, label_en="r", label_ko="r", unit="per_usd", source_id="s", assumptions=real
    )
    assert spec.value == 1350.0 and spec.bounds_from == "fx_slider_band"
    assert spec.min == pytest.approx(1350 * (1 - band)) and spec.max == pytest.approx(
        1350 * (1 + band)
    )


@given(st.floats(1e-6, 1e12))
def test_nice_step_is_a_1_2_5_step_near_a_200th(span: float) -> None:
    step = nice_step(span)
    assert span / 200 <= step * (1 + 1e-12) and step < span / 200 * 10 + 1e-300
    mantissa = step / 10 ** int(f"{step:e}".split("e")[1])
    assert round(mantissa, 6) in (1.0, 2.0, 5.0)


def test_with_values_changes_the_value_only(real) -> None:
    changed = with_values(real, {"pue": 1.1})
    assert changed["pue"].value == 1.1 and changed["pue"].max == real["pue"].max
    assert real["pue"].value != 1.1  # the original is untouched
    with pytest.raises(AssumptionsError, match="missing row"):
        with_values(real, {"no_such_parameter": 1})
