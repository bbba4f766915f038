"""A chart figure restyled for a slide picture or a phone's screen
(`dashboard.outputs.restyle`)."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

from dashboard import REPO_DIR
from dashboard.charts import registry
from dashboard.charts.plain import Plot
from dashboard.charts.primitives import Style
from dashboard.data.load import load
from dashboard.outputs import restyle
from tests.support.plain import validated, views, wire


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
    plot = Plot().add_bar(x=[300, 50], y=[long, "China"], orientation="h", name="Planned",
                          text=["300K", "50K"])  # fmt: skip
    plot.update_yaxes(categoryarray=["China", long])
    plot.update_layout(title=dict(text="GPUs held, planned and pledged: the selected countries"),
                       font=dict(size=13), height=420)  # fmt: skip
    before = wire(plot.to_dict())
    width = 358
    out = restyle.narrow(plot, width)
    bar = out.data[0]
    assert bar["x"] == [300, 50] and bar["text"] == ["300K", "50K"]
    title = out.layout["title"]
    lines = title["text"].split("<br>")
    assert len(lines) >= 2 and " ".join(lines) == plot.title
    size = title["font"]["size"]
    assert all(restyle.text_width(line, size) <= width - 16 for line in lines)
    # below the band the toolbar covers, and the plot's top margin holds every line
    assert title["pad"]["t"] == restyle.TOOLBAR_PX and title["yref"] == "container"
    assert out.layout["margin"]["t"] >= restyle.TOOLBAR_PX + len(lines) * size
    label = bar["y"][0]
    assert label.replace("<br>", " ") == long
    assert all(
        restyle.text_width(part, 13) <= width * restyle.LABEL_SHARE for part in label.split("<br>")
    )
    assert out.axis("yaxis")["categoryarray"] == ["China", label]
    legend = out.layout["legend"]
    assert legend["yref"] == "container" and legend["y"] == 0  # under the plot
    assert out.layout["height"] >= 420
    assert wire(plot.to_dict()) == before  # the original is untouched


def test_narrow_wraps_a_long_note_and_leaves_short_labels() -> None:
    plot = Plot().add_scatter(x=[1, 2], y=[3, 4], name="Korea")
    note = "South Korea: 4th (baseline 4th), 0.0023% of the leader, in the last year shown"
    plot.add_annotation(text=note, x=2, y=4)
    out = restyle.narrow(plot, 358)
    text = out.layout["annotations"][0]["text"]
    assert text.replace("<br>", " ") == note and "<br>" in text
    assert out.data[0]["y"] == [3, 4]
    assert plot.layout["annotations"][0]["text"] == note  # the original is untouched


@pytest.mark.slow  # a sweep: every registered chart in five views, at three widths
def test_every_chart_narrowed_is_what_plotlys_validation_makes_of_it() -> None:
    """A phone's chart is served unchecked, as a wide screen's is: narrowed, every chart
    of the registry must still be exactly what plotly's validation makes of it, and the
    registry's own (cached, shared) figure must be left as it was."""
    real = load(REPO_DIR / "data")
    for view in views():
        for chart_id, chart in registry.CHARTS.items():
            plot = chart(real, view).figure
            before = wire(plot.to_dict())
            for width in (318, 358, 600):
                out = restyle.narrow(plot, width)
                assert wire(out.to_dict()) == validated(out), (chart_id, view.lang, width)
            assert wire(plot.to_dict()) == before, chart_id
