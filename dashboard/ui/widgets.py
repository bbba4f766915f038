"""Widgets every page shares: a chart on the page (fitted to a phone's width, with its
text alternative for screen readers), the page's styles, the language and country
controls, and a view setting's control. The other shared parts have modules of their
own (`context`, `url`, `banners`, `markdown`, `tables`); `dashboard.ui.page` builds
pages from them (and from `present`), and none of them imports it. No figure is computed
here; that is the pure core's work.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import streamlit as st
from streamlit.components import v2 as components_v2

from dashboard.base.i18n import LANGS, t
from dashboard.charts import alt_text, plain, registry
from dashboard.data.load import Data
from dashboard.model import params
from dashboard.outputs import restyle
from dashboard.ui.context import PageContext, page_context, update_state
from dashboard.ui.markdown import md_escape

# Plotly as our builders style it (theme=None): Streamlit's theme would override fonts.
PLOTLY_CONFIG = {"displaylogo": False}
PAGE_PADDING_PX = 32  # the main column's side padding on a phone: a chart gets the rest
ALT_KEY = "alt_"  # containers keyed so hold a chart's text alternative
VIEWPORT_KEY = "viewport"
# Every page, a constant. Captions: Streamlit draws them at 60% opacity, which puts their
# links under WCAG's 4.5:1 contrast (axe-core's serious `color-contrast`); they are drawn
# opaque in a muted grey instead (#555 on white: 7.5:1). Text alternatives: out of sight,
# but read by screen readers (a clipped box, not display:none, which hides it from both).
PAGE_CSS = """
<style>
[data-testid="stCaptionContainer"] { opacity: 1; color: #555555; }
[class*="st-key-alt_"] {
  position: absolute !important; width: 1px !important; height: 1px !important;
  min-width: 0 !important; padding: 0 !important; margin: -1px !important; border: 0;
  overflow: hidden !important; clip-path: inset(50%) !important; white-space: nowrap;
}
</style>
"""
# The screen's width, reported by the browser only when it is a phone's (narrower than
# `restyle.NARROW_PX`): a wide screen never reruns the page for it. Rounded to 10 px, and
# reported again when the phone turns. The script runs in the app's document (a v2
# component, no iframe) and draws nothing.
VIEWPORT_JS = """
export default function (component) {
  const { data, setStateValue } = component;
  const report = () => {
    const width = window.innerWidth;
    const narrow = width < data.limit ? Math.round(width / 10) * 10 : 0;
    if (narrow !== data.width) setStateValue('width', narrow);
  };
  report();
  let timer;
  const onResize = () => { clearTimeout(timer); timer = setTimeout(report, 300); };
  window.addEventListener('resize', onResize);
  return () => window.removeEventListener('resize', onResize);
}
"""
viewport = components_v2.component("dashboard_viewport", js=VIEWPORT_JS)


def screen_width() -> int:
    """A phone's screen width in CSS px, or 0 for a wide screen (or before the browser has
    said): charts and slides are fitted to a phone's width (`plotly_chart`)."""
    known = st.session_state.get(VIEWPORT_KEY) or {}
    width = int(known.get("width") or 0) if isinstance(known, Mapping) else 0
    viewport(key=VIEWPORT_KEY, data={"width": width, "limit": restyle.NARROW_PX},
             default={"width": 0}, height=0, on_width_change=lambda: None)  # fmt: skip
    return width


def plotly_chart(result: registry.ChartResult, ctx: PageContext, key: str) -> None:
    """A chart on the page or a slide; on a phone fitted to its width (title wrapped under
    the toolbar's band, legend below, no Plotly toolbar over the chart)."""
    figure, config = plain.served(result.figure), PLOTLY_CONFIG
    if ctx.width:
        config = {**PLOTLY_CONFIG, "displayModeBar": False}
        try:
            figure = plain.served(restyle.narrow(result.figure, ctx.width - PAGE_PADDING_PX))
        except Exception:  # a chart drawn as for a wide screen beats no chart at all
            logging.getLogger("dashboard").exception("fitting %s to a phone failed", key)
    st.plotly_chart(figure, key=key, config=config, theme=None)


def sidebar_controls(data: Data, state: params.ViewState) -> params.ViewState:
    """Language and country selection, shared by every page."""
    lang_names = {code: t("app.language_name", code) for code in LANGS}
    lang = (
        st.sidebar.segmented_control(
            t("app.language", state.lang),
            LANGS,
            default=state.lang,
            format_func=lang_names.__getitem__,
            key="lang_control",
        )
        or state.lang
    )
    st.session_state["lang"] = lang
    all_ids = list(data.entities["id"])
    default = list(state.countries) or data.default_countries()
    chosen = st.sidebar.multiselect(
        t("app.countries", lang),
        all_ids,
        default=[c for c in default if c in all_ids],
        format_func=lambda e: data.entity_name(e, lang),
        key="countries_control",
        help=t("app.countries_help", lang),
    )
    countries = tuple(chosen) if chosen != data.default_countries() else ()
    events = st.sidebar.toggle(
        t("events.control", lang),
        value=state.events,
        key="events_control",
        help=t("events.help", lang),
    )
    return replace(state, lang=lang, countries=countries, events=events)


def page_style() -> None:
    """The styles every page needs (`PAGE_CSS`): contrast and text alternatives."""
    st.html(PAGE_CSS)


def chart_alt(result: registry.ChartResult, lang: str, key: str) -> None:
    """The chart's text alternative (title and one sentence from its data) for screen
    readers, placed just before the chart: Streamlit's Plotly element has no alt text."""
    with st.container(key=f"{ALT_KEY}{key}"):
        st.markdown(md_escape(alt_text.describe(result, lang)))


def choice(
    setting: str, options: Sequence[str], *, where: Any = st, key: str = "", **callback: Any
) -> str:
    """A segmented control for one view setting (scale, basis, plan_basis): its words
    from the strings (`control.<setting>`, `option.<setting>.<option>`), its value from the URL
    and, once chosen, back into it. `callback`: its `on_change` and `args`, if any."""
    ctx = page_context()
    current = getattr(ctx.state, setting)
    value = (
        where.segmented_control(
            ctx.t(f"control.{setting}"),
            options,
            default=current,
            format_func=lambda option: ctx.t(f"option.{setting}.{option}"),
            key=key or setting,
            **callback,
        )
        or current
    )
    update_state(**{setting: value})
    return value
