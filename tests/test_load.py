"""The loading layer on a tiny inline folder, on the real data and with a country added."""

from __future__ import annotations

import json
from pathlib import Path

from dashboard import DEFAULT_DATA_DIR
from dashboard.data.load import load
from tests.conftest import DataCopy

HEADER = "entity,metric,year,period_start,value,source_id,status,confidence,claim_id,note,note_ko"
MINI = {
    "entities.csv": """id,kind,name_en,name_ko,country,color
KOR,country,South Korea,한국,KOR,#0072B2
CHN,country,China,중국,CHN,#D55E00
USA,country,United States,미국,USA,#CC79A7
XAI,company,xAI,xAI,USA,#444444
""",
    "metrics.csv": "metric,topic,label_en,label_ko,unit,description_en,description_ko,"
    + """higher_is_better
gpus_held,compute,GPUs held,보유 GPU,gpu,d,d,true
newly_funded_ai_companies,companies,Newly funded AI companies,신규 투자 AI 기업,count,d,d,true
tortoise_rank,rankings,Tortoise rank,토터스 순위,rank,d,d,false
private_ai_investment,investment,Private AI investment,민간 AI 투자,currency_bn,d,d,true
national_ai_plan,investment,National AI plan,국가 AI 계획,currency_bn,d,d,true
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
KOR,gpus_held,2023,,2000,s1,actual,medium,c1,n,n,H100
KOR,gpus_held,2023,,3000,s2,estimate,low,c1,n,n,
CHN,gpus_held,2024,,350000,s1,estimate,low,,n,n,H100
XAI,gpus_held,2024,,100000,s1,actual,medium,,n,n,H100
""",
    "companies.csv": HEADER
    + """
KOR,newly_funded_ai_companies,2023,,40,s2,actual,high,,,
KOR,newly_funded_ai_companies,2024,,45,s2,actual,high,,,
USA,newly_funded_ai_companies,2024,,1073,s2,actual,high,,,
""",
    "rankings.csv": HEADER
    + """,edition,out_of,category
KOR,tortoise_rank,2024,,6,s2,actual,high,,,,2024,83,
CHN,tortoise_rank,2024,,2,s2,actual,high,,,,2024,83,
""",
    "investment.csv": HEADER
    + """,currency
USA,private_ai_investment,2024,,109.08,s2,actual,high,,,,USD
KOR,private_ai_investment,2024,,1.33,s2,actual,high,,,,USD
KOR,national_ai_plan,2030,2026,100000,s1,pledged,medium,,,,KRW
""",
    "context.csv": HEADER
    + """,currency
KOR,population,2024,,51.7,s2,actual,high,,,,
KOR,gdp,2024,,1870,s2,actual,high,,,,USD
KOR,fx_per_usd,2024,,1363.5,s2,actual,high,,,,KRW
KOR,fx_per_usd,2023,,1306.85,s2,actual,high,,,,KRW
""",
}


def write_mini(tmp_path: Path) -> Path:
    """A small, valid data folder (written inline so tests do not depend on data/). Its
    descriptor is the real one without the scenario assumptions, which this folder
    does not have: an older data folder, still valid."""
    folder = tmp_path / "mini"
    folder.mkdir()
    descriptor = json.loads((DEFAULT_DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    newer = {
        "assumptions",
        "presets",
        "editions",
        "releases",
        "changelog",
        "events",
        "gaps",
        "projections",
    }
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] not in newer]
    for resource in descriptor["resources"]:  # ... and columns
        fields = resource["schema"]["fields"]
        fields[:] = [
            f for f in fields if f["name"] not in ("superseded_by", "supersedes", "series")
        ]
        if resource["name"] != "rankings":
            fields[:] = [f for f in fields if f["name"] != "edition"]
    (folder / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    for name, text in MINI.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


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
