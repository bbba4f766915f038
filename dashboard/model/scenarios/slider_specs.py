"""The what-if page's sliders that are not one assumption row each: the build-out's
(an assumption row's slider, or one whose default and bounds come from the data, such
as the US's share outside China and the extra GPUs' chip ratio) and the cost section's
GPU count, bounded by Korea's largest GPU figure."""

from __future__ import annotations

from dataclasses import replace

from dashboard.data.load import Data
from dashboard.model.scenarios import (
    buildout,
    pipelines,
    units,
)
from dashboard.model.scenarios.assumptions import (
    MAX_MULTIPLE,
    SliderSpec,
    data_slider,
    slider_of,
    ui_labels,
    value_of,
)

SHARE_BAND = "share_slider_band"
# The build-out's sliders that show an assumption row of the same name, in page order.
BUILDOUT_ASSUMPTIONS = (
    "target_year",
    "world_sales_slowdown",
    "power_efficiency_growth",
    "chip_service_life_years",
    "china_licensed_imports_2026",
    "china_smuggled_2026",
    "china_ascend_output_2026",
    "china_hbm_bound_2026",
    "china_domestic_growth",
    "kor_deal_realisation",
    "kor_deal_end_year",
    "mw_realisation",
)


def share_slider(key: str, value: float, assumptions, label_key: str) -> SliderSpec:
    """A share worked out from the data, within +/- `share_slider_band` of it."""
    band = value_of(assumptions, SHARE_BAND)
    low, high = max(value - band, 0.0), min(value + band, 1.0)
    return SliderSpec(
        key=key,
        **ui_labels(label_key),
        value=round(value, 4),
        min=low,
        max=high,
        step=0.01,
        unit="fraction",
        source_id="",
        basis="data",
        bounds_from=SHARE_BAND,
    )


def buildout_sliders(data: Data, assumptions, base: buildout.Baseline) -> dict[str, SliderSpec]:
    """The compute projection's sliders by URL key: the assumptions' own, the US's share
    (from the data's starts), then Korea's extra GPUs (up to the largest Korean GPU figure
    times `data_slider_max_multiple`, over up to the longest path's span)."""
    out = {key: slider_of(assumptions, key) for key in BUILDOUT_ASSUMPTIONS}
    first = base.year + 1
    target = out["target_year"]
    out["target_year"] = replace(target, min=max(target.min, first))
    out["us_share_non_china"] = share_slider(
        "us_share_non_china", base.us_share(), assumptions, "whatif.slider.us_share"
    )
    figures = pipelines.korean_gpu_figures(data)["value"]
    largest = max([p.total for p in base.presets] + [float(v) for v in figures], default=0.0)
    gpus = data_slider(
        "added_gpus",
        largest,
        **ui_labels("whatif.slider.added_gpus"),
        unit="gpu",
        source_id="",
        assumptions=assumptions,
        integer=True,
    )
    span = max(int(target.max) - first + 1, 1)
    years = SliderSpec(
        key="deploy_years",
        **ui_labels("whatif.slider.build_years"),
        value=1.0,
        min=1.0,
        max=float(span),
        step=1.0,
        unit="years",
        source_id="",
        basis="data",
        integer=True,
    )
    unknown = assumptions[units.UNKNOWN]
    out.update(
        {
            "added_gpus": replace(gpus, value=0.0),
            "deploy_years": years,
            "start_year": replace(
                years,
                key="start_year",
                **ui_labels("whatif.slider.start_year"),
                min=float(first),
                max=float(target.max),
                value=float(first),
                unit="year",
            ),
            "added_ratio": replace(
                slider_of(assumptions, units.UNKNOWN),
                key="added_ratio",
                **ui_labels("whatif.slider.added_ratio"),
                parameter=unknown.parameter,
            ),
        }
    )
    return out


def tco_gpus_slider(data: Data, gpus_max: float) -> SliderSpec:
    """GPUs in the cost comparison: the smallest Korean GPU figure in the data by default
    (the 2025 purchase plan in the shipped data), up to the build-out's top."""
    figures = pipelines.korean_gpu_figures(data)
    smallest = figures.iloc[0] if not figures.empty else None
    value = float(smallest["value"]) if smallest is not None else 0.0
    return SliderSpec(
        key="tco_gpus",
        **ui_labels("whatif.slider.tco_gpus"),
        value=value,
        min=1.0,
        max=max(gpus_max, value),
        step=1.0,
        unit="gpu",
        source_id=str(smallest["source_id"]) if smallest is not None else "",
        basis="data",
        integer=True,
        bounds_from=MAX_MULTIPLE,
    )
