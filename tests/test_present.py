"""Presentation mode through AppTest: slides, navigation, language, and the URL."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.outputs.story import known_charts, load_story
from tests.conftest import APP_PATH, failures


def present(**query: str) -> AppTest:
    at = AppTest.from_file(APP_PATH, default_timeout=90)
    for key, value in {"present": "1", **query}.items():
        at.query_params[key] = value
    at.run()
    assert not failures(at), failures(at)
    return at


def slides():
    return load_story(known_charts=known_charts()).slides


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_first_slide_has_title_chart_takeaway_and_source(lang: str) -> None:
    at = present(lang=lang)
    first = slides()[0]
    assert at.title[0].value == first.title(lang)
    assert len(at.get("plotly_chart")) == 1
    assert any(first.takeaway(lang)[:20] in m.value for m in at.markdown)
    source_word = "출처:" if lang == "ko" else "Source:"
    assert any(c.value.startswith(source_word) for c in at.caption)
    assert not at.multiselect  # no controls on the projector


def test_next_and_previous_move_the_slide_and_the_url() -> None:
    at = present(lang="en")
    at.button(key="present_next").click().run()
    assert at.query_params["slide"] == "2"
    assert at.title[0].value == slides()[1].title("en")
    at.button(key="present_prev").click().run()
    assert at.query_params.get("slide") in (None, "1")
    assert at.title[0].value == slides()[0].title("en")


def test_a_link_opens_its_slide_and_one_past_the_end_shows_the_last() -> None:
    assert present(lang="en", slide="6").title[0].value == slides()[5].title("en")
    at = present(lang="en", slide="99")
    assert at.title[0].value == slides()[-1].title("en")
    assert at.query_params["slide"] == str(len(slides()))


def test_leaving_and_starting_the_presentation() -> None:
    at = present(lang="en")
    at.button(key="present_exit").click().run()
    assert "present" not in at.query_params
    assert at.multiselect(key="countries_control")
    at.button(key="present_start").click().run()
    assert at.query_params["present"] == "1"
