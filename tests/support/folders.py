"""The small data folders tests build inline, so a code test does not depend on data/:
`write_mini` (an older, still valid folder without the scenario files, for loading
and views), `make_folder` (with the real assumptions, for the what-if model) and
`make_data` (with presets and context rows, for decks and briefings)."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

from dashboard import DEFAULT_DATA_DIR
from dashboard.data.load import Data, load
from dashboard.model.scenarios.assumptions import FILE, Assumption, assumptions_from

OBS_HEADER = (
    "entity,metric,year,period_start,value,source_id,status,confidence,claim_id,note,note_ko"
)
# The sources and the claim both small folders cite.
MINI_SOURCES = """source_id,title,publisher,published,url,kind,accessed,note
s1,Some source,Pub A,2024-01-02,https://example.org/a,article,2026-11-22,
s2,Other source,Pub B,2025,https://example.org/b,index,2026-11-22,
"""
MINI_CLAIMS = """claim_id,source_id,topic,text_en,text_ko,verdict,note_en,note_ko
c1,s1,compute,Korea has 2000 H100,한국 H100 2000개,clarified,note,노트
"""
LOAD_MINI = {
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
    "sources.csv": MINI_SOURCES,
    "claims.csv": MINI_CLAIMS,
    "compute.csv": OBS_HEADER
    + """,gpu_type
KOR,gpus_held,2023,,2000,s1,actual,medium,c1,n,n,H100
KOR,gpus_held,2023,,3000,s2,estimate,low,c1,n,n,
CHN,gpus_held,2024,,350000,s1,estimate,low,,n,n,H100
XAI,gpus_held,2024,,100000,s1,actual,medium,,n,n,H100
""",
    "companies.csv": OBS_HEADER
    + """
KOR,newly_funded_ai_companies,2023,,40,s2,actual,high,,,
KOR,newly_funded_ai_companies,2024,,45,s2,actual,high,,,
USA,newly_funded_ai_companies,2024,,1073,s2,actual,high,,,
""",
    "rankings.csv": OBS_HEADER
    + """,edition,out_of,category
KOR,tortoise_rank,2024,,6,s2,actual,high,,,,2024,83,
CHN,tortoise_rank,2024,,2,s2,actual,high,,,,2024,83,
""",
    "investment.csv": OBS_HEADER
    + """,currency
USA,private_ai_investment,2024,,109.08,s2,actual,high,,,,USD
KOR,private_ai_investment,2024,,1.33,s2,actual,high,,,,USD
KOR,national_ai_plan,2030,2026,100000,s1,pledged,medium,,,,KRW
""",
    "context.csv": OBS_HEADER
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
    for name, text in LOAD_MINI.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


# Test figures, chosen for easy hand arithmetic; they are not the project's data.
SCENARIO_MINI = {
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
    "sources.csv": MINI_SOURCES,
    "claims.csv": MINI_CLAIMS,
    "compute.csv": OBS_HEADER
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
    "companies.csv": OBS_HEADER
    + """
KOR,newly_funded_ai_companies,2024,,52,s2,actual,high,,,
CHN,newly_funded_ai_companies,2024,,98,s2,actual,high,,,
FRA,newly_funded_ai_companies,2024,,59,s2,actual,high,,,
USA,newly_funded_ai_companies,2024,,1073,s2,actual,high,,,
""",
    "rankings.csv": OBS_HEADER
    + """,edition,out_of,category
USA,tortoise_score,2024,,100,s2,actual,high,,,,2024,,
CHN,tortoise_score,2024,,53.88,s2,actual,high,,,,2024,,
FRA,tortoise_score,2024,,28.09,s2,actual,high,,,,2024,,
KOR,tortoise_score,2024,,27.26,s2,actual,high,,,,2024,,
KOR,tortoise_rank,2024,,6,s2,actual,high,,,,2024,83,
""",
    "investment.csv": OBS_HEADER
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
    "context.csv": OBS_HEADER
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
    assumptions.csv, the SCENARIO_MINI tables, and a test row for each source the assumptions
    cite (so the shared checks find every reference)."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(DEFAULT_DATA_DIR / "datapackage.json", target / "datapackage.json")
    shutil.copy(DEFAULT_DATA_DIR / FILE, target / FILE)
    for name, text in SCENARIO_MINI.items():
        (target / name).write_text(text, encoding="utf-8")
    extra = "".join(
        f"{s},Test source {s},Pub,2025,https://example.org/{s},research,2026-11-22,\n"
        for s in sorted(assumption_source_ids())
    )
    with open(target / "sources.csv", "a", encoding="utf-8") as fh:
        fh.write(extra)
    return target


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


def scenario_mini(factory, name: str) -> tuple[Data, dict[str, Assumption]]:
    """The what-if model's small folder (`make_folder`), loaded, with its assumptions."""
    data = load(make_folder(factory.mktemp(name)))
    return data, assumptions_from(data)
