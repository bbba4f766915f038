"""What if: move a slider and see where Korea would stand, next to where it stands today.

Four sections (compute build-out, investment, cost of compute, composite index), each a
set of sliders over one chart. Every slider's default, bounds and step come from
`dashboard.scenarios.whatif.settings` (the assumptions file and the data), every value
off its default goes into the link (`s.<key>`), and the arithmetic is the pure core's
(`dashboard.scenarios`); this page only wires widgets to it and shows the results.
"""

from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from dashboard.base import formatting as fmt
from dashboard.charts.figures_whatif import share_text
from dashboard.data.load import HOME
from dashboard.model import params, views
from dashboard.model.scenarios import buildout, tco, whatif
from dashboard.model.scenarios.assumptions import AssumptionsError, SliderSpec, assumptions_from
from dashboard.ui import common, page
from dashboard.ui.sliders import PERCENT_UNITS, decimals, model, number_format, shown

WIDGET = "wi_"  # prefix of this page's widget keys; the reset clears them all
PRESET_WIDGET = WIDGET + "preset"
CLOUD_WIDGET = WIDGET + "cloud_preset"
# Units whose raw numbers are hard to read on a slider: a formatted line goes under it.
SPELLED_OUT = ("gpu", "krw_bn", "usd_per_gpu", "usd_per_mw")

ctx = page.setup()
data, lang = ctx.data, ctx.lang
st.title(ctx.t("whatif.title"))
st.write(ctx.t("whatif.intro"))

if not assumptions_from(data):
    st.warning(ctx.t("whatif.missing"), icon=":material/warning:")
    st.stop()
try:
    settings = whatif.settings_of(data)
except AssumptionsError as exc:
    st.warning(
        ctx.t("whatif.missing_rows", names=", ".join(exc.missing)), icon=":material/warning:"
    )
    st.stop()
except (ValueError, IndexError):
    st.warning(ctx.t("whatif.no_baseline"), icon=":material/warning:")
    st.stop()

sliders = settings.sliders
defaults = settings.defaults()
sources = data.sources.set_index("source_id")


# ---------------------------------------------------------------- widget state


def current() -> dict[str, float]:
    """Every slider's value: the widget's if drawn before, else the link's or default."""
    return {
        key: model(spec, st.session_state[WIDGET + key])
        if WIDGET + key in st.session_state
        else from_link[key]
        for key, spec in sliders.items()
    }


def set_values(values: dict[str, float]) -> None:
    for key, value in values.items():
        st.session_state[WIDGET + key] = shown(sliders[key], value)


def reset() -> None:
    """Back to the baseline: forget every widget and drop the scenario from the link."""
    for key in [k for k in st.session_state if str(k).startswith(WIDGET)]:
        del st.session_state[key]
    for key in [k for k in st.query_params if k.startswith(params.SCENARIO_PREFIX)]:
        del st.query_params[key]


def choose_preset() -> None:
    chosen = whatif.find_preset(settings, st.session_state[PRESET_WIDGET])
    if chosen is not None:
        set_values(whatif.within(settings, chosen.values))


def choose_cloud() -> None:
    a = settings.assumptions.get(st.session_state[CLOUD_WIDGET])
    if a is not None:
        set_values({"cloud_usd_per_gpu_hour": a.value})


from_link = whatif.resolve(settings, ctx.state.scenario)
set_values({k: v for k, v in from_link.items() if WIDGET + k not in st.session_state})


# ---------------------------------------------------------------- widgets


def source_link(source_id: str) -> str:
    if source_id not in sources.index:
        return ""
    s = sources.loc[source_id]
    text = common.md_escape(f"{s['publisher']} ({s['published']})")
    return f"[{text}]({common._md_url(s['url'])})" if s["url"] else text


def slider_help(spec: SliderSpec) -> str:
    """Where the default comes from, in a sentence, with its source one click away."""
    link = source_link(spec.source_id)
    if spec.basis == "assumption":
        text = common.md_escape(spec.note_in(lang))
        return f"{text}\n\n{ctx.t('whatif.help.source', source=link)}" if link else text
    parts = [ctx.t("whatif.help.data", source=link) if link else ctx.t("whatif.help.derived")]
    if bounds_note(spec):
        parts.append(common.md_escape(bounds_note(spec)))
    return "\n\n".join(parts)


def spelled(spec: SliderSpec, value: float) -> str:
    """A slider's value in words: "5만 장", "100조 원 (733억 달러)", "1,070만 달러"."""
    if spec.unit == "gpu":
        return ctx.t("unit.gpu", n=fmt.compact(value, lang))
    if spec.unit == "krw_bn":
        krw = value * 1e9
        usd = krw / values_now["krw_per_usd"]
        return f"{fmt.money(krw, 'KRW', lang)} ({fmt.money(usd, 'USD', lang)})"
    return fmt.money(value, "USD", lang)  # USD per GPU or per MW


def bounds_note(spec: SliderSpec) -> str:
    """How a data slider's range is set (the assumption that sets it), if any."""
    rule = settings.assumptions.get(spec.bounds_from)
    return rule.note_in(lang) if rule is not None else ""


def slider(key: str, where=st) -> float:
    """The slider for URL key `key`, with its bounds, step and help from its spec."""
    spec = sliders[key]
    low, high, step = (shown(spec, x) for x in (spec.min, spec.max, spec.step))
    where.slider(
        spec.label(lang),
        min_value=low,
        max_value=high,
        step=step,
        format=number_format(spec),
        key=WIDGET + key,
        help=slider_help(spec),
    )
    value = model(spec, st.session_state[WIDGET + key])
    if spec.unit in SPELLED_OUT:
        where.caption(spelled(spec, value))
    return value


def plain(spec: SliderSpec, value: float) -> str:
    """A slider value in words for the assumptions table (percent for fractions)."""
    if spec.unit in PERCENT_UNITS:
        return fmt.percent(value * 100, lang)
    return fmt.number(value, lang, decimals=None if spec.integer else decimals(spec.step))


def grid(keys: list[str], columns: int = 3) -> None:
    cols = st.columns(columns)
    for i, key in enumerate(keys):
        slider(key, cols[i % columns])


values_now = current()

# ---------------------------------------------------------------- the page

top = st.columns([1, 3], vertical_alignment="bottom")
top[0].button(
    ctx.t("whatif.reset"), on_click=reset, key=WIDGET + "reset", icon=":material/restart_alt:"
)
link_box = top[1].empty()  # filled at the end, with the link to what the page then shows

# 1. Compute build-out
st.header(ctx.t("whatif.buildout.title"))
st.write(ctx.t("whatif.buildout.intro"))
preset_ids = ["", *(p.id for p in settings.presets)]
st.session_state[PRESET_WIDGET] = whatif.matching_preset(settings, values_now)
st.selectbox(
    ctx.t("whatif.buildout.preset"),
    preset_ids,
    format_func=lambda pid: (
        whatif.find_preset(settings, pid).label(lang) if pid else ctx.t("whatif.buildout.custom")
    ),
    key=PRESET_WIDGET,
    on_change=choose_preset,
    help=ctx.t("whatif.buildout.preset_help"),
)
chosen = whatif.find_preset(settings, st.session_state[PRESET_WIDGET] or "")
if chosen is not None:
    figure = chosen.figure
    note = figure.note_ko if lang == "ko" and figure.note_ko else figure.note
    st.caption(
        f"{ctx.t(f'status.{figure.status}')} · {common.md_escape(note)} "
        f"{source_link(figure.source_id)}"
    )
grid(["added_gpus", "deploy_years", "added_ratio", "start_year", "target_year", "efficiency"])
# Growth sliders for the countries on the chart only: the others' growth changes nothing
# shown, and a data folder with hundreds of countries would otherwise draw hundreds.
growth_keys = [
    k
    for k in settings.sections["buildout"]
    if k.startswith(whatif.GROWTH_PREFIX)
    and k.removeprefix(whatif.GROWTH_PREFIX) in {HOME, *ctx.countries}
]
hidden = {k for k in settings.sections["buildout"] if k.startswith(whatif.GROWTH_PREFIX)} - set(
    growth_keys
)
st.subheader(ctx.t("whatif.buildout.growth_title"))
peer_growth = settings.assumptions[buildout.PEER_GROWTH]
st.caption(
    ctx.t(
        "whatif.buildout.growth_basis",
        rate=fmt.percent(peer_growth.value * 100, lang),
        source=source_link(peer_growth.source_id),
    )
)
grid(growth_keys)
scale = common.choice("scale", params.SCALES, key=WIDGET + "scale")
values_now = current()
scenario = params.scenario_of(values_now, defaults)
page.chart_block("whatif_buildout", ctx, scenario=scenario, scale=scale)
frame = whatif.buildout_frame(data, settings, values_now, ctx.countries)
last = int(frame["year"].max())
korea = buildout.home_row(frame, last)
cards = st.columns(4)
cards[0].metric(
    ctx.t("whatif.buildout.rank", year=last),
    fmt.rank(int(korea["rank_scenario"]), lang),
    ctx.t("whatif.buildout.rank_baseline", rank=fmt.rank(int(korea["rank_baseline"]), lang)),
    delta_color="off",
    delta_arrow="off",
)
cards[1].metric(
    ctx.t("whatif.buildout.compute", year=last),
    fmt.compact(korea["scenario_compute"], lang),
    ctx.t("whatif.buildout.vs_baseline", n=fmt.compact(korea["change"], lang)),
)
cards[2].metric(ctx.t("whatif.buildout.share"), share_text(korea["share_of_leader"], lang))
cards[3].metric(ctx.t("whatif.buildout.per_capita"), fmt.compact(korea["per_million_people"], lang))
table = frame[frame["year"] == last].sort_values("rank_scenario")
st.dataframe(
    pd.DataFrame(
        {
            ctx.t("column.name"): [data.entity_name(e, lang) for e in table["entity"]],
            ctx.t("whatif.column.baseline"): [
                fmt.compact(v, lang) for v in table["baseline_compute"]
            ],
            ctx.t("whatif.column.scenario"): [
                fmt.compact(v, lang) for v in table["scenario_compute"]
            ],
            ctx.t("whatif.column.rank"): [
                f"{fmt.rank(int(b), lang)} → {fmt.rank(int(s), lang)}"
                for b, s in zip(table["rank_baseline"], table["rank_scenario"], strict=True)
            ],
            ctx.t("whatif.column.share"): [share_text(v, lang) for v in table["share_of_leader"]],
            ctx.t("whatif.column.per_capita"): [
                fmt.compact(v, lang) for v in table["per_million_people"]
            ],
            ctx.t("whatif.column.per_gdp"): [fmt.compact(v, lang) for v in table["per_usd_bn_gdp"]],
        }
    ),
    hide_index=True,
)

# 2. Investment
st.divider()
st.header(ctx.t("whatif.investment.title"))
st.write(ctx.t("whatif.investment.intro"))
grid(["pledge_krw_bn", "pledge_years", "public_share", "krw_per_usd"], columns=4)
plan_basis = common.choice("plan_basis", views.PLAN_BASES, key=WIDGET + "plan_basis")
values_now = current()
scenario = params.scenario_of(values_now, defaults)
page.chart_block("whatif_investment", ctx, scenario=scenario, plan_basis=plan_basis, scale=scale)
plans = whatif.investment_frame(data, values_now, ctx.countries)
korea_plan = plans.iloc[0]
stargate = plans[plans["metric"] == "private_ai_infrastructure_pledge"]
cards = st.columns(4)
cards[0].metric(
    ctx.t("whatif.investment.annual"),
    fmt.money(korea_plan["annual_usd_bn"] * 1e9, "USD", lang),
    fmt.money(korea_plan["annual_krw_bn"] * 1e9, "KRW", lang),
    delta_color="off",
    delta_arrow="off",
)
cards[1].metric(
    ctx.t("whatif.investment.per_capita"), fmt.money(korea_plan["per_capita_usd"], "USD", lang)
)
cards[2].metric(
    ctx.t("whatif.investment.gdp_share"), fmt.percent(korea_plan["gdp_share_pct"], lang, decimals=2)
)
if not stargate.empty and stargate["per_capita_usd"].notna().iloc[0]:
    cards[3].metric(
        ctx.t("whatif.investment.vs_stargate"),
        fmt.ratio(korea_plan["per_capita_usd"] / stargate["per_capita_usd"].iloc[0], lang),
    )
st.dataframe(
    pd.DataFrame(
        {
            ctx.t("column.name"): [data.entity_name(e, lang) for e in plans["entity"]],
            ctx.t("column.metric_label"): [
                data.metric_label(m, lang)
                + (f" {ctx.t('whatif.investment.scenario_mark')}" if s else "")
                for m, s in zip(plans["metric"], plans["is_scenario"], strict=True)
            ],
            ctx.t("column.status_plain"): [ctx.t(f"status_plain.{s}") for s in plans["status"]],
            ctx.t("whatif.column.period"): [
                f"{a}–{b}" if k else str(b)
                for a, b, k in zip(
                    plans["start_year"], plans["end_year"], plans["period_known"], strict=True
                )
            ],
            ctx.t("whatif.column.total_usd"): [
                fmt.money(v * 1e9, "USD", lang) for v in plans["usd_bn"]
            ],
            ctx.t("whatif.column.total_krw"): [
                fmt.money(v * 1e9, "KRW", lang) for v in plans["krw_bn"]
            ],
            ctx.t("whatif.column.annual_usd"): [
                fmt.money(v * 1e9, "USD", lang) for v in plans["annual_usd_bn"]
            ],
            ctx.t("whatif.column.per_capita_usd"): [
                fmt.money(v, "USD", lang) for v in plans["per_capita_usd"]
            ],
            ctx.t("whatif.column.gdp_share"): [
                fmt.percent(v, lang, decimals=2) for v in plans["gdp_share_pct"]
            ],
            ctx.t("column.url"): list(plans["url"]),
        }
    ),
    hide_index=True,
    column_config={ctx.t("column.url"): st.column_config.LinkColumn(ctx.t("column.url"))},
)

# 3. Cost of compute
st.divider()
st.header(ctx.t("whatif.tco.title"))
st.write(ctx.t("whatif.tco.intro"))
clouds = tco.cloud_presets(settings.assumptions)


def cloud_label(parameter: str) -> str:
    a = settings.assumptions[parameter]
    return f"{a.label(lang)}: {fmt.money(a.value, 'USD', lang)}"


st.session_state[CLOUD_WIDGET] = next(
    (a.parameter for a in clouds if a.value == values_now["cloud_usd_per_gpu_hour"]), ""
)
st.selectbox(
    ctx.t("whatif.tco.cloud_preset"),
    ["", *(a.parameter for a in clouds)],
    format_func=lambda p: cloud_label(p) if p else ctx.t("whatif.buildout.custom"),
    key=CLOUD_WIDGET,
    on_change=choose_cloud,
)
grid(["tco_gpus", "utilisation", "lifetime_years", "cloud_usd_per_gpu_hour"], columns=4)
with st.expander(ctx.t("whatif.tco.owning_inputs"), expanded=False):
    grid(
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
values_now = current()
scenario = params.scenario_of(values_now, defaults)
result = whatif.cost(values_now)
cards = st.columns(4)
for card, (label, usd) in zip(
    cards,
    (
        (ctx.t("whatif.tco.own_total"), result.own_usd),
        (ctx.t("whatif.tco.cloud_total"), result.cloud_usd),
        (ctx.t("whatif.tco.own_hour"), result.own_per_hour_usd),
        (ctx.t("whatif.tco.cloud_hour"), result.cloud_per_hour_usd),
    ),
    strict=True,
):
    card.metric(
        label,
        fmt.money(usd * result.krw_per_usd, "KRW", lang),
        fmt.money(usd, "USD", lang),
        delta_color="off",
        delta_arrow="off",
    )
even = result.break_even_utilisation
st.info(
    ctx.t("whatif.tco.verdict_even", u=fmt.percent(even * 100, lang))
    if even is not None
    else ctx.t("whatif.tco.verdict_never"),
    icon=":material/balance:",
)
page.chart_block("whatif_tco", ctx, scenario=scenario)

# 4. Composite index
st.divider()
st.header(ctx.t("whatif.composite.title"))
st.write(ctx.t("whatif.composite.intro"))
grid([k for k in settings.sections["composite"]], columns=5)
values_now = current()
scenario = params.scenario_of(values_now, defaults)
if sum(whatif.weights_of(values_now).values()) > 0:
    page.chart_block("whatif_composite", ctx, scenario=scenario)
    index = whatif.index(data, settings, values_now, ctx.countries)
    ranks = index.scenario.table.merge(index.band, on=["entity", "rank"]).merge(
        index.baseline.table[["entity", "rank"]].rename(columns={"rank": "base"}), on="entity"
    )
    st.dataframe(
        pd.DataFrame(
            {
                ctx.t("column.name"): [data.entity_name(e, lang) for e in ranks["entity"]],
                ctx.t("whatif.column.score"): [
                    fmt.number(v, lang, decimals=1) for v in ranks["score"]
                ],
                ctx.t("whatif.column.rank_baseline"): [
                    fmt.rank(v, lang) if pd.notna(v) else fmt.MISSING for v in ranks["base"]
                ],
                ctx.t("whatif.column.rank_scenario"): [
                    fmt.rank(v, lang) if pd.notna(v) else fmt.MISSING for v in ranks["rank"]
                ],
                ctx.t("whatif.column.band"): [
                    views.span_text(lo, hi, lambda r: fmt.rank(int(r), lang))
                    if pd.notna(lo)
                    else fmt.MISSING
                    for lo, hi in zip(ranks["rank_min"], ranks["rank_max"], strict=True)
                ],
                ctx.t("whatif.column.missing"): [
                    ", ".join(ctx.t(f"whatif.pillar.{p}") for p in m.split(", ")) if m else ""
                    for m in ranks["missing"]
                ],
            }
        ),
        hide_index=True,
    )
else:
    st.warning(ctx.t("whatif.composite.no_weight"), icon=":material/warning:")

# ---------------------------------------------------------------- assumptions and link

st.divider()
with st.expander(ctx.t("whatif.sources_title"), icon=":material/menu_book:"):
    rows = []
    for key, spec in sliders.items():
        if key in hidden:
            continue
        source = sources.loc[spec.source_id] if spec.source_id in sources.index else None
        rows.append(
            {
                ctx.t("whatif.column.parameter"): spec.label(lang),
                ctx.t("whatif.column.value"): plain(spec, values_now[key]),
                ctx.t("whatif.column.default"): plain(spec, spec.value),
                ctx.t("whatif.column.range"): f"{plain(spec, spec.min)}–{plain(spec, spec.max)}",
                ctx.t("whatif.column.basis"): ctx.t(f"whatif.basis.{spec.basis}")
                if spec.source_id or spec.basis == "data"
                else ctx.t("whatif.basis.design"),
                ctx.t("column.source_text"): ""
                if source is None
                else f"{source['publisher']} ({source['published']}): {source['title']}",
                ctx.t("column.url"): "" if source is None else source["url"],
                ctx.t("column.note"): spec.note_in(lang) or bounds_note(spec),
            }
        )
    st.dataframe(
        pd.DataFrame(rows),
        hide_index=True,
        column_config={ctx.t("column.url"): st.column_config.LinkColumn(ctx.t("column.url"))},
    )

values_now = current()
common.update_state(
    scenario=params.scenario_of(values_now, defaults), scale=scale, plan_basis=plan_basis
)
link = params.encode(common.page_context().state)
with link_box.container():
    st.caption(ctx.t("whatif.copy_link"))
    st.code(f"/whatif?{urlencode(link)}" if link else "/whatif", language=None)
