"""Each country's share of the world's AI compute by year (percent, log axis), with the
lowest and highest share over the named cases: the levels' chart without the world's
growth in it, which is what a ministry compares; outside estimates of shares marked."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from dashboard.base import formatting as fmt
from dashboard.charts import primitives
from dashboard.charts.plain import Plot
from dashboard.charts.primitives import Labels, Style
from dashboard.charts.whatif import bands


@dataclass(frozen=True)
class SharesLabels:
    chart: Labels
    names: Mapping[str, str]
    colors: Mapping[str, str]
    band: str
    trend: str
    plan: str
    projections: str


@dataclass(frozen=True)
class SharesChart:
    frame: pd.DataFrame  # buildout.Projection.frame
    markers: pd.DataFrame  # year, marker (percent), text, hover, within
    home: str


def _pct(x: float, lang: str) -> str:
    return fmt.percent(x * 100, lang, decimals=2 if x < 0.1 else 1)


def draw(result: SharesChart, *, labels: SharesLabels, style: Style) -> Plot:
    frame, lang = result.frame, labels.chart.lang
    fig = Plot()
    for entity in dict.fromkeys(frame["entity"]):
        rows = frame[frame["entity"] == entity].sort_values("year")
        color = labels.colors.get(entity, primitives.FALLBACK)
        name, is_home = labels.names.get(entity, entity), entity == result.home
        bands.band(
            fig, rows["year"], rows["share_low"] * 100, rows["share_high"] * 100, color, name
        )
        if rows["driver"].iloc[0] in bands.TREND_DRIVERS:
            fig.add_scatter(
                x=rows["year"],
                y=rows["baseline_share"] * 100,
                mode="lines",
                showlegend=False,
                legendgroup=entity,
                name=name,
                hoverinfo="skip",
                line=dict(color=color, width=2, dash="dot"),
            )
        fig.add_scatter(
            x=rows["year"],
            y=rows["share_of_world"] * 100,
            mode="lines+markers",
            name=name,
            legendgroup=entity,
            line=dict(color=color, width=5 if is_home else 2.5),
            marker=dict(size=9 if is_home else 6, color=color),
            customdata=[
                bands.hover(
                    f"<b>{name}</b> · {r['year']}",
                    _pct(r["share_of_world"], lang),
                    f"{labels.band}: {_pct(r['share_low'], lang)}–{_pct(r['share_high'], lang)}",
                )
                for r in bands.records(rows, "year", "share_of_world", "share_low", "share_high")
            ],
            hovertemplate="%{customdata}<extra></extra>",
        )
    bands.style_legend(fig, labels.trend, "dot")
    bands.style_legend(fig, labels.plan, "solid")
    bands.markers(fig, result.markers, labels.projections)
    fig = primitives.layout(fig, labels.chart, style, log=True)
    fig.update_xaxes(dtick=1, tickformat="d")
    fig.update_layout(legend=bands.LEGEND_BELOW, margin=dict(b=style.font_size * 8))
    fig.update_yaxes(ticksuffix="%", dtick=1)
    return fig
