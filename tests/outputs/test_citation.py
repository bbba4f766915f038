"""Citation texts: a chart with two sources names both, with the data release and the
access date given; BibTeX escaped and keyed uniquely; both languages."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pandas as pd
import pytest

from dashboard import DEFAULT_DATA_DIR
from dashboard.base.i18n import t
from dashboard.charts import registry
from dashboard.charts.plain import Plot
from dashboard.data.load import load
from dashboard.model import views
from dashboard.outputs import citation
from tests.support.hostile import formula_lines

ACCESSED = date(2027, 3, 4)  # not today: the date is what the caller passes
KEY = re.compile(r"^@misc\{([^,]+),$", re.M)
SAFE_KEY = re.compile(r"^[A-Za-z0-9_.:-]+$")


@pytest.fixture(scope="module")
def data():
    return load(DEFAULT_DATA_DIR)


def two_sources() -> pd.DataFrame:
    """Two figures of one chart from two sources, as a chart's rows carry them."""
    return pd.DataFrame(
        {
            "entity": ["KOR", "USA"],
            "name": ["South Korea", "United States"],
            "metric": ["gpus_held", "gpus_held"],
            "metric_label": ["GPUs held", "GPUs held"],
            "year": [2025, 2024],
            "value": [65000.0, 100000.0],
            "value_text": ["65K GPUs", "100K GPUs"],
            "unit": ["gpu", "gpu"],
            "publisher": ["Ministry Daily", "Tech Press"],
            "published": ["2025-02-17", "2024-07-22"],
            "title": ["Government GPU briefing", "Company cluster claim"],
            "url": ["https://example.org/gov", "https://example.org/press"],
        }
    )


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_chart_with_two_sources_names_both_the_release_and_the_date(data, lang) -> None:
    cited = citation.chart_citation("gpu_gap", "GPUs held", two_sources(), data, lang, ACCESSED)
    release = data.releases_newest_first().iloc[0]
    for text in (cited.apa, cited.korean, cited.bibtex):
        for name in ("Ministry Daily", "Tech Press", "Government GPU briefing",
                     "Company cluster claim"):  # fmt: skip
            assert name in text or citation.latex_escape(name) in text, (name, text)
        assert "GPUs held" in text
        assert release["version"] in text and release["date"] in text
        assert ACCESSED.isoformat() in text
    assert "https://example.org/gov" in cited.apa and "https://example.org/press" in cited.korean
    assert cited.apa.startswith(t("app.title", lang))
    assert cited.korean.startswith(t("app.title", "ko"))  # Korean-style whatever the reader's


def test_each_language_has_its_own_words(data) -> None:
    ko = citation.chart_citation("gpu_gap", "보유 GPU", two_sources(), data, "ko", ACCESSED)
    en = citation.chart_citation("gpu_gap", "GPUs held", two_sources(), data, "en", ACCESSED)
    assert "검색" in ko.apa and "Retrieved" not in ko.apa and "차트" in ko.apa
    assert "Retrieved" in en.apa and "Chart" in en.apa and not re.search("[가-힣]", en.apa)
    for line in (ko.korean, en.korean):
        assert "접속일" in line and "「" in line and "원자료" in line
    assert "「보유 GPU」" in ko.korean and "「GPUs held」" in en.korean
    assert "{AI 경쟁력 대시보드}" in ko.bibtex and "{AI Competitiveness Dashboard}" in en.bibtex


def test_a_real_chart_names_every_source_it_draws(data) -> None:
    result = registry.build("gpu_gap", data, registry.View(lang="en", countries=("KOR", "USA")))
    sources = views.sources_of(result.rows)
    assert len(sources) >= 2
    title = citation.chart_title(result.figure)
    assert title == result.figure.checked().layout.title.text
    cited = citation.chart_citation("gpu_gap", title, result.rows, data, "en", ACCESSED)
    for s in sources:
        assert s.publisher in cited.apa and s.publisher in cited.korean


def test_a_figure_citation_names_the_figure_and_its_one_source(data) -> None:
    row = two_sources().iloc[1]
    cited = citation.figure_citation(row, data, "en", ACCESSED)
    assert "United States · GPUs held · 2024: 100K GPUs" in cited.apa
    assert "Tech Press" in cited.apa and "Ministry Daily" not in cited.apa
    assert t("cite.kind.figure", "en") in cited.apa


def test_without_a_release_the_year_is_no_date(data) -> None:
    bare = replace(data, releases=data.releases.iloc[0:0])
    cited = citation.chart_citation("gpu_gap", "GPUs held", two_sources(), bare, "en", ACCESSED)
    assert "(n.d.)" in cited.apa and "release" not in cited.apa
    assert citation.current_release(bare) is None


LATEX_SPECIALS = set("\\{}%$&#_^~")


def field_values(bibtex: str) -> dict[str, str]:
    return dict(re.findall(r"^  (\w+) = \{(.*)\},?$", bibtex, re.M))


def test_bibtex_escapes_every_special_character(data) -> None:
    hostile = "R&D: 100% of $5 #1 under_score {x} ~ ^ back\\slash"
    rows = two_sources().assign(title=[hostile, "Plain"])
    cited = citation.chart_citation("gpu_gap", hostile, rows, data, "en", ACCESSED)
    fields = field_values(cited.bibtex)
    assert {"author", "title", "year", "howpublished", "note", "urldate"} <= set(fields)
    escapes = re.compile(r"\\textbackslash\{\}|\\\^\{\}|\\~\{\}|\\[{}%$&#_]")
    for name, value in fields.items():
        inner = value[1:-1] if name in ("author", "title") else value  # {{...}} keeps case
        bare = escapes.sub("", inner)
        assert not LATEX_SPECIALS & set(bare), (name, value)
    assert (
        r"R\&D: 100\% of \$5 \#1 under\_score \{x\} \~{} \^{} back\textbackslash{}slash"
        in (fields["title"])
    )
    assert cited.bibtex.count("{") - cited.bibtex.count(r"\{") == (
        cited.bibtex.count("}") - cited.bibtex.count(r"\}")
    )


def test_bibtex_keys_are_safe_and_unique(data) -> None:
    chart_keys = [
        KEY.search(citation.chart_citation(c, "x", two_sources(), data, "en", ACCESSED).bibtex)[1]
        for c in registry.CHARTS
    ]
    rows = views.decorate(data.observations, data, "en")
    figure_keys = [
        citation.figure_key(row, citation.current_release(data)) for _, row in rows.iterrows()
    ]
    keys = chart_keys + figure_keys
    assert len(set(keys)) == len(keys) == len(registry.CHARTS) + len(data.observations)
    assert all(SAFE_KEY.match(k) for k in keys)
    # the same figure from two sources, same entity, measure and year: two keys
    same = two_sources().iloc[[0, 0]].reset_index(drop=True)
    same.loc[1, "publisher"] = "Other Press"
    assert citation.figure_key(same.iloc[0], None) != citation.figure_key(same.iloc[1], None)


def test_a_chart_title_is_plain_text() -> None:
    fig = Plot(layout={"title": {"text": "GPUs &amp; chips<br>by country"}})
    assert citation.chart_title(fig) == "GPUs & chips by country"


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_no_line_of_a_citation_starts_a_formula(data, lang) -> None:
    """A source whose publisher or title starts with a formula, behind a carriage return or a
    lookalike, cannot run when the APA or Korean line is pasted into a spreadsheet."""
    rows = two_sources()
    rows["publisher"] = ['\r=HYPERLINK("http://x")', "\uff1dcmd"]
    rows["title"] = ["\u2028@SUM(A1)", "line\n-2+3"]
    chart = citation.chart_citation("gpu_gap", "\t=1", rows, data, lang, ACCESSED)
    figure = citation.figure_citation(rows.iloc[0].to_dict(), data, lang, ACCESSED)
    for text in (chart.apa, chart.korean, figure.apa, figure.korean):
        assert not formula_lines(text), text
    for entry in (chart.bibtex, figure.bibtex):  # the entry's own "@misc{" line aside
        assert not formula_lines(entry.split("\n", 1)[1]), entry
