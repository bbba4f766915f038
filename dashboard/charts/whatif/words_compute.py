"""The compute charts' words in the reader's language: labels, outside projections as
marker rows, and captions, all from the strings files (whatif.compute.*) and the data's
names and sources."""

from __future__ import annotations

import pandas as pd

from dashboard.base import formatting as fmt
from dashboard.base.i18n import t
from dashboard.charts.primitives import Labels
from dashboard.charts.view import View
from dashboard.charts.whatif.levels import LevelsLabels
from dashboard.charts.whatif.shares import SharesLabels
from dashboard.charts.whatif.world import WorldLabels
from dashboard.data.domain import WORLD
from dashboard.data.load import HOME, Data
from dashboard.model.scenarios import buildout, china, pipelines, starts
from dashboard.model.scenarios.sections import BuildoutScenario
from dashboard.model.scenarios.whatif import Settings

K = "whatif.compute."


def _t(key: str, lang: str, **kw: object) -> str:
    return t(K + key, lang, **kw)


def _chart(view: View, title: str, axis: str, scale: float | None = 1.0) -> Labels:
    return Labels(
        title=title,
        value_axis=axis,
        empty=t("chart.empty", view.lang),
        lang=view.lang,
        value_scale=scale,
    )


def beyond(found: Settings, last: int, lang: str) -> str:
    """The warning for years past the default horizon, or "" when none is shown."""
    anchored = int(found.assumptions[buildout.TARGET].value)
    return _t("beyond", lang, year=anchored) if last > anchored else ""


# ---------------------------------------------------------------- outside projections


def verdict(row: dict, lang: str) -> str:
    if not row["applies"]:
        return _t("verdict.other_regime", lang)
    if row["within"] is None:
        return _t("verdict.not_judged", lang)
    return _t("verdict.within" if row["within"] else "verdict.outside", lang)


def marker_rows(outside: pd.DataFrame, lang: str, last: int) -> pd.DataFrame:
    """The outside projections up to the chart's last year as marker rows: year, measure,
    entity, marker, text, hover, within (None where not judged)."""
    rows = outside[outside["year"] <= last]
    records = []
    for r in rows.to_dict("records"):
        records.append(
            {
                "year": r["year"],
                "measure": r["measure"],
                "entity": r["entity"],
                "marker": float(r["marker"]),
                "text": r[f"label_{lang}"],
                "within": r["within"] if r["applies"] else None,
                "hover": "<br>".join(
                    [
                        f"<b>{r[f'label_{lang}']}</b> · {r['year']}",
                        r[f"basis_{lang}"],
                        verdict(r, lang),
                    ]
                ),
            }
        )
    return pd.DataFrame.from_records(
        records, columns=["year", "measure", "entity", "marker", "text", "hover", "within"]
    )


def judged(outside: pd.DataFrame) -> tuple[int, int]:
    """How many outside projections the scenario lies within, of those judged."""
    done = outside[outside["within"].notna()]
    return int(done["within"].astype(bool).sum()), len(done)


# ---------------------------------------------------------------- labels


def world_labels(view: View, found: Settings, last: int) -> WorldLabels:
    lang = view.lang
    return WorldLabels(
        chart=_chart(view, _t("world_title", lang, year=last), _t("world_axis", lang)),
        power_axis=_t("power_axis", lang),
        stock=_t("world_stock", lang),
        power=_t("world_power", lang),
        band=_t("band", lang),
        projections=_t("projections", lang),
        beyond=beyond(found, last, lang),
    )


def _names(data: Data, frame: pd.DataFrame, lang: str) -> dict[str, str]:
    return {e: data.entity_name(e, lang) for e in dict.fromkeys(frame["entity"])}


def levels_labels(data: Data, view: View, frame: pd.DataFrame) -> LevelsLabels:
    lang, last = view.lang, int(frame["year"].max())
    korea = frame[(frame["entity"] == HOME) & (frame["year"] == last)]
    note = ""
    if len(set(frame["entity"])) > 1 and not korea.empty:
        k = korea.iloc[0]
        note = _t(
            "home_note",
            lang,
            name=data.entity_name(HOME, lang),
            rank=fmt.rank(int(k["rank_scenario"]), lang),
            share=fmt.percent(k["share_of_world"] * 100, lang, decimals=2),
        )
    return LevelsLabels(
        chart=_chart(view, _t("levels_title", lang, year=last), _t("levels_axis", lang)),
        names=_names(data, frame, lang),
        colors=data.colors(),
        world=data.entity_name(WORLD, lang),
        trend=_t("trend", lang),
        plan=_t("plan", lang),
        band=_t("band", lang),
        share_of_world=_t("share_of_world", lang),
        rank=_t("rank", lang),
        projections=_t("projections", lang),
        home_note=note,
    )


def shares_labels(data: Data, view: View, frame: pd.DataFrame) -> SharesLabels:
    lang, last = view.lang, int(frame["year"].max())
    return SharesLabels(
        chart=_chart(view, _t("shares_title", lang, year=last), _t("shares_axis", lang), None),
        names=_names(data, frame, lang),
        colors=data.colors(),
        band=_t("band", lang),
        trend=_t("trend", lang),
        plan=_t("plan", lang),
        projections=_t("projections", lang),
    )


# ---------------------------------------------------------------- captions


def _source(data: Data, source_id: str) -> str:
    sources = data.sources_by_id()
    if source_id not in sources.index:
        return source_id
    return f"{sources.at[source_id, 'publisher']}, {sources.at[source_id, 'published']}"


def _h100e(x: float, lang: str) -> str:
    return t("unit.h100e", lang, n=fmt.compact(x, lang))


def _pct(fraction: float, lang: str) -> str:
    return fmt.percent(fraction * 100, lang)


def world_caption(
    data: Data,
    found: Settings,
    b: BuildoutScenario,
    p: buildout.Projection,
    outside: pd.DataFrame,
    lang: str,
) -> str:
    a = found.assumptions
    base = buildout.baseline(data, a)
    w = p.world.set_index("year")
    start = p.start_year
    growth = 1 + a[buildout.WORLD_GROWTH].value
    following = 1 + (growth - 1) * (1 - b.world_sales_slowdown)
    within, total = judged(outside)
    parts = [
        _t(
            "world_caption",
            lang,
            start=start,
            world=_h100e(base.starts.world, lang),
            source=_source(data, str(base.starts.world_rows["source_id"].iloc[0])),
            power=fmt.number(w.at[start, "power_gw"], lang, decimals=1),
            growth=fmt.ratio(growth, lang),
            slowdown=_pct(b.world_sales_slowdown, lang),
            next=fmt.ratio(following, lang),
            next_year=start + 1,
            life=int(b.chip_service_life_years),
            efficiency=_pct(b.power_efficiency_growth, lang),
            spread=fmt.ratio(a[starts.SPREAD].value, lang),
        ),
        _t("projections_caption", lang, within=within, judged=total),
    ]
    warning = beyond(found, p.last_year, lang)
    if warning:
        parts.append(warning + ".")
    parts.append(t("whatif.not_a_forecast", lang))
    return " ".join(parts)


def _regime(found: Settings, b: BuildoutScenario, lang: str) -> str:
    regime = china.regime_of(found.assumptions, b.china_licensed_imports_2026) or "custom"
    return _t(f"regime_names.{regime}", lang)


def levels_caption(
    data: Data,
    found: Settings,
    b: BuildoutScenario,
    p: buildout.Projection,
    countries: tuple[str, ...],
    lang: str,
) -> str:
    a = found.assumptions
    base = buildout.baseline(data, a)
    shown = list(dict.fromkeys(p.frame["entity"]))
    methods = ", ".join(
        _t(
            "start_item",
            lang,
            name=data.entity_name(e, lang),
            methods=" · ".join(_t(f"method.{m}", lang) for m in base.starts.by_entity[e].methods()),
            low=fmt.compact(base.starts.h100e(e, "low"), lang),
            high=fmt.compact(base.starts.h100e(e, "high"), lang),
        )
        for e in shown
    )
    drivers = buildout.drivers(base)
    parts = [
        _t(
            "levels_caption",
            lang,
            start=p.start_year,
            starts=methods,
            drivers=", ".join(
                f"{data.entity_name(e, lang)}: {_t('driver.' + drivers[e], lang)}" for e in shown
            ),
        )
    ]
    if china.CHINA in shown and not p.china.empty:
        first = p.china.iloc[0]
        parts.append(
            _t(
                "china_caption",
                lang,
                regime=_regime(found, b, lang),
                year=int(first["year"]),
                domestic=_h100e(first["domestic"], lang),
                imports=_h100e(first["imports"], lang),
                smuggled=_h100e(first["smuggled"], lang),
            )
        )
    if HOME in shown:
        path = pipelines.preset_of(base.presets, b.preset)
        deal = base.deal.gpus if base.deal is not None else 0.0
        parts.append(
            _t(
                "korea_caption",
                lang,
                path=path.label(lang) if path else _t("no_path", lang),
                gpus=fmt.number(path.total if path else 0, lang),
                deal=fmt.number(deal, lang),
                realisation=_pct(b.kor_deal_realisation, lang),
                end=int(b.kor_deal_end_year),
            )
        )
    for entity, megawatts in base.megawatts.items():
        if entity in shown:
            parts.append(
                _t(
                    "mw_caption",
                    lang,
                    name=data.entity_name(entity, lang),
                    mw=fmt.number(sum(megawatts.values()), lang),
                    realisation=_pct(b.mw_realisation, lang),
                )
            )
    if p.capped:
        parts.append(_t("capped", lang, years=", ".join(map(str, p.capped))))
    without = starts.without_start(data, base.starts, countries)
    if without:
        parts.append(
            _t("no_stock", lang, names=", ".join(data.entity_name(e, lang) for e in without))
        )
    warning = beyond(found, p.last_year, lang)
    if warning:
        parts.append(warning + ".")
    parts.append(t("whatif.not_a_forecast", lang))
    return " ".join(parts)


def shares_caption(lang: str) -> str:
    return " ".join([_t("shares_caption", lang), t("whatif.not_a_forecast", lang)])
