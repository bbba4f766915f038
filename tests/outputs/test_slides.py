"""Planning the deck (`dashboard.outputs.slides`): each slide's chart view, which slides
are kept or skipped, and the words around the charts.
"""

from __future__ import annotations

from dashboard.charts import alt_text, registry
from dashboard.model import params, views
from dashboard.outputs import slides


def test_slide_settings_win_over_the_view_state_then_defaults(deck_data, deck_story) -> None:
    by_id = {s.id: s for s in deck_story.slides}
    state = params.ViewState(countries=("USA",), scale="linear", focus="CHN")
    own = slides.slide_view(by_id["korea-gpu-plans"], deck_data, "en", state)
    assert own.countries == ("KOR",) and own.scale == "log"
    inherited = slides.slide_view(by_id["why-ranks-differ"], deck_data, "en", state)
    assert inherited.countries == ("USA",) and inherited.focus == "KOR"
    default = slides.slide_view(by_id["why-ranks-differ"], deck_data, "en", params.ViewState())
    assert default.countries == tuple(deck_data.default_countries())
    assert own.style.font_size >= 22  # slide type stays >= 20 px on a full-HD slide


def test_plan_keeps_registered_charts_in_story_order_and_skips_the_rest(
    deck_data, deck_story
) -> None:
    kept, skipped = slides.plan(deck_data, deck_story, "en", params.ViewState())
    assert [p.slide for p in kept] == [s for s in deck_story.slides if s.chart in registry.CHARTS]
    assert skipped == [s for s in deck_story.slides if s.chart not in registry.CHARTS]
    assert all(p.view.lang == "en" for p in kept)


def ref(publisher: str, published: str, title: str = "", url: str = "") -> views.SourceRef:
    return views.SourceRef(publisher=publisher, published=published, title=title, url=url)


def test_closing_sources_are_listed_once_by_publisher_then_date() -> None:
    a, b, c = ref("beta", "2025"), ref("Alpha", "2024", "T", "u"), ref("alpha", "2023")
    assert slides.closing_sources([[a, b], [b, c], []]) == [c, b, a]


def test_footnote_cuts_a_long_source_list_and_counts_the_rest() -> None:
    many = [ref(f"Publisher number {i}", "2025") for i in range(30)]
    foot = slides.footnote(many, "en")
    assert foot.startswith("Source:") and len(foot) <= slides.FOOT_MAX_CHARS + 40
    assert "Publisher number 0" in foot and "Publisher number 29" not in foot
    assert slides.footnote([], "en") == slides.closing_entries([], "en")[0]


def test_picture_alt_text_is_the_slide_words_then_the_chart_text_alternative(
    deck_data, deck_story
) -> None:
    kept, _ = slides.plan(deck_data, deck_story, "ko", params.ViewState())
    planned = kept[0]
    result = registry.build(planned.slide.chart, deck_data, planned.view)
    sources = views.sources_of(result.rows)
    text = slides.alt_text(planned.slide, result, sources, "ko")
    chart = alt_text.describe(result, "ko")
    assert text.startswith(f"{planned.slide.title('ko')} {planned.slide.takeaway('ko')} {chart} ")
    assert text.endswith(slides.source_line(sources, "ko"))
