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


def test_narrow_fits_a_figure_to_a_phone_without_changing_values() -> None:
    long = "South Korea · Planned GPUs · 2025 · Lokmat Times (IANS/Yonhap)"
    fig = go.Figure(go.Bar(x=[300, 50], y=[long, "China"], orientation="h", name="Planned",
                           text=["300K", "50K"]))  # fmt: skip
    fig.update_yaxes(categoryarray=["China", long])
    fig.update_layout(title="GPUs held, planned and pledged: the selected countries",
                      font=dict(size=13), height=420)  # fmt: skip
    width = 358
    out = restyle.narrow(fig, width)
    assert list(out.data[0].x) == [300, 50] and list(out.data[0].text) == ["300K", "50K"]
    title = out.layout.title
    lines = title.text.split("<br>")
    assert len(lines) >= 2 and " ".join(lines) == fig.layout.title.text
    size = title.font.size
    assert all(restyle.text_width(line, size) <= width - 16 for line in lines)
    # below the band the toolbar covers, and the plot's top margin holds every line
    assert title.pad.t == restyle.TOOLBAR_PX and title.yref == "container"
    assert out.layout.margin.t >= restyle.TOOLBAR_PX + len(lines) * size
    label = out.data[0].y[0]
    assert label.replace("<br>", " ") == long
    assert all(
        restyle.text_width(part, 13) <= width * restyle.LABEL_SHARE for part in label.split("<br>")
    )
    assert list(out.layout.yaxis.categoryarray) == ["China", label]
    assert out.layout.legend.yref == "container" and out.layout.legend.y == 0  # under the plot
    assert out.layout.height >= 420
    assert fig.layout.title.text.count("<br>") == 0  # the original is untouched


def test_narrow_wraps_a_long_note_and_leaves_short_labels() -> None:
    fig = go.Figure(go.Scatter(x=[1, 2], y=[3, 4], name="Korea"))
    note = "South Korea: 4th (baseline 4th), 0.0023% of the leader, in the last year shown"
    fig.add_annotation(text=note, x=2, y=4)
    out = restyle.narrow(fig, 358)
    assert out.layout.annotations[0].text.replace("<br>", " ") == note
    assert "<br>" in out.layout.annotations[0].text
    assert list(out.data[0].y) == [3, 4]
