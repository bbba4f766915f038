"""What a page says before its charts: data problems (named by file and line, the most
important first), link settings it had to ignore, and a plain stop when the data holds
nothing the page could show."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from dashboard.base.i18n import t
from dashboard.data.load import Data
from dashboard.data.problems import Problem
from dashboard.model import params
from dashboard.ui.context import PageContext
from dashboard.ui.markdown import md_escape


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
