"""How a what-if slider holds and shows its value: Streamlit's number format, whole or
decimal positions, and the model's value back from a position. Shared by the what-if
page and the benchmarks' floor page, which must draw exactly the same sliders."""

from __future__ import annotations

import math

from dashboard.model.scenarios.assumptions import SliderSpec

PERCENT_UNITS = ("fraction", "fraction_per_year")  # 0.6 is shown as 60% on the slider


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
    return "%d" if spec.unit == "years" else "%,d"  # 2028, not 2,028; but 50,000 GPUs
