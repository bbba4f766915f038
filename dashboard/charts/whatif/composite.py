"""The composite score per country (0-100), stacked by pillar contribution and ranked with
the scenario fed in; each bar carries its note (score, rank, rank band, baseline rank)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from dashboard.charts import primitives
from dashboard.charts.plain import Plot
from dashboard.charts.primitives import Labels, Style
from dashboard.model.scenarios import composite

# Pillar colours: a blue ramp, so that a pillar never reads as an entity's colour.
PILLAR_COLORS = dict(
    zip(composite.PILLARS, ("#1f3b5c", "#3f6e9e", "#7fa6cf", "#c3d7ec"), strict=True)
)


@dataclass(frozen=True)
class CompositeLabels:
    chart: Labels
    categories: Mapping[str, str]  # entity -> its bar's label (Korea's in bold), rank order
    pillars: Mapping[str, str]  # pillar -> name
    hovers: Mapping[tuple[str, str], str]  # (entity, pillar) -> hover text
    notes: Mapping[str, str]  # entity -> the note after its bar
    home_color: str
    home: str


def draw(result: composite.CompositeResult, *, labels: CompositeLabels, style: Style) -> Plot:
    table = result.table.dropna(subset=["score"]).sort_values("rank", kind="stable")
    entities = list(table["entity"])
    order = [labels.categories[e] for e in entities]
    fig = Plot()
    for pillar in composite.PILLARS:
        fig.add_bar(
            y=order,
            x=table[f"contrib_{pillar}"].fillna(0.0),
            orientation="h",
            name=labels.pillars[pillar],
            marker=dict(
                color=PILLAR_COLORS[pillar],
                line=dict(
                    color=[labels.home_color if e == labels.home else "white" for e in entities],
                    width=[3 if e == labels.home else 1 for e in entities],
                ),
            ),
            customdata=[labels.hovers[(e, pillar)] for e in entities],
            hovertemplate="%{customdata}<extra></extra>",
        )
    for entity, score in zip(entities, table["score"], strict=True):
        fig.add_annotation(
            x=score,
            y=labels.categories[entity],
            text=labels.notes[entity],
            showarrow=False,
            xanchor="left",
            xshift=6,
            font=dict(size=style.font_size - 2, color=primitives.INK),
        )
    fig = primitives.layout(fig, labels.chart, style, horizontal=True)
    fig.update_layout(barmode="stack", bargap=0.3, legend=dict(traceorder="normal"))
    fig.update_yaxes(categoryorder="array", categoryarray=order[::-1])  # rank 1 on top
    # Scores run 0-100; the axis goes on to leave room for each bar's note.
    fig.update_xaxes(range=[0, 150], tickvals=list(range(0, 101, 20)))
    return fig
