"""The what-if page's sections, each one frozen object whose fields are named as a link
names the settings: `s.<field>` for a slider, `preset` for the build-out's path.

`Section.from_values(specs, values, preset=...)` builds one from every slider's value (a
link's, a story slide's, the page's widgets'), keeping each within its slider's bounds
and whole where the slider is (`kept`): the one place a value is checked. The model
functions take these objects as they are (no twin input classes), and the one cache keys
a section's result on its fields, so a slider of another section leaves it as it was.

A field with `prefix` metadata holds the family of sliders whose keys start with it
(`weight_compute`, ...) as (suffix, value) pairs; a field holding another section holds
that section's values (the composite reads the build-out's and the pledge's); a field
with `text` metadata is not a slider but a link parameter of its own (`preset`).
Nothing here knows which sliders exist: the specs say.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any, Self, get_type_hints

from dashboard.model.params import Bounded

WEIGHT_PREFIX = "weight_"  # + pillar: the composite's weight of that pillar


def kept(spec: Bounded, value: float) -> float:
    """`value` as slider `spec` takes it: within its bounds, whole where the slider is. A
    value that is not a finite number is a ValueError (a link's are checked before)."""
    x = float(value)
    if not math.isfinite(x):
        raise ValueError(f"{spec.key}: {value!r} is not a finite number")
    x = min(max(x, spec.min), spec.max)
    return float(round(x)) if spec.integer else x


def _family(prefix: str) -> Any:
    return field(metadata={"prefix": prefix})


def _text() -> Any:
    return field(default="", metadata={"text": True})


@dataclass(frozen=True)
class Section:
    @classmethod
    def from_values(
        cls, specs: Mapping[str, Bounded], values: Mapping[str, float], **text: str
    ) -> Self:
        """The section out of `values` (every slider's, or just this section's) and its text
        fields (`preset`). ValueError when `values` names a key no slider has, lacks one
        the section reads or holds a value that is not a finite number; KeyError when the
        specs have no slider for a field."""
        unknown = [k for k in values if k not in specs]
        if unknown:
            raise ValueError(f"no slider for {', '.join(map(repr, unknown))}")
        return cls._build(specs, values, text)

    @classmethod
    def _build(cls, specs: Mapping[str, Bounded], values: Mapping[str, float], text) -> Self:
        def one(key: str) -> float:
            if key not in specs:
                raise KeyError(f"{cls.__name__}: no slider {key!r}")
            if key not in values:
                raise ValueError(f"{cls.__name__}: no value for {key!r}")
            return kept(specs[key], values[key])

        hints = get_type_hints(cls)
        out: dict[str, object] = {}
        for f in fields(cls):
            kind, prefix = hints[f.name], f.metadata.get("prefix")
            if f.metadata.get("text"):
                out[f.name] = str(text.get(f.name, ""))
            elif isinstance(kind, type) and issubclass(kind, Section):
                out[f.name] = kind._build(specs, values, text)
            elif prefix:
                family = [k for k in specs if k.startswith(prefix)]
                out[f.name] = tuple((k.removeprefix(prefix), one(k)) for k in family)
            else:
                out[f.name] = one(f.name)
        return cls(**out)

    @classmethod
    def keys_of(cls, specs: Mapping[str, Bounded]) -> tuple[str, ...]:
        """The slider keys this section reads, for these sliders."""
        return cls._build(specs, {k: s.value for k, s in specs.items()}, {}).keys()

    def values(self) -> dict[str, float]:
        """The slider values by key (a nested section's included; text fields not)."""
        out: dict[str, float] = {}
        for f in fields(self):
            value, prefix = getattr(self, f.name), f.metadata.get("prefix")
            if f.metadata.get("text"):
                continue
            if isinstance(value, Section):
                out.update(value.values())
            elif prefix:
                out.update({prefix + suffix: x for suffix, x in value})
            else:
                out[f.name] = value
        return out

    def keys(self) -> tuple[str, ...]:
        return tuple(self.values())

    def reads(self) -> frozenset[str]:
        """Every slider key and text field (`preset`) it reads, a nested section's too."""
        out = set(self.values())
        for f in fields(self):
            value = getattr(self, f.name)
            if f.metadata.get("text"):
                out.add(f.name)
            elif isinstance(value, Section):
                out |= value.reads()
        return frozenset(out)


@dataclass(frozen=True)
class BuildoutScenario(Section):
    """The compute projection: the world's path, China's export-control setting, Korea's
    and France's pipelines, the US's share, and Korea's extra GPUs."""

    target_year: float
    world_sales_slowdown: float
    power_efficiency_growth: float
    chip_service_life_years: float
    china_licensed_imports_2026: float
    china_smuggled_2026: float
    china_ascend_output_2026: float
    china_hbm_bound_2026: float
    china_domestic_growth: float
    kor_deal_realisation: float
    kor_deal_end_year: float
    mw_realisation: float
    us_share_non_china: float
    added_gpus: float
    deploy_years: float
    start_year: float
    added_ratio: float
    preset: str = _text()  # Korea's government path ("" the data's default, "none")


@dataclass(frozen=True)
class PledgeScenario(Section):
    """Korea's AI pledge: amount in won, years, the public part and the exchange rate."""

    pledge_krw_bn: float
    pledge_years: float
    public_share: float
    krw_per_usd: float

    def __post_init__(self) -> None:
        if self.pledge_krw_bn < 0 or not math.isfinite(self.pledge_krw_bn):
            raise ValueError(f"the pledge must be 0 or more, not {self.pledge_krw_bn}")
        if not self.pledge_years > 0 or not self.krw_per_usd > 0:
            raise ValueError("years and KRW per USD must be greater than 0")
        if not 0 <= self.public_share <= 1:
            raise ValueError(f"public share must be within 0..1, not {self.public_share}")

    @property
    def usd_bn(self) -> float:
        return self.pledge_krw_bn / self.krw_per_usd

    @property
    def annual_usd_bn(self) -> float:
        return self.usd_bn / self.pledge_years


@dataclass(frozen=True)
class TcoScenario(Section):
    """Owning GPUs against renting them: what is bought, what it costs to run, and how
    much it is used. Electricity is priced in won at the pledge section's rate."""

    tco_gpus: float
    gpu_price_usd: float
    other_capex_per_gpu_usd: float
    facility_usd_per_mw: float
    power_kw_per_gpu: float
    draw_fraction: float
    pue: float
    electricity_krw_per_kwh: float
    utilisation: float
    lifetime_years: float
    cloud_usd_per_gpu_hour: float
    krw_per_usd: float

    def __post_init__(self) -> None:
        money = (self.tco_gpus, self.gpu_price_usd, self.other_capex_per_gpu_usd,
                 self.facility_usd_per_mw, self.electricity_krw_per_kwh,
                 self.cloud_usd_per_gpu_hour, self.power_kw_per_gpu)  # fmt: skip
        if any(x < 0 or not math.isfinite(x) for x in money):
            raise ValueError("GPU count, prices and power must be 0 or more")
        if not 0 < self.utilisation <= 1 or not 0 < self.draw_fraction <= 1:
            raise ValueError("utilisation and average draw must be within (0, 1]")
        if self.pue < 1:
            raise ValueError(f"PUE cannot be below 1, not {self.pue}")
        if not self.lifetime_years > 0 or not self.krw_per_usd > 0:
            raise ValueError("lifetime and KRW per USD must be greater than 0")


@dataclass(frozen=True)
class CompositeScenario(Section):
    """The composite index: pillar weights and the rank band's perturbation, fed by the
    build-out's compute in its last year and the pledge's private part."""

    buildout: BuildoutScenario
    pledge: PledgeScenario
    weights: tuple[tuple[str, float], ...] = _family(WEIGHT_PREFIX)  # (pillar, weight)
    band_pct: float = 0.0

    def pillar_weights(self) -> dict[str, float]:
        return dict(self.weights)

    def has_weight(self) -> bool:
        """Whether any pillar has weight: with none there is no index to draw."""
        return sum(w for _, w in self.weights) > 0


@dataclass(frozen=True)
class Scenario:
    """Every section of one scenario, read from one link or slide."""

    buildout: BuildoutScenario
    pledge: PledgeScenario
    cost: TcoScenario
    index: CompositeScenario

    @classmethod
    def from_values(
        cls, specs: Mapping[str, Bounded], values: Mapping[str, float], preset: str
    ) -> Scenario:
        sections = {}
        for name, kind in (("buildout", BuildoutScenario), ("pledge", PledgeScenario),
                           ("cost", TcoScenario), ("index", CompositeScenario)):  # fmt: skip
            sections[name] = kind._build(specs, values, {"preset": preset})
        return cls(**sections)
