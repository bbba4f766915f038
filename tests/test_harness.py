"""The test run itself: `make test` sends every test of an `xdist_group` to one worker
(`--dist loadgroup`), so the browser tests share one app server and one browser, and the
benchmark smoke test runs once. pytest 9.2 silently broke that (pytest-xdist#1386); this
runs a tiny suite the way `make test` does and checks where its grouped tests ran."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

GROUPED = """
import os
import pytest

pytestmark = pytest.mark.xdist_group("together")


@pytest.mark.parametrize("n", range(6))
def test_grouped(n):
    with open(os.environ["WHERE"], "a") as fh:
        fh.write(os.environ["PYTEST_XDIST_WORKER"] + "\\n")
"""
LOOSE = "".join(f"def test_loose_{n}():\n    pass\n\n\n" for n in range(12))


def test_an_xdist_group_runs_on_one_worker(tmp_path: Path) -> None:
    (tmp_path / "test_grouped.py").write_text(GROUPED, encoding="utf-8")
    (tmp_path / "test_loose.py").write_text(LOOSE, encoding="utf-8")
    where = tmp_path / "where.txt"
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-n", "2", "--dist", "loadgroup", "-q",
         "-p", "no:cacheprovider", str(tmp_path)],
        cwd=tmp_path, env={**os.environ, "WHERE": str(where)},
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout[-2000:]
    workers = where.read_text(encoding="utf-8").split()
    assert len(workers) == 6 and len(set(workers)) == 1, workers
