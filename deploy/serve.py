"""`make serve`: N replicas of the dashboard behind Debian's nginx, in the foreground.

    python -m deploy.serve [--replicas N] [--port P] [--address A] [--status-port S]

Starts N ``streamlit run dashboard/app.py`` processes on free localhost ports (with the
repository's production settings, `deploy.server.start`), renders the proxy config
from ``deploy/nginx/`` for them (the same template Compose uses), checks it with
``nginx -t`` and runs nginx in the foreground as whoever runs this: its pid file,
temporary files and logs live in a fresh temporary directory (``nginx -p``), nothing in
/var or /run. Viewers open http://A:P/.

Health, for an operator: every change of a replica's state is printed ("replica-2 ...
is exited (code -9); 1 of 2 replicas up"), and http://127.0.0.1:S/ answers with every
replica's state as JSON (200 when all are up, 503 otherwise; S is printed at start).
nginx's own passive checks keep new viewers away from a replica that refuses
connections, and its access log (path in the status) names the replica of each request.
Ctrl-C or SIGTERM stops nginx, then every replica, and removes the directory. A replica
that dies is not restarted here (its viewers reconnect to another one); under Compose or
Kubernetes the orchestrator restarts it.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from deploy.server import (
    Server,
    ServerError,
    free_port,
    healthy,
    port_in_use,
    start,
    stop,
    wait_healthy,
)

DEPLOY_DIR = Path(__file__).resolve().parent
MAIN_CONF = DEPLOY_DIR / "nginx" / "nginx.conf"
TEMPLATE = DEPLOY_DIR / "nginx" / "dashboard.conf.template"
APP_SCRIPT = "dashboard/app.py"
UPSTREAM = "DASHBOARD_UPSTREAM"  # the template line that holds it is repeated per replica
PLACEHOLDER = re.compile(r"\$\{([A-Z][A-Z0-9_]*)\}")  # nginx's own variables are lowercase
MONITOR_S = 2.0
NGINX_GRACE_S = 5.0
# A websocket that nginx upgraded, and the replicas tried for it, the last one took it
# (the log format of nginx/dashboard.conf.template: "upstream=A:1, B:2"). nginx logs it
# when it closes.
STREAM_LINE = re.compile(r'"GET /_stcore/stream[^"]*" 101 .*?upstream=(\S+(?:, \S+)*)')
LOG_WAIT_S = 5.0


class ServeError(RuntimeError):
    """`make serve` cannot run: the message says what is missing or wrong."""


def nginx_binary() -> str:
    """Debian's nginx (in /usr/sbin, which a non-root PATH may lack)."""
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")
    if not found:
        raise ServeError(
            "nginx is not installed: `sudo apt-get install nginx` "
            "(or `bash scripts/ensure-sysdeps.sh serve` as root)"
        )
    return found


def render(template: str, upstreams: list[str], values: dict[str, str]) -> str:
    """The template with its placeholders filled: the line holding ``${DASHBOARD_UPSTREAM}``
    once per address in `upstreams`, every other ``${NAME}`` from `values`. Like the
    envsubst of nginx's image, only ``${UPPER_CASE}`` is touched, never ``$nginx_var``."""
    if not upstreams:
        raise ServeError("no upstream address to render")
    marker = "${" + UPSTREAM + "}"
    lines: list[str] = []
    for line in template.splitlines(keepends=True):
        if marker in line:
            lines.extend(line.replace(marker, address) for address in upstreams)
        else:
            lines.append(line)
    text = "".join(lines)
    missing = sorted({name for name in PLACEHOLDER.findall(text) if name not in values})
    if missing:
        raise ServeError(f"{TEMPLATE.name}: no value for {', '.join(missing)}")
    return PLACEHOLDER.sub(lambda m: values[m.group(1)], text)


def write_config(prefix: Path, listen: str, upstreams: list[str]) -> Path:
    """Write nginx.conf and the rendered dashboard.conf into `prefix` (nginx's -p); return
    the main file. Access log: ``prefix/access.log``."""
    (prefix / "tmp").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(MAIN_CONF, prefix / "nginx.conf")
    values = {"DASHBOARD_LISTEN": listen, "DASHBOARD_ACCESS_LOG": str(prefix / "access.log")}
    rendered = render(TEMPLATE.read_text(encoding="utf-8"), upstreams, values)
    (prefix / "dashboard.conf").write_text(rendered, encoding="utf-8")
    return prefix / "nginx.conf"


def nginx_command(prefix: Path) -> list[str]:
    # -e: the error log before the config is read, so a non-root user never needs /var/log.
    return [nginx_binary(), "-p", f"{prefix}/", "-c", str(prefix / "nginx.conf"), "-e", "stderr"]


def check_config(prefix: Path) -> None:
    """``nginx -t`` on the rendered config; `ServeError` with nginx's words otherwise."""
    proc = subprocess.run(
        [*nginx_command(prefix), "-t", "-q"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    if proc.returncode != 0:
        raise ServeError(f"nginx -t rejected {prefix / 'dashboard.conf'}:\n{proc.stderr.strip()}")


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


# ---------------------------------------------------------------------- the cluster


@dataclass
class Replica:
    name: str
    server: Server

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.port}"

    def state(self) -> dict[str, Any]:
        """up (answers its health check), down (running, no answer) or exited."""
        running = "up" if healthy(self.url, timeout_s=1) else "down"
        # Asked after the health check: a replica killed while it was asked has stopped
        # answering before its exit is seen, and it is exited, not down.
        code = self.server.process.poll()
        state = "exited" if code is not None else running
        return {
            "name": self.name,
            "url": self.url,
            "pid": self.server.pid,
            "state": state,
            "exit_code": code,
        }


@dataclass
class Cluster:
    """Replicas behind a running nginx; `status()` is what the status page shows."""

    url: str
    prefix: Path
    nginx: subprocess.Popen[bytes]
    replicas: list[Replica]
    status_url: str = ""
    _last: dict[str, str] = field(default_factory=dict)

    def status(self) -> dict[str, Any]:
        states = [r.state() for r in self.replicas]
        up = sum(s["state"] == "up" for s in states)
        return {
            "url": self.url,
            "proxy": {"pid": self.nginx.pid, "running": self.nginx.poll() is None},
            "replicas": states,
            "up": up,
            "total": len(states),
            "healthy": up == len(states) and self.nginx.poll() is None,
            "access_log": str(self.prefix / "access.log"),
        }

    def changes(self) -> list[str]:
        """One line per replica whose state changed since the last call."""
        status = self.status()
        lines = []
        for s in status["replicas"]:
            shown = s["state"] + (f" (code {s['exit_code']})" if s["exit_code"] is not None else "")
            if self._last.get(s["name"]) != shown:
                self._last[s["name"]] = shown
                lines.append(
                    f"{s['name']} {s['url']} (pid {s['pid']}) is {shown}; "
                    f"{status['up']} of {status['total']} replicas up"
                )
        return lines


def _status_server(cluster: Cluster, port: int) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status = cluster.status()
            body = json.dumps(status, indent=2).encode()
            self.send_response(200 if status["healthy"] else 503)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass  # an operator polling the page would flood the console

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _wait_proxy(url: str, nginx: subprocess.Popen[bytes], timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if nginx.poll() is not None:
            raise ServeError(f"nginx exited with code {nginx.returncode} (its errors are above)")
        if healthy(url, timeout_s=1):
            return
        time.sleep(0.2)
    raise ServeError(f"nginx did not pass {url}/_stcore/health within {timeout_s:.0f} s")


@contextlib.contextmanager
def cluster(
    replicas: int,
    port: int,
    address: str = "127.0.0.1",
    *,
    status_port: int | None = None,
    script: str = APP_SCRIPT,
    env: dict[str, str] | None = None,
    timeout_s: float = 90.0,
) -> Iterator[Cluster]:
    """`replicas` Streamlit processes of `script` behind nginx on address:port, healthy
    through the proxy, until the block ends; then nginx stops, then every replica.
    `status_port`: serve the status page there (0: a free port), None: no page."""
    if replicas < 1:
        raise ServeError(f"REPLICAS must be 1 or more, not {replicas}")
    nginx_binary()  # say it is missing before anything starts
    if port_in_use(port):
        raise ServeError(f"port {port} is already in use: choose another with PORT=")
    prefix = Path(tempfile.mkdtemp(prefix="dashboard-serve-"))
    prefix.chmod(0o755)  # nginx's workers (user nobody when started as root) write tmp/
    started: list[Replica] = []
    nginx: subprocess.Popen[bytes] | None = None
    status: ThreadingHTTPServer | None = None
    try:
        for i in range(replicas):
            server = start(script, free_port(), env)
            started.append(Replica(f"replica-{i + 1}", server))
        for replica in started:
            wait_healthy(replica.server, timeout_s)
        listen = f"{address}:{port}"
        write_config(prefix, listen, [f"127.0.0.1:{r.server.port}" for r in started])
        check_config(prefix)
        # Its own session, like the replicas: a Ctrl-C reaches this process only, which
        # then stops nginx first (no new requests) and the replicas after it.
        nginx = subprocess.Popen(
            nginx_command(prefix), stdin=subprocess.DEVNULL, start_new_session=True
        )
        host = "localhost" if address in ("127.0.0.1", "0.0.0.0") else address
        url = f"http://{host}:{port}"
        _wait_proxy(url, nginx, timeout_s)
        built = Cluster(url=url, prefix=prefix, nginx=nginx, replicas=started)
        if status_port is not None:
            status = _status_server(built, status_port)
            built.status_url = f"http://127.0.0.1:{status.server_address[1]}/"
        yield built
    finally:
        if status is not None:
            status.shutdown()
        if nginx is not None and nginx.poll() is None:
            nginx.send_signal(signal.SIGQUIT)  # graceful: finish the requests in flight
            try:
                nginx.wait(timeout=NGINX_GRACE_S)
            except subprocess.TimeoutExpired:
                nginx.kill()
                nginx.wait()
        for replica in started:
            stop(replica.server.process)
            replica.server.log_path.unlink(missing_ok=True)
        shutil.rmtree(prefix, ignore_errors=True)


# ---------------------------------------------------------------------- command line


class _Stopped(Exception):
    """SIGTERM or SIGINT arrived: stop everything."""


def _on_signal(signum: int, _frame: Any) -> None:
    for sig in (signal.SIGINT, signal.SIGTERM):  # a second Ctrl-C must not cut the clean-up
        signal.signal(sig, signal.SIG_IGN)
    raise _Stopped(signal.Signals(signum).name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m deploy.serve", description=__doc__)
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--port", type=int, default=8501)
    parser.add_argument(
        "--address",
        default="127.0.0.1",
        help="where nginx listens: 127.0.0.1 (this machine) or 0.0.0.0 (the room's network)",
    )
    parser.add_argument("--status-port", type=int, default=0, help="0: a free port")
    args = parser.parse_args(argv)

    def say(line: str) -> None:
        print(f"[serve] {line}", file=sys.stderr, flush=True)

    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)
    try:
        say(f"starting {args.replicas} replica(s) and nginx ...")
        with cluster(
            args.replicas, args.port, args.address, status_port=args.status_port
        ) as running:
            say(f"the dashboard: {running.url}/  (Ctrl-C stops it)")
            say(f"replica health: {running.status_url}  (JSON; 503 when one is not up)")
            say(f"which replica served each request: {running.prefix / 'access.log'}")
            while running.nginx.poll() is None:
                for line in running.changes():
                    say(line)
                time.sleep(MONITOR_S)
            say(f"nginx exited with code {running.nginx.returncode}; stopping the replicas")
            return 1
    except _Stopped as stopped:
        say(f"{stopped}: stopped nginx and every replica")
        return 0
    except (ServeError, ServerError) as exc:
        say(f"error: {exc}")
        return 1


if __name__ == "__main__":
    sys.exit(main())
