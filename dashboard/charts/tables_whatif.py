"""The what-if page's tables under its charts, as display-ready frames in one language:
each section's results (`whatif.buildout_frame`, `investment_frame`, `index`) with
names, formatted numbers and the column titles of the strings files. Pure: the page
only hands them to Streamlit."""

from __future__ import annotations

import pandas as pd

from dashboard.base import formatting as fmt
from dashboard.base.i18n import t
from dashboard.charts.figures_whatif import share_text
from dashboard.data.load import Data
from dashboard.model import views
from dashboard.model.scenarios import buildout, whatif


def buildout_table(data: Data, frame: pd.DataFrame, year: int, lang: str) -> pd.DataFrame:
    """Each country in `year`, by its scenario rank: compute baseline and scenario, the
    rank change, the share of the leader and compute per person and per GDP."""
    table = frame[frame["year"] == year].sort_values("rank_scenario")
    return pd.DataFrame(
        {
            t("column.name", lang): [data.entity_name(e, lang) for e in table["entity"]],
            t("whatif.column.baseline", lang): [
                fmt.compact(v, lang) for v in table["baseline_compute"]
            ],
            t("whatif.column.scenario", lang): [
                fmt.compact(v, lang) for v in table["scenario_compute"]
            ],
            t("whatif.column.rank", lang): [
                f"{fmt.rank(int(b), lang)} → {fmt.rank(int(s), lang)}"
                for b, s in zip(table["rank_baseline"], table["rank_scenario"], strict=True)
            ],
            t("whatif.column.share", lang): [share_text(v, lang) for v in table["share_of_leader"]],
            t("whatif.column.per_capita", lang): [
                fmt.compact(v, lang) for v in table["per_million_people"]
            ],
            t("whatif.column.per_gdp", lang): [
                fmt.compact(v, lang) for v in table["per_usd_bn_gdp"]
            ],
        }
    )


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
            t("whatif.column.band", lang): [
                views.span_text(lo, hi, lambda r: fmt.rank(int(r), lang))
                if pd.notna(lo)
                else fmt.MISSING
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
    col = {k: t(f"whatif.compare.column.{k}", lang, year=first.year, n=first.countries)
           for k in ("scenario", "compute", "rank", "share", "world", "pledge", "break_even",
                     "composite")}  # fmt: skip

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


def path_table(data: Data, path: buildout.Preset, lang: str) -> pd.DataFrame:
    """A preset's steps: from which year, what the step does (adds the figure or tops the
    path up to it), the figure with its status and source, the GPUs on the path after
    it, and why it counts as it does."""
    sources = data.sources.set_index("source_id")
    rows = []
    for step, running in path.running():
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
