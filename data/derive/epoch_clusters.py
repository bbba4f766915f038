"""Epoch AI's GPU Clusters dataset -> the tracked-cluster rows of `compute.csv`.

Three measures, one set of filters, one H100-equivalent basis:

- `share_global_gpu_cluster_performance`: a country's share of the 16-bit performance of
  the clusters Epoch tracks, by location, on 15 Oct 2025 (source
  `epoch_gpu_clusters_dataset_2025_10`);
- `tracked_cluster_h100e`: the same performance as a total, in H100-equivalents (source
  `epoch_gpu_clusters_copy_2025_10`: these replace the totals of release 2026.12, which
  summed Epoch's own "H100 equivalents" column, a different basis);
- `tracked_cluster_growth`: the yearly factor of that total, 15 Oct to 15 Oct, 2022-2025,
  with the number of clusters at both ends in the note.

The filters are `stock()`; data/derive/README.md gives the evidence for each choice and the
comparison with Epoch's own published shares.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from data.derive.common import DeriveError, number, percent, thousands

SCRIPT = "data/derive/epoch_clusters.py"
INPUT = "epoch_gpu_clusters_2025_10"  # manifest.toml
TARGET = "compute.csv"

SHARE = "share_global_gpu_cluster_performance"
TOTAL = "tracked_cluster_h100e"
GROWTH = "tracked_cluster_growth"
SOURCE = "epoch_gpu_clusters_dataset_2025_10"
SOURCE_TOTALS = "epoch_gpu_clusters_copy_2025_10"
SOURCES = {SHARE: SOURCE, TOTAL: SOURCE_TOTALS, GROWTH: SOURCE}
# The totals of release 2026.12 (Epoch's H100e column) that the 16-bit totals replace: kept,
# superseded, and still derived figures (their notes name this script).
REPLACED = {TOTAL: SOURCE}
EDITION = "2025-10"
WORLD, EU = "WLD", "EUU"

# The snapshot's date for the shares and totals: the copy is Epoch's Oct 2025 snapshot (page
# updated 22 Oct 2025); 15 Oct keeps the yearly growth on the same day of every year.
AS_OF = pd.Timestamp("2025-10-15")
# Growth factor of year Y: from 15 Oct Y-1 to 15 Oct Y.
GROWTH_YEARS = (2023, 2024, 2025)
# Epoch's focus ("the 501 AI clusters which became operational in 2019 or later, since these
# are most relevant to modern AI training"): earlier records are not counted.
FIRST_DAY = pd.Timestamp("2019-01-01")
# Epoch's own published shares, for the comparison in the notes: "As of May 2025, the United
# States contains about three-quarters of global GPU cluster performance, with China in
# second place with 15%" (epoch.ai/data-insights/ai-supercomputers-performance-share-by-country).
EPOCH_DATE = pd.Timestamp("2025-05-31")
EPOCH_PUBLISHED = {"USA": 75.0, "CHN": 15.0}
EPOCH_RECORDS_THEN = 728  # the dataset that insight used

# Precision: Epoch's share analysis and its trends paper use 16-bit performance, which the
# dataset gives for more records than 8-bit (Chinese records mostly lack an 8-bit figure).
# H100e = 16-bit OP/s / 989.4 TFLOP/s, the H100 SXM5's dense 16-bit rate in this dataset
# (9.894e14 per chip) and in data/assumptions.csv. For chips whose 8-bit rate is twice their
# 16-bit rate (most tracked records), this equals the peak-8-bit H100e of Epoch's chip-sales
# data. Epoch's "H100 equivalents" column is not used: it divides each record's highest
# reported rate by the H100's 8-bit rate, so a record with no 8-bit figure counts half.
H100_16BIT = 989.4e12

# Status: "Existing" and "Decommissioned" records were operational (the latter until their
# decommissioning date); "Planned" ones were not, whatever date they carry.
OPERATIONAL = ("Existing", "Decommissioned")

# Epoch's country names (ISO 3166 English short names) -> ISO 3166-1 alpha-3. A name not
# listed is an error, so a new snapshot cannot drop a country silently. Hong Kong and Taiwan
# are separate entries in Epoch's data and stay so.
COUNTRY_ISO3 = {
    "Australia": "AUS",
    "Brazil": "BRA",
    "Canada": "CAN",
    "China": "CHN",
    "Czechia": "CZE",
    "Denmark": "DNK",
    "Finland": "FIN",
    "France": "FRA",
    "Germany": "DEU",
    "Hong Kong": "HKG",
    "Iceland": "ISL",
    "India": "IND",
    "Indonesia": "IDN",
    "Israel": "ISR",
    "Italy": "ITA",
    "Japan": "JPN",
    "Korea (Republic of)": "KOR",
    "Luxembourg": "LUX",
    "Malaysia": "MYS",
    "Mexico": "MEX",
    "Netherlands": "NLD",
    "Norway": "NOR",
    "Philippines (the)": "PHL",
    "Poland": "POL",
    "Russia": "RUS",
    "Saudi Arabia": "SAU",
    "Singapore": "SGP",
    "Slovenia": "SVN",
    "Spain": "ESP",
    "Sweden": "SWE",
    "Switzerland": "CHE",
    "Taiwan": "TWN",
    "Thailand": "THA",
    "United Arab Emirates": "ARE",
    "United Kingdom of Great Britain and Northern Ireland": "GBR",
    "United States of America": "USA",
    "Vietnam": "VNM",
}
# The 27 member states of the European Union (since 1 Feb 2020): EUU is their sum.
EU_MEMBERS = frozenset(
    ["AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC", "HUN",
     "IRL", "ITA", "LVA", "LTU", "LUX", "MLT", "NLD", "POL", "PRT", "ROU", "SVK", "SVN", "ESP",
     "SWE"]
)  # fmt: skip

COLUMNS = {
    "name": "Name",
    "status": "Status",
    "country": "Country",
    "first_operational": "First Operational Date",
    "decommissioned": "Decommissioned Date (if applicable)",
    "superseded_by": "Superseded by",
    "standard": "Include in Standard Analysis",
    "ops16": "16-bit OP/s",
    "h100e_column": "H100 equivalents",
}


@dataclass(frozen=True)
class Filter:
    """One reading of the dataset. The chosen one is `CHOSEN`; the others bound the range."""

    standard_only: bool  # only records Epoch flags for its standard analysis
    drop_superseded: bool  # an upgraded cluster's earlier record ends when the upgrade starts


CHOSEN = Filter(standard_only=True, drop_superseded=True)
VARIANTS = (
    CHOSEN,
    Filter(standard_only=True, drop_superseded=False),
    Filter(standard_only=False, drop_superseded=True),
    Filter(standard_only=False, drop_superseded=False),
)


def _dates(raw: pd.Series, column: str, names: pd.Series) -> pd.Series:
    text = raw.fillna("").astype(str).str.strip()
    parsed = pd.to_datetime(text.where(text != ""), errors="coerce", format="mixed")
    bad = (text != "") & parsed.isna()
    if bad.any():
        first = bad.idxmax()
        raise DeriveError(f"{column}: {text[first]!r} is not a date (record {names[first]!r})")
    return parsed


def _numbers(raw: pd.Series, column: str, names: pd.Series) -> pd.Series:
    text = raw.fillna("").astype(str).str.strip()
    parsed = pd.to_numeric(text.where(text != ""), errors="coerce")
    bad = (text != "") & parsed.isna()
    if bad.any():
        first = bad.idxmax()
        raise DeriveError(f"{column}: {text[first]!r} is not a number (record {names[first]!r})")
    return parsed


def prepare(raw: pd.DataFrame) -> pd.DataFrame:
    """The dataset's records with what the filters need, typed; an unknown country, an
    unreadable date or number, or a successor that names no single record is an error."""
    missing = [c for c in COLUMNS.values() if c not in raw.columns]
    if missing:
        raise DeriveError(f"the GPU-cluster file lacks the columns {missing}")
    names = raw[COLUMNS["name"]].fillna("").astype(str)
    country = raw[COLUMNS["country"]].fillna("").astype(str).str.strip()
    unknown = sorted(set(country[country != ""]) - set(COUNTRY_ISO3))
    if unknown:
        raise DeriveError(f"{COLUMNS['country']}: no ISO code for {unknown} (add to COUNTRY_ISO3)")
    ops16 = _numbers(raw[COLUMNS["ops16"]], COLUMNS["ops16"], names)
    column = _numbers(raw[COLUMNS["h100e_column"]], COLUMNS["h100e_column"], names)
    first = _dates(raw[COLUMNS["first_operational"]], COLUMNS["first_operational"], names)
    successor = raw[COLUMNS["superseded_by"]].fillna("").astype(str).str.strip()
    counts = names.value_counts()
    dangling = sorted({s for s in successor if s and counts.get(s, 0) != 1})
    if dangling:
        raise DeriveError(f"{COLUMNS['superseded_by']}: no single record named {dangling}")
    start_of = dict(zip(names, first, strict=True))
    return pd.DataFrame(
        {
            "name": names,
            "status": raw[COLUMNS["status"]].fillna("").astype(str).str.strip(),
            "iso3": country.map(COUNTRY_ISO3),
            "first_operational": first,
            "decommissioned": _dates(
                raw[COLUMNS["decommissioned"]], COLUMNS["decommissioned"], names
            ),
            "successor_from": pd.to_datetime(successor.map(lambda s: start_of.get(s, pd.NaT))),
            "standard": raw[COLUMNS["standard"]].astype(str).str.strip().str.lower() == "true",
            "h100e": ops16 / H100_16BIT,
            "h100e_column": column,
        }
    )


def stock(clusters: pd.DataFrame, when: pd.Timestamp, how: Filter = CHOSEN) -> pd.DataFrame:
    """The clusters operating on `when` that a reading counts."""
    first = clusters["first_operational"]
    keep = first.notna() & (first >= FIRST_DAY) & (first <= when)
    # Location known: a share by country needs one (Epoch filters the same way).
    keep &= clusters["iso3"].notna()
    # Precision: a record without a 16-bit figure has no value on the basis.
    keep &= clusters["h100e"].notna()
    keep &= clusters["status"].isin(OPERATIONAL)
    ended = clusters["decommissioned"]
    keep &= ~(ended.notna() & (ended <= when))
    if how.standard_only:
        # Epoch's standard-analysis flag leaves out aggregate and doubtful records (many
        # of them Chinese). Epoch sets it on no decommissioned record, so those count while
        # they operated.
        keep &= clusters["standard"] | (clusters["status"] == "Decommissioned")
    if how.drop_superseded:
        # An upgrade is a new record of the whole upgraded cluster ("Builds Upon" /
        # "Superseded by"): counting both from then on would count the cluster twice, and
        # dropping the earlier record before the upgrade runs would lose a cluster that was
        # operating (xAI Colossus Phase 2 between Feb and Jul 2025).
        successor = clusters["successor_from"]
        keep &= ~(successor.notna() & (successor <= when))
    return clusters[keep]


def totals(rows: pd.DataFrame) -> pd.DataFrame:
    """H100e, Epoch's column and cluster count by country, with EUU and WLD."""
    by = rows.groupby("iso3").agg(
        h100e=("h100e", "sum"), column=("h100e_column", "sum"), clusters=("h100e", "size")
    )
    eu = rows[rows["iso3"].isin(EU_MEMBERS)]
    by.loc[EU] = [eu["h100e"].sum(), eu["h100e_column"].sum(), len(eu)]
    by.loc[WORLD] = [rows["h100e"].sum(), rows["h100e_column"].sum(), len(rows)]
    return by


def shares(rows: pd.DataFrame) -> pd.Series:
    table = totals(rows)
    return 100 * table["h100e"] / table.loc[WORLD, "h100e"]


def day(when: pd.Timestamp, lang: str) -> str:
    if lang == "ko":
        return f"{when.year}년 {when.month}월 {when.day}일"
    return f"{when.day} {when:%b} {when.year}"


# ---------------------------------------------------------------- notes

METHOD_EN = (
    "Computed by {script} from Epoch AI's GPU Clusters dataset (Oct 2025 snapshot, pinned "
    "copy; data/derive/README.md): operational clusters in Epoch's standard analysis, first "
    "operational 2019 to {as_of}, an upgraded cluster's earlier record counted until the "
    "upgrade is operational; H100e = 16-bit OP/s / 989.4 TFLOP/s."
)
METHOD_KO = (
    "{script}가 Epoch AI GPU 클러스터 데이터셋(2025년 10월 스냅샷, 고정 사본; "
    "data/derive/README.md)에서 계산: Epoch 표준 분석 대상인 가동 클러스터, 2019년부터 "
    "{as_of}까지 가동 시작, 업그레이드된 클러스터의 이전 기록은 업그레이드 가동 전까지만 "
    "포함; H100 환산 = 16비트 OP/s ÷ 989.4 TFLOP/s."
)
COVERAGE_EN = (
    "The dataset covers an estimated 10-20% of world capacity: a figure of the tracked "
    "clusters, not of all AI compute."
)
COVERAGE_KO = (
    "데이터셋은 세계 용량의 약 10~20%만 포괄하므로 추적된 클러스터의 수치이며 전체 AI 연산 "
    "역량이 아님."
)
LAG_EN = "Recent clusters are reported with a lag, so the last year may be understated."
LAG_KO = "최근 클러스터는 늦게 보고되므로 마지막 해는 과소평가될 수 있음."
FEW_EN = "Fewer than 5 clusters behind it: not a meaningful growth rate on its own."
FEW_KO = "5개 미만의 클러스터에 근거하므로 그 자체로는 의미 있는 증가율이 아님."
MIN_CLUSTERS = 5


def _range(low: float, high: float, lang: str) -> str:
    if percent(low) == percent(high):
        return f"{percent(low)}%"
    return (
        f"{percent(low)}~{percent(high)}%"
        if lang == "ko"
        else f"{percent(low)} to {percent(high)}%"
    )


def _join(*parts: str) -> str:
    return " ".join(p for p in parts if p)


def derive(
    raw: pd.DataFrame,
    entities: list[str],
    remarks: dict[tuple[str, str], tuple[str, str]] | None = None,
    as_of: pd.Timestamp = AS_OF,
    growth_years: tuple[int, ...] = GROWTH_YEARS,
    epoch_date: pd.Timestamp = EPOCH_DATE,
    epoch_published: dict[str, float] | None = None,
) -> list[dict[str, str]]:
    """The rows of compute.csv this derivation produces, for the countries in `entities`
    that have tracked clusters, plus EUU and WLD."""
    remarks = remarks or {}
    published = EPOCH_PUBLISHED if epoch_published is None else epoch_published
    clusters = prepare(raw)
    now = totals(stock(clusters, as_of))
    share_now = shares(stock(clusters, as_of))
    column_share = 100 * now["column"] / now.loc[WORLD, "column"]
    ranges = pd.concat([shares(stock(clusters, as_of, how)) for how in VARIANTS], axis=1)
    then = shares(stock(clusters, epoch_date))
    countries = [e for e in entities if e not in (WORLD, EU) and e in now.index]
    method = {
        "en": METHOD_EN.format(script=SCRIPT, as_of=day(as_of, "en")),
        "ko": METHOD_KO.format(script=SCRIPT, as_of=day(as_of, "ko")),
    }
    common = {
        "period_start": "",
        "status": "estimate",
        "confidence": "medium",
        "claim_id": "",
        "gpu_type": "",
        "edition": EDITION,
        "superseded_by": "",
        "supersedes": "",
    }

    def row(entity: str, metric: str, year: int, value: str, en: str, ko: str, **extra) -> dict:
        remark = remarks.get((entity, metric), ("", ""))
        return {
            **common,
            "entity": entity,
            "metric": metric,
            "year": str(year),
            "value": value,
            "source_id": SOURCES[metric],
            "note": _join(en, remark[0]),
            "note_ko": _join(ko, remark[1]),
            **extra,
        }

    produced = []
    for entity in [*countries, EU]:
        n, total = int(now.loc[entity, "clusters"]), int(now.loc[WORLD, "clusters"])
        lo, hi = ranges.loc[entity].min(), ranges.loc[entity].max()
        en = _join(
            f"Share of the 16-bit performance of the GPU clusters Epoch AI tracks, by location, "
            f"as of {day(as_of, 'en')}: {n} of {total} clusters.",
            method["en"],
            COVERAGE_EN,
            "Method-sensitive: other defensible filters (all records with a 16-bit figure; "
            f"an upgraded cluster's earlier record kept) give {_range(lo, hi, 'en')}.",
        )
        ko = _join(
            f"Epoch AI가 추적하는 GPU 클러스터의 16비트 성능 중 소재지 기준 비중, "
            f"{day(as_of, 'ko')} 기준(전체 {total}개 중 클러스터 {n}개).",
            method["ko"],
            COVERAGE_KO,
            "방법에 민감함: 다른 타당한 기준(16비트 수치가 있는 전체 기록, 업그레이드 전 기록 "
            f"유지)으로는 {_range(lo, hi, 'ko')}.",
        )
        if abs(column_share[entity] - share_now[entity]) >= 1:
            en = _join(
                en,
                f"Epoch's 'H100 equivalents' column, which counts clusters with no 8-bit "
                f"figure at half, would give {percent(column_share[entity])}%.",
            )
            ko = _join(
                ko,
                "8비트 수치가 없는 클러스터를 절반으로 세는 Epoch의 'H100 equivalents' 열로는 "
                f"{percent(column_share[entity])}%.",
            )
        if entity in published:
            gap = then[entity] - published[entity]
            points = f"{abs(gap):.1f}"
            en = _join(
                en,
                f"At Epoch's own date the same method gives {percent(then[entity])}% "
                f"({day(epoch_date, 'en')}), {points} points "
                f"{'below' if gap < 0 else 'above'} Epoch's published "
                f"{number(published[entity], 1)}%: Epoch states its filter only as clusters "
                "with a known country, date and 16-bit figure, used the June 2025 dataset "
                f"({EPOCH_RECORDS_THEN} records; this snapshot has {len(clusters)}) and gives "
                "rounded figures ('about three-quarters', '15%').",
            )
            ko = _join(
                ko,
                f"Epoch 자체 기준일에 같은 방법을 적용하면 {percent(then[entity])}%"
                f"({day(epoch_date, 'ko')})로 Epoch 발표치 {number(published[entity], 1)}%보다 "
                f"{points}%p {'낮음' if gap < 0 else '높음'}: Epoch는 필터를 국가·날짜·16비트 "
                "수치가 알려진 클러스터라고만 밝혔고, 2025년 6월 데이터셋(기록 "
                f"{EPOCH_RECORDS_THEN}개; 이 스냅샷은 {len(clusters)}개)을 썼으며, 수치를 "
                "반올림해 제시함('약 4분의 3', '15%').",
            )
        produced.append(row(entity, SHARE, as_of.year, number(share_now[entity], 1), en, ko))

    for entity in [*countries, EU, WORLD]:
        n = int(now.loc[entity, "clusters"])
        replaced = f"{entity}/{TOTAL}/{as_of.year}/{REPLACED[TOTAL]}"
        en = _join(
            f"Sum of the 16-bit performance of the GPU clusters Epoch AI tracks, by location, "
            f"in H100-equivalents, as of {day(as_of, 'en')} ({n} clusters).",
            method["en"],
            "The same filters and basis as the share and growth rows.",
            COVERAGE_EN,
            f"Epoch's 'H100 equivalents' column gives {thousands(now.loc[entity, 'column'])}: "
            "it divides each cluster's highest reported rate by the H100's 8-bit rate, so "
            "clusters with no 8-bit figure count at half.",
        )
        ko = _join(
            f"Epoch AI가 추적하는 GPU 클러스터(소재지 기준)의 16비트 성능 합계를 H100 환산으로 "
            f"나타낸 값, {day(as_of, 'ko')} 기준(클러스터 {n}개).",
            method["ko"],
            "점유율·증가 배수 행과 같은 기준과 환산.",
            COVERAGE_KO,
            f"Epoch의 'H100 equivalents' 열로는 {thousands(now.loc[entity, 'column'])}: 각 "
            "클러스터의 최고 보고 성능을 H100의 8비트 성능으로 나누므로 8비트 수치가 없는 "
            "클러스터는 절반으로 계산됨.",
        )
        value = number(now.loc[entity, "h100e"], 0)
        produced.append(row(entity, TOTAL, as_of.year, value, en, ko, supersedes=replaced))

    for entity in [WORLD, *countries, EU]:
        whose = {
            WORLD: ("all tracked clusters", "추적된 전체 클러스터"),
            EU: ("the EU member states' tracked clusters", "EU 회원국 추적 클러스터"),
        }.get(entity, ("the country's tracked clusters", "해당 국가의 추적 클러스터"))
        for year in growth_years:
            start = pd.Timestamp(year=year - 1, month=as_of.month, day=as_of.day)
            end = pd.Timestamp(year=year, month=as_of.month, day=as_of.day)
            a, b = totals(stock(clusters, start)), totals(stock(clusters, end))
            if entity not in a.index or a.loc[entity, "clusters"] == 0:
                continue  # no clusters at the start: no factor
            va, vb = a.loc[entity, "h100e"], b.loc[entity, "h100e"] if entity in b.index else 0.0
            ca = int(a.loc[entity, "clusters"])
            cb = int(b.loc[entity, "clusters"]) if entity in b.index else 0
            few_en, few_ko = (FEW_EN, FEW_KO) if min(ca, cb) < MIN_CLUSTERS else ("", "")
            en = _join(
                f"Growth of the 16-bit performance of {whose[0]} from {day(start, 'en')} to "
                f"{day(end, 'en')}: {thousands(va)} to {thousands(vb)} H100-equivalents "
                f"({ca} to {cb} clusters); factor = {thousands(vb)} / {thousands(va)}, rounded.",
                few_en,
                method["en"].replace(day(as_of, "en"), day(end, "en")),
                "The same filters and basis as the shares.",
                LAG_EN,
            )
            ko = _join(
                f"{whose[1]}의 16비트 성능 증가: {day(start, 'ko')} → {day(end, 'ko')}, "
                f"H100 환산 {thousands(va)} → {thousands(vb)}(클러스터 {ca} → {cb}개); "
                f"배수 = {thousands(vb)} / {thousands(va)}(반올림).",
                few_ko,
                method["ko"].replace(day(as_of, "ko"), day(end, "ko")),
                "점유율과 같은 기준과 환산.",
                LAG_KO,
            )
            produced.append(
                row(entity, GROWTH, year, number(vb / va, 2), en, ko, period_start=str(year - 1))
            )
    return produced


def owns(row: dict[str, str]) -> bool:
    """The rows this derivation writes: its current figures, never a superseded one."""
    metric = row.get("metric", "")
    return (
        metric in SOURCES
        and row.get("source_id") == SOURCES[metric]
        and row.get("superseded_by", "") == ""
    )


def derived_pairs() -> set[tuple[str, str]]:
    """(metric, source_id) of every figure this script computed or computes, superseded
    ones included: each such row's note must name the script."""
    return set(SOURCES.items()) | set(REPLACED.items())
