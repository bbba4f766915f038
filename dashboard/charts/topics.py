"""The charts of the topic pages (compute, companies, rankings, investment): each a
function `(data, view) -> ChartResult` that selects and words the figures and draws
them with the primitives. No Streamlit, no caching (`registry.build` remembers), no
file output."""

from __future__ import annotations

import pandas as pd

from dashboard.base.i18n import t
from dashboard.charts import primitives
from dashboard.charts.view import ChartResult, View, labels
from dashboard.data.domain import LINE
from dashboard.data.load import Data
from dashboard.model import compare, views


def _companies(data: Data) -> list[str]:
    return list(data.entities.loc[data.entities["kind"] == "company", "id"])


def _label_bars(rows: pd.DataFrame, *parts: str) -> pd.DataFrame:
    """A bar label joining several columns. Each bar gets its own label: where two figures
    would share one (same entity, figure and year from different sources), the publisher
    and then the line are added, so no bar ever hides behind another."""
    text = rows[parts[0]].astype("string").fillna("")
    for part in parts[1:]:
        text = text + " · " + rows[part].astype("string").fillna("")
    for extra in ("publisher", LINE):
        clash = text.duplicated(keep=False)
        if not clash.any() or extra not in rows:
            break
        text = text.where(~clash, text + " · " + rows[extra].astype("string"))
    return rows.assign(bar=text)


def _with_span(rows: pd.DataFrame) -> pd.DataFrame:
    """A `span` column: "2025–2030" for a period, "2030" for a single year."""
    start = rows["period_start"].astype("Int64").astype("string")
    end = rows["year"].astype("Int64").astype("string")
    return rows.assign(span=(start + "–" + end).fillna(end))


def _left_out_note(data: Data, view: View, left_out: list[str]) -> str:
    if not left_out:
        return ""
    names = ", ".join(data.entity_name(e, view.lang) for e in left_out)
    return t("chart.left_out", view.lang, names=names)


def gpu_gap(data: Data, view: View) -> ChartResult:
    entities = [*view.countries, *_companies(data)]
    rows = views.decorate(data.figures("gpus_held", entities), data, view.lang)
    rows = _label_bars(rows, "name", "year", "publisher")
    fig = primitives.bars(
        rows,
        labels=labels(view, "overview.gap_chart", "axis.gpu"),
        category="bar",
        log=True,
        style=view.style,
    )
    return ChartResult(fig, rows, t("overview.gap_caveat", view.lang))


def _gaps_note(comparison: compare.Comparison, data: Data, lang: str) -> str:
    """One sentence per country the comparison lacks: where its newest figure is."""
    return " ".join(
        f"{data.entity_name(e, lang)}: {compare.gap_text(comparison, e, lang)}"
        for e in comparison.missing
    )


def _share_of_world(data: Data, view: View, metric: str, title_key: str) -> ChartResult:
    """One share measure for every country shown, from one edition and date (`compare`);
    a country the edition lacks is named in the caption with where its figure is."""
    countries = list(view.countries)
    comparison = compare.comparable(data.figures(metric, countries), countries)
    rows = views.decorate(comparison.rows, data, view.lang)
    fig = primitives.bars(
        rows,
        labels=labels(view, title_key, "axis.share", edition=comparison.edition or "—"),
        category="name",
        style=view.style,
    )
    caveat = (
        views.share_caption(rows, data, view.lang)
        if metric == views.COMPARABLE_COMPUTE
        else t("compute.owned_caveat", view.lang)
    )
    notes = [caveat, _gaps_note(comparison, data, view.lang)]
    return ChartResult(fig, rows, " ".join(n for n in notes if n))


def compute_share(data: Data, view: View) -> ChartResult:
    """The comparable compute measure: each country's share of the GPU-cluster
    performance one dataset tracks, by location, at one snapshot."""
    return _share_of_world(data, view, views.COMPARABLE_COMPUTE, "compute.share_chart")


def compute_owned(data: Data, view: View) -> ChartResult:
    """Ownership beside location: the share of the world's AI compute each country's
    companies own (Epoch AI chip owners), where the publisher gives one."""
    return _share_of_world(data, view, views.OWNED_COMPUTE, "compute.owned_chart")


def compute_by_country(data: Data, view: View) -> ChartResult:
    rows = data.figures(list(views.GPU_METRICS), list(view.countries))
    rows, left_out = views.per_basis(rows, data, view.basis)
    rows = _label_bars(views.decorate(rows, data, view.lang), "name", "metric_label", "year")
    fig = primitives.bars(
        rows,
        labels=labels(view, "compute.by_country", f"axis.{view.basis}_gpu"),
        category="bar",
        log=view.scale == "log",
        style=view.style,
    )
    notes = [
        t("compute.basis_note", view.lang) if view.basis != "absolute" else "",
        _left_out_note(data, view, left_out),
    ]
    return ChartResult(fig, rows, " ".join(n for n in notes if n))


def compute_vs_companies(data: Data, view: View) -> ChartResult:
    entities = [*view.countries, *_companies(data)]
    rows = views.decorate(data.figures("gpus_held", entities), data, view.lang)
    rows = _label_bars(rows, "name", "year", "publisher")
    fig = primitives.bars(
        rows,
        labels=labels(view, "compute.vs_companies", "axis.gpu"),
        category="bar",
        log=view.scale == "log",
        style=view.style,
    )
    return ChartResult(fig, rows, t("compute.vs_companies_note", view.lang))


def _series(
    data: Data, view: View, metric: str, keys: tuple[str, str, str], log: bool
) -> ChartResult:
    """One metric over the years, a line per country, one edition per point (a revised
    year is drawn from its newest edition; a line breaks where the edition changes)."""
    rows = views.edition_series(data.figures(metric, list(view.countries)))
    rows = views.decorate(rows, data, view.lang)
    title, axis, note = keys  # strings keys
    fig = primitives.lines(
        rows,
        labels=labels(view, title, axis),
        log=log,
        style=view.style,
        events=_events(data, view),
    )
    return ChartResult(fig, rows, t(note, view.lang))


def _events(data: Data, view: View) -> pd.DataFrame | None:
    """The events a chart over years marks: those of its countries and the world, when
    the view asks for them."""
    return views.events_of(data, view.countries, view.lang) if view.events else None


def companies_new_per_year(data: Data, view: View) -> ChartResult:
    keys = ("companies.new_per_year", "axis.count_companies", "companies.new_per_year_note")
    return _series(data, view, "newly_funded_ai_companies", keys, log=False)


def companies_cumulative(data: Data, view: View) -> ChartResult:
    rows = data.figures("newly_funded_ai_companies_cumulative", list(view.countries))
    rows = views.decorate(rows, data, view.lang)
    rows = _label_bars(_with_span(rows), "name", "span")
    fig = primitives.bars(
        rows,
        labels=labels(view, "companies.cumulative", "axis.count_companies"),
        category="bar",
        style=view.style,
    )
    return ChartResult(fig, rows)


def companies_totals(data: Data, view: View) -> ChartResult:
    rows = data.figures(["ai_companies_total", "ai_startups_total"], list(view.countries))
    rows = _label_bars(
        views.decorate(rows, data, view.lang), "name", "metric_label", "year", "publisher"
    )
    fig = primitives.bars(
        rows,
        labels=labels(view, "companies.totals", "axis.count_companies"),
        category="bar",
        style=view.style,
    )
    return ChartResult(fig, rows, t("companies.definitions_warning", view.lang))


def rank_metrics(data: Data) -> list[str]:
    """Rank metrics that have figures, overall indices first."""
    present = set(data.observations["metric"])
    ranks = [
        m
        for m, u in zip(data.metrics["metric"], data.metrics["unit"], strict=True)
        if u == "rank" and m in present
    ]
    overall = [m for m in views.OVERALL_RANKS if m in ranks]  # in the order the page offers
    return overall + sorted(m for m in ranks if m not in overall)


def rankings_bump(data: Data, view: View) -> ChartResult:
    rows = views.decorate(data.figures(view.index, list(view.countries)), data, view.lang)
    fig = primitives.bump(
        rows,
        labels=labels(
            view, "rankings.bump", "axis.rank", index=data.metric_label(view.index, view.lang)
        ),
        style=view.style,
        events=_events(data, view),
    )
    return ChartResult(fig, rows, t("rankings.bump_note", view.lang))


def _focus_comparison(data: Data, metric: str, focus: str) -> compare.Comparison:
    """One country's figure of one rank metric: an index's newest edition (decided by
    every country's figures, so an edition that lacks the country leaves a gap rather than
    an older rank); a rank without editions (a single report's claim), its newest."""
    rows = data.figures(metric)
    if (rows["edition"].fillna("") == "").all():
        rows = rows[rows["entity"] == focus]
    return compare.comparable(rows, [focus])


def rankings_cross(data: Data, view: View) -> ChartResult:
    comparisons = [_focus_comparison(data, m, view.focus) for m in rank_metrics(data)]
    found = [c.rows for c in comparisons if not c.rows.empty]
    latest = pd.concat(found, ignore_index=True) if found else data.figures([])
    rows = views.decorate(latest, data, view.lang)
    fig = primitives.rank_dots(
        rows,
        labels=labels(
            view, "rankings.cross", "axis.rank", name=data.entity_name(view.focus, view.lang)
        ),
        style=view.style,
    )
    gaps = [
        f"{data.metric_label(c.metric, view.lang)}: {compare.gap_text(c, view.focus, view.lang)}"
        for c in comparisons
        if c.missing and (c.metric in views.OVERALL_RANKS or not c.gaps.empty)
    ]
    return ChartResult(fig, rows, " ".join([t("rankings.why_differ", view.lang), *gaps]))


def investment_private(data: Data, view: View) -> ChartResult:
    keys = ("investment.private", "axis.usd_bn", "investment.private_note")
    return _series(data, view, "private_ai_investment", keys, log=view.scale == "log")


def investment_plans(data: Data, view: View) -> ChartResult:
    plans = views.plans_in_usd(data.figures(list(views.PLAN_METRICS), list(view.countries)), data)
    rows, left_out = views.plan_basis(plans, data, view.plan_basis)
    rows = views.decorate(rows, data, view.lang)
    rows = _label_bars(_with_span(rows), "name", "metric_label", "span")
    fig = primitives.bars(
        rows,
        labels=labels(view, "investment.plans", f"axis.plan_{view.plan_basis}"),
        category="bar",
        log=True,
        style=view.style,
    )
    notes = [t("investment.plans_note", view.lang), _left_out_note(data, view, left_out)]
    return ChartResult(fig, rows, " ".join(n for n in notes if n))


# The view fields each chart reads: `registry.build` remembers a chart by these alone, so
# changing another setting (the scale, for a chart drawn without it) does not redraw it.
_DRAWN = ("lang", "countries", "style")
VIEW_READS: dict[str, tuple[str, ...]] = {
    "gpu_gap": _DRAWN,
    "compute_share": _DRAWN,
    "compute_owned": _DRAWN,
    "compute_by_country": (*_DRAWN, "scale", "basis"),
    "compute_vs_companies": (*_DRAWN, "scale"),
    "companies_new_per_year": (*_DRAWN, "events"),
    "companies_cumulative": _DRAWN,
    "companies_totals": _DRAWN,
    "rankings_bump": (*_DRAWN, "index", "events"),
    "rankings_cross": ("lang", "focus", "style"),
    "investment_private": (*_DRAWN, "scale", "events"),
    "investment_plans": (*_DRAWN, "plan_basis"),
}

CHARTS = {
    "gpu_gap": gpu_gap,
    "compute_share": compute_share,
    "compute_owned": compute_owned,
    "compute_by_country": compute_by_country,
    "compute_vs_companies": compute_vs_companies,
    "companies_new_per_year": companies_new_per_year,
    "companies_cumulative": companies_cumulative,
    "companies_totals": companies_totals,
    "rankings_bump": rankings_bump,
    "rankings_cross": rankings_cross,
    "investment_private": investment_private,
    "investment_plans": investment_plans,
}
