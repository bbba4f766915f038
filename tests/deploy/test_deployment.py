"""Production settings and the container image, checked from their files.

The image cannot be built in CI (no registry for base images), so these tests hold the
Dockerfile to what the deployment needs: a slim base, Chromium and CJK fonts, only the
runtime pins, every package the app imports, a non-root user, a health check, and the
listening address a container needs.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions

from dashboard import PACKAGE_DIR, REPO_DIR

DOCKERFILE = (REPO_DIR / "Dockerfile").read_text(encoding="utf-8")
INSTRUCTIONS = [
    (line.split()[0].upper(), line.split(None, 1)[1])
    for line in re.sub(r"\\\n", " ", DOCKERFILE).splitlines()  # join continued lines
    if line.strip() and not line.startswith("#")
]


def instructions(name: str) -> list[str]:
    return [args for kind, args in INSTRUCTIONS if kind == name]


def pins(path) -> dict[str, str]:
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.split("==")
            found[name.strip().lower()] = version.strip()
    return found


def test_config_is_for_production() -> None:
    config = tomllib.loads((REPO_DIR / ".streamlit" / "config.toml").read_text("utf-8"))
    assert config["client"]["showErrorDetails"] == "none"
    assert config["client"]["toolbarMode"] == "viewer"
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"]["enableCORS"] is True  # True: cross-origin requests refused
    assert config["browser"]["gatherUsageStats"] is False
    assert config["server"]["maxUploadSize"] <= 1


def test_no_feature_uploads_files() -> None:
    """Uploads stay off (1 MB limit) only while nothing asks for them."""
    users = [p for p in PACKAGE_DIR.rglob("*.py") if "file_uploader" in p.read_text("utf-8")]
    assert not users


def test_image_is_slim_and_has_the_browser_and_fonts() -> None:
    assert re.fullmatch(r"python:3\.1[1-9]-slim\S*", instructions("FROM")[0])
    installs = " ".join(instructions("RUN"))
    assert "chromium" in installs and "fonts-noto-cjk" in installs
    assert "--no-install-recommends" in installs and "rm -rf /var/lib/apt/lists" in installs


def test_image_runs_as_a_user_with_a_health_check() -> None:
    user = instructions("USER")
    assert user and user[-1].strip() not in ("root", "0")
    assert INSTRUCTIONS.index(("USER", user[-1])) > max(
        i for i, (kind, _) in enumerate(INSTRUCTIONS) if kind == "RUN"
    ), "nothing runs as root after the switch"
    (health,) = instructions("HEALTHCHECK")
    assert "/_stcore/health" in health and "--fail" in health
    env = " ".join(instructions("ENV"))
    assert "STREAMLIT_SERVER_ADDRESS=0.0.0.0" in env
    assert "8501" in " ".join(instructions("EXPOSE"))


def test_image_copies_what_exists_and_installs_only_runtime_pins() -> None:
    for args in instructions("COPY"):
        *sources, _ = args.split()
        for source in sources:
            assert (REPO_DIR / source).exists(), source
    assert any("requirements-app.txt" in run for run in instructions("RUN"))
    runtime, tools = pins(REPO_DIR / "requirements-app.txt"), pins(REPO_DIR / "requirements.txt")
    assert not set(runtime) & {"pytest", "playwright", "ruff", "hypothesis"}
    assert "-r requirements-app.txt" in (REPO_DIR / "requirements.txt").read_text("utf-8")
    assert not set(runtime) & set(tools), "each pin in one file"


def test_runtime_pins_cover_every_package_the_app_imports() -> None:
    imported = set()
    for path in PACKAGE_DIR.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
    third_party = imported - set(sys.stdlib_module_names) - {"dashboard"}
    dists = packages_distributions()
    needed = {dists[m][0].lower() for m in third_party}
    assert needed <= set(pins(REPO_DIR / "requirements-app.txt")), needed


def test_docker_context_leaves_out_local_state() -> None:
    ignored = (REPO_DIR / ".dockerignore").read_text("utf-8").split()
    assert {".git", ".venv", "tests", "benchmarks"} <= set(ignored)
