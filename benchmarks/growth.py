"""`rerun_growth_16_over_4`: how a page's re-run grows with the countries drawn.

The compute page on the synthetic folder (`benchmarks.synthetic`: 200 entities x 30 years,
every metric): a session selects the first N countries in the sidebar (a link holds at
most 30), then scale and basis changes are timed (one unmeasured first), for N = 4, 16
and 64, in one fresh process (the data is read once, as a server reads it once).
Figures: `rerun_s_countries_<N>`, `rerun_growth_<N>_over_4`.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from benchmarks import apptest
from benchmarks.harness import BenchmarkError, Figure, Run, command_line, median, ratio
from benchmarks.pages import PAGES

SHARE_S = 60
PAGE = "compute"
COUNTRIES = (4, 16, 64)
# Changes that keep the countries (the compute page's view settings).
CHANGES = apptest.cycle(
    ("segmented_control", "scale", "linear"),
    ("segmented_control", "basis", "per_capita"),
    ("segmented_control", "scale", "log"),
    ("segmented_control", "basis", "absolute"),
)
FIGURES = (Figure("rerun_growth_16_over_4", "<= 4", lambda v: v <= 4),)


def measure(run: Run) -> dict[str, Any]:
    folder = run.synthetic_dir()
    args = [PAGE, "--countries", *(str(n) for n in COUNTRIES),
            "--samples", str(run.pick(2, 1)), "--warmup", str(run.warmup)]  # fmt: skip
    out = run.raw["growth"] = run.fresh(
        "benchmarks.growth", args, env={"DASHBOARD_DATA_DIR": str(folder)}
    )
    r: dict[str, Any] = {"growth_rows": out["rows"], "growth_errors": 0}
    for n in COUNTRIES:
        if out[str(n)]["drawn"] != n:
            raise BenchmarkError(f"asked for {n} countries, the page drew {out[str(n)]['drawn']}")
        r[f"rerun_s_countries_{n}"] = median(out[str(n)]["rerun_s"])
        r["growth_errors"] += out[str(n)]["errors"]
    first = COUNTRIES[0]
    for n in COUNTRIES[1:]:
        r[f"rerun_growth_{n}_over_{first}"] = ratio(
            r[f"rerun_s_countries_{n}"], r[f"rerun_s_countries_{first}"]
        )
    return r


# ------------------------------------------------------------------ in the fresh process


def _measure(args: argparse.Namespace) -> dict[str, Any]:
    """The app's page re-run with N countries selected, for each N of `--countries`."""
    from dashboard.data.dataset import data_dir_from_env
    from dashboard.data.load import load

    data = load(data_dir_from_env())
    countries = list(data.countries())
    out: dict[str, Any] = {"rows": len(data.observations), "countries_available": len(countries)}
    bench = PAGES[args.page]
    for n in args.countries:
        if n > len(countries):
            raise SystemExit(f"{n} countries asked for, the data has {len(countries)}")
        # Chosen in the sidebar: a link holds at most params.MAX_ENTITIES countries.
        query = {k: v for k, v in bench.query.items() if k != "countries"}
        at = apptest.open_page(bench.path, query)
        apptest.change(at, ("multiselect", "countries_control", countries[:n])).run()
        drawn = apptest.countries(at).split(",")
        walls = []
        errors = len(apptest.failures(at))
        for i, step in enumerate(CHANGES(at, args.seed, args.warmup + args.samples)):
            start = time.perf_counter()
            apptest.change(at, step).run()
            if i >= args.warmup:
                walls.append(time.perf_counter() - start)
            errors += len(apptest.failures(at))
        out[str(n)] = {"rerun_s": walls, "errors": errors, "drawn": len(drawn)}
        del at  # one session at a time, as the reruns are timed one at a time
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.growth", description=__doc__)
    parser.add_argument("page", choices=[p for p in PAGES if p != "whatif"])
    parser.add_argument("--countries", type=int, nargs="+", default=list(COUNTRIES))
    parser.add_argument("--samples", type=int, default=4)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--seed", type=int, default=1)
    return command_line(parser, _measure, argv)


if __name__ == "__main__":
    sys.exit(main())
