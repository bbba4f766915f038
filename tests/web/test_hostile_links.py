"""Hostile links on every page: each page renders, falls back to its default view with a
notice naming the parameter, and never shows the raw input as markup.

The fixed list joins the parser's own hostile cases (tests/support/hostile.py) with cases
only a whole page can meet: repeated keys, unknown keys carrying HTML or Markdown, and
scenario values for the what-if page's real sliders. Hypothesis adds generated links.
"""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from dashboard import DEFAULT_DATA_DIR
from dashboard.data.load import load
from dashboard.model import params
from dashboard.model.scenarios import whatif
from tests.support.app import APP_PATH, failures, unescaped
from tests.support.hostile import HOSTILE

pytestmark = pytest.mark.slow  # drives whole pages with many hostile links

PAGES = list(params.PAGES)
SLIDER = next(iter(whatif.settings_of(load(DEFAULT_DATA_DIR)).sliders))  # a real slider

HOSTILE_LINKS: list[tuple[str, str | list[str]]] = [
    *HOSTILE,
    ("countries", ["KOR", "USA"]),  # a repeated key
    ("lang", ["ko", "en"]),
    ("<script>alert(1)</script>", "1"),  # an unknown key carrying HTML
    ("![x](https://example.invalid/pixel.png)", "1"),  # ... or a Markdown image
    ("$\\frac{1}{0}$", "1"),  # ... or Streamlit's maths
    (":red[alarm]", "1"),  # ... or Streamlit's colour tags
    ("present", "1' OR '1'='1"),
    ("slide", "../../etc/passwd"),
    ("countries", "\u202eASU"),  # right-to-left override
    ("countries", "مرحبا"),
    ("focus", "KOR" * 10_000),
    (f"s.{SLIDER}", "nan"),
    (f"s.{SLIDER}", "-inf"),
    (f"s.{SLIDER}", "1e309"),
    (f"s.{SLIDER}", "<b>1</b>"),
    (f"s.{SLIDER}", ["1", "2"]),
    ("s.__class__", "1"),
]
# Characters that would make an echoed value markup rather than text.
MARKUP = re.compile(r"[<>\[\]()$:`*]")
ESCAPE_PAIR = re.compile(r"\\.", re.S)


def charts(at: AppTest) -> list[dict]:
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    for spec in specs:
        spec.get("layout", {}).pop("uirevision", None)
    return specs


def texts(at: AppTest) -> list[str]:
    """Every piece of text the page drew as Markdown (where markup could come alive),
    with its escaped characters taken out: what is left could act as markup."""
    kinds = ("markdown", "caption", "info", "warning", "error", "success", "title", "header")
    return [ESCAPE_PAIR.sub("", str(e.value)) for kind in kinds for e in at.get(kind)]


def visit(page: str, query: dict[str, str | list[str]]) -> AppTest:
    """The page as a pasted link opens it: a fresh session with the link's query."""
    at = AppTest.from_file(APP_PATH, default_timeout=60)
    at.query_params.update(query)
    if page != "overview":
        at.switch_page(f"pages/{page}.py")  # before the first run: the link opens this page
    return at.run()


@pytest.mark.parametrize("page", PAGES)
def test_hostile_links_fall_back_to_the_default_view(page: str) -> None:
    at = visit(page, {})
    default = charts(at)
    assert not failures(at)
    for key, value in HOSTILE_LINKS:
        at = visit(page, {key: value})
        case = (page, key[:60], str(value)[:60])
        assert not failures(at), (case, failures(at))
        assert charts(at) == default, case
        notices = [unescaped(i.value) for i in at.info]
        assert any(key[:40] in n for n in notices), (case, notices)
        shown = texts(at)
        for raw in (key, *([value] if isinstance(value, str) else value)):
            if MARKUP.search(raw):
                assert not any(raw in s for s in shown), (case, "raw input echoed")


queries = st.dictionaries(
    st.text(min_size=1, max_size=30),
    st.one_of(st.text(max_size=60), st.lists(st.text(max_size=20), min_size=2, max_size=3)),
    max_size=4,
)


@pytest.mark.parametrize("page", ["compute", "whatif"])
@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=queries)
def test_any_link_renders_the_page(page: str, query: dict) -> None:
    at = visit(page, query)
    assert not failures(at), (query, failures(at))
    shown = texts(at)
    for raw in [*query, *(v for v in query.values() if isinstance(v, str))]:
        if MARKUP.search(raw) and len(raw) > 2:
            assert not any(raw in s for s in shown), (query, "raw input echoed")
