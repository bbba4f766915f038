"""What every benchmark file shares: the run (its mode, time budget, results so far and
scratch folder), a fresh process per measurement, the captured floors, medians and ratios.

A benchmark is one module of ``benchmarks/``, listed in `benchmarks.run.BENCHMARKS`, with

    measure(run: Run) -> dict[str, Any]

returning its figures: a flat dict whose names are those of ``results.json``. Optional:

    FIGURES = (Figure("x_ratio", "<= 1.3", lambda v: v <= 1.3), ...)   # the table's rows
    SHARE_S = 60      # its share of the run's time: seconds on an idle 2-core machine
    RESERVE_S = 285   # or the fixed time it takes (the loads), set aside before the others

A measurement that needs a fresh process (so that one app's imports and caches never
help another's) is the module's own command line, ``python -m benchmarks.NAME ...``,
which prints one JSON object on its last line (`command_line`); `Run.fresh` runs it.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

STARTED = time.perf_counter()  # a measuring process's budget counts from its start
REPO_DIR = Path(__file__).resolve().parent.parent
BUDGET_S = 840  # the whole run: the limit is 900 s; a little room is kept
MIN_SCALE = 0.2  # on a busy machine a share shrinks, never below this part of it


class BenchmarkError(RuntimeError):
    """A benchmark could not run; the message says where and why."""


@dataclass(frozen=True)
class Figure:
    """A headline figure: its name, its target as printed, and the test of the target
    (None: reported without a target)."""

    key: str
    target: str = "-"
    ok: Callable[[float], bool] | None = None

    def met(self, results: dict[str, Any]) -> bool | None:
        value = results.get(self.key)
        if self.ok is None or not finite(value):
            return None
        return self.ok(value)


def finite(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def median(values: list[float]) -> float:
    if not values:
        raise BenchmarkError("no samples")
    return float(statistics.median(values))


def ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator > 0 else math.inf


def loadavg() -> float:
    try:
        return os.getloadavg()[0]
    except OSError:
        return math.nan


def fresh(module: str, args: list[str], env: dict[str, str] | None = None,
          timeout_s: float = 600) -> dict[str, Any]:  # fmt: skip
    """Run ``python -m MODULE ARGS`` in a fresh process; the JSON object it printed last."""
    command = [sys.executable, "-m", module, *args]
    child_env = {**os.environ, "PYTHONPATH": str(REPO_DIR), **(env or {})}
    shown = " ".join([module, *args])
    try:
        proc = subprocess.run(
            command,
            cwd=REPO_DIR,
            env=child_env,
            capture_output=True,
            text=True,
            timeout=timeout_s,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise BenchmarkError(f"{shown}: no answer after {timeout_s:.0f} s") from exc
    lines = proc.stdout.strip().splitlines()
    if proc.returncode != 0 or not lines:
        tail = "\n".join(proc.stderr.strip().splitlines()[-15:])
        raise BenchmarkError(f"{shown} exited with {proc.returncode}:\n{tail}")
    return json.loads(lines[-1])


def command_line(
    parser: argparse.ArgumentParser,
    measure: Callable[[argparse.Namespace], dict[str, Any]],
    argv: list[str] | None = None,
) -> int:
    """A benchmark module's own command line: parse, measure, print the JSON result on
    the last line. Whatever Streamlit or the scripts print goes to stderr meanwhile."""
    args = parser.parse_args(argv)
    with contextlib.redirect_stdout(sys.stderr):
        result = measure(args)
    print(json.dumps(result), flush=True)
    return 0


@dataclass
class Run:
    """One run of the benchmarks: the mode, the time budget, the results so far (a later
    benchmark may read an earlier one's figures), every sample (`raw`) and a scratch
    folder (the synthetic data and the captured floors, made once per run)."""

    quick: bool = False
    shares: dict[str, float] = field(default_factory=dict)  # benchmark -> SHARE_S
    reserves: dict[str, float] = field(default_factory=dict)  # benchmark -> RESERVE_S
    deadline: float = field(default_factory=lambda: time.perf_counter() + BUDGET_S)
    results: dict[str, Any] = field(default_factory=dict)
    raw: dict[str, Any] = field(default_factory=dict)
    done: set[str] = field(default_factory=set)
    workdir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="bench-")))
    seed: int = 1  # every seeded choice (slider moves, the audience's timing)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def data_dir(self) -> Path:
        """The data folder the app reads (``DASHBOARD_DATA_DIR``, default data/)."""
        from dashboard.data.dataset import data_dir_from_env

        return Path(data_dir_from_env())

    @property
    def warmup(self) -> int:
        """Unmeasured moves or changes before the measured ones (none when quick)."""
        return self.pick(1, 0)

    def pick(self, full: Any, quick: Any) -> Any:
        """The full run's setting, or the quick run's (the smoke test's: tiny)."""
        return quick if self.quick else full

    def budget(self, name: str) -> float:
        """Seconds for benchmark `name`: its share of the time left, after the fixed-length
        benchmarks still to run have theirs set aside, among the benchmarks still to run
        (0 when quick: one sample each)."""
        if self.quick:
            return 0.0
        later = [n for n in self.shares if n not in self.done]
        reserve = sum(s for n, s in self.reserves.items() if n not in self.done)
        left = self.deadline - time.perf_counter() - reserve
        scale = left / max(1.0, sum(self.shares[n] for n in later))
        return self.shares.get(name, 0.0) * max(MIN_SCALE, scale)

    def fresh(self, module: str, args: list[str], env: dict[str, str] | None = None,
              timeout_s: float = 600) -> dict[str, Any]:  # fmt: skip
        return fresh(module, args, env, timeout_s)

    def synthetic_dir(self) -> Path:
        """The synthetic data folder (`benchmarks.synthetic`), made once per run: 200
        entities x 30 years; when quick, 72 x 2 (65 countries: the growth benchmark's 64
        fit)."""
        target = self.workdir / "synthetic"
        with self._lock:
            if not (target / "datapackage.json").is_file():
                from benchmarks.synthetic import make_synthetic

                entities, years = self.pick((200, 30), (72, 2))
                start = time.perf_counter()
                summary = make_synthetic(target, entities=entities, years=years, seed=0)
                self.results["synthetic_make_s"] = time.perf_counter() - start
                self.results["synthetic_entities"] = summary.get("entities", entities)
                self.results["synthetic_rows"] = summary.get("total_rows", 0)
        return target

    def floor(self, page: str | None, query: dict[str, str] | None = None) -> Path:
        """The floor of a page (``pages/x.py``; None: the landing page) opened by a new
        session with `query`: captured once per run, in a fresh process, from the app's
        own run of it (`benchmarks.capture`), and saved to a file that
        ``benchmarks/floor_page.py`` replays, under AppTest or a real server."""
        query = query or {}
        name = (page or "landing").replace("/", "_").removesuffix(".py")
        name += "".join(f"_{k}-{v}" for k, v in sorted(query.items())).replace(",", "-")
        target = self.workdir / "floors" / f"{name}.floor"
        with self._lock:
            if not target.is_file():
                target.parent.mkdir(parents=True, exist_ok=True)
                link = "&".join(f"{k}={v}" for k, v in query.items())
                args = ["--out", str(target), "--query", link]
                if page:
                    args += ["--page", page]
                out = fresh("benchmarks.capture", args)
                self.raw[f"capture_{name}"] = out
        return target
