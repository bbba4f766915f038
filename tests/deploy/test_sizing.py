"""deploy.sizing: the arithmetic from benchmark figures to replicas, cores, memory, HPA."""

from __future__ import annotations

import json
import math
import subprocess
import sys

import pytest

from dashboard import REPO_DIR
from deploy import sizing


def results(**overrides: float) -> dict:
    """A results file as `make bench` writes it (the figures the sizing reads)."""
    base = {
        "load_floor_p95_s_25": 0.4,
        "load_p95_s_25": 0.5,
        "load_errors_25": 0,
        "load_p95_s_50": 1.9,
        "load_errors_50": 0,
        "rss_mb_25": 260.0,
        "rss_mb_50": 300.0,
        "load_p95_s_50_replicas2": 0.55,
        "load_errors_50_replicas2": 0,
        "cpu_cores_50_replicas2": 0.5,
        "load_p95_s_100_replicas2": 3.0,
        "load_errors_100_replicas2": 2,
        "cpu_cores_100_replicas2": 0.9,
        "rerun_cpu_s_app": 0.3,
        "rerun_cpu_s_floor": 0.05,
        "load_think_s_min": 3,
        "load_think_s_max": 8,
    }
    return base | overrides


def test_sessions_per_process_is_the_largest_load_within_the_target() -> None:
    r = results()
    out = sizing.size(r, 1000)
    target = sizing.TARGET_RATIO * r["load_floor_p95_s_25"]
    within = [
        n
        for n, p95, errors in (
            (25, r["load_p95_s_25"], r["load_errors_25"]),
            (50, r["load_p95_s_50"], r["load_errors_50"]),
            (25, r["load_p95_s_50_replicas2"], r["load_errors_50_replicas2"]),
            (50, r["load_p95_s_100_replicas2"], r["load_errors_100_replicas2"]),
        )
        if p95 <= target and errors == 0
    ]
    assert out["per_process"] == max(within)
    assert out["replicas"] == math.ceil(1000 / max(within)) + sizing.SPARE_REPLICAS
    assert out["cores"] == out["replicas"]
    per_session = (r["rss_mb_50"] - r["rss_mb_25"]) / 25
    expected_rss = r["rss_mb_25"] + (max(within) - 25) * per_session
    assert out["rss_mb"] == pytest.approx(expected_rss)
    assert out["memory_gb"] == pytest.approx(out["replicas"] * expected_rss / 1024)
    # CPU per viewer from the largest error-free replicas load: 0.5 cores / 25 sessions.
    busy = r["cpu_cores_50_replicas2"] / 25 * max(within)
    assert out["hpa_cpu_percent"] == 5 * math.floor(busy * 100 / 5)
    assert out["min_replicas"] == out["replicas"] < out["max_replicas"]


def test_a_looser_target_admits_the_larger_load() -> None:
    r = results()
    out = sizing.size(r, 1000, target_s=r["load_p95_s_50"])
    assert out["per_process"] == 50  # one process, 50 sessions, no error


def test_without_a_load_within_the_target_the_cpu_rule_sizes() -> None:
    r = results(load_floor_p95_s_25=0.01)
    out = sizing.size(r, 1000)
    think_s = (r["load_think_s_min"] + r["load_think_s_max"]) / 2  # the audience measured
    expected = math.floor(sizing.BUSY_MAX * think_s / r["rerun_cpu_s_app"])
    assert out["per_process"] == expected
    assert "CPU rule" in out["basis"] and out["hpa_cpu_percent"] == sizing.BUSY_MAX * 100
    assert out["floor_per_process"] == math.floor(
        sizing.BUSY_MAX * think_s / r["rerun_cpu_s_floor"]
    )


def test_a_missing_figure_is_named() -> None:
    r = results()
    del r["rss_mb_50"]
    with pytest.raises(sizing.SizingError, match="rss_mb_50"):
        sizing.size(r, 1000)
    r = results(load_floor_p95_s_25=0.01)
    del r["rerun_cpu_s_app"]
    with pytest.raises(sizing.SizingError, match="rerun_cpu_s_app"):
        sizing.size(r, 1000)
    r = results()
    del r["load_think_s_max"]  # the audience the loads were measured with
    with pytest.raises(sizing.SizingError, match="load_think_s_max"):
        sizing.size(r, 1000)


def test_the_command_prints_the_arithmetic_or_names_the_problem(tmp_path) -> None:
    good = tmp_path / "results.json"
    good.write_text(json.dumps(results()), encoding="utf-8")
    command = [sys.executable, "-m", "deploy.sizing", "--viewers", "1000", "--results"]
    proc = subprocess.run(
        [*command, str(good)], cwd=REPO_DIR, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stderr
    replicas = sizing.size(results(), 1000)["replicas"]
    assert f"= {replicas};" in proc.stdout and "| `load_*_50_replicas2` | 25 |" in proc.stdout
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    proc = subprocess.run(
        [*command, str(bad)], cwd=REPO_DIR, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 1 and "load_floor_p95_s_25" in proc.stderr
