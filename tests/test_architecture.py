"""Project rules that code review would otherwise have to remember."""

from __future__ import annotations

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


def test_no_unsafe_html_anywhere() -> None:
    offenders = [
        str(p)
        for p in python_files()
        if re.search(r"unsafe_allow_html\s*=\s*True", p.read_text(encoding="utf-8"))
    ]
    assert not offenders


def test_core_modules_import_without_streamlit() -> None:
    import subprocess
    import sys

    code = (
        "import sys; import dashboard.load, dashboard.views, dashboard.charts, "
        "dashboard.figures, dashboard.validate, dashboard.params, dashboard.formatting; "
        "assert 'streamlit' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=PACKAGE_DIR.parent)
