"""Pieces the what-if charts share: a band behind a line, a legend line for a line style,
hover text joined, and labelled markers of outside projections."""

from __future__ import annotations

import math

import pandas as pd

from dashboard.charts import primitives
from dashboard.charts.plain import Plot

TREND_DRIVERS = ("pipeline", "megawatts")  # countries drawn against their trend
BAND_OPACITY = 0.14  # a band behind its line: visible, never hiding another line
MARKER_SYMBOL = {True: "diamond", False: "x", None: "circle-open"}  # within / outside / not judged


def band(fig: Plot, x, low, high, color: str, name: str, *, yaxis: str = "y",
         opacity: float = BAND_OPACITY) -> None:  # fmt: skip
    """A filled area from `low` to `high` behind a line, out of the legend and hover."""
    x = list(x)
    fig.add_scatter(x=[*x, *x[::-1]], y=[*high, *list(low)[::-1]], fill="toself", mode="lines",
                    line=dict(width=0, color=color), fillcolor=color, opacity=opacity,
                    name=name, showlegend=False, hoverinfo="skip", yaxis=yaxis)  # fmt: skip


def style_legend(fig: Plot, name: str, dash: str) -> None:
    """A grey legend-only line explaining a line style (colour stands for the entity)."""
    fig.add_scatter(x=[None], y=[None], mode="lines", name=name, hoverinfo="skip",
                    line=dict(color=primitives.LEGEND_SWATCH, width=3, dash=dash))  # fmt: skip


LEGEND_BELOW = dict(orientation="h", yanchor="top", y=-0.12, xanchor="left", x=0)


def hover(*lines: str) -> str:
    return "<br>".join(lines)


def records(frame: pd.DataFrame, *columns: str) -> list[dict]:
    """The frame's rows as dicts of the columns a hover reads, from plain lists: a chart's
    frames are wide, and a hover needs a few of their columns."""
    return [dict(zip(columns, row, strict=True))
            for row in zip(*(frame[c].tolist() for c in columns), strict=True)]  # fmt: skip


def markers(fig: Plot, rows: pd.DataFrame, name: str, *, yaxis: str = "y",
            legend: bool = True) -> None:  # fmt: skip
    """Outside projections as labelled markers: `rows` has year, marker (the value in the
    axis's unit), text (the label), hover and within (True, False or None); `legend`: the
    legend names them (once per chart)."""
    rows = rows[[isinstance(v, float) and math.isfinite(v) for v in rows["marker"]]]
    if rows.empty:
        return
    fig.add_scatter(
        x=rows["year"], y=rows["marker"], mode="markers+text", name=name, showlegend=legend,
        legendgroup="outside_projections",
        text=rows["text"], textposition="middle right", yaxis=yaxis, cliponaxis=False,
        marker=dict(size=11, color=primitives.INK, line=dict(width=1.5, color=primitives.INK),
                    symbol=[MARKER_SYMBOL[w] for w in rows["within"]]),
        textfont=dict(size=11, color=primitives.MUTED),
        customdata=rows["hover"], hovertemplate="%{customdata}<extra></extra>",
    )  # fmt: skip
