"""A large synthetic data folder for benchmarks: the real layout, many more rows.

    python -m benchmarks.synthetic OUT_DIR [--entities 200] [--years 30] [--seed 0]

`make_synthetic(target)` writes a complete data folder into `target`: the real
datapackage.json, metrics.csv, claims.csv, assumptions.csv and story.yaml copied as they
are; the real entities (KOR, CHN, FRA, USA, ... with their colours) plus synthetic
countries up to `entities`; the real sources that claims and assumptions cite plus a few
synthetic ones; and one observation row for every entity x metric x year, in the topic
file of its metric, with a plausible value that passes every check of
`dashboard.data.dataset` (ranks within out_of, percentages up to 100, positive context
figures, a currency on money rows, period_start not after year, allowed status and
confidence). The output depends only on the arguments: the same seed gives the same
bytes. The folder passes `python -m dashboard.validate` with no error and no warning.
"""

from __future__ import annotations

import argparse
import colorsys
import csv
import json
import math
import random
import shutil
import statistics
import sys
from collections import Counter
from pathlib import Path

from dashboard.data.domain import PRESS_KINDS

REPO_DIR = Path(__file__).resolve().parent.parent
REAL_DATA_DIR = REPO_DIR / "data"
COPIED = ("datapackage.json", "metrics.csv", "claims.csv", "assumptions.csv", "story.yaml")
LAST_YEAR = 2025

# Local currency of the real entities (the descriptor's currency enum only); others USD.
LOCAL_CURRENCY = {
    "KOR": "KRW",
    "CHN": "CNY",
    "FRA": "EUR",
    "DEU": "EUR",
    "GBR": "GBP",
    "JPN": "JPY",
    "CAN": "CAD",
    "SGP": "SGD",
    "IND": "INR",
    "ARE": "AED",
}
# Units per US dollar around which each currency's synthetic rate wanders.
FX_BASE = {
    "USD": 1.0,
    "KRW": 1200.0,
    "EUR": 0.9,
    "CNY": 7.0,
    "JPY": 115.0,
    "GBP": 0.75,
    "CAD": 1.3,
    "SGD": 1.4,
    "INR": 70.0,
    "AED": 3.6725,
}
# Latent strength of the real entities (ranks, tiers, scores and sizes follow it).
REAL_STRENGTH = {"USA": 3.0, "CHN": 2.6, "WLD": 3.5, "GBR": 1.6, "KOR": 1.3, "FRA": 1.2}
# Money metrics recorded in the entity's own currency; the rest are in US dollars.
LOCAL_MONEY = {
    "national_ai_plan",
    "ai_compute_budget",
    "multi_sector_strategic_fund",
    "ai_investment_forecast",
    "state_ai_fund",
    "private_ai_infrastructure_pledge",
    "ai_investment_commitment",
}
GPU_TYPES = ("H100", "A100", "H200", "B200", "H20", "mixed", "")
TIERS = ("AI pioneers", "AI steady contenders", "AI rising contenders", "AI practitioners")
UNIT_DEFAULT = {  # a typical size where the real data has no figure of the metric
    "gpu": 20000.0,
    "h100e": 100000.0,
    "count": 500.0,
    "score": 50.0,
    "percent": 20.0,
    "currency_bn": 100.0,
    "people_m": 50.0,
    "per_usd": 1.0,
    "mw": 100.0,
}
YEARLY_GROWTH = {"gpu": 1.2, "h100e": 1.25, "count": 1.08, "currency_bn": 1.07, "mw": 1.15}
# Pronounceable names, built from syllables with their Hangul spelling.
SYLLABLES = (
    ("ka", "카"),
    ("lo", "로"),
    ("ri", "리"),
    ("ta", "타"),
    ("ne", "네"),
    ("mo", "모"),
    ("sa", "사"),
    ("vi", "비"),
    ("du", "두"),
    ("ra", "라"),
    ("be", "베"),
    ("no", "노"),
    ("mi", "미"),
    ("so", "소"),
    ("te", "테"),
    ("ga", "가"),
    ("pu", "푸"),
    ("le", "레"),
    ("ha", "하"),
    ("zo", "조"),
)
SUFFIXES = (("nia", "니아"), ("land", "랜드"), ("stan", "스탄"), ("ria", "리아"), ("", ""))
SYNTHETIC_SOURCES = (  # (id, kind, publisher)
    ("synthetic_official", "official", "Synthetic Statistics Office"),
    ("synthetic_index", "index", "Synthetic Index Institute"),
    ("synthetic_press", "press", "Synthetic Wire"),
    ("synthetic_company", "company", "Synthetic Corp."),
    ("synthetic_research", "research", "Synthetic Research Lab"),
)
SOURCE_KIND = {source_id: kind for source_id, kind, _ in SYNTHETIC_SOURCES}
SOURCE_BY_TOPIC = {
    "compute": ("synthetic_company", "synthetic_research", "synthetic_press"),
    "companies": ("synthetic_official", "synthetic_research"),
    "rankings": ("synthetic_index",),
    "investment": ("synthetic_official", "synthetic_press"),
    "context": ("synthetic_official",),
}


def _read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def _number(value: float, unit: str) -> str:
    """A value as a plain decimal: whole numbers for counts, else up to 4 decimals."""
    if unit in ("gpu", "count", "rank", "tier"):
        return str(round(value))
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return text or "0"


def _synthetic_ids(taken: set[str], n: int) -> list[str]:
    """`n` unused three-letter ids: ISO 3166 user-assigned codes (QM-QZ, XA-XZ) first,
    then any other unused code, in a fixed order."""
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    user = [f"Q{b}{c}" for b in letters[12:] for c in letters]
    user += [f"X{b}{c}" for b in letters for c in letters]
    rest = [f"{a}{b}{c}" for a in letters for b in letters for c in letters]
    out: list[str] = []
    seen = set(taken)
    for code in user + rest:
        if len(out) == n:
            break
        if code not in seen:
            out.append(code)
            seen.add(code)
    if len(out) < n:
        raise ValueError(f"only {len(out)} unused three-letter ids for {n} entities")
    return out


def _name(rng: random.Random, used: set[str]) -> tuple[str, str]:
    for _ in range(1000):
        parts = rng.sample(SYLLABLES, rng.randint(2, 3))
        suffix = rng.choice(SUFFIXES)
        en = ("".join(p[0] for p in parts) + suffix[0]).capitalize()
        ko = "".join(p[1] for p in parts) + suffix[1]
        if en not in used and ko not in used:
            used.update((en, ko))
            return en, ko
    raise RuntimeError("ran out of synthetic names")


def _colour(rng: random.Random, used: set[str]) -> str:
    """A mid-dark colour (no pale tones), unused so far."""
    while True:
        r, g, b = colorsys.hsv_to_rgb(rng.random(), rng.uniform(0.45, 0.9), rng.uniform(0.3, 0.75))
        code = f"#{round(r * 255):02X}{round(g * 255):02X}{round(b * 255):02X}"
        if code.upper() not in used:
            used.add(code.upper())
            return code


def _fx_series(seed: int, currency: str, years: list[int]) -> dict[int, float]:
    """Units of `currency` per US dollar by year: a gentle random walk, 1 for USD."""
    if currency == "USD":
        return dict.fromkeys(years, 1.0)
    rng = random.Random(f"{seed}:fx:{currency}")
    rate, out = FX_BASE[currency], {}
    for year in years:
        rate *= math.exp(rng.gauss(0.0, 0.04))
        out[year] = round(rate, 4 if rate < 10 else 2)
    return out


def make_synthetic(target: Path, entities: int = 200, years: int = 30, seed: int = 0) -> dict:
    """Write a synthetic data folder into `target` (see the module docstring); returns a
    summary: entity counts and rows per file. `entities` counts the real ones too (never
    fewer than those); `years` are the consecutive years ending in 2025."""
    target = Path(target)
    if years < 1 or LAST_YEAR - years + 1 < 1900:
        raise ValueError(f"years must be between 1 and {LAST_YEAR - 1900 + 1}")
    rng = random.Random(seed)
    target.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        if (REAL_DATA_DIR / name).is_file():
            shutil.copyfile(REAL_DATA_DIR / name, target / name)
    descriptor = json.loads((REAL_DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    observation_files = {r["topic"]: r["path"] for r in descriptor["resources"] if "topic" in r}
    year_list = list(range(LAST_YEAR - years + 1, LAST_YEAR + 1))

    # -- entities: the real ones, then synthetic countries up to `entities`
    ent_header, real_entities = _read_csv(REAL_DATA_DIR / "entities.csv")
    entity_rows = [[e[c] for c in ent_header] for e in real_entities]
    ids = [e["id"] for e in real_entities]
    used_names = {e[f"name_{lang}"] for e in real_entities for lang in ("en", "ko")}
    used_colours = {e["color"].upper() for e in real_entities}
    home = {e["id"]: e["country"] for e in real_entities}
    for code in _synthetic_ids(set(ids), max(0, entities - len(ids))):
        en, ko = _name(rng, used_names)
        row = {"id": code, "kind": "country", "name_en": en, "name_ko": ko, "country": code}
        row["color"] = _colour(rng, used_colours)
        entity_rows.append([row.get(c, "") for c in ent_header])
        ids.append(code)
        home[code] = code
    _write_csv(target / "entities.csv", ent_header, entity_rows)
    # A company's currency is its home country's; a synthetic country draws one.
    currency = {e: LOCAL_CURRENCY.get(home[e] or e, "USD") for e in ids[: len(real_entities)]}
    for e in ids[len(real_entities) :]:
        currency[e] = rng.choice(sorted(FX_BASE))
    strength = {e: REAL_STRENGTH.get(e, rng.gauss(0.0, 1.0)) for e in ids}
    size = {e: math.exp(0.9 * strength[e] + rng.gauss(0.0, 0.4)) for e in ids}
    fx = {c: _fx_series(seed, c, year_list) for c in sorted(FX_BASE)}

    # -- sources: those claims and assumptions cite, and the synthetic ones rows cite
    src_header, real_sources = _read_csv(REAL_DATA_DIR / "sources.csv")
    cited: set[str] = set()
    for name in ("claims.csv", "assumptions.csv"):
        if (target / name).is_file():
            cited |= {r.get("source_id", "") for r in _read_csv(target / name)[1]}
    source_rows = [[s[c] for c in src_header] for s in real_sources if s["source_id"] in cited]
    for source_id, kind, publisher in SYNTHETIC_SOURCES:
        row = {
            "source_id": source_id,
            "title": f"Synthetic benchmark figures ({kind})",
            "publisher": publisher,
            "published": f"{LAST_YEAR}-01-01",
            "url": f"https://example.org/synthetic/{source_id}",
            "kind": kind,
            "accessed": f"{LAST_YEAR}-01-01",
            "note": "Generated by benchmarks/synthetic.py; not real figures.",
        }
        source_rows.append([row.get(c, "") for c in src_header])
    _write_csv(target / "sources.csv", src_header, source_rows)

    # -- what each metric looks like in the real data
    _, metrics = _read_csv(REAL_DATA_DIR / "metrics.csv")
    real_values: dict[str, list[float]] = {}
    real_status: dict[str, Counter] = {}
    for path in observation_files.values():
        for row in _read_csv(REAL_DATA_DIR / path)[1]:
            # Money in US dollars, so that a size is comparable across currencies.
            per_usd = FX_BASE.get(row.get("currency") or "USD", 1.0)
            value = float(row["value"]) / (per_usd if row["metric"] != "fx_per_usd" else 1.0)
            real_values.setdefault(row["metric"], []).append(value)
            real_status.setdefault(row["metric"], Counter())[row["status"]] += 1

    # -- one series per entity x metric, then rows per topic file
    rows: dict[str, list[list[str]]] = {path: [] for path in observation_files.values()}
    headers = {p: _read_csv(REAL_DATA_DIR / p)[0] for p in observation_files.values()}
    series: dict[tuple[str, str], dict[int, float]] = {}
    # Base metrics before their cumulative totals; gdp before gdp_local_currency.
    order = sorted(metrics, key=lambda m: (m["metric"].endswith("_cumulative"), m["metric"]))
    order.sort(key=lambda m: m["metric"] == "gdp_local_currency")
    for metric in order:
        mid, unit, topic = metric["metric"], metric["unit"], metric["topic"]
        file = observation_files[topic]
        header = headers[file]
        base = statistics.median(real_values.get(mid, [UNIT_DEFAULT.get(unit, 10.0)]))
        mode = real_status.get(mid, Counter({"actual": 1})).most_common(1)[0][0]
        growth = YEARLY_GROWTH.get(unit, 1.01)
        n = len(ids)
        ranks: dict[int, dict[str, int]] = {}
        if unit in ("rank", "tier"):
            for year in year_list:
                noisy = sorted(ids, key=lambda e: -(strength[e] + rng.gauss(0.0, 0.3)))
                ranks[year] = {e: i + 1 for i, e in enumerate(noisy)}
        for entity in ids:
            cur = currency[entity]
            values: dict[int, float] = {}
            base_series = series.get((entity, mid.removesuffix("_cumulative")))
            for k, year in enumerate(year_list):
                noise = math.exp(rng.gauss(0.0, 0.1))
                trend = growth ** (k - len(year_list) + 1)
                if unit == "rank":
                    value = ranks[year][entity]
                elif unit == "tier":
                    value = min(len(TIERS), 1 + (ranks[year][entity] - 1) * len(TIERS) // n)
                elif unit in ("percent", "score"):
                    logit = 0.8 * strength[entity] + math.log(base / (100 - min(base, 99)))
                    value = 100 / (1 + math.exp(-(logit + rng.gauss(0.0, 0.2))))
                elif unit == "per_usd":
                    value = fx[cur][year]
                elif mid.endswith("_cumulative") and base_series is not None:
                    value = sum(base_series[y] for y in year_list[: k + 1])
                elif mid == "gdp_local_currency" and (entity, "gdp") in series:
                    value = series[(entity, "gdp")][year] * fx[cur][year]
                else:
                    value = base * size[entity] * trend * noise
                    if topic == "investment" and unit == "currency_bn" and mid in LOCAL_MONEY:
                        value *= fx[cur][year]
                if topic == "context":
                    value = max(value, 0.0001)
                values[year] = value
            series[(entity, mid)] = values
            sources = SOURCE_BY_TOPIC[topic]
            for k, year in enumerate(year_list):
                status = mode
                if mode == "actual" and year == LAST_YEAR:
                    status = "estimate"
                source_id = sources[(k + len(mid)) % len(sources)]
                confidence = rng.choices(("high", "medium", "low"), (5, 3, 1))[0]
                if confidence == "high" and SOURCE_KIND[source_id] in PRESS_KINDS:
                    confidence = "medium"  # a press report is at most medium
                row = {
                    "entity": entity,
                    "metric": mid,
                    "year": str(year),
                    "period_start": str(year_list[0]) if mid.endswith("_cumulative") else "",
                    "value": _number(values[year], unit),
                    "source_id": source_id,
                    "status": status,
                    "confidence": confidence,
                    "claim_id": "",
                    # With a comma, so the notes are quoted as in the real files.
                    "note": "Synthetic benchmark figure, not a real one.",
                    "note_ko": "벤치마크용 합성 수치, 실제 수치 아님.",
                }
                if unit in ("gpu", "h100e") and "gpu_type" in header:
                    row["gpu_type"] = rng.choice(GPU_TYPES) if unit == "gpu" else ""
                if topic == "rankings":
                    row["edition"] = str(year)
                    if unit == "rank":
                        row["out_of"] = str(n)
                    elif unit == "tier":
                        row["out_of"] = str(len(TIERS))
                        row["category"] = TIERS[int(values[year]) - 1]
                if "currency" in header and unit in ("currency_bn", "per_usd"):
                    money_local = mid in LOCAL_MONEY or mid in ("gdp_local_currency", "fx_per_usd")
                    row["currency"] = cur if money_local else "USD"
                rows[file].append([row.get(c, "") for c in header])
    for path, file_rows in rows.items():
        _write_csv(target / path, headers[path], file_rows)
    _releases(target, rows, headers)
    return {
        "target": str(target),
        "entities": len(ids),
        "synthetic_entities": len(ids) - len(real_entities),
        "metrics": len(metrics),
        "years": [year_list[0], year_list[-1]],
        "sources": len(source_rows),
        "rows": {path: len(r) for path, r in rows.items()},
        "total_rows": sum(len(r) for r in rows.values()),
    }


def _releases(target: Path, rows: dict[str, list[list[str]]], headers: dict) -> None:
    """The real editions and releases, and a changelog naming one synthetic row: the
    folder's release shows, and no optional file is missing or empty."""
    for name in ("editions.csv", "releases.csv"):
        shutil.copyfile(REAL_DATA_DIR / name, target / name)
    releases = _read_csv(REAL_DATA_DIR / "releases.csv")[1]
    header = _read_csv(REAL_DATA_DIR / "changelog.csv")[0]
    path, first = next((p, r[0]) for p, r in rows.items() if r)
    row = dict(zip(headers[path], first, strict=True))
    entry = {
        "release": releases[-1]["version"],
        "change": "added",
        "file": Path(path).name,
        "row": "/".join((row["entity"], row["metric"], row["year"], row["source_id"])),
        "note_en": "Synthetic benchmark figures.",
        "note_ko": "벤치마크용 합성 수치.",
    }
    _write_csv(target / "changelog.csv", header, [[entry.get(c, "") for c in header]])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.synthetic",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("out_dir", type=Path, help="folder to write (created if missing)")
    parser.add_argument("--entities", type=int, default=200, help="entities in all (default 200)")
    parser.add_argument("--years", type=int, default=30, help="years up to 2025 (default 30)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args(argv)
    summary = make_synthetic(args.out_dir, args.entities, args.years, args.seed)
    print(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
