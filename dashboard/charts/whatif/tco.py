"""Owning against renting: the total over the hardware's life (left) and the cost per used
GPU-hour as utilisation varies (right), with the break-even and the chosen utilisation
marked. Won in Korean, USD in English (the labels say which); hover gives both."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dashboard.base import formatting as fmt
from dashboard.charts import plain, primitives
from dashboard.charts.plain import Plot
from dashboard.charts.primitives import Labels, Style
from dashboard.charts.whatif.bands import hover
from dashboard.model.scenarios import tco
from dashboard.model.scenarios.sections import TcoScenario

UTILISATION_GRID = 96  # points on the cost-per-hour curve
# Owning in blues, the cloud in a warm brown: none of them an entity's colour.
OWN_COLOR, ENERGY_COLOR, CLOUD_COLOR = "#3f6e9e", "#a9c4e2", "#B35806"
PER_HOUR_RANGE = 3  # the per-hour axis shows up to 3x the cloud price (the curve is 1/u)


@dataclass(frozen=True)
class TcoLabels:
    chart: Labels  # title, the totals' axis
    total_title: str
    per_hour_title: str
    own: str
    cloud: str
    capex: str
    energy: str
    own_per_hour: str
    cloud_per_hour: str
    utilisation_axis: str
    hour_axis: str
    chosen: str  # "Chosen: 60%"
    break_even: str  # "Break-even 51%" ("" when owning never pays)
    currency: str  # the chart's money: KRW or USD
    total_unit: float  # what one unit of the totals' axis counts (1e8 won, 1e6 USD)


@dataclass(frozen=True)
class TcoChart:
    scenario: TcoScenario
    result: tco.TcoResult
    lowest_utilisation: float  # the curve starts at the slider's minimum


def draw(result: TcoChart, *, labels: TcoLabels, style: Style) -> Plot:
    c, r, lang = result.scenario, result.result, labels.chart.lang
    per_usd = c.krw_per_usd if labels.currency == "KRW" else 1.0  # the chart's money per USD

    def both(usd: float) -> str:
        return f"{fmt.money(usd * c.krw_per_usd, 'KRW', lang)} · {fmt.money(usd, 'USD', lang)}"

    fig = plain.columns((0.4, 0.6), 0.14, (labels.total_title, labels.per_hour_title))
    for name, usd, color in (
        (labels.capex, r.capex_usd, OWN_COLOR),
        (labels.energy, r.energy_usd, ENERGY_COLOR),
        (labels.cloud, r.cloud_usd, CLOUD_COLOR),
    ):
        fig.add_bar(
            x=[labels.cloud if color == CLOUD_COLOR else labels.own],
            y=[usd * per_usd / labels.total_unit],
            name=name,
            marker=dict(color=color),
            customdata=[hover(f"<b>{name}</b>", both(usd))],
            hovertemplate="%{customdata}<extra></extra>",
            col=1,
        )
    for x, usd in ((labels.own, r.own_usd), (labels.cloud, r.cloud_usd)):
        fig.add_annotation(
            x=x,
            y=usd * per_usd / labels.total_unit,
            showarrow=False,
            yshift=12,
            text=fmt.money(usd * per_usd, labels.currency, lang),
            col=1,
        )
    low = result.lowest_utilisation
    grid = np.linspace(low, 1.0, UTILISATION_GRID)
    hours = tco.available_gpu_hours(c)
    curve = [tco.own_usd(c, u) / (hours * u) for u in grid]
    fig.add_scatter(
        x=grid,
        y=[usd * per_usd for usd in curve],
        mode="lines",
        name=labels.own_per_hour,
        line=dict(color=OWN_COLOR, width=4),
        col=2,
        customdata=[
            hover(f"<b>{labels.own}</b> · {fmt.percent(u * 100, lang)}", both(usd))
            for u, usd in zip(grid, curve, strict=True)
        ],
        hovertemplate="%{customdata}<extra></extra>",
    )
    fig.add_scatter(
        x=[low, 1.0],
        y=[c.cloud_usd_per_gpu_hour * per_usd] * 2,
        mode="lines",
        name=labels.cloud_per_hour,
        line=dict(color=CLOUD_COLOR, width=4),
        col=2,
        customdata=[hover(f"<b>{labels.cloud}</b>", both(c.cloud_usd_per_gpu_hour))] * 2,
        hovertemplate="%{customdata}<extra></extra>",
    )
    fig.add_scatter(
        x=[c.utilisation],
        y=[r.own_per_hour_usd * per_usd],
        mode="markers+text",
        showlegend=False,
        marker=dict(size=14, color=primitives.INK, symbol="diamond"),
        text=[labels.chosen],
        textposition="bottom center",
        col=2,
        customdata=[
            hover(
                f"<b>{labels.chosen}</b>",
                f"{labels.own}: {both(r.own_per_hour_usd)}",
                f"{labels.cloud}: {both(r.cloud_per_hour_usd)}",
            )
        ],
        hovertemplate="%{customdata}<extra></extra>",
    )
    even = r.break_even_utilisation
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
            text=labels.break_even,
            showarrow=False,
            xanchor="left",
            yanchor="top",
            bgcolor="white",
        )
    fig = primitives.layout(fig, labels.chart, style)
    # The legend goes under the plots: above them it would cover the subplot titles.
    fig.update_layout(
        barmode="stack",
        bargap=0.35,
        legend=dict(
            orientation="h", yanchor="top", y=-0.2, xanchor="left", x=0, traceorder="normal"
        ),
        margin=dict(b=style.font_size * 7),
    )
    fig.update_yaxes(rangemode="tozero", tickformat=",.0f", col=1)
    top = max(c.cloud_usd_per_gpu_hour, r.own_per_hour_usd) * per_usd * PER_HOUR_RANGE
    fig.update_yaxes(
        title=dict(text=labels.hour_axis),
        range=[0, top],
        gridcolor=primitives.GRID,
        tickformat=",.0f" if labels.currency == "KRW" else ",.2f",
        col=2,
    )
    fig.update_xaxes(title=dict(text=labels.utilisation_axis), tickformat=".0%", col=2)
    return fig
