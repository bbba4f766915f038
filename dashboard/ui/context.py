"""The page's context: the data (loaded once per data folder and file change, shared by
every session), the view state, language, countries and screen width, and the chart
view they make; kept for the run and mirrored in the URL at once."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from pathlib import Path

import streamlit as st

from dashboard.base.i18n import t
from dashboard.charts import registry
from dashboard.charts.primitives import Style
from dashboard.data.dataset import data_dir_from_env
from dashboard.data.load import HOME, Data, load, unloadable
from dashboard.model import params
from dashboard.outputs import story
from dashboard.ui.url import write_state

CONTEXT_KEY = "_page_context"
PRESENT_STYLE = Style(font_size=22, height=620)  # projector: chart text >= 20 px at 1080p
PHONE_STYLE = Style(font_size=13, height=420)  # a phone's screen, page or slide


@dataclass(frozen=True)
class PageContext:
    data: Data
    state: params.ViewState
    lang: str
    countries: list[str]
    width: int = 0  # a phone's screen width in CSS px (`screen_width`); 0 on a wide screen

    def t(self, key: str, **kw: object) -> str:
        return t(key, self.lang, **kw)

    def view(self, **settings: object) -> registry.View:
        """The chart view for this page: language, countries, style and page settings."""
        style = PHONE_STYLE if self.width else PRESENT_STYLE if self.state.present else Style()
        base = dict(
            lang=self.lang,
            countries=tuple(self.countries),
            scale=self.state.scale,
            basis=self.state.basis,
            focus=self.state.focus or HOME,
            events=self.state.events,
            style=style,
        )
        return registry.View(**{**base, **settings})


def file_signature(path: Path) -> tuple[tuple[str, float, int], ...]:
    """Names, times and sizes of a file or of a folder's files: a cache key that changes
    when someone saves an edit, so the app shows it at once."""
    try:
        files = [path] if path.is_file() else [p for p in path.iterdir() if p.is_file()]
        return tuple(sorted((p.name, p.stat().st_mtime, p.stat().st_size) for p in files))
    except OSError:
        return ()


# `signature` has no leading underscore on purpose: Streamlit leaves such arguments out of
# the cache key, and this one is what makes an edited data folder load afresh. A resource,
# not cache_data: every session shares the one read-only Data (no copy per run), and what
# is derived from it is remembered on it (`Data.remember`). Old folder states age out.
@st.cache_resource(show_spinner=False, max_entries=4)
def _load_cached(folder: str, signature: tuple) -> Data:
    data = load(folder)
    return data.with_problems(story.folder_problems(folder, data))


def load_data() -> Data:
    """The data folder, checked and joined; never raises. Should loading itself fail (a
    bug, or a folder no check foresaw), the pages get empty data and a problem that says
    so, and the server log gets the details."""
    folder = data_dir_from_env()
    try:
        return _load_cached(str(folder), file_signature(folder))
    except Exception:
        logging.getLogger("dashboard").exception("loading %s failed", folder)
        return unloadable(folder)


def set_context(ctx: PageContext) -> None:
    """Keep the page's context and mirror its state in the URL at once, so a link copied
    at any moment reproduces what is on screen."""
    st.session_state[CONTEXT_KEY] = ctx
    write_state(ctx.state)


def page_context() -> PageContext:
    return st.session_state[CONTEXT_KEY]


def update_state(**changes: object) -> None:
    """Record a page's own settings (scale, basis, ...) so app.py puts them in the URL."""
    ctx = page_context()
    set_context(replace(ctx, state=replace(ctx.state, **changes)))
