"""Chart builders: one function per chart, `(frame, *, labels, ...) -> go.Figure`.

Each builder draws a display-ready frame from `dashboard.views` (columns `name`,
`color`, `value`, `status`, `hover`, ...) with the words passed in `labels`; none reads
a locale, the data folder or Streamlit. Actual figures are drawn solid; estimates,
plans, pledges and forecasts are hatched or hollow, and the legend says which is which.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from dashboard.model.views import STATUSES

# Bars: how each status is drawn. Solid = measured; patterns = not (yet) real.
BAR_PATTERN = {"actual": "", "estimate": ".", "planned": "/", "pledged": "x", "forecast": "\\"}
BAR_OPACITY = {"actual": 1.0, "estimate": 0.85, "planned": 0.7, "pledged": 0.7, "forecast": 0.6}
# Lines and dots: filled markers for actual figures, hollow ones for the rest.
MARKER_SYMBOL = {
    "actual": "circle",
    "estimate": "circle-open",
    "planned": "diamond-open",
    "pledged": "square-open",
    "forecast": "triangle-up-open",
}
TEMPLATE = "plotly_white"
# Neutral colours, the one place for them: entity colours come from the data
# (entities.csv), never from code.
INK = "#111111"  # text
MUTED = "#555555"  # secondary text, status legend swatches, reference lines
GRID = "#dddddd"
FALLBACK = "#777777"  # an entity the data gives no colour
LEGEND_SWATCH = MUTED  # status legend entries are grey: colour stands for the entity
FONT_FAMILY = "Noto Sans CJK KR, Noto Sans KR, Malgun Gothic, Apple SD Gothic Neo, sans-serif"


@dataclass(frozen=True)
class Labels:
    """The words on a chart, already in the reader's language."""

    title: str
    value_axis: str
    statuses: dict[str, str] = field(default_factory=dict)  # status -> legend text
    category_axis: str = ""
    empty: str = ""  # shown in the plot area when there is nothing to draw


@dataclass(frozen=True)
class Style:
    """Type size and height; presentation mode passes larger ones."""

    font_size: int = 14
    height: int = 460


def layout(
    fig: go.Figure, labels: Labels, style: Style, *, log: bool = False, horizontal: bool = False
) -> go.Figure:
    value_axis = dict(
        title=labels.value_axis,
        type="log" if log else "linear",
        gridcolor=GRID,
        zeroline=False,
        automargin=True,
    )
    if log:
        value_axis["dtick"] = 1  # one tick per power of ten: 1K, 10K, 100K

    category_axis = dict(title=labels.category_axis or None, automargin=True)
    fig.update_layout(
        # Our own template, always: importing Streamlit makes its template the process
        # default, and a chart must look the same in the app, the deck and the tests.
        template=TEMPLATE,
        title=dict(text=labels.title, x=0, xanchor="left", font=dict(size=style.font_size + 6)),
        font=dict(family=FONT_FAMILY, size=style.font_size, color=INK),
        height=style.height,
        # Horizontal bars carry their value text past the bar end: leave room for it.
        margin=dict(l=10, r=style.font_size * 6 if horizontal else 10, t=70, b=10),
        plot_bgcolor="white",
        paper_bgcolor="white",
        legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="right", x=1),
        hoverlabel=dict(font_size=style.font_size),
        xaxis=category_axis if not horizontal else value_axis,
        yaxis=value_axis if not horizontal else category_axis,
    )
    return fig


def empty(labels: Labels, style: Style) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(
        text=labels.empty,
        showarrow=False,
        x=0.5,
        y=0.5,
        xref="paper",
        yref="paper",
        font=dict(size=style.font_size + 2, color=MUTED),
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return layout(fig, labels, style)


def _gapped(rows: pd.DataFrame, x: str, *columns: str) -> dict[str, list]:
    """Columns as lists with a None between years that are not consecutive, so a line
    breaks where the data has no figure instead of drawing one across the gap; and
    where the figures change from one edition of a report to another, so a revision
    is never drawn as if it were real change."""
    out: dict[str, list] = {x: [], **{c: [] for c in columns}}
    previous, edition = None, None
    for _, row in rows.iterrows():
        now = row.get("edition") or None
        changed = edition is not None and now is not None and now != edition
        if previous is not None and (row[x] - previous > 1 or changed):
            for key in out:
                out[key].append(None)
        for key in out:
            out[key].append(row[key])
        previous, edition = row[x], now or edition
    return out


def bars(
    frame: pd.DataFrame,
    *,
    labels: Labels,
    category: str = "name",
    log: bool = False,
    style: Style = Style(),
) -> go.Figure:
    """One horizontal bar per row, coloured by entity, hatched by status; largest on top.

    `category` names the column that labels each bar (an entity name, or a longer label
    where one entity has several figures). Bars lie flat so that long labels read
    without tilting, and the chart grows with the number of bars.
    """
    if frame.empty:
        return empty(labels, style)
    frame = frame.sort_values("value", ascending=False)
    order = list(dict.fromkeys(frame[category]))
    fig = go.Figure()
    for status in STATUSES:
        rows = frame[frame["status"] == status]
        if rows.empty:
            continue
        fig.add_bar(
            x=rows["value"],
            y=rows[category],
            orientation="h",
            name=labels.statuses.get(status, status),
            marker=dict(
                color=list(rows["color"]),
                opacity=BAR_OPACITY[status],
                line=dict(color=list(rows["color"]), width=2),
                pattern=dict(shape=BAR_PATTERN[status], fgcolor="white", solidity=0.35),
            ),
            customdata=rows["hover"],
            hovertemplate="%{customdata}<extra></extra>",
            text=rows["value_text"],
            textposition="outside",
            cliponaxis=False,
            constraintext="none",
            textfont=dict(size=style.font_size - 2),
            legendgroup=status,
            showlegend=False,
        )
        # The legend explains the hatching in grey: colour stands for the entity.
        fig.add_bar(
            x=[None],
            y=[None],
            orientation="h",
            name=labels.statuses.get(status, status),
            marker=dict(
                color="white" if BAR_PATTERN[status] else LEGEND_SWATCH,
                line=dict(color=LEGEND_SWATCH, width=2),
                pattern=dict(
                    shape=BAR_PATTERN[status],
                    fgcolor=LEGEND_SWATCH,
                    fillmode="overlay",
                    solidity=0.5,
                ),
            ),
            legendgroup=status,
            hoverinfo="skip",
        )
    # One bar per category, so overlay gives each the full slot (group would split it).
    fig.update_layout(barmode="overlay", bargap=0.3)
    fig.update_yaxes(categoryorder="array", categoryarray=order[::-1])  # first on top
    tall = Style(style.font_size, max(style.height, int(style.font_size * 2.4 * len(order)) + 170))
    return layout(fig, labels, tall, log=log, horizontal=True)


def lines(
    frame: pd.DataFrame,
    *,
    labels: Labels,
    x: str = "year",
    log: bool = False,
    style: Style = Style(),
) -> go.Figure:
    """One line per entity over time; hollow markers for figures that are not actual."""
    if frame.empty:
        return empty(labels, style)
    fig = go.Figure()
    for (_, name), rows in frame.sort_values(x).groupby(["entity", "name"], sort=False):
        color = rows["color"].iloc[0]
        cols = _gapped(rows, x, "value", "status", "hover")
        fig.add_scatter(
            x=cols[x],
            y=cols["value"],
            name=name,
            mode="lines+markers",
            line=dict(color=color, width=3),
            marker=dict(
                size=10,
                color=color,
                symbol=[MARKER_SYMBOL.get(s, "circle") for s in cols["status"]],
                line=dict(color=color, width=2),
            ),
            customdata=cols["hover"],
            hovertemplate="%{customdata}<extra></extra>",
        )
    _status_legend(fig, frame, labels)
    fig.update_xaxes(dtick=1, tickformat="d")
    return layout(fig, labels, style, log=log)


def _status_legend(fig: go.Figure, frame: pd.DataFrame, labels: Labels) -> None:
    """Legend-only entries that say what a hollow marker means (only if one is drawn)."""
    shown = [s for s in STATUSES if s in set(frame["status"]) and s != "actual"]
    if not shown:
        return
    for status in ["actual", *shown]:
        fig.add_scatter(
            x=[None],
            y=[None],
            mode="markers",
            name=labels.statuses.get(status, status),
            marker=dict(size=10, symbol=MARKER_SYMBOL[status], color=LEGEND_SWATCH),
            legendgroup="status",
            hoverinfo="skip",
        )


def bump(frame: pd.DataFrame, *, labels: Labels, style: Style = Style()) -> go.Figure:
    """Ranks over editions, rank 1 at the top; each point labelled with its rank."""
    if frame.empty:
        return empty(labels, style)
    fig = go.Figure()
    for (_, name), rows in frame.sort_values("year").groupby(["entity", "name"], sort=False):
        color = rows["color"].iloc[0]
        cols = _gapped(rows, "year", "value", "hover")
        fig.add_scatter(
            x=cols["year"],
            y=cols["value"],
            name=name,
            mode="lines+markers+text",
            text=[None if v is None else str(int(v)) for v in cols["value"]],
            textposition="middle left",
            line=dict(color=color, width=3),
            marker=dict(size=14, color=color),
            customdata=cols["hover"],
            hovertemplate="%{customdata}<extra></extra>",
        )
    fig = layout(fig, labels, style)
    worst = float(frame["value"].max())
    step = max(1, math.ceil(worst / 8))
    # Reversed, rank 1 on top; ticks start at 1 because there is no rank 0.
    fig.update_yaxes(range=[worst + step, 1 - step / 2], tick0=1, dtick=step)
    fig.update_xaxes(dtick=1, tickformat="d")
    return fig


def rank_dots(
    frame: pd.DataFrame, *, labels: Labels, category: str = "metric_label", style: Style = Style()
) -> go.Figure:
    """One entity's ranks across indices, as dots on a line from 1 to out_of."""
    if frame.empty:
        return empty(labels, style)
    frame = frame.sort_values("value")
    fig = go.Figure()
    out_of = frame["out_of"].astype("Float64")
    known = out_of.notna()
    fig.add_scatter(  # the span each index ranks over, so "35th" reads against "of 83"
        x=[v for pair in zip([1] * known.sum(), out_of[known], strict=True) for v in (*pair, None)],
        y=[c for c in frame.loc[known, category] for _ in range(3)],
        mode="lines",
        line=dict(color="#cccccc", width=8),
        hoverinfo="skip",
        showlegend=False,
    )
    fig.add_scatter(
        x=frame["value"],
        y=frame[category],
        mode="markers+text",
        text=frame["value_text"],
        textposition="middle right",
        marker=dict(
            size=16, color=list(frame["color"]), symbol=[MARKER_SYMBOL[s] for s in frame["status"]]
        ),
        customdata=frame["hover"],
        hovertemplate="%{customdata}<extra></extra>",
        showlegend=False,
    )
    fig = layout(fig, labels, style, horizontal=True)
    widest = float(max(frame["value"].max(), out_of.max() if known.any() else 0))
    fig.update_xaxes(range=[0.5, widest * 1.12 + 1])  # rank 1 on the left, room for labels
    return fig
