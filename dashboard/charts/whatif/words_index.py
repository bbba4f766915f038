"""The composite index's and the scenario comparison's words in the reader's language."""

from __future__ import annotations

import pandas as pd

from dashboard.base import formatting as fmt
from dashboard.base.i18n import t
from dashboard.charts import primitives
from dashboard.charts.primitives import Labels
from dashboard.charts.view import View
from dashboard.charts.whatif.bands import hover
from dashboard.charts.whatif.compare import CompareLabels
from dashboard.charts.whatif.composite import CompositeLabels
from dashboard.data.load import HOME, Data
from dashboard.model import views
from dashboard.model.scenarios import composite
from dashboard.model.scenarios.sections import CompositeScenario
from dashboard.model.scenarios.whatif import IndexResult


def _rank(v: object, lang: str) -> str:
    return fmt.rank(int(v), lang) if pd.notna(v) else fmt.MISSING


def band_text(low: object, high: object, lang: str) -> str:
    if pd.isna(low):
        return fmt.MISSING
    low, high = int(low), int(high)
    return fmt.rank(low, lang) if low == high else f"{fmt.rank(low, lang)}–{fmt.rank(high, lang)}"


def _figure(data: Data, lang: str, result: IndexResult, pillar: str, raw: float) -> str:
    if pd.isna(raw):
        return t("whatif.composite.no_figure", lang)
    if pillar == "compute":
        return t("unit.h100e", lang, n=fmt.compact(raw, lang))
    unit = data.metrics.set_index("metric")["unit"].get(result.pillars.metrics[pillar], "count")
    return views.value_text(raw, unit, lang, currency="USD")


def composite_labels(
    data: Data, view: View, result: IndexResult, c: CompositeScenario
) -> CompositeLabels:
    lang = view.lang
    table = result.scenario.table.dropna(subset=["score"])
    bands = result.band.set_index("entity")
    base = result.baseline.table.set_index("entity")["rank"]
    names = {e: views._safe(data.entity_name(e, lang)) for e in table["entity"]}
    hovers, notes = {}, {}
    for r in table.to_dict("records"):
        e = r["entity"]
        for pillar in composite.PILLARS:
            contribution = fmt.number(r[f"contrib_{pillar}"], lang, decimals=1)
            normalised = fmt.number(r[f"norm_{pillar}"], lang, decimals=2)
            figure = views._safe(_figure(data, lang, result, pillar, r[f"raw_{pillar}"]))
            hovers[(e, pillar)] = hover(
                f"<b>{names[e]}</b> · {t(f'whatif.pillar.{pillar}', lang)}",
                f"{t('whatif.hover.contribution', lang)}: {contribution}",
                f"{t('whatif.hover.normalised', lang)}: {normalised}",
                f"{t('hover.value', lang)}: {figure}",
            )
        notes[e] = t(
            "whatif.composite.bar_note",
            lang,
            score=fmt.number(r["score"], lang, decimals=1),
            rank=fmt.rank(int(r["rank"]), lang),
            band=band_text(bands.at[e, "rank_min"], bands.at[e, "rank_max"], lang),
            base=_rank(base.get(e), lang),
        )
    return CompositeLabels(
        chart=Labels(
            title=t("whatif.composite.chart_title", lang, year=result.year),
            value_axis=t("whatif.composite.axis", lang, pct=fmt.percent(c.band_pct, lang)),
            empty=t("chart.empty", lang),
            lang=lang,
        ),
        categories={e: f"<b>{n}</b>" if e == HOME else n for e, n in names.items()},
        pillars={p: t(f"whatif.pillar.{p}", lang) for p in composite.PILLARS},
        hovers=hovers,
        notes=notes,
        home=HOME,
        home_color=data.colors().get(HOME, primitives.INK),
    )


def composite_caption(data: Data, lang: str, c: CompositeScenario, result: IndexResult) -> str:
    parts = [
        t(
            "whatif.composite.caption",
            lang,
            year=result.year,
            pct=fmt.percent(c.band_pct, lang),
            draws=fmt.number(composite.DRAWS, lang),
        )
    ]
    table = result.scenario.table
    missing = table[table["flagged"] & table["score"].notna()]
    if not missing.empty:
        items = ", ".join(
            t(
                "whatif.composite.missing_item",
                lang,
                name=data.entity_name(r["entity"], lang),
                pillars=", ".join(t(f"whatif.pillar.{p}", lang) for p in r["missing"].split(", ")),
            )
            for r in missing.to_dict("records")
        )
        parts.append(t("whatif.composite.missing", lang, items=items))
    unscored = list(table.loc[table["score"].isna(), "entity"])
    if unscored:
        names = ", ".join(data.entity_name(e, lang) for e in unscored)
        parts.append(t("whatif.composite.unscored", lang, names=names))
    parts.append(t("whatif.not_a_forecast", lang))
    return " ".join(parts)


def compare_labels(data: Data, view: View, names: tuple[str, ...], year: int) -> CompareLabels:
    lang = view.lang
    return CompareLabels(
        chart=Labels(
            title=t(
                "whatif.compare.chart_title", lang, name=data.entity_name(HOME, lang), year=year
            ),
            value_axis=t("whatif.compute.levels_axis", lang),
            empty=t("chart.empty", lang),
            lang=lang,
        ),
        names=tuple(views._safe(n) for n in names),
        trend=t("whatif.compare.trend", lang),
        color=data.colors().get(HOME, primitives.FALLBACK),
    )


def compare_caption(lang: str) -> str:
    return t("whatif.compare.caption", lang) + " " + t("whatif.not_a_forecast", lang)
