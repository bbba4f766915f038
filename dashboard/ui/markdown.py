"""Text for Streamlit's markdown: escaping (every data or link text shown goes through
`md_escape`), source lines under charts, and the claims' texts."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.base.i18n import t
from dashboard.data.load import Data
from dashboard.model import views

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
