"""Start a Streamlit app in a child process, wait until it is healthy, stop it afterwards:
what `make serve` (`deploy.serve`, one per replica) and the benchmarks (`benchmarks/`) both
need. Nothing here imports the benchmarks.

`serve(script)` runs ``python -m streamlit run SCRIPT --server.port PORT --server.headless
true`` with this interpreter (`sys.executable`, the venv's), from the repository root and
with ``PYTHONPATH`` set to it, so the repository's ``.streamlit/config.toml`` applies
(localhost only, XSRF and CORS on, fast reruns) exactly as with ``make run``. The child is
started without a shell, so its pid is the Python process that serves the app: that is
the process whose peak resident memory (``VmHWM`` in ``/proc/PID/status``) we report.

Readiness is Streamlit's own health check: ``GET /_stcore/health`` answers 200 once the
runtime accepts browser connections. The server's output goes to a log file (a pipe
that nobody reads would eventually block the server); its tail is in the error when the
server does not come up. A port that something already listens on is refused up front
(that server's health check would answer for ours). On exit the server gets SIGTERM,
then SIGKILL after 10 s.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
HEALTH_PATH = "/_stcore/health"
STOP_GRACE_S = 10.0

# Straight to localhost: an HTTP(S)_PROXY in the environment must not intercept it.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class ServerError(RuntimeError):
    """The Streamlit server did not start (or died) and is not serving."""


@dataclass
class Server:
    """A running Streamlit server: where it listens and which process it is."""

    port: int
    process: subprocess.Popen[bytes]
    log_path: Path

    @property
    def url(self) -> str:
        return f"http://localhost:{self.port}"

    @property
    def pid(self) -> int:
        return self.process.pid

    def peak_rss_mb(self) -> float:
        """Peak resident memory of the server process so far (VmHWM), in MiB."""
        status = Path(f"/proc/{self.pid}/status").read_text()
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # the kernel reports kB
        raise ServerError(f"no VmHWM line in /proc/{self.pid}/status")

    def cpu_s(self) -> float:
        """User and system CPU time of the server process so far (``/proc/PID/stat``)."""
        stat = Path(f"/proc/{self.pid}/stat").read_text()
        fields = stat[stat.rindex(")") + 2 :].split()  # the name may hold spaces
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def log_tail(self, lines: int = 40) -> str:
        """The last lines of the server's combined stdout and stderr."""
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])


def free_port() -> int:
    """A TCP port that is free on localhost right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def port_in_use(port: int) -> bool:
    """Whether something already listens on localhost:PORT (IPv4 or IPv6)."""
    for family, *_, address in socket.getaddrinfo("localhost", port, type=socket.SOCK_STREAM):
        with socket.socket(family, socket.SOCK_STREAM) as sock:
            sock.settimeout(1)
            if sock.connect_ex(address) == 0:
                return True
    return False


def healthy(url: str, timeout_s: float = 2) -> bool:
    """Whether the Streamlit server at `url` answers its health check with 200."""
    try:
        with _OPENER.open(url + HEALTH_PATH, timeout=timeout_s) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def wait_healthy(server: Server, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise ServerError(
                f"streamlit exited with code {server.process.returncode} before it was "
                f"healthy; its output ends with:\n{server.log_tail()}"
            )
        if healthy(server.url):
            return
        time.sleep(0.2)
    raise ServerError(
        f"streamlit was not healthy at {server.url}{HEALTH_PATH} after {timeout_s:.0f} s; "
        f"its output ends with:\n{server.log_tail()}"
    )


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=STOP_GRACE_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def start(script: str | Path, port: int, env: dict[str, str] | None = None) -> Server:
    """Start `streamlit run SCRIPT` on localhost:PORT and return at once (not yet healthy:
    `wait_healthy`). `env` is added to this process's environment after ``PYTHONPATH``
    (the repository root), so it may override it. Its log file is the caller's to delete."""
    if port_in_use(port):  # its health check would answer for us
        raise ServerError(f"port {port} is already in use on localhost")
    child_env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), **(env or {})}
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script),
        "--server.port",
        str(port),
        "--server.headless",
        "true",
    ]
    log_fd, log_name = tempfile.mkstemp(prefix=f"streamlit-{port}-", suffix=".log")
    try:
        process = subprocess.Popen(
            command,
            cwd=REPO_ROOT,
            env=child_env,
            stdin=subprocess.DEVNULL,
            stdout=log_fd,
            stderr=subprocess.STDOUT,
            # Its own session: a Ctrl-C in the terminal reaches only the caller, whose
            # clean-up stops the server (`serve`'s block, deploy/serve.py's shutdown order).
            start_new_session=True,
        )
    finally:
        os.close(log_fd)  # the child holds its own copy
    return Server(port=port, process=process, log_path=Path(log_name))


@contextmanager
def serve(
    script: str | Path,
    port: int | None = None,
    env: dict[str, str] | None = None,
    *,
    timeout_s: float = 60.0,
    keep_log: bool = False,
) -> Iterator[Server]:
    """Run `streamlit run SCRIPT` until the block ends; yield the healthy `Server`.

    `script` is relative to the repository root (or absolute). `port` defaults to a free
    one. `env` is added to this process's environment (after ``PYTHONPATH``, which is
    the repository root, so `env` may override it). The server's log file is deleted on
    exit unless `keep_log` (read `Server.log_tail()` inside the block).
    """
    server = start(script, port or free_port(), env)
    try:
        wait_healthy(server, timeout_s)
        yield server
    finally:
        stop(server.process)
        if not keep_log:
            server.log_path.unlink(missing_ok=True)
