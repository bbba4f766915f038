"""Display-ready tables for charts, cards and source lines, in one language.

Functions here take the loaded `Data`, pick the rows a view needs and add the text a
reader sees (names, formatted values, status, confidence, source) so that chart
builders only draw. Nothing here is cached or imports Streamlit, and nothing
estimates a missing figure: a figure that is not in the data is not in a view.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd

from dashboard import formatting as fmt
from dashboard.currency import to_usd
from dashboard.i18n import t
from dashboard.load import HOME, Data

STATUSES = ("actual", "estimate", "planned", "pledged", "forecast")
CONFIDENCE_ORDER = {"high": 0, "medium": 1, "low": 2}
# The figure each overview card compares, per topic (a design choice, not data).
HEADLINE_METRICS = {
    "compute": "gpus_held",
    "companies": "newly_funded_ai_companies",
    "rankings": "tortoise_rank",
    "investment": "private_ai_investment",
}
COMPANY_GPU_METRICS = ("gpus_held",)
GPU_METRICS = ("gpus_held", "gpus_planned", "gpus_pledged", "gpus_deal")


def _safe(text: object) -> str:
    """Data text for Plotly labels: Plotly reads a few HTML tags, so escape them."""
    return html.escape(str(text), quote=False)


def value_text(value: float, unit: str, lang: str, *, currency: str = "",
               out_of: object = None, category: str = "") -> str:
    """A figure as a reader sees it, with its unit."""
    if unit == "currency_bn":
        return fmt.money(value * 1e9, currency or "USD", lang)
    if unit == "percent":
        return fmt.percent(value, lang)
    if unit in ("rank", "tier"):
        n = None if out_of is None or pd.isna(out_of) else int(out_of)
        shown = fmt.rank(int(value), lang, out_of=n)
        return f"{category} ({shown})" if category else shown
    if unit == "people_m":
        return t("unit.people", lang, n=fmt.compact(value * 1e6, lang))
    if unit == "per_usd":
        return t("unit.per_usd", lang, n=fmt.number(value, lang, decimals=2), currency=currency)
    if unit == "usd":
        return fmt.money(value, "USD", lang)
    if unit == "score":
        return fmt.number(value, lang, decimals=1)
    return t(f"unit.{unit}", lang, n=fmt.compact(value, lang))


def source_text(row: pd.Series) -> str:
    return f"{row['publisher']} ({row['published']})"


def decorate(rows: pd.DataFrame, data: Data, lang: str) -> pd.DataFrame:
    """Rows with the text a reader needs: name, colour, value, status, source, hover."""
    if rows.empty:
        return rows.assign(name="", color="", value_text="", status_text="",
                           confidence_text="", source_text="", metric_label="", hover="")
    colors = data.colors()
    out = rows.copy()
    out["name"] = [data.entity_name(e, lang) for e in out["entity"]]
    out["color"] = [colors.get(e, "#777777") for e in out["entity"]]
    out["metric_label"] = [data.metric_label(m, lang) for m in out["metric"]]
    out["value_text"] = [
        value_text(v, u, lang, currency=c, out_of=o, category=k)
        for v, u, c, o, k in zip(out["value"], out["unit"], out["currency"], out["out_of"],
                                 out["category"], strict=True)
    ]
    out["status_text"] = [t(f"status.{s}", lang) for s in out["status"]]
    out["confidence_text"] = [t(f"confidence.{c}", lang) for c in out["confidence"]]
    out["source_text"] = [source_text(r) for _, r in out.iterrows()]
    out["hover"] = [
        "<br>".join([
            f"<b>{_safe(r['name'])}</b> · {_safe(r['metric_label'])}",
            f"{t('hover.value', lang)}: {_safe(r['value_text'])}"
            + (f" ({_safe(r['gpu_type'])})" if r["gpu_type"] else ""),
            f"{t('hover.year', lang)}: {r['year']}",
            f"{t('hover.status', lang)}: {_safe(r['status_text'])} · "
            f"{t('hover.confidence', lang)}: {_safe(r['confidence_text'])}",
            f"{t('hover.source', lang)}: {_safe(r['source_text'])}",
        ])
        for _, r in out.iterrows()
    ]
    return out


@dataclass(frozen=True)
class SourceRef:
    publisher: str
    published: str
    title: str
    url: str


def sources_of(rows: pd.DataFrame) -> list[SourceRef]:
    """The distinct sources behind some rows, in a stable order."""
    if rows.empty:
        return []
    cols = ["publisher", "published", "title", "url"]
    uniq = rows[cols].fillna("").drop_duplicates().sort_values(["publisher", "published"])
    return [SourceRef(*r) for r in uniq.itertuples(index=False, name=None)]


def pick_one(rows: pd.DataFrame) -> pd.DataFrame:
    """Per entity and metric, the latest year's most confident figure.

    Used only where one number must stand for an entity (cards, ratios); the count of
    other figures is kept in `others` so the view can say that more exist.
    """
    if rows.empty:
        return rows.assign(others=pd.Series(dtype="int64"))
    ranked = rows.assign(_conf=rows["confidence"].map(CONFIDENCE_ORDER),
                         _actual=(rows["status"] != "actual").astype(int))
    ranked = ranked.sort_values(["entity", "metric", "year", "_actual", "_conf"],
                                ascending=[True, True, False, True, True])
    counts = rows.groupby(["entity", "metric"]).size().rename("_n")
    best = ranked.drop_duplicates(["entity", "metric"]).join(counts, on=["entity", "metric"])
    return best.assign(others=best["_n"] - 1).drop(columns=["_conf", "_actual", "_n"])


def latest_context(data: Data, metric: str) -> dict[str, tuple[float, int]]:
    """Per entity, the latest figure of a context metric (population, GDP) and its year."""
    rows = pick_one(data.figures(metric))
    return {e: (float(v), int(y)) for e, v, y in
            zip(rows["entity"], rows["value"], rows["year"], strict=True)}


def per_basis(rows: pd.DataFrame, data: Data, basis: str) -> tuple[pd.DataFrame, list[str]]:
    """Figures divided by population (per million people) or GDP (per USD bn).

    Returns the converted rows and the entities left out for want of a denominator
    (companies, or countries without the context figure): they are left out, not guessed.
    """
    if basis == "absolute":
        return rows, []
    metric = "population" if basis == "per_capita" else "gdp"
    denominators = latest_context(data, metric)
    has = rows["entity"].isin(list(denominators))
    kept = rows[has].copy()
    kept["value"] = [v / denominators[e][0] for v, e in zip(kept["value"], kept["entity"],
                                                            strict=True)]
    kept["unit"] = basis
    return kept, sorted(set(rows.loc[~has, "entity"]))


def compare_with_home(rows: pd.DataFrame, *, higher_is_better: bool) -> pd.DataFrame:
    """One figure per entity with Korea's ratio to it and each entity's rank among those shown."""
    best = pick_one(rows)
    if best.empty or HOME not in set(best["entity"]):
        return best.assign(ratio=pd.Series(dtype="float64"), rank=pd.Series(dtype="int64"))
    home = float(best.loc[best["entity"] == HOME, "value"].iloc[0])
    ratios = [home / v if v else float("nan") for v in best["value"]]
    rank = best["value"].rank(ascending=not higher_is_better, method="min").astype(int)
    return best.assign(ratio=ratios, rank=rank)


OVERALL_RANKS = ("tortoise_rank", "stanford_vibrancy_rank", "oxford_readiness_rank")
PLAN_METRICS = ("national_ai_plan", "private_ai_infrastructure_pledge", "state_ai_fund",
                "ai_investment_forecast")
PLAN_BASES = ("total", "per_year", "per_capita", "gdp_share")


def plans_in_usd(rows: pd.DataFrame, data: Data) -> pd.DataFrame:
    """Announced amounts in USD bn at the data's rates, with the period length in years.

    The rate is the one for the period's first year (or the figure's year), else the
    nearest year the data has; `rate_year` says which. Rows in a currency the data has
    no rate for are dropped (no conversion is guessed).
    """
    rates = data.fx_per_usd()
    out = []
    for _, row in rows.iterrows():
        start = row["period_start"] if pd.notna(row["period_start"]) else row["year"]
        converted = to_usd(float(row["value"]), row["currency"] or "USD", int(start), rates)
        if converted is None:
            continue
        usd_bn, rate_year = converted
        years = int(row["year"] - start + 1)
        out.append({**row.to_dict(), "usd_bn": usd_bn, "rate_year": rate_year, "years": years})
    return pd.DataFrame(out, columns=[*rows.columns, "usd_bn", "rate_year", "years"])


def plan_basis(plans: pd.DataFrame, data: Data, basis: str) -> tuple[pd.DataFrame, list[str]]:
    """Plans as total USD, USD per year of their period, USD per person per year, or a
    yearly share of GDP. Entities without population or GDP are left out of those bases."""
    out = plans.copy()
    yearly = out["usd_bn"] / out["years"].clip(lower=1)
    if basis in ("total", "per_year"):
        out["value"] = out["usd_bn"] if basis == "total" else yearly
        out["unit"], out["currency"] = "currency_bn", "USD"
        return out, []
    metric = "population" if basis == "per_capita" else "gdp"
    denominators = latest_context(data, metric)
    has = out["entity"].isin(list(denominators))
    kept = out[has].copy()
    denominator = kept["entity"].map(lambda e: denominators[e][0])
    if basis == "per_capita":  # USD bn / millions of people = thousand USD per person
        kept["value"], kept["unit"], kept["currency"] = yearly[has] / denominator * 1e3, "usd", "USD"
    else:
        kept["value"], kept["unit"] = yearly[has] / denominator * 100, "percent"
    return kept, sorted(set(out.loc[~has, "entity"]))
