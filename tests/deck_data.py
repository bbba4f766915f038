"""A small data folder for the deck's tests (test_export, test_deck, test_slides,
test_restyle): inline CSV plus the repository's datapackage.json and assumptions, and the
helpers those tests share. The built decks are session fixtures in conftest.py, so the
files that check them share one build per worker.
"""

from __future__ import annotations

import csv
import os
import shutil
import struct
from pathlib import Path

import pytest

from dashboard import DEFAULT_DATA_DIR
from dashboard.charts import figures

IN_CI = os.environ.get("CI") == "true"

# -- a small data folder ------------------------------------------------------------------

ENTITIES = """id,kind,name_en,name_ko,country,color
KOR,country,South Korea,한국,KOR,#0072B2
CHN,country,China,중국,CHN,#D55E00
FRA,country,France,프랑스,FRA,#009E73
USA,country,United States,미국,USA,#CC79A7
GBR,country,United Kingdom,영국,GBR,#E69F00
JPN,country,Japan,일본,JPN,#56B4E9
DEU,country,Germany,독일,DEU,#000000
XAI,company,xAI,xAI,USA,#E7298A
WLD,group,World,세계,,#555555
"""
METRICS = """metric,topic,label_en,label_ko,unit,description_en,description_ko,higher_is_better
gpus_held,compute,GPUs held,보유 GPU,gpu,d,d,true
gpus_planned,compute,Planned GPUs,확보 계획 GPU,gpu,d,d,true
gpus_pledged,compute,Pledged GPUs,공약 GPU,gpu,d,d,true
share_global_gpu_cluster_performance,compute,Cluster share,클러스터 점유율,percent,d,d,true
ai_compute_h100e,compute,AI compute,AI 연산 역량,h100e,d,d,true
tracked_cluster_growth,compute,Cluster growth,클러스터 증가 배수,factor_per_year,d,d,true
newly_funded_ai_companies,companies,Newly funded AI firms,신규 투자 AI 기업,count,d,d,true
ai_companies_total,companies,AI companies (total),AI 기업 수(전체),count,d,d,true
tortoise_rank,rankings,Tortoise overall rank,토터스 종합 순위,rank,d,d,false
tortoise_operating_environment_rank,rankings,Operating environment,운영환경,rank,d,d,false
private_ai_investment,investment,Private AI investment,민간 AI 투자,currency_bn,d,d,true
national_ai_plan,investment,National AI plan,국가 AI 계획,currency_bn,d,d,true
private_ai_infrastructure_pledge,investment,AI pledge,AI 인프라 약속,currency_bn,d,d,true
population,context,Population,인구,people_m,d,d,true
gdp,context,GDP,국내총생산,currency_bn,d,d,true
fx_per_usd,context,Exchange rate,환율,per_usd,d,d,true
"""
SOURCES = """source_id,title,publisher,published,url,kind,accessed,note
gov,Government GPU briefing,Ministry Daily,2025-02-17,https://example.org/gov-gpu,official,2026-01-10,
index,AI Index report,Stanford HAI,2025-04,https://example.org/ai-index,index,2026-01-10,
rank,Global AI Index,Tortoise Media,2024-09-19,https://example.org/tortoise,index,2026-01-10,
press,Company cluster claim,Tech Press,2024-07-22,https://example.org/cluster,press,2026-01-10,
art,The innovation dilemma,Article Weekly,2025,https://example.org/article,article,2026-01-10,
fx,Reference rates,Central Bank,2025,https://example.org/fx,official,2026-01-10,
epoch,GPU cluster dataset,Epoch AI,2025-10-22,https://example.org/epoch,research,2026-01-10,
"""
CLAIMS = """claim_id,source_id,topic,text_en,text_ko,verdict,note_en,note_ko
kor_35th,art,rankings,Korea ranks 35th,한국 35위,contradicted,A sub-pillar rank,세부 부문 순위
"""
OBS = "entity,metric,year,period_start,value,source_id,status,confidence,claim_id,note,note_ko"
COMPUTE = (
    OBS
    + """,gpu_type
KOR,gpus_held,2023,,2000,gov,estimate,medium,,,,
KOR,gpus_held,2025,,65000,press,estimate,medium,,,,
KOR,gpus_planned,2028,,50000,gov,planned,high,,,,
KOR,gpus_pledged,2025,,50000,art,pledged,medium,,,,
CHN,gpus_held,2025,,350000,art,estimate,low,,,,H100
XAI,gpus_held,2024,,100000,press,actual,medium,,,,H100
KOR,share_global_gpu_cluster_performance,2025,,0.5,epoch,estimate,medium,,,,
CHN,share_global_gpu_cluster_performance,2025,,12.9,epoch,estimate,medium,,,,
USA,share_global_gpu_cluster_performance,2025,,73.3,epoch,estimate,medium,,,,
WLD,ai_compute_h100e,2025,,17100000,index,estimate,medium,,,,
WLD,tracked_cluster_growth,2024,2023,4,epoch,estimate,medium,,,,
WLD,tracked_cluster_growth,2025,2024,2,epoch,estimate,medium,,,,
KOR,tracked_cluster_growth,2024,2023,2,epoch,estimate,medium,,,,
KOR,tracked_cluster_growth,2025,2024,2,epoch,estimate,medium,,,,
USA,tracked_cluster_growth,2024,2023,4,epoch,estimate,medium,,,,
USA,tracked_cluster_growth,2025,2024,2,epoch,estimate,medium,,,,
"""
)
COMPANIES = (
    OBS
    + """
KOR,newly_funded_ai_companies,2024,,52,index,actual,high,,,
USA,newly_funded_ai_companies,2024,,1073,index,actual,high,,,
CHN,newly_funded_ai_companies,2024,,98,index,actual,high,,,
KOR,ai_companies_total,2024,,2517,gov,actual,high,,,
CHN,ai_companies_total,2025,,4300,art,actual,low,,,
"""
)
RANKINGS = (
    OBS
    + """,edition,out_of,category
KOR,tortoise_rank,2024,,6,rank,actual,medium,,,,2024,83,
KOR,tortoise_rank,2023,,6,rank,actual,medium,,,,2023,62,
CHN,tortoise_rank,2024,,2,rank,actual,medium,,,,2024,83,
USA,tortoise_rank,2024,,1,rank,actual,medium,,,,2024,83,
KOR,tortoise_operating_environment_rank,2024,,35,art,actual,low,kor_35th,,,2024,83,
"""
)
INVESTMENT = (
    OBS
    + """,currency
USA,private_ai_investment,2024,,109.08,index,actual,high,,,,USD
KOR,private_ai_investment,2024,,1.33,index,actual,high,,,,USD
CHN,private_ai_investment,2024,,9.29,index,actual,high,,,,USD
KOR,national_ai_plan,2030,2025,100000,art,pledged,medium,,,,KRW
USA,private_ai_infrastructure_pledge,2029,2025,500,press,pledged,medium,,,,USD
"""
)
CONTEXT = (
    OBS
    + """,currency
KOR,population,2024,,51.7,fx,actual,high,,,,
KOR,gdp,2024,,1870,fx,actual,high,,,,USD
KOR,fx_per_usd,2025,,1363.5,fx,actual,high,,,,KRW
"""
)
# One path, named as the shipped story's slide names it: the 2028 plan reached in 2028.
PRESETS = """preset,step,row,mode,year,label_en,label_ko,note_en,note_ko
official_path,1,KOR/gpus_planned/2028/gov,reach,2028,The 2028 plan,2028년 계획,n,n
"""
FILES = {
    "entities.csv": ENTITIES,
    "metrics.csv": METRICS,
    "sources.csv": SOURCES,
    "claims.csv": CLAIMS,
    "compute.csv": COMPUTE,
    "companies.csv": COMPANIES,
    "rankings.csv": RANKINGS,
    "investment.csv": INVESTMENT,
    "context.csv": CONTEXT,
    "presets.csv": PRESETS,
}


def make_data(folder: Path) -> Path:
    """A small, valid data folder: inline CSV and the repository's datapackage.json."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(DEFAULT_DATA_DIR / "datapackage.json", folder / "datapackage.json")
    shutil.copy(DEFAULT_DATA_DIR / "assumptions.csv", folder / "assumptions.csv")
    for name, text in FILES.items():
        (folder / name).write_text(text, encoding="utf-8")
    # The what-if slides need the scenario assumptions and the sources they cite.
    with open(folder / "assumptions.csv", encoding="utf-8", newline="") as fh:
        cited = sorted({r["source_id"] for r in csv.DictReader(fh)} - {""})
    with open(folder / "sources.csv", "a", encoding="utf-8") as fh:
        fh.writelines(
            f"{s},Cost study,Research Desk,2025,https://example.org/{s},research,2026-01-10,\n"
            for s in cited
        )
    return folder


def registered_slides(story) -> list:
    return [s for s in story.slides if s.chart in figures.CHARTS]


def png_size(blob: bytes) -> tuple[int, int]:
    assert blob[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", blob[16:24])


def needs(tool_ok: bool, what: str) -> None:
    if not tool_ok:
        if IN_CI:
            pytest.fail(f"{what} is missing in CI (make sysdeps installs it)")
        pytest.skip(f"{what} is not installed here")
