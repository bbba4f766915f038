"""One unit for every compute figure: the H100-equivalent (H100e).

The basis is the world total's: Epoch AI's chip sales normalised by peak 8-bit OP/s, an
H100 counting 1 (AI Index 2026: 17.1 million H100e in 2025). A GPU counts its chip
type's ratio from `data/assumptions.csv` (`h100e_ratio_<type>`): dense 16-bit throughput
over the H100's, which equals the 8-bit ratio for every chip whose 8-bit rate is twice
its 16-bit rate (the B200 and B300: 4.5 PFLOPS / 1.979 = 2.25 / 0.9894 = 2.27). A type
the data does not give (or "mixed") counts as `h100e_ratio_unknown`, an H100 with a range
from an A100 to a B200; a list of types ("B200/H200") counts the mean of their ratios,
from the lowest to the highest. Each ratio comes as a `Range` over the named cases.

This module converts; it reads no file and knows nothing of countries.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from dashboard.model.scenarios.assumptions import Assumption, Range, require

REFERENCE_GPU = "h100"  # the unit: ratio 1 by definition, not an assumption
RATIO_PREFIX = "h100e_ratio_"
UNKNOWN = RATIO_PREFIX + "unknown"
# Words that name a vendor or a board variant but not the chip's performance class.
_NOISE_TOKENS = {"nvidia", "amd", "huawei", "instinct", "hgx", "dgx", "sxm", "sxm4", "sxm5",
                 "80gb", "94gb", "141gb"}  # fmt: skip


def gpu_type_key(gpu_type: str) -> str:
    """A GPU type as an assumption key: "NVIDIA H100 SXM5 80GB" -> "h100", "Ascend 910B" ->
    "ascend_910b"; a list "B200/H200" keeps its slash."""
    tokens = [t for t in re.split(r"[^a-z0-9/]+", gpu_type.lower()) if t and t not in _NOISE_TOKENS]
    return "_".join(tokens)


def _known(key: str, assumptions: Mapping[str, Assumption]) -> float | None:
    if key == REFERENCE_GPU:
        return 1.0
    found = assumptions.get(RATIO_PREFIX + key) if key else None
    return found.value if found is not None else None


def ratio(gpu_type: str, assumptions: Mapping[str, Assumption]) -> Range:
    """H100e per GPU of this type, in the three cases (see the module docstring)."""
    key = gpu_type_key(gpu_type or "")
    if "/" in key:
        parts = [_known(p, assumptions) for p in key.split("/") if p]
        if parts and all(p is not None for p in parts):
            return Range(min(parts), sum(parts) / len(parts), max(parts))
    single = _known(key, assumptions)
    if single is not None:
        return Range.flat(single)
    require(assumptions, UNKNOWN)
    unknown = assumptions[UNKNOWN]
    return Range(unknown.of("low"), unknown.value, unknown.of("high"))


def is_known(gpu_type: str, assumptions: Mapping[str, Assumption]) -> bool:
    """Whether the type (or every type of a list) has its own ratio."""
    key = gpu_type_key(gpu_type or "")
    return bool(key) and all(_known(p, assumptions) is not None for p in key.split("/") if p)
