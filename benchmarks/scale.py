"""`scale_ratio`: the what-if re-run on a big data folder against the real data's.

`rerun_s_app` (`benchmarks.rerun`, the app's what-if page after a slider move) on the
synthetic folder (`benchmarks.synthetic`: 200 entities x 30 years x every metric, about
336,000 rows) over the same on the real data. Both draw the default countries (KOR, CHN,
FRA, USA: the synthetic folder keeps the real entities; checked, `scale_countries`) and
get the same moves. When the rerun benchmark did not run first, the real data's figure is
measured here.
"""

from __future__ import annotations

import time
from typing import Any

from benchmarks import rerun
from benchmarks.harness import BenchmarkError, Figure, Run, median, ratio

SHARE_S = 55
FIGURES = (Figure("scale_ratio", "<= 1.5", lambda v: v <= 1.5),)


def measure(run: Run) -> dict[str, Any]:
    r: dict[str, Any] = {}
    began, budget = time.perf_counter(), run.budget("scale")
    real = run.raw.get("rerun_app")
    if real is None:
        real = run.raw["rerun_app"] = rerun.worker(run, "app", budget / 2)
    r["rerun_s_app"] = run.results.get("rerun_s_app", median(real["rerun_s"]))
    r["rerun_cpu_s_app"] = run.results.get("rerun_cpu_s_app", median(real["rerun_cpu_s"]))
    out = run.raw["rerun_app_synthetic"] = rerun.worker(
        run,
        "app",
        max(0.0, budget - (time.perf_counter() - began)),  # "-6e-05" reads as an option
        env={"DASHBOARD_DATA_DIR": str(run.synthetic_dir())},
        samples=run.pick(8, 1),
    )
    if out["countries"] != real["countries"]:
        raise BenchmarkError(
            f"the synthetic run drew {out['countries']}, the real one {real['countries']}"
        )
    r["scale_countries"] = out["countries"]
    r["rerun_s_app_synthetic"] = median(out["rerun_s"])
    r["rerun_cpu_s_app_synthetic"] = median(out["rerun_cpu_s"])
    r["rerun_n_app_synthetic"] = len(out["rerun_s"])
    r["whatif_first_s_app_synthetic"] = out["first_s"]
    r["cold_s_app_synthetic"] = out["landing_s"]
    r["scale_errors"] = out["errors"]
    r["scale_ratio"] = ratio(r["rerun_s_app_synthetic"], r["rerun_s_app"])
    r["scale_cpu_ratio"] = ratio(r["rerun_cpu_s_app_synthetic"], r["rerun_cpu_s_app"])
    return r
