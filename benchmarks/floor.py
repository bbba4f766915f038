"""The floor: the what-if page's charts and sliders with nothing computed on a re-run.

    PYTHONPATH=. streamlit run benchmarks/floor.py      (or AppTest.from_file)

What Streamlit itself costs for the what-if page: the same 30-odd sliders (same keys
``wi_<name>``, labels, bounds, steps, formats and help, laid out in the same column
grids and expander) and the same five ``st.plotly_chart`` calls with the same figures
(``dashboard.charts.figures.build`` for the page's default view, the way
``dashboard.ui.page.chart_block`` builds them). Everything is built once per data folder
and held in memory (``st.cache_resource``), so a re-run only hands ready-made figures and
widget specs to Streamlit: moving a slider changes nothing but the widget's value. The
benchmarks divide the app's times by this page's (``benchmarks/run.py``).

Left out on purpose: the page's text, metric cards, tables, selectboxes, captions and the
shared sidebar controls. The data folder is ``DASHBOARD_DATA_DIR`` (default data/), as
for the app.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

# `streamlit run benchmarks/floor.py` puts benchmarks/ on the path, not the repository.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import plotly.graph_objects as go
import streamlit as st

from dashboard.base.i18n import t
from dashboard.charts import figures
from dashboard.data.dataset import data_dir_from_env
from dashboard.data.load import HOME, load
from dashboard.model import params
from dashboard.model.scenarios import whatif
from dashboard.model.scenarios.assumptions import SliderSpec
from dashboard.ui.common import PLOTLY_CONFIG, PageContext, md_escape
from dashboard.ui.sliders import number_format, shown

WIDGET = "wi_"  # the what-if page's widget key prefix
TCO_MAIN = ("tco_gpus", "utilisation", "lifetime_years", "cloud_usd_per_gpu_hour")


@dataclass(frozen=True)
class SliderArgs:
    label: str
    min_value: float | int
    max_value: float | int
    value: float | int
    step: float | int
    format: str
    key: str
    help: str


@dataclass(frozen=True)
class Group:
    """Sliders drawn in `columns` columns, inside an expander when `expander` is set."""

    sliders: tuple[SliderArgs, ...]
    columns: int
    expander: str = ""


@dataclass(frozen=True)
class Section:
    groups: tuple[Group, ...]
    chart_id: str
    figure: go.Figure


# -- the page's slider arguments (as dashboard/pages/whatif.py passes them) ----------------


def _help(spec: SliderSpec, settings: whatif.Settings, sources, lang: str) -> str:
    link = ""
    if spec.source_id in sources.index:
        s = sources.loc[spec.source_id]
        text = md_escape(f"{s['publisher']} ({s['published']})")
        link = f"[{text}]({s['url']})" if s["url"] else text
    if spec.basis == "assumption":
        text = md_escape(spec.note_in(lang))
        return f"{text}\n\n{t('whatif.help.source', lang, source=link)}" if link else text
    parts = [t("whatif.help.data", lang, source=link) if link else t("whatif.help.derived", lang)]
    rule = settings.assumptions.get(spec.bounds_from)
    if rule is not None and rule.note_in(lang):
        parts.append(md_escape(rule.note_in(lang)))
    return "\n\n".join(parts)


def _slider_args(key: str, settings: whatif.Settings, sources, lang: str) -> SliderArgs:
    spec = settings.sliders[key]
    return SliderArgs(
        label=spec.label(lang),
        min_value=shown(spec, spec.min),
        max_value=shown(spec, spec.max),
        value=shown(spec, spec.value),
        step=shown(spec, spec.step),
        format=number_format(spec),
        key=WIDGET + key,
        help=_help(spec, settings, sources, lang),
    )


@st.cache_resource(show_spinner=False)
def prepared(folder: str) -> tuple[str, tuple[Section, ...]]:
    """The page's language and its five sections, built once per data folder: the slider
    arguments and each chart's figure for the page's default view (no scenario)."""
    data = load(folder)
    settings = whatif.settings_of(data)
    state = params.ViewState()  # the defaults, as a link without parameters gives
    ctx = PageContext(data=data, state=state, lang=state.lang, countries=data.default_countries())
    sources = data.sources.set_index("source_id")

    def group(keys, columns: int, expander: str = "") -> Group:
        sliders = tuple(_slider_args(k, settings, sources, ctx.lang) for k in keys)
        return Group(sliders, columns, expander)

    def chart(chart_id: str, **view: object) -> go.Figure:
        return figures.build(chart_id, data, ctx.view(**view)).figure

    sections = settings.sections
    growth = [k for k in sections["buildout"] if k.startswith(whatif.GROWTH_PREFIX)]
    # The page draws growth sliders for the countries on its chart only.
    shown_growth = [k for k in growth if k.removeprefix(whatif.GROWTH_PREFIX) in
                    {HOME, *ctx.countries}]  # fmt: skip
    tco_main = [k for k in TCO_MAIN if k in sections["tco"]]
    built = (
        Section(
            (
                group([k for k in sections["buildout"] if k not in {*growth, "world_growth"}], 3),
                group(["world_growth", *shown_growth], 3),
            ),
            "whatif_buildout",
            chart("whatif_buildout", scenario=(), scale=state.scale),
        ),
        Section(
            (group(sections["investment"], 4),),
            "whatif_investment",
            chart("whatif_investment", scenario=(), plan_basis=state.plan_basis, scale=state.scale),
        ),
        Section(
            (
                group(tco_main, 4),
                group(
                    [k for k in sections["tco"] if k not in tco_main],
                    3,
                    t("whatif.tco.owning_inputs", ctx.lang),
                ),
            ),
            "whatif_tco",
            chart("whatif_tco", scenario=()),
        ),
        Section(
            (group(sections["composite"], 5),),
            "whatif_composite",
            chart("whatif_composite", scenario=()),
        ),
        Section((), "whatif_compare", chart("whatif_compare", scenario=())),
    )
    return ctx.lang, built


def draw_group(g: Group) -> None:
    where = st.expander(g.expander, expanded=False) if g.expander else st.container()
    with where:
        cols = st.columns(g.columns)
        for i, s in enumerate(g.sliders):
            cols[i % g.columns].slider(
                s.label,
                min_value=s.min_value,
                max_value=s.max_value,
                value=s.value,
                step=s.step,
                format=s.format,
                key=s.key,
                help=s.help,
            )


lang, sections = prepared(str(data_dir_from_env()))
st.set_page_config(page_title="floor: what-if", layout="wide")
st.title(t("whatif.title", lang))
for section in sections:
    for g in section.groups:
        draw_group(g)
    st.plotly_chart(
        section.figure, key=f"chart_{section.chart_id}", config=PLOTLY_CONFIG, theme=None
    )
