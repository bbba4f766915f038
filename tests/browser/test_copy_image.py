"""Copy chart as image: a click puts the chart's PNG (1920 x 1080, the source line drawn
in) on the clipboard, and the page says so in the reader's language."""

from __future__ import annotations

import time

import pytest

from dashboard.base.i18n import t
from dashboard.ui.present import IMAGE_SIZE
from tests.support.browser import CHARTS, open_page

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

# What the clipboard holds: its types and, for a PNG, the decoded image's size.
READ_CLIPBOARD = """async () => {
  const items = await navigator.clipboard.read();
  const types = items.flatMap(item => item.types);
  if (!types.includes('image/png')) return {types};
  const image = await createImageBitmap(await items[0].getType('image/png'));
  return {types, width: image.width, height: image.height};
}"""


@pytest.fixture
def clipboard_page(browser):
    context = browser.new_context(
        viewport={"width": 1600, "height": 1000}, permissions=["clipboard-read", "clipboard-write"]
    )
    page = context.new_page()
    page.set_default_timeout(120_000)
    yield page
    context.close()


def _held_after(page, status, done: str, timeout_s: float = 60) -> dict:
    """The clipboard once the clicked button's own line says the copy is done and the
    clipboard holds an image, or as it stands at the deadline. (A message left from an
    earlier click must not count: the write it reports may not have happened yet.)"""
    deadline = time.monotonic() + timeout_s
    while True:
        held = page.evaluate(READ_CLIPBOARD)
        if (status.text_content() == done and "image/png" in held["types"]) or (
            time.monotonic() > deadline
        ):
            return held
        time.sleep(0.2)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_copy_puts_the_chart_png_on_the_clipboard(clipboard_page, app_url: str, lang) -> None:
    page = clipboard_page
    open_page(page, f"{app_url}/compute?lang={lang}")
    page.wait_for_selector(CHARTS)
    name = t("present.copy_image", lang)
    component = page.locator(".stBidiComponent").filter(has=page.get_by_role("button", name=name))
    copy = component.first.get_by_role("button", name=name)
    status = component.first.get_by_role("status")
    done = t("present.copy_done", lang)
    for attempt in ("drawn on demand", "drawn already"):
        page.evaluate("() => navigator.clipboard.writeText('nothing yet')")
        copy.click()
        held = _held_after(page, status, done)
        width, height = IMAGE_SIZE
        assert held == {"types": ["image/png"], "width": width, "height": height}, attempt
        assert status.text_content() == done, attempt
