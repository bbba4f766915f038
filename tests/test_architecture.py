"""Project rules that code review would otherwise have to remember."""

from __future__ import annotations

import ast
import functools
import re

from dashboard import LAYERS, PACKAGE_DIR

STREAMLIT_IMPORT = re.compile(r"^\s*(import streamlit|from streamlit)", re.M)
ALLOWED = ("app.py", "pages/", "ui/")


def python_files():
    return sorted(PACKAGE_DIR.rglob("*.py"))


def test_streamlit_only_in_the_ui_layer() -> None:
    offenders = [
        str(p.relative_to(PACKAGE_DIR))
        for p in python_files()
        if STREAMLIT_IMPORT.search(p.read_text(encoding="utf-8"))
        and not str(p.relative_to(PACKAGE_DIR)).startswith(ALLOWED)
    ]
    assert not offenders


def raw_html_calls(source: str) -> list[str]:
    """Calls that put raw HTML on the page (`unsafe_allow_html=True`, `st.html`,
    `components.html`) whose content is not a constant string of the module itself: such a
    call could carry text from a data file or a link into the page as markup."""
    tree = ast.parse(source)
    constants = {
        target.id
        for node in tree.body
        if isinstance(node, ast.Assign)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
        for target in node.targets
        if isinstance(target, ast.Name) and target.id.isupper()
    }

    def constant(arg: ast.expr) -> bool:
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            return True
        return isinstance(arg, ast.Name) and arg.id in constants

    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        unsafe = any(
            k.arg == "unsafe_allow_html"
            and not (isinstance(k.value, ast.Constant) and k.value.value is False)
            for k in node.keywords
        )
        html = isinstance(node.func, ast.Attribute) and node.func.attr in ("html", "iframe")
        if (unsafe or html) and not (node.args and all(constant(a) for a in node.args)):
            found.append(f"line {node.lineno}: {ast.unparse(node)[:80]}")
    return found


def test_no_raw_html_from_data_or_links() -> None:
    offenders = {
        str(p.relative_to(PACKAGE_DIR)): calls
        for p in python_files()
        if (calls := raw_html_calls(p.read_text(encoding="utf-8")))
    }
    assert not offenders


def test_the_raw_html_scan_catches_what_it_should() -> None:
    caught = [
        "st.markdown(f'<b>{name}</b>', unsafe_allow_html=True)",
        "st.markdown(note, unsafe_allow_html=True)",
        "st.write(text, unsafe_allow_html=flag)",
        "st.html(query['x'])",
        "components.html('<p>' + value + '</p>')",
        "CSS = '<style>'\nst.html(CSS + extra)",
        "css = f'<style>{x}</style>'\nst.html(css)",
    ]
    for source in caught:
        assert raw_html_calls(source), source
    allowed = [
        "CSS = '<style>p {}</style>'\nst.html(CSS)",
        "st.html('<style>p {}</style>')",
        "st.markdown(text)",
        "st.markdown(text, unsafe_allow_html=False)",
    ]
    for source in allowed:
        assert not raw_html_calls(source), source


def test_core_modules_import_without_streamlit() -> None:
    import subprocess
    import sys

    core = [m for m, layer in module_layers().items() if layer not in ("web",)]
    code = f"import sys; import {', '.join(core)}; assert 'streamlit' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=PACKAGE_DIR.parent)


# ---------------------------------------------------------------- layers

WEB = ("app", "pages", "ui")  # the web layer's modules and packages
CLI = ("validate", "export", "brief")  # command lines at the package's top: above every layer


def module_name(path) -> str:
    parts = path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def module_layers() -> dict[str, str]:
    """Every module of the package and its layer (`LAYERS`, or "cli" for the commands)."""
    layers = {}
    for path in python_files():
        name = module_name(path)
        top = name.split(".")[1] if "." in name else ""
        if top in LAYERS:
            layers[name] = top
        elif top in WEB:
            layers[name] = "web"
        elif top in CLI:
            layers[name] = "cli"
        elif name == "dashboard":
            layers[name] = "base"  # the paths and the list of layers: nothing else
        else:
            layers[name] = "?"
    return layers


def imports_of(source: str, known: set[str]) -> set[str]:
    """The package's modules a module imports, anywhere in it (inside functions too: an
    import moved into a function to dodge a cycle is still an import)."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        else:
            continue
        found |= {n for n in names if n in known}
    return found


@functools.cache  # one graph per run: each test reads, none writes
def import_graph() -> dict[str, set[str]]:
    known = set(module_layers())
    return {
        module_name(p): imports_of(p.read_text(encoding="utf-8"), known) - {module_name(p)}
        for p in python_files()
    }


def layering_faults(layers: dict[str, str], graph: dict[str, set[str]]) -> list[str]:
    """Imports of a higher layer, and import cycles (each as the path around it)."""
    order = {name: i for i, name in enumerate((*LAYERS, "cli"))}
    order["web"] = order["outputs"] + 1
    faults = [
        f"{a} ({layers[a]}) imports {b} ({layers[b]})"
        for a, targets in graph.items()
        for b in targets
        if order[layers[b]] > order[layers[a]]
    ]
    return faults + cycles(graph)


def cycles(graph: dict[str, set[str]]) -> list[str]:
    """Every import cycle met in a depth-first walk, as the path around it."""
    faults: list[str] = []
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                faults.append("cycle: " + " -> ".join([*path[path.index(nxt) :], nxt]))
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    return faults


def test_every_module_belongs_to_a_layer() -> None:
    assert not [m for m, layer in module_layers().items() if layer == "?"]
    assert {"base", "data", "model", "charts", "outputs", "web"} <= set(module_layers().values())


def test_layers_import_only_layers_below_and_no_cycles() -> None:
    assert not layering_faults(module_layers(), import_graph())


def test_the_layering_check_catches_a_wrong_import_and_a_cycle() -> None:
    """A test of the test: the data layer importing a chart, and a cycle, are caught."""
    layers, graph = module_layers(), import_graph()
    wrong = {
        **graph,
        "dashboard.data.load": graph["dashboard.data.load"] | {"dashboard.charts.registry"},
    }
    assert any("dashboard.data.load (data) imports dashboard.charts.registry" in f
               for f in layering_faults(layers, wrong))  # fmt: skip
    looped = {**graph, "dashboard.base.i18n": {"dashboard.base.cache"},
              "dashboard.base.cache": {"dashboard.base.i18n"}}  # fmt: skip
    assert any(f.startswith("cycle:") for f in layering_faults(layers, looped))
    source = "def f():\n    from dashboard.charts import registry\n"
    assert imports_of(source, {"dashboard.charts.registry"}) == {"dashboard.charts.registry"}


def test_each_layer_package_states_its_rule() -> None:
    for layer in LAYERS[:-1]:
        doc = ast.get_docstring(ast.parse((PACKAGE_DIR / layer / "__init__.py").read_text()))
        assert doc and f"Layer {LAYERS.index(layer) + 1}, {layer}" in doc, layer
        assert "Import" in doc, layer


def test_the_readme_layout_names_every_package() -> None:
    readme = (PACKAGE_DIR.parent / "README.md").read_text(encoding="utf-8")
    layout = readme[readme.index("## Layout") :]
    layout = layout[: layout.index("\n## ", 1)]
    packages = sorted(
        str(p.parent.relative_to(PACKAGE_DIR.parent))
        for p in PACKAGE_DIR.rglob("__init__.py")
        if "__pycache__" not in p.parts
    )
    assert packages
    missing = [p for p in packages if f"`{p}/`" not in layout]
    assert not missing, missing


# ---------------------------------------------------------------- the repository's packages

# The top-level packages, lowest first: each imports only packages before it (and itself).
# dashboard is the product; data/ may hold the derivations' code, which reads the product's
# data layer; deploy/ runs the product (`make serve`); benchmarks/ measures it and runs it
# the way deploy/ does, so deploy/ never imports benchmarks/; scripts and tests use any.
PACKAGES = ("dashboard", "data", "deploy", "benchmarks", "scripts", "tests")
SKIPPED_DIRS = {"__pycache__", "node_modules"}


def repository_files() -> list:
    """Every Python file of the repository's top-level folders (hidden ones, such as
    .venv and .git, aside)."""
    root = PACKAGE_DIR.parent
    return sorted(
        path
        for top in root.iterdir()
        if top.is_dir() and not top.name.startswith(".") and top.name not in SKIPPED_DIRS
        for path in top.rglob("*.py")
        if not SKIPPED_DIRS & set(path.relative_to(root).parts)
    )


def repository_imports(path, name: str, known: set[str]) -> set[str]:
    """The repository's modules that module `name` imports, relative imports resolved."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = imports_of(path.read_text(encoding="utf-8"), known)
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
            module = f"{base}.{node.module}" if node.module else base
            found |= {n for n in (module, *(f"{module}.{a.name}" for a in node.names))
                      if n in known}  # fmt: skip
    return found - {name}


@functools.cache
def repository_graph() -> dict[str, set[str]]:
    files = {module_name(p): p for p in repository_files()}
    return {name: repository_imports(p, name, set(files)) for name, p in files.items()}


def package_faults(graph: dict[str, set[str]]) -> list[str]:
    """Imports of a package placed after the importer in `PACKAGES`, modules outside any
    package of `PACKAGES`, and import cycles anywhere."""
    order = {name: i for i, name in enumerate(PACKAGES)}
    faults = [f"{m}: not in a package of PACKAGES" for m in graph if m.split(".")[0] not in order]
    faults += [
        f"{a} imports {b}: {a.split('.')[0]} comes before {b.split('.')[0]} in PACKAGES"
        for a, targets in sorted(graph.items())
        for b in sorted(targets)
        if a.split(".")[0] in order
        and b.split(".")[0] in order
        and order[b.split(".")[0]] > order[a.split(".")[0]]
    ]
    return faults + cycles(graph)


def test_packages_import_only_packages_below_and_no_module_is_in_a_cycle() -> None:
    graph = repository_graph()
    assert {
        "dashboard.app",
        "deploy.serve",
        "benchmarks.run",
        "tests.conftest",
        "tests.support.app",
    } <= set(graph)
    assert not package_faults(graph)


def test_the_package_check_catches_deploy_importing_benchmarks_and_a_cycle(tmp_path) -> None:
    """A test of the test: deploy/ importing the benchmarks, a cycle of two modules of
    different packages, and a relative import are caught."""
    graph = repository_graph()
    wrong = {**graph, "deploy.serve": graph["deploy.serve"] | {"benchmarks.loadgen"}}
    assert any(
        f.startswith("deploy.serve imports benchmarks.loadgen") for f in package_faults(wrong)
    )
    looped = {**graph, "benchmarks.harness": graph["benchmarks.harness"] | {"benchmarks.run"}}
    assert any(f.startswith("cycle:") for f in package_faults(looped))
    source = tmp_path / "run.py"
    source.write_text("from . import harness\nfrom .apptest import open_page\n")
    known = {"benchmarks.run", "benchmarks.harness", "benchmarks.apptest"}
    found = repository_imports(source, "benchmarks.run", known)
    assert found == {"benchmarks.harness", "benchmarks.apptest"}


def imports_of_test_modules(graph: dict[str, set[str]]) -> list[str]:
    """Imports of a test module (`test_*.py` or a conftest) by any other module: what tests
    share lives in `tests.support`."""

    def is_test(name: str) -> bool:
        leaf = name.rsplit(".", 1)[-1]
        return name.startswith("tests.") and (leaf.startswith("test_") or leaf == "conftest")

    return [
        f"{a} imports {b}"
        for a, targets in sorted(graph.items())
        for b in sorted(targets)
        if is_test(b)
    ]


def test_no_module_imports_a_test_module() -> None:
    assert not imports_of_test_modules(repository_graph())
    assert imports_of_test_modules(
        {"tests.web.test_a": {"tests.data.test_b"}, "tests.support.x": set()}
    ) == ["tests.web.test_a imports tests.data.test_b"]


def test_tests_mirror_the_layers() -> None:
    """One folder per layer of the product (and for deploy/ and benchmarks/), each
    module's tests in a file of its name; nothing but conftest, the architecture check
    the docs and harness checks and the reference scenarios at the top."""
    root = PACKAGE_DIR.parent / "tests"
    layers = {"base", "data", "model", "charts", "outputs", "web", "deploy", "benchmarks"}
    assert layers <= {p.name for p in root.iterdir() if p.is_dir()}
    loose = {p.name for p in root.glob("test_*.py")}
    assert loose == {"test_architecture.py", "test_docs.py", "test_harness.py"}, loose
