"""Every chart of the dashboard, by id: the one place pages, slides and the deck exporter
build figures from.

`CHARTS` is the explicit registry: the topic pages' charts (`topics`) and the what-if
charts (`registry_whatif`). `build(chart_id, data, view)` returns a `ChartResult`: the
Plotly figure, the rows it draws (for the source line and the data toggle) and a
caption. It is pure: no Streamlit and no file output (`dashboard.outputs.export`); it
remembers recent charts in the one cache.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from dashboard.base import cache
from dashboard.charts import registry_whatif, topics
from dashboard.charts.view import ChartResult, View, labels
from dashboard.data.load import Data

CHARTS_KEPT = 64  # charts remembered (per chart and view), across sessions
CHARTS: dict[str, Callable[[Data, View], ChartResult]] = {
    **topics.CHARTS,
    **registry_whatif.CHARTS,
}
# chart id -> the scenario slider keys it reads, for some data (the what-if charts);
# a chart not here reads none, and a slider move never redraws it.
SCENARIO_KEYS: dict[str, Callable[[str, Data], frozenset[str]]] = dict.fromkeys(
    registry_whatif.CHARTS, registry_whatif.scenario_keys
)

__all__ = ["CHARTS", "SCENARIO_KEYS", "ChartResult", "View", "build", "labels", "read_view"]


def build(chart_id: str, data: Data, view: View) -> ChartResult:
    """The chart `chart_id` for a view; KeyError names the ids that exist. The result is
    shared with other callers asking for the same chart and view: do not modify it.

    Charts are remembered by the part of the view they read: a topic chart by the view
    fields it reads (`topics.VIEW_READS`), and a chart that reads no scenario sliders (or
    a few) is not redrawn when another slider moves."""
    return _build(data, chart_id, read_view(chart_id, data, view))


def read_view(chart_id: str, data: Data, view: View) -> View:
    """The part of `view` the chart reads (what `build` remembers it by): what is worked
    out from a chart's result can be remembered by it too, and found again whenever the
    chart is. KeyError for an unknown chart, as `build`."""
    if chart_id not in CHARTS:
        raise KeyError(f"unknown chart {chart_id!r}; known: {', '.join(CHARTS)}")
    reads = SCENARIO_KEYS.get(chart_id)
    if chart_id in topics.VIEW_READS:
        kept = {name: getattr(view, name) for name in topics.VIEW_READS[chart_id]}
        return View(**{"lang": view.lang, "countries": (), **kept})
    if reads is None:
        return replace(view, scenario=(), preset="", saved=())
    keys = reads(chart_id, data)
    return replace(
        view,
        scenario=tuple(kv for kv in view.scenario if kv[0] in keys),
        preset=view.preset if chart_id in registry_whatif.PATH_CHARTS else "",
        saved=view.saved if chart_id in registry_whatif.SAVED_CHARTS else (),
    )


@cache.recent(CHARTS_KEPT)
def _build(data: Data, chart_id: str, view: View) -> ChartResult:
    return CHARTS[chart_id](data, view)
