"""The what-if page's tables and metric cards, display-ready in one language: each
section's results (`whatif.projection`, `outside`, `plans`, `cost`, `index`, `outcome`)
with names, formatted numbers and the words of the strings files. Pure: the page only
hands them to Streamlit."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from dashboard.base import formatting as fmt
from dashboard.base.i18n import t
from dashboard.charts.whatif.words_compute import verdict
from dashboard.charts.whatif.words_index import band_text
from dashboard.charts.whatif.words_money import share_text
from dashboard.data.load import HOME, Data
from dashboard.model.scenarios import buildout, pipelines, whatif
from dashboard.model.scenarios.assumptions import SliderSpec


@dataclass(frozen=True)
class Card:
    """A metric card's words."""

    label: str
    value: str
    delta: str | None = None
    quiet: bool = False  # the delta is a second reading, not a change: no colour, no arrow


def _span(low: float, high: float, lang: str) -> str:
    return f"{fmt.compact(low, lang)}–{fmt.compact(high, lang)}"


def compute_cards(data: Data, p: buildout.Projection, lang: str) -> list[Card]:
    """Korea's rank, compute (with its trend), share of the world, and the world's total
    and power, in the projection's last year."""
    last = p.last_year
    k = buildout.home_row(p.frame, last)
    w = p.world.set_index("year").loc[last]
    name = data.entity_name(HOME, lang)
    return [
        Card(
            t("whatif.compute.card_rank", lang, name=name, year=last),
            fmt.rank(int(k["rank_scenario"]), lang),
            t("whatif.compute.card_trend_rank", lang, rank=fmt.rank(int(k["rank_baseline"]), lang)),
            quiet=True,
        ),
        Card(
            t("whatif.compute.card_compute", lang, name=name, year=last),
            fmt.compact(k["scenario_compute"], lang),
            t("whatif.compute.card_trend", lang, n=fmt.compact(k["baseline_compute"], lang)),
            quiet=True,
        ),
        Card(
            t("whatif.compute.card_share", lang, name=name),
            share_text(k["share_of_world"], lang),
            _span(k["share_low"] * 100, k["share_high"] * 100, lang) + "%",
            quiet=True,
        ),
        Card(
            t("whatif.compute.card_world", lang, year=last),
            fmt.compact(w["stock"], lang),
            t("whatif.compute.card_power", lang, gw=fmt.number(w["power_gw"], lang, decimals=0)),
            quiet=True,
        ),
    ]


def buildout_table(data: Data, frame: pd.DataFrame, year: int, lang: str) -> pd.DataFrame:
    """Each country in `year`, by its rank: its driver, compute with its band and its trend,
    its share of the world with its band, and compute per person and per GDP."""
    table = frame[frame["year"] == year].sort_values("rank_scenario")
    c = "whatif.column."
    return pd.DataFrame(
        {
            t("column.name", lang): [data.entity_name(e, lang) for e in table["entity"]],
            t(c + "driver", lang): [t(f"whatif.compute.driver.{d}", lang) for d in table["driver"]],
            t(c + "scenario", lang): [fmt.compact(v, lang) for v in table["scenario_compute"]],
            t(c + "band", lang): [
                _span(lo, hi, lang)
                for lo, hi in zip(table["scenario_low"], table["scenario_high"], strict=True)
            ],
            t(c + "trend", lang): [fmt.compact(v, lang) for v in table["baseline_compute"]],
            t(c + "world_share", lang): [share_text(v, lang) for v in table["share_of_world"]],
            t(c + "share_band", lang): [
                f"{share_text(lo, lang)}–{share_text(hi, lang)}"
                for lo, hi in zip(table["share_low"], table["share_high"], strict=True)
            ],
            t(c + "rank", lang): [fmt.rank(int(v), lang) for v in table["rank_scenario"]],
            t(c + "per_capita", lang): [fmt.compact(v, lang) for v in table["per_million_people"]],
            t(c + "per_gdp", lang): [fmt.compact(v, lang) for v in table["per_usd_bn_gdp"]],
        }
    )


def _value(x: float, unit: str, lang: str) -> str:
    if pd.isna(x):
        return fmt.MISSING
    if unit == "percent":
        return fmt.percent(x, lang, decimals=1)
    if unit == "gw":
        return f"{fmt.number(x, lang, decimals=0)} GW"
    if unit == "ratio":
        return fmt.ratio(x, lang)
    if unit == "mw":
        return f"{fmt.number(x, lang)} MW"
    return fmt.compact(x, lang)


def outside_table(data: Data, outside: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Every outside projection beside the scenario: source, what it measures, its year,
    the published value or range, the scenario's value (its band) and the verdict."""
    sources = data.sources_by_id()
    c = "whatif.outside."
    records = []
    for r in outside.to_dict("records"):
        unit = r["unit"] if r["measure"] not in ("gpus", "mw") else "h100e"
        published = _value(r["value"], r["unit"], lang)
        if pd.notna(r["low"]) or pd.notna(r["high"]):
            published += (
                f" ({_value(r['low'], r['unit'], lang)}–{_value(r['high'], r['unit'], lang)})"
            )
        scenario = _value(r["scenario"], unit, lang)
        if pd.notna(r["scenario_low"]):
            low, high = (
                _value(r["scenario_low"], unit, lang),
                _value(r["scenario_high"], unit, lang),
            )
            scenario += f" ({low}–{high})"
        if r["kind"] == "target":
            scenario += " · " + t(c + "ceiling", lang, n=_value(r["marker"], "h100e", lang))
        source = sources.loc[r["source_id"]] if r["source_id"] in sources.index else None
        records.append(
            {
                t(c + "projection", lang): r[f"label_{lang}"],
                t("column.year", lang): r["year"],
                t(c + "kind", lang): t(f"whatif.outside.kinds.{r['kind']}", lang),
                t(c + "published", lang): published,
                t(c + "scenario", lang): scenario,
                t(c + "verdict", lang): verdict(r, lang),
                t(c + "basis", lang): r[f"basis_{lang}"],
                t("column.source_text", lang): ""
                if source is None
                else f"{source['publisher']} ({source['published']})",
                t("column.url", lang): "" if source is None else source["url"],
            }
        )
    return pd.DataFrame.from_records(records)


def investment_cards(plans: pd.DataFrame, lang: str) -> list[Card]:
    """Korea's pledge per year, per person, as a share of GDP, and per person against
    Stargate's (when the data has it)."""
    korea = plans.iloc[0]
    stargate = plans[plans["metric"] == "private_ai_infrastructure_pledge"]
    cards = [
        Card(
            t("whatif.investment.annual", lang),
            fmt.money(korea["annual_usd_bn"] * 1e9, "USD", lang),
            fmt.money(korea["annual_krw_bn"] * 1e9, "KRW", lang),
            quiet=True,
        ),
        Card(
            t("whatif.investment.per_capita", lang), fmt.money(korea["per_capita_usd"], "USD", lang)
        ),
        Card(
            t("whatif.investment.gdp_share", lang),
            fmt.percent(korea["gdp_share_pct"], lang, decimals=2),
        ),
    ]
    if not stargate.empty and stargate["per_capita_usd"].notna().iloc[0]:
        ratio = korea["per_capita_usd"] / stargate["per_capita_usd"].iloc[0]
        cards.append(Card(t("whatif.investment.vs_stargate", lang), fmt.ratio(ratio, lang)))
    return cards


def plans_table(data: Data, plans: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Korea's pledge as set and the plans abroad: status, period, totals in USD and
    won, per year, per person and as a share of GDP, and the link to each source."""
    mark = t("whatif.investment.scenario_mark", lang)
    return pd.DataFrame(
        {
            t("column.name", lang): [data.entity_name(e, lang) for e in plans["entity"]],
            t("column.metric_label", lang): [
                data.metric_label(m, lang) + (f" {mark}" if s else "")
                for m, s in zip(plans["metric"], plans["is_scenario"], strict=True)
            ],
            t("column.status_plain", lang): [t(f"status_plain.{s}", lang) for s in plans["status"]],
            t("whatif.column.period", lang): [
                f"{a}–{b}" if k else str(b)
                for a, b, k in zip(
                    plans["start_year"], plans["end_year"], plans["period_known"], strict=True
                )
            ],
            t("whatif.column.total_usd", lang): [
                fmt.money(v * 1e9, "USD", lang) for v in plans["usd_bn"]
            ],
            t("whatif.column.total_krw", lang): [
                fmt.money(v * 1e9, "KRW", lang) for v in plans["krw_bn"]
            ],
            t("whatif.column.annual_usd", lang): [
                fmt.money(v * 1e9, "USD", lang) for v in plans["annual_usd_bn"]
            ],
            t("whatif.column.per_capita_usd", lang): [
                fmt.money(v, "USD", lang) for v in plans["per_capita_usd"]
            ],
            t("whatif.column.gdp_share", lang): [
                fmt.percent(v, lang, decimals=2) for v in plans["gdp_share_pct"]
            ],
            t("column.url", lang): list(plans["url"]),
        }
    )


def ranks_table(data: Data, index: whatif.IndexResult, lang: str) -> pd.DataFrame:
    """The composite per country: score, baseline and scenario rank, the rank band and
    the pillars it has no figure for."""
    ranks = index.scenario.table.merge(index.band, on=["entity", "rank"]).merge(
        index.baseline.table[["entity", "rank"]].rename(columns={"rank": "base"}), on="entity"
    )

    def rank(v: object) -> str:
        return fmt.rank(v, lang) if pd.notna(v) else fmt.MISSING

    return pd.DataFrame(
        {
            t("column.name", lang): [data.entity_name(e, lang) for e in ranks["entity"]],
            t("whatif.column.score", lang): [
                fmt.number(v, lang, decimals=1) for v in ranks["score"]
            ],
            t("whatif.column.rank_baseline", lang): [rank(v) for v in ranks["base"]],
            t("whatif.column.rank_scenario", lang): [rank(v) for v in ranks["rank"]],
            t("whatif.column.rank_band", lang): [
                band_text(lo, hi, lang)
                for lo, hi in zip(ranks["rank_min"], ranks["rank_max"], strict=True)
            ],
            t("whatif.column.missing", lang): [
                ", ".join(t(f"whatif.pillar.{p}", lang) for p in m.split(", ")) if m else ""
                for m in ranks["missing"]
            ],
        }
    )


def compare_table(outcomes: list[tuple[str, whatif.Outcome]], lang: str) -> pd.DataFrame:
    """One row per scenario (the current one first): Korea's compute in the last year
    with its range, its rank, its share of the leader and of the world, the pledge per
    person per year, the break-even utilisation and the composite rank with its band."""
    if not outcomes:
        return pd.DataFrame()
    first = outcomes[0][1]
    col = {
        k: t(f"whatif.compare.column.{k}", lang, year=first.year, n=first.countries)
        for k in (
            "scenario",
            "compute",
            "trend",
            "rank",
            "share",
            "world",
            "pledge",
            "break_even",
            "composite",
        )
    }

    def composite_text(o: whatif.Outcome) -> str:
        if o.composite_rank is None:
            return "—"
        best, worst = o.composite_band or (o.composite_rank, o.composite_rank)
        band = (
            fmt.rank(best, lang)
            if best == worst
            else f"{fmt.rank(best, lang)}–{fmt.rank(worst, lang)}"
        )
        return f"{fmt.rank(o.composite_rank, lang)} ({band})"

    return pd.DataFrame(
        {
            col["scenario"]: [name for name, _ in outcomes],
            col["compute"]: [
                f"{fmt.compact(o.compute, lang)} ({fmt.compact(o.compute_low, lang)}–"
                f"{fmt.compact(o.compute_high, lang)})"
                for _, o in outcomes
            ],
            col["trend"]: [fmt.compact(o.trend, lang) for _, o in outcomes],
            col["rank"]: [fmt.rank(o.rank, lang) for _, o in outcomes],
            col["share"]: [share_text(o.share_of_leader, lang) for _, o in outcomes],
            col["world"]: [share_text(o.share_of_world, lang) for _, o in outcomes],
            col["pledge"]: [fmt.money(o.pledge_per_capita_usd, "USD", lang) for _, o in outcomes],
            col["break_even"]: [
                "—"
                if o.break_even_utilisation is None
                else fmt.percent(o.break_even_utilisation * 100, lang)
                for _, o in outcomes
            ],
            col["composite"]: [composite_text(o) for _, o in outcomes],
        }
    )


def path_table(data: Data, path: pipelines.Preset, lang: str) -> pd.DataFrame:
    """A preset's steps: from which year, what the step does (adds the figure or tops the
    path up to it), the figure with its status and source, the GPUs on the path after
    it, and why it counts as it does."""
    sources = data.sources_by_id()
    rows = []
    for step, _, running in path.running():
        metric = step.row.split("/")[1]
        source = sources.loc[step.source_id] if step.source_id in sources.index else None
        rows.append(
            {
                t("column.year", lang): step.year,
                t("whatif.path.mode", lang): t(f"whatif.path.{step.mode}", lang),
                t("column.metric_label", lang): data.metric_label(metric, lang),
                t("whatif.path.gpus", lang): fmt.number(step.gpus, lang),
                t("column.status_plain", lang): t(f"status_plain.{step.status}", lang),
                t("whatif.path.total", lang): fmt.number(running, lang),
                t("column.source_text", lang): ""
                if source is None
                else f"{source['publisher']} ({source['published']})",
                t("column.note", lang): step.note(lang),
            }
        )
    return pd.DataFrame(rows)


def slider_text(spec: SliderSpec, value: float, lang: str) -> str:
    """A slider value in words (percent for fractions), as the assumptions table shows it."""
    if spec.unit in ("fraction", "fraction_per_year"):
        return fmt.percent(value * 100, lang)
    places = (
        None
        if spec.integer or spec.step >= 1
        else max(0, -math.floor(math.log10(spec.step) + 1e-9))
    )
    return fmt.number(value, lang, decimals=places)


def assumptions_table(
    data: Data, found: whatif.Settings, values: dict[str, float], lang: str
) -> pd.DataFrame:
    """One row per slider: its value, default, range, basis, source and note."""
    sources = data.sources_by_id()
    c = "whatif.column."
    rows = []
    for key, spec in found.sliders.items():
        source = sources.loc[spec.source_id] if spec.source_id in sources.index else None
        rule = found.assumptions.get(spec.bounds_from)
        basis = spec.basis if spec.source_id or spec.basis == "data" else "design"
        rows.append(
            {
                t(c + "parameter", lang): spec.label(lang),
                t(c + "value", lang): slider_text(spec, values[key], lang),
                t(c + "default", lang): slider_text(spec, spec.value, lang),
                t(
                    c + "range", lang
                ): f"{slider_text(spec, spec.min, lang)}–{slider_text(spec, spec.max, lang)}",
                t(c + "basis", lang): t(f"whatif.basis.{basis}", lang),
                t("column.source_text", lang): ""
                if source is None
                else f"{source['publisher']} ({source['published']}): {source['title']}",
                t("column.url", lang): "" if source is None else source["url"],
                t("column.note", lang): spec.note_in(lang) or (rule.note_in(lang) if rule else ""),
            }
        )
    return pd.DataFrame(rows)
