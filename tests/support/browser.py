"""What the browser tests share: the pages, the chart selector, opening a page and
waiting for it, and starting the real app on a free port (the `app_url` fixture and the
offline test use it)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from dashboard import REPO_DIR
from dashboard.model import params

PAGES = list(params.PAGES)
CHARTS = ".js-plotly-plot"


def open_page(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector('[data-testid="stMain"] h1')
    page.wait_for_load_state("networkidle")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_healthy(url: str, process: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the app exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(f"the app did not answer at {url} within {timeout} s")


def start_app(
    data_dir: Path | None = None, script: Path = REPO_DIR / "dashboard" / "app.py"
) -> tuple[str, subprocess.Popen]:
    """A Streamlit server for `script` (the app by default) on a free localhost port,
    started in the repository so that it runs with the production settings."""
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO_DIR)}
    if data_dir is not None:
        env["DASHBOARD_DATA_DIR"] = str(data_dir)
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script),
         "--server.port", str(port), "--server.address", "127.0.0.1"],
        cwd=REPO_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    _wait_healthy(url, process)
    return url, process
