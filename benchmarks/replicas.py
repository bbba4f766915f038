"""The audience load against two app processes behind the proxy of ``deploy/``.

`bench_replicas` is `benchmarks.run`'s ``replicas`` step: for 50 and then 100 sessions
(3 and 4 with ``--quick``), a fresh pair of replicas behind nginx
(`deploy.serve.cluster`, the config `make serve` runs), each replica opened once
directly before the audience comes, then `benchmarks.loadgen.run_load` through the
proxy with the settings of the single-process loads (what-if page, the same duration,
think times and seed). Figures, with N the sessions and the suffix ``_replicas2``:

- ``load_p95_s_N_replicas2``, ``load_p50_s_N_replicas2``, ``load_first_p95_s_N_replicas2``,
  ``load_errors_N_replicas2`` (``load_errors_<kind>_N_replicas2`` by kind),
  ``load_runs_N_replicas2``, ``load_changed_runs_N_replicas2``: as for one process;
- ``load_p95_ratio_50_replicas2``: the 50-session p95 over ``load_floor_p95_s_25`` (the
  floor, one process, 25 sessions) when the load step ran first;
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
import math
import os
import re
import time
from collections import Counter
from pathlib import Path
from typing import Any

REPLICAS = 2
PAGE = "whatif"
FULL_SESSIONS = (50, 100)
QUICK_SESSIONS = (3, 4)
# A websocket that nginx upgraded, and the replicas tried for it, the last one took it
# (deploy/nginx's log format: "upstream=A:1, B:2"). nginx logs it when it closes.
STREAM_LINE = re.compile(r'"GET /_stcore/stream[^"]*" 101 .*?upstream=(\S+(?:, \S+)*)')
LOG_WAIT_S = 5.0


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of process `pid` so far (``/proc/PID/stat``)."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2 :].split()  # the name may hold spaces
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def websockets_by_replica(access_log: Path) -> Counter[str]:
    """How many websockets each replica took, from the proxy's access log."""
    return Counter(
        match.group(1).split(", ")[-1]
        for line in access_log.read_text(errors="replace").splitlines()
        if (match := STREAM_LINE.search(line))
    )


def largest_share(access_log: Path, expected: int) -> float:
    """The largest share of the websockets that one replica took (nan: none logged).
    Waits briefly for the `expected` closes to reach the log."""
    deadline = time.monotonic() + LOG_WAIT_S
    counts = websockets_by_replica(access_log)
    while sum(counts.values()) < expected and time.monotonic() < deadline:
        time.sleep(0.2)
        counts = websockets_by_replica(access_log)
    total = sum(counts.values())
    return max(counts.values()) / total if total else math.nan


def bench_replicas(run: Any) -> None:
    """Two replicas behind nginx under 50 and 100 sessions (`benchmarks.run.Run`)."""
    from benchmarks.loadgen import run_load
    from benchmarks.run import _warm, ratio
    from benchmarks.server import free_port
    from deploy.serve import cluster

    s = run.settings
    r = run.results
    for sessions, n in zip(
        QUICK_SESSIONS if s.quick else FULL_SESSIONS, FULL_SESSIONS, strict=True
    ):
        suffix = f"{n}_replicas{REPLICAS}"
        with cluster(REPLICAS, free_port()) as running:
            for replica in running.replicas:  # each loads its data before the audience
                asyncio.run(_warm(replica.url, PAGE))
            access_log = Path(running.status()["access_log"])
            access_log.write_text("")  # the audience's requests only
            pids = [replica.server.pid for replica in running.replicas]
            before = sum(cpu_seconds(pid) for pid in pids)
            out = asyncio.run(
                run_load(
                    running.url,
                    page=PAGE,
                    sessions=sessions,
                    duration_s=s.load_duration_s,
                    seed=s.load_seed,
                    think=s.load_think_s,
                )
            )
            used = sum(cpu_seconds(pid) for pid in pids) - before
            rss = max(replica.server.peak_rss_mb() for replica in running.replicas)
            share = largest_share(access_log, out["first_loads"])
        run.raw[f"load_{suffix}"] = {k: v for k, v in out.items() if not k.endswith("latencies")}
        for key, value in (
            ("load_p95_s", out["p95_s"]),
            ("load_p50_s", out["p50_s"]),
            ("load_first_p95_s", out["first_p95_s"]),
        ):
            r[f"{key}_{suffix}"] = value if value is not None else math.nan
        r[f"load_errors_{suffix}"] = out["errors"]
        for kind, count in sorted(out["error_counts"].items()):  # timeout, connect, ...
            r[f"load_errors_{kind}_{suffix}"] = count
        r[f"load_runs_{suffix}"] = out["runs"]
        r[f"load_changed_runs_{suffix}"] = out["changed_runs"]
        r[f"load_sessions_{suffix}"] = sessions
        r[f"rss_mb_{suffix}"] = rss
        r[f"cpu_cores_{suffix}"] = used / out["wall_s"] / REPLICAS
        r[f"load_replica_share_{suffix}"] = share
    if "load_floor_p95_s_25" in r:
        r[f"load_p95_ratio_50_replicas{REPLICAS}"] = ratio(
            r[f"load_p95_s_50_replicas{REPLICAS}"], r["load_floor_p95_s_25"]
        )
