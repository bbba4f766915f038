"""What if: move a slider and see where Korea would stand, next to where it stands today.

Five sections (compute to 2028, investment, cost of compute, composite index, scenarios
side by side). Slider defaults, bounds and steps come from
`dashboard.model.scenarios.whatif.settings`, every value off its default goes into the
link (`s.<key>`), each chart comes from `dashboard.charts.registry_whatif` and each
table and card from `dashboard.charts.whatif.tables`: this page only wires widgets.

Each section is a fragment named as `Settings.sections` names it, and so are the parts
that read every section (`EVERY_SECTION`: the comparison, the assumptions table, the
link). Moving a widget re-runs only the sections that read it (`Settings.readers`) and
then those parts, in page order, the link last; the rest of the page stays as drawn.
Everything a section draws with is read afresh from the session when it runs
(`now`), so a section re-run alone draws what a full run would.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import pandas as pd
import streamlit as st

from dashboard.base import formatting as fmt
from dashboard.charts.registry_whatif import named_scenarios
from dashboard.charts.whatif import tables
from dashboard.charts.whatif.words_money import tco_verdict
from dashboard.model import params, views
from dashboard.model.scenarios import china, tco, whatif
from dashboard.model.scenarios.sections import Scenario
from dashboard.ui import context, markdown, page, sliders, url, widgets
from dashboard.ui.sliders import WIDGET

PRESET_WIDGET = WIDGET + "preset"
REGIME_WIDGET = WIDGET + "regime"
CLOUD_WIDGET = WIDGET + "cloud_preset"
NAME_WIDGET = "whatif_scenario_name"  # not WIDGET-prefixed: the reset keeps a typed name
NAME_WARNING = WIDGET + "name_needed"  # set by the save button's callback, shown once
# Fragments that read every section, re-run after any of them, in page order.
EVERY_SECTION = ("compare", "assumptions", "link")
# Expanders whose tables are drawn only while open (`opened`), by their state's key.
OUTSIDE_OPEN, PATH_OPEN, ASSUMPTIONS_OPEN = "wx_outside", "wx_path", "wx_assumptions"
WARNING = ":material/warning:"
URL_COLUMN = "column.url"
T = TypeVar("T")


@dataclass(frozen=True)
class WhatIf:
    """What every section draws with: the page context, the sliders, the sources, every
    slider's value in this run and the scenario they make (read once)."""

    ctx: context.PageContext
    found: whatif.Settings
    sources: pd.DataFrame  # by source_id
    values: dict[str, float]
    preset: str  # Korea's path as the link carries it ("" the default)

    @property
    def lang(self) -> str:
        return self.ctx.lang

    @property
    def scenario(self) -> Scenario:
        return Scenario.from_values(self.found.sliders, self.values, self.preset)

    def link_values(self) -> tuple[tuple[str, float], ...]:
        """The values off their defaults, as the link and the charts take them."""
        return params.scenario_of(self.values, self.found.defaults())

    def grid(self, keys: list[str], columns: int = 3) -> None:
        sliders.grid(self.found, keys, self.values, self.sources, self.lang, columns,
                     callback_of=lambda key: after(self.found, key))  # fmt: skip

    def remembered(self, name: str, reads: tuple, compute: Callable[[], T]) -> T:
        """A table worked out from `reads` (and the data and language), in the one cache."""
        return self.ctx.data.remember((name, self.lang, *reads), compute)

    def chart(self, chart_id: str, **settings: object) -> None:
        page.chart_block(
            chart_id, self.ctx, scenario=self.link_values(), preset=self.preset, **settings
        )


def now(found: whatif.Settings, from_link: dict[str, float]) -> WhatIf:
    """What a section draws with, as the session holds it now (a section re-run alone
    reads the other sections' sliders, the scale and the saved scenarios from there)."""
    ctx = context.page_context()
    chosen = st.session_state[PRESET_WIDGET]
    return WhatIf(
        ctx=ctx,
        found=found,
        sources=ctx.data.sources_by_id(),
        values=sliders.current(found, from_link),
        preset="" if chosen == default_preset(found) else chosen,
    )


def rerun(fragments: tuple[str, ...]) -> None:
    """Widget callback: re-run just these fragments, in this order."""
    st.rerun(list(fragments))


def reading(found: whatif.Settings, *keys: str) -> tuple[str, ...]:
    """The fragments to re-run when `keys` (slider keys or `preset`) move: the sections
    that read them, then every part that reads all sections."""
    return (*dict.fromkeys(s for key in keys for s in found.readers[key]), *EVERY_SECTION)


def after(found: whatif.Settings, *keys: str) -> dict:
    """A widget's callback: re-run what reads `keys` (`reading`)."""
    return {"on_change": rerun, "args": (reading(found, *keys),)}


def opened(label: str, key: str, **options: object):
    """An expander that draws its content only while open: None when closed (a table
    behind it is neither worked out nor sent), else the expander. Opening or closing it
    re-runs the section it is in."""
    box = st.expander(label, key=key, on_change="rerun", **options)
    return box if box.open else None


def cards(columns: list, found: list[tables.Card]) -> None:
    for column, card in zip(columns, found, strict=False):
        quiet = {"delta_color": "off", "delta_arrow": "off"} if card.quiet else {}
        column.metric(card.label, card.value, card.delta, **quiet)


def reset() -> None:
    """Back to the defaults: forget every widget and drop the scenario and the path from
    the link (saved scenarios stay)."""
    for key in [k for k in st.session_state if str(k).startswith(WIDGET)]:
        del st.session_state[key]
    linked = [k for k in st.query_params if k.startswith(params.SCENARIO_PREFIX)]
    for key in [*linked, *(["preset"] if "preset" in st.query_params else [])]:
        del st.query_params[key]


def default_preset(found: whatif.Settings) -> str:
    return found.presets[0].id if found.presets else whatif.NO_PRESET


def choose_regime(found: whatif.Settings) -> None:
    if st.session_state[REGIME_WIDGET]:
        moved = whatif.regime_values(found, st.session_state[REGIME_WIDGET])
        sliders.set_values(found, moved)
        rerun(reading(found, *moved))


def choose_cloud(found: whatif.Settings) -> None:
    a = found.assumptions.get(st.session_state[CLOUD_WIDGET])
    if a is not None:
        sliders.set_values(found, {"cloud_usd_per_gpu_hour": a.value})
        rerun(reading(found, "cloud_usd_per_gpu_hour"))


def load_saved(found: whatif.Settings, kept: params.Saved) -> None:
    """Button callback: a saved scenario's path and sliders into the widgets, and the
    whole page drawn again (every section moves)."""
    sliders.set_values(found, whatif.resolve(found, kept.scenario, kept.preset))
    st.session_state[PRESET_WIDGET] = kept.preset or default_preset(found)
    st.rerun()


def save_current(found: whatif.Settings, from_link: dict[str, float]) -> None:
    """Button callback: the scenario on screen kept under the name typed, then the
    comparison and the link drawn again."""
    w = now(found, from_link)
    clean = " ".join(str(st.session_state.get(NAME_WIDGET, "")).split())
    saved = w.ctx.state.saved
    if not clean or not clean.isprintable():
        st.session_state[NAME_WARNING] = True
    elif len(saved) < params.MAX_SAVED:
        context.update_state(saved=(*saved, params.Saved(clean, w.preset, w.link_values())))
    rerun(("compare", "link"))


def remove_saved(index: int) -> None:
    """Button callback: the saved scenario at `index` dropped."""
    saved = context.page_context().state.saved
    context.update_state(saved=saved[:index] + saved[index + 1 :])
    rerun(("compare", "link"))


# ---------------------------------------------------------------- 1. compute


def compute_section(w: WhatIf) -> None:
    """1. AI compute to 2028."""
    ctx, found, lang = w.ctx, w.found, w.lang
    st.header(ctx.t("whatif.compute.title"))
    st.write(ctx.t("whatif.compute.intro"))
    st.subheader(ctx.t("whatif.compute.world_section"))
    st.caption(ctx.t("whatif.compute.world_intro"))
    w.grid(
        [
            "world_sales_slowdown",
            "power_efficiency_growth",
            "chip_service_life_years",
            "target_year",
        ],
        4,
    )
    # the scale is the investment chart's too
    scale = widgets.choice("scale", params.SCALES, key=WIDGET + "scale", on_change=rerun,
                           args=(("buildout", "investment", "link"),))  # fmt: skip
    w.chart("whatif_world", scale=scale)
    b = w.scenario.buildout
    if box := opened(ctx.t("whatif.outside.title"), OUTSIDE_OPEN, icon=":material/compare_arrows:"):
        table = w.remembered(
            "whatif_outside",
            (b,),
            lambda: tables.outside_table(ctx.data, whatif.outside(ctx.data, found, b), lang),
        )
        box.dataframe(
            table,
            hide_index=True,
            column_config={ctx.t(URL_COLUMN): st.column_config.LinkColumn(ctx.t(URL_COLUMN))},
        )

    st.subheader(ctx.t("whatif.compute.china_section"))
    st.caption(ctx.t("whatif.compute.china_intro"))
    st.session_state[REGIME_WIDGET] = china.regime_of(found.assumptions, w.values[china.IMPORTS])
    names = {r: ctx.t(f"whatif.compute.regime_names.{r}") for r in china.REGIMES}
    st.selectbox(
        ctx.t("whatif.compute.regime"),
        ["", *china.REGIMES],
        key=REGIME_WIDGET,
        format_func=lambda r: names.get(r) or ctx.t("whatif.compute.regime_names.custom"),
        on_change=choose_regime,
        args=(found,),
        help=ctx.t("whatif.compute.regime_help"),
    )
    w.grid(["china_licensed_imports_2026", "china_smuggled_2026"], 2)
    with st.expander(ctx.t("whatif.compute.china_more")):
        w.grid(["china_ascend_output_2026", "china_hbm_bound_2026", "china_domestic_growth"])

    st.subheader(ctx.t("whatif.compute.korea_section"))
    st.caption(ctx.t("whatif.compute.korea_intro"))
    options = [*(p.id for p in found.presets), whatif.NO_PRESET]
    labels = {p.id: p.label(lang) for p in found.presets}
    labels[whatif.NO_PRESET] = ctx.t("whatif.compute.no_path")
    chosen = st.session_state[PRESET_WIDGET]
    st.selectbox(
        ctx.t("whatif.compute.preset"),
        options,
        index=options.index(chosen) if chosen in options else 0,  # as `sliders.draw` says
        format_func=labels.get,
        key=PRESET_WIDGET,
        help=ctx.t("whatif.compute.preset_help"),
        **after(found, "preset"),
    )
    path = whatif.preset_of(found, w.preset)
    if path is not None and (box := opened(ctx.t("whatif.compute.path_steps"), PATH_OPEN)):
        box.dataframe(tables.path_table(ctx.data, path, lang), hide_index=True)
    w.grid(["kor_deal_realisation", "kor_deal_end_year"], 2)
    with st.expander(ctx.t("whatif.compute.korea_more")):
        w.grid(["added_gpus", "deploy_years", "start_year", "added_ratio"], 4)

    st.subheader(ctx.t("whatif.compute.others_section"))
    st.caption(ctx.t("whatif.compute.others_intro"))
    w.grid(["mw_realisation", "us_share_non_china"], 2)

    st.subheader(ctx.t("whatif.compute.levels_section"))
    w.chart("whatif_buildout", scale=scale)

    def numbers() -> tuple[list[tables.Card], pd.DataFrame]:
        p = whatif.projection(ctx.data, found, b, ctx.countries)
        return tables.compute_cards(ctx.data, p, lang), tables.buildout_table(
            ctx.data, p.frame, p.last_year, lang
        )

    found_cards, table = w.remembered("whatif_compute", (b, tuple(ctx.countries)), numbers)
    cards(st.columns(4), found_cards)
    st.dataframe(table, hide_index=True)
    w.chart("whatif_shares")


# ---------------------------------------------------------------- 2.-4. money and index


def investment_section(w: WhatIf) -> None:
    """2. Investment."""
    ctx, lang = w.ctx, w.lang
    st.divider()
    st.header(ctx.t("whatif.investment.title"))
    st.write(ctx.t("whatif.investment.intro"))
    w.grid(list(w.found.sections["investment"]), columns=4)
    plan_basis = widgets.choice("plan_basis", views.PLAN_BASES, key=WIDGET + "plan_basis",
                                on_change=rerun, args=(("investment", "link"),))  # fmt: skip
    w.chart("whatif_investment", plan_basis=plan_basis, scale=w.ctx.state.scale)
    p = w.scenario.pledge

    def numbers() -> tuple[list[tables.Card], pd.DataFrame]:
        plans = whatif.plans(ctx.data, p, ctx.countries)
        return tables.investment_cards(plans, lang), tables.plans_table(ctx.data, plans, lang)

    found_cards, table = w.remembered("whatif_plans", (p, tuple(ctx.countries)), numbers)
    cards(st.columns(4), found_cards)
    st.dataframe(
        table,
        hide_index=True,
        column_config={ctx.t(URL_COLUMN): st.column_config.LinkColumn(ctx.t(URL_COLUMN))},
    )


def tco_section(w: WhatIf) -> None:
    """3. Cost of compute: owning GPUs against renting them."""
    ctx, found, lang = w.ctx, w.found, w.lang
    st.divider()
    st.header(ctx.t("whatif.tco.title"))
    st.write(ctx.t("whatif.tco.intro"))
    clouds = tco.cloud_presets(found.assumptions)
    st.session_state[CLOUD_WIDGET] = next(
        (a.parameter for a in clouds if a.value == w.values["cloud_usd_per_gpu_hour"]), ""
    )
    st.selectbox(
        ctx.t("whatif.tco.cloud_preset"),
        ["", *(a.parameter for a in clouds)],
        key=CLOUD_WIDGET,
        format_func=lambda p: (
            (
                f"{found.assumptions[p].label(lang)}: "
                f"{fmt.money(found.assumptions[p].value, 'USD', lang)}"
            )
            if p
            else ctx.t("whatif.tco.custom")
        ),
        on_change=choose_cloud,
        args=(found,),
    )
    w.grid(["tco_gpus", "utilisation", "lifetime_years", "cloud_usd_per_gpu_hour"], columns=4)
    with st.expander(ctx.t("whatif.tco.owning_inputs"), expanded=False):
        w.grid(
            [
                "gpu_price_usd",
                "other_capex_per_gpu_usd",
                "facility_usd_per_mw",
                "power_kw_per_gpu",
                "draw_fraction",
                "pue",
                "electricity_krw_per_kwh",
            ]
        )
    result = whatif.cost(w.scenario.cost)
    for column, (label, usd) in zip(
        st.columns(4),
        (
            (ctx.t("whatif.tco.own_total"), result.own_usd),
            (ctx.t("whatif.tco.cloud_total"), result.cloud_usd),
            (ctx.t("whatif.tco.own_hour"), result.own_per_hour_usd),
            (ctx.t("whatif.tco.cloud_hour"), result.cloud_per_hour_usd),
        ),
        strict=True,
    ):
        column.metric(
            label,
            fmt.money(usd * result.krw_per_usd, "KRW", lang),
            fmt.money(usd, "USD", lang),
            delta_color="off",
            delta_arrow="off",
        )
    st.info(
        tco_verdict(result, lang, share=lambda f, lg: fmt.percent(f * 100, lg)),
        icon=":material/balance:",
    )
    w.chart("whatif_tco")


def composite_section(w: WhatIf) -> None:
    """4. The composite index, with the scenario fed in."""
    ctx = w.ctx
    st.divider()
    st.header(ctx.t("whatif.composite.title"))
    st.write(ctx.t("whatif.composite.intro"))
    w.grid(list(w.found.sections["composite"]), columns=5)
    c = w.scenario.index
    if not c.has_weight():
        st.warning(ctx.t("whatif.composite.no_weight"), icon=WARNING)
        return
    w.chart("whatif_composite")
    table = w.remembered(
        "whatif_ranks",
        (c, tuple(ctx.countries)),
        lambda: tables.ranks_table(
            ctx.data, whatif.index(ctx.data, w.found, c, ctx.countries), w.lang
        ),
    )
    st.dataframe(table, hide_index=True)


# ---------------------------------------------------------------- 5. comparison, sources


def compare_section(w: WhatIf) -> None:
    """5. Named scenarios side by side (at most `params.MAX_SAVED`, carried in the link;
    the buttons' callbacks change them)."""
    ctx, lang, saved = w.ctx, w.lang, w.ctx.state.saved
    st.divider()
    st.header(ctx.t("whatif.compare.title"))
    st.write(ctx.t("whatif.compare.intro"))
    top = st.columns([3, 1], vertical_alignment="bottom")
    top[0].text_input(
        ctx.t("whatif.compare.name"),
        key=NAME_WIDGET,
        max_chars=params.MAX_NAME,
        placeholder=ctx.t("whatif.compare.name_placeholder"),
    )
    top[1].button(
        ctx.t("whatif.compare.save"),
        icon=":material/bookmark_add:",
        disabled=len(saved) >= params.MAX_SAVED,
        on_click=save_current,
        args=(w.found, w.values),
    )
    if st.session_state.pop(NAME_WARNING, False):
        st.warning(ctx.t("whatif.compare.name_needed"), icon=WARNING)
    if len(saved) >= params.MAX_SAVED:
        st.caption(ctx.t("whatif.compare.full"))
    if not saved:
        st.caption(ctx.t("whatif.compare.none_saved"))
    labels = {p.id: p.label(lang) for p in w.found.presets}
    labels[whatif.NO_PRESET] = ctx.t("whatif.compute.no_path")
    for i, item in enumerate(saved):
        row = st.columns([4, 1, 1], vertical_alignment="center")
        path = labels.get(item.preset or default_preset(w.found), item.preset)
        row[0].markdown(
            f"**{markdown.md_escape(item.name or ctx.t('whatif.compare.unnamed', n=i + 1))}** · "
            f"{markdown.md_escape(ctx.t('whatif.compare.path', path=path))} · "
            f"{ctx.t('whatif.compare.changed', n=len(item.scenario))}"
        )
        row[1].button(
            ctx.t("whatif.compare.load"),
            key=f"{WIDGET}load_{i}",
            on_click=load_saved,
            args=(w.found, item),
        )
        row[2].button(
            ctx.t("whatif.compare.remove"),
            key=f"{WIDGET}remove_{i}",
            on_click=remove_saved,
            args=(i,),
        )
    page.chart_block("whatif_compare", ctx, scenario=w.link_values(), preset=w.preset, saved=saved)
    scenarios = named_scenarios(
        w.found, ctx.view(scenario=w.link_values(), preset=w.preset, saved=saved)
    )
    reads = tuple((n, s) for n, s in scenarios)
    st.dataframe(
        w.remembered(
            "whatif_compare",
            (reads, tuple(ctx.countries)),
            lambda: tables.compare_table(
                [(n, whatif.outcome(ctx.data, w.found, s, ctx.countries)) for n, s in scenarios],
                lang,
            ),
        ),
        hide_index=True,
    )


def assumptions_section(w: WhatIf) -> None:
    """Every slider, with its value, default, range, basis and source."""
    ctx, lang = w.ctx, w.lang
    st.divider()
    if box := opened(ctx.t("whatif.sources_title"), ASSUMPTIONS_OPEN, icon=":material/menu_book:"):
        box.dataframe(
            w.remembered(
                "whatif_assumptions",
                (tuple(w.values.items()),),
                lambda: tables.assumptions_table(ctx.data, w.found, w.values, lang),
            ),
            hide_index=True,
            column_config={ctx.t(URL_COLUMN): st.column_config.LinkColumn(ctx.t(URL_COLUMN))},
        )


# ---------------------------------------------------------------- the page


def compare_part(w: WhatIf) -> None:
    """5., or a notice when a saved scenario names a path the data no longer has."""
    try:
        compare_section(w)
    except ValueError:
        st.warning(w.ctx.t("whatif.compare.unknown_path"), icon=WARNING)
        context.update_state(saved=())


# The page's parts in order, each drawn as the fragment of its key (the sections named as
# `Settings.sections` names them); the link comes last.
PARTS: dict[str, Callable[[WhatIf], None]] = {
    "buildout": compute_section,
    "investment": investment_section,
    "tco": tco_section,
    "composite": composite_section,
    "compare": compare_part,
    "assumptions": assumptions_section,
}


def draw_part(key: str, found: whatif.Settings, from_link: dict[str, float]) -> None:
    st.fragment(key=key)(lambda: PARTS[key](now(found, from_link)))()


@st.fragment(key="link")
def link_fragment(found: whatif.Settings, from_link: dict[str, float], box) -> None:
    """The link to what the page shows, in `box` at the top of the page (drawn last)."""
    w = now(found, from_link)
    context.update_state(scenario=w.link_values(), preset=w.preset)
    link = params.encode(context.page_context().state)
    with box.container():
        st.caption(w.ctx.t("whatif.copy_link"))
        st.code(url.absolute_link("whatif", link), language=None)


def main() -> None:
    ctx = page.setup()
    st.title(ctx.t("whatif.title"))
    st.write(ctx.t("whatif.intro"))
    try:
        found = whatif.available_settings(ctx.data, ctx.lang)
    except whatif.Unavailable as exc:
        st.warning(str(exc), icon=WARNING)
        st.stop()
    from_link = whatif.resolve(found, ctx.state.scenario, ctx.state.preset)
    sliders.set_values(
        found, {k: v for k, v in from_link.items() if WIDGET + k not in st.session_state}
    )
    if PRESET_WIDGET not in st.session_state:
        st.session_state[PRESET_WIDGET] = ctx.state.preset or default_preset(found)
    top = st.columns([1, 3], vertical_alignment="bottom")
    top[0].button(
        ctx.t("whatif.reset"), on_click=reset, key=WIDGET + "reset", icon=":material/restart_alt:"
    )
    box = top[1].empty()  # the link fragment fills it, at the end of every run

    for key in PARTS:
        draw_part(key, found, from_link)
    link_fragment(found, from_link, box)


main()
