"""A chart figure restyled for where it is shown, a slide picture or a phone's screen: the
same traces and values, laid out so that the type stays level and readable.

`presentable(fig)` returns a changed copy of a plotly figure (the chart registry's figures
are cached and shared, so the original is never touched); `narrow(plot, width)` fits a
plain one (`plain.Plot`) to a phone's screen the same way. It changes labels, margins and
bar layout only; it does not build a chart, add a source line (`images` draws that) or
draw.
"""

from __future__ import annotations

import math
import re

import plotly.graph_objects as go

from dashboard.charts.plain import Plot
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


# -- a narrow screen (a phone) ----------------------------------------------------------------

TOOLBAR_PX = 40  # the top band Streamlit's element toolbar covers when it shows
NARROW_PX = 640  # a screen narrower than this (CSS px) is a phone's: `narrow` applies
LINE = 1.3  # line height, in font sizes


def narrow(plot: Plot, width: int) -> Plot:
    """The chart fitted to a phone's screen `width` CSS px wide, its content unchanged:
    the title wrapped within the width and set below the band the toolbar covers, the
    legend under the plot (not beside the title), tight side margins so the plot takes
    the width, and long bar labels wrapped onto lines of at most LABEL_SHARE of the width
    (the chart growing taller so that each bar has room for its label's lines).

    A new plain figure (`plain.Plot`; the registry's is cached and shared, so it is never
    touched): a phone's chart is served unchecked, as a wide screen's is, and the tests
    check every chart's narrowed figure against plotly's validation."""
    out = plot.copy()
    layout = out.layout
    size = (layout.get("font") or {}).get("size") or 14
    title = layout.get("title") or {}
    title_size = (title.get("font") or {}).get("size") or size + 4
    text = title.get("text") or ""
    lines = _wrap_words(" ".join(text.split()), width - 16, title_size) if text else []
    names = [tr["name"] for tr in out.data if tr.get("showlegend") is not False and tr.get("name")]
    # legend entries side by side (a symbol and a gap of about 40 px each), wrapping
    rows = math.ceil(sum(text_width(n, size) + 40 for n in names) / max(width - 16, 1))
    top = TOOLBAR_PX + round(len(lines) * title_size * LINE) + 8
    bottom = round(rows * size * LINE * 1.2) + 8
    horizontal = any(tr["type"] == "bar" and tr.get("orientation") == "h" for tr in out.data)
    text_right = any(
        tr.get("text") is not None and "right" in str(tr.get("textposition") or "")
        for tr in out.data
    )
    out.update_layout(
        title=dict(text="<br>".join(lines), y=1, yref="container", yanchor="top",
                   pad=dict(t=TOOLBAR_PX), x=0, xref="container", xanchor="left",
                   font=dict(size=title_size)),
        margin=dict(l=4, r=size * 5 if horizontal or text_right else 8, t=top, b=bottom),
        legend=dict(orientation="h", x=0, xanchor="left", y=0, yref="container",
                    yanchor="bottom"),
    )  # fmt: skip
    for note in layout.get("annotations", ()):  # a long note (a scenario's result) wraps too
        note_text = note.get("text")
        if isinstance(note_text, str) and text_width(note_text, size) > width * 0.85:
            parts = note_text.split("<br>")
            note["text"] = "<br>".join(_wrap_label(p, width * 0.8, size) for p in parts)
    wrap: dict[str, object] = {}
    for trace in out.data:  # categories on the vertical axis: bar and dot labels
        if trace.get("y") is not None and any(isinstance(y, str) for y in trace["y"]):
            trace["y"] = [wrap.setdefault(y, _wrap_label(y, width * LABEL_SHARE, size))
                          if isinstance(y, str) else y for y in trace["y"]]  # fmt: skip
    order = out.axis("yaxis").get("categoryarray")
    if wrap and order is not None:
        out.update_yaxes(categoryarray=[_wrap_label(y, width * LABEL_SHARE, size)
                                        for y in order])  # fmt: skip
    shown = [w for w in wrap.values() if isinstance(w, str)]
    if shown:
        most = max(w.count("<br>") + 1 for w in shown)
        slot = most * size * LINE + 12  # px per category: its label's lines and a gap
        axis = 3 * size * LINE  # the value axis's ticks and title
        tall = round(len(shown) * slot + top + bottom + axis)
        out.update_layout(height=max(layout.get("height") or 0, tall))
    return out


LABEL_SHARE = 0.45  # of a phone's width, for a bar's label


def _wrap_label(label: object, max_px: float, size: float) -> object:
    if not isinstance(label, str) or text_width(label, size) <= max_px:
        return label
    words = label.replace(" · ", " ·\u00a0").split(" ")  # keep "·" with what follows
    lines: list[str] = []
    for word in words:
        if lines and text_width(f"{lines[-1]} {word}", size) <= max_px:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return "<br>".join(line.replace("\u00a0", " ") for line in lines)
