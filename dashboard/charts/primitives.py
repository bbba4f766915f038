"""Chart builders: one function per chart, `(frame, *, labels, ...) -> Plot`, a figure as
plain data (`dashboard.charts.plain`).

Each builder draws a display-ready frame from `dashboard.model.views` (columns `name`,
`color`, `value`, `status`, `hover`, ...) with the words passed in `labels`; none reads
a locale, the data folder or Streamlit. Actual figures are drawn solid; estimates,
plans, pledges and forecasts are hatched or hollow, and the legend says which is which.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from numbers import Real  # numpy's int64 and float64 too

import pandas as pd

from dashboard.base import formatting as fmt
from dashboard.charts import plain
from dashboard.charts.plain import Plot
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
    # The value axis's numbers in the reader's units: `lang` and what one axis unit
    # counts (1 for GPUs, 1e9 for USD billions). None: Plotly's own (shares, ranks).
    lang: str = ""
    value_scale: float | None = None


@dataclass(frozen=True)
class Style:
    """Type size and height; presentation mode passes larger ones."""

    font_size: int = 14
    height: int = 460


def layout(
    fig: Plot, labels: Labels, style: Style, *, log: bool = False, horizontal: bool = False
) -> Plot:
    value_axis = dict(
        title=dict(text=labels.value_axis),
        type="log" if log else "linear",
        gridcolor=GRID,
        zeroline=False,
        automargin=True,
    )
    if log:
        value_axis["dtick"] = 1  # one tick per power of ten: 1K, 10K, 100K

    category_axis = dict(automargin=True)
    if labels.category_axis:
        category_axis["title"] = dict(text=labels.category_axis)
    fig.update_layout(
        # Our own template, always: importing Streamlit makes its template plotly's
        # default, and a chart must look the same in the app, the deck and the tests.
        template=plain.template(TEMPLATE),
        title=dict(text=labels.title, x=0, xanchor="left", font=dict(size=style.font_size + 6)),
        font=dict(family=FONT_FAMILY, size=style.font_size, color=INK),
        height=style.height,
        # Horizontal bars carry their value text past the bar end: leave room for it.
        margin=dict(l=10, r=style.font_size * 6 if horizontal else 10, t=70, b=10),
        plot_bgcolor="white",
        paper_bgcolor="white",
        legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="right", x=1),
        hoverlabel=dict(font=dict(size=style.font_size)),
        xaxis=category_axis if not horizontal else value_axis,
        yaxis=value_axis if not horizontal else category_axis,
    )
    if labels.lang and labels.value_scale is not None:
        locale_axis(fig, labels.lang, axis="x" if horizontal else "y", scale=labels.value_scale)
    return fig


def value_ticks(
    low: float, high: float, lang: str, *, log: bool, scale: float = 1.0
) -> tuple[list[float], list[str]]:
    """Tick positions spanning [low, high] and their labels in the reader's units, written
    by the same function as the metric cards (`formatting.compact`): ko 1만, 10만, 1억;
    en 10K, 100K, 100M. Plotly's tickformat knows no 만 or 억, hence positions of our own.

    A log axis gets a tick per power of ten (and 2 and 5 between them when it spans three
    decades or less); a linear one about five steps of 1, 2, 2.5 or 5 times a power of ten.
    `scale` is what one axis unit counts: ticks of an axis in USD billions read 1,000억."""
    if log:
        first, last = math.floor(math.log10(low)), math.ceil(math.log10(high))
        last = max(last, first + 1)
        steps = (1,) if last - first > 3 else (1, 2, 5)
        values = [m * 10.0**k for k in range(first, last + 1) for m in steps]
        values = [v for v in values if v <= 10.0**last]
    else:
        span = (high - low) or abs(high) or 1.0
        rough = span / 5
        power = 10.0 ** math.floor(math.log10(rough))
        step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= rough)
        start, stop = math.floor(low / step), math.ceil(high / step)
        values = [i * step for i in range(start, stop + 1)]
    return values, list(_tick_text(tuple(values), lang, scale))


@functools.lru_cache(maxsize=512)
def _tick_text(values: tuple[float, ...], lang: str, scale: float) -> tuple[str, ...]:
    """Tick labels, written once per set of ticks: an axis keeps its ticks while a slider
    moves the lines on it."""
    return tuple(fmt.compact(v * scale, lang) for v in values)


def _axis_numbers(fig: Plot, axis: str) -> tuple[list[float], bool]:
    """The finite numbers the figure's traces put on an axis ("x" or "y"), and whether a
    bar stands on it (bars start at zero, so the ticks must too)."""
    numbers: list[float] = []
    bars = False
    for trace in fig.data:
        if (trace.get(f"{axis}axis") or axis) != axis:
            continue  # another subplot's axis
        values = trace.get(axis)
        if values is None:
            continue
        found = [
            float(v)
            for v in values
            if isinstance(v, Real) and not isinstance(v, bool) and math.isfinite(v)
        ]
        numbers += found
        bars |= bool(found) and trace["type"] == "bar"
    return numbers, bars


def locale_axis(fig: Plot, lang: str, *, axis: str = "y", scale: float = 1.0) -> Plot:
    """Label a figure's value axis in the reader's units (see `value_ticks`), log or
    linear as the axis is set; an axis without numbers is left as it is. One call per
    figure, after its layout: every chart builder's value axis goes through here."""
    numbers, bars = _axis_numbers(fig, axis)
    log = fig.axis(f"{axis}axis").get("type") == "log"
    if log:
        numbers = [v for v in numbers if v > 0]
    if not numbers:
        return fig
    low, high = min(numbers), max(numbers)
    if bars and not log:
        low, high = min(low, 0.0), max(high, 0.0)
    values, text = value_ticks(low, high, lang, log=log, scale=scale)
    fig.update_layout({f"{axis}axis": dict(tickmode="array", tickvals=values, ticktext=text)})
    return fig


def empty(labels: Labels, style: Style) -> Plot:
    fig = Plot()
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
) -> Plot:
    """One horizontal bar per row, coloured by entity, hatched by status; largest on top.

    `category` names the column that labels each bar (an entity name, or a longer label
    where one entity has several figures). Bars lie flat so that long labels read
    without tilting, and the chart grows with the number of bars.
    """
    if frame.empty:
        return empty(labels, style)
    frame = frame.sort_values("value", ascending=False)
    order = list(dict.fromkeys(frame[category]))
    fig = Plot()
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


EVENT_ROW_GAP = 0.2  # labels nearer than this share of the years shown stack in rows
EVENT_ROW_HEIGHT = 0.08  # of the plot's height, per row of labels


def event_markers(fig: Plot, events: pd.DataFrame | None, years: pd.Series, style: Style) -> Plot:
    """Policy events as labelled vertical markers on a chart over years: a thin dotted
    line at the event's day and its short label at the top, whose hover gives the whole
    event and its source. `events` has `x` (the day as a fractional year: 22 January 2026
    is 2026.06), `label` and `hover`, in the reader's language (`views.events_of`).

    Drawn from the first year shown to the year after the last: what happened since the
    last figure is context, older or later events would stretch the axis away from the
    figures. Labels that would overlap go on the next row down."""
    if events is None or events.empty or years.empty:
        return fig
    first, last = int(years.min()), int(years.max()) + 1
    shown = events[(events["x"] >= first) & (events["x"] < last + 1)].sort_values("x")
    gap = EVENT_ROW_GAP * (last + 1 - first)
    row_ends: list[float] = []  # x of the last label in each row
    for x, label, hover in zip(shown["x"], shown["label"], shown["hover"], strict=True):
        row = next((i for i, end in enumerate(row_ends) if x - end >= gap), len(row_ends))
        row_ends[row : row + 1] = [x]
        fig.add_shape(
            type="line", x0=x, x1=x, y0=0, y1=1, xref="x", yref="paper", layer="below",
            line=dict(color=MUTED, width=1, dash="dot"),
        )  # fmt: skip
        fig.add_annotation(
            x=x, y=1 - row * EVENT_ROW_HEIGHT, xref="x", yref="paper", text=label,
            hovertext=hover, showarrow=False, xanchor="left", yanchor="top", xshift=2,
            font=dict(size=style.font_size - 3, color=MUTED), bgcolor="rgba(255,255,255,0.85)",
        )  # fmt: skip
    return fig


def lines(
    frame: pd.DataFrame,
    *,
    labels: Labels,
    x: str = "year",
    log: bool = False,
    style: Style = Style(),
    events: pd.DataFrame | None = None,
) -> Plot:
    """One line per entity over time; hollow markers for figures that are not actual;
    `events` (see `event_markers`) marked where they fall."""
    if frame.empty:
        return empty(labels, style)
    fig = Plot()
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
    event_markers(fig, events, frame[x], style)
    fig.update_xaxes(dtick=1, tickformat="d")
    return layout(fig, labels, style, log=log)


def _status_legend(fig: Plot, frame: pd.DataFrame, labels: Labels) -> None:
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


def bump(
    frame: pd.DataFrame,
    *,
    labels: Labels,
    style: Style = Style(),
    events: pd.DataFrame | None = None,
) -> Plot:
    """Ranks over editions, rank 1 at the top; each point labelled with its rank;
    `events` (see `event_markers`) marked where they fall."""
    if frame.empty:
        return empty(labels, style)
    fig = Plot()
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
    event_markers(fig, events, frame["year"], style)
    fig = layout(fig, labels, style)
    worst = float(frame["value"].max())
    step = max(1, math.ceil(worst / 8))
    # Reversed, rank 1 on top; ticks start at 1 because there is no rank 0.
    fig.update_yaxes(range=[worst + step, 1 - step / 2], tick0=1, dtick=step)
    fig.update_xaxes(dtick=1, tickformat="d")
    return fig


def rank_dots(
    frame: pd.DataFrame, *, labels: Labels, category: str = "metric_label", style: Style = Style()
) -> Plot:
    """One entity's ranks across indices, as dots on a line from 1 to out_of."""
    if frame.empty:
        return empty(labels, style)
    frame = frame.sort_values("value")
    fig = Plot()
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
