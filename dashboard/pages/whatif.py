"""What if: move a slider and see where Korea would stand, next to where it stands today.

Four sections (compute build-out, investment, cost of compute, composite index), each a
set of sliders over one chart, drawn by one function each. Every slider's default,
bounds and step come from `dashboard.model.scenarios.whatif.settings` (the assumptions
file and the data), every value off its default goes into the link (`s.<key>`), each
section's numbers are its parameters' (`whatif.BuildoutParams`, ...) worked out by the
model, and its tables come from `dashboard.charts.tables_whatif`: this page only wires
widgets to them and shows the results.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TypeVar

import pandas as pd
import streamlit as st

from dashboard.base import formatting as fmt
from dashboard.charts import tables_whatif
from dashboard.charts.figures_whatif import named_scenarios, share_text, tco_verdict
from dashboard.data.load import HOME
from dashboard.model import params, views
from dashboard.model.scenarios import buildout, tco, whatif
from dashboard.model.scenarios.assumptions import SliderSpec
from dashboard.ui import common, page
from dashboard.ui.sliders import PERCENT_UNITS, decimals, model, number_format, shown

WIDGET = "wi_"  # prefix of this page's widget keys; the reset clears them all
PRESET_WIDGET = WIDGET + "preset"
CASE_WIDGET = WIDGET + "growth_case"
CLOUD_WIDGET = WIDGET + "cloud_preset"
NAME_WIDGET = "whatif_scenario_name"  # not WIDGET-prefixed: the reset keeps a typed name
# Units whose raw numbers are hard to read on a slider: a formatted line goes under it.
SPELLED_OUT = ("gpu", "krw_bn", "usd_per_gpu", "usd_per_mw")
WARNING = ":material/warning:"
T = TypeVar("T")


@dataclass(frozen=True)
class WhatIf:
    """What every section draws with: the page context, the sliders, the sources and
    every slider's value in this run (read once: widgets keep their state between
    runs, so drawing a slider does not change it)."""

    ctx: common.PageContext
    settings: whatif.Settings
    sources: pd.DataFrame  # by source_id
    values: Mapping[str, float]
    preset: str  # the build-out's path as the link carries it ("" the default)

    @property
    def lang(self) -> str:
        return self.ctx.lang

    def remembered(self, name: str, reads: tuple, compute: Callable[[], T]) -> T:
        """A table worked out from the values in `reads` (and the data and language),
        remembered by them through the one cache: a slider of another section finds it."""
        return self.ctx.data.remember((name, self.lang, *reads), compute)

    def scenario(self) -> tuple[tuple[str, float], ...]:
        """The values off their defaults, as the link and the charts take them."""
        return params.scenario_of(self.values, self.settings.defaults())

    # ---------------------------------------------------------------- slider words

    def source_link(self, source_id: str) -> str:
        if source_id not in self.sources.index:
            return ""
        s = self.sources.loc[source_id]
        text = common.md_escape(f"{s['publisher']} ({s['published']})")
        return f"[{text}]({common._md_url(s['url'])})" if s["url"] else text

    def bounds_note(self, spec: SliderSpec) -> str:
        """How a data slider's range is set (the assumption that sets it), if any."""
        rule = self.settings.assumptions.get(spec.bounds_from)
        return rule.note_in(self.lang) if rule is not None else ""

    def slider_help(self, spec: SliderSpec) -> str:
        """Where the default comes from, in a sentence, with its source one click away."""
        link = self.source_link(spec.source_id)
        if spec.basis == "assumption":
            text = common.md_escape(spec.note_in(self.lang))
            return f"{text}\n\n{self.ctx.t('whatif.help.source', source=link)}" if link else text
        parts = [
            self.ctx.t("whatif.help.data", source=link)
            if link
            else self.ctx.t("whatif.help.derived")
        ]
        if self.bounds_note(spec):
            parts.append(common.md_escape(self.bounds_note(spec)))
        return "\n\n".join(parts)

    def spelled(self, spec: SliderSpec, value: float) -> str:
        """A slider's value in words: "5만 장", "100조 원 (733억 달러)", "1,070만 달러"."""
        lang = self.lang
        if spec.unit == "gpu":
            return self.ctx.t("unit.gpu", n=fmt.compact(value, lang))
        if spec.unit == "krw_bn":
            krw = value * 1e9
            usd = krw / self.values["krw_per_usd"]
            return f"{fmt.money(krw, 'KRW', lang)} ({fmt.money(usd, 'USD', lang)})"
        return fmt.money(value, "USD", lang)  # USD per GPU or per MW

    def plain(self, spec: SliderSpec, value: float) -> str:
        """A slider value in words for the assumptions table (percent for fractions)."""
        if spec.unit in PERCENT_UNITS:
            return fmt.percent(value * 100, self.lang)
        places = None if spec.integer else decimals(spec.step)
        return fmt.number(value, self.lang, decimals=places)

    # ---------------------------------------------------------------- sliders

    def slider(self, key: str, where=st) -> None:
        """The slider for URL key `key`, with its bounds, step and help from its spec."""
        spec = self.settings.sliders[key]
        low, high, step = (shown(spec, x) for x in (spec.min, spec.max, spec.step))
        where.slider(
            spec.label(self.lang),
            min_value=low,
            max_value=high,
            step=step,
            format=number_format(spec),
            key=WIDGET + key,
            help=self.slider_help(spec),
        )
        if spec.unit in SPELLED_OUT:
            where.caption(self.spelled(spec, model(spec, st.session_state[WIDGET + key])))

    def grid(self, keys: list[str], columns: int = 3) -> None:
        cols = st.columns(columns)
        for i, key in enumerate(keys):
            self.slider(key, cols[i % columns])


# ---------------------------------------------------------------- widget state


def set_values(settings: whatif.Settings, values: Mapping[str, float]) -> None:
    for key, value in values.items():
        st.session_state[WIDGET + key] = shown(settings.sliders[key], value)


def current(settings: whatif.Settings, from_link: Mapping[str, float]) -> dict[str, float]:
    """Every slider's value: the widget's if drawn before, else the link's or default."""
    return {
        key: model(spec, st.session_state[WIDGET + key])
        if WIDGET + key in st.session_state
        else from_link[key]
        for key, spec in settings.sliders.items()
    }


def reset() -> None:
    """Back to the defaults: forget every widget and drop the scenario and the path from
    the link (saved scenarios stay)."""
    for key in [k for k in st.session_state if str(k).startswith(WIDGET)]:
        del st.session_state[key]
    for key in [k for k in st.query_params if k.startswith(params.SCENARIO_PREFIX)]:
        del st.query_params[key]
    if "preset" in st.query_params:  # back to the default path too
        del st.query_params["preset"]


def choose_case(settings: whatif.Settings, base: buildout.Baseline) -> None:
    """Every growth slider to the data's slowest year, central rate or fastest year."""
    case = st.session_state[CASE_WIDGET]
    if case:
        set_values(settings, whatif.case_values(settings, base, case))


def load_saved(settings: whatif.Settings, kept: params.Saved) -> None:
    """Button callback: a saved scenario's path and sliders into the widgets."""
    set_values(settings, whatif.resolve(settings, kept.scenario, kept.preset))
    st.session_state[PRESET_WIDGET] = kept.preset or default_preset(settings)


def default_preset(settings: whatif.Settings) -> str:
    return settings.presets[0].id if settings.presets else whatif.NO_PRESET


def growth_case(settings: whatif.Settings, base: buildout.Baseline, values) -> str:
    """The case every growth slider shows, or "" when they are set otherwise."""
    for case in buildout.CASES:
        wanted = whatif.case_values(settings, base, case)
        if all(math.isclose(values[k], v, abs_tol=1e-9) for k, v in wanted.items()):
            return case
    return ""


def choose_cloud(settings: whatif.Settings) -> None:
    a = settings.assumptions.get(st.session_state[CLOUD_WIDGET])
    if a is not None:
        set_values(settings, {"cloud_usd_per_gpu_hour": a.value})


def one_decimal(fraction: float, lang: str) -> str:
    """A share as a percentage with one decimal (the cost verdict box)."""
    return fmt.percent(fraction * 100, lang)


@dataclass(frozen=True)
class Card:
    """A metric card's words, worked out with a section's table (remembered with it)."""

    label: str
    value: str
    delta: str | None = None
    quiet: bool = False  # the delta is a second reading, not a change: no colour, no arrow


def draw_cards(columns: list, cards: list[Card]) -> None:
    for column, card in zip(columns, cards, strict=False):
        quiet = {"delta_color": "off", "delta_arrow": "off"} if card.quiet else {}
        column.metric(card.label, card.value, card.delta, **quiet)


def money_cards(cards: list, items: list[tuple[str, float]], krw_per_usd: float, lang: str) -> None:
    """Cards of amounts in USD: won large, dollars under it."""
    for card, (label, usd) in zip(cards, items, strict=True):
        card.metric(
            label,
            fmt.money(usd * krw_per_usd, "KRW", lang),
            fmt.money(usd, "USD", lang),
            delta_color="off",
            delta_arrow="off",
        )


# ---------------------------------------------------------------- the sections


def buildout_section(w: WhatIf) -> tuple[str, set[str]]:
    """1. Compute build-out. Returns the scale chosen and the growth sliders not drawn."""
    ctx, settings, lang = w.ctx, w.settings, w.lang
    st.header(ctx.t("whatif.buildout.title"))
    st.write(ctx.t("whatif.buildout.intro"))
    options = [*(p.id for p in settings.presets), whatif.NO_PRESET]
    labels = {p.id: p.label(lang) for p in settings.presets}
    labels[whatif.NO_PRESET] = ctx.t("whatif.buildout.no_path")
    st.selectbox(
        ctx.t("whatif.buildout.preset"),
        options,
        format_func=labels.get,
        key=PRESET_WIDGET,
        help=ctx.t("whatif.buildout.preset_help"),
    )
    path = whatif.preset_of(settings, w.preset)
    if path is not None:
        with st.expander(ctx.t("whatif.buildout.path_steps")):
            st.dataframe(tables_whatif.path_table(ctx.data, path, lang), hide_index=True)
    w.grid(["added_gpus", "deploy_years", "added_ratio", "start_year", "target_year", "efficiency"])
    # Growth sliders for the countries on the chart only: the others' growth changes
    # what is shown only through the shares, and a data folder with hundreds of
    # countries would draw hundreds.
    growth = [k for k in settings.sections["buildout"] if k.startswith(whatif.GROWTH_PREFIX)]
    shown_growth = [
        k for k in growth if k.removeprefix(whatif.GROWTH_PREFIX) in {HOME, *ctx.countries}
    ]
    st.subheader(ctx.t("whatif.buildout.growth_title"))
    base = buildout.baseline(ctx.data, settings.assumptions)
    world = settings.sliders["world_growth"]
    st.caption(
        ctx.t(
            "whatif.buildout.growth_basis",
            rate=fmt.percent(world.value * 100, lang),
            source=w.source_link(world.source_id),
            clusters=w.source_link(base.world_growth.source_id),
        )
    )
    st.session_state[CASE_WIDGET] = growth_case(settings, base, w.values)
    case_labels = {c: ctx.t(f"whatif.buildout.case_names.{c}") for c in buildout.CASES}
    case_labels[""] = ctx.t("whatif.buildout.case_custom")
    st.selectbox(
        ctx.t("whatif.buildout.case"),
        ["", *buildout.CASES],
        format_func=case_labels.get,
        key=CASE_WIDGET,
        on_change=choose_case,
        args=(settings, base),
        help=ctx.t("whatif.buildout.case_help"),
    )
    w.grid(["world_growth", *shown_growth])
    scale = common.choice("scale", params.SCALES, key=WIDGET + "scale")
    page.chart_block("whatif_buildout", ctx, scenario=w.scenario(), preset=w.preset, scale=scale)
    b = whatif.BuildoutParams.from_values(settings, w.values)

    def numbers() -> tuple[list[Card], pd.DataFrame]:
        frame = whatif.buildout_frame(ctx.data, settings, b, ctx.countries, w.preset)
        last = int(frame["year"].max())
        korea = buildout.home_row(frame, last)
        rank = fmt.rank(int(korea["rank_baseline"]), lang)
        cards = [
            Card(
                ctx.t("whatif.buildout.rank", year=last),
                fmt.rank(int(korea["rank_scenario"]), lang),
                ctx.t("whatif.buildout.rank_baseline", rank=rank),
                quiet=True,
            ),
            Card(
                ctx.t("whatif.buildout.compute", year=last),
                fmt.compact(korea["scenario_compute"], lang),
                ctx.t("whatif.buildout.vs_baseline", n=fmt.compact(korea["change"], lang)),
            ),
            Card(ctx.t("whatif.buildout.share"), share_text(korea["share_of_leader"], lang)),
            Card(ctx.t("whatif.buildout.world_share"), share_text(korea["share_of_world"], lang)),
        ]
        return cards, tables_whatif.buildout_table(ctx.data, frame, last, lang)

    cards, table = w.remembered(
        "whatif_buildout_numbers", (b, tuple(ctx.countries), w.preset), numbers
    )
    draw_cards(st.columns(4), cards)
    st.dataframe(table, hide_index=True)
    return scale, set(growth) - set(shown_growth)


def investment_section(w: WhatIf, scale: str) -> str:
    """2. Investment. Returns the plan basis chosen."""
    ctx, lang = w.ctx, w.lang
    st.divider()
    st.header(ctx.t("whatif.investment.title"))
    st.write(ctx.t("whatif.investment.intro"))
    w.grid(["pledge_krw_bn", "pledge_years", "public_share", "krw_per_usd"], columns=4)
    plan_basis = common.choice("plan_basis", views.PLAN_BASES, key=WIDGET + "plan_basis")
    page.chart_block(
        "whatif_investment", ctx, scenario=w.scenario(), plan_basis=plan_basis, scale=scale
    )
    pledge = whatif.PledgeParams.from_values(w.settings, w.values)

    def numbers() -> tuple[list[Card], pd.DataFrame]:
        plans = whatif.investment_frame(ctx.data, pledge, ctx.countries)
        korea = plans.iloc[0]
        stargate = plans[plans["metric"] == "private_ai_infrastructure_pledge"]
        cards = [
            Card(
                ctx.t("whatif.investment.annual"),
                fmt.money(korea["annual_usd_bn"] * 1e9, "USD", lang),
                fmt.money(korea["annual_krw_bn"] * 1e9, "KRW", lang),
                quiet=True,
            ),
            Card(
                ctx.t("whatif.investment.per_capita"),
                fmt.money(korea["per_capita_usd"], "USD", lang),
            ),
            Card(
                ctx.t("whatif.investment.gdp_share"),
                fmt.percent(korea["gdp_share_pct"], lang, decimals=2),
            ),
        ]
        if not stargate.empty and stargate["per_capita_usd"].notna().iloc[0]:
            cards.append(
                Card(
                    ctx.t("whatif.investment.vs_stargate"),
                    fmt.ratio(korea["per_capita_usd"] / stargate["per_capita_usd"].iloc[0], lang),
                )
            )
        return cards, tables_whatif.plans_table(ctx.data, plans, lang)

    cards, table = w.remembered("whatif_plans_numbers", (pledge, tuple(ctx.countries)), numbers)
    draw_cards(st.columns(4), cards)
    url = ctx.t("column.url")
    st.dataframe(
        table,
        hide_index=True,
        column_config={url: st.column_config.LinkColumn(url)},
    )
    return plan_basis


def tco_section(w: WhatIf) -> None:
    """3. Cost of compute: owning GPUs against renting them."""
    ctx, settings, lang = w.ctx, w.settings, w.lang
    st.divider()
    st.header(ctx.t("whatif.tco.title"))
    st.write(ctx.t("whatif.tco.intro"))
    clouds = tco.cloud_presets(settings.assumptions)

    def cloud_label(parameter: str) -> str:
        a = settings.assumptions[parameter]
        return f"{a.label(lang)}: {fmt.money(a.value, 'USD', lang)}"

    st.session_state[CLOUD_WIDGET] = next(
        (a.parameter for a in clouds if a.value == w.values["cloud_usd_per_gpu_hour"]), ""
    )
    st.selectbox(
        ctx.t("whatif.tco.cloud_preset"),
        ["", *(a.parameter for a in clouds)],
        format_func=lambda p: cloud_label(p) if p else ctx.t("whatif.buildout.custom"),
        key=CLOUD_WIDGET,
        on_change=choose_cloud,
        args=(settings,),
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
    result = whatif.cost(whatif.TcoParams.from_values(settings, w.values))
    money_cards(
        st.columns(4),
        [
            (ctx.t("whatif.tco.own_total"), result.own_usd),
            (ctx.t("whatif.tco.cloud_total"), result.cloud_usd),
            (ctx.t("whatif.tco.own_hour"), result.own_per_hour_usd),
            (ctx.t("whatif.tco.cloud_hour"), result.cloud_per_hour_usd),
        ],
        result.krw_per_usd,
        lang,
    )
    st.info(tco_verdict(result, lang, share=one_decimal), icon=":material/balance:")
    page.chart_block("whatif_tco", ctx, scenario=w.scenario())


def composite_section(w: WhatIf) -> None:
    """4. The composite index, with the scenario fed in."""
    ctx = w.ctx
    st.divider()
    st.header(ctx.t("whatif.composite.title"))
    st.write(ctx.t("whatif.composite.intro"))
    w.grid(list(w.settings.sections["composite"]), columns=5)
    c = whatif.CompositeParams.from_values(w.settings, w.values)
    if not c.has_weight():
        st.warning(ctx.t("whatif.composite.no_weight"), icon=WARNING)
        return
    page.chart_block("whatif_composite", ctx, scenario=w.scenario(), preset=w.preset)
    table = w.remembered(
        "whatif_ranks_table",
        (c, tuple(ctx.countries), w.preset),
        lambda: tables_whatif.ranks_table(
            ctx.data, whatif.index(ctx.data, w.settings, c, ctx.countries, w.preset), w.lang
        ),
    )
    st.dataframe(table, hide_index=True)


def compare_section(w: WhatIf, saved: tuple[params.Saved, ...]) -> tuple[params.Saved, ...]:
    """5. Named scenarios side by side: save, load and remove them (at most
    `params.MAX_SAVED`, carried in the link), then one chart and one table of all.
    Returns the saved scenarios after this run's clicks."""
    ctx, lang = w.ctx, w.lang
    st.divider()
    st.header(ctx.t("whatif.compare.title"))
    st.write(ctx.t("whatif.compare.intro"))
    top = st.columns([3, 1], vertical_alignment="bottom")
    name = top[0].text_input(
        ctx.t("whatif.compare.name"),
        key=NAME_WIDGET,
        max_chars=params.MAX_NAME,
        placeholder=ctx.t("whatif.compare.name_placeholder"),
    )
    full = len(saved) >= params.MAX_SAVED
    if top[1].button(ctx.t("whatif.compare.save"), icon=":material/bookmark_add:", disabled=full):
        clean = " ".join(name.split())
        if not clean or not clean.isprintable():
            st.warning(ctx.t("whatif.compare.name_needed"), icon=WARNING)
        else:
            saved = (*saved, params.Saved(clean, w.preset, w.scenario()))
    if len(saved) >= params.MAX_SAVED:
        st.caption(ctx.t("whatif.compare.full"))
    if not saved:
        st.caption(ctx.t("whatif.compare.none_saved"))
    labels = {p.id: p.label(lang) for p in w.settings.presets}
    labels[whatif.NO_PRESET] = ctx.t("whatif.buildout.no_path")
    kept = list(saved)
    for i, item in enumerate(saved):
        row = st.columns([4, 1, 1], vertical_alignment="center")
        path = labels.get(item.preset or default_preset(w.settings), item.preset)
        row[0].markdown(
            f"**{common.md_escape(item.name or ctx.t('whatif.compare.unnamed', n=i + 1))}** · "
            f"{common.md_escape(ctx.t('whatif.compare.path', path=path))} · "
            f"{ctx.t('whatif.compare.changed', n=len(item.scenario))}"
        )
        row[1].button(
            ctx.t("whatif.compare.load"),
            key=f"{WIDGET}load_{i}",
            on_click=load_saved,
            args=(w.settings, item),
        )
        if row[2].button(ctx.t("whatif.compare.remove"), key=f"{WIDGET}remove_{i}"):
            kept.remove(item)
    saved = tuple(kept)
    page.chart_block("whatif_compare", ctx, scenario=w.scenario(), preset=w.preset, saved=saved)
    scenarios = named_scenarios(
        w.settings, ctx.view(scenario=w.scenario(), preset=w.preset, saved=saved)
    )

    def table() -> pd.DataFrame:
        outcomes = [
            (name, whatif.outcome(ctx.data, w.settings, values, ctx.countries, preset))
            for name, preset, values in scenarios
        ]
        return tables_whatif.compare_table(outcomes, lang)

    reads = tuple((name, preset, tuple(values.items())) for name, preset, values in scenarios)
    st.dataframe(
        w.remembered("whatif_compare_table", (reads, tuple(ctx.countries)), table),
        hide_index=True,
    )
    return saved


def assumptions_section(w: WhatIf, hidden: set[str]) -> None:
    """Every slider drawn, with its value, default, range, basis and source."""
    ctx = w.ctx
    st.divider()
    with st.expander(ctx.t("whatif.sources_title"), icon=":material/menu_book:"):
        table = w.remembered(
            "whatif_assumptions_table",
            (tuple(w.values.items()), tuple(sorted(hidden))),
            lambda: assumptions_table(w, hidden),
        )
        st.dataframe(
            table,
            hide_index=True,
            column_config={ctx.t("column.url"): st.column_config.LinkColumn(ctx.t("column.url"))},
        )


def assumptions_table(w: WhatIf, hidden: set[str]) -> pd.DataFrame:
    """One row per slider drawn (`hidden`: the growth sliders not drawn)."""
    ctx = w.ctx
    rows = []
    for key, spec in w.settings.sliders.items():
        if key in hidden:
            continue
        source = w.sources.loc[spec.source_id] if spec.source_id in w.sources.index else None
        rows.append(
            {
                ctx.t("whatif.column.parameter"): spec.label(w.lang),
                ctx.t("whatif.column.value"): w.plain(spec, w.values[key]),
                ctx.t("whatif.column.default"): w.plain(spec, spec.value),
                ctx.t("whatif.column.range"): (
                    f"{w.plain(spec, spec.min)}–{w.plain(spec, spec.max)}"
                ),
                ctx.t("whatif.column.basis"): ctx.t(f"whatif.basis.{spec.basis}")
                if spec.source_id or spec.basis == "data"
                else ctx.t("whatif.basis.design"),
                ctx.t("column.source_text"): ""
                if source is None
                else f"{source['publisher']} ({source['published']}): {source['title']}",
                ctx.t("column.url"): "" if source is None else source["url"],
                ctx.t("column.note"): spec.note_in(w.lang) or w.bounds_note(spec),
            }
        )
    return pd.DataFrame(rows)


# ---------------------------------------------------------------- the page


def main() -> None:
    ctx = page.setup()
    st.title(ctx.t("whatif.title"))
    st.write(ctx.t("whatif.intro"))
    try:
        settings = whatif.available_settings(ctx.data, ctx.lang)
    except whatif.Unavailable as exc:
        st.warning(str(exc), icon=WARNING)
        st.stop()
    from_link = whatif.resolve(settings, ctx.state.scenario, ctx.state.preset)
    set_values(settings, {k: v for k, v in from_link.items() if WIDGET + k not in st.session_state})
    if PRESET_WIDGET not in st.session_state:
        st.session_state[PRESET_WIDGET] = ctx.state.preset or default_preset(settings)
    chosen = st.session_state[PRESET_WIDGET]
    w = WhatIf(
        ctx=ctx,
        settings=settings,
        sources=ctx.data.sources.set_index("source_id"),
        values=current(settings, from_link),
        preset="" if chosen == default_preset(settings) else chosen,
    )

    top = st.columns([1, 3], vertical_alignment="bottom")
    top[0].button(
        ctx.t("whatif.reset"), on_click=reset, key=WIDGET + "reset", icon=":material/restart_alt:"
    )
    link_box = top[1].empty()  # filled at the end, with the link to what the page shows

    scale, hidden = buildout_section(w)
    plan_basis = investment_section(w, scale)
    tco_section(w)
    composite_section(w)
    try:
        saved = compare_section(w, ctx.state.saved)
    except ValueError:  # a saved scenario names a path the data no longer has
        st.warning(ctx.t("whatif.compare.unknown_path"), icon=WARNING)
        saved = ()
    assumptions_section(w, hidden)

    common.update_state(
        scenario=w.scenario(), preset=w.preset, saved=saved, scale=scale, plan_basis=plan_basis
    )
    link = params.encode(common.page_context().state)
    with link_box.container():
        st.caption(ctx.t("whatif.copy_link"))
        st.code(common.absolute_link("whatif", link), language=None)


main()
