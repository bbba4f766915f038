"""`load_p95_s_<N>`, `load_errors_<N>`, `load_p95_ratio_25`, `rss_mb_<N>`: an audience of
N websocket sessions (`benchmarks.loadgen`) on one app process, and on its floor.

Each load against a fresh server (`deploy.server.serve`) of `dashboard/app.py`: N
sessions open `/whatif`, then each moves a slider every 3-8 s (seed 1) for 60 s, N = 25
and 50. p95 is over the slider reruns (first loads apart: `load_first_p95_s_<N>`); errors
count failed runs of any kind (`load_errors_<kind>_<N>` by kind: timeout, connect, ...);
when no slider rerun succeeds, p95 is null (nan in the table). One session opens the
page before the audience comes (the server's first data load is not in the figures).
The floor: the what-if page captured once per run (`benchmarks.capture`), served alone
(at `/`), under the 25-session load (`load_floor_*_25`); `load_p95_ratio_25` is
`load_p95_s_25` over its p95. `rss_mb_<N>`, `rss_mb_floor_25`: the server's peak resident
memory (`VmHWM`) during the load. `load_think_s_min`/`_max`, `load_duration_s`: the
audience measured (`deploy.sizing` reads them).
"""

from __future__ import annotations

import asyncio
import math
from dataclasses import dataclass
from typing import Any

from benchmarks import apptest, capture
from benchmarks.harness import Figure, Run, ratio
from benchmarks.loadgen import run_load, warm
from deploy.server import serve

PAGE = "whatif"  # the app's URL path
# Per load on top of its duration: server start, warm-up, and the reruns still running at
# the end (waited for up to loadgen's 30 s timeout), server stop.
LOAD_OVERHEAD_S = 35
RESERVE_S = 3 * (60 + LOAD_OVERHEAD_S)  # three loads
FIGURES = (
    Figure("load_p95_s_25"),
    Figure("load_floor_p95_s_25"),
    Figure("load_p95_ratio_25", "<= 1.5 (vs floor)", lambda v: v <= 1.5),
    Figure("load_errors_25", "= 0", lambda v: v == 0),
    Figure("load_p95_s_50"),
    Figure("load_errors_50", "= 0", lambda v: v == 0),
    Figure("rss_mb_25"),
)


@dataclass(frozen=True)
class Audience:
    """How the simulated viewers behave: for how long, and the pause between moves."""

    duration_s: float
    think_s: tuple[float, float]
    seed: int


def audience(run: Run) -> Audience:
    """A minute of viewers moving a slider every 3 to 8 s; when quick, 8 s and shorter
    pauses."""
    return run.pick(Audience(60, (3, 8), run.seed), Audience(8, (0.5, 1.5), run.seed))


def figures_of(out: dict[str, Any], prefix: str, n: str) -> dict[str, Any]:
    """A load's figures: `{prefix}_p95_s_{n}` and the rest (n: "25", "50_replicas2")."""

    def seconds(value: float | None) -> float:
        return value if value is not None else math.nan

    r = {
        f"{prefix}_p95_s_{n}": seconds(out["p95_s"]),
        f"{prefix}_p50_s_{n}": seconds(out["p50_s"]),
        f"{prefix}_first_p95_s_{n}": seconds(out["first_p95_s"]),
        f"{prefix}_errors_{n}": out["errors"],
    }
    for kind, count in sorted(out["error_counts"].items()):  # timeout, connect, ...
        r[f"{prefix}_errors_{kind}_{n}"] = count
    return r | {
        f"{prefix}_runs_{n}": out["runs"],
        f"{prefix}_changed_runs_{n}": out["changed_runs"],
        f"{prefix}_sessions_{n}": out["sessions"],
    }


def measure(run: Run) -> dict[str, Any]:
    who = audience(run)
    floor = {capture.FLOOR_ENV: str(run.floor(apptest.WHATIF))}
    plan = (  # script, its environment, its page, sessions, figure prefix, N in the names
        (apptest.APP, {}, PAGE, run.pick(25, 2), "load", "25"),
        (apptest.APP, {}, PAGE, run.pick(50, 3), "load", "50"),
        (apptest.FLOOR_PAGE, floor, "", run.pick(25, 2), "load_floor", "25"),
    )
    r: dict[str, Any] = {}
    for script, env, page, sessions, prefix, n in plan:
        with serve(script, env=env) as server:
            asyncio.run(warm(server.url, page))
            out = asyncio.run(run_load(server.url, page=page, sessions=sessions,
                                       duration_s=who.duration_s, seed=who.seed,
                                       think=who.think_s))  # fmt: skip
            rss = server.peak_rss_mb()
        run.raw[f"{prefix}_{n}"] = {k: v for k, v in out.items() if not k.endswith("latencies")}
        r |= figures_of(out, prefix, n)
        r[f"{'rss_mb' if prefix == 'load' else 'rss_mb_floor'}_{n}"] = rss
    r["load_duration_s"] = who.duration_s
    r["load_think_s_min"], r["load_think_s_max"] = who.think_s
    r["load_p95_ratio_25"] = ratio(r["load_p95_s_25"], r["load_floor_p95_s_25"])
    return r
