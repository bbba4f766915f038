"""A presenter's clicker: PageDown, Right arrow and Space move to the next slide, PageUp
and Left arrow back, with the URL and the slide's title following."""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError

from dashboard.data.dataset import data_dir_from_env
from dashboard.outputs.story import load_story
from tests.support.browser import open_page

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def titles() -> list[str]:
    story = load_story(data_dir_from_env() / "story.yaml")
    return [slide.title("en") for slide in story.slides]


SLIDE_IN_URL = "() => new URLSearchParams(location.search).get('slide') || '1'"


def on_slide(page, number: int, title: str, after: str = "") -> None:
    """The URL names slide `number` (the first slide may go unnamed) and shows its title."""
    try:
        page.wait_for_function(f"n => ({SLIDE_IN_URL})() === String(n)", arg=number)
    except TimeoutError as exc:
        raise AssertionError(f"after {after or 'opening'}: {page.url}, not slide {number}") from exc
    page.wait_for_function("t => document.querySelector('h1').innerText === t", arg=title)


def keydown_listeners(page) -> int:
    """How many keydown listeners the page's window has (Chromium's own count)."""
    cdp = page.context.new_cdp_session(page)
    window = cdp.send("Runtime.evaluate", {"expression": "window"})["result"]["objectId"]
    listeners = cdp.send("DOMDebugger.getEventListeners", {"objectId": window})["listeners"]
    cdp.detach()
    return sum(1 for listener in listeners if listener["type"] == "keydown")


def test_presenter_keys_move_the_slides_and_the_url(page, app_url: str) -> None:
    title = titles()
    assert len(title) >= 3
    open_page(page, f"{app_url}/?present=1&slide=1&lang=en")
    on_slide(page, 1, title[0])
    page.wait_for_function("() => typeof window.__dashboardPresenterKeys === 'function'")
    first = keydown_listeners(page)
    moves = [("PageDown", 2), ("PageUp", 1), ("ArrowRight", 2), ("Space", 3), ("ArrowLeft", 2)]
    for key, number in moves:
        page.keyboard.press(key)
        on_slide(page, number, title[number - 1], after=key)
    # focus on the chart (inside the main document, not on a control) works the same
    page.locator(".js-plotly-plot").first.click()
    page.keyboard.press("PageDown")
    on_slide(page, 3, title[2])
    page.keyboard.press("PageUp")
    on_slide(page, 2, title[1])
    # attached once: redrawing slide after slide adds no listener
    assert keydown_listeners(page) == first


def test_the_first_slide_stays_put_on_page_up(page, app_url: str) -> None:
    title = titles()
    open_page(page, f"{app_url}/?present=1&slide=1&lang=en")
    on_slide(page, 1, title[0])
    page.keyboard.press("PageUp")
    page.wait_for_timeout(1500)  # time enough for a rerun had the key moved anything
    assert page.evaluate(SLIDE_IN_URL) == "1"
    assert page.locator("h1").first.inner_text() == title[0]
