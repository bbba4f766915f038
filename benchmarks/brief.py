"""How long one briefing document takes to build, as a reader waits for it: `brief_s`,
the slowest of the overview, compute and what-if briefings in both formats and both
languages, each built as the app's download builds it (`brief.build_brief`, its own
Chromium for the chart picture). The issue's target: under 10 s each.

    python -m benchmarks.brief [DATA_DIR]

`measure(run)` returns {"brief_s": seconds} and the time of each briefing
(`brief_s_<page>_<lang>_<format>`); `make bench` adds them to benchmarks/results.json.
The quick run (the smoke test) builds the Korean overview's in both formats only.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from benchmarks.harness import Figure, Run
from dashboard.data.dataset import data_dir_from_env
from dashboard.data.load import load
from dashboard.model import params
from dashboard.outputs import brief

PAGES = ("overview", "compute", "whatif")
LANGS = ("ko", "en")
# The what-if briefing of a moved slider, so that its scenario is computed, not cached.
SCENARIO = (("added_gpus", 50000.0),)


SHARE_S = 60
FIGURES = (Figure("brief_s", "<= 10", lambda v: v <= 10),)


def measure(run: Run | str | Path | None = None) -> dict[str, float]:
    """Every briefing, timed; `run` is the benchmark run, or a data folder when called
    on its own (the command line)."""
    if isinstance(run, Run):
        data_dir, pages, langs = (
            run.data_dir,
            run.pick(PAGES, PAGES[:1]),
            run.pick(LANGS, LANGS[:1]),
        )
    else:
        data_dir, pages, langs = (Path(run) if run else data_dir_from_env()), PAGES, LANGS
    data = load(data_dir)
    times: dict[str, float] = {}
    for page in pages:
        for lang in langs:
            state = params.ViewState(lang=lang, scenario=SCENARIO if page == "whatif" else ())
            for fmt in brief.FORMATS:
                start = time.perf_counter()
                content = brief.build_brief(data, lang, state, page, fmt, base="http://bench")
                times[f"brief_s_{page}_{lang}_{fmt}"] = round(time.perf_counter() - start, 3)
                assert content, f"no {fmt} for {page} ({lang})"
    return {"brief_s": max(times.values()), **times}


if __name__ == "__main__":
    print(json.dumps(measure(sys.argv[1] if len(sys.argv) > 1 else None), indent=2))
