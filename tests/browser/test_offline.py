"""Offline for real, errors without outside links, and unknown page paths.

Every page, in both languages and in presentation mode, is opened while every request
the page makes is recorded (favicon, fonts, images and scripts included). A request to
any host but the app's own fails the test; no such request ever leaves the machine, as
the browser aborts it. A test of the test adds an outside request and checks that the
recorder catches it.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from dashboard import REPO_DIR
from tests.support.browser import CHARTS, PAGES, open_page, start_app

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

# Every attribute through which a page can make the browser fetch something.
FETCHING_ATTRIBUTES = """() => Array.from(
  document.querySelectorAll('[src], link[href], [srcset], image, use'),
  el => el.getAttribute('src') || el.getAttribute('href') || el.getAttribute('srcset')
     || el.getAttribute('xlink:href') || ''
).filter(Boolean).map(u => new URL(u, document.baseURI).href)"""


class Recorder:
    """Every request a browser context makes; outside ones are aborted, not sent."""

    def __init__(self, context, app_url: str) -> None:
        self.home = urlsplit(app_url).netloc
        self.seen: list[str] = []
        context.route("**/*", self._route)

    def _route(self, route) -> None:
        url = route.request.url
        self.seen.append(url)
        if self.is_outside(url):
            route.abort()
        else:
            route.continue_()

    def is_outside(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about"):
            return False
        return parts.netloc != self.home

    def outside(self, also: list[str] = ()) -> list[str]:
        return sorted({u for u in [*self.seen, *also] if self.is_outside(u)})


@pytest.fixture
def recorded(browser, app_url: str):
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    recorder = Recorder(context, app_url)
    page = context.new_page()
    page.set_default_timeout(60_000)
    yield page, recorder
    context.close()


def fetched_by_markup(page) -> list[str]:
    return page.evaluate(FETCHING_ATTRIBUTES)


FAVICON = """() => new URL(
  document.querySelector("link[rel~='icon']").getAttribute('href'), document.baseURI
).href"""


def favicon(page) -> str:
    return page.evaluate(FAVICON)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_page_loads_only_from_the_app_itself(recorded, app_url: str, lang: str) -> None:
    page, recorder = recorded
    addresses = [f"{app_url}/{name}?lang={lang}" for name in PAGES]
    addresses += [f"{app_url}/?lang={lang}&present=1&slide={n}" for n in (1, 2)]
    for address in addresses:
        open_page(page, address)
        if "sources" not in address:
            page.wait_for_selector(CHARTS)
        page.wait_for_load_state("networkidle")
        markup = fetched_by_markup(page)
        assert not recorder.outside(markup), (address, recorder.outside(markup))
        assert urlsplit(favicon(page)).netloc == recorder.home
    assert len(recorder.seen) > 20  # the recorder did see the page's own requests


def test_the_recorder_catches_an_outside_request(recorded, app_url: str) -> None:
    """A test of the test: an outside image added to the page is caught (and aborted)."""
    page, recorder = recorded
    open_page(page, f"{app_url}/?lang=en")
    assert not recorder.outside(fetched_by_markup(page))
    with page.expect_request("https://example.invalid/pixel.png"):
        page.evaluate(
            "() => { const i = document.createElement('img');"
            " i.src = 'https://example.invalid/pixel.png'; document.body.appendChild(i); }"
        )
    page.wait_for_timeout(500)  # the route handler runs when the driver next listens
    assert recorder.outside() == ["https://example.invalid/pixel.png"]
    assert recorder.outside(fetched_by_markup(page))


@pytest.fixture(scope="module")
def failing_app_url():
    url, process = start_app(script=REPO_DIR / "tests" / "browser" / "apps" / "fails.py")
    yield url
    process.terminate()
    process.wait(timeout=20)


def test_an_error_display_links_to_nothing_outside(browser, failing_app_url: str) -> None:
    context = browser.new_context()
    recorder = Recorder(context, failing_app_url)
    page = context.new_page()
    page.goto(failing_app_url)
    error = page.locator('[data-testid="stException"], [data-testid="stAlert"]').first
    error.wait_for(timeout=60_000)
    page.wait_for_load_state("networkidle")
    assert "forced failure for the error-display test" not in page.content()  # no details
    links = page.evaluate("() => Array.from(document.querySelectorAll('a[href]'), a => a.href)")
    assert not [u for u in links if recorder.is_outside(u)], links
    assert page.get_by_text(re.compile("Ask (Google|ChatGPT)")).count() == 0
    context.close()


# Paths of one segment: Streamlit serves its page for them. (A nested path such as
# /compute/extra, or an encoded slash, gets Streamlit's scripts from the wrong folder:
# a blank page.)
UNKNOWN_PATHS = [
    "no-such-page",
    "Compute",
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "x" * 500,
]


def test_unknown_paths_land_on_the_overview_with_a_notice(page, app_url: str) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    overview = "Where does Korea stand in AI?"
    for path in ["overview", *UNKNOWN_PATHS]:
        open_page(page, f"{app_url}/{path}?lang=en")
        page.wait_for_selector(CHARTS)
        title = page.locator('[data-testid="stMain"] h1').first.inner_text()
        assert title == overview, (path, title)
        assert page.get_by_text("Page not found").count() == 0, path
        notices = page.locator('[data-testid="stAlert"]').all_inner_texts()
        named = any("There is no page at the address" in n for n in notices)
        assert named == (path != "overview"), (path, notices)  # /overview is the overview
        assert page.locator("script:has-text('alert(1)')").count() == 0
    assert not dialogs
