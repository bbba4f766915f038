"""Korea's compute by year in the current scenario and each saved one, against its trend:
the current scenario in Korea's colour, the saved ones grey, each with its own dash."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.base import formatting as fmt
from dashboard.charts import primitives
from dashboard.charts.plain import Plot
from dashboard.charts.primitives import Labels, Style

SAVED_DASHES = ("dash", "dashdot", "longdash")  # one per saved scenario (at most three)


@dataclass(frozen=True)
class CompareLabels:
    chart: Labels
    names: tuple[str, ...]  # each scenario's name, the current one first
    trend: str
    color: str  # Korea's colour


@dataclass(frozen=True)
class CompareChart:
    korea: tuple[pd.DataFrame, ...]  # Korea's rows of each scenario's projection, current first


def draw(result: CompareChart, *, labels: CompareLabels, style: Style, log: bool = True) -> Plot:
    lang = labels.chart.lang
    fig = Plot()
    for i, (name, rows) in enumerate(zip(labels.names, result.korea, strict=True)):
        rows = rows.sort_values("year")
        if i == 0:
            fig.add_scatter(
                x=rows["year"],
                y=rows["baseline_compute"],
                mode="lines",
                name=labels.trend,
                line=dict(color=labels.color, width=3, dash="dot"),
            )
        fig.add_scatter(
            x=rows["year"],
            y=rows["scenario_compute"],
            mode="lines+markers",
            name=name,
            line=dict(
                color=labels.color if i == 0 else primitives.MUTED,
                width=5 if i == 0 else 3,
                dash="solid" if i == 0 else SAVED_DASHES[(i - 1) % len(SAVED_DASHES)],
            ),
            marker=dict(size=8 if i == 0 else 6),
            customdata=[f"{fmt.compact(v, lang)} H100e" for v in rows["scenario_compute"]],
            hovertemplate=f"<b>{name}</b> · %{{x}}: %{{customdata}}<extra></extra>",
        )
    fig = primitives.layout(fig, labels.chart, style, log=log)
    fig.update_xaxes(dtick=1, tickformat="d")
    primitives.locale_axis(fig, lang)
    return fig
