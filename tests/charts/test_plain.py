"""Charts as plain data (`dashboard.charts.plain`): every chart of the registry is already
the figure plotly's full validation makes of it, subplots are laid out as plotly lays
them out, and Streamlit sends a plain figure as it is."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from plotly.subplots import make_subplots

from dashboard import REPO_DIR
from dashboard.charts import plain, registry
from dashboard.charts.plain import Plot
from dashboard.data.load import load
from tests.support.plain import validated, views, wire


@pytest.mark.slow  # a sweep: every registered chart in five views
def test_every_chart_is_already_what_plotlys_validation_makes_of_it() -> None:
    """No graph objects are built while serving, so plotly checks nothing then: here it
    checks every property of every chart, and the plain figure must equal the checked one
    exactly (a misspelt key, a shorthand such as `font_size` or a bare title string, a
    value plotly would coerce, each fails)."""
    real = load(REPO_DIR / "data")
    for view in views():
        for chart_id, chart in registry.CHARTS.items():
            plot = chart(real, view).figure
            assert (isinstance(plot, Plot) and plot.data) or plot.layout.get("annotations")
            assert wire(plot.to_dict()) == validated(plot), (chart_id, view.lang, view.scenario)


def test_validation_catches_what_the_wire_would_carry_unchecked() -> None:
    """The comparison above can fail: plotly's shorthands and unknown keys differ."""
    shorthand = Plot().add_scatter(x=[1], y=[2]).update_layout(hoverlabel={"font_size": 14})
    assert wire(shorthand.to_dict()) != validated(shorthand)
    with pytest.raises(ValueError, match="colour"):
        validated(Plot().add_scatter(x=[1], y=[2], colour="red"))


def test_a_chart_cannot_change_the_template_every_chart_shares() -> None:
    shared = plain.template("plotly_white")
    before = json.dumps(shared, sort_keys=True)
    plot = Plot(layout={"template": shared})
    plot.update_layout(template={"layout": {"font": {"size": 30}}})
    assert json.dumps(plain.template("plotly_white"), sort_keys=True) == before
    assert plot.layout["template"] == {"layout": {"font": {"size": 30}}}


def test_arrays_go_in_as_lists_and_none_unsets_as_in_plotly() -> None:
    plot = Plot().add_scatter(x=pd.Series([2024, 2025]), y=np.array([1.5, np.nan]),
                              marker=dict(size=np.int64(9), color=None))  # fmt: skip
    (trace,) = plot.data
    assert trace["x"] == [2024, 2025] and type(trace["x"][0]) is int
    assert trace["marker"] == {"size": 9} and type(trace["marker"]["size"]) is int
    plot.update_layout(title=dict(text="T", x=0), legend=dict(x=1))
    plot.update_layout(title=dict(text="U"), legend=None)
    assert plot.layout == {"title": {"text": "U", "x": 0}}
    assert wire(plot.to_dict()) == validated(plot)


def test_axes_are_updated_as_plotly_updates_them() -> None:
    ours = plain.columns((0.4, 0.6), 0.14, ("A", "B"))
    theirs = make_subplots(rows=1, cols=2, column_widths=[0.4, 0.6], horizontal_spacing=0.14,
                           subplot_titles=("A", "B"))  # fmt: skip
    for fig, where in ((ours, {"col": 2}), (theirs, {"row": 1, "col": 2})):
        fig.add_bar(x=[1], y=[2], **where)
        fig.add_annotation(x=1, y=2, text="n", showarrow=False, **where)
        fig.update_yaxes(range=[0, 3], **where)
        fig.update_xaxes(tickformat=".0%")  # every x axis
    theirs.layout.template = None
    assert wire(ours.to_dict()) == wire(theirs)


def test_streamlit_sends_a_served_figure_as_it_is() -> None:
    """`st.plotly_chart(served(plot))` puts the plot's own JSON on the wire, unchecked
    (a plain dict would be validated again, property by property)."""
    from streamlit.testing.v1 import AppTest

    def page() -> None:
        import streamlit as st

        from dashboard.charts import plain

        plot = plain.Plot().add_scatter(x=[2024, 2025], y=[1, None], name="한국")
        plot.update_layout(title=dict(text="T"), template=plain.template("plotly_white"))
        st.plotly_chart(plain.served(plot), key="c", theme=None)

    at = AppTest.from_function(page).run()
    assert not at.exception
    (element,) = at.get("plotly_chart")
    sent = json.loads(element.proto.spec)
    expected = Plot().add_scatter(x=[2024, 2025], y=[1, None], name="한국")
    expected.update_layout(title=dict(text="T"), template=plain.template("plotly_white"))
    assert sent == wire(expected.to_dict())
