"""A cold server's first paint: the navigation a reader sees from the first frame is the
app's own, in the reader's language, never Streamlit's list of the raw file names in
dashboard/pages/ ("app", "companies", ...). Every text the sidebar's links show from the
first frame on is recorded in the page itself (a MutationObserver installed before any
script runs), and the first screenshot with a sidebar is kept in test-artifacts/."""

from __future__ import annotations

import pytest

from dashboard import REPO_DIR
from dashboard.base.i18n import t
from tests.support.browser import PAGES, start_app

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

SHOT = REPO_DIR / "test-artifacts" / "cold-first-paint.png"
RAW_NAMES = {"app", *PAGES}  # what Streamlit's own list of dashboard/pages/ would say

# Installed before the page's scripts: every link text the sidebar ever shows.
RECORD = r"""
window.__navTexts = new Set();
new MutationObserver(() => {
  for (const a of document.querySelectorAll('[data-testid="stSidebar"] a'))
    window.__navTexts.add(a.innerText.trim().split('\n').pop().trim());  // after the icon
}).observe(document, { childList: true, subtree: true, characterData: true });
"""


@pytest.fixture
def cold_url():
    """A server of its own that no browser has opened yet."""
    url, process = start_app()
    yield url
    process.terminate()
    process.wait(timeout=20)


def test_a_cold_servers_first_paint_shows_the_readers_navigation(browser, cold_url) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        page = context.new_page()
        page.set_default_timeout(60_000)
        page.add_init_script(RECORD)
        page.goto(f"{cold_url}/?lang=ko")
        page.wait_for_selector('[data-testid="stSidebar"]', state="attached")
        SHOT.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOT))  # the first frame with a sidebar
        page.wait_for_selector('[data-testid="stMain"] h1')
        page.wait_for_load_state("networkidle")
        seen = set(page.evaluate("() => [...window.__navTexts]"))
    finally:
        context.close()
    assert not seen & RAW_NAMES, sorted(seen & RAW_NAMES)
    assert {t(f"nav.{name}", "ko") for name in PAGES} <= seen  # the app's own, in Korean
