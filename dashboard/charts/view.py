"""What every chart builder takes and returns: the `View` it is drawn for, the
`ChartResult` it gives back, and its `Labels` in the view's language."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from dashboard.base.i18n import t
from dashboard.charts.plain import Plot
from dashboard.charts.primitives import Labels, Style
from dashboard.data.load import HOME
from dashboard.model import views
from dashboard.model.params import Saved, ViewState


@dataclass(frozen=True)
class View:
    """What a chart is drawn for: language, entities and the chart's own settings."""

    lang: str
    countries: tuple[str, ...]
    # The view settings' defaults are the URL schema's (`params.ViewState`): one place.
    scale: str = ViewState.scale
    basis: str = ViewState.basis
    plan_basis: str = ViewState.plan_basis
    events: bool = ViewState.events
    index: str = "tortoise_rank"
    focus: str = HOME
    style: Style = field(default_factory=Style)
    # What-if settings: slider values off their defaults (sorted (key, value) pairs, as
    # `params.ViewState.scenario` carries them) and a build-out preset id; see
    # dashboard.model.scenarios.whatif.resolve.
    scenario: tuple[tuple[str, float], ...] = ()
    preset: str = ""
    saved: tuple[Saved, ...] = ()  # named scenarios drawn beside the current one


@dataclass(frozen=True)
class ChartResult:
    figure: Plot  # plain data; `figure.checked()` for plotly's graph objects
    rows: pd.DataFrame
    caption: str = ""


# What one unit of each value axis counts, so its ticks read in the reader's units
# (1억, 10억 / 100M, 1B); an axis not listed (shares, ranks, % of GDP) keeps Plotly's numbers.
AXIS_SCALE = {
    "axis.gpu": 1.0,
    "axis.absolute_gpu": 1.0,
    "axis.per_capita_gpu": 1.0,
    "axis.per_gdp_gpu": 1.0,
    "axis.count_companies": 1.0,
    "axis.usd_bn": 1e9,
    "axis.plan_total": 1e9,
    "axis.plan_per_year": 1e9,
    "axis.plan_per_capita": 1.0,
}


def labels(view: View, title_key: str, axis_key: str, **kw: object) -> Labels:
    return Labels(
        title=t(title_key, view.lang, **kw),
        value_axis=t(axis_key, view.lang),
        statuses={s: t(f"status.{s}", view.lang) for s in views.STATUSES},
        empty=t("chart.empty", view.lang),
        lang=view.lang,
        value_scale=AXIS_SCALE.get(axis_key),
    )
