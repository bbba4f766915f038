"""The address bar: the view state read from the link once per run (`read_state`),
written back when it changes, the app's root and the page's own address (for "Copy
link", QR codes and briefings), an unknown path routed to the overview, and the hand-over
from Streamlit's legacy page mode to app.py's navigation."""

from __future__ import annotations

import urllib.parse
from collections.abc import Mapping, Sequence
from dataclasses import replace

import streamlit as st

from dashboard.base.i18n import LANGS
from dashboard.data.load import Data
from dashboard.model import params
from dashboard.model.scenarios import whatif

UNKNOWN_PATH_KEY = "_unknown_path"
SHOWN_PATH_CHARS = 60  # an unknown path is raw input: shown escaped and cut short


def route_unknown_path(pages: Sequence[str]) -> None:
    """A link to a page path the app does not have (say /overview, the default page's
    name) runs the default page and leaves a notice, instead of Streamlit's "Page not
    found" dialog. Must run before `st.navigation`, which resolves the path. `pages`
    are the url paths, the default page first."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    manager = getattr(ctx, "pages_manager", None)
    requested = getattr(manager, "intended_page_name", None) or ""
    # The default page lives at "/"; a link to its name is taken to mean it.
    if requested and requested not in pages[1:]:
        manager.set_script_intent("", "")
        if requested != pages[0]:
            st.session_state[UNKNOWN_PATH_KEY] = requested[:SHOWN_PATH_CHARS]


def _query() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params}


RUN_STATE_KEY = "_run_state"  # the link as last parsed: (what it depends on, state, notices)


def read_state(data: Data) -> tuple[params.ViewState, list[params.Notice]]:
    """The view state from the URL, parsed once per run (app.py reads it for the language
    and presentation mode, the page's setup again: the second read reuses the first while
    the query is unchanged); the language also survives page changes."""
    query = _query()
    depends = (query, data.cache_key, st.session_state.get("lang"))
    kept = st.session_state.get(RUN_STATE_KEY)
    if kept is not None and kept[0] == depends:
        return kept[1], kept[2]
    state, notices = whatif.parse_link(query, data)
    if "lang" not in query and st.session_state.get("lang") in LANGS:
        state = replace(state, lang=st.session_state["lang"])
    st.session_state[RUN_STATE_KEY] = (depends, state, notices)
    return state, notices


def write_state(state: params.ViewState) -> None:
    """Put the state in the URL (only what differs from the defaults)."""
    wanted = params.encode(state)
    if wanted != {k: v[-1] for k, v in _query().items()}:
        st.query_params.from_dict(wanted)


def leave_legacy_page_mode() -> None:
    """Hand a deep link over to app.py's navigation.

    Streamlit treats a `pages/` folder beside the entry script as a legacy multipage app
    until `st.navigation` first runs in the process, so a deep link (say /compute) that
    is the first request after start runs the page alone, without app.py's navigation.
    Turning that mode off and rerunning lets app.py take over from then on.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def app_root() -> str:
    """The app's address as the browser reached it (scheme, host and any path prefix a
    proxy adds), without a trailing slash; "" when unknown (a test run without a browser)."""
    parts = urllib.parse.urlsplit(st.context.url or "")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ""
    # The app's root: the address without its last path segment (the page's own).
    root = parts.path.rsplit("/", 1)[0] if parts.path.count("/") > 1 else ""
    return f"{parts.scheme}://{parts.netloc}{root}"


def current_page() -> str:
    """The page's own segment of the address the browser reached ("" at the app's root,
    the overview; "" when the address is unknown)."""
    return urllib.parse.urlsplit(st.context.url or "").path.rsplit("/", 1)[-1]


def absolute_link(page: str, query: Mapping[str, str]) -> str:
    """The full address of `page` with `query` (`params.link` from `app_root`): what "Copy
    link", the QR code on a slide and a briefing's link give; the bare path when the
    address is unknown."""
    return params.link(app_root(), page, query)
