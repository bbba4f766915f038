"""Citation text for a chart and for a single figure: an APA-style line in the reader's
language, a Korean-style line (「title」, 접속일) and a BibTeX entry.

Each names the dashboard, what is cited (the chart's title, or the figure with its
entity, measure and year), every source behind it, the data release (version and date,
from releases.csv) and the access date. The access date is passed in: nothing here reads
the clock, so the same input always gives the same text. Dates are ISO (2026-12-01),
as the data writes them.

BibTeX: every field's text is escaped for LaTeX, and keys are ASCII, built from the
chart id or from the figure's identity (with a digest, so two figures of the same
entity, measure and year from different sources never share a key). Its values are one
line each, so only the entry's own "@misc{" starts a line with a formula character.

The APA and Korean lines are defused like a spreadsheet cell (`safe.neutralise`): a reader
may paste them into one.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import pandas as pd

from dashboard.base import formatting as fmt
from dashboard.base import safe
from dashboard.base.i18n import t
from dashboard.charts.plain import Plot
from dashboard.data.load import Data
from dashboard.model import views

KEY_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")
TAG = re.compile(r"<[^>]+>")  # Plotly's markup in a chart title (<br>, <sup>)
LATEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "$": r"\$",
    "&": r"\&",
    "#": r"\#",
    "_": r"\_",
    "^": r"\^{}",
    "~": r"\~{}",
}
KOREAN = "ko"  # the Korean-style line is Korean whatever the reader's language


@dataclass(frozen=True)
class Citation:
    apa: str
    korean: str
    bibtex: str


@dataclass(frozen=True)
class Release:
    version: str
    date: str  # ISO, as releases.csv has it


def current_release(data: Data) -> Release | None:
    """The data's newest release, or None when the folder lists none."""

    def newest() -> Release | None:
        releases = data.releases_newest_first()
        if releases.empty:
            return None
        return Release(str(releases.iloc[0]["version"]), str(releases.iloc[0]["date"]))

    return data.remember("current_release", newest)


def chart_title(figure: Plot) -> str:
    """A chart's title as plain text (Plotly titles may carry markup and entities)."""
    text = figure.title
    return " ".join(html.unescape(TAG.sub(" ", text)).split())


def latex_escape(text: str) -> str:
    """Text safe inside a BibTeX field: LaTeX's special characters escaped, one line."""
    return "".join(LATEX_SPECIAL.get(ch, ch) for ch in " ".join(str(text).split()))


def _plain(value: object) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


# -- the pieces ------------------------------------------------------------------------------


def _year(release: Release | None, lang: str) -> str:
    return release.date[:4] if release else t("cite.no_date", lang)


def _what(kind: str, release: Release | None, lang: str) -> str:
    """ "Chart; data release 2026.12, 2026-12-01" in the reader's language."""
    kind_text = t(f"cite.kind.{kind}", lang)
    if release is None:
        return kind_text
    return f"{kind_text}; " + t("cite.release", lang, version=release.version, date=release.date)


def source_entry(s: views.SourceRef, *, korean: bool) -> str:
    """One source as a citation names it: "publisher(date), 「title」, url" in the Korean
    style, "publisher (date), title, url" otherwise (also a briefing's numbered note)."""
    head = f"{s.publisher}({s.published})" if korean else f"{s.publisher} ({s.published})"
    parts = [head]
    if s.title:
        parts.append(f"「{s.title}」" if korean else s.title)
    if s.url:
        parts.append(s.url)
    return ", ".join(parts)


def _source_entries(sources: list[views.SourceRef], korean: bool) -> list[str]:
    return [source_entry(s, korean=korean) for s in sources]


def _lines(
    kind: str,
    subject: str,
    sources: list[views.SourceRef],
    release: Release | None,
    accessed: date,
    lang: str,
) -> tuple[str, str]:
    """The APA-style line (reader's language) and the Korean-style line."""

    def line(key: str, line_lang: str, korean: bool) -> str:
        entries = "; ".join(_source_entries(sources, korean=korean))
        listed = f" {t('cite.sources', line_lang)}: {entries}." if entries else ""
        return t(key, line_lang, author=t("app.title", line_lang), year=_year(release, line_lang),
                 title=subject, what=_what(kind, release, line_lang), sources=listed,
                 date=accessed.isoformat())  # fmt: skip

    # Pasted into a spreadsheet, a line could run as a formula (a title that starts with "=").
    return (safe.neutralise(line("cite.apa_line", lang, False)),
            safe.neutralise(line("cite.korean_line", KOREAN, True)))  # fmt: skip


def _bibtex(
    key: str,
    subject: str,
    sources: list[views.SourceRef],
    release: Release | None,
    accessed: date,
    kind: str,
    lang: str,
) -> str:
    fields = [
        ("author", "{" + latex_escape(t("app.title", lang)) + "}"),
        ("title", "{" + latex_escape(subject) + "}"),
        ("year", latex_escape(_year(release, lang))),
        ("howpublished", latex_escape(_what(kind, release, lang))),
    ]
    entries = _source_entries(sources, korean=False)
    if entries:
        fields.append(("note", latex_escape(f"{t('cite.sources', lang)}: " + "; ".join(entries))))
    fields.append(("urldate", accessed.isoformat()))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{key},\n{body}\n}}"


def _key(*parts: object) -> str:
    return ":".join(KEY_UNSAFE.sub("-", _plain(p)).strip("-") or "x" for p in parts)


# -- what is cited -------------------------------------------------------------------------


def chart_citation(
    chart_id: str, title: str, rows: pd.DataFrame, data: Data, lang: str, accessed: date
) -> Citation:
    """A chart: its title, every source of the rows it draws, the release, the access date."""
    release = current_release(data)
    sources = views.sources_of(rows)
    apa, korean = _lines("chart", title, sources, release, accessed, lang)
    key = _key(f"aicd{_year(release, 'en')}", chart_id)
    return Citation(apa, korean, _bibtex(key, title, sources, release, accessed, "chart", lang))


FIGURE_IDENTITY = ("entity", "metric", "year", "period_start", "value", "unit", "currency",
                   "gpu_type", "edition", "status", "publisher", "published", "title",
                   "url")  # fmt: skip


def figure_label(row: Mapping[str, object], lang: str) -> str:
    """One figure in words: entity, measure, year and value ("South Korea · GPUs held ·
    2025: 65K GPUs")."""
    # A chart row has its value in words; a scenario assumption has a number and a unit.
    value = _plain(row.get("value_text")) or (
        f"{fmt.number(float(row['value']), lang)} {_plain(row.get('unit'))}".strip()
    )
    parts = (_plain(row.get(c)) for c in ("name", "metric_label", "year"))
    head = " · ".join(p for p in parts if p)
    return f"{head}: {value}"


def figure_key(row: Mapping[str, object], release: Release | None) -> str:
    """The figure's BibTeX key: readable, and unique by a digest of its identity."""
    identity = "|".join(_plain(row.get(c)) for c in FIGURE_IDENTITY)
    digest = hashlib.blake2b(identity.encode(), digest_size=4).hexdigest()
    year = release.date[:4] if release else "nd"
    return _key(f"aicd{year}", row.get("entity"), row.get("metric"), row.get("year"), digest)


def figure_citation(row: Mapping[str, object], data: Data, lang: str, accessed: date) -> Citation:
    """One figure (a row of a chart or of the data, with its source columns)."""
    release = current_release(data)
    subject = figure_label(row, lang)
    source = views.SourceRef(*(_plain(row.get(c)) for c in ("publisher", "published", "title",
                                                             "url")))  # fmt: skip
    sources = [source] if source.publisher or source.title else []
    apa, korean = _lines("figure", subject, sources, release, accessed, lang)
    bibtex = _bibtex(figure_key(row, release), subject, sources, release, accessed, "figure", lang)
    return Citation(apa, korean, bibtex)
