"""A chart's text alternative: its title and one sentence on what it shows, for readers
who cannot see it (screen readers on the page and the projector view, the picture
description in the slide deck).

The sentence is read from the figure itself, not from the rows behind it, so it says
what is drawn whatever the chart (the what-if charts' rows are their inputs, not what
they draw): the bars, their largest and smallest, or the lines, their years and their
latest figures. Values are written as the chart writes them (its bar labels) or else
with `dashboard.base.formatting`. Pure: no Streamlit, no file output.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import pandas as pd

from dashboard.base import formatting as fmt
from dashboard.base.i18n import t
from dashboard.charts.plain import Plot
from dashboard.charts.view import ChartResult

TAG = re.compile(r"<[^>]+>")  # Plotly's own markup in labels (<b>, <br>)


@dataclass(frozen=True)
class Point:
    label: str  # a bar's category, or a line's name
    value: float
    text: str = ""  # the value as the chart writes it; "" when it writes none
    year: object = None  # a line's point: its year


def describe(result: ChartResult, lang: str) -> str:
    """The text alternative of a chart from the registry."""
    return text_alternative(result.figure, lang, ranked=is_ranked(result.rows))


def is_ranked(rows: pd.DataFrame) -> bool:
    """Whether the chart draws ranks (1 = best), where smaller is better."""
    return not rows.empty and "unit" in rows and bool((rows["unit"] == "rank").all())


def text_alternative(figure: Plot, lang: str, *, ranked: bool = False) -> str:
    """ "Chart: <title>. <one sentence on what it shows>" in `lang`."""
    title = plain(figure.title)
    return t("alt.text", lang, title=title, summary=summary(figure, lang, ranked=ranked))


def summary(figure: Plot, lang: str, *, ranked: bool = False) -> str:
    """One sentence on what the figure draws (bars, else lines, else dots)."""
    bars, horizontal = _bars(figure)
    if bars:
        return _compare(bars, lang, ranked, _value_axis(figure, horizontal=horizontal))
    lines = _latest_of_lines(figure)
    if lines:
        return _lines(lines, lang, ranked, _value_axis(figure, horizontal=False))
    dots = _dots(figure)
    if dots:
        return _compare(dots, lang, ranked, _value_axis(figure, horizontal=True))
    return t("chart.empty", lang)


# ---------------------------------------------------------------- what is drawn


def plain(text: str) -> str:
    """Label text without Plotly's markup."""
    return " ".join(TAG.sub(" ", str(text)).split())


def _number(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _texts(trace: dict, n: int) -> list[str]:
    text = trace.get("text")
    if text is None or isinstance(text, str):
        return [""] * n
    return [plain(x) if isinstance(x, str) else "" for x in text]


def _bars(figure: Plot) -> tuple[list[Point], bool]:
    """Each bar drawn (legend-only entries have no value), stacked bars summed per
    category since a stack reads as its total; and whether the bars lie flat."""
    stacked = figure.layout.get("barmode") in ("stack", "relative")
    points: dict[str, Point] = {}
    found: list[Point] = []
    horizontal = False
    for trace in figure.data:
        if trace["type"] != "bar" or trace.get("x") is None or trace.get("y") is None:
            continue
        horizontal = trace.get("orientation") == "h"
        values, labels = (trace["x"], trace["y"]) if horizontal else (trace["y"], trace["x"])
        for label, value, text in zip(labels, values, _texts(trace, len(values)), strict=False):
            number = _number(value)
            if number is None or label is None:
                continue
            name = plain(label)
            if stacked:
                before = points.get(name)
                points[name] = Point(name, number + (before.value if before else 0.0))
            else:
                found.append(Point(name, number, text))
    return (list(points.values()) if stacked else found), horizontal


def _latest_of_lines(figure: Plot) -> list[tuple[Point, object]]:
    """Each named line's last point, with the line's first x."""
    latest = []
    for trace in figure.data:
        mode = trace.get("mode") or ""
        if trace["type"] != "scatter" or "lines" not in mode or not trace.get("name"):
            continue
        if trace.get("showlegend") is False or trace.get("x") is None or trace.get("y") is None:
            continue  # a legend-only entry, or a line drawn twice (a baseline beside it)
        drawn = [(x, _number(y)) for x, y in zip(trace["x"], trace["y"], strict=False)]
        drawn = [(x, y) for x, y in drawn if x is not None and y is not None]
        if drawn:
            x, y = drawn[-1]
            latest.append((Point(plain(trace["name"]), y, year=x), drawn[0][0]))
    return latest


def _dots(figure: Plot) -> list[Point]:
    """Labelled dots along a value axis (one entity's ranks across indices)."""
    found = []
    for trace in figure.data:
        if trace["type"] != "scatter" or "markers" not in (trace.get("mode") or ""):
            continue
        x, y = trace.get("x"), trace.get("y")
        if x is None or y is None:
            continue
        for label, value, text in zip(y, x, _texts(trace, len(x)), strict=False):
            number = _number(value)
            if number is not None and isinstance(label, str):
                found.append(Point(plain(label), number, text))
    return found


def _value_axis(figure: Plot, *, horizontal: bool) -> str:
    axis = figure.axis("xaxis" if horizontal else "yaxis")
    return plain((axis.get("title") or {}).get("text") or "")


# ---------------------------------------------------------------- the sentence


def _value(point: Point, lang: str, ranked: bool) -> str:
    if point.text:
        return point.text
    if ranked:
        return fmt.rank(int(point.value), lang)
    return fmt.compact(point.value, lang)


def _unit(points: list[Point], lang: str, ranked: bool, axis: str) -> str:
    """The axis title, when some value is written without its unit."""
    if ranked or not axis or all(p.text for p in points):
        return ""
    return " " + t("alt.unit", lang, axis=axis)


def _ends(points: list[Point], ranked: bool) -> tuple[Point, Point]:
    """(first, last): largest and smallest, or for ranks best (smallest) and worst."""
    ordered = sorted(points, key=lambda p: p.value, reverse=not ranked)
    return ordered[0], ordered[-1]


def _compare(points: list[Point], lang: str, ranked: bool, axis: str) -> str:
    top, bottom = _ends(points, ranked)
    unit = _unit(points, lang, ranked, axis)
    if len(points) == 1:
        return t("alt.one", lang, name=top.label, value=_value(top, lang, ranked)) + unit
    return (
        t(
            "alt.ranks" if ranked else "alt.bars",
            lang,
            n=len(points),
            top=top.label,
            top_value=_value(top, lang, ranked),
            bottom=bottom.label,
            bottom_value=_value(bottom, lang, ranked),
        )
        + unit
    )


def _lines(lines: list[tuple[Point, object]], lang: str, ranked: bool, axis: str) -> str:
    latest = [point for point, _ in lines]
    years = [*(first for _, first in lines), *(p.year for p in latest)]
    top, bottom = _ends(latest, ranked)
    return t(
        "alt.lines_ranked" if ranked else "alt.lines",
        lang,
        n=len(latest),
        first=min(years),
        last=max(years),
        top=top.label,
        top_value=_value(top, lang, ranked),
        top_year=top.year,
        bottom=bottom.label,
        bottom_value=_value(bottom, lang, ranked),
        bottom_year=bottom.year,
    ) + _unit(latest, lang, ranked, axis)
