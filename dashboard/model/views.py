"""Display-ready tables for charts, cards and source lines, in one language.

Functions here take the loaded `Data`, pick the rows a view needs and add the text a
reader sees (names, formatted values, status, confidence, source) so that chart
builders only draw. Nothing here is cached or imports Streamlit, and nothing
estimates a missing figure: a figure that is not in the data is not in a view.
"""

from __future__ import annotations

import datetime
import html
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from dashboard.base import cache
from dashboard.base import formatting as fmt
from dashboard.base.currency import to_usd
from dashboard.base.i18n import t
from dashboard.data.domain import RETIRED, WORLD
from dashboard.data.load import HOME, Data
from dashboard.data.rules import Stale

STATUSES = ("actual", "estimate", "planned", "pledged", "forecast")
CONFIDENCE_ORDER = {"high": 0, "medium": 1, "low": 2}
# The figure each overview card compares, per topic (a design choice, not data).
# Compute compared by one method across countries: a share of the GPU-cluster
# performance one dataset tracks (Epoch AI), with the H100-equivalents behind it.
COMPARABLE_COMPUTE = "share_global_gpu_cluster_performance"
# Ownership beside location: the share of world AI compute a country's companies own.
OWNED_COMPUTE = "share_global_ai_compute"
TRACKED_H100E = "tracked_cluster_h100e"
HEADLINE_METRICS = {
    "compute": COMPARABLE_COMPUTE,
    "companies": "newly_funded_ai_companies",
    "rankings": "tortoise_rank",
    "investment": "private_ai_investment",
}
GPU_METRICS = ("gpus_held", "gpus_planned", "gpus_pledged", "gpus_deal")


def _safe(text: object) -> str:
    """Data text for Plotly labels: Plotly reads a few HTML tags, so escape them."""
    return html.escape(str(text), quote=False)


def value_text(
    value: float,
    unit: str,
    lang: str,
    *,
    currency: str = "",
    out_of: object = None,
    category: str = "",
) -> str:
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


COUNT_UNITS = ("gpu", "h100e", "count", "mw")


def range_text(
    low: float,
    high: float,
    unit: str,
    lang: str,
    *,
    currency: str = "",
    out_of: object = None,
    category: str = "",
) -> str:
    """A figure, or the spread of figures sources disagree on ("2K–65K GPUs")."""
    if low == high:
        return value_text(low, unit, lang, currency=currency, out_of=out_of, category=category)
    if unit in COUNT_UNITS:
        return t(f"unit.{unit}", lang, n=f"{fmt.compact(low, lang)}–{fmt.compact(high, lang)}")
    return " – ".join(
        value_text(v, unit, lang, currency=currency, out_of=out_of) for v in (low, high)
    )


def span_text(low: float, high: float, render) -> str:
    """Render a (possibly) ranged number: "3" or "2–3"."""
    return render(low) if low == high else f"{render(low)}–{render(high)}"


def decorate(rows: pd.DataFrame, data: Data, lang: str) -> pd.DataFrame:
    """Rows with the text a reader needs: name, colour, value, status, source, hover.

    Worked out once per rows' content and language (remembered in the data): a chart
    redrawn for another scale, or a what-if chart for another slider value, shows the
    same rows again."""
    key = ("decorated", lang, cache.key_of(rows))
    return data.remember(key, lambda: _decorate(rows, data, lang))


def _decorate(rows: pd.DataFrame, data: Data, lang: str) -> pd.DataFrame:
    if rows.empty:
        return rows.assign(
            name="",
            color="",
            value_text="",
            status_text="",
            confidence_text="",
            source_text="",
            metric_label="",
            hover="",
        )
    colors = data.colors()
    out = rows.copy()
    out["name"] = [data.entity_name(e, lang) for e in out["entity"]]
    out["color"] = [colors.get(e, "#777777") for e in out["entity"]]
    out["metric_label"] = [data.metric_label(m, lang) for m in out["metric"]]
    out["value_text"] = [
        value_text(v, u, lang, currency=c, out_of=o, category=k)
        for v, u, c, o, k in zip(
            out["value"], out["unit"], out["currency"], out["out_of"], out["category"], strict=True
        )
    ]
    out["status_text"] = [t(f"status.{s}", lang) for s in out["status"]]
    out["confidence_text"] = [t(f"confidence.{c}", lang) for c in out["confidence"]]
    out["source_text"] = (
        out["publisher"].astype(str) + " (" + out["published"].astype(str) + ")"
    ).to_list()
    labels = {k: t(f"hover.{k}", lang) for k in ("value", "year", "status", "confidence", "source")}
    out["hover"] = [
        "<br>".join(
            [
                f"<b>{_safe(name)}</b> · {_safe(metric)}",
                f"{labels['value']}: {_safe(value)}" + (f" ({_safe(gpu)})" if gpu else ""),
                f"{labels['year']}: {year}",
                f"{labels['status']}: {_safe(status)} · "
                f"{labels['confidence']}: {_safe(confidence)}",
                f"{labels['source']}: {_safe(source)}",
            ]
        )
        for name, metric, value, gpu, year, status, confidence, source in zip(
            out["name"],
            out["metric_label"],
            out["value_text"],
            out["gpu_type"],
            out["year"],
            out["status_text"],
            out["confidence_text"],
            out["source_text"],
            strict=True,
        )
    ]
    return out


@dataclass(frozen=True)
class SourceRef:
    publisher: str
    published: str
    title: str
    url: str


def sources_of(rows: pd.DataFrame) -> list[SourceRef]:
    """The distinct sources behind some rows, in a stable order (shared: do not modify)."""
    if rows.empty:
        return []
    # Remembered by the four columns it reads: hashing every column of a chart's rows
    # to find the answer cost more than the answer.
    return _distinct_sources(rows[["publisher", "published", "title", "url"]])


@cache.recent(128)  # a chart's rows are remembered with the chart: asked for on each run
def _distinct_sources(refs: pd.DataFrame) -> list[SourceRef]:
    uniq = refs.fillna("").drop_duplicates().sort_values(["publisher", "published"])
    return [SourceRef(*r) for r in uniq.itertuples(index=False, name=None)]


def pick_one(rows: pd.DataFrame) -> pd.DataFrame:
    """Per entity and metric, the figure a card shows: the most confident, then the
    latest, then an actual over an announced one.

    Figures that are just as good (same confidence, year and status) but disagree are
    not chosen between: `value_low` and `value_high` carry their spread, so a card can
    show "2K–65K" instead of one of them. `others` counts the figures not shown.
    """
    if rows.empty:
        return rows.assign(
            others=pd.Series(dtype="int64"),
            value_low=pd.Series(dtype="float64"),
            value_high=pd.Series(dtype="float64"),
        )
    ranked = rows.assign(
        _conf=rows["confidence"].map(CONFIDENCE_ORDER),
        _announced=(rows["status"] != "actual").astype(int),
    )
    ranked = ranked.sort_values(
        ["entity", "metric", "_conf", "year", "_announced"],
        ascending=[True, True, True, False, True],
        kind="stable",
    )
    key = ["entity", "metric"]
    best = ranked.drop_duplicates(key)
    peers = ranked.merge(
        best[[*key, "_conf", "year", "_announced"]], on=[*key, "_conf", "year", "_announced"]
    )
    spread = peers.groupby(key)["value"].agg(value_low="min", value_high="max")
    counts = rows.groupby(key).size().rename("_n")
    best = best.join(spread, on=key).join(counts, on=key)
    return best.assign(others=best["_n"] - 1).drop(columns=["_conf", "_announced", "_n"])


def best_figures(
    data: Data, metrics: str | Sequence[str], entities: Sequence[str] | None = None
) -> pd.DataFrame:
    """`pick_one(data.figures(metrics, entities))`, worked out once per data and
    selection: the figure each card or scenario starts from does not move with sliders."""
    wanted = (metrics,) if isinstance(metrics, str) else tuple(metrics)
    who = None if entities is None else tuple(entities)
    return _best(data, wanted, who).copy(deep=False)  # copy-on-write: callers' own


@cache.recent(256)  # bounded: one per selection a session makes
def _best(data: Data, wanted: tuple[str, ...], who: tuple[str, ...] | None) -> pd.DataFrame:
    return pick_one(data.figures(list(wanted), who))


def latest_context(data: Data, metric: str) -> dict[str, tuple[float, int]]:
    """Per entity, the latest figure of a context metric (population, GDP) and its year."""

    def latest() -> dict[str, tuple[float, int]]:
        rows = best_figures(data, metric)
        return {
            e: (float(v), int(y))
            for e, v, y in zip(rows["entity"], rows["value"], rows["year"], strict=True)
        }

    return data.remember(("latest_context", metric), latest)


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
    kept["value"] = [
        v / denominators[e][0] for v, e in zip(kept["value"], kept["entity"], strict=True)
    ]
    kept["unit"] = basis
    return kept, sorted(set(rows.loc[~has, "entity"]))


def compare_with_home(best: pd.DataFrame, *, higher_is_better: bool) -> pd.DataFrame:
    """The cards of a comparison: each entity's figure (or spread), its rank among those
    shown and the ratio of its figure to Korea's, both as ranges where sources disagree.

    `best` holds one figure per entity, all of one edition and year (the rows of
    `compare.comparable`). Rank 1 is the strongest. An entity whose spread overlaps
    others' gets a rank range. Ratios are peer / Korea ("175x Korea"); they are left
    empty for ranks, where a ratio means nothing.
    """
    cols = dict(
        rank_low=pd.Series(dtype="int64"),
        rank_high=pd.Series(dtype="int64"),
        ratio_low=pd.Series(dtype="float64"),
        ratio_high=pd.Series(dtype="float64"),
    )
    if best.empty:
        return best.assign(**cols)
    sign = 1 if higher_is_better else -1
    strong = best["value_high"] if higher_is_better else best["value_low"]
    weak = best["value_low"] if higher_is_better else best["value_high"]
    # best possible rank: others certainly stronger (their weak end beats my strong end)
    best_rank = [1 + int((sign * weak > sign * s).sum()) for s in strong]
    # worst possible rank: others possibly stronger (their strong end beats my weak end)
    worst_rank = [
        1 + int((sign * strong > sign * w).sum()) - int(sign * s > sign * w)
        for s, w in zip(strong, weak, strict=True)
    ]
    out = best.assign(rank_low=best_rank, rank_high=worst_rank)
    home = out[out["entity"] == HOME]
    units = set(out["unit"])
    if home.empty or units & {"rank", "tier"}:
        return out.assign(ratio_low=float("nan"), ratio_high=float("nan"))
    home_low, home_high = float(home["value_low"].iloc[0]), float(home["value_high"].iloc[0])
    if not home_low or not home_high:
        return out.assign(ratio_low=float("nan"), ratio_high=float("nan"))
    return out.assign(
        ratio_low=out["value_low"] / home_high, ratio_high=out["value_high"] / home_low
    )


OVERALL_RANKS = ("tortoise_rank", "stanford_vibrancy_rank", "oxford_readiness_rank")
PLAN_METRICS = (
    "national_ai_plan",
    "private_ai_infrastructure_pledge",
    "state_ai_fund",
    "ai_investment_forecast",
)
PLAN_BASES = ("total", "per_year", "per_capita", "gdp_share")


def plans_in_usd(rows: pd.DataFrame, data: Data) -> pd.DataFrame:
    """Announced amounts in USD bn at the data's rates, with the period length in years.

    The rate is the one for the period's first year (or the figure's year), else the
    nearest year the data has; `rate_year` says which. Rows in a currency the data has
    no rate for are dropped (no conversion is guessed).
    """
    rates = data.fx_per_usd()
    kept, usd, rate_years, years = [], [], [], []
    for idx, row in rows.iterrows():
        start = row["period_start"] if pd.notna(row["period_start"]) else row["year"]
        converted = to_usd(float(row["value"]), row["currency"] or "USD", int(start), rates)
        if converted is None:
            continue
        kept.append(idx)
        usd.append(converted[0])
        rate_years.append(converted[1])
        years.append(int(row["year"] - start + 1))
    return rows.loc[kept].assign(
        usd_bn=pd.Series(usd, index=kept, dtype="float64"),
        rate_year=pd.Series(rate_years, index=kept, dtype="int64"),
        years=pd.Series(years, index=kept, dtype="int64"),
    )


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
    denominator = kept["entity"].map(lambda e: denominators[e][0]).astype("float64")
    if basis == "per_capita":  # USD bn / millions of people = thousand USD per person
        kept["value"], kept["unit"], kept["currency"] = (
            yearly[has] / denominator * 1e3,
            "usd",
            "USD",
        )
    else:
        kept["value"], kept["unit"] = yearly[has] / denominator * 100, "percent"
    return kept, sorted(set(out.loc[~has, "entity"]))


def successors_named(superseded: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Superseded figures with a retired one's `superseded_by` in words: it has no
    successor, because nothing of the same measure replaces it."""
    retired = superseded["superseded_by"] == RETIRED
    return superseded.assign(
        superseded_by=superseded["superseded_by"].where(~retired, t("change.retired", lang))
    )


def gaps_table(data: Data, lang: str) -> pd.DataFrame:
    """Figures looked for and not found (gaps.csv): whose, which, which year, what was
    tried and when, under reader-facing headers."""
    gaps = data.gaps
    return pd.DataFrame(
        {
            t("column.name", lang): [data.entity_name(e, lang) for e in gaps["entity"]],
            t("column.metric_label", lang): [data.metric_label(m, lang) for m in gaps["metric"]],
            t("column.year", lang): gaps["year"].to_list(),
            t("column.tried", lang): gaps[f"note_{lang}"].to_list(),
            t("column.checked", lang): gaps["checked"].to_list(),
        }
    )


def changelog_table(changes: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Changelog lines for reading: the change in words, the row, the note."""
    return pd.DataFrame(
        {
            t("column.change", lang): changes["change"].map(lambda c: t(f"change.{c}", lang)),
            t("column.file", lang): changes["file"],
            t("column.row", lang): changes["row"],
            t("column.note", lang): changes[f"note_{lang}"],
        }
    )


def stale_text(stale: Stale, data: Data, lang: str) -> str:
    """One series that lags its latest edition, in words."""
    editions = data.editions[data.editions["series"] == stale.series]
    title = editions[f"title_{lang}"].iloc[0] if not editions.empty else stale.series
    return t(
        "sources.stale_item",
        lang,
        title=title,
        used=stale.used,
        latest=stale.latest,
        published=stale.published,
    )


def one_edition(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows of the newest edition (or, without editions, the newest year) only: a
    comparison across countries never mixes two snapshots of a dataset."""
    if rows.empty:
        return rows
    editions = rows["edition"].fillna("")
    if (editions != "").any():
        return rows[editions == editions.max()]
    return rows[rows["year"] == rows["year"].max()]


def share_caption(rows: pd.DataFrame, data: Data, lang: str) -> str:
    """What the comparable measure is, its edition, and the H100-equivalents behind it."""
    if rows.empty:
        return t("compute.share_caveat", lang, edition="—", h100e="—")
    edition = rows["edition"].iloc[0] or str(rows["year"].iloc[0])
    tracked = data.figures(TRACKED_H100E, list(rows["entity"]))
    tracked = tracked[tracked["edition"] == rows["edition"].iloc[0]]
    h100e = ", ".join(
        f"{data.entity_name(e, lang)} {fmt.compact(v, lang)}"
        for e, v in zip(tracked["entity"], tracked["value"], strict=True)
    )
    return t("compute.share_caveat", lang, edition=edition, h100e=h100e or "—")


def edition_series(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows for a line over years: where two editions of a report give the same year
    (a revision), the newest edition's figure only. Lines break where the edition
    changes (`charts.lines`)."""
    if rows.empty or "edition" not in rows:
        return rows
    edited = rows["edition"].fillna("") != ""
    newest = (
        rows[edited]
        .sort_values("edition", ascending=False, kind="stable")
        .drop_duplicates(["entity", "metric", "year"])
    )
    return pd.concat([newest, rows[~edited]]).sort_values(["entity", "metric", "year"])


EVENT_COLUMNS = ["event_id", "entity", "date", "x", "label", "hover"]


def _year_fraction(day: datetime.date) -> float:
    """22 January 2026 -> 2026.06: a day's place between the yearly figures."""
    start = datetime.date(day.year, 1, 1)
    length = (datetime.date(day.year + 1, 1, 1) - start).days
    return day.year + (day - start).days / length


def events_of(data: Data, entities: Sequence[str], lang: str) -> pd.DataFrame:
    """The policy events (events.csv) of some entities and of the world, ready to draw:
    `x` (the day as a fractional year), a short `label` and a `hover` with the whole
    event, its day and its source, in one language. Empty without events."""
    events = data.events
    if events.empty:
        return pd.DataFrame(columns=EVENT_COLUMNS)
    rows = events[events["entity"].isin([*entities, WORLD])].sort_values(["date", "event_id"])
    sources = data.sources_by_id()
    days = [datetime.date.fromisoformat(d) for d in rows["date"]]
    return pd.DataFrame(
        {
            "event_id": rows["event_id"].to_list(),
            "entity": rows["entity"].to_list(),
            "date": rows["date"].to_list(),
            "x": [_year_fraction(d) for d in days],
            "label": [_safe(label) for label in rows[f"label_{lang}"]],
            "hover": [
                t(
                    "events.hover",
                    lang,
                    title=_safe(title),
                    date=fmt.day(d, lang),
                    source=_safe(
                        f"{sources.at[s, 'publisher']} ({sources.at[s, 'published']})"
                        if s in sources.index
                        else s
                    ),
                )
                for title, d, s in zip(rows[f"title_{lang}"], days, rows["source_id"], strict=True)
            ],
        },
        columns=EVENT_COLUMNS,
    )
