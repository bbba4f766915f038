"""Cost of compute: owning N GPUs versus renting the same used hours in the cloud.

Over a horizon equal to the hardware's lifetime (the owner buys once and runs the GPUs
until they are written off; no residual value, no replacement):

    own   = capex + energy x utilisation        (a fixed part and a part per used hour)
    cloud = cloud price x used GPU-hours        (paid only for the hours used)

    capex        = N x (GPU price + other IT capex per GPU)
                   + N x power per GPU (kW) / 1000 x facility cost per MW
    used hours   = N x HOURS_PER_YEAR x lifetime x utilisation
    energy/hour  = power per GPU x average draw x PUE x electricity price

Break-even utilisation (closed form): own(u) = cloud(u) at
    u* = capex / (N x HOURS_PER_YEAR x lifetime x (cloud price - energy per GPU-hour));
owning is cheaper above u*. None when owning never breaks even within 0 <= u <= 1 (the
cloud hour costs no more than the energy of an owned hour, or u* > 1).

Modelling choices, stated because they move the answer: energy is paid only for used
hours (idle draw has no sourced figure, so owning is slightly flattered); the facility is
charged in full (set its cost per MW to 0 for colocation or an existing building); staff,
maintenance, software, network egress and the cost of capital are left out on both sides.
Money is computed in USD; KRW figures use the reader's KRW per USD rate, and a KRW
electricity price is converted at that same rate. Nothing here formats text.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from dashboard.model.scenarios.assumptions import (
    Assumption,
    SliderSpec,
    slider_of,
    value_of,
)

HOURS_PER_YEAR = 365.25 * 24  # 8,766: a calendar average year, by definition
KW_PER_MW = 1000.0

Currency = Literal["KRW", "USD"]
# Assumption ids, and which slider each feeds.
PARAMETERS = {
    "gpu_price_usd": "gpu_unit_price_usd",
    "other_capex_per_gpu_usd": "other_capex_per_gpu_usd",
    "facility_usd_per_mw": "facility_capex_usd_per_mw",
    "power_kw_per_gpu": "power_kw_per_gpu",
    "draw_fraction": "average_draw_fraction",
    "pue": "pue",
    "utilisation": "utilisation",
    "lifetime_years": "lifetime_years",
    "cloud_usd_per_gpu_hour": "cloud_usd_per_gpu_hour",
}
ELECTRICITY = {"KRW": "electricity_krw_per_kwh", "USD": "electricity_usd_per_kwh"}
CLOUD_ALTERNATIVES = (
    "cloud_usd_per_gpu_hour",
    "cloud_usd_per_gpu_hour_aws",
    "cloud_usd_per_gpu_hour_seoul",
)


@dataclass(frozen=True)
class TcoInputs:
    gpus: float
    gpu_price_usd: float
    other_capex_per_gpu_usd: float
    facility_usd_per_mw: float
    power_kw_per_gpu: float
    draw_fraction: float
    pue: float
    electricity_price: float  # per kWh, in `electricity_currency`
    electricity_currency: Currency
    utilisation: float
    lifetime_years: float
    cloud_usd_per_gpu_hour: float
    krw_per_usd: float

    def __post_init__(self) -> None:
        money = (
            self.gpu_price_usd,
            self.other_capex_per_gpu_usd,
            self.facility_usd_per_mw,
            self.electricity_price,
            self.cloud_usd_per_gpu_hour,
            self.power_kw_per_gpu,
        )
        if self.gpus < 0 or any(x < 0 or not math.isfinite(x) for x in (self.gpus, *money)):
            raise ValueError("GPU count, prices and power must be 0 or more")
        if not 0 < self.utilisation <= 1:
            raise ValueError(f"utilisation must be within (0, 1], not {self.utilisation}")
        if not 0 < self.draw_fraction <= 1:
            raise ValueError(f"average draw must be within (0, 1], not {self.draw_fraction}")
        if self.pue < 1:
            raise ValueError(f"PUE cannot be below 1, not {self.pue}")
        if not self.lifetime_years > 0 or not self.krw_per_usd > 0:
            raise ValueError("lifetime and KRW per USD must be greater than 0")
        if self.electricity_currency not in ELECTRICITY:
            raise ValueError(
                f"electricity price currency must be KRW or USD, not {self.electricity_currency}"
            )


def default_inputs(
    assumptions: Mapping[str, Assumption],
    gpus: float,
    krw_per_usd: float,
    electricity_currency: Currency = "KRW",
) -> TcoInputs:
    """Every input at its assumption's default; `gpus` and the rate come from the caller
    (a preset or the build-out scenario, and the data's exchange rate)."""
    values = {field: value_of(assumptions, parameter) for field, parameter in PARAMETERS.items()}
    return TcoInputs(
        gpus=gpus,
        krw_per_usd=krw_per_usd,
        electricity_price=value_of(assumptions, ELECTRICITY[electricity_currency]),
        electricity_currency=electricity_currency,
        **values,
    )


def sliders(
    assumptions: Mapping[str, Assumption], electricity_currency: Currency = "KRW"
) -> dict[str, SliderSpec]:
    specs = {field: slider_of(assumptions, p) for field, p in PARAMETERS.items()}
    specs["electricity_price"] = slider_of(assumptions, ELECTRICITY[electricity_currency])
    return specs


def cloud_presets(assumptions: Mapping[str, Assumption]) -> list[Assumption]:
    """The sourced cloud prices a reader can switch between (neocloud, AWS, Seoul)."""
    return [assumptions[p] for p in CLOUD_ALTERNATIVES if p in assumptions]


# ---------------------------------------------------------------- the arithmetic


def electricity_usd_per_kwh(inputs: TcoInputs) -> float:
    if inputs.electricity_currency == "USD":
        return inputs.electricity_price
    return inputs.electricity_price / inputs.krw_per_usd


def energy_usd_per_gpu_hour(inputs: TcoInputs) -> float:
    """Electricity of one used GPU-hour, facility overhead (PUE) included."""
    kwh = inputs.power_kw_per_gpu * inputs.draw_fraction * inputs.pue
    return kwh * electricity_usd_per_kwh(inputs)


def capex_usd(inputs: TcoInputs) -> float:
    """Hardware (GPU + other IT) and the building sized to the GPUs' power."""
    hardware = inputs.gpus * (inputs.gpu_price_usd + inputs.other_capex_per_gpu_usd)
    facility_mw = inputs.gpus * inputs.power_kw_per_gpu / KW_PER_MW
    return hardware + facility_mw * inputs.facility_usd_per_mw


def available_gpu_hours(inputs: TcoInputs) -> float:
    """GPU-hours over the lifetime if every GPU ran all the time."""
    return inputs.gpus * HOURS_PER_YEAR * inputs.lifetime_years


def own_usd(inputs: TcoInputs, utilisation: float | None = None) -> float:
    u = inputs.utilisation if utilisation is None else utilisation
    used = available_gpu_hours(inputs) * u
    return capex_usd(inputs) + used * energy_usd_per_gpu_hour(inputs)


def cloud_usd(inputs: TcoInputs, utilisation: float | None = None) -> float:
    u = inputs.utilisation if utilisation is None else utilisation
    return available_gpu_hours(inputs) * u * inputs.cloud_usd_per_gpu_hour


def break_even_utilisation(inputs: TcoInputs) -> float | None:
    """The utilisation at which owning costs the same as renting (see the module docstring)."""
    margin = inputs.cloud_usd_per_gpu_hour - energy_usd_per_gpu_hour(inputs)
    hours = available_gpu_hours(inputs)
    if margin <= 0 or hours <= 0:
        return None  # each used hour costs the owner at least as much as the cloud
    u = capex_usd(inputs) / (hours * margin)
    return u if u <= 1 else None  # 0 when nothing is bought up front: owning always wins


# ---------------------------------------------------------------- the result


@dataclass(frozen=True)
class TcoResult:
    """Totals over the lifetime and costs per used GPU-hour, in USD, and the KRW per USD
    rate the reader set (won figures are these times it)."""

    capex_usd: float
    energy_usd: float
    own_usd: float
    cloud_usd: float
    used_gpu_hours: float
    own_per_hour_usd: float
    cloud_per_hour_usd: float
    break_even_utilisation: float | None
    krw_per_usd: float


def tco(inputs: TcoInputs) -> TcoResult:
    """Owning versus renting at the inputs' utilisation (see the module docstring)."""
    used = available_gpu_hours(inputs) * inputs.utilisation
    own, cloud = own_usd(inputs), cloud_usd(inputs)
    nan = float("nan")
    return TcoResult(
        capex_usd=capex_usd(inputs),
        energy_usd=used * energy_usd_per_gpu_hour(inputs),
        own_usd=own,
        cloud_usd=cloud,
        used_gpu_hours=used,
        own_per_hour_usd=own / used if used else nan,
        cloud_per_hour_usd=cloud / used if used else nan,
        break_even_utilisation=break_even_utilisation(inputs),
        krw_per_usd=inputs.krw_per_usd,
    )
