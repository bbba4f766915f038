"""A chart as plain data: the figure dict plotly's JSON takes (`data`, a list of traces, and
`layout`), built from arrays with the few calls the chart builders make, named as plotly
names them (`add_scatter`, `update_layout`, ...), with none of plotly's graph objects.

Why: building a `plotly.graph_objects.Figure` checks every property of every trace as it
is set, which was most of drawing a chart on every slider move. A `Plot` checks nothing
while the app serves; `Plot.checked()` is the figure plotly's full validation makes of it,
which the tests build for every chart of the registry and compare with the plain one
(tests/charts/test_plain.py): a plain figure must already be what validation would make
of it. So the keys are plotly's own, nested (`font=dict(size=12)`, never `font_size`).

The app hands a `Plot` to Streamlit as `served(plot)`, which Streamlit takes for an
already checked figure and sends as it is; slides, decks and pictures, which are not on a
slider's path, take `plot.checked()`.
"""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from plotly.basedatatypes import BaseFigure

AXIS = re.compile(r"^([xy])axis(\d*)$")
ARRAYS = (pd.Series, pd.Index, np.ndarray)


def _plain(value: Any) -> Any:
    """A value as plotly's JSON holds it: arrays as lists, numpy numbers as Python's;
    dicts gone through (they are a trace's or an axis's few properties)."""
    if isinstance(value, ARRAYS):
        return value.tolist()
    if isinstance(value, Mapping):  # None unsets a property, as in plotly
        return {k: _plain(v) for k, v in value.items() if v is not None}
    if isinstance(value, np.generic):
        return value.item()
    return value


def merge(into: dict, update: Mapping) -> dict:
    """`update` merged into `into` as plotly's `update_layout` merges: nested dicts key by
    key, anything else replaced."""
    for key, value in update.items():
        if value is None:
            into.pop(key, None)
        elif key == "template":  # shared by every chart (`template`): replaced, never merged
            into[key] = value
        elif isinstance(value, Mapping) and isinstance(into.get(key), dict):
            merge(into[key], value)
        else:
            into[key] = _plain(value)
    return into


def axis_name(axis: str, col: int | None) -> str:
    """The layout key of a subplot column's axis: column 1 `xaxis`, column 2 `xaxis2`."""
    return f"{axis}axis" if not col or col == 1 else f"{axis}axis{col}"


def _ref(axis: str, col: int) -> str:
    """What a trace or note names a subplot column's axis by: `x`, `x2`."""
    return axis if col == 1 else f"{axis}{col}"


class Plot:
    """A figure as plain data; see the module's docstring."""

    __slots__ = ("data", "layout")

    def __init__(self, data: list[dict] | None = None, layout: dict | None = None) -> None:
        self.data: list[dict] = data if data is not None else []
        self.layout: dict = layout if layout is not None else {}

    # -- traces ---------------------------------------------------------------------------

    def add_trace(self, kind: str, *, col: int | None = None, **props: Any) -> Plot:
        trace = {"type": kind, **_plain(props)}
        if col:  # a trace in a column of `columns`, placed as plotly places it
            trace.update(xaxis=_ref("x", col), yaxis=_ref("y", col))
        self.data.append(trace)
        return self

    def add_scatter(self, **props: Any) -> Plot:
        return self.add_trace("scatter", **props)

    def add_bar(self, **props: Any) -> Plot:
        return self.add_trace("bar", **props)

    # -- layout ---------------------------------------------------------------------------

    def update_layout(self, update: Mapping | None = None, **props: Any) -> Plot:
        merge(self.layout, {**(update or {}), **props})
        return self

    def _update_axes(self, axis: str, props: Mapping, col: int | None) -> Plot:
        if col:
            names = [axis_name(axis, col)]
        else:  # every axis of the kind, as plotly's update_xaxes: the first always
            names = [f"{axis}axis", *(k for k in self.layout if (m := AXIS.match(k))
                                      and m[1] == axis and m[2])]  # fmt: skip
        for name in names:
            merge(self.layout.setdefault(name, {}), props)
        return self

    def update_xaxes(self, *, col: int | None = None, **props: Any) -> Plot:
        return self._update_axes("x", props, col)

    def update_yaxes(self, *, col: int | None = None, **props: Any) -> Plot:
        return self._update_axes("y", props, col)

    def add_annotation(self, *, col: int | None = None, **props: Any) -> Plot:
        note = _plain(props)
        if col:
            note.update(xref=_ref("x", col), yref=_ref("y", col))
        self.layout.setdefault("annotations", []).append(note)
        return self

    def add_shape(self, **props: Any) -> Plot:
        self.layout.setdefault("shapes", []).append(_plain(props))
        return self

    def axis(self, name: str) -> dict:
        """A layout axis's properties (empty when none are set): `axis("yaxis")`."""
        return self.layout.get(name) or {}

    @property
    def title(self) -> str:
        return (self.layout.get("title") or {}).get("text") or ""

    # -- out ------------------------------------------------------------------------------

    def to_dict(self) -> dict:
        return {"data": self.data, "layout": self.layout}

    def copy(self) -> Plot:
        """A copy to change (the registry's plots are cached and shared); the template,
        which no call changes in place (`merge` replaces it), stays shared."""
        layout = {k: v if k == "template" else copy.deepcopy(v) for k, v in self.layout.items()}
        return Plot(copy.deepcopy(self.data), layout)

    def checked(self):
        """The figure as plotly's graph objects hold it, every property validated (an
        invalid one raises ValueError naming it); for slides, pictures and the tests."""
        import plotly.graph_objects as go

        return go.Figure(self.to_dict())


def columns(widths: tuple[float, ...], spacing: float, titles: tuple[str, ...]) -> Plot:
    """An empty figure of subplots side by side, as `make_subplots(rows=1, cols=n,
    column_widths=widths, horizontal_spacing=spacing, subplot_titles=titles)` lays it out
    (the test compares the two); a trace or note goes in column c with `col=c`."""
    usable = 1.0 - spacing * (len(widths) - 1)
    total = sum(widths)
    layout: dict = {}
    notes = []
    left = 0.0
    for i, (width, title) in enumerate(zip(widths, titles, strict=True), start=1):
        right = left + usable * width / total
        suffix = "" if i == 1 else str(i)
        layout[f"xaxis{suffix}"] = {"anchor": f"y{suffix}", "domain": [left, right]}
        layout[f"yaxis{suffix}"] = {"anchor": f"x{suffix}", "domain": [0.0, 1.0]}
        notes.append({"font": {"size": 16}, "showarrow": False, "text": title,
                      "x": (left + right) / 2, "xanchor": "center", "xref": "paper",
                      "y": 1.0, "yanchor": "bottom", "yref": "paper"})  # fmt: skip
        left = right + spacing
    layout["annotations"] = notes
    return Plot([], layout)


class _Served(BaseFigure):
    """A plain figure in the one shape `st.plotly_chart` sends without checking it again:
    Streamlit validates a dict it is given property by property, but takes a plotly figure
    as checked and sends its `to_dict()`. Only `to_dict` is used (tests/charts/test_plain.py
    sends one through `st.plotly_chart` and reads back the spec)."""

    def __init__(self, plot: Plot) -> None:  # no BaseFigure state: nothing else is read
        self._plot = plot

    def to_dict(self) -> dict:
        return self._plot.to_dict()

    def __reduce__(self):  # pickled as the plot it holds (the benchmarks record calls)
        return (_Served, (self._plot,))


def served(plot: Plot) -> BaseFigure:
    return _Served(plot)


@functools.cache
def template(name: str) -> dict:
    """A plotly template as plain data, only what the dashboard's traces (bar, scatter)
    and layouts read: the trace defaults of the other thirty kinds are never drawn, and
    were over half of every chart's bytes on the wire."""
    import plotly.io as pio

    full = pio.templates[name].to_plotly_json()
    kinds = {k: v for k, v in full.get("data", {}).items() if k in ("bar", "scatter")}
    return {"data": kinds, "layout": full["layout"]}
