"""Docs that cannot drift: every module path a docstring, comment or README names in
backticks (`dashboard.model.views`, `dashboard.data.load.Data`, ...) exists, in the
manner of Datasette's test_docs.py. Resolved from the source files, never imported (a
page module is a Streamlit script)."""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

import pytest

from dashboard import REPO_DIR

PACKAGES = ("dashboard", "data", "deploy", "benchmarks")
NAMED = re.compile(r"`((?:" + "|".join(PACKAGES) + r")(?:\.[A-Za-z_]\w*)+)(?:\(\))?`")
DOCS = ("README.md", "data/README.md", "benchmarks/README.md", "data/derive/README.md")


def documents() -> list[Path]:
    files = [REPO_DIR / d for d in DOCS if (REPO_DIR / d).exists()]
    files += sorted((REPO_DIR / "docs").rglob("*.md"))
    for package in PACKAGES:
        files += sorted((REPO_DIR / package).rglob("*.py"))
    return files


@cache
def top_names(path: Path) -> dict[str, ast.AST]:
    """A module's top-level names and what defines each."""
    names: dict[str, ast.AST] = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names[node.name] = node
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update({t.id: node for t in targets if isinstance(t, ast.Name)})
        elif isinstance(node, ast.ImportFrom | ast.Import):
            names.update({(a.asname or a.name).split(".")[0]: node for a in node.names})
    return names


def resolves(dotted: str, root: Path = REPO_DIR) -> bool:
    """The longest module prefix is a file (or package) of the repository, and the rest
    names a top-level definition of it (and, one level down, a class's member)."""
    parts = dotted.split(".")
    for i in range(len(parts), 0, -1):
        base = root.joinpath(*parts[:i])
        path = base / "__init__.py" if base.is_dir() else base.with_suffix(".py")
        if not path.is_file():
            continue
        rest = parts[i:]
        if not rest:
            return True
        if base.is_dir() and (base / f"{rest[0]}.py").is_file():
            return resolves(".".join(parts[: i + 1]), root)
        node = top_names(path).get(rest[0])
        if node is None:
            return False
        if len(rest) == 1:
            return True
        members = {
            n.name
            for n in getattr(node, "body", [])
            if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
        } | {
            t.target.id
            for t in getattr(node, "body", [])
            if isinstance(t, ast.AnnAssign) and isinstance(t.target, ast.Name)
        }
        return len(rest) == 2 and rest[1] in members
    return False


def named_paths() -> list[tuple[str, str]]:
    return [
        (str(f.relative_to(REPO_DIR)), m.group(1))
        for f in documents()
        for m in NAMED.finditer(f.read_text(encoding="utf-8"))
        if not m.group(1).endswith((".py", ".md", ".csv", ".json", ".yaml", ".png"))
    ]


def test_every_module_path_the_docs_name_exists() -> None:
    found = named_paths()
    assert len(found) > 50  # the check reads what it should
    stale = sorted({(f, d) for f, d in found if not resolves(d)})
    assert not stale, stale


@pytest.mark.parametrize(
    ("dotted", "ok"),
    [
        ("dashboard.model.views", True),
        ("dashboard.data.load.Data", True),
        ("dashboard.data.load.Data.figures", True),
        ("dashboard.views", False),  # a path from before the reorganisation
        ("dashboard.model.views.no_such_function", False),
        ("dashboard.data.load.Data.no_such_member", False),
    ],
)
def test_the_check_tells_a_live_path_from_a_stale_one(dotted: str, ok: bool) -> None:
    assert resolves(dotted) is ok
