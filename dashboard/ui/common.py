"""Widgets and state every page shares: data loading (cached), the view state from the
URL, the language and country controls, banners, source lines, data tables and view
controls. `dashboard.ui.page` builds pages from these (and from `present`); this
module imports neither. No figure is computed here; that is the pure core's work.
"""

from __future__ import annotations

import logging
import urllib.parse
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st
from streamlit.components import v2 as components_v2

from dashboard.base import safe
from dashboard.base.i18n import LANGS, t
from dashboard.charts import alt_text, registry
from dashboard.charts.primitives import Style
from dashboard.data.dataset import data_dir_from_env
from dashboard.data.load import HOME, Data, load, unloadable
from dashboard.data.problems import Problem
from dashboard.model import params, views
from dashboard.model.scenarios import whatif
from dashboard.outputs import restyle, story, workbook

CONTEXT_KEY = "_page_context"
# Plotly as our builders style it (theme=None): Streamlit's theme would override fonts.
PLOTLY_CONFIG = {"displaylogo": False}
PRESENT_STYLE = Style(font_size=22, height=620)  # projector: chart text >= 20 px at 1080p
PHONE_STYLE = Style(font_size=13, height=420)  # a phone's screen, page or slide
PAGE_PADDING_PX = 32  # the main column's side padding on a phone: a chart gets the rest
ALT_KEY = "alt_"  # containers keyed so hold a chart's text alternative
VIEWPORT_KEY = "viewport"
# Every page, a constant. Captions: Streamlit draws them at 60% opacity, which puts their
# links under WCAG's 4.5:1 contrast (axe-core's serious `color-contrast`); they are drawn
# opaque in a muted grey instead (#555 on white: 7.5:1). Text alternatives: out of sight,
# but read by screen readers (a clipped box, not display:none, which hides it from both).
PAGE_CSS = """
<style>
[data-testid="stCaptionContainer"] { opacity: 1; color: #555555; }
[class*="st-key-alt_"] {
  position: absolute !important; width: 1px !important; height: 1px !important;
  min-width: 0 !important; padding: 0 !important; margin: -1px !important; border: 0;
  overflow: hidden !important; clip-path: inset(50%) !important; white-space: nowrap;
}
</style>
"""


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


# The screen's width, reported by the browser only when it is a phone's (narrower than
# `restyle.NARROW_PX`): a wide screen never reruns the page for it. Rounded to 10 px, and
# reported again when the phone turns. The script runs in the app's document (a v2
# component, no iframe) and draws nothing.
VIEWPORT_JS = """
export default function (component) {
  const { data, setStateValue } = component;
  const report = () => {
    const width = window.innerWidth;
    const narrow = width < data.limit ? Math.round(width / 10) * 10 : 0;
    if (narrow !== data.width) setStateValue('width', narrow);
  };
  report();
  let timer;
  const onResize = () => { clearTimeout(timer); timer = setTimeout(report, 300); };
  window.addEventListener('resize', onResize);
  return () => window.removeEventListener('resize', onResize);
}
"""
viewport = components_v2.component("dashboard_viewport", js=VIEWPORT_JS)


def screen_width() -> int:
    """A phone's screen width in CSS px, or 0 for a wide screen (or before the browser has
    said): charts and slides are fitted to a phone's width (`plotly_chart`)."""
    known = st.session_state.get(VIEWPORT_KEY) or {}
    width = int(known.get("width") or 0) if isinstance(known, Mapping) else 0
    viewport(key=VIEWPORT_KEY, data={"width": width, "limit": restyle.NARROW_PX},
             default={"width": 0}, height=0, on_width_change=lambda: None)  # fmt: skip
    return width


def plotly_chart(result: registry.ChartResult, ctx: PageContext, key: str) -> None:
    """A chart on the page or a slide; on a phone fitted to its width (title wrapped under
    the toolbar's band, legend below, no Plotly toolbar over the chart)."""
    figure, config = result.figure, PLOTLY_CONFIG
    if ctx.width:
        config = {**PLOTLY_CONFIG, "displayModeBar": False}
        try:
            figure = restyle.narrow(result.figure, ctx.width - PAGE_PADDING_PX)
        except Exception:  # a chart drawn as for a wide screen beats no chart at all
            logging.getLogger("dashboard").exception("fitting %s to a phone failed", key)
    st.plotly_chart(figure, key=key, config=config, theme=None)


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


def read_state(data: Data) -> tuple[params.ViewState, list[params.Notice]]:
    """The view state from the URL; the language also survives page changes."""
    query = _query()
    state, notices = whatif.parse_link(query, data)
    if "lang" not in query and st.session_state.get("lang") in LANGS:
        state = replace(state, lang=st.session_state["lang"])
    return state, notices


def write_state(state: params.ViewState) -> None:
    """Put the state in the URL (only what differs from the defaults)."""
    wanted = params.encode(state)
    if wanted != {k: v[-1] for k, v in _query().items()}:
        st.query_params.from_dict(wanted)


def sidebar_controls(data: Data, state: params.ViewState) -> params.ViewState:
    """Language and country selection, shared by every page."""
    lang_names = {code: t("app.language_name", code) for code in LANGS}
    lang = (
        st.sidebar.segmented_control(
            t("app.language", state.lang),
            LANGS,
            default=state.lang,
            format_func=lang_names.__getitem__,
            key="lang_control",
        )
        or state.lang
    )
    st.session_state["lang"] = lang
    all_ids = list(data.entities["id"])
    default = list(state.countries) or data.default_countries()
    chosen = st.sidebar.multiselect(
        t("app.countries", lang),
        all_ids,
        default=[c for c in default if c in all_ids],
        format_func=lambda e: data.entity_name(e, lang),
        key="countries_control",
        help=t("app.countries_help", lang),
    )
    countries = tuple(chosen) if chosen != data.default_countries() else ()
    events = st.sidebar.toggle(
        t("events.control", lang),
        value=state.events,
        key="events_control",
        help=t("events.help", lang),
    )
    return replace(state, lang=lang, countries=countries, events=events)


def set_context(ctx: PageContext) -> None:
    """Keep the page's context and mirror its state in the URL at once, so a link copied
    at any moment reproduces what is on screen."""
    st.session_state[CONTEXT_KEY] = ctx
    write_state(ctx.state)


def page_context() -> PageContext:
    return st.session_state[CONTEXT_KEY]


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


def require_figures(ctx: PageContext, topics: Sequence[str] = ()) -> None:
    """Stop the page, saying so plainly, when the data holds no figure it could show:
    none of its topics (any topic when none is named), or no country to compare."""

    def none_to_show() -> bool:
        obs = ctx.data.observations
        if topics:
            obs = obs[obs["topic"].isin(topics)]
        return obs.empty or not ctx.data.countries()

    # Once per data and topics: a large folder has hundreds of thousands of rows to scan.
    if ctx.data.remember(("no_figures", tuple(topics)), none_to_show):
        st.info(ctx.t("app.no_figures"), icon=":material/info:")
        st.stop()


def show_notices(notices: list[params.Notice], lang: str) -> None:
    """Say which link parameters were ignored; the raw values are never echoed."""
    if notices:
        names = ", ".join(sorted({n.param for n in notices}))  # an unknown key is raw input
        st.info(md_escape(t("notice.ignored", lang, names=names)), icon=":material/info:")


def problem_text(p: Problem, lang: str) -> str:
    """One problem as a sentence naming its file, line and column."""
    fields = {"file": p.file, "line": p.line, "column": p.column, "message": p.message(lang)}
    if p.line <= 0:
        return t("problems.item_file", lang, **fields)
    return t("problems.item_line" if p.column == "-" else "problems.item", lang, **fields)


# Warnings that a whole (optional) file is gone: named in the banner like errors.
WHOLE_FILE_WARNINGS = frozenset(
    {
        "whatif.problem.file_missing_optional",
        "whatif.problem.presets_missing",
        "whatif.problem.projections_missing",
        "events.file_missing",
        "gaps.file_missing",
        "file_missing_optional",
        "file_no_rows",
    }
)
BANNER_ITEMS = 3  # problems named in the banner itself; the rest behind "see every problem"


def show_problems(data: Data, lang: str) -> None:
    """A banner naming each data problem's file, line and column, in the reader's language.
    Every name and value read from the files is escaped: the banner shows them as text."""
    errors = [p for p in data.problems if p.severity == "error" or p.code in WHOLE_FILE_WARNINGS]
    if not errors:
        return
    items = [f"- {md_escape(problem_text(p, lang))}" for p in errors[:BANNER_ITEMS]]
    if len(errors) > BANNER_ITEMS:
        items.append(f"- {md_escape(t('problems.more', lang, n=len(errors) - BANNER_ITEMS))}")
    st.warning(
        "\n".join([md_escape(t("problems.banner", lang, n=len(errors))), "", *items]),
        icon=":material/warning:",
    )
    with st.expander(t("problems.details", lang), expanded=False):
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        t("problems.file", lang): p.file,
                        t("problems.line", lang): p.line,
                        t("problems.column", lang): p.column,
                        t("problems.message", lang): p.message(lang),
                        t("problems.value", lang): p.value,
                    }
                    for p in errors
                ]
            ),
            hide_index=True,
        )


# Markdown's punctuation, plus Streamlit's own: `$` starts maths, `:` colour and icon tags.
MD_SPECIAL = frozenset("\\`*_{}[]()#+-.!|<>~$:&")


def md_escape(text: str) -> str:
    """Text from a file or a link, shown as the characters it holds and nothing more."""
    return "".join("\\" + ch if ch in MD_SPECIAL else ch for ch in str(text))


def _md_url(url: str) -> str:
    # The validator admits only http(s) URLs without spaces; brackets would end the link.
    return url.replace("(", "%28").replace(")", "%29")


def source_text(rows: pd.DataFrame, lang: str) -> str:
    """The sources behind some figures as one line of markdown: publisher and date, each
    linked to the document ("" when there is none)."""
    refs = views.sources_of(rows)
    if not refs:
        return ""
    parts = [
        f"[{md_escape(r.publisher)} ({md_escape(r.published)})]({_md_url(r.url)})"
        if r.url
        else f"{md_escape(r.publisher)} ({md_escape(r.published)})"
        for r in refs
    ]
    return t("chart.source", lang) + " " + " · ".join(parts)


def source_line(rows: pd.DataFrame, lang: str) -> None:
    """The sources behind a chart or a figure, as a caption."""
    text = source_text(rows, lang)
    if text:
        st.caption(text)


def claim_texts(data: Data, lang: str) -> list[tuple[str, str]]:
    """The articles' headline claims, each as its expander label (the verdict, then the
    claim) and its note, in markdown; worked out once per data and language."""

    def texts() -> list[tuple[str, str]]:
        return [
            (
                f"{t(f'verdict.{claim.verdict}', lang)} — {md_escape(claim[f'text_{lang}'])}",
                md_escape(claim[f"note_{lang}"]),
            )
            for _, claim in data.claims.iterrows()
        ]

    return data.remember(("claim_texts", lang), texts)


def page_style() -> None:
    """The styles every page needs (`PAGE_CSS`): contrast and text alternatives."""
    st.html(PAGE_CSS)


def chart_alt(result: registry.ChartResult, lang: str, key: str) -> None:
    """The chart's text alternative (title and one sentence from its data) for screen
    readers, placed just before the chart: Streamlit's Plotly element has no alt text."""
    with st.container(key=f"{ALT_KEY}{key}"):
        st.markdown(md_escape(alt_text.describe(result, lang)))


def data_toggle(rows: pd.DataFrame, lang: str, key: str) -> None:
    """A toggle that shows the rows behind a chart, with CSV and Excel downloads of them."""
    if not st.toggle(t("chart.show_data", lang), key=f"data_{key}"):
        return
    table = workbook.chart_table(rows)
    st.dataframe(table, hide_index=True)
    csv, xlsx = st.columns(2)
    csv.download_button(
        t("chart.download_csv", lang),
        safe.csv_bytes(table),
        file_name=safe.filename(key, "csv"),
        mime="text/csv",
        key=f"csv_{key}",
    )
    xlsx.download_button(  # made when clicked: a page run does not pay for it
        t("workbook.download", lang),
        lambda: workbook.chart_workbook(table, lang),
        file_name=safe.filename(key, "xlsx"),
        mime=workbook.MIME,
        key=f"xlsx_{key}",
        on_click="ignore",
    )


def choice(setting: str, options: Sequence[str], *, where: Any = st, key: str = "") -> str:
    """A segmented control for one view setting (scale, basis, plan_basis): its words
    from the strings (`control.<setting>`, `option.<setting>.<option>`), its value from the URL
    and, once chosen, back into it."""
    ctx = page_context()
    current = getattr(ctx.state, setting)
    value = (
        where.segmented_control(
            ctx.t(f"control.{setting}"),
            options,
            default=current,
            format_func=lambda option: ctx.t(f"option.{setting}.{option}"),
            key=key or setting,
        )
        or current
    )
    update_state(**{setting: value})
    return value


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


def update_state(**changes: object) -> None:
    """Record a page's own settings (scale, basis, ...) so app.py puts them in the URL."""
    ctx = page_context()
    set_context(replace(ctx, state=replace(ctx.state, **changes)))


# The columns a figure table shows, in order; `extra` columns go after the year.
FIGURE_COLUMNS = ("name", "metric_label", "year", "value_text", "status_text",
                  "confidence_text", "source_text", "note")  # fmt: skip
OPTIONAL_COLUMNS = ("edition", "category", "url", "superseded_by")


def column_names(lang: str) -> dict[str, str]:
    """Reader-facing headers for the display columns views add."""
    return {c: t(f"column.{c}", lang) for c in (*FIGURE_COLUMNS, *OPTIONAL_COLUMNS)}


def figure_frame(rows: pd.DataFrame, lang: str, extra: tuple[str, ...] = ()) -> pd.DataFrame:
    """The columns `figure_table` shows, under reader-facing headers; a `url` extra last.
    A page that shows the same figures on every run remembers this and `show_figures` it."""
    links = [c for c in extra if c == "url"]  # long: after the figure, not before it
    cols = [*FIGURE_COLUMNS[:3], *(c for c in extra if c != "url"), *FIGURE_COLUMNS[3:], *links]
    return rows[[c for c in cols if c in rows]].rename(columns=column_names(lang))


def show_figures(frame: pd.DataFrame, lang: str) -> None:
    """A `figure_frame` as a table, its URL column a link."""
    url = t("column.url", lang)
    st.dataframe(frame, hide_index=True, column_config={url: st.column_config.LinkColumn(url)})


def figure_table(rows: pd.DataFrame, lang: str, extra: tuple[str, ...] = ()) -> None:
    """Figures as a table with reader-facing headers; a `url` extra becomes a link, last."""
    show_figures(figure_frame(rows, lang, extra), lang)
