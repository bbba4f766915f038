"""Project rules that code review would otherwise have to remember."""

from __future__ import annotations

import ast
import re

from dashboard import PACKAGE_DIR

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

    code = (
        "import sys; import dashboard.data.load, dashboard.views, dashboard.charts, "
        "dashboard.figures, dashboard.validate, dashboard.params, dashboard.formatting; "
        "assert 'streamlit' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=PACKAGE_DIR.parent)
