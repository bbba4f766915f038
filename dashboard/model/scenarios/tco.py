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
Money is computed in USD; KRW figures use the reader's KRW per USD rate, and the KRW
electricity price is converted at that same rate. The inputs are the cost section as the
link names it (`sections.TcoScenario`). Nothing here formats text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from dashboard.model.scenarios.assumptions import Assumption, SliderSpec, slider_of
from dashboard.model.scenarios.sections import TcoScenario

HOURS_PER_YEAR = 365.25 * 24  # 8,766: a calendar average year, by definition
KW_PER_MW = 1000.0

# The cost section's sliders that show an assumption: URL key -> assumption id.
PARAMETERS = {
    "gpu_price_usd": "gpu_unit_price_usd",
    "other_capex_per_gpu_usd": "other_capex_per_gpu_usd",
    "facility_usd_per_mw": "facility_capex_usd_per_mw",
    "power_kw_per_gpu": "power_kw_per_gpu",
    "draw_fraction": "average_draw_fraction",
    "pue": "pue",
    "electricity_krw_per_kwh": "electricity_krw_per_kwh",
    "utilisation": "utilisation",
    "lifetime_years": "lifetime_years",
    "cloud_usd_per_gpu_hour": "cloud_usd_per_gpu_hour",
}
CLOUD_ALTERNATIVES = (
    "cloud_usd_per_gpu_hour",
    "cloud_usd_per_gpu_hour_aws",
    "cloud_usd_per_gpu_hour_seoul",
)


def sliders(assumptions: Mapping[str, Assumption]) -> dict[str, SliderSpec]:
    """The assumption sliders of the cost section, by URL key."""
    return {key: replace(slider_of(assumptions, p), key=key) for key, p in PARAMETERS.items()}


def cloud_presets(assumptions: Mapping[str, Assumption]) -> list[Assumption]:
    """The sourced cloud prices a reader can switch between (neocloud, AWS, Seoul)."""
    return [assumptions[p] for p in CLOUD_ALTERNATIVES if p in assumptions]


# ---------------------------------------------------------------- the arithmetic


def electricity_usd_per_kwh(c: TcoScenario) -> float:
    return c.electricity_krw_per_kwh / c.krw_per_usd


def energy_usd_per_gpu_hour(c: TcoScenario) -> float:
    """Electricity of one used GPU-hour, facility overhead (PUE) included."""
    return c.power_kw_per_gpu * c.draw_fraction * c.pue * electricity_usd_per_kwh(c)


def capex_usd(c: TcoScenario) -> float:
    """Hardware (GPU + other IT) and the building sized to the GPUs' power."""
    hardware = c.tco_gpus * (c.gpu_price_usd + c.other_capex_per_gpu_usd)
    facility_mw = c.tco_gpus * c.power_kw_per_gpu / KW_PER_MW
    return hardware + facility_mw * c.facility_usd_per_mw


def available_gpu_hours(c: TcoScenario) -> float:
    """GPU-hours over the lifetime if every GPU ran all the time."""
    return c.tco_gpus * HOURS_PER_YEAR * c.lifetime_years


def own_usd(c: TcoScenario, utilisation: float | None = None) -> float:
    u = c.utilisation if utilisation is None else utilisation
    return capex_usd(c) + available_gpu_hours(c) * u * energy_usd_per_gpu_hour(c)


def cloud_usd(c: TcoScenario, utilisation: float | None = None) -> float:
    u = c.utilisation if utilisation is None else utilisation
    return available_gpu_hours(c) * u * c.cloud_usd_per_gpu_hour


def break_even_utilisation(c: TcoScenario) -> float | None:
    """The utilisation at which owning costs the same as renting (see the module docstring)."""
    margin = c.cloud_usd_per_gpu_hour - energy_usd_per_gpu_hour(c)
    hours = available_gpu_hours(c)
    if margin <= 0 or hours <= 0:
        return None  # each used hour costs the owner at least as much as the cloud
    u = capex_usd(c) / (hours * margin)
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


def tco(c: TcoScenario) -> TcoResult:
    """Owning versus renting at the section's utilisation (see the module docstring)."""
    used = available_gpu_hours(c) * c.utilisation
    own, cloud = own_usd(c), cloud_usd(c)
    nan = float("nan")
    return TcoResult(
        capex_usd=capex_usd(c),
        energy_usd=used * energy_usd_per_gpu_hour(c),
        own_usd=own,
        cloud_usd=cloud,
        used_gpu_hours=used,
        own_per_hour_usd=own / used if used else nan,
        cloud_per_hour_usd=cloud / used if used else nan,
        break_even_utilisation=break_even_utilisation(c),
        krw_per_usd=c.krw_per_usd,
    )
