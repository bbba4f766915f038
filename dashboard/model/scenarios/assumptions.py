"""The scenario assumptions: one sourced definition of every default, bound and step.

The rows live in `data/assumptions.csv`, declared in `datapackage.json` like every other
file, so the shared checks (`dashboard.data.dataset`, the same ones `python -m
dashboard.validate` runs) type them, check their bounds, step and source, and name the
file, line and column of any fault; `dashboard.data.load` hands the rows that passed to the
scenarios as the typed table `Data.assumptions`. `assumptions_from(data)` turns that
table into `Assumption`s keyed by parameter id. A row with an error is not in the table,
so a scenario that needs it raises `AssumptionsError` naming the parameter rather than
computing with a wrong number; a data folder that does not declare the file has no
assumptions at all, and the what-if page says so.

An assumption may name its value in the projection's named low and high cases (`low`,
`high`; `Assumption.of(case)`), so the bands come from coherent cases rather than from
extremes: `Range` holds one figure's three cases.

Two kinds of slider come out of here, both as `SliderSpec`:
- `slider(assumption)`: a new assumption (GPU price, PUE, ...), whose value, bounds
  and step are the CSV row's;
- `data_slider(...)`: a default that is a figure from the data (a pledge amount, an
  exchange rate). The value is the data's; the bounds are a stated multiple or band of
  it, themselves assumptions (`data_slider_max_multiple`, `fx_slider_band`).

This module does no scenario arithmetic, reads no file and does not read the
observation data.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

import pandas as pd

from dashboard.base.i18n import t
from dashboard.data.load import Data

FILE = "assumptions.csv"
CASES = ("low", "central", "high")
WHOLE_UNITS = (
    "year",
    "years",
    "count",
)  # a slider of these with a whole step is whole  # the named cases every band is drawn from
# Parameters the data-derived sliders need (see `data_slider`).
MAX_MULTIPLE = "data_slider_max_multiple"
FX_BAND = "fx_slider_band"


@dataclass(frozen=True)
class Assumption:
    """One scenario parameter: its default, slider bounds and step, and where it comes from."""

    parameter: str
    label_en: str
    label_ko: str
    value: float
    unit: str
    min: float
    max: float
    step: float
    source_id: str
    confidence: str
    note: str
    note_ko: str = ""
    low: float | None = None  # the value in the named low case; None: the default
    high: float | None = None

    def label(self, lang: str) -> str:
        return self.label_ko if lang == "ko" else self.label_en

    def note_in(self, lang: str) -> str:
        return self.note_ko if lang == "ko" and self.note_ko else self.note

    @property
    def is_design_choice(self) -> bool:
        return self.confidence == "design"

    def of(self, case: str) -> float:
        """The default in a named case ("low", "central", "high")."""
        found = {"low": self.low, "high": self.high}.get(case)
        return self.value if found is None else found

    def moved(self, case: str, current: float) -> float:
        """The case's value when the slider stands at `current` instead of the default:
        the same step away from it (a difference for years, a ratio for the rest, so a
        volume set to 0 stays 0), within the slider's bounds."""
        wanted = self.of(case)
        if wanted == self.value:
            return current
        if current == self.value:
            return wanted
        if self.unit == "year" or self.value == 0:
            moved = current + wanted - self.value
        else:
            moved = current * wanted / self.value
        return min(max(moved, self.min), self.max)


@dataclass(frozen=True)
class Range:
    """One figure in the three named cases."""

    low: float
    central: float
    high: float

    def of(self, case: str) -> float:
        return getattr(self, case)

    @classmethod
    def flat(cls, value: float) -> Range:
        return cls(value, value, value)


class AssumptionsError(ValueError):
    """A scenario needs parameters that have no usable row; `missing` names them."""

    def __init__(self, missing: Iterable[str]) -> None:
        self.missing = tuple(missing)
        super().__init__(f"{FILE}: missing row for {', '.join(self.missing)}")


def assumptions_from(data: Data) -> dict[str, Assumption]:
    """Every assumption row that passed the data checks, by parameter id (empty when the
    data folder does not declare the file)."""
    table = data.assumptions
    if table.empty:
        return {}
    return {
        str(r["parameter"]): Assumption(
            parameter=str(r["parameter"]),
            label_en=str(r["label_en"]),
            label_ko=str(r["label_ko"]),
            value=float(r["value"]),
            unit=str(r["unit"]),
            min=float(r["min"]),
            max=float(r["max"]),
            step=float(r["step"]),
            source_id=str(r["source_id"]),
            confidence=str(r["confidence"]),
            note=str(r["note"]),
            note_ko=str(r.get("note_ko", "")),
            low=_number(r.get("low")),
            high=_number(r.get("high")),
        )
        for r in table.to_dict("records")
    }


def _number(value: object) -> float | None:
    """A case column's value: None where the cell is empty."""
    return None if value is None or pd.isna(value) else float(value)


def require(assumptions: Mapping[str, Assumption], *parameters: str) -> None:
    """Raise `AssumptionsError` naming any parameter a scenario needs but the data lacks."""
    missing = [p for p in parameters if p not in assumptions]
    if missing:
        raise AssumptionsError(missing)


def value_of(assumptions: Mapping[str, Assumption], parameter: str) -> float:
    require(assumptions, parameter)
    return assumptions[parameter].value


# ---------------------------------------------------------------- sliders


@dataclass(frozen=True)
class SliderSpec:
    """Everything a UI slider needs, and the basis of its default (for the source line)."""

    key: str
    label_en: str
    label_ko: str
    value: float
    min: float
    max: float
    step: float
    unit: str
    source_id: str
    basis: str  # "assumption" (a CSV row) or "data" (a figure from the data)
    note: str = ""
    integer: bool = False
    note_ko: str = ""
    # The assumption that sets a data slider's bounds (its note says how), if any.
    bounds_from: str = ""
    parameter: str = ""  # the assumption row an assumption slider shows

    def label(self, lang: str) -> str:
        return self.label_ko if lang == "ko" else self.label_en

    def note_in(self, lang: str) -> str:
        return self.note_ko if lang == "ko" and self.note_ko else self.note

    def clamp(self, x: float) -> float:
        """`x` within the slider's bounds (a value from a link may lie outside them)."""
        return min(max(x, self.min), self.max)


def slider(a: Assumption) -> SliderSpec:
    return SliderSpec(
        key=a.parameter,
        label_en=a.label_en,
        label_ko=a.label_ko,
        value=a.value,
        min=a.min,
        max=a.max,
        step=a.step,
        unit=a.unit,
        source_id=a.source_id,
        basis="assumption",
        note=a.note,
        note_ko=a.note_ko,
        parameter=a.parameter,
        integer=a.unit in WHOLE_UNITS and float(a.step).is_integer(),
    )


def slider_of(assumptions: Mapping[str, Assumption], parameter: str) -> SliderSpec:
    """The slider of one assumption; `AssumptionsError` when the data has no usable row
    for it (a row with an error is left out by the checks)."""
    require(assumptions, parameter)
    return slider(assumptions[parameter])


def nice_step(span: float, divisions: int = 200) -> float:
    """A 1-2-5 step giving about `divisions` steps over `span` (a readable slider grid)."""
    if span <= 0:
        return 1.0
    raw = span / divisions
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def ui_labels(key: str, **params: object) -> dict[str, str]:
    """`label_en` and `label_ko` of a slider from the strings files, for the sliders whose
    words are not in assumptions.csv (those set from a figure in the data)."""
    return {f"label_{lang}": t(key, lang, **params) for lang in ("en", "ko")}


def data_slider(
    key: str,
    value: float,
    *,
    label_en: str,
    label_ko: str,
    unit: str,
    source_id: str,
    assumptions: Mapping[str, Assumption],
    integer: bool = False,
) -> SliderSpec:
    """A slider whose default is a figure from the data: 0 .. value x `data_slider_max_multiple`."""
    multiple = value_of(assumptions, MAX_MULTIPLE)
    high = max(value * multiple, value)
    step = 1.0 if integer else nice_step(high)
    if integer:
        high = float(math.ceil(high))
    return SliderSpec(
        key=key,
        label_en=label_en,
        label_ko=label_ko,
        value=value,
        min=0.0,
        max=high,
        step=step,
        unit=unit,
        source_id=source_id,
        basis="data",
        integer=integer,
        bounds_from=MAX_MULTIPLE,
    )


def rate_slider(
    key: str,
    rate: float,
    *,
    label_en: str,
    label_ko: str,
    unit: str,
    source_id: str,
    assumptions: Mapping[str, Assumption],
) -> SliderSpec:
    """A slider around an exchange rate from the data: rate x (1 -/+ `fx_slider_band`)."""
    band = value_of(assumptions, FX_BAND)
    low, high = rate * (1 - band), rate * (1 + band)
    return SliderSpec(
        key=key,
        label_en=label_en,
        label_ko=label_ko,
        value=rate,
        min=low,
        max=high,
        step=nice_step(high - low),
        unit=unit,
        source_id=source_id,
        basis="data",
        bounds_from=FX_BAND,
    )


def with_values(
    assumptions: Mapping[str, Assumption], values: Mapping[str, float]
) -> dict[str, Assumption]:
    """The assumptions with some values changed (slider positions), bounds kept."""
    require(assumptions, *values)
    out = dict(assumptions)
    for parameter, value in values.items():
        out[parameter] = replace(out[parameter], value=float(value))
    return out
