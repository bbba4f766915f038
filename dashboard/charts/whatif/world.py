"""The world's AI compute (H100e) with its low-high band, and the power it draws (GW, right
axis), beside the outside projections of both; the years past the anchored horizon are
shaded and say so."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.base import formatting as fmt
from dashboard.charts import primitives
from dashboard.charts.plain import Plot
from dashboard.charts.primitives import Labels, Style
from dashboard.charts.whatif.bands import (
    BAND_OPACITY,
    LEGEND_BELOW,
    band,
    hover,
    markers,
    records,
)

STOCK_COLOR, POWER_COLOR = "#1f3b5c", "#B35806"  # nobody's entity colour


@dataclass(frozen=True)
class WorldLabels:
    chart: Labels  # title, the compute axis, the reader's language
    power_axis: str
    stock: str  # legend: the world's compute
    power: str  # legend: the power it draws
    band: str  # hover: the low-high cases
    projections: str  # legend: outside projections
    beyond: str  # the shaded years' note; "" when none are shown


@dataclass(frozen=True)
class WorldChart:
    world: pd.DataFrame  # year; stock, power_gw and their _low/_high
    markers: pd.DataFrame  # year, measure, marker, text, hover, within
    anchored: int  # the last year within the published anchors


def draw(result: WorldChart, *, labels: WorldLabels, style: Style, log: bool = True) -> Plot:
    w, lang = result.world, labels.chart.lang
    fig = Plot()
    band(fig, w["year"], w["stock_low"], w["stock_high"], STOCK_COLOR, labels.stock)
    band(
        fig,
        w["year"],
        w["power_gw_low"],
        w["power_gw_high"],
        POWER_COLOR,
        labels.power,
        yaxis="y2",
        opacity=BAND_OPACITY / 2,
    )
    fig.add_scatter(
        x=w["year"],
        y=w["stock"],
        mode="lines+markers",
        name=labels.stock,
        line=dict(color=STOCK_COLOR, width=4),
        marker=dict(size=8),
        customdata=[
            hover(
                f"<b>{labels.stock}</b> · {r['year']}",
                fmt.compact(r["stock"], lang),
                f"{labels.band}: {fmt.compact(r['stock_low'], lang)}–"
                f"{fmt.compact(r['stock_high'], lang)}",
            )
            for r in records(w, "year", "stock", "stock_low", "stock_high")
        ],
        hovertemplate="%{customdata}<extra></extra>",
    )
    fig.add_scatter(
        x=w["year"],
        y=w["power_gw"],
        mode="lines+markers",
        name=labels.power,
        yaxis="y2",
        line=dict(color=POWER_COLOR, width=3, dash="dash"),
        marker=dict(size=7),
        customdata=[
            hover(
                f"<b>{labels.power}</b> · {r['year']}",
                f"{fmt.number(r['power_gw'], lang, decimals=0)} GW",
                f"{labels.band}: {fmt.number(r['power_gw_low'], lang, decimals=0)}–"
                f"{fmt.number(r['power_gw_high'], lang, decimals=0)} GW",
            )
            for r in records(w, "year", "power_gw", "power_gw_low", "power_gw_high")
        ],
        hovertemplate="%{customdata}<extra></extra>",
    )
    m = result.markers
    markers(fig, m[m["measure"] == "world_h100e"], labels.projections)
    power = m[m["measure"] == "world_power_gw"]
    markers(
        fig, power, labels.projections, yaxis="y2", legend=m[m["measure"] == "world_h100e"].empty
    )
    last = int(w["year"].max())
    if labels.beyond and last > result.anchored:
        x0 = result.anchored + 0.5  # the band and note plotly's add_vrect would make
        fig.add_shape(type="rect", x0=x0, x1=last + 0.5, xref="x", y0=0, y1=1,
                      yref="y domain", fillcolor=primitives.GRID, opacity=0.35,
                      line=dict(width=0))  # fmt: skip
        fig.add_annotation(text=labels.beyond, x=x0, xref="x", y=1, yref="y domain",
                           xanchor="left", yanchor="top", showarrow=False)  # fmt: skip
    fig = primitives.layout(fig, labels.chart, style, log=log)
    primitives.locale_axis(fig, lang)
    fig.update_xaxes(dtick=1, tickformat="d")
    fig.update_layout(
        yaxis2=dict(
            title=dict(text=labels.power_axis),
            overlaying="y",
            side="right",
            rangemode="tozero",
            showgrid=False,
            color=POWER_COLOR,
            tickformat=",.0f",
            nticks=6,
        ),
        margin=dict(r=style.font_size * 5, b=style.font_size * 6),
        legend=LEGEND_BELOW,
    )
    return fig
