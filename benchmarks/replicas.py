"""The audience load against two app processes behind the proxy of ``deploy/``.

For 50 and then 100 sessions (3 and 4 when quick), a fresh pair of replicas behind nginx
(`deploy.serve.cluster`, the config `make serve` runs), each replica opened once directly
before the audience comes, then `benchmarks.loadgen.run_load` through the proxy with the
audience of the single-process loads (`benchmarks.load.audience`: what-if page, the same
duration, think times and seed). Figures, with N the sessions and the suffix
``_replicas2``:

- ``load_p95_s_N_replicas2``, ``load_p50_s_N_replicas2``, ``load_first_p95_s_N_replicas2``,
  ``load_errors_N_replicas2`` (``load_errors_<kind>_N_replicas2`` by kind),
  ``load_runs_N_replicas2``, ``load_changed_runs_N_replicas2``: as for one process;
- ``load_p95_ratio_50_replicas2``: the 50-session p95 over ``load_floor_p95_s_25`` (the
  floor, one process, 25 sessions) when the load benchmark ran first;
- ``rss_mb_N_replicas2``: the larger of the two replicas' peak resident memory;
- ``cpu_cores_N_replicas2``: CPU time the replicas used during the load over its wall
  time and the number of replicas: the cores one replica kept busy (at most about one,
  as its scripts run under one GIL), the figure the HPA's CPU target rests on;
- ``load_replica_share_N_replicas2``: the largest share of the audience's websockets
  that one replica took, from nginx's access log (0.5 is an even split).

The load generator runs in this process on the same two cores, as do nginx and the
replicas: on this machine the figures are a pessimistic bound for two dedicated cores.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from benchmarks.harness import Figure, Run, ratio
from benchmarks.load import LOAD_OVERHEAD_S, PAGE, audience, figures_of
from benchmarks.loadgen import run_load, warm
from deploy.serve import cluster, largest_share
from deploy.server import free_port

REPLICAS = 2
SESSIONS = (50, 100)  # the names' N; when quick, 3 and 4 sessions
# Two loads, each starting and warming two servers and nginx: about a third load more.
RESERVE_S = 3 * (60 + LOAD_OVERHEAD_S)
FIGURES = (
    Figure("load_p95_s_50_replicas2"),
    Figure("load_p95_ratio_50_replicas2", "<= 1.5 (vs floor at 25)", lambda v: v <= 1.5),
    Figure("load_errors_50_replicas2", "= 0", lambda v: v == 0),
    Figure("load_p95_s_100_replicas2"),
    Figure("load_errors_100_replicas2", "= 0", lambda v: v == 0),
)


def measure(run: Run) -> dict[str, Any]:
    who = audience(run)
    r: dict[str, Any] = {}
    for n, sessions in zip(SESSIONS, run.pick(SESSIONS, (3, 4)), strict=True):
        suffix = f"{n}_replicas{REPLICAS}"
        with cluster(REPLICAS, free_port()) as running:
            for replica in running.replicas:  # each loads its data before the audience
                asyncio.run(warm(replica.url, PAGE))
            access_log = Path(running.status()["access_log"])
            access_log.write_text("")  # the audience's requests only
            servers = [replica.server for replica in running.replicas]
            before = sum(server.cpu_s() for server in servers)
            out = asyncio.run(run_load(running.url, page=PAGE, sessions=sessions,
                                       duration_s=who.duration_s, seed=who.seed,
                                       think=who.think_s))  # fmt: skip
            used = sum(server.cpu_s() for server in servers) - before
            rss = max(server.peak_rss_mb() for server in servers)
            share = largest_share(access_log, out["first_loads"])
        run.raw[f"load_{suffix}"] = {k: v for k, v in out.items() if not k.endswith("latencies")}
        r |= figures_of(out, "load", suffix)
        r[f"rss_mb_{suffix}"] = rss
        r[f"cpu_cores_{suffix}"] = used / out["wall_s"] / REPLICAS
        r[f"load_replica_share_{suffix}"] = share
    if "load_floor_p95_s_25" in run.results:
        r[f"load_p95_ratio_50_replicas{REPLICAS}"] = ratio(
            r[f"load_p95_s_50_replicas{REPLICAS}"], run.results["load_floor_p95_s_25"]
        )
    return r
