"""A chart figure restyled for a slide picture (`dashboard.outputs.restyle`)."""

from __future__ import annotations

import plotly.graph_objects as go

from dashboard.charts.primitives import Style
from dashboard.outputs import restyle


def test_presentable_wraps_bar_labels_without_changing_values() -> None:
    fig = go.Figure(
        go.Bar(
            x=["South Korea · 2024.0–2030 · Stanford HAI", "China · 2025 · X"],
            y=[3, 5],
            text=["3", "5"],
        )
    )
    fig.update_xaxes(categoryarray=["China · 2025 · X", "South Korea · 2024.0–2030 · Stanford HAI"])
    fig.add_bar(x=[None], y=[None], name="legend only")
    out = restyle.presentable(fig, Style(font_size=24), width=1920)
    assert list(out.data[0].y) == [3, 5]
    assert list(out.data[1].x) == [None]  # legend-only entries stay off the axis
    assert out.data[0].x[0] == "South Korea<br>2024–2030<br>Stanford HAI"
    assert list(out.layout.xaxis.categoryarray)[1] == out.data[0].x[0]
    assert out.layout.xaxis.tickangle == 0 and out.layout.barmode == "overlay"
    assert out.layout.uniformtext.minsize >= 20
    assert fig.data[0].x[0].startswith("South Korea · ")  # the original is untouched
