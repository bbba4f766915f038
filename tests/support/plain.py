"""Plain figures against plotly's validation: what a figure sends over the wire, what
plotly's full validation makes of a plain one, and the views the chart sweeps build
every chart of the registry in (tests/charts/test_plain.py, tests/outputs/test_restyle.py)."""

from __future__ import annotations

import json

import plotly.graph_objects as go
import plotly.io as pio

from dashboard import REPO_DIR
from dashboard.charts import registry
from dashboard.charts.plain import Plot
from dashboard.charts.primitives import Style
from dashboard.data.load import load
from dashboard.model.scenarios import whatif

COUNTRIES = ("KOR", "CHN", "FRA", "USA")


def wire(figure: object) -> object:
    """A figure as it goes over the wire: plotly's JSON of it, read back."""
    return json.loads(pio.to_json(figure, validate=False))


def validated(plot: Plot) -> object:
    """What plotly's validation makes of a plain figure, raising on any unknown or invalid
    property (`skip_invalid=False`), as JSON."""
    figure = go.Figure(plot.to_dict(), skip_invalid=False)
    if "template" not in plot.layout:  # not the process's default one either
        figure.layout.template = None
    return wire(figure)


def views() -> list[registry.View]:
    """Each language, presentation type, and the what-if sliders at their ends."""
    real = load(REPO_DIR / "data")
    found = whatif.available_settings(real, "en")
    low = tuple(sorted((k, s.min) for k, s in found.sliders.items()))
    high = tuple(sorted((k, s.max) for k, s in found.sliders.items()))
    return [
        registry.View(lang="ko", countries=COUNTRIES),
        registry.View(lang="en", countries=COUNTRIES, scale="linear"),
        registry.View(lang="ko", countries=COUNTRIES, style=Style(font_size=22, height=620)),
        registry.View(lang="en", countries=COUNTRIES, scenario=low, events=True),
        registry.View(lang="ko", countries=("KOR", "GBR"), scenario=high),
    ]
