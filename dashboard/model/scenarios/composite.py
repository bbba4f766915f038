"""Composite index: one score per country from the pillars the data supports.

Pillars and their figures, like with like (`compare.comparable`: one series, its newest
edition that any selected country is in, one year; a country missing from it is a gap,
never an older figure):
- compute: H100-equivalents at the projection's start (`start_compute`: each
  country's triangulated share of the world times the world's total);
- investment: private AI investment, USD bn a year;
- companies: newly funded AI companies;
- rankings: the first index of `RANKING_METRICS` that any selected country has (Tortoise
  overall score, else Stanford vibrancy score, else Tortoise rank, lower = better).
A scenario replaces figures through `overrides` ({pillar: {entity: value}}), e.g. every
country's compute in the projection's last year (`compute_pillar`), or Korea's
investment plus its pledge's private part; so "Korea buys 50,000 GPUs" can move Korea's
rank.

Normalisation: min-max over the selected countries that have the pillar's figure,
0 = weakest, 1 = strongest (reversed where lower is better); when they all have the
same value (or only one has it) the pillar cannot tell them apart and each gets 0.5.

Weights: one per pillar, normalised to sum to 1 (only ratios matter); a pillar of weight
0 has no effect at all. Missing figures: a country without a figure for a pillar gets no
score for that pillar, and its score is the weighted mean of the pillars it has (the
weights re-normalised over those); such a country is flagged (`missing`). A country with
no weighted pillar has no score and no rank. Scores run 0-100; each pillar's
contribution (for stacked bars) is its share of that 100, so contributions add up to the
score. Ranks: 1 = highest score, ties share the better rank.

Rank stability: `rank_band` redraws the weights many times, each multiplied by a random
factor within +/- X% (numpy Generator, fixed seed), always including the unperturbed
weights as one draw, and reports each country's best and worst rank, so the band always
contains the rank shown. Nothing here reads Streamlit or formats text.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from dashboard.base import cache
from dashboard.base.currency import to_usd
from dashboard.data.load import Data
from dashboard.model import compare
from dashboard.model.scenarios.assumptions import (
    Assumption,
    SliderSpec,
    slider_of,
    value_of,
)
from dashboard.model.scenarios.buildout import baseline
from dashboard.model.scenarios.sections import WEIGHT_PREFIX

PILLARS = ("compute", "investment", "companies", "rankings")
BAND_PCT = "rank_band_pct"
NEGLIGIBLE_WEIGHT = 1e-12  # of the total: a weight below it is 0 (see normalise_weights)
DRAWS = 1000  # random weight draws for the rank band (the number)
SEED = 20261122  # fixed, so a band does not flicker between reruns
RANKING_METRICS = (
    ("tortoise_score", True),
    ("stanford_vibrancy_score", True),
    ("tortoise_rank", False),
)
SINGLE_METRICS = {"investment": "private_ai_investment", "companies": "newly_funded_ai_companies"}
EQUAL_VALUES_SCORE = 0.5  # a pillar that cannot tell countries apart places all mid-way


@dataclass(frozen=True)
class PillarTable:
    """Raw pillar figures per country (NaN where missing) and what they are."""

    values: pd.DataFrame  # index: entity; columns: PILLARS
    years: pd.DataFrame  # the figure's year; NA for overridden (scenario) values
    metrics: Mapping[str, str]  # pillar -> metric used
    higher_is_better: Mapping[str, bool]


def _countries(data: Data, entities: Sequence[str] | None) -> list[str]:
    countries = data.countries()
    return countries if entities is None else [e for e in entities if e in set(countries)]


def comparable_rows(data: Data, metric: str, entities: list[str]) -> pd.DataFrame:
    """A pillar's figures: one edition and year for the chosen countries (the gaps left
    out, never filled from an older edition). Worked out once per data release: no
    slider moves them."""
    return data.remember(
        ("comparable_rows", metric, tuple(entities)),
        lambda: compare.comparable(data.figures(metric, entities), entities).rows,
    )


def _one_per_entity(data: Data, metric: str, entities: list[str]) -> tuple[dict, dict]:
    rows = comparable_rows(data, metric, entities)
    values, years = {}, {}
    rates = data.fx_per_usd()
    for r in rows.to_dict("records"):
        value = float(r["value"])
        if r.get("unit") == "currency_bn" and (r["currency"] or "USD") != "USD":
            converted = to_usd(value, r["currency"], int(r["year"]), rates)
            if converted is None:
                continue  # no rate: the figure is left out, not guessed
            value = converted[0]
        values[r["entity"]], years[r["entity"]] = value, int(r["year"])
    return values, years


def _ranking_metric(data: Data, entities: list[str]) -> tuple[str, bool]:
    """The ranking series whose comparable edition is the newest for these countries (a
    score that exists only for an old edition gives way to a newer edition's ranks); on
    a tie, the first in `RANKING_METRICS`."""
    newest, chosen = None, RANKING_METRICS[0]
    for metric, higher in RANKING_METRICS:
        year = compare.comparable(data.figures(metric, entities), entities).year
        if year is not None and (newest is None or year > newest):
            newest, chosen = year, (metric, higher)
    return chosen


def pillar_table(
    data: Data,
    assumptions: Mapping[str, Assumption],
    entities: Sequence[str] | None = None,
    overrides: Mapping[str, Mapping[str, float]] | None = None,
) -> PillarTable:
    """Each selected country's figure per pillar, with scenario overrides applied."""
    return with_overrides(_data_pillars(data, assumptions, entities), overrides or {})


@cache.recent(8)  # the data's own figures: the same on every slider move
def _data_pillars(
    data: Data, assumptions: Mapping[str, Assumption], entities: Sequence[str] | None
) -> PillarTable:
    chosen = _countries(data, entities)
    start = {e: v for e, v in start_compute(data, assumptions).items() if e in chosen}
    year = baseline(data, assumptions).year if start else 0
    columns = {"compute": (start, dict.fromkeys(start, year))}
    metrics = {"compute": "ai_compute_h100e"}  # the projection's start: triangulated shares x world
    higher = dict.fromkeys(PILLARS, True)
    for pillar, metric in SINGLE_METRICS.items():
        columns[pillar], metrics[pillar] = _one_per_entity(data, metric, chosen), metric
    metrics["rankings"], higher["rankings"] = _ranking_metric(data, chosen)
    columns["rankings"] = _one_per_entity(data, metrics["rankings"], chosen)
    values = pd.DataFrame(
        {p: pd.Series(columns[p][0], dtype="float64") for p in PILLARS},
        index=pd.Index(chosen, name="entity"),
    )
    years = pd.DataFrame(
        {p: pd.Series(columns[p][1], dtype="Int64") for p in PILLARS}, index=values.index
    )
    return PillarTable(values, years, metrics, higher)


def with_overrides(
    pillars: PillarTable, overrides: Mapping[str, Mapping[str, float]]
) -> PillarTable:
    """A copy of the table with scenario figures in place of the data's ({pillar: {entity:
    value}}); an overridden figure has no year. Entities not in the table are ignored."""
    values, years = pillars.values.copy(), pillars.years.copy()
    for pillar, by_entity in overrides.items():
        for entity, value in by_entity.items():
            if entity in values.index and value is not None and math.isfinite(value):
                values.loc[entity, pillar] = float(value)
                years.loc[entity, pillar] = pd.NA
    return PillarTable(values, years, pillars.metrics, pillars.higher_is_better)


# ---------------------------------------------------------------- weights and scores


def weights_from(assumptions: Mapping[str, Assumption]) -> dict[str, float]:
    return {p: value_of(assumptions, WEIGHT_PREFIX + p) for p in PILLARS}


def normalise_weights(weights: Mapping[str, float]) -> dict[str, float]:
    """Weights scaled to sum to 1; raises ValueError if any is negative or all are 0."""
    if any(w < 0 or not math.isfinite(w) for w in weights.values()):
        raise ValueError("weights must be finite and 0 or more")
    total = sum(weights.values())
    if total <= 0:
        raise ValueError("at least one pillar needs a weight above 0")
    # A weight too small to survive a random factor (it would round to 0 in some draws
    # and not in others) counts as 0 everywhere, so every draw scores the same countries.
    return {p: w / total if w > total * NEGLIGIBLE_WEIGHT else 0.0 for p, w in weights.items()}


def normalise(values: pd.DataFrame, higher_is_better: Mapping[str, bool]) -> pd.DataFrame:
    """Min-max per pillar over the countries present: 0 weakest, 1 strongest."""
    matrix = values.to_numpy(dtype="float64")
    reverse = np.array([not higher_is_better.get(p, True) for p in values.columns])
    return pd.DataFrame(_min_max(matrix, reverse), index=values.index, columns=values.columns)


def _min_max(matrix: np.ndarray, reverse: np.ndarray) -> np.ndarray:
    have = ~np.isnan(matrix)
    out = np.full(matrix.shape, np.nan)
    for j in range(matrix.shape[1]):
        col = matrix[have[:, j], j]
        if col.size == 0:
            continue
        low, high = col.min(), col.max()
        if high == low:  # cannot tell the countries apart
            out[have[:, j], j] = EQUAL_VALUES_SCORE
            continue
        scaled = (col - low) / (high - low)
        out[have[:, j], j] = 1 - scaled if reverse[j] else scaled
    return out


def _scores(norm: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Scores (countries x draws) 0..1: weighted mean over the pillars each country has.

    Elementwise products summed over the pillar axis, the same arithmetic for one draw or
    a thousand, so the unperturbed draw in a band equals the composite's own score.
    """
    have = ~np.isnan(norm)
    filled = np.where(have, norm, 0.0)
    num = (filled[:, None, :] * weights[None, :, :]).sum(axis=2)
    den = (have[:, None, :] * weights[None, :, :]).sum(axis=2)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)


def _ranks(scores: np.ndarray) -> np.ndarray:
    """Rank per column, 1 = highest, ties share the better rank; NaN where no score."""
    beaten_by = (scores[None, :, :] > scores[:, None, :]).sum(axis=1)
    return np.where(np.isnan(scores), np.nan, 1.0 + beaten_by)


@dataclass(frozen=True)
class CompositeResult:
    table: pd.DataFrame  # per country: score, rank, missing, contributions, normalised, raw
    contributions: pd.DataFrame  # long: entity, pillar, contribution (stacked bars)
    weights: Mapping[str, float]  # normalised


def composite(pillars: PillarTable, weights: Mapping[str, float]) -> CompositeResult:
    """Scores, ranks and contributions (see the module docstring)."""
    w = normalise_weights({p: weights.get(p, 0.0) for p in PILLARS})
    values = pillars.values[list(PILLARS)]
    matrix = normalise(values, pillars.higher_is_better).to_numpy(dtype="float64")
    vector = np.array([[w[p] for p in PILLARS]])
    scores = _scores(matrix, vector)[:, 0]
    have = ~np.isnan(matrix)
    den = (have * vector).sum(axis=1)
    # Each pillar's part of the score: its weighted value over the weights the country has.
    parts = (
        np.where(
            have & (den > 0)[:, None],
            matrix * vector / np.where(den > 0, den, 1.0)[:, None],
            np.nan,
        )
        * 100
    )
    columns = {
        "entity": values.index.to_numpy(),
        "score": scores * 100,
        "rank": _int_ranks(_ranks(scores[:, None])[:, 0]),
        "missing": [
            ", ".join(p for p, h in zip(PILLARS, row, strict=True) if not h and w[p] > 0)
            for row in have
        ],
    }
    columns["flagged"] = np.array([m != "" for m in columns["missing"]], dtype=bool)
    for j, p in enumerate(PILLARS):
        columns[f"contrib_{p}"] = parts[:, j]
        columns[f"norm_{p}"] = matrix[:, j]
        columns[f"raw_{p}"] = values[p].to_numpy(dtype="float64")
    table = (
        pd.DataFrame(columns)
        .sort_values(["rank", "entity"], kind="stable", na_position="last")
        .reset_index(drop=True)
    )
    keep = ~np.isnan(parts)
    long = pd.DataFrame(
        {
            "entity": np.repeat(values.index.to_numpy(), len(PILLARS))[keep.ravel()],
            "pillar": np.tile(np.array(PILLARS), len(values))[keep.ravel()],
            "contribution": parts[keep],
        }
    )
    return CompositeResult(table, long, w)


def _int_ranks(ranks: np.ndarray) -> pd.arrays.IntegerArray:
    return pd.array([pd.NA if np.isnan(r) else int(r) for r in ranks], dtype="Int64")


def weight_draws(
    weights: Mapping[str, float], pct: float, draws: int = DRAWS, seed: int = SEED
) -> np.ndarray:
    """(draws + 1) x pillars: row 0 the normalised weights themselves, then each weight
    times a uniform factor in [1 - pct/100, 1 + pct/100], re-normalised."""
    if not 0 <= pct < 100:
        raise ValueError(f"the perturbation must be within 0..100%, not {pct}")
    base = np.array(
        [normalise_weights({p: weights.get(p, 0.0) for p in PILLARS})[p] for p in PILLARS]
    )
    rng = np.random.default_rng(seed)
    factors = rng.uniform(1 - pct / 100, 1 + pct / 100, size=(draws, len(PILLARS)))
    drawn = base * factors  # a zero weight stays zero: its pillar keeps having no effect
    drawn = drawn / drawn.sum(axis=1, keepdims=True)
    return np.vstack([base, drawn])


def rank_band(
    pillars: PillarTable,
    weights: Mapping[str, float],
    pct: float,
    draws: int = DRAWS,
    seed: int = SEED,
) -> pd.DataFrame:
    """Per country: the unperturbed rank and the best and worst rank over the draws."""
    values = pillars.values[list(PILLARS)]
    norm = normalise(values, pillars.higher_is_better).to_numpy(dtype="float64")
    ranks = _ranks(_scores(norm, weight_draws(weights, pct, draws, seed)))
    # A country scored in the unperturbed draw is scored in every draw (factors are > 0),
    # so its row has no NaN; an unscored country's row is all NaN.
    scored = ~np.isnan(ranks[:, 0])
    safe = np.where(scored[:, None], ranks, 0.0)
    low = np.where(scored, safe.min(axis=1), np.nan)
    high = np.where(scored, safe.max(axis=1), np.nan)
    return pd.DataFrame(
        {
            "entity": values.index,
            "rank": _int_ranks(ranks[:, 0]),
            "rank_min": _int_ranks(low),
            "rank_max": _int_ranks(high),
        }
    )


def sliders(assumptions: Mapping[str, Assumption]) -> dict[str, SliderSpec]:
    """The composite's sliders by URL key: a weight per pillar, then the band."""
    specs = {WEIGHT_PREFIX + p: slider_of(assumptions, WEIGHT_PREFIX + p) for p in PILLARS}
    specs["band_pct"] = replace(slider_of(assumptions, BAND_PCT), key="band_pct")
    return specs


def compute_pillar(
    frame: pd.DataFrame, year: int, column: str = "scenario_compute"
) -> dict[str, float]:
    """Every country's compute in `year`, ready to override the composite's compute pillar."""
    rows = frame[frame["year"] == year]
    return dict(zip(rows["entity"], rows[column].astype(float), strict=True))


def start_compute(data: Data, assumptions: Mapping[str, Assumption]) -> dict[str, float]:
    """Every country's start (H100e, central): the composite's compute pillar today."""
    try:
        base = baseline(data, assumptions)
    except ValueError:
        return {}
    return {e: base.starts.h100e(e) for e in base.starts.by_entity}
