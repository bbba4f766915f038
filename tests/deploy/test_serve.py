"""`make serve`'s runner (deploy/serve.py) for real: two replicas behind Debian's nginx.

One runner for the module, started as `make serve` starts it. The tests open sessions
through the proxy (HTTP and Streamlit's own websocket protocol, `benchmarks.loadgen`:
tests may use the benchmarks' audience; deploy/ itself never imports benchmarks/),
check the routing cookie keeps a viewer on one replica while viewers spread over both,
then kill one replica: new sessions must still be served, and the runner's status page
and console must say which replica is gone. Slow: two Streamlit servers start.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.loadgen import StreamlitSession
from dashboard import REPO_DIR
from deploy.serve import ServeError, nginx_binary, websockets_by_replica
from deploy.server import free_port
from tests.support.deck import needs

# One worker runs them all, in order: the later tests kill a replica, then the runner.
# Slow (not in make check): two Streamlit servers and nginx start.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("serve")]

START_TIMEOUT_S = 180  # two Streamlit servers on a busy 2-core machine
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def get(url: str, cookie: str = "") -> tuple[int, list[str], bytes]:
    """Status, the cookies set, and the body."""
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with OPENER.open(request, timeout=30) as response:
            return response.status, response.headers.get_all("Set-Cookie", []), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get_all("Set-Cookie", []), exc.read()


def status(runner: dict) -> tuple[int, dict]:
    code, _, body = get(runner["status_url"])
    return code, json.loads(body)


def access_lines(runner: dict) -> list[str]:
    return Path(runner["access_log"]).read_text(errors="replace").splitlines()


async def open_session(url: str, page: str = "whatif") -> int:
    """A viewer opens `page` through the proxy; the number of sliders it drew."""
    session = StreamlitSession(url, page, timeout_s=90)
    try:
        await session.connect()
        result = await session.load()
        return result.sliders
    finally:
        await session.close()


def has_nginx() -> bool:
    try:
        nginx_binary()
    except ServeError:
        return False
    return True


@pytest.fixture(scope="module")
def runner(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    needs(has_nginx(), "nginx (apt-get install nginx)")
    port, status_port = free_port(), free_port()
    console = tmp_path_factory.mktemp("serve") / "console.txt"
    with console.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "deploy.serve", "--replicas", "2", "--port", str(port),
             "--status-port", str(status_port)],
            cwd=REPO_DIR, env={**os.environ, "PYTHONPATH": str(REPO_DIR)},
            stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )  # fmt: skip
    info = {
        "process": process,
        "url": f"http://localhost:{port}",
        "status_url": f"http://127.0.0.1:{status_port}/",
        "console": console,
    }
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            assert process.poll() is None, console.read_text()
            try:
                code, body = status(info)
            except (OSError, ValueError):
                code, body = 0, {}
            if code == 200:
                break
            assert time.monotonic() < deadline, f"not up: {body}\n{console.read_text()}"
            time.sleep(1)
        info |= {"status": body, "access_log": body["access_log"]}
        yield info
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=60)


def test_the_proxy_and_its_health_checks_answer(runner: dict) -> None:
    assert get(runner["url"] + "/healthz")[0] == 200  # nginx itself
    code, cookies, body = get(runner["url"] + "/_stcore/health")  # through to a replica
    assert (code, body) == (200, b"ok")
    assert any(c.startswith("dashboard_route=") for c in cookies), cookies
    # A viewer who has the cookie keeps it: it is not set again.
    _, again, _ = get(runner["url"] + "/_stcore/health", cookie="dashboard_route=abc")
    assert not any(c.startswith("dashboard_route=") for c in again), again
    code, _, page = get(runner["url"] + "/")
    assert code == 200 and b'id="root"' in page  # Streamlit's page shell
    up = runner["status"]
    assert (up["up"], up["total"], up["healthy"]) == (2, 2, True)
    assert [r["state"] for r in up["replicas"]] == ["up", "up"]


def test_a_viewer_stays_on_one_replica_and_viewers_spread(runner: dict) -> None:
    before = len(access_lines(runner))
    for _ in range(4):
        get(runner["url"] + "/_stcore/health", cookie="dashboard_route=same-viewer")
    for i in range(24):
        get(runner["url"] + "/_stcore/health", cookie=f"dashboard_route=viewer-{i}")
    lines = access_lines(runner)[before:]
    served = Counter(
        (line.split(" route=")[1].split()[0], line.split(" upstream=")[1].split()[0])
        for line in lines
        if "/_stcore/health" in line
    )
    same = {upstream for (route, upstream) in served if route == "same-viewer"}
    assert len(same) == 1 and sum(n for (r, _), n in served.items() if r == "same-viewer") == 4
    replicas = {r["url"].removeprefix("http://") for r in runner["status"]["replicas"]}
    spread = {upstream for (route, upstream) in served if route.startswith("viewer-")}
    assert spread == replicas  # 24 routes on one replica alone: chance 2**-23


def test_websocket_sessions_run_the_page_through_the_proxy(runner: dict) -> None:
    sliders = run_apart(asyncio.wait_for(_sessions(runner["url"], 3), 240))
    assert all(n > 0 for n in sliders), sliders  # the what-if page drew its sliders
    took = websockets_by_replica(Path(runner["access_log"]))
    assert sum(took.values()) >= 3  # nginx logged the upgrades and named their replicas


def run_apart(coroutine):
    """`asyncio.run` on a thread of its own: a browser test earlier in this worker leaves
    Playwright's event loop running on the main thread, where asyncio.run is refused."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


async def _sessions(url: str, count: int) -> list[int]:
    return list(await asyncio.gather(*(open_session(url) for _ in range(count))))


def test_a_dead_replica_is_reported_and_new_viewers_are_still_served(runner: dict) -> None:
    victim = runner["status"]["replicas"][1]
    os.kill(victim["pid"], signal.SIGKILL)
    deadline = time.monotonic() + 30
    while status(runner)[1]["replicas"][1]["state"] != "exited":
        assert time.monotonic() < deadline, status(runner)
        time.sleep(0.5)
    code, report = status(runner)
    assert code == 503 and report["healthy"] is False
    assert (report["up"], report["total"]) == (1, 2)
    dead = report["replicas"][1]
    assert (dead["name"], dead["state"], dead["exit_code"]) == (
        victim["name"],
        "exited",
        -signal.SIGKILL,
    )
    assert report["replicas"][0]["state"] == "up"
    # New viewers, whatever replica their fresh cookie hashes to, are served.
    for i in range(12):
        code, _, body = get(runner["url"] + "/_stcore/health", cookie=f"dashboard_route=new-{i}")
        assert (code, body) == (200, b"ok"), i
    sliders = run_apart(asyncio.wait_for(_sessions(runner["url"], 3), 240))
    assert all(n > 0 for n in sliders), sliders
    # The console told the operator, naming the replica: the runner's own lines name the
    # replica and its address (nginx's warnings about the same upstream, on the same
    # console, do not). Its monitor looks every few seconds; the line saying the replica
    # was up came at the start.
    named = f"{victim['name']} {victim['url']}"

    def said() -> list[str]:
        lines = runner["console"].read_text().splitlines()
        return [line for line in lines if named in line and " is up;" not in line]

    deadline = time.monotonic() + 10
    while not said():
        assert time.monotonic() < deadline, runner["console"].read_text()
        time.sleep(0.5)
    assert "is exited (code -9); 1 of 2 replicas up" in said()[-1]


def test_stopping_the_runner_stops_every_process(runner: dict) -> None:
    report = status(runner)[1]
    pids = [report["proxy"]["pid"], *(r["pid"] for r in report["replicas"])]
    runner["process"].send_signal(signal.SIGTERM)
    assert runner["process"].wait(timeout=60) == 0, runner["console"].read_text()
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    assert not Path(report["access_log"]).parent.exists()  # nginx's directory is gone
