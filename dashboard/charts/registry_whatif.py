"""The what-if charts by id (`CHARTS`, which the registry `registry.CHARTS` takes in).

Each builder goes from a view to a chart in four steps, the same for every chart: the
scenario the view's link describes, checked once (`whatif.scenario`); the section's
result from the model (`whatif.projection`, `plans`, `cost`, `index`); the words in the
reader's language (`whatif.words_*`); and the chart module's `draw(result, *, labels,
style)`. `rows` are the inputs behind the chart, each with its source: the figures of the
data it starts from, the sourced assumptions at the scenario's values and the outside
projections drawn beside it. So the page, a slide, the deck and the briefing show the
same numbers for the same link.

When the data cannot support the scenarios (no assumptions, a row missing, no Korean
start), the chart is empty and says why; nothing is guessed.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from dashboard.base.i18n import t
from dashboard.charts import primitives
from dashboard.charts.primitives import Labels
from dashboard.charts.view import ChartResult, View
from dashboard.charts.whatif import compare, composite, investment, levels, rows, shares, tco, world
from dashboard.charts.whatif import words_compute as wc
from dashboard.charts.whatif import words_index as wi
from dashboard.charts.whatif import words_money as wm
from dashboard.data.load import HOME, Data
from dashboard.model.scenarios import buildout, china, starts, units, whatif
from dashboard.model.scenarios.assumptions import AssumptionsError
from dashboard.model.scenarios.composite import comparable_rows
from dashboard.model.scenarios.sections import (
    BuildoutScenario,
    CompositeScenario,
    PledgeScenario,
    Scenario,
    Section,
    TcoScenario,
)

# Assumptions the projection uses that are not sliders (the rows cite them too).
PROJECTION_CONSTANTS = (
    buildout.WORLD_GROWTH,
    buildout.WORLD_POWER,
    starts.SPREAD,
    china.ASCEND_RATIO,
    "h100e_ratio_blackwell",
    "h100e_ratio_b300",
    units.UNKNOWN,
)


def _unavailable(view: View, message: str) -> ChartResult:
    labels = Labels(title=t("whatif.unavailable_title", view.lang), value_axis="", empty=message)
    return ChartResult(primitives.empty(labels, view.style), rows.none(), message)


def _scenario(data: Data, view: View) -> tuple[whatif.Settings, Scenario]:
    found = whatif.available_settings(data, view.lang)
    return found, whatif.scenario(found, view.scenario, view.preset)


def _guarded(build: Callable[[Data, View], ChartResult]) -> Callable[[Data, View], ChartResult]:
    """The builder, or an empty chart saying why the scenarios are unavailable."""

    def run(data: Data, view: View) -> ChartResult:
        try:
            return build(data, view)
        except whatif.Unavailable as exc:
            return _unavailable(view, str(exc))

    run.__doc__, run.__name__ = build.__doc__, build.__name__
    return run


def _section_rows(
    data: Data,
    lang: str,
    found,
    section: Section,
    observations: pd.DataFrame,
    constants: tuple[str, ...] = (),
    outside: pd.DataFrame | None = None,
) -> pd.DataFrame:
    values = {
        found.sliders[k].parameter: v
        for k, v in section.values().items()
        if k in found.sliders and found.sliders[k].parameter
    }
    values.update({p: found.assumptions[p].value for p in constants if p in found.assumptions})
    extra = rows.assumption_rows(data, lang, found.assumptions, values)
    if outside is not None:
        extra += rows.projection_rows(data, lang, outside)
    return rows.chart_rows(data, lang, observations, extra)


# ---------------------------------------------------------------- the compute charts


def _projection(data: Data, view: View):
    found, s = _scenario(data, view)
    p = whatif.projection(data, found, s.buildout, view.countries)
    outside = whatif.outside(data, found, s.buildout)
    return found, s, p, outside


@_guarded
def whatif_world(data: Data, view: View) -> ChartResult:
    """The world's AI compute and the power it draws, with the outside projections."""
    found, s, p, outside = _projection(data, view)
    last, lang = p.last_year, view.lang
    shown = outside[outside["measure"].isin(["world_h100e", "world_power_gw"])]
    chart = world.WorldChart(
        p.world, wc.marker_rows(shown, lang, last), int(found.assumptions[buildout.TARGET].value)
    )
    fig = world.draw(
        chart, labels=wc.world_labels(view, found, last), style=view.style, log=view.scale == "log"
    )
    used = _section_rows(
        data,
        lang,
        found,
        s.buildout,
        p.rows[p.rows["entity"] == "WLD"],
        PROJECTION_CONSTANTS,
        shown[shown["year"] <= last],
    )
    return ChartResult(fig, used, wc.world_caption(data, found, s.buildout, p, outside, lang))


@_guarded
def whatif_buildout(data: Data, view: View) -> ChartResult:
    """Each country's compute with its band inside the world's; Korea's and France's
    pipelines against their trend; announced pipelines' ceilings marked."""
    found, s, p, outside = _projection(data, view)
    last, lang = p.last_year, view.lang
    shown = outside[outside["kind"].eq("target") & outside["entity"].isin(set(p.frame["entity"]))]
    chart = levels.LevelsChart(p.frame, wc.marker_rows(shown, lang, last), HOME)
    fig = levels.draw(
        chart,
        labels=wc.levels_labels(data, view, p.frame),
        style=view.style,
        log=view.scale == "log",
    )
    used = _section_rows(
        data, lang, found, s.buildout, p.rows, PROJECTION_CONSTANTS, shown[shown["year"] <= last]
    )
    return ChartResult(
        fig, used, wc.levels_caption(data, found, s.buildout, p, view.countries, lang)
    )


@_guarded
def whatif_shares(data: Data, view: View) -> ChartResult:
    """Each country's share of the world, with the lowest and highest over the cases."""
    found, s, p, outside = _projection(data, view)
    last, lang = p.last_year, view.lang
    shown = outside[
        outside["measure"].eq("share_pct") & outside["entity"].isin(set(p.frame["entity"]))
    ]
    chart = shares.SharesChart(p.frame, wc.marker_rows(shown, lang, last), HOME)
    fig = shares.draw(chart, labels=wc.shares_labels(data, view, p.frame), style=view.style)
    used = _section_rows(
        data, lang, found, s.buildout, p.rows, PROJECTION_CONSTANTS, shown[shown["year"] <= last]
    )
    return ChartResult(fig, used, wc.shares_caption(lang))


# ---------------------------------------------------------------- money


@_guarded
def whatif_investment(data: Data, view: View) -> ChartResult:
    """Korea's pledge as set beside the plans abroad, each hatched by its status."""
    found, s = _scenario(data, view)
    lang = view.lang
    basis = view.plan_basis if view.plan_basis in wm.INVESTMENT_BASES else "per_capita"
    column, unit = wm.INVESTMENT_BASES[basis]
    frame = whatif.plans(data, s.pledge, view.countries)
    chart = investment.InvestmentChart(wm.investment_bars(data, lang, frame, column, unit))
    fig = investment.draw(
        chart, labels=wm.investment_labels(view, basis), style=view.style, log=view.scale == "log"
    )
    drawn = frame[["entity", "metric", "source_id", "end_year"]].rename(
        columns={"end_year": "year"}
    )
    plans = data.observations.merge(drawn, on=["entity", "metric", "source_id", "year"])
    fx = data.figures("fx_per_usd")
    fx = fx[
        fx["currency"].isin(set(frame["currency"]))
        & fx["year"].isin(set(frame["rate_year"].dropna().astype(int)))
    ]
    used = _section_rows(data, lang, found, s.pledge, pd.concat([plans, fx], ignore_index=True))
    return ChartResult(fig, used, wm.investment_caption(data, lang, s.pledge, frame, column))


@_guarded
def whatif_tco(data: Data, view: View) -> ChartResult:
    """Owning GPUs against renting them: totals, and cost per used hour by utilisation."""
    found, s = _scenario(data, view)
    result = whatif.cost(s.cost)
    chart = tco.TcoChart(s.cost, result, found.sliders["utilisation"].min)
    fig = tco.draw(chart, labels=wm.tco_labels(view, s.cost, result), style=view.style)
    used = _section_rows(data, view.lang, found, s.cost, data.observations.iloc[0:0])
    return ChartResult(fig, used, wm.tco_caption(view.lang, s.cost, result))


# ---------------------------------------------------------------- index and comparison


@_guarded
def whatif_composite(data: Data, view: View) -> ChartResult:
    """The composite score per country, stacked by pillar, with the scenario fed in."""
    found, s = _scenario(data, view)
    if not s.index.has_weight():
        return _unavailable(view, t("whatif.composite.no_weight", view.lang))
    result = whatif.index(data, found, s.index, view.countries)
    fig = composite.draw(
        result.scenario, labels=wi.composite_labels(data, view, result, s.index), style=view.style
    )
    entities = list(result.pillars.values.index)
    used_rows = [
        comparable_rows(data, m, entities)
        for p, m in result.pillars.metrics.items()
        if p != "compute"
    ]
    projection = whatif.projection(data, found, s.buildout, view.countries)
    observations = pd.concat([projection.rows, *used_rows], ignore_index=True)
    used = _section_rows(data, view.lang, found, s.index, observations)
    return ChartResult(fig, used, wi.composite_caption(data, view.lang, s.index, result))


def named_scenarios(found: whatif.Settings, view: View) -> list[tuple[str, Scenario]]:
    """(name, scenario) of the current scenario, then of each saved one (a saved scenario
    without a name is "Scenario N")."""
    out = [
        (t("whatif.compare.current", view.lang), whatif.scenario(found, view.scenario, view.preset))
    ]
    for i, kept in enumerate(view.saved, 1):
        name = kept.name or t("whatif.compare.unnamed", view.lang, n=i)
        out.append((name, whatif.scenario(found, kept.scenario, kept.preset)))
    return out


@_guarded
def whatif_compare(data: Data, view: View) -> ChartResult:
    """Korea's compute per year in the current scenario and each saved one, against its
    trend; the table under it compares their outcomes."""
    found = whatif.available_settings(data, view.lang)
    try:
        scenarios = named_scenarios(found, view)
    except ValueError:  # a saved scenario names a path the data no longer has
        return _unavailable(view, t("whatif.compare.unknown_path", view.lang))
    projections = [whatif.projection(data, found, s.buildout, view.countries) for _, s in scenarios]
    korea = tuple(p.frame[p.frame["entity"] == HOME] for p in projections)
    labels = wi.compare_labels(data, view, tuple(n for n, _ in scenarios), projections[0].last_year)
    fig = compare.draw(
        compare.CompareChart(korea), labels=labels, style=view.style, log=view.scale == "log"
    )
    used = _section_rows(
        data, view.lang, found, scenarios[0][1].buildout, projections[0].rows, PROJECTION_CONSTANTS
    )
    return ChartResult(fig, used, wi.compare_caption(view.lang))


CHARTS = {
    "whatif_world": whatif_world,
    "whatif_buildout": whatif_buildout,
    "whatif_shares": whatif_shares,
    "whatif_investment": whatif_investment,
    "whatif_tco": whatif_tco,
    "whatif_composite": whatif_composite,
    "whatif_compare": whatif_compare,
}
# The charts that follow Korea's path (`View.preset`) and the saved scenarios.
PATH_CHARTS = frozenset({"whatif_buildout", "whatif_shares", "whatif_composite", "whatif_compare"})
SAVED_CHARTS = frozenset({"whatif_compare"})
# The section each chart draws: the chart reads that section's sliders and nothing else,
# so a slider move redraws only the charts whose section holds it (registry.build
# remembers the others).
PARAMS: dict[str, type[Section]] = {
    "whatif_world": BuildoutScenario,
    "whatif_buildout": BuildoutScenario,
    "whatif_shares": BuildoutScenario,
    "whatif_investment": PledgeScenario,
    "whatif_tco": TcoScenario,
    "whatif_composite": CompositeScenario,
    "whatif_compare": BuildoutScenario,
}


def scenario_keys(chart_id: str, data: Data) -> frozenset[str]:
    """The slider keys chart `chart_id` reads, for this data."""
    try:
        found = whatif.settings_of(data)
    except (AssumptionsError, ValueError, IndexError, KeyError):
        return frozenset()  # the chart says the scenario is unavailable, whatever it is
    return frozenset(PARAMS[chart_id].keys_of(found.sliders))
