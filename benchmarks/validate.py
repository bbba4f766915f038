"""`validate_s_synthetic`: ``python -m dashboard.validate SYNTHETIC``, the whole command's
wall time (interpreter start and imports included: what `make validate` costs) on the
synthetic folder (`benchmarks.synthetic`). `validate_read_s_synthetic`: `read_dataset`
alone in a warm process.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.harness import REPO_DIR, Figure, Run, command_line, median

SHARE_S = 20
FIGURES = (Figure("validate_s_synthetic", "< 5 s", lambda v: v < 5),)


def measure(run: Run) -> dict[str, Any]:
    began, budget = time.perf_counter(), run.budget("validate")
    folder = run.synthetic_dir()
    times: list[float] = []
    codes: list[int] = []
    env = {**os.environ, "PYTHONPATH": str(REPO_DIR)}
    for _ in range(run.pick(3, 1)):
        if times and time.perf_counter() - began > budget:
            break
        start = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "dashboard.validate", str(folder)],
            cwd=REPO_DIR,
            env=env,
            capture_output=True,
            timeout=300,
            check=False,
        )
        times.append(time.perf_counter() - start)
        codes.append(proc.returncode)
    out = run.fresh("benchmarks.validate", [str(folder)])
    return {
        "validate_s_synthetic": median(times),
        "validate_exit_synthetic": max(codes),
        "validate_n": len(times),
        "validate_read_s_synthetic": median(out["read_s"]),
        "validate_errors_synthetic": out["errors"],
    }


# ------------------------------------------------------------------ in the fresh process


def _measure(args: argparse.Namespace) -> dict[str, Any]:
    """`read_dataset(DIR)` in this process, after its imports."""
    from dashboard.data.dataset import read_dataset

    times, problems = [], 0
    for _ in range(args.samples):
        start = time.perf_counter()
        dataset = read_dataset(args.folder)
        times.append(time.perf_counter() - start)
        problems = len(dataset.errors)
    return {"read_s": times, "errors": problems}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.validate", description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--samples", type=int, default=1)
    return command_line(parser, _measure, argv)


if __name__ == "__main__":
    sys.exit(main())
