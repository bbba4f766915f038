"""The URL parameter schema: every view setting a link can carry, typed and bounded.

`parse(query, entities=...)` turns a query mapping (values as strings or lists of
strings, as browsers send them) into a `ViewState` and a list of notices for values it
could not use; a bad value falls back to its default, never to an error. `encode(state)`
goes the other way, writing only what differs from the defaults. This module does not
read or write Streamlit's query params; `dashboard.ui.state` does.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace

from dashboard.i18n import DEFAULT_LANG, LANGS

MAX_VALUE_LENGTH = 200  # longer values are refused whole, not truncated into meaning
MAX_ENTITIES = 30
SCALES = ("linear", "log")
BASES = ("absolute", "per_capita", "per_gdp")


@dataclass(frozen=True)
class Notice:
    """A parameter that was ignored: which, and why (a strings key under `notice.`)."""

    param: str
    reason: str


@dataclass(frozen=True)
class ViewState:
    lang: str = DEFAULT_LANG
    present: bool = False
    slide: int = 1
    countries: tuple[str, ...] = ()  # empty: the data's default selection
    scale: str = "log"  # the figures span orders of magnitude (2K to 20M GPUs)
    basis: str = "absolute"
    focus: str = ""  # entity for single-country panels; empty: the home country


@dataclass(frozen=True)
class _Param:
    name: str
    kind: str  # choice | flag | int | entities | entity
    choices: tuple[str, ...] = ()
    low: int = 0
    high: int = 0


SCHEMA: tuple[_Param, ...] = (
    _Param("lang", "choice", choices=LANGS),
    _Param("present", "flag"),
    _Param("slide", "int", low=1, high=99),
    _Param("countries", "entities"),
    _Param("scale", "choice", choices=SCALES),
    _Param("basis", "choice", choices=BASES),
    _Param("focus", "entity"),
)
assert {p.name for p in SCHEMA} == {f.name for f in fields(ViewState)}


def _single(raw: str | Sequence[str]) -> tuple[str | None, str | None]:
    """The one value of a parameter, or a notice reason."""
    values = [raw] if isinstance(raw, str) else list(raw)
    if len(values) != 1:
        return None, "repeated"
    value = values[0]
    if len(value) > MAX_VALUE_LENGTH:
        return None, "too_long"
    return value.strip(), None


def _convert(param: _Param, value: str, entities: frozenset[str]) -> tuple[object, str | None]:
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
    # entities: comma-separated ids, each known, no repeats
    ids = [v.strip() for v in value.split(",") if v.strip()]
    if not ids or len(ids) > MAX_ENTITIES:
        return None, "out_of_range"
    if any(i not in entities for i in ids):
        return None, "unknown_entity"
    return tuple(dict.fromkeys(ids)), None


def parse(
    query: Mapping[str, str | Sequence[str]], *, entities: Sequence[str]
) -> tuple[ViewState, list[Notice]]:
    """The view a query describes, and notices for whatever had to be ignored."""
    known = frozenset(entities)
    by_name = {p.name: p for p in SCHEMA}
    values: dict[str, object] = {}
    notices: list[Notice] = []
    for key, raw in query.items():
        param = by_name.get(key)
        if param is None:
            notices.append(Notice(key[:40], "unknown_param"))
            continue
        value, reason = _single(raw)
        if reason is None:
            value, reason = _convert(param, value, known)
        if reason is not None:
            notices.append(Notice(key, reason))
            continue
        values[key] = value
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
    return out


__all__ = ["BASES", "SCALES", "SCHEMA", "Notice", "ViewState", "encode", "parse"]
