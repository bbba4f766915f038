"""Epoch AI's AI Chip Owners data -> each country's companies' share of the world's AI
compute (`share_global_ai_compute` in `compute.csv`).

Epoch estimates the H100-equivalents each major owner holds, by chip designer, cumulative
to the end of each quarter. Owners are companies, so a country's share here is the share
its companies own, wherever the chips sit; only the United States (seven named companies)
and China are broken out, every other country is inside Epoch's "Other".
"""

from __future__ import annotations

import pandas as pd

from data.derive.common import DeriveError, number, percent

SCRIPT = "data/derive/epoch_chip_owners.py"
INPUT = "epoch_chip_owners_2026_05"  # manifest.toml
TARGET = "compute.csv"
METRIC = "share_global_ai_compute"
SOURCE = "epoch_chip_owners_dataset_2026_05"
EDITION = "2026-05"

# The last complete quarter. Epoch marks the rows of Q1 2026 "Incomplete" (chip makers'
# fiscal quarters ending in Jan/Feb 2026, some owners missing): a share from them would
# compare a partial quarter's owners with full ones.
AS_OF = "2025-12-31"
# Epoch's speculative estimate of chips smuggled to China: off in Epoch's default view and
# excluded from its own summary ("This excludes smuggled chips"), so left out of numerator
# and denominator; the note gives the share with it.
SMUGGLED = "China (smuggled)"
OTHER = "Other"  # everyone Epoch does not name, any country
# Owners by the country of their headquarters. All seven named non-Chinese owners are US
# companies; "China" is Chinese companies together.
OWNER_COUNTRY = {
    "Google": "USA",
    "Microsoft": "USA",
    "Amazon": "USA",
    "Meta": "USA",
    "Oracle": "USA",
    "CoreWeave": "USA",
    "xAI": "USA",
    "China": "CHN",
}
# Epoch's "hyperscalers", for the check against its corrected summary (71%).
HYPERSCALERS = ("Google", "Microsoft", "Amazon", "Meta", "Oracle")
EPOCH_SUMMARY = {"CHN": "just over 5%", "HYPERSCALERS": "71%"}

COLUMNS = {
    "owner": "Owner",
    "end": "End date",
    "h100e": "Compute estimate in H100e (median)",
    "incomplete": "Incomplete",
}


def holdings(raw: pd.DataFrame, as_of: str = AS_OF) -> pd.Series:
    """Median H100e by owner at the end of the quarter, summed over chip designers."""
    missing = [c for c in COLUMNS.values() if c not in raw.columns]
    if missing:
        raise DeriveError(f"the chip-owner file lacks the columns {missing}")
    rows = raw[raw[COLUMNS["end"]].astype(str).str.strip() == as_of]
    if rows.empty:
        raise DeriveError(f"{COLUMNS['end']}: no row ends on {as_of}")
    flagged = rows[COLUMNS["incomplete"]].fillna("").astype(str).str.strip().str.lower()
    if (flagged == "true").any():
        raise DeriveError(f"{COLUMNS['incomplete']}: the quarter ending {as_of} is incomplete")
    owners = set(rows[COLUMNS["owner"]])
    unknown = sorted(owners - set(OWNER_COUNTRY) - {SMUGGLED, OTHER})
    if unknown:
        raise DeriveError(f"{COLUMNS['owner']}: no country for {unknown} (add to OWNER_COUNTRY)")
    h100e = pd.to_numeric(rows[COLUMNS["h100e"]], errors="coerce")
    if h100e.isna().any():
        raise DeriveError(f"{COLUMNS['h100e']}: a value is not a number on {as_of}")
    return h100e.groupby(rows[COLUMNS["owner"]]).sum()


def derive(
    raw: pd.DataFrame,
    entities: list[str],
    remarks: dict[tuple[str, str], tuple[str, str]] | None = None,
    as_of: str = AS_OF,
) -> list[dict[str, str]]:
    """The share rows for the countries of `entities` that Epoch breaks out."""
    remarks = remarks or {}
    held = holdings(raw, as_of)
    smuggled = held.get(SMUGGLED, 0.0)
    world = held.sum() - smuggled
    world_with = held.sum()
    by_country = held.drop([SMUGGLED, OTHER], errors="ignore").groupby(OWNER_COUNTRY).sum()
    when = pd.Timestamp(as_of)
    day_en, day_ko = (
        f"{when.day} {when:%b} {when.year}",
        f"{when.year}년 {when.month}월 {when.day}일",
    )
    method_en = (
        f"Computed by {SCRIPT} from Epoch AI's AI Chip Owners data (May 2026 release, pinned "
        "copy; data/derive/README.md): Epoch's median H100e by owner and chip designer, "
        f"cumulative to {day_en}, the last complete quarter, over the world total without "
        "Epoch's speculative estimate of smuggled chips (as in Epoch's default view). H100e "
        "on Epoch's basis (peak 8-bit OP/s / the H100's); ownership by company, not the chips' "
        "location."
    )
    method_ko = (
        f"{SCRIPT}가 Epoch AI 칩 보유자 데이터(2026년 5월 공개본, 고정 사본; "
        "data/derive/README.md)에서 계산: 보유자·칩 설계사별 Epoch H100 환산 중앙값을 마지막 "
        f"완전한 분기인 {day_ko}까지 누적해, 추측성 밀반입 칩 추정치를 뺀 세계 합계(Epoch 기본 "
        "보기와 같음)로 나눔. H100 환산은 Epoch 기준(최대 8비트 OP/s ÷ H100); 칩 소재지가 "
        "아닌 기업 기준 보유."
    )
    share_with = {
        "USA": 100 * by_country.get("USA", 0.0) / world_with,
        "CHN": 100 * (by_country.get("CHN", 0.0) + smuggled) / world_with,
    }
    other = 100 * held.get(OTHER, 0.0) / world
    hyperscalers = 100 * held.reindex(HYPERSCALERS).fillna(0).sum() / world
    notes = {
        "USA": (
            f"Share of the world's AI compute owned by the seven US companies Epoch AI names "
            f"(Google, Microsoft, Amazon, Meta, Oracle, CoreWeave, xAI), as of {day_en}. "
            f"{method_en} Other US owners are inside Epoch's 'Other' ({percent(other)}%), so US "
            f"companies own at least this. The five hyperscalers alone: "
            f"{percent(hyperscalers)}% (Epoch's corrected summary, Apr 2026: "
            f"{EPOCH_SUMMARY['HYPERSCALERS']}). Counting smuggled chips in the world total "
            f"gives {percent(share_with['USA'])}%.",
            f"Epoch AI가 이름을 밝힌 미국 기업 7곳(구글, 마이크로소프트, 아마존, 메타, 오라클, "
            f"코어위브, xAI)이 보유한 세계 AI 연산 역량 비중, {day_ko} 기준. {method_ko} 다른 "
            f"미국 보유자는 Epoch의 '기타'({percent(other)}%)에 들어 있으므로 미국 기업 보유 "
            f"비중은 이 값 이상. 하이퍼스케일러 5곳만: {percent(hyperscalers)}%(Epoch 정정 요약, "
            f"2026년 4월: {EPOCH_SUMMARY['HYPERSCALERS']}). 밀반입 칩을 세계 합계에 넣으면 "
            f"{percent(share_with['USA'])}%.",
        ),
        "CHN": (
            f"Share of the world's AI compute owned by Chinese companies, legally acquired "
            f"chips, as of {day_en}. {method_en} With Epoch's estimate of smuggled chips "
            f"counted for China and in the total: {percent(share_with['CHN'])}%. Epoch's own "
            f"summary (Apr 2026): '{EPOCH_SUMMARY['CHN']}'. Not comparable with China's share "
            "of tracked GPU clusters, which counts location.",
            f"중국 기업이 보유한 세계 AI 연산 역량 비중(합법 취득 칩), {day_ko} 기준. "
            f"{method_ko} Epoch의 밀반입 칩 추정치를 중국과 세계 합계에 넣으면 "
            f"{percent(share_with['CHN'])}%. Epoch 자체 요약(2026년 4월): '5%를 조금 넘음'. "
            "소재지 기준인 추적 GPU 클러스터 점유율과는 비교할 수 없음.",
        ),
    }
    produced = []
    for entity in entities:
        if entity not in notes or entity not in by_country.index:
            continue
        remark = remarks.get((entity, METRIC), ("", ""))
        en, ko = notes[entity]
        produced.append(
            {
                "entity": entity,
                "metric": METRIC,
                "year": str(when.year),
                "period_start": "",
                "value": number(100 * by_country[entity] / world, 1),
                "source_id": SOURCE,
                "status": "estimate",
                "confidence": "medium",
                "claim_id": "",
                "note": " ".join(p for p in (en, remark[0]) if p),
                "note_ko": " ".join(p for p in (ko, remark[1]) if p),
                "gpu_type": "",
                "edition": EDITION,
                "superseded_by": "",
                "supersedes": "",
            }
        )
    return produced


def owns(row: dict[str, str]) -> bool:
    return (
        row.get("metric") == METRIC
        and row.get("source_id") == SOURCE
        and row.get("superseded_by", "") == ""
    )


def derived_pairs() -> set[tuple[str, str]]:
    return {(METRIC, SOURCE)}
