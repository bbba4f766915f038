"""The investment and cost charts' words in the reader's language: the pledge comparison's
bars with their hover text, the cost chart's labels, verdict and captions."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

import pandas as pd

from dashboard.base import formatting as fmt
from dashboard.base.i18n import t
from dashboard.charts import primitives
from dashboard.charts.primitives import Labels
from dashboard.charts.view import View, labels
from dashboard.charts.whatif.bands import hover
from dashboard.charts.whatif.tco import TcoLabels
from dashboard.data.load import Data
from dashboard.model import views
from dashboard.model.scenarios import tco
from dashboard.model.scenarios.sections import PledgeScenario, TcoScenario

# Which column of `investment.compare` each plan basis draws, and its unit.
INVESTMENT_BASES = {
    "total": ("usd_bn", "currency_bn"),
    "per_year": ("annual_usd_bn", "currency_bn"),
    "per_capita": ("per_capita_usd", "usd"),
    "gdp_share": ("gdp_share_pct", "percent"),
}
# The cost chart's money: won for Korean readers, totals in 억 (10^8) won, the unit they
# read budgets in; USD for English readers, totals in millions.
MONEY = {"ko": ("KRW", 1e8), "en": ("USD", 1e6)}


def share_text(fraction: float, lang: str) -> str:
    """A share as a percentage, with enough decimals that a small one is not "0%"."""
    pct = fraction * 100
    small = 0 < abs(pct) < 1
    places = min(4, 1 - math.floor(math.log10(abs(pct)))) if small else 1
    return fmt.percent(pct, lang, decimals=places)


def plan_label(data: Data, lang: str, r: Mapping) -> str:
    span = f"{r['start_year']}–{r['end_year']}" if r["period_known"] else str(r["end_year"])
    return (
        f"{data.entity_name(r['entity'], lang)} · {data.metric_label(r['metric'], lang)} · {span}"
    )


def investment_bars(
    data: Data, lang: str, frame: pd.DataFrame, column: str, unit: str
) -> pd.DataFrame:
    """One bar per plan: its label, value, status, colour, value text and hover."""
    colors, records = data.colors(), []
    for r in frame[frame[column].notna()].to_dict("records"):
        label = plan_label(data, lang, r)
        if r["is_scenario"]:
            label = f"{label} {t('whatif.investment.scenario_mark', lang)}"
        value_text = views.value_text(r[column], unit, lang, currency="USD")
        public = (
            [
                f"{t('whatif.hover.public', lang)}: "
                f"{fmt.money(r['public_annual_usd_bn'] * 1e9, 'USD', lang)}"
            ]
            if r["is_scenario"]
            else []
        )
        total = " · ".join(
            fmt.money(r[a] * 1e9, code, lang) for a, code in (("usd_bn", "USD"), ("krw_bn", "KRW"))
        )
        status = t(f"status_plain.{r['status']}", lang)
        records.append(
            {
                "entity": r["entity"],
                "bar": label,
                "value": r[column],
                "status": r["status"],
                "color": colors.get(r["entity"], primitives.FALLBACK),
                "value_text": value_text,
                "hover": hover(
                    f"<b>{views._safe(label)}</b>",
                    f"{t('hover.value', lang)}: {views._safe(value_text)}",
                    f"{t('whatif.hover.total', lang)}: {total}",
                    *public,
                    f"{t('hover.status', lang)}: {views._safe(status)}",
                    f"{t('hover.source', lang)}: {views._safe(r['publisher'])} ({r['published']})",
                ),
            }
        )
    return pd.DataFrame.from_records(
        records, columns=["entity", "bar", "value", "status", "color", "value_text", "hover"]
    )


def investment_labels(view: View, basis: str) -> Labels:
    return labels(view, "whatif.investment.chart_title", f"axis.plan_{basis}")


def investment_caption(
    data: Data, lang: str, p: PledgeScenario, frame: pd.DataFrame, column: str
) -> str:
    parts = [
        t(
            "whatif.investment.caption",
            lang,
            rate=fmt.number(p.krw_per_usd, lang, decimals=2),
            share=share_text(p.public_share, lang),
        )
    ]
    no_period = frame[frame[column].isna()]
    if not no_period.empty:
        names = ", ".join(plan_label(data, lang, r) for r in no_period.to_dict("records"))
        parts.append(t("whatif.investment.no_period", lang, names=names))
    return " ".join(parts)


def tco_labels(view: View, c: TcoScenario, result: tco.TcoResult) -> TcoLabels:
    lang = view.lang
    currency, unit = MONEY[lang]
    even = result.break_even_utilisation
    title = t(
        "whatif.tco.chart_title",
        lang,
        gpus=fmt.number(c.tco_gpus, lang),
        years=fmt.number(c.lifetime_years, lang),
    )
    return TcoLabels(
        chart=Labels(title=title, value_axis=t("whatif.tco.axis_total", lang), lang=lang),
        total_title=t("whatif.tco.total_title", lang),
        per_hour_title=t("whatif.tco.per_hour_title", lang),
        own=t("whatif.tco.own", lang),
        cloud=t("whatif.tco.cloud", lang),
        capex=t("whatif.tco.capex", lang),
        energy=t("whatif.tco.energy", lang),
        own_per_hour=t("whatif.tco.own_per_hour", lang),
        cloud_per_hour=t("whatif.tco.cloud_per_hour", lang),
        utilisation_axis=t("whatif.tco.utilisation_axis", lang),
        hour_axis=t("whatif.tco.axis_hour", lang),
        chosen=t("whatif.tco.current", lang, u=share_text(c.utilisation, lang)),
        break_even=""
        if even is None
        else t("whatif.tco.break_even", lang, u=share_text(even, lang)),
        currency=currency,
        total_unit=unit,
    )


def tco_verdict(
    result: tco.TcoResult, lang: str, share: Callable[[float, str], str] = share_text
) -> str:
    """From which utilisation owning pays, or that it never does."""
    even = result.break_even_utilisation
    if even is None:
        return t("whatif.tco.verdict_never", lang)
    return t("whatif.tco.verdict_even", lang, u=share(even, lang))


def tco_caption(lang: str, c: TcoScenario, result: tco.TcoResult) -> str:
    return " ".join(
        [
            t(
                "whatif.tco.caption",
                lang,
                capex=fmt.money(result.capex_usd * c.krw_per_usd, "KRW", lang),
                capex_usd=fmt.money(result.capex_usd, "USD", lang),
                price=fmt.money(c.cloud_usd_per_gpu_hour, "USD", lang),
                rate=fmt.number(c.krw_per_usd, lang, decimals=2),
            ),
            tco_verdict(result, lang),
        ]
    )
