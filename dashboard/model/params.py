"""The URL parameter schema: every view setting a link can carry, typed and bounded.

`parse(query, entities=..., sliders=...)` turns a query mapping (values as strings or
lists of strings, as browsers send them) into a `ViewState` and a list of notices for
values it could not use; a bad value falls back to its default, never to an error.
`encode(state)` goes the other way, writing only what differs from the defaults.

Scenario (what-if) sliders travel as `s.<key>=<number>`, one per slider that is off its
default, and the build-out's path as `preset=<id>` (ids from the data, or "none").
Up to three saved scenarios travel beside the current one, each as `scN.name=<text>`,
`scN.preset=<id>` and `scN.s.<key>=<number>` (N = 1..3), checked like the current one.
The sliders' bounds are the slider specs the caller passes (`sliders`: anything with
`key`, `min`, `max` and `integer`, such as `dashboard.model.scenarios.assumptions.SliderSpec`),
so the URL accepts exactly what the sliders can show: a finite number within bounds,
whole where the slider is, given once. This module does not read or write Streamlit's
query params (`dashboard.ui.url` does) and does not know which sliders exist.
"""

from __future__ import annotations

import math
import re
import urllib.parse
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace
from typing import Protocol

from dashboard.base.i18n import DEFAULT_LANG, LANGS
from dashboard.model.views import PLAN_BASES

MAX_VALUE_LENGTH = 200  # longer values are refused whole, not truncated into meaning
MAX_ENTITIES = 30
MAX_SAVED = 3  # saved scenarios a link carries beside the current one
MAX_NAME = 60  # characters of a saved scenario's name
SAVED = re.compile(r"sc([0-9]+)\.(name|preset|s\.(.+))")
SCALES = ("linear", "log")
BASES = ("absolute", "per_capita", "per_gdp")
SCENARIO_PREFIX = "s."
DEFAULT_PAGE = "overview"  # the app's default page, served at its root
# The app's pages by URL path, in the navigation's order (dashboard/pages/<path>.py).
PAGES = ("overview", "compute", "companies", "rankings", "investment", "whatif", "sources")
# A plain decimal number, as a slider writes it: no "nan", "inf", "1_000", hex or units.
_NUMBER = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")


@dataclass(frozen=True)
class Notice:
    """A parameter that was ignored: which, and why (a strings key under `notice.`)."""

    param: str
    reason: str


@dataclass(frozen=True)
class Saved:
    """A named scenario kept beside the current one: its path and its sliders off their
    defaults (sorted (key, value) pairs, as `ViewState.scenario`)."""

    name: str = ""
    preset: str = ""
    scenario: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class ViewState:
    lang: str = DEFAULT_LANG
    present: bool = False
    slide: int = 1
    qr: bool = False  # presentation mode: a QR code of the view's link on the slide
    countries: tuple[str, ...] = ()  # empty: the data's default selection
    scale: str = "log"  # the figures span orders of magnitude (2K to 20M GPUs)
    basis: str = "absolute"
    focus: str = ""  # entity for single-country panels; empty: the home country
    # Announced plans: total, per year, per person per year or share of GDP. Per person
    # per year by default: plans of different countries and periods compare fairly.
    plan_basis: str = "per_capita"
    # Policy events (events.csv) marked on charts over years. Off by default: a link or
    # deck made before events existed still shows what it showed, and a marker beside a
    # line invites reading it as the cause of the change; a reader or a story slide that
    # wants the context turns them on.
    events: bool = False
    # What-if slider values that differ from their defaults: sorted (key, value) pairs.
    scenario: tuple[tuple[str, float], ...] = ()
    preset: str = ""  # the build-out's path: "" the data's default
    saved: tuple[Saved, ...] = ()  # named scenarios to compare, at most MAX_SAVED

    def scenario_value(self, key: str, default: float) -> float:
        return dict(self.scenario).get(key, default)


class Bounded(Protocol):
    """What `parse` needs to know of a scenario slider."""

    @property
    def key(self) -> str: ...
    @property
    def min(self) -> float: ...
    @property
    def max(self) -> float: ...
    @property
    def integer(self) -> bool: ...


@dataclass(frozen=True)
class _Param:
    name: str
    kind: str  # choice | flag | int | entities | entity | preset
    choices: tuple[str, ...] = ()
    low: int = 0
    high: int = 0


SCHEMA: tuple[_Param, ...] = (
    _Param("lang", "choice", choices=LANGS),
    _Param("present", "flag"),
    _Param("slide", "int", low=1, high=99),
    _Param("qr", "flag"),
    _Param("countries", "entities"),
    _Param("scale", "choice", choices=SCALES),
    _Param("basis", "choice", choices=BASES),
    _Param("focus", "entity"),
    _Param("plan_basis", "choice", choices=PLAN_BASES),
    _Param("events", "flag"),
    _Param("preset", "preset"),
)
assert {p.name for p in SCHEMA} | {"scenario", "saved"} == {f.name for f in fields(ViewState)}


def _single(raw: str | Sequence[str]) -> tuple[str | None, str | None]:
    """The one value of a parameter, or a notice reason."""
    values = [raw] if isinstance(raw, str) else list(raw)
    if len(values) != 1:
        return None, "repeated"
    value = values[0]
    if len(value) > MAX_VALUE_LENGTH:
        return None, "too_long"
    return value.strip(), None


def _convert(
    param: _Param, value: str, entities: frozenset[str], presets: frozenset[str] = frozenset()
) -> tuple[object, str | None]:
    if param.kind == "choice":
        return (value, None) if value in param.choices else (None, "not_allowed")
    if param.kind == "flag":
        return (
            ({"1": True, "0": False}[value], None) if value in ("0", "1") else (None, "not_allowed")
        )
    if param.kind == "int":
        try:
            number = float(value)
        except ValueError:
            return None, "not_a_number"
        if not math.isfinite(number) or number != int(number):
            return None, "not_a_number"
        if not param.low <= number <= param.high:
            return None, "out_of_range"
        return int(number), None
    if param.kind == "entity":
        return (value, None) if value in entities else (None, "unknown_entity")
    if param.kind == "preset":
        return (value, None) if value in presets else (None, "not_allowed")
    # entities: comma-separated ids, each known, no repeats
    ids = [v.strip() for v in value.split(",") if v.strip()]
    if not ids or len(ids) > MAX_ENTITIES:
        return None, "out_of_range"
    if any(i not in entities for i in ids):
        return None, "unknown_entity"
    return tuple(dict.fromkeys(ids)), None


def _scenario_number(spec: Bounded, value: str) -> tuple[float | None, str | None]:
    if not _NUMBER.fullmatch(value):
        return None, "not_a_number"
    number = float(value)
    if not math.isfinite(number) or (spec.integer and number != int(number)):
        return None, "not_a_number"  # 1e309 overflows to inf; 2.5 is not a GPU count
    if not spec.min <= number <= spec.max:
        return None, "out_of_range"
    return number, None


def _name(raw: str | Sequence[str]) -> tuple[str | None, str | None]:
    """A saved scenario's name: printable text of at most MAX_NAME characters."""
    value, reason = _single(raw)
    if reason is not None:
        return None, reason
    if len(value) > MAX_NAME:
        return None, "too_long"
    if not value or not value.isprintable():
        return None, "not_allowed"
    return value, None


def parse(
    query: Mapping[str, str | Sequence[str]],
    *,
    entities: Sequence[str],
    sliders: Sequence[Bounded] = (),
    presets: Sequence[str] = (),
) -> tuple[ViewState, list[Notice]]:
    """The view a query describes, and notices for whatever had to be ignored.

    `sliders` are the scenario sliders a link may set (`s.<key>`); any other `s.` key
    is unknown, like any other unknown parameter. `presets` are the build-out paths a
    link may name (`preset`, `scN.preset`).
    """
    known, paths = frozenset(entities), frozenset(presets)
    by_name = {p.name: p for p in SCHEMA}
    specs = {s.key: s for s in sliders}
    values: dict[str, object] = {}
    scenario: dict[str, float] = {}
    saved: dict[int, dict[str, object]] = {}
    notices: list[Notice] = []

    def number(key: str, spec: Bounded, raw: str | Sequence[str]) -> float | None:
        text, reason = _single(raw)
        found, reason = (None, reason) if reason else _scenario_number(spec, text)
        if found is None:
            notices.append(Notice(key, reason or "not_a_number"))
        return found

    for key, raw in query.items():
        if key.startswith(SCENARIO_PREFIX) and key[len(SCENARIO_PREFIX) :] in specs:
            found = number(key, specs[key[len(SCENARIO_PREFIX) :]], raw)
            if found is not None:
                scenario[key[len(SCENARIO_PREFIX) :]] = found
            continue
        match = SAVED.fullmatch(key)
        if match:
            slot, field_, slider = int(match.group(1)), match.group(2), match.group(3)
            if not 1 <= slot <= MAX_SAVED or (slider is not None and slider not in specs):
                notices.append(Notice(key[:40], "unknown_param"))
                continue
            entry = saved.setdefault(slot, {"scenario": {}})
            if slider is not None:
                found = number(key, specs[slider], raw)
                if found is not None:
                    entry["scenario"][slider] = found
            elif field_ == "name":
                name, reason = _name(raw)
                if reason is not None:
                    notices.append(Notice(key, reason))
                else:
                    entry["name"] = name
            else:
                value, reason = _single(raw)
                if reason is None:
                    value, reason = _convert(by_name["preset"], value, known, paths)
                if reason is not None:
                    notices.append(Notice(key, reason))
                else:
                    entry["preset"] = value
            continue
        param = by_name.get(key)
        if param is None:
            notices.append(Notice(key[:40], "unknown_param"))
            continue
        value, reason = _single(raw)
        if reason is None:
            value, reason = _convert(param, value, known, paths)
        if reason is not None:
            notices.append(Notice(key, reason))
            continue
        values[key] = value
    values["scenario"] = tuple(sorted(scenario.items()))
    values["saved"] = tuple(
        Saved(
            name=str(entry.get("name", "")),
            preset=str(entry.get("preset", "")),
            scenario=tuple(sorted(entry["scenario"].items())),
        )
        for _, entry in sorted(saved.items())
    )
    return replace(ViewState(), **values), notices


def encode(state: ViewState) -> dict[str, str]:
    """Query parameters for a state: only those that differ from the defaults."""
    default = ViewState()
    out: dict[str, str] = {}
    for param in SCHEMA:
        value = getattr(state, param.name)
        if value == getattr(default, param.name):
            continue
        if param.kind == "flag":
            out[param.name] = "1" if value else "0"
        elif param.kind == "entities":
            out[param.name] = ",".join(value)
        else:
            out[param.name] = str(value)
    for key, number in state.scenario:
        out[SCENARIO_PREFIX + key] = number_text(number)
    for slot, kept in enumerate(state.saved[:MAX_SAVED], 1):
        prefix = f"sc{slot}."
        if kept.name:
            out[prefix + "name"] = kept.name
        if kept.preset:
            out[prefix + "preset"] = kept.preset
        for key, number in kept.scenario:
            out[prefix + SCENARIO_PREFIX + key] = number_text(number)
    return out


def link(base: str, page: str, query: Mapping[str, str]) -> str:
    """The address of `page` with `query`: `base` (scheme, host and any path prefix, no
    trailing slash; "" for a bare path) then the page's path, the overview at the root."""
    path = "" if page in ("", DEFAULT_PAGE) else page
    text = urllib.parse.urlencode(query)
    return f"{base}/{path}" + (f"?{text}" if text else "")


def number_text(number: float) -> str:
    """A number as a link writes it: "50000", "1.5"; it parses back to the same float."""
    if float(number).is_integer() and abs(number) < 2**53:
        return str(int(number))
    return repr(float(number))


def scenario_of(
    values: Mapping[str, float], defaults: Mapping[str, float]
) -> tuple[tuple[str, float], ...]:
    """`ViewState.scenario` for slider values: those off their default, sorted by key."""
    return tuple(sorted((k, float(v)) for k, v in values.items() if v != defaults.get(k)))


__all__ = [
    "BASES",
    "PLAN_BASES",
    "SCALES",
    "SCENARIO_PREFIX",
    "SCHEMA",
    "Bounded",
    "Notice",
    "Saved",
    "ViewState",
    "encode",
    "link",
    "number_text",
    "parse",
    "scenario_of",
]
