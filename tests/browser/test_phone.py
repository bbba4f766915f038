"""What the audience opens from the QR code, on a phone (390 x 844 CSS px): every slide in
both languages, with no text running out of its box, the chart's title wrapped inside the
chart and clear of the toolbar, the chart as wide as the screen, and the slide's buttons
at the bottom within reach of a thumb. And the QR code itself, read back from the screen
by a decoder, is the link of the slide the presenter shows.

A failing test leaves a screenshot in test-artifacts/ (conftest.py); screenshots of the
first slides are written to test-artifacts/phone/ for a person to look at.
"""

from __future__ import annotations

import io
import urllib.parse

import pytest
import zxingcpp
from PIL import Image

from dashboard import REPO_DIR
from dashboard.data.dataset import data_dir_from_env
from dashboard.outputs.story import load_story
from tests.support.browser import CHARTS, open_page

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PHONE = {"width": 390, "height": 844}
SHOTS = REPO_DIR / "test-artifacts" / "phone"

# The page has settled: no run in progress, and the slide's chart (if it has one) drawn
# no wider than the screen.
SETTLED = """() => {
  if (document.querySelector('[data-testid="stStatusWidget"]')) return false;
  if (!document.querySelector('.st-key-present_nav button')) return false;
  const svg = document.querySelector('.js-plotly-plot .main-svg');
  const info = document.querySelector('[data-testid="stAlert"]');
  return info !== null || (svg !== null && svg.getBoundingClientRect().width <= innerWidth);
}"""

# ... and, on a phone, drawn for the phone, after the browser has said how wide it is: the
# first drawing, before the app knows the width, is a wide screen's, with Plotly's
# toolbar; a chart fitted to a phone is drawn without it.
FITTED = """() => !document.querySelector('.js-plotly-plot .modebar')"""

# Every text of the slide that runs out of its own box or off the screen, the chart's
# texts that leave the chart, and the chart's measures (rectangles as [l, t, r, b]).
MEASURE = """() => {
  const rect = (el) => { const r = el.getBoundingClientRect();
                         return [r.left, r.top, r.right, r.bottom]; };
  const main = document.querySelector('[data-testid="stMain"]');
  const overflow = [];
  const texts = [...main.querySelectorAll(
    'h1, p, li, button, [data-testid="stCaptionContainer"], [data-testid="stMarkdownContainer"]',
  )].filter((el) => !el.closest('[class*="st-key-alt_"]'));  // for screen readers, not seen
  for (const el of texts) {
    if (!el.offsetParent || !el.innerText.trim()) continue;
    const [l, , r] = rect(el);
    if (el.scrollWidth > el.clientWidth + 1 || l < -1 || r > innerWidth + 1)
      overflow.push(el.tagName + ': ' + el.innerText.slice(0, 60));
  }
  const plot = main.querySelector('.js-plotly-plot');
  if (!plot) return { overflow, chart: null };
  const box = rect(plot);
  for (const el of plot.querySelectorAll('text')) {
    if (!el.textContent.trim()) continue;
    const [l, , r] = rect(el);
    if (l < box[0] - 1 || r > box[2] + 1) overflow.push('chart: ' + el.textContent.slice(0, 60));
  }
  const title = plot.querySelector('.gtitle');
  const modebar = plot.querySelector('.modebar-container');
  return {
    overflow,
    chart: box,
    title: title ? rect(title) : null,
    titleLines: title ? title.querySelectorAll('tspan.line').length || 1 : 0,
    modebar: modebar && modebar.offsetParent && modebar.getBoundingClientRect().height > 0
      ? rect(modebar) : null,
  };
}"""

NAV = """() => [...document.querySelectorAll('.st-key-present_nav button')].map((b) => {
  const r = b.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })"""

TOOLBAR = """() => { const t = document.querySelector('[data-testid="stElementToolbar"]');
  if (!t || !t.offsetParent) return null; const r = t.getBoundingClientRect();
  return r.height > 0 ? [r.left, r.top, r.right, r.bottom] : null; }"""


def overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def slides() -> int:
    return len(load_story(data_dir_from_env() / "story.yaml").slides)


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(60_000)
    yield page
    context.close()


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_slide_fits_a_phone(phone, app_url: str, lang: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    problems = []
    for number in range(1, slides() + 1):
        open_page(phone, f"{app_url}/?present=1&slide={number}&lang={lang}")
        phone.wait_for_function(SETTLED)
        phone.wait_for_function(FITTED)
        phone.wait_for_function(SETTLED)
        where = f"slide {number} ({lang})"
        found = phone.evaluate(MEASURE)
        problems += [f"{where}: {text}" for text in found["overflow"]]
        # the thumb's bar: at the bottom half of the first screen, every button on it,
        # each at least 44 px high (a finger's width)
        for left, top, right, bottom in phone.evaluate(NAV):
            if left < 0 or right > PHONE["width"] or bottom > PHONE["height"]:
                problems.append(f"{where}: a slide button off the screen")
            if top < PHONE["height"] / 2 or bottom - top < 44:
                problems.append(f"{where}: a slide button out of a thumb's reach or too small")
        if number <= 4:
            phone.screenshot(path=str(SHOTS / f"slide-{number}-{lang}.png"))
        if found["chart"] is None:
            continue
        left, _, right, _ = found["chart"]
        if right - left < 0.9 * (PHONE["width"] - 32):
            problems.append(f"{where}: the chart is {right - left:.0f} px wide")
        if found["modebar"] is not None:
            problems.append(f"{where}: Plotly's toolbar is shown")
        if found["title"] is not None:
            phone.locator(".js-plotly-plot").first.tap()  # what shows a toolbar on a phone
            phone.locator(".js-plotly-plot").first.hover()
            toolbar = phone.evaluate(TOOLBAR)
            if toolbar is not None and overlap(toolbar, found["title"]):
                problems.append(f"{where}: the toolbar covers the chart's title")
    assert not problems, "\n".join(problems)


QR = zxingcpp.BarcodeFormat.QRCode  # only QR codes: a decoder may see other symbols in one


def decode(png: bytes) -> list[str]:
    return [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)), formats=QR)]


@pytest.mark.parametrize(
    ("viewport", "lang"), [({"width": 1920, "height": 1080}, "en"), (PHONE, "ko")]
)
def test_the_qr_code_opens_the_slide_shown(browser, app_url: str, viewport, lang) -> None:
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        open_page(page, f"{app_url}/compute?present=1&slide=2&lang={lang}")
        page.wait_for_function(SETTLED)
        page.locator(".st-key-present_qr button").click()
        code = page.locator(".st-key-present_qr_code img")
        code.wait_for()
        page.wait_for_function(SETTLED)
        assert "qr=1" in page.url
        box = code.bounding_box()
        assert box["height"] >= 0.2 * viewport["height"], box  # scannable from the back
        code.evaluate("el => el.scrollIntoView({block: 'start'})")  # clear of the button bar
        found = decode(code.screenshot())
        # the slide's own absolute link, without the code: what the audience opens
        parts = urllib.parse.urlsplit(page.url)
        query = [(k, v) for k, v in urllib.parse.parse_qsl(parts.query) if k != "qr"]
        expected = f"{parts.scheme}://{parts.netloc}{parts.path}?{urllib.parse.urlencode(query)}"
        assert found == [expected]
        shown = page.locator(".st-key-present_qr_code").inner_text()
        assert expected.split("://", 1)[1] in shown  # the short link under the code
        if viewport is PHONE:
            page.screenshot(path=str(SHOTS / f"qr-{lang}.png"), full_page=True)
    finally:
        context.close()


def test_a_what_if_link_opens_on_a_phone_at_its_values(phone, app_url: str) -> None:
    """A phone's first run is cut short by the phone reporting its width; the sliders and
    the path it opens must still show the link's values (not each slider's minimum), as
    the server computes with them."""
    from dashboard.data.load import load
    from dashboard.model.scenarios import whatif

    found = whatif.available_settings(load(data_dir_from_env()), "ko")
    preset = found.presets[-1]
    moved = {"world_sales_slowdown": 0.7, "target_year": 2030.0, "chip_service_life_years": 7.0}
    query = "&".join(f"s.{k}={v:g}" for k, v in moved.items())
    open_page(phone, f"{app_url}/whatif?lang=ko&preset={preset.id}&{query}")
    phone.wait_for_selector(CHARTS)
    phone.wait_for_function(FITTED)  # drawn after the phone said its width
    phone.wait_for_selector('[data-testid="stStatusWidget"]', state="detached")
    expected = whatif.resolve(found, tuple(moved.items()), preset.id)
    shown = {}
    for key, spec in found.sliders.items():
        slider = phone.get_by_role("slider", name=spec.label("ko"))
        if slider.count():  # those folded in an expander are not drawn
            shown[key] = float(slider.first.input_value())
    assert set(moved) <= set(shown)
    # The browser shows a value on its slider's steps from the minimum: a default from the
    # data that is off them (a rate of 1,363.53 on a slider from 954.47 by 5) shows within
    # half a step. A slider drawn at its minimum instead is many steps off.
    off = {k: v for k, v in shown.items() if abs(v - expected[k]) > found.sliders[k].step / 2}
    assert not off, (preset.id, {k: (v, expected[k]) for k, v in off.items()})
    assert phone.get_by_text(preset.label("ko")).count() >= 1  # the path the link names
