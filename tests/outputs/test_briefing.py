"""What a briefing says (`dashboard.outputs.briefing`), on the small data folder of
`make_data`: key points in the cards' and the what-if table's own words, a gap
said as a gap, every source cited once in numbered notes, the figures table, the
scenario labelled as one, and the link that reproduces the view. No image is drawn here
(test_brief.py builds the files)."""

from __future__ import annotations

import re
import urllib.parse

import pytest

from dashboard.base.i18n import t
from dashboard.charts import registry
from dashboard.data.load import HOME
from dashboard.model import cards, params, views
from dashboard.outputs import briefing, citation

BASE = "https://dash.example.org/forum"
YEAR = re.compile(r"(19|20)\d\d")


def plan(data, lang: str, page: str, **state: object) -> briefing.Briefing:
    return briefing.plan(data, lang, params.ViewState(lang=lang, **state), page, base=BASE)


def cited(brief: briefing.Briefing) -> list[briefing.Note]:
    """Every note mark, in document order (points, then the line under the chart)."""
    marks = [s for p in brief.points for s in p.segments if isinstance(s, briefing.Note)]
    if brief.chart:
        marks += [s for s in brief.chart.sources if isinstance(s, briefing.Note)]
    return marks


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_overview_points_are_the_cards_words(deck_data, lang) -> None:
    brief = plan(deck_data, lang, "overview")
    countries = deck_data.default_countries()
    headlines = cards.headlines(deck_data, countries, lang)
    heads = [p for p in brief.points if p.level == 0]
    assert 3 <= len(heads) <= 5 and len(heads) == len(headlines)
    for point, headline in zip(heads, headlines, strict=True):
        korea = headline.cards[0]
        assert korea.entity == HOME
        assert point.text.startswith(f"{headline.title}: {korea.name} {korea.value} (")
        for fact in korea.facts:
            assert fact in point.text
        for source in views.sources_of(korea.figures):
            assert source.publisher in point.text
    supporting = [p.text for p in brief.points if p.level == 1]
    for headline in headlines:
        for card in headline.cards[1:]:
            words = f"{card.name} {card.value}" if card.has_figure else card.name
            assert any(text.startswith(words) for text in supporting), words


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("page", ["overview", "compute", "whatif"])
def test_every_headline_has_a_number_a_year_and_a_source(deck_data, lang, page) -> None:
    brief = plan(deck_data, lang, page)
    heads = [p for p in brief.points if p.level == 0]
    assert 1 <= len(heads) <= 5
    for point in heads:
        if t("brief.no_figure", lang) in point.text:
            continue  # a gap, said as one (test_a_country_without_a_figure_says_so)
        assert re.search(r"\d", point.text), point.text
        scenario = point.text.startswith(t("brief.scenario_mark", lang))
        # a figure from the data names its year and its source and carries a note mark;
        # a scenario's result is marked as one and its year is in the outcome's heading
        assert scenario or (YEAR.search(point.text) and " — " in point.text), point.text
        assert scenario or any(isinstance(s, briefing.Note) for s in point.segments)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_country_without_a_figure_says_so(deck_data, lang) -> None:
    # the small data folder has no cluster share for France
    brief = plan(deck_data, lang, "compute", countries=("KOR", "CHN", "FRA", "USA"))
    gap = t("brief.no_figure", lang)
    france = deck_data.entity_name("FRA", lang)
    said = [p for p in brief.points if p.text.startswith(france)][:1]  # the cluster share's
    assert [p.text.split(" (")[0] for p in said] == [f"{france}: {gap}"]
    card = cards.headline(deck_data, "compute", views.COMPARABLE_COMPUTE,
                          ["KOR", "CHN", "FRA", "USA"], lang).cards[2]  # fmt: skip
    assert not card.has_figure and card.facts[0] in said[0].text  # where its figure is
    assert not any(isinstance(s, briefing.Note) for s in said[0].segments)  # nothing cited
    rows = [r for r in brief.table.rows if r[0] == france]
    assert rows == [(france, "", gap, "", "", "", "")]
    assert all(r[2] != gap for r in brief.table.rows if r[0] != france)


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("page", ["overview", "compute", "whatif"])
def test_every_source_is_cited_once_in_numbered_notes(deck_data, lang, page) -> None:
    brief = plan(deck_data, lang, page)
    marks = cited(brief)
    firsts = [m.number for m in marks if m.first]
    assert firsts == list(range(1, len(brief.notes) + 1))  # numbered as first cited
    assert {m.number for m in marks} == set(firsts)  # a repeat refers to an existing note
    chart = registry.build(
        briefing.MAIN_CHARTS[page],
        deck_data,
        briefing.view_of(page, params.ViewState(lang=lang), deck_data.default_countries(), lang),
    )
    for source in views.sources_of(chart.rows):
        assert citation.source_entry(source, korean=lang == "ko") in brief.notes
    assert len(set(brief.notes)) == len(brief.notes)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_table_holds_every_figure_of_the_chart(deck_data, lang) -> None:
    brief = plan(deck_data, lang, "overview")
    chart = brief.chart.result
    header = brief.table.header
    assert header[0] == t("column.name", lang) and header[4] == t("column.status_text", lang)
    rows = chart.rows
    assert len(brief.table.rows) == len(rows) + len(
        set(deck_data.default_countries()) - set(rows["entity"])
    )
    for value, year in zip(rows["value_text"], rows["year"], strict=True):
        assert any(r[2] == value and r[3] == str(year) for r in brief.table.rows)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_what_if_briefing_is_a_scenario_under_stated_assumptions(deck_data, lang) -> None:
    brief = plan(deck_data, lang, "whatif", scenario=(("added_gpus", 40000.0),))
    assert brief.scenario is not None
    assert brief.scenario.label == t("whatif.not_a_forecast", lang)
    mark = t("brief.scenario_mark", lang)
    marked = [p for p in brief.points if p.text.startswith(mark)]
    assert 1 <= len(marked) <= 4  # with Korea's starting figure, at most five headlines
    for point in marked:
        head, value = point.text.removeprefix(f"{mark} ").split(": ", 1)
        assert (head, value) in brief.scenario.outcome.rows
    settings = {row[0]: row for row in brief.scenario.settings.rows}
    added = next(r for k, r in settings.items() if "GPU" in k and r[2] == "0")
    assert added[1] != added[2]  # the slider moved off its default, with the default beside
    assert "s.added_gpus=40000" in brief.link


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_link_reproduces_the_view(deck_data, lang) -> None:
    state = params.ViewState(lang=lang, countries=("KOR", "USA"), scale="linear", present=True,
                             slide=3, qr=True)  # fmt: skip
    brief = briefing.plan(deck_data, lang, state, "compute", base=BASE)
    parts = urllib.parse.urlsplit(brief.link)
    assert f"{parts.scheme}://{parts.netloc}" + parts.path == f"{BASE}/compute"
    query = urllib.parse.parse_qs(parts.query)
    back, notices = params.parse(query, entities=list(deck_data.entities["id"]))
    assert not notices
    # the view as the reader saw it, not the presenter's slide
    assert back == params.ViewState(lang=lang, countries=("KOR", "USA"), scale="linear")
    assert brief.subtitle == t("brief.subtitle", lang, countries=", ".join(
        deck_data.entity_name(e, lang) for e in ("KOR", "USA")))  # fmt: skip


def test_a_page_without_a_chart_of_its_own_is_briefed_as_the_overview(deck_data) -> None:
    assert plan(deck_data, "ko", "sources").page == "overview"
    assert plan(deck_data, "ko", "sources").points == plan(deck_data, "ko", "overview").points
