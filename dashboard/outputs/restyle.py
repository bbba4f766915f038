"""A chart figure restyled for a slide picture: the same traces and values, laid out so
that slide-size type stays level and readable.

`presentable(fig)` returns a changed copy (the chart registry's figures are cached and
shared, so the original is never touched). It changes labels, margins and bar layout
only; it does not build a chart, add a source line (`images` draws that) or draw.
"""

from __future__ import annotations

import re

import plotly.graph_objects as go

from dashboard.charts.primitives import Style
from dashboard.outputs.images import text_width
from dashboard.outputs.layout import IMAGE_W, SLIDE_STYLE

_FLOAT_YEAR = re.compile(r"\b((?:19|20)\d\d)\.0\b")


def _wrap_words(text: str, max_px: float, size: float) -> list[str]:
    lines: list[str] = []
    for word in text.split(" "):
        if lines and text_width(f"{lines[-1]} {word}", size) <= max_px:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def presentable(fig, style: Style = SLIDE_STYLE, width: int = IMAGE_W):
    """The figure adjusted for a slide picture, its content unchanged.

    - Bar charts label a bar "name · year · source"; at slide type size Plotly would
      tilt such labels and give them half the picture, so each part goes on its own
      line (long parts wrapped) when the bars are wide enough. Bars are overlaid rather
      than grouped by status (a label has one status), so each bar and its value label
      get the whole slot, and value labels never shrink below readable size.
    - Text placed right of a point (rank dots) gets room in the right margin.
    """
    out = go.Figure(fig)
    labelled = [tr for tr in out.data if tr.type == "scatter" and tr.textposition == "middle right"]
    if labelled:
        right = out.layout.margin.r if out.layout.margin.r is not None else 0
        out.update_layout(margin=dict(r=max(right, 10 * style.font_size)))
        for trace in labelled:
            trace.cliponaxis = False
    bars = [tr for tr in out.data if tr.type == "bar"]
    if not bars or len(bars) != len(out.data) or out.layout.xaxis.type not in (None, "category"):
        return out
    out.update_layout(barmode="overlay", uniformtext=dict(minsize=style.font_size - 4, mode="show"))
    order = [
        str(x)
        for x in (
            out.layout.xaxis.categoryarray if out.layout.xaxis.categoryarray is not None else ()
        )
    ]
    labels = list(
        dict.fromkeys(
            [
                *order,
                *(
                    str(x)
                    for tr in bars
                    for x in (tr.x if tr.x is not None else ())
                    if isinstance(x, str)
                ),
            ]
        )
    )
    if not labels:
        return out
    slot = (width - 220) / len(labels)
    if slot < 110:  # too narrow: leave Plotly's tilted labels
        return out
    size = style.font_size

    def wrap(label: object) -> object:
        if not isinstance(label, str):  # legend-only traces draw at x=None
            return label
        label = _FLOAT_YEAR.sub(r"\1", label)  # "2024.0–2030" -> "2024–2030"
        return "<br>".join(
            line for part in label.split(" · ") for line in _wrap_words(part, slot * 0.92, size)
        )

    for trace in out.data:
        if trace.x is not None:
            trace.x = [wrap(x) for x in trace.x]
    if order:
        out.update_xaxes(categoryarray=[wrap(x) for x in order])
    out.update_xaxes(tickangle=0)
    return out
