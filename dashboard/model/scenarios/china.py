"""China's additions under an export-control setting.

China adds, each year from the first projected year (the anchor, 2026 in the shipped
data), three flows in H100e:

- domestic chips: the smaller of Huawei's Ascend output target and what China's HBM can
  package (`china_ascend_output_2026`, `china_hbm_bound_2026`), at the Ascend 910C's
  measured ratio, then growing by `china_domestic_growth` a year;
- licensed imports of US chips (`china_licensed_imports_2026`): the export-control setting
  sets this slider to 0 (strict), to today's H200-class licences or to the volume if
  Blackwell-class chips were licensed (`REGIMES`);
- smuggled and proxy-made chips (`china_smuggled_2026`).

After the anchor year imports and smuggling grow with the world's chip sales (a licence
regime holds China's share of what is sold), domestic output by its own rate. The 2026
defaults are calibrated to the 2025-26 estimates their rows cite (The Substrate's
320,000 B300-equivalents for 2026 at today's licences; Commerce, Bloomberg and
SemiAnalysis on Huawei and HBM). China never adds more than the world (`capped`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from dashboard.model.scenarios.assumptions import Assumption, require
from dashboard.model.scenarios.sections import BuildoutScenario

CHINA = "CHN"
ASCEND_RATIO = "h100e_ratio_ascend_910c"
IMPORTS = "china_licensed_imports_2026"
# The export-control settings: the assumption whose value the imports slider takes (None:
# no licensed imports at all).
REGIMES: dict[str, str | None] = {
    "strict": None,
    "licences": IMPORTS,
    "blackwell": "china_imports_blackwell",
}
DEFAULT_REGIME = "licences"
PARAMETERS = ("china_ascend_output_2026", "china_hbm_bound_2026", "china_domestic_growth",
              IMPORTS, "china_smuggled_2026", ASCEND_RATIO, "china_imports_blackwell")  # fmt: skip


def regime_imports(assumptions: Mapping[str, Assumption], regime: str) -> float:
    """The imports slider's value for an export-control setting."""
    parameter = REGIMES[regime]
    return 0.0 if parameter is None else assumptions[parameter].value


def regime_of(assumptions: Mapping[str, Assumption], imports: float) -> str:
    """The setting the imports slider shows, or "" when it is set otherwise."""
    return next((r for r in REGIMES if regime_imports(assumptions, r) == imports), "")


@dataclass(frozen=True)
class Flows:
    """China's additions in one year, H100e."""

    domestic: float
    imports: float
    smuggled: float

    @property
    def total(self) -> float:
        return self.domestic + self.imports + self.smuggled


def _case(assumptions, parameter: str, current: float, case: str) -> float:
    return assumptions[parameter].moved(case, current)


def additions(
    s: BuildoutScenario,
    assumptions: Mapping[str, Assumption],
    world_added: Mapping[int, float],
    anchor: int,
    case: str = "central",
) -> dict[int, Flows]:
    """China's flows by year from `anchor` (see the module docstring), in `case`; the
    world's additions set how imports and smuggling grow after the anchor year."""
    require(assumptions, *PARAMETERS)

    def at(parameter: str) -> float:
        return _case(assumptions, parameter, getattr(s, parameter), case)

    chips = min(at("china_ascend_output_2026"), at("china_hbm_bound_2026"))
    domestic = chips * assumptions[ASCEND_RATIO].value
    growth = at("china_domestic_growth")
    imports, smuggled = at(IMPORTS), at("china_smuggled_2026")
    out = {}
    for year in sorted(y for y in world_added if y >= anchor):
        scale = world_added[year] / world_added[anchor]
        flows = Flows(domestic * (1 + growth) ** (year - anchor), imports * scale, smuggled * scale)
        if flows.total > world_added[year]:  # never more than the world adds
            cut = world_added[year] / flows.total
            flows = Flows(flows.domestic * cut, flows.imports * cut, flows.smuggled * cut)
        out[year] = flows
    return out
