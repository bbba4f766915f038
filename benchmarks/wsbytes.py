"""`ws_bytes_per_rerun_<page>`: the bytes the server sends for one re-run of each page,
as a browser receives them (websocket frames, with Streamlit's message cache: a large
message the browser already holds comes as a reference).

One server (`deploy.server.serve`) of `dashboard/app.py`; per page one viewer
(`benchmarks.loadgen`) opens it, then re-runs it every 0.2-0.4 s for 5 seconds,
moving a slider where the page has any (the what-if page: a section's slider re-runs
that section and what reads every section) and re-running it unchanged where it has
none. The figure is the median over the successful re-runs; `ws_reruns_<page>` how many.
"""

from __future__ import annotations

import asyncio
import math
from typing import Any

from benchmarks.harness import Figure, Run
from benchmarks.loadgen import run_load, warm
from dashboard.model.params import PAGES
from deploy.server import serve

SECONDS = 5  # of re-runs per page
RESERVE_S = len(PAGES) * (SECONDS + 2)  # a fixed length: the pages, each warmed first
FIGURES = tuple(Figure(f"ws_bytes_per_rerun_{page}") for page in PAGES)


def measure(run: Run) -> dict[str, Any]:
    seconds = run.pick(SECONDS, 1.5)
    r: dict[str, Any] = {}
    with serve("dashboard/app.py") as server:
        for page in PAGES:
            asyncio.run(warm(server.url, page))
            out = asyncio.run(run_load(server.url, page=page, sessions=1, duration_s=seconds,
                                       seed=run.seed, think=(0.2, 0.4)))  # fmt: skip
            value = out["bytes_p50"]
            r[f"ws_bytes_per_rerun_{page}"] = value if value is not None else math.nan
            r[f"ws_reruns_{page}"] = len(out["latencies"])
            r[f"ws_errors_{page}"] = out["errors"]
    return r
