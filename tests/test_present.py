"""Presentation mode through AppTest: slides, navigation, language, and the URL."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.base.i18n import t
from dashboard.outputs import images
from dashboard.outputs.story import known_charts, load_story
from tests.conftest import APP_PATH, failures

pytestmark = pytest.mark.slow  # drives whole pages


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


def copy_buttons(at: AppTest) -> list[dict]:
    """The data each "Copy chart as image" button was drawn with."""
    found = []

    def walk(node) -> None:
        for child in getattr(node, "children", {}).values():
            name = getattr(getattr(child, "proto", None), "component_name", "")
            if getattr(child, "type", "") == "bidi_component" and name == "dashboard_copy_image":
                found.append(json.loads(child.proto.json))
            walk(child)

    walk(at._tree)
    return found


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_copy_image_is_off_and_says_why_without_chromium(monkeypatch, tmp_path, lang) -> None:
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-browser"))
    at = AppTest.from_file(APP_PATH, default_timeout=90)
    at.query_params["lang"] = lang
    at.run()
    buttons = copy_buttons(at)
    assert len(buttons) == len(at.get("plotly_chart")) >= 1
    for button in buttons:
        assert button["reason"] == images.chromium_reason(lang) != ""
        assert button["png"] == ""  # nothing drawn until asked for
        assert button["label"] == t("present.copy_image", lang)
