"""Investment comparison: Korea's AI pledge against the big announced plans abroad.

Korea's side is a scenario: the amount in won and the period come from the data's KOR
`national_ai_plan` rows (the one with a stated period is preferred: it can be spread over
years), and the reader may change the amount, the years, the public share and the KRW
per USD rate. The other side is read from the data as it is: every non-Korean row of
`PEER_METRICS` (Stargate, France's EUR 109 bn, China's state funds, the CICC forecast,
...), one per entity and metric (a row with a stated period first, then `pick_one`'s
order), except state funds, where each fund (each year) is its own row. Each keeps its
status (pledged, planned, forecast, ...) so a forecast is never read as a budget.

Everything is put in USD per year, per person per year, and as a yearly share of GDP,
at the data's exchange rates (`dashboard.base.currency`; a period's first year, else the
nearest year) with KRW at the reader's rate. A row without a stated period has a total
but no per-year figures (NaN, `period_known` False): spreading it over a guessed period
would be inventing one. Periods count calendar years inclusively (`year - period_start
+ 1`), as `dashboard.model.views.plans_in_usd` does. Nothing here formats text.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import pandas as pd

from dashboard.base.currency import Rates, from_usd, rate_for, to_usd
from dashboard.data.load import HOME, Data
from dashboard.model.scenarios.assumptions import (
    Assumption,
    SliderSpec,
    data_slider,
    rate_slider,
    slider_of,
    ui_labels,
)
from dashboard.model.scenarios.sections import PledgeScenario
from dashboard.model.views import CONFIDENCE_ORDER, latest_context, pick_one

PLAN_METRIC = "national_ai_plan"
PEER_METRICS = (
    "private_ai_infrastructure_pledge",
    "national_ai_plan",
    "state_ai_fund",
    "ai_investment_forecast",
)
EACH_YEAR_METRICS = ("state_ai_fund",)  # several distinct funds per country, one per year
PUBLIC_SHARE = "kor_plan_public_share"
KRW = "KRW"

COLUMNS = [
    "entity",
    "metric",
    "status",
    "confidence",
    "is_scenario",
    "currency",
    "amount_bn",
    "start_year",
    "end_year",
    "years",
    "period_known",
    "rate",
    "rate_year",
    "usd_bn",
    "krw_bn",
    "annual_usd_bn",
    "annual_krw_bn",
    "public_annual_usd_bn",
    "per_capita_usd",
    "gdp_share_pct",
    "total_per_capita_usd",
    "total_gdp_share_pct",
    "source_id",
    "publisher",
    "published",
    "url",
    "note",
    "note_ko",
]


# ---------------------------------------------------------------- conversions


def with_krw_rate(rates: Rates, krw_per_usd: float) -> dict[tuple[str, int], float]:
    """The data's rates with every KRW year set to the reader's rate."""
    if not krw_per_usd > 0:
        raise ValueError(f"KRW per USD must be greater than 0, not {krw_per_usd}")
    years = {y for _, y in rates} or {0}
    out = {k: v for k, v in rates.items() if k[0] != KRW}
    out.update({(KRW, y): krw_per_usd for y in years})
    return out


def krw_to_usd(amount_krw: float, krw_per_usd: float) -> float:
    return amount_krw / krw_per_usd


def usd_to_krw(amount_usd: float, krw_per_usd: float) -> float:
    return amount_usd * krw_per_usd


# ---------------------------------------------------------------- Korea's pledge


@dataclass(frozen=True)
class Pledge:
    """A KOR national_ai_plan figure in won, with its period when the data states one."""

    amount_krw_bn: float
    start_year: int
    end_year: int
    period_known: bool
    status: str
    confidence: str
    source_id: str
    publisher: str
    published: str
    url: str
    note: str = ""
    note_ko: str = ""

    @property
    def years(self) -> int:
        return self.end_year - self.start_year + 1


def _text(value: object) -> str:
    """A text cell as a string; a missing one (NaN after a join) as ""."""
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)


def _prefer_periods(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows ordered best first: a stated period, then `pick_one`'s order."""
    ranked = rows.assign(
        _no_period=rows["period_start"].isna().astype(int),
        _actual=(rows["status"] != "actual").astype(int),
        _conf=rows["confidence"].map(CONFIDENCE_ORDER),
    )
    ranked = ranked.sort_values(
        ["_no_period", "year", "_actual", "_conf"],
        ascending=[True, False, True, True],
        kind="stable",
    )
    return ranked.drop(columns=["_no_period", "_actual", "_conf"])


def korea_pledges(data: Data) -> list[Pledge]:
    """Every KOR national_ai_plan row in won, best first (see `_prefer_periods`)."""
    rows = data.figures(PLAN_METRIC, [HOME])
    rows = _prefer_periods(rows[rows["currency"] == KRW])
    return [
        Pledge(
            amount_krw_bn=float(r["value"]),
            start_year=int(r["period_start"] if pd.notna(r["period_start"]) else r["year"]),
            end_year=int(r["year"]),
            period_known=bool(pd.notna(r["period_start"])),
            status=str(r["status"]),
            confidence=str(r["confidence"]),
            source_id=str(r["source_id"]),
            publisher=_text(r.get("publisher")),
            published=_text(r.get("published")),
            url=_text(r.get("url")),
            note=_text(r["note"]),
            note_ko=_text(r["note_ko"]),
        )
        for r in rows.to_dict("records")
    ]


def data_krw_rate(data: Data, year: int) -> tuple[float, int]:
    """The data's KRW per USD for `year` (else the nearest year's), with the year used."""
    found = rate_for(KRW, year, data.fx_per_usd())
    if found is None:
        raise ValueError("the data has no KRW exchange rate (fx_per_usd)")
    return found


def sliders(data: Data, assumptions: Mapping[str, Assumption]) -> dict[str, SliderSpec]:
    """The pledge section's sliders by URL key. Amount and years: 0 .. the data's figure
    x `data_slider_max_multiple`; the rate: the data's rate +/- `fx_slider_band`."""
    best = korea_pledges(data)[0]
    rate, rate_year = data_krw_rate(data, best.start_year)
    amount = data_slider(
        "pledge_krw_bn",
        best.amount_krw_bn,
        **ui_labels("whatif.slider.pledge_amount"),
        unit="krw_bn",
        source_id=best.source_id,
        assumptions=assumptions,
    )
    years = data_slider(
        "pledge_years",
        float(best.years),
        **ui_labels("whatif.slider.pledge_years"),
        unit="years",
        source_id=best.source_id,
        assumptions=assumptions,
        integer=True,
    )
    return {
        "pledge_krw_bn": amount,
        "pledge_years": replace(years, min=1.0),
        "public_share": replace(slider_of(assumptions, PUBLIC_SHARE), key="public_share"),
        "krw_per_usd": rate_slider(
            "krw_per_usd",
            rate,
            **ui_labels("whatif.slider.krw_per_usd", year=rate_year),
            unit="per_usd",
            source_id=_rate_source(data, rate_year),
            assumptions=assumptions,
        ),
    }


def _rate_source(data: Data, year: int) -> str:
    rows = data.figures("fx_per_usd", [HOME])
    rows = pick_one(rows[rows["year"] == year])
    return str(rows["source_id"].iloc[0]) if not rows.empty else ""


# ---------------------------------------------------------------- the comparison


def peer_rows(data: Data, entities: Sequence[str] | None = None) -> pd.DataFrame:
    """The plans Korea is compared with: one per entity and metric (each fund per year)."""
    rows = data.figures(list(PEER_METRICS), entities)
    rows = _prefer_periods(rows[rows["entity"] != HOME])
    single = ~rows["metric"].isin(EACH_YEAR_METRICS)
    firsts = rows[single].drop_duplicates(["entity", "metric"])
    funds = rows[~single].drop_duplicates(["entity", "metric", "year"])
    return pd.concat([firsts, funds]).sort_values(["entity", "metric", "year"], kind="stable")


def _yearly(
    total_usd_bn: float, years: float, known: bool, entity: str, population: Mapping, gdp: Mapping
) -> dict[str, float]:
    """Per-year, per-person and GDP-share figures; NaN where a basis is missing."""
    nan = float("nan")
    annual = total_usd_bn / years if known else nan
    pop = population[entity][0] if entity in population else nan  # millions of people
    gdp_bn = gdp[entity][0] if entity in gdp else nan  # USD bn
    # USD bn / millions of people = thousand USD per person
    return {
        "annual_usd_bn": annual,
        "per_capita_usd": annual / pop * 1e3,
        "gdp_share_pct": annual / gdp_bn * 100,
        "total_per_capita_usd": total_usd_bn / pop * 1e3,
        "total_gdp_share_pct": total_usd_bn / gdp_bn * 100,
    }


def _peer_record(
    row: Mapping, rates: Rates, krw_per_usd: float, population: Mapping, gdp: Mapping
) -> dict | None:
    known = bool(pd.notna(row["period_start"]))
    start = int(row["period_start"]) if known else int(row["year"])
    currency = row["currency"] or "USD"
    converted = to_usd(float(row["value"]), currency, start, rates)
    if converted is None:
        return None  # no rate for this currency in the data: no conversion is guessed
    usd_bn, rate_year = converted
    years = float(row["year"] - start + 1)
    out = {
        k: _text(row.get(k))
        for k in (
            "entity",
            "metric",
            "status",
            "confidence",
            "source_id",
            "publisher",
            "published",
            "url",
            "note",
            "note_ko",
        )
    }
    out.update(
        is_scenario=False,
        currency=currency,
        amount_bn=float(row["value"]),
        start_year=start,
        end_year=int(row["year"]),
        years=years,
        period_known=known,
        rate=rate_for(currency, start, rates)[0],
        rate_year=rate_year,
        usd_bn=usd_bn,
        krw_bn=usd_to_krw(usd_bn, krw_per_usd),
        public_annual_usd_bn=float("nan"),
        **_yearly(usd_bn, years, known, out["entity"], population, gdp),
    )
    out["annual_krw_bn"] = usd_to_krw(out["annual_usd_bn"], krw_per_usd)
    return out


def _korea_record(
    p: PledgeScenario,
    start_year: int,
    best: Pledge,
    data_rate: tuple[float, int],
    population: Mapping,
    gdp: Mapping,
) -> dict:
    usd_bn = p.usd_bn
    # The rate's year is known only while the reader keeps the data's rate.
    rate_year = data_rate[1] if p.krw_per_usd == data_rate[0] else pd.NA
    out = {
        "entity": HOME,
        "metric": PLAN_METRIC,
        "is_scenario": True,
        "currency": KRW,
        "amount_bn": p.pledge_krw_bn,
        "start_year": start_year,
        "end_year": start_year + math.ceil(p.pledge_years) - 1,
        "years": p.pledge_years,
        "period_known": True,
        "rate": p.krw_per_usd,
        "rate_year": rate_year,
        "usd_bn": usd_bn,
        "krw_bn": p.pledge_krw_bn,
        "public_annual_usd_bn": p.annual_usd_bn * p.public_share,
        **_yearly(usd_bn, p.pledge_years, True, HOME, population, gdp),
    }
    out["annual_krw_bn"] = usd_to_krw(out["annual_usd_bn"], p.krw_per_usd)
    keep = ("status", "confidence", "source_id", "publisher", "published", "url", "note", "note_ko")
    out.update({k: getattr(best, k) for k in keep})
    return out


def pledge_start(data: Data) -> int:
    """The year the data's pledge starts (Korea's side of the comparison starts then)."""
    pledges = korea_pledges(data)
    if not pledges:
        raise ValueError(f"the data has no {HOME} {PLAN_METRIC} figure in {KRW}")
    return pledges[0].start_year


def compare(data: Data, p: PledgeScenario, entities: Sequence[str] | None = None) -> pd.DataFrame:
    """Korea's scenario row first, then the peers' plans, in USD and KRW (see module doc).

    The rate columns say which rate converted each row: Korea's is the reader's KRW rate;
    a peer's is the data's rate for its first year (`rate_year` the year used).
    """
    rates = with_krw_rate(data.fx_per_usd(), p.krw_per_usd)
    population, gdp = latest_context(data, "population"), latest_context(data, "gdp")
    pledges = korea_pledges(data)
    start = pledge_start(data)
    data_rate = rate_for(KRW, start, data.fx_per_usd()) or (float("nan"), 0)
    records = [_korea_record(p, start, pledges[0], data_rate, population, gdp)]
    for row in peer_rows(data, entities).to_dict("records"):
        record = _peer_record(row, rates, p.krw_per_usd, population, gdp)
        if record is not None:
            records.append(record)
    return pd.DataFrame.from_records(records, columns=COLUMNS)


def peers_without_rate(data: Data, entities: Sequence[str] | None = None) -> pd.DataFrame:
    """Peer plans left out of `compare` because the data has no rate for their currency."""
    rows = peer_rows(data, entities)
    currencies = {c for c, _ in data.fx_per_usd()} | {"USD"}
    return rows[~rows["currency"].replace("", "USD").isin(currencies)]


def round_trip(amount: float, currency: str, year: int, rates: Rates) -> float | None:
    """`amount` to USD and back at the same rates: equal to `amount` up to float rounding."""
    there = to_usd(amount, currency, year, rates)
    if there is None:
        return None
    back = from_usd(there[0], currency, year, rates)
    return None if back is None else back[0]


# ---------------------------------------------------------------- feeding the composite


def private_part_usd_bn(p: PledgeScenario) -> float:
    """The pledge's private part a year, USD bn: what it adds to Korea's private AI
    investment in the composite (whose investment pillar is private money; the public
    part is a different kind of money)."""
    return p.annual_usd_bn * (1 - p.public_share)
