"""The assumptions: checked by the shared data checks, read from `Data.assumptions`;
also the small data folder the scenario tests share.

`make_folder` writes a small, valid data folder inline (so the scenario tests do not
depend on the real figures) with a copy of data/assumptions.csv and its sources.
"""

from __future__ import annotations

import csv
import json
import shutil
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
from tests.conftest import DataCopy

HEADER = "entity,metric,year,period_start,value,source_id,status,confidence,claim_id,note,note_ko"
# Test figures, chosen for easy hand arithmetic; they are not the project's data.
MINI = {
    "entities.csv": """id,kind,name_en,name_ko,country,color
KOR,country,South Korea,한국,KOR,#0072B2
CHN,country,China,중국,CHN,#D55E00
FRA,country,France,프랑스,FRA,#009E73
USA,country,United States,미국,USA,#CC79A7
XAI,company,xAI,xAI,USA,#444444
WLD,group,World,세계,,#555555
""",
    "metrics.csv": "metric,topic,label_en,label_ko,unit,description_en,description_ko,"
    """higher_is_better
gpus_held,compute,GPUs held,보유 GPU,gpu,d,d,true
gpus_planned,compute,Planned GPUs,확보 계획 GPU,gpu,d,d,true
gpus_pledged,compute,Pledged GPUs,공약 GPU,gpu,d,d,true
gpus_deal,compute,GPU supply deal,GPU 공급 계약,gpu,d,d,true
gpus_deal_government,compute,Deal: government,계약 중 정부,gpu,d,d,true
gpus_procured,compute,GPUs procured,조달 GPU,gpu,d,d,true
cluster_power_mw,compute,Data-centre power,데이터센터 전력,mw,d,d,true
share_global_ai_compute,compute,Share owned,보유 점유율,percent,d,d,true
share_global_gpu_cluster_performance,compute,Cluster share,클러스터 점유율,percent,d,d,true
ai_compute_h100e,compute,AI compute,AI 연산 역량,h100e,d,d,true
tracked_cluster_growth,compute,Cluster growth,클러스터 증가 배수,factor_per_year,d,d,true
newly_funded_ai_companies,companies,Newly funded AI companies,신규 투자 AI 기업,count,d,d,true
tortoise_score,rankings,Tortoise score,토터스 점수,score,d,d,true
tortoise_rank,rankings,Tortoise rank,토터스 순위,rank,d,d,false
private_ai_investment,investment,Private AI investment,민간 AI 투자,currency_bn,d,d,true
national_ai_plan,investment,National AI plan,국가 AI 계획,currency_bn,d,d,true
private_ai_infrastructure_pledge,investment,Private pledge,민간 약속,currency_bn,d,d,true
state_ai_fund,investment,State fund,국가 펀드,currency_bn,d,d,true
ai_investment_forecast,investment,Forecast,전망,currency_bn,d,d,true
population,context,Population,인구,people_m,d,d,true
gdp,context,GDP,GDP,currency_bn,d,d,true
fx_per_usd,context,Exchange rate,환율,per_usd,d,d,true
""",
    "sources.csv": """source_id,title,publisher,published,url,kind,accessed,note
s1,Some source,Pub A,2024-01-02,https://example.org/a,article,2026-11-22,
s2,Other source,Pub B,2025,https://example.org/b,index,2026-11-22,
""",
    "claims.csv": """claim_id,source_id,topic,text_en,text_ko,verdict,note_en,note_ko
c1,s1,compute,Korea has 2000 H100,한국 H100 2000개,clarified,note,노트
""",
    "compute.csv": HEADER
    + """,gpu_type
KOR,gpus_held,2024,,2000,s1,estimate,medium,c1,n,n,H100
KOR,gpus_held,2023,,1000,s2,estimate,medium,,n,n,
CHN,gpus_held,2024,,100000,s1,estimate,low,,n,n,H20
USA,gpus_held,2024,,500000,s2,estimate,low,,n,n,mixed
XAI,gpus_held,2024,,100000,s1,actual,medium,,n,n,H100
KOR,gpus_planned,2028,,50000,s1,planned,medium,,n,n,
KOR,gpus_pledged,2030,2026,50000,s2,pledged,medium,,n,n,B200
KOR,gpus_deal,2025,,260000,s2,planned,medium,,n,n,Blackwell
KOR,gpus_deal_government,2025,,50000,s2,planned,medium,,n,n,Blackwell
KOR,gpus_procured,2025,,10000,s1,actual,medium,,n,n,B200/H200
FRA,cluster_power_mw,2028,2027,100,s1,planned,medium,,n,n,
CHN,share_global_ai_compute,2025,,5.7,s2,estimate,medium,,n,n,
USA,share_global_ai_compute,2025,,77.7,s2,estimate,medium,,n,n,
CHN,gpus_planned,2025,,115000,s1,planned,medium,,n,n,H100
KOR,share_global_gpu_cluster_performance,2025,,0.5,s2,estimate,medium,,n,n,
CHN,share_global_gpu_cluster_performance,2025,,12.9,s2,estimate,medium,,n,n,
FRA,share_global_gpu_cluster_performance,2025,,1.3,s2,estimate,medium,,n,n,
USA,share_global_gpu_cluster_performance,2025,,73.3,s2,estimate,medium,,n,n,
WLD,ai_compute_h100e,2025,,17100000,s2,estimate,medium,,n,n,
WLD,tracked_cluster_growth,2025,2024,2,s2,estimate,medium,,n,n,
KOR,tracked_cluster_growth,2025,2024,2,s2,estimate,medium,,n,n,
USA,tracked_cluster_growth,2025,2024,3,s2,estimate,medium,,n,n,
""",
    "presets.csv": """preset,step,row,mode,year,label_en,label_ko,note_en,note_ko
plan_2028,1,KOR/gpus_procured/2025/s1,add,2026,The 2028 plan,2028년 계획,n,n
plan_2028,2,KOR/gpus_planned/2028/s1,reach,2028,The 2028 plan,2028년 계획,n,n
""",
    "companies.csv": HEADER
    + """
KOR,newly_funded_ai_companies,2024,,52,s2,actual,high,,,
CHN,newly_funded_ai_companies,2024,,98,s2,actual,high,,,
FRA,newly_funded_ai_companies,2024,,59,s2,actual,high,,,
USA,newly_funded_ai_companies,2024,,1073,s2,actual,high,,,
""",
    "rankings.csv": HEADER
    + """,edition,out_of,category
USA,tortoise_score,2024,,100,s2,actual,high,,,,2024,,
CHN,tortoise_score,2024,,53.88,s2,actual,high,,,,2024,,
FRA,tortoise_score,2024,,28.09,s2,actual,high,,,,2024,,
KOR,tortoise_score,2024,,27.26,s2,actual,high,,,,2024,,
KOR,tortoise_rank,2024,,6,s2,actual,high,,,,2024,83,
""",
    "investment.csv": HEADER
    + """,currency
USA,private_ai_investment,2024,,109.08,s2,actual,high,,,,USD
CHN,private_ai_investment,2024,,9.29,s2,actual,high,,,,USD
FRA,private_ai_investment,2024,,2.62,s2,actual,high,,,,USD
KOR,private_ai_investment,2024,,1.33,s2,actual,high,,,,USD
KOR,national_ai_plan,2030,2026,100000,s1,pledged,medium,,,,KRW
KOR,national_ai_plan,2025,,100000,s2,pledged,medium,,,,KRW
USA,private_ai_infrastructure_pledge,2028,2025,500,s1,pledged,medium,,,,USD
FRA,national_ai_plan,2025,,109,s1,pledged,medium,,,,EUR
CHN,state_ai_fund,2025,,60,s1,actual,medium,,,,CNY
CHN,state_ai_fund,2045,2026,1000,s1,planned,medium,,,,CNY
CHN,ai_investment_forecast,2030,2024,10000,s1,forecast,medium,,,,CNY
""",
    "context.csv": HEADER
    + """,currency
KOR,population,2024,,50,s2,actual,high,,,,
CHN,population,2024,,1400,s2,actual,high,,,,
FRA,population,2024,,68,s2,actual,high,,,,
USA,population,2024,,340,s2,actual,high,,,,
KOR,gdp,2024,,1800,s2,actual,high,,,,USD
CHN,gdp,2024,,18000,s2,actual,high,,,,USD
USA,gdp,2024,,28000,s2,actual,high,,,,USD
KOR,fx_per_usd,2024,,1350,s2,actual,high,,,,KRW
CHN,fx_per_usd,2024,,7.2,s2,actual,high,,,,CNY
FRA,fx_per_usd,2024,,0.9,s2,actual,high,,,,EUR
""",
}


def assumption_source_ids(folder: Path = DEFAULT_DATA_DIR) -> set[str]:
    with open(folder / FILE, encoding="utf-8-sig", newline="") as fh:
        return {r["source_id"] for r in csv.DictReader(fh) if r["source_id"]}


def make_folder(target: Path) -> Path:
    """A small valid data folder at `target`: the real datapackage.json and
    assumptions.csv, the MINI tables, and a test row for each source the assumptions
    cite (so the shared checks find every reference)."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(DEFAULT_DATA_DIR / "datapackage.json", target / "datapackage.json")
    shutil.copy(DEFAULT_DATA_DIR / FILE, target / FILE)
    for name, text in MINI.items():
        (target / name).write_text(text, encoding="utf-8")
    extra = "".join(
        f"{s},Test source {s},Pub,2025,https://example.org/{s},research,2026-11-22,\n"
        for s in sorted(assumption_source_ids())
    )
    with open(target / "sources.csv", "a", encoding="utf-8") as fh:
        fh.write(extra)
    return target


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
