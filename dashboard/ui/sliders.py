"""What-if sliders as widgets: how a slider holds and shows its value (Streamlit's number
format, whole or decimal positions, the model's value back from a position), its help
line with its source, its value in words, and the widget state a link sets. Shared by
the what-if page and the benchmarks' floor page, which draw exactly the same sliders."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

import pandas as pd
import streamlit as st

from dashboard.base import formatting as fmt
from dashboard.base.i18n import t
from dashboard.model.scenarios.assumptions import SliderSpec
from dashboard.model.scenarios.whatif import Settings
from dashboard.ui import markdown

PERCENT_UNITS = ("fraction", "fraction_per_year")  # 0.6 is shown as 60% on the slider
WIDGET = "wi_"  # prefix of the what-if page's widget keys; the reset clears them all
# Units whose raw numbers are hard to read on a slider: a formatted line goes under it.
SPELLED_OUT = ("gpu", "krw_bn", "usd_per_gpu", "usd_per_mw", "h100e", "chips")


def decimals(step: float) -> int:
    return max(0, -math.floor(math.log10(step) + 1e-9)) if step < 1 else 0


def shown(spec: SliderSpec, value: float) -> float | int:
    """A value as its slider holds it: whole sliders take ints, the others floats."""
    return round(value) if spec.integer else float(value)


def model(spec: SliderSpec, value: float) -> float:
    """A slider position as the model's value, without the float noise of slider steps
    (0.1 + 0.2 would otherwise put 0.30000000000000004 in the link)."""
    return float(value) if spec.integer else round(float(value), decimals(spec.step) + 6)


def number_format(spec: SliderSpec) -> str:
    if spec.unit in PERCENT_UNITS:
        return "percent"
    places = decimals(spec.step)
    if spec.unit == "percent":
        return f"%.{places}f%%"
    if places:
        return f"%.{places}f"
    return "%d" if spec.unit in ("years", "year") else "%,d"  # 2028, not 2,028; but 50,000 GPUs


def source_link(sources: pd.DataFrame, source_id: str) -> str:
    if source_id not in sources.index:
        return ""
    s = sources.loc[source_id]
    text = markdown.md_escape(f"{s['publisher']} ({s['published']})")
    return f"[{text}]({markdown._md_url(s['url'])})" if s["url"] else text


def bounds_note(found: Settings, spec: SliderSpec, lang: str) -> str:
    """How a data slider's range is set (the assumption that sets it), if any."""
    rule = found.assumptions.get(spec.bounds_from)
    return rule.note_in(lang) if rule is not None else ""


def help_text(found: Settings, spec: SliderSpec, sources: pd.DataFrame, lang: str) -> str:
    """Where the default comes from, in a sentence, with its source one click away."""
    link = source_link(sources, spec.source_id)
    if spec.basis == "assumption":
        text = markdown.md_escape(spec.note_in(lang))
        return f"{text}\n\n{t('whatif.help.source', lang, source=link)}" if link else text
    parts = [t("whatif.help.data", lang, source=link) if link else t("whatif.help.derived", lang)]
    if bounds_note(found, spec, lang):
        parts.append(markdown.md_escape(bounds_note(found, spec, lang)))
    return "\n\n".join(parts)


def spelled(spec: SliderSpec, value: float, values: Mapping[str, float], lang: str) -> str:
    """A slider's value in words: "5만 장", "100조 원 (733억 달러)", "43.6만 H100e"."""
    if spec.unit == "gpu":
        return t("unit.gpu", lang, n=fmt.compact(value, lang))
    if spec.unit in ("h100e", "chips"):
        return (
            t("unit.h100e", lang, n=fmt.compact(value, lang))
            if spec.unit == "h100e"
            else fmt.compact(value, lang)
        )
    if spec.unit == "krw_bn":
        krw = value * 1e9
        return (
            f"{fmt.money(krw, 'KRW', lang)} ({fmt.money(krw / values['krw_per_usd'], 'USD', lang)})"
        )
    return fmt.money(value, "USD", lang)  # USD per GPU or per MW


def plain(spec: SliderSpec, value: float, lang: str) -> str:
    """A slider value in words for the assumptions table (percent for fractions)."""
    if spec.unit in PERCENT_UNITS:
        return fmt.percent(value * 100, lang)
    return fmt.number(value, lang, decimals=None if spec.integer else decimals(spec.step))


def draw(found: Settings, key: str, values: Mapping[str, float], sources: pd.DataFrame,
         lang: str, where=st, callback: Mapping | None = None) -> None:  # fmt: skip
    """The slider for URL key `key` at `values[key]` (the value the session holds), with
    its bounds, step and help from its spec; `callback` is its `on_change` and `args`, if
    any.

    The value is given to the widget as well as held in the session (`set_values`): a
    browser that has not yet drawn the slider when the session's value was set (its
    first run cut short by a re-run, as a phone's is by reporting its width) falls back
    to the widget's own value, which without it would be the slider's minimum."""
    spec = found.sliders[key]
    low, high, step = (shown(spec, x) for x in (spec.min, spec.max, spec.step))
    where.slider(spec.label(lang), min_value=low, max_value=high, step=step,
                 value=shown(spec, values[key]), format=number_format(spec), key=WIDGET + key,
                 help=help_text(found, spec, sources, lang), **(callback or {}))  # fmt: skip
    if spec.unit in SPELLED_OUT:
        where.caption(spelled(spec, model(spec, st.session_state[WIDGET + key]), values, lang))


def grid(found: Settings, keys: list[str], values, sources, lang: str, columns: int = 3,
         callback_of: Callable[[str], Mapping] | None = None) -> None:  # fmt: skip
    """The sliders of `keys` in `columns` columns; `callback_of(key)` gives each slider's
    callback (`on_change` and `args`), if any."""
    cols = st.columns(columns)
    for i, key in enumerate(keys):
        callback = callback_of(key) if callback_of else None
        draw(found, key, values, sources, lang, cols[i % columns], callback)


def set_values(found: Settings, values: Mapping[str, float]) -> None:
    for key, value in values.items():
        st.session_state[WIDGET + key] = shown(found.sliders[key], value)


def current(found: Settings, from_link: Mapping[str, float]) -> dict[str, float]:
    """Every slider's value: the widget's if drawn before, else the link's or default."""
    return {key: model(spec, st.session_state[WIDGET + key]) if WIDGET + key in st.session_state
            else from_link[key] for key, spec in found.sliders.items()}  # fmt: skip
