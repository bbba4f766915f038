"""Each country's AI compute (H100e) by year with its low-high band, the world's above them
all: Korea's and France's pipelines solid against their trend dotted, the others'
drivers solid; Korea drawn boldest and labelled; announced pipelines' ceilings marked."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from dashboard.base import formatting as fmt
from dashboard.charts import primitives
from dashboard.charts.plain import Plot
from dashboard.charts.primitives import Labels, Style
from dashboard.charts.whatif.bands import (
    LEGEND_BELOW,
    TREND_DRIVERS,
    band,
    hover,
    markers,
    records,
    style_legend,
)

MUTED = 0.55  # opacity of the peers' lines beside Korea's
HOVER = ("year", "scenario_compute", "scenario_low", "scenario_high", "share_of_world",
         "rank_scenario", "baseline_compute")  # fmt: skip


@dataclass(frozen=True)
class LevelsLabels:
    chart: Labels
    names: Mapping[str, str]  # entity -> name
    colors: Mapping[str, str]  # entity -> colour
    world: str
    trend: str  # legend: the dotted line
    plan: str  # legend: the solid line
    band: str
    share_of_world: str
    rank: str
    projections: str
    home_note: str  # the annotation on Korea's last point ("" for none)


@dataclass(frozen=True)
class LevelsChart:
    frame: pd.DataFrame  # buildout.Projection.frame for the countries shown
    markers: pd.DataFrame  # year, entity, marker, text, hover, within
    home: str


def _hover(name: str, r: Mapping, labels: LevelsLabels, lang: str, trend: bool) -> str:
    lines = [
        f"<b>{name}</b> · {r['year']}",
        f"{fmt.compact(r['scenario_compute'], lang)} H100e "
        f"({labels.band}: {fmt.compact(r['scenario_low'], lang)}–"
        f"{fmt.compact(r['scenario_high'], lang)})",
        f"{labels.share_of_world}: {fmt.percent(r['share_of_world'] * 100, lang, decimals=2)}",
        f"{labels.rank}: {fmt.rank(int(r['rank_scenario']), lang)}",
    ]
    if trend:
        lines.append(f"{labels.trend}: {fmt.compact(r['baseline_compute'], lang)}")
    return hover(*lines)


def draw(result: LevelsChart, *, labels: LevelsLabels, style: Style, log: bool = True) -> Plot:
    frame, lang, home = result.frame, labels.chart.lang, result.home
    fig = Plot()
    world = frame.drop_duplicates("year").sort_values("year")
    band(
        fig, world["year"], world["world_low"], world["world_high"], primitives.MUTED, labels.world
    )
    fig.add_scatter(
        x=world["year"],
        y=world["world"],
        mode="lines",
        name=labels.world,
        line=dict(color=primitives.MUTED, width=2, dash="dash"),
        hovertemplate="%{y:,.0f}<extra></extra>",
    )
    drawn = list(dict.fromkeys(frame["entity"]))
    for entity in [*(e for e in drawn if e != home), *([home] if home in drawn else [])]:
        rows = frame[frame["entity"] == entity].sort_values("year")
        color = labels.colors.get(entity, primitives.FALLBACK)
        name, is_home = labels.names.get(entity, entity), entity == home
        trend = rows["driver"].iloc[0] in TREND_DRIVERS
        band(fig, rows["year"], rows["scenario_low"], rows["scenario_high"], color, name)
        shared = dict(
            x=rows["year"],
            name=name,
            legendgroup=entity,
            opacity=1.0 if is_home else MUTED,
            customdata=[_hover(name, r, labels, lang, trend) for r in records(rows, *HOVER)],
            hovertemplate="%{customdata}<extra></extra>",
        )
        if trend:
            fig.add_scatter(
                y=rows["baseline_compute"],
                mode="lines",
                showlegend=False,
                line=dict(color=color, width=3 if is_home else 2, dash="dot"),
                **shared,
            )
        fig.add_scatter(
            y=rows["scenario_compute"],
            mode="lines+markers",
            line=dict(color=color, width=5 if is_home else 2.5),
            marker=dict(size=9 if is_home else 6, color=color),
            **shared,
        )
    style_legend(fig, labels.trend, "dot")
    style_legend(fig, labels.plan, "solid")
    markers(fig, result.markers, labels.projections)
    last = int(frame["year"].max())
    korea = frame[(frame["entity"] == home) & (frame["year"] == last)]
    if labels.home_note and not korea.empty:
        y = float(korea["scenario_compute"].iloc[0])
        fig.add_annotation(
            x=last,
            y=math.log10(y) if log and y > 0 else y,
            text=labels.home_note,
            showarrow=True,
            arrowhead=0,
            ax=-20,
            ay=-44,
            xanchor="right",
            font=dict(size=style.font_size, color=labels.colors.get(home, primitives.INK)),
            bgcolor="white",
        )
    fig = primitives.layout(fig, labels.chart, style, log=log)
    primitives.locale_axis(fig, lang)
    fig.update_xaxes(dtick=1, tickformat="d")
    fig.update_layout(legend=LEGEND_BELOW, margin=dict(b=style.font_size * 8))
    return fig
