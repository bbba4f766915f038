"""Presentation mode through AppTest: slides, navigation, language, and the URL."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.base.i18n import t
from dashboard.outputs import images
from dashboard.outputs.story import known_charts, load_story
from tests.support.app import APP_PATH, failures, unescaped

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


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_show_qr_puts_the_code_of_the_slide_on_it_and_in_the_url(lang: str) -> None:
    at = present(lang=lang, slide="2")
    assert not at.get("image")
    button = at.button(key="present_qr")
    assert button.label == t("qr.show", lang)
    button.click().run()
    assert at.query_params["qr"] == "1"
    assert at.button(key="present_qr").label == t("qr.hide", lang)
    assert len(at.get("image")) == 1  # the code, beside the chart
    assert any(c.value == t("qr.caption", lang) for c in at.caption)
    # the short link under it is the slide's own, without the code
    shown = [unescaped(c.value) for c in at.caption]
    lang_part = "" if lang == "ko" else "lang=en&"
    assert f"/?{lang_part}present=1&slide=2" in shown, shown
    at.button(key="present_exit").click().run()
    assert "qr" not in at.query_params and "present" not in at.query_params


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_briefing_downloads_are_in_the_sidebar_and_say_why_when_off(
    monkeypatch, tmp_path, lang
) -> None:
    at = AppTest.from_file(APP_PATH, default_timeout=90)
    at.query_params["lang"] = lang
    at.query_params["countries"] = "KOR,USA"
    at.run()
    assert not failures(at), failures(at)
    buttons = {b.label: b for b in at.get("download_button")}
    for fmt in ("hwpx", "docx"):
        assert t(f"brief.download.{fmt}", lang) in buttons
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-browser"))
    off = AppTest.from_file(APP_PATH, default_timeout=90)
    off.query_params["lang"] = lang
    off.run()
    labels = {b.label: b for b in off.get("download_button")}
    for fmt in ("hwpx", "docx"):
        assert labels[t(f"brief.download.{fmt}", lang)].proto.disabled
    assert any(c.value == images.chromium_reason(lang) for c in off.caption)
