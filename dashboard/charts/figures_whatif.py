"""The what-if charts, by id (`CHARTS`, which the registry `figures.CHARTS` takes in):
build-out, investment, cost of compute and composite index.

Each builder is pure, `(data, view) -> ChartResult`. It reads the scenario from
`view.scenario` and `view.preset` through `dashboard.scenarios.whatif.resolve`, so the
page, a slide and the deck show the same numbers for the same settings; computes the
section; and draws it with the chart primitives (`dashboard.charts.primitives`), with words from
the strings files and entity colours from the data. `rows` are the inputs behind the
chart, each with its source: the figures from the data it starts from and the sourced
assumptions at their current values (design choices have no source to cite; the page
lists them with the rest).

When the data has no assumptions (a folder that does not declare them), lacks a row a
section needs or has no Korean baseline, the chart is empty and says why; nothing is
guessed.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.base import formatting as fmt
from dashboard.base.i18n import t
from dashboard.charts import primitives
from dashboard.charts.primitives import Labels
from dashboard.charts.view import ChartResult, View, labels
from dashboard.data.dataset import WORLD, WORLD_COMPUTE, row_key
from dashboard.data.load import HOME, Data
from dashboard.model import views
from dashboard.model.scenarios import buildout, composite, tco, whatif
from dashboard.model.scenarios.assumptions import AssumptionsError

# Pillar colours: a blue ramp, so that a pillar never reads as an entity's colour.
PILLAR_COLORS = dict(
    zip(composite.PILLARS, ("#1f3b5c", "#3f6e9e", "#7fa6cf", "#c3d7ec"), strict=True)
)
MUTED = 0.55  # opacity of the peers' lines beside Korea's
INPUT_COLUMNS = ["entity", "name", "metric", "metric_label", "year", "period_start", "value",
                 "unit", "currency", "gpu_type", "status", "confidence", "title", "publisher",
                 "published", "url", "note"]  # fmt: skip
# Which column of `investment.compare` each plan basis draws, and its unit.
INVESTMENT_BASES = {
    "total": ("usd_bn", "currency_bn"),
    "per_year": ("annual_usd_bn", "currency_bn"),
    "per_capita": ("per_capita_usd", "usd"),
    "gdp_share": ("gdp_share_pct", "percent"),
}
UTILISATION_GRID = 96  # points on the cost-per-hour curve
# Owning against renting: blues for owning, a warm brown for the cloud, none of them an
# entity's colour (a cost is nobody's country).
OWN_COLOR, ENERGY_COLOR, CLOUD_COLOR = "#3f6e9e", "#a9c4e2", "#B35806"
# The cost chart's money: won for Korean readers, totals in 억 (10^8) won, the unit they
# read budgets in; USD for English readers, totals in millions. Per hour: plain units.
MONEY = {"ko": ("KRW", 1e8), "en": ("USD", 1e6)}
PER_HOUR_RANGE = 3  # the per-hour axis shows up to 3x the cloud price (the curve is 1/u)


# ---------------------------------------------------------------- shared pieces


def scenario_of(data: Data, view: View) -> tuple[whatif.Settings, dict[str, float]]:
    """The what-if settings and every slider's value for this view (each section takes
    its own from them: `whatif.BuildoutParams.from_values(settings, values)`, ...);
    `whatif.Unavailable` when the data cannot support the scenarios."""
    settings = whatif.available_settings(data, view.lang)
    return settings, whatif.resolve(settings, view.scenario, view.preset)


def _unavailable(view: View, message: str) -> ChartResult:
    labels = Labels(title=t("whatif.unavailable_title", view.lang), value_axis="", empty=message)
    return ChartResult(primitives.empty(labels, view.style), _no_inputs(), message)


def _no_inputs() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in INPUT_COLUMNS})


def inputs(
    data: Data,
    lang: str,
    observations: pd.DataFrame,
    settings: whatif.Settings,
    values: Mapping[str, float],
    keys: Iterable[str] = (),
    parameters: Iterable[str] = (),
) -> pd.DataFrame:
    """The rows behind a what-if chart: figures from the data (as loaded, with their
    sources), then the sourced assumptions it uses: those shown by the sliders `keys`
    at the sliders' values, and `parameters` at their own."""
    current = {
        settings.sliders[k].parameter: values[k] for k in keys if settings.sliders[k].parameter
    }
    current.update(
        {p: settings.assumptions[p].value for p in parameters if p in settings.assumptions}
    )
    parts = [views.decorate(observations, data, lang)] if not observations.empty else []
    sources = data.sources.set_index("source_id")
    assumed = []
    for parameter, value in current.items():
        a = settings.assumptions[parameter]
        if a.source_id not in sources.index:
            continue  # a design choice has no source; the page states it
        source = sources.loc[a.source_id]
        assumed.append(
            {
                "entity": "",
                "name": a.label(lang),
                "metric": a.parameter,
                "metric_label": a.label(lang),
                "value": value,
                "unit": a.unit,
                "status": "",
                "confidence": a.confidence,
                "note": a.note_in(lang),
                **{k: source[k] for k in ("title", "publisher", "published", "url")},
            }
        )
    if assumed:
        parts.append(pd.DataFrame(assumed))
    if not parts:
        return _no_inputs()
    rows = pd.concat(parts, ignore_index=True)
    return rows[[c for c in INPUT_COLUMNS if c in rows]]


def _names(data: Data, entities: Iterable[str], lang: str) -> str:
    return ", ".join(data.entity_name(e, lang) for e in entities)


def _h100e(value: float, lang: str) -> str:
    return t("unit.h100e", lang, n=fmt.compact(value, lang))


def share_text(fraction: float, lang: str) -> str:
    """A share as a percentage, with enough decimals that a small one is not "0%"."""
    pct = fraction * 100
    small = 0 < abs(pct) < 1
    places = min(4, 1 - math.floor(math.log10(abs(pct)))) if small else 1
    return fmt.percent(pct, lang, decimals=places)


def _style_legend(fig: go.Figure, name: str, dash: str) -> None:
    """A grey legend-only line explaining a line style (colour stands for the entity)."""
    fig.add_scatter(
        x=[None],
        y=[None],
        mode="lines",
        name=name,
        line=dict(color=primitives.LEGEND_SWATCH, width=3, dash=dash),
        hoverinfo="skip",
    )


def _hover(*lines: str) -> str:
    return "<br>".join(lines)


# ---------------------------------------------------------------- build-out


def whatif_buildout(data: Data, view: View) -> ChartResult:
    """Compute (H100e) per country and year with its band, the world's above them all:
    Korea's trend dotted and its path solid, the peers' trends solid; Korea drawn boldest
    and labelled with its rank and share of the leader."""
    lang = view.lang
    try:
        settings, values = scenario_of(data, view)
    except whatif.Unavailable as exc:
        return _unavailable(view, str(exc))
    b = whatif.BuildoutParams.from_values(settings, values)
    path = whatif.preset_of(settings, view.preset)
    frame = whatif.buildout_frame(data, settings, b, view.countries, view.preset)
    last = int(frame["year"].max())
    log = view.scale == "log"
    colors = data.colors()
    fig = go.Figure()
    world = frame.drop_duplicates("year").sort_values("year")
    _band(fig, world, "world", primitives.MUTED, data.entity_name(WORLD, lang), lang)
    fig.add_scatter(
        x=world["year"],
        y=world["world"],
        mode="lines",
        name=data.entity_name(WORLD, lang),
        line=dict(color=primitives.MUTED, width=2, dash="dash"),
        customdata=[_world_hover(data, r, lang) for r in world.to_dict("records")],
        hovertemplate="%{customdata}<extra></extra>",
    )
    drawn = list(dict.fromkeys(frame["entity"]))
    for entity in [*(e for e in drawn if e != HOME), HOME]:  # Korea last, so on top
        rows = frame[frame["entity"] == entity].sort_values("year")
        home = entity == HOME
        color = colors.get(entity, primitives.FALLBACK)
        name = data.entity_name(entity, lang)
        if home:  # Korea's trend has its own band, behind its path's
            _band(fig, rows, "baseline", color, name, lang)
        _band(fig, rows, "scenario", color, name, lang)
        shared = dict(
            x=rows["year"],
            name=name,
            legendgroup=entity,
            customdata=[_buildout_hover(name, r, lang) for r in rows.to_dict("records")],
            hovertemplate="%{customdata}<extra></extra>",
            opacity=1.0 if home else MUTED,
        )
        if home:
            fig.add_scatter(
                y=rows["baseline_compute"],
                mode="lines",
                line=dict(color=color, width=3, dash="dot"),
                showlegend=False,
                **shared,
            )
        fig.add_scatter(
            y=rows["scenario_compute"],
            mode="lines+markers",
            line=dict(color=color, width=5 if home else 2.5),
            marker=dict(size=9 if home else 6, color=color),
            **shared,
        )
    _style_legend(fig, t("whatif.legend.baseline", lang), "dot")
    _style_legend(fig, t("whatif.legend.scenario", lang), "solid")
    korea = buildout.home_row(frame, last)
    y = float(korea["scenario_compute"])
    if len(drawn) > 1:  # a rank among one country says nothing
        fig.add_annotation(
            x=last,
            y=math.log10(y) if log and y > 0 else y,  # annotations sit in axis units
            text=t(
                "whatif.buildout.korea_label",
                lang,
                name=data.entity_name(HOME, lang),
                rank=fmt.rank(int(korea["rank_scenario"]), lang),
                base=fmt.rank(int(korea["rank_baseline"]), lang),
                share=share_text(korea["share_of_leader"], lang),
            ),
            showarrow=True,
            arrowhead=0,
            ax=-20,
            ay=-44,
            xanchor="right",
            font=dict(size=view.style.font_size, color=colors.get(HOME, primitives.INK)),
            bgcolor="white",
        )
    labels = Labels(
        title=t("whatif.buildout.chart_title", lang, year=last),
        value_axis=t("whatif.buildout.axis", lang),
        empty=t("chart.empty", lang),
    )
    fig = primitives.layout(fig, labels, view.style, log=log)
    primitives.locale_axis(fig, lang)
    fig.update_xaxes(dtick=1, tickformat="d")
    base = buildout.baseline(data, settings.assumptions)
    rows = _buildout_inputs(data, lang, settings, b, frame, path)
    caption = _buildout_caption(data, lang, base, b, frame, path, view.countries)
    return ChartResult(fig, rows, caption)


BAND_OPACITY = 0.14  # a band behind its line: visible, never hiding another line


def _band(
    fig: go.Figure, rows: pd.DataFrame, column: str, color: str, name: str, lang: str
) -> None:
    """The low-to-high band of `column` (`<column>_low`, `<column>_high`) as a filled
    area behind the line, hovering with the line, not in the legend."""
    fig.add_scatter(
        x=[*rows["year"], *rows["year"][::-1]],
        y=[*rows[f"{column}_high"], *rows[f"{column}_low"][::-1]],
        fill="toself",
        mode="lines",
        line=dict(width=0, color=color),
        fillcolor=color,
        opacity=BAND_OPACITY,
        name=f"{name}: {t('whatif.buildout.band', lang)}",
        showlegend=False,
        hoverinfo="skip",
    )


def _range(low: float, central: float, high: float, lang: str) -> str:
    return f"{_h100e(central, lang)} ({fmt.compact(low, lang)}–{fmt.compact(high, lang)})"


def _world_hover(data: Data, r: Mapping, lang: str) -> str:
    return _hover(
        f"<b>{views._safe(data.entity_name(WORLD, lang))}</b> · {r['year']}",
        _range(r["world_low"], r["world"], r["world_high"], lang),
    )


def _buildout_hover(name: str, r: Mapping, lang: str) -> str:
    change = float(r["change"])
    change_text = f" ({'+' if change > 0 else ''}{fmt.compact(change, lang)})" if change else ""
    return _hover(
        f"<b>{views._safe(name)}</b> · {r['year']}",
        f"{t('whatif.hover.baseline', lang)}: "
        f"{_range(r['baseline_low'], r['baseline_compute'], r['baseline_high'], lang)}",
        f"{t('whatif.hover.scenario', lang)}: "
        f"{_range(r['scenario_low'], r['scenario_compute'], r['scenario_high'], lang)}"
        f"{change_text}",
        f"{t('whatif.hover.rank', lang)}: {fmt.rank(int(r['rank_baseline']), lang)} → "
        f"{fmt.rank(int(r['rank_scenario']), lang)}",
        f"{t('whatif.hover.share', lang)}: {share_text(r['share_of_leader'], lang)}",
        f"{t('whatif.hover.world_share', lang)}: {share_text(r['share_of_world'], lang)}",
        f"{t('whatif.hover.per_capita', lang)}: {fmt.compact(r['per_million_people'], lang)}",
    )


def _buildout_inputs(
    data: Data,
    lang: str,
    settings: whatif.Settings,
    b: whatif.BuildoutParams,
    frame: pd.DataFrame,
    path: buildout.Preset | None,
) -> pd.DataFrame:
    """The figures the projection starts from: the shares (one edition), the world's
    total, the growth rows and any other share estimate behind a range, the path's GPU
    figures; then the sourced world growth at its slider's value."""
    shown = list(dict.fromkeys(frame["entity"]))
    base = buildout.baseline(data, settings.assumptions)
    shares = frame.drop_duplicates("entity")[["entity", "source_id"]]
    share_rows = views.one_edition(data.figures(views.COMPARABLE_COMPUTE, shown))
    share_rows = share_rows.merge(shares, on=["entity", "source_id"])
    world = data.figures(WORLD_COMPUTE, [WORLD])
    world = world[(world["year"] == base.year) & (world["source_id"] == base.world_source)]
    growth = data.figures(buildout.GROWTH_METRIC, [*shown, WORLD])
    ranges = {s for e in shown for s in base.starts[e].range_sources}
    others = data.figures(list(buildout.ALTERNATIVE_SHARES), shown)
    others = others[others["source_id"].isin(ranges) & ((others["year"] - base.year).abs() <= 1)]
    steps = pd.DataFrame()
    if path is not None:
        wanted = {step.row for step in path.steps}
        gpus = data.figures(buildout.gpu_metrics(data), [HOME])
        steps = gpus[row_key(gpus).isin(wanted)]
    used = pd.concat([share_rows, world, others, growth, steps], ignore_index=True)
    return inputs(data, lang, used, settings, b.values(), ["world_growth"])


def _buildout_caption(
    data: Data,
    lang: str,
    base: buildout.Baseline,
    b: whatif.BuildoutParams,
    frame: pd.DataFrame,
    path: buildout.Preset | None,
    countries: Sequence[str],
) -> str:
    shown = list(dict.fromkeys(frame["entity"]))
    world_growth = base.world_growth.factor.scaled(1 + b.world_growth)
    ranges = ", ".join(_start_range(data, base, e, lang) for e in shown)
    rates = dict(b.growth)
    growth = ", ".join(
        t(
            "whatif.buildout.growth_item",
            lang,
            name=data.entity_name(e, lang),
            rate=_signed_percent(rates[e], lang),
        )
        for e in shown
    )
    sources = data.sources.set_index("source_id")
    edition = base.starts[shown[0]].edition if shown else ""
    parts = [
        t(
            "whatif.buildout.caption",
            lang,
            year=base.year,
            edition=edition,
            world=_h100e(base.world, lang),
            world_source=_source_name(sources, base.world_source),
            ranges=ranges,
            world_rate=fmt.ratio(world_growth.central, lang),
            world_low=fmt.ratio(world_growth.low, lang),
            world_high=fmt.ratio(world_growth.high, lang),
            growth=growth,
        )
    ]
    if path is not None:
        parts.append(
            t(
                "whatif.buildout.path_caption",
                lang,
                label=path.label(lang),
                gpus=fmt.number(path.total, lang),
                year=path.last_year,
                ratio=fmt.number(b.added_ratio, lang),
            )
        )
    if b.added_gpus > 0:
        start = int(b.start_year)
        parts.append(
            t(
                "whatif.buildout.extra_caption",
                lang,
                gpus=fmt.number(b.added_gpus, lang),
                start=start,
                end=start + int(b.deploy_years) - 1,
            )
        )
    if b.efficiency != 1:
        parts.append(
            t(
                "whatif.buildout.efficiency_caption",
                lang,
                efficiency=fmt.ratio(b.efficiency, lang),
                start=int(b.start_year),
            )
        )
    capped = sorted(set(frame.loc[frame["capped"], "year"]))
    if capped:
        parts.append(t("whatif.buildout.capped", lang, years=", ".join(map(str, capped))))
    without = buildout.countries_without_start(data, countries)
    if without:
        parts.append(t("whatif.buildout.no_stock", lang, names=_names(data, without, lang)))
    parts.append(t("whatif.not_a_forecast", lang))
    return " ".join(parts)


def _start_range(data: Data, base: buildout.Baseline, entity: str, lang: str) -> str:
    """A country's start range, "South Korea 77K–94.1K"; one number where both ends
    read the same (a share given to a tenth of a point of 73.3%)."""
    share = base.starts[entity].share
    low, high = (fmt.compact(x / 100 * base.world, lang) for x in (share.low, share.high))
    name = data.entity_name(entity, lang)
    if low == high:
        return f"{name} {low}"
    return t("whatif.buildout.range_item", lang, name=name, low=low, high=high)


def _signed_percent(fraction: float, lang: str) -> str:
    pct = fmt.percent(fraction * 100, lang)
    return f"+{pct}" if fraction > 0 else pct


def _source_name(sources: pd.DataFrame, source_id: str) -> str:
    if source_id not in sources.index:
        return source_id
    s = sources.loc[source_id]
    return f"{s['publisher']}, {s['published']}"


# ---------------------------------------------------------------- investment


def whatif_investment(data: Data, view: View) -> ChartResult:
    """Korea's pledge as set (the scenario) beside the plans abroad, each bar hatched by
    its status, in USD (total, per year, per person per year or share of GDP)."""
    lang = view.lang
    try:
        settings, values = scenario_of(data, view)
    except whatif.Unavailable as exc:
        return _unavailable(view, str(exc))
    basis = view.plan_basis if view.plan_basis in INVESTMENT_BASES else "per_capita"
    column, unit = INVESTMENT_BASES[basis]
    pledge = whatif.PledgeParams.from_values(settings, values)
    frame = whatif.investment_frame(data, pledge, view.countries)
    shown = frame[frame[column].notna()]
    rows = _investment_rows(data, lang, shown, column, unit)
    chart_labels = labels(view, "whatif.investment.chart_title", f"axis.plan_{basis}")
    fig = primitives.bars(
        rows, labels=chart_labels, category="bar", log=view.scale == "log", style=view.style
    )
    caption = [
        t(
            "whatif.investment.caption",
            lang,
            rate=fmt.number(pledge.krw_per_usd, lang, decimals=2),
            share=share_text(pledge.public_share, lang),
        )
    ]
    no_period = frame[frame[column].isna()]
    if not no_period.empty:
        caption.append(
            t(
                "whatif.investment.no_period",
                lang,
                names=", ".join(_plan_label(data, lang, r) for r in no_period.to_dict("records")),
            )
        )
    rows = _investment_inputs(data, lang, settings, pledge, frame)
    return ChartResult(fig, rows, " ".join(caption))


def _investment_inputs(
    data: Data,
    lang: str,
    settings: whatif.Settings,
    pledge: whatif.PledgeParams,
    frame: pd.DataFrame,
) -> pd.DataFrame:
    """The plans compared, the exchange rates that converted them and the population
    and GDP figures that scale them."""
    drawn = frame[["entity", "metric", "source_id", "end_year"]].rename(
        columns={"end_year": "year"}
    )
    plans = data.observations.merge(drawn, on=["entity", "metric", "source_id", "year"])
    rates = data.figures("fx_per_usd")
    rates = rates[
        rates["currency"].isin(set(frame["currency"]))
        & rates["year"].isin(set(frame["rate_year"].dropna().astype(int)))
    ]
    context = views.best_figures(data, ["population", "gdp"], list(frame["entity"].unique()))
    used = pd.concat([plans, rates, context[plans.columns]], ignore_index=True)
    return inputs(data, lang, used, settings, pledge.values(), ("public_share",))


def _plan_label(data: Data, lang: str, r: Mapping) -> str:
    span = f"{r['start_year']}–{r['end_year']}" if r["period_known"] else str(r["end_year"])
    return (
        f"{data.entity_name(r['entity'], lang)} · {data.metric_label(r['metric'], lang)} · {span}"
    )


def _investment_rows(
    data: Data, lang: str, frame: pd.DataFrame, column: str, unit: str
) -> pd.DataFrame:
    colors = data.colors()
    records = []
    for r in frame.to_dict("records"):
        label = _plan_label(data, lang, r)
        if r["is_scenario"]:
            label = f"{label} {t('whatif.investment.scenario_mark', lang)}"
        value_text = views.value_text(r[column], unit, lang, currency="USD")
        status = t(f"status_plain.{r['status']}", lang)
        public_usd = fmt.money(r["public_annual_usd_bn"] * 1e9, "USD", lang)
        public = [f"{t('whatif.hover.public', lang)}: {public_usd}"] if r["is_scenario"] else []
        total = " · ".join(
            fmt.money(r[amount] * 1e9, code, lang)
            for amount, code in (("usd_bn", "USD"), ("krw_bn", "KRW"))
        )
        records.append(
            {
                "entity": r["entity"],
                "bar": label,
                "value": r[column],
                "status": r["status"],
                "color": colors.get(r["entity"], primitives.FALLBACK),
                "value_text": value_text,
                "hover": _hover(
                    f"<b>{views._safe(label)}</b>",
                    f"{t('hover.value', lang)}: {views._safe(value_text)}",
                    f"{t('whatif.hover.total', lang)}: {total}",
                    *public,
                    f"{t('hover.status', lang)}: {views._safe(status)}",
                    f"{t('hover.source', lang)}: {views._safe(r['publisher'])} ({r['published']})",
                ),
            }
        )
    return pd.DataFrame.from_records(
        records, columns=["entity", "bar", "value", "status", "color", "value_text", "hover"]
    )


# ---------------------------------------------------------------- cost of compute


def whatif_tco(data: Data, view: View) -> ChartResult:
    """Owning against renting: the total over the hardware's life (left) and the cost
    per used GPU-hour as utilisation varies (right), with the break-even utilisation and
    the chosen one marked. Won in Korean, USD in English; hover gives both."""
    lang = view.lang
    try:
        settings, values = scenario_of(data, view)
    except whatif.Unavailable as exc:
        return _unavailable(view, str(exc))
    c = whatif.TcoParams.from_values(settings, values)
    i = c.inputs()
    result = tco.tco(i)
    currency, total_unit = MONEY[lang]
    per_usd = i.krw_per_usd if currency == "KRW" else 1.0  # the chart's currency per USD

    def both(usd: float) -> str:
        return f"{fmt.money(usd * i.krw_per_usd, 'KRW', lang)} · {fmt.money(usd, 'USD', lang)}"

    fig = make_subplots(
        rows=1,
        cols=2,
        column_widths=[0.4, 0.6],
        horizontal_spacing=0.14,
        subplot_titles=(t("whatif.tco.total_title", lang), t("whatif.tco.per_hour_title", lang)),
    )
    own, cloud = t("whatif.tco.own", lang), t("whatif.tco.cloud", lang)
    for key, usd, color in (
        ("capex", result.capex_usd, OWN_COLOR),
        ("energy", result.energy_usd, ENERGY_COLOR),
        ("cloud", result.cloud_usd, CLOUD_COLOR),
    ):
        name = t(f"whatif.tco.{key}", lang)
        fig.add_bar(
            x=[cloud if key == "cloud" else own],
            y=[usd * per_usd / total_unit],
            name=name,
            marker=dict(color=color),
            customdata=[_hover(f"<b>{name}</b>", both(usd))],
            hovertemplate="%{customdata}<extra></extra>",
            row=1,
            col=1,
        )
    for x, usd in ((own, result.own_usd), (cloud, result.cloud_usd)):
        fig.add_annotation(
            x=x,
            y=usd * per_usd / total_unit,
            text=fmt.money(usd * per_usd, currency, lang),
            showarrow=False,
            yshift=12,
            row=1,
            col=1,
        )
    low = settings.sliders["utilisation"].min
    grid = np.linspace(low, 1.0, UTILISATION_GRID)
    hours = tco.available_gpu_hours(i)
    own_curve = [tco.own_usd(i, u) / (hours * u) for u in grid]
    fig.add_scatter(
        x=grid,
        y=[usd * per_usd for usd in own_curve],
        mode="lines",
        name=t("whatif.tco.own_per_hour", lang),
        line=dict(color=OWN_COLOR, width=4),
        customdata=[
            _hover(f"<b>{own}</b> · {share_text(u, lang)}", both(usd))
            for u, usd in zip(grid, own_curve, strict=True)
        ],
        hovertemplate="%{customdata}<extra></extra>",
        row=1,
        col=2,
    )
    fig.add_scatter(
        x=[low, 1.0],
        y=[i.cloud_usd_per_gpu_hour * per_usd] * 2,
        mode="lines",
        name=t("whatif.tco.cloud_per_hour", lang),
        line=dict(color=CLOUD_COLOR, width=4),
        customdata=[_hover(f"<b>{cloud}</b>", both(i.cloud_usd_per_gpu_hour))] * 2,
        hovertemplate="%{customdata}<extra></extra>",
        row=1,
        col=2,
    )
    chosen = t("whatif.tco.current", lang, u=share_text(i.utilisation, lang))
    fig.add_scatter(
        x=[i.utilisation],
        y=[result.own_per_hour_usd * per_usd],
        mode="markers+text",
        marker=dict(size=14, color=primitives.INK, symbol="diamond"),
        text=[chosen],
        textposition="bottom center",
        showlegend=False,
        customdata=[
            _hover(
                f"<b>{chosen}</b>",
                f"{own}: {both(result.own_per_hour_usd)}",
                f"{cloud}: {both(result.cloud_per_hour_usd)}",
            )
        ],
        hovertemplate="%{customdata}<extra></extra>",
        row=1,
        col=2,
    )
    even = result.break_even_utilisation
    if even is not None:
        # The shape `add_vline(x=even, row=1, col=2)` makes, without its search of the
        # subplots (a tenth of this chart's build on every slider move).
        fig.add_shape(
            type="line",
            x0=even,
            x1=even,
            xref="x2",
            y0=0,
            y1=1,
            yref="y2 domain",
            line=dict(color=primitives.MUTED, width=2, dash="dash"),
        )
        fig.add_annotation(
            x=even,
            y=1,
            xref="x2",
            yref="y2 domain",
            text=t("whatif.tco.break_even", lang, u=share_text(even, lang)),
            showarrow=False,
            xanchor="left",
            yanchor="top",
            bgcolor="white",
        )
    title = t(
        "whatif.tco.chart_title",
        lang,
        gpus=fmt.number(i.gpus, lang),
        years=fmt.number(i.lifetime_years, lang),
    )
    labels = Labels(title=title, value_axis=t("whatif.tco.axis_total", lang))
    fig = primitives.layout(fig, labels, view.style)
    # The legend goes under the plots: above them it would cover the subplot titles.
    fig.update_layout(
        barmode="stack",
        bargap=0.35,
        legend=dict(
            orientation="h", yanchor="top", y=-0.2, xanchor="left", x=0, traceorder="normal"
        ),
        margin=dict(b=view.style.font_size * 7),
    )
    fig.update_yaxes(rangemode="tozero", tickformat=",.0f", row=1, col=1)
    top = max(i.cloud_usd_per_gpu_hour, result.own_per_hour_usd) * per_usd * PER_HOUR_RANGE
    fig.update_yaxes(
        title_text=t("whatif.tco.axis_hour", lang),
        range=[0, top],
        tickformat=",.0f" if currency == "KRW" else ",.2f",
        gridcolor=primitives.GRID,
        row=1,
        col=2,
    )
    fig.update_xaxes(
        title_text=t("whatif.tco.utilisation_axis", lang), tickformat=".0%", row=1, col=2
    )
    rows = inputs(data, lang, _no_observations(data), settings, c.values(), c.keys())
    return ChartResult(fig, rows, _tco_caption(lang, i, result))


def _no_observations(data: Data) -> pd.DataFrame:
    return data.observations.iloc[0:0]


def tco_verdict(
    result: tco.TcoResult, lang: str, share: Callable[[float, str], str] = share_text
) -> str:
    """From which utilisation owning pays, or that it never does; `share` writes the
    utilisation (the page's verdict box rounds it to one decimal whatever its size)."""
    even = result.break_even_utilisation
    if even is None:
        return t("whatif.tco.verdict_never", lang)
    return t("whatif.tco.verdict_even", lang, u=share(even, lang))


def _tco_caption(lang: str, i: tco.TcoInputs, result: tco.TcoResult) -> str:
    return " ".join(
        [
            t(
                "whatif.tco.caption",
                lang,
                capex=fmt.money(result.capex_usd * i.krw_per_usd, "KRW", lang),
                capex_usd=fmt.money(result.capex_usd, "USD", lang),
                price=fmt.money(i.cloud_usd_per_gpu_hour, "USD", lang),
                rate=fmt.number(i.krw_per_usd, lang, decimals=2),
            ),
            tco_verdict(result, lang),
        ]
    )


# ---------------------------------------------------------------- composite index


def whatif_composite(data: Data, view: View) -> ChartResult:
    """The composite score per country, stacked by pillar contribution, ranked with the
    scenario fed in; each bar says its rank-stability band and its baseline rank."""
    lang = view.lang
    try:
        settings, values = scenario_of(data, view)
        c = whatif.CompositeParams.from_values(settings, values)
        result = whatif.index(data, settings, c, view.countries, view.preset)
    except whatif.Unavailable as exc:
        return _unavailable(view, str(exc))
    except ValueError:  # every weight is 0: there is no index to draw
        return _unavailable(view, t("whatif.composite.no_weight", lang))
    table = result.scenario.table.dropna(subset=["score"]).sort_values("rank", kind="stable")
    band = result.band.set_index("entity")
    base = result.baseline.table.set_index("entity")["rank"]
    colors = data.colors()
    names = {e: data.entity_name(e, lang) for e in table["entity"]}
    category = {
        e: f"<b>{views._safe(names[e])}</b>" if e == HOME else views._safe(names[e])
        for e in table["entity"]
    }
    order = [category[e] for e in table["entity"]]
    fig = go.Figure()
    for pillar in composite.PILLARS:
        contributions = table[f"contrib_{pillar}"]
        fig.add_bar(
            y=order,
            x=contributions.fillna(0.0),
            orientation="h",
            name=t(f"whatif.pillar.{pillar}", lang),
            marker=dict(
                color=PILLAR_COLORS[pillar],
                line=dict(
                    color=[
                        colors.get(HOME, primitives.INK) if e == HOME else "white"
                        for e in table["entity"]
                    ],
                    width=[3 if e == HOME else 1 for e in table["entity"]],
                ),
            ),
            customdata=[
                _composite_hover(data, lang, result, pillar, r) for r in table.to_dict("records")
            ],
            hovertemplate="%{customdata}<extra></extra>",
        )
    for r in table.to_dict("records"):
        e = r["entity"]
        fig.add_annotation(
            x=r["score"],
            y=category[e],
            text=t(
                "whatif.composite.bar_note",
                lang,
                score=fmt.number(r["score"], lang, decimals=1),
                rank=fmt.rank(int(r["rank"]), lang),
                band=_band_text(band.loc[e], lang),
                base=fmt.rank(int(base[e]), lang) if pd.notna(base.get(e)) else fmt.MISSING,
            ),
            showarrow=False,
            xanchor="left",
            xshift=6,
            font=dict(size=view.style.font_size - 2, color=primitives.INK),
        )
    labels = Labels(
        title=t("whatif.composite.chart_title", lang, year=result.year),
        value_axis=t("whatif.composite.axis", lang, pct=fmt.percent(c.band_pct, lang)),
        empty=t("chart.empty", lang),
    )
    fig = primitives.layout(fig, labels, view.style, horizontal=True)
    fig.update_layout(barmode="stack", bargap=0.3, legend=dict(traceorder="normal"))
    fig.update_yaxes(categoryorder="array", categoryarray=order[::-1])  # rank 1 on top
    # Scores run 0-100; the axis goes on to leave room for each bar's note.
    fig.update_xaxes(range=[0, 150], tickvals=list(range(0, 101, 20)))
    return ChartResult(
        fig,
        _composite_inputs(data, lang, settings, c, result),
        _composite_caption(data, lang, c, result),
    )


def _band_text(row: pd.Series, lang: str) -> str:
    low, high = int(row["rank_min"]), int(row["rank_max"])
    return fmt.rank(low, lang) if low == high else f"{fmt.rank(low, lang)}–{fmt.rank(high, lang)}"


def _composite_hover(
    data: Data, lang: str, result: whatif.IndexResult, pillar: str, r: Mapping
) -> str:
    name = data.entity_name(r["entity"], lang)
    metric = result.pillars.metrics[pillar]
    raw = r[f"raw_{pillar}"]
    if pd.isna(raw):
        figure = t("whatif.composite.no_figure", lang)
    elif pillar == "compute":
        figure = _h100e(raw, lang)
    else:
        unit = data.metrics.set_index("metric")["unit"].get(metric, "count")
        figure = views.value_text(raw, unit, lang, currency="USD")
    points = fmt.number(r[f"contrib_{pillar}"], lang, decimals=1)
    normalised = fmt.number(r[f"norm_{pillar}"], lang, decimals=2)
    return _hover(
        f"<b>{views._safe(name)}</b> · {t(f'whatif.pillar.{pillar}', lang)}",
        f"{t('whatif.hover.contribution', lang)}: {points}",
        f"{t('whatif.hover.normalised', lang)}: {normalised}",
        f"{t('hover.value', lang)}: {views._safe(figure)}",
    )


def _composite_inputs(
    data: Data,
    lang: str,
    settings: whatif.Settings,
    c: whatif.CompositeParams,
    result: whatif.IndexResult,
) -> pd.DataFrame:
    entities = list(result.pillars.values.index)
    metrics = [m for p, m in result.pillars.metrics.items() if p != "compute"]
    # The compute pillar: each country's comparable share (one edition) and the world's
    # total it multiplies, as the build-out starts from them.
    shares = views.one_edition(data.figures(views.COMPARABLE_COMPUTE, entities))
    world = data.figures(WORLD_COMPUTE, [WORLD])
    world = world[world["year"].isin(set(shares["year"]))]
    used = pd.concat(
        [shares, world, views.best_figures(data, metrics, entities)], ignore_index=True
    )
    return inputs(data, lang, used, settings, c.values(), ("public_share",))


def _composite_caption(
    data: Data, lang: str, c: whatif.CompositeParams, result: whatif.IndexResult
) -> str:
    parts = [
        t(
            "whatif.composite.caption",
            lang,
            year=result.year,
            pct=fmt.percent(c.band_pct, lang),
            draws=fmt.number(composite.DRAWS, lang),
        )
    ]
    table = result.scenario.table
    missing = table[table["flagged"] & table["score"].notna()]
    if not missing.empty:
        items = ", ".join(
            t(
                "whatif.composite.missing_item",
                lang,
                name=data.entity_name(r["entity"], lang),
                pillars=", ".join(t(f"whatif.pillar.{p}", lang) for p in r["missing"].split(", ")),
            )
            for r in missing.to_dict("records")
        )
        parts.append(t("whatif.composite.missing", lang, items=items))
    unscored = list(table.loc[table["score"].isna(), "entity"])
    if unscored:
        parts.append(t("whatif.composite.unscored", lang, names=_names(data, unscored, lang)))
    parts.append(t("whatif.not_a_forecast", lang))
    return " ".join(parts)


# ---------------------------------------------------------------- scenarios compared


SAVED_DASHES = ("dash", "dashdot", "longdash")  # one per saved scenario (at most three)


def named_scenarios(
    settings: whatif.Settings, view: View
) -> list[tuple[str, str, dict[str, float]]]:
    """(name, preset, every slider's value) of the current scenario, then of each saved
    one (a saved scenario without a name is "Scenario N")."""
    out = [(t("whatif.compare.current", view.lang), view.preset,
            whatif.resolve(settings, view.scenario, view.preset))]  # fmt: skip
    for i, kept in enumerate(view.saved, 1):
        name = kept.name or t("whatif.compare.unnamed", view.lang, n=i)
        out.append((name, kept.preset, whatif.resolve(settings, kept.scenario, kept.preset)))
    return out


def whatif_compare(data: Data, view: View) -> ChartResult:
    """Korea's compute per year in the current scenario and each saved one, against its
    trend (the baseline) and the world's; the table under it compares their outcomes."""
    lang = view.lang
    try:
        settings = whatif.available_settings(data, lang)
        scenarios = named_scenarios(settings, view)
    except whatif.Unavailable as exc:
        return _unavailable(view, str(exc))
    except ValueError:  # a saved scenario names a path the data no longer has
        return _unavailable(view, t("whatif.compare.unknown_path", lang))
    fig = go.Figure()
    color = data.colors().get(HOME, primitives.FALLBACK)
    frames = []
    for i, (name, preset, values) in enumerate(scenarios):
        b = whatif.BuildoutParams.from_values(settings, values)
        frame = whatif.buildout_frame(data, settings, b, view.countries, preset)
        korea = frame[frame["entity"] == HOME].sort_values("year")
        frames.append(korea)
        if i == 0:  # the current scenario's figures and assumptions, with their sources
            path = whatif.preset_of(settings, preset)
            rows = _buildout_inputs(data, lang, settings, b, frame, path)
        if i == 0:
            fig.add_scatter(
                x=korea["year"],
                y=korea["baseline_compute"],
                mode="lines",
                name=t("whatif.compare.trend", lang),
                line=dict(color=color, width=3, dash="dot"),
            )
        fig.add_scatter(
            x=korea["year"],
            y=korea["scenario_compute"],
            mode="lines+markers",
            name=views._safe(name),
            line=dict(
                color=color if i == 0 else primitives.MUTED,
                width=5 if i == 0 else 3,
                dash="solid" if i == 0 else SAVED_DASHES[(i - 1) % len(SAVED_DASHES)],
            ),
            marker=dict(size=8 if i == 0 else 6),
            customdata=[_h100e(v, lang) for v in korea["scenario_compute"]],
            hovertemplate=f"<b>{views._safe(name)}</b> · %{{x}}: %{{customdata}}<extra></extra>",
        )
    last = int(frames[0]["year"].max())
    labels = Labels(
        title=t("whatif.compare.chart_title", lang, name=data.entity_name(HOME, lang), year=last),
        value_axis=t("whatif.buildout.axis", lang),
        empty=t("chart.empty", lang),
    )
    fig = primitives.layout(fig, labels, view.style, log=view.scale == "log")
    fig.update_xaxes(dtick=1, tickformat="d")
    primitives.locale_axis(fig, lang)  # 10만, 100만 in Korean; 100K, 1M in English
    caption = t("whatif.compare.caption", lang) + " " + t("whatif.not_a_forecast", lang)
    return ChartResult(fig, rows, caption)


CHARTS = {
    "whatif_buildout": whatif_buildout,
    "whatif_investment": whatif_investment,
    "whatif_tco": whatif_tco,
    "whatif_composite": whatif_composite,
    "whatif_compare": whatif_compare,
}
# The charts that follow the build-out's path (`View.preset`) and the saved scenarios.
PATH_CHARTS = frozenset({"whatif_buildout", "whatif_composite", "whatif_compare"})
SAVED_CHARTS = frozenset({"whatif_compare"})
# The section each chart draws: the chart reads that section's parameters and nothing
# else, so a slider move redraws only the charts whose parameters hold it (figures.build
# remembers the others); tests/test_figures_whatif.py checks it.
PARAMS: dict[str, type[whatif.SectionParams]] = {
    "whatif_buildout": whatif.BuildoutParams,
    "whatif_investment": whatif.PledgeParams,
    "whatif_tco": whatif.TcoParams,
    "whatif_composite": whatif.CompositeParams,
    "whatif_compare": whatif.BuildoutParams,
}


def scenario_keys(chart_id: str, data: Data) -> frozenset[str]:
    """The slider keys chart `chart_id` reads, for this data (growth keys vary with it):
    the fields of its section's parameters."""
    try:
        found = whatif.settings_of(data)
    except (AssumptionsError, ValueError, IndexError):
        return frozenset()  # the chart says the scenario is unavailable, whatever it is
    return frozenset(PARAMS[chart_id].keys_of(found))
