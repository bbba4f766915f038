"""The real app in headless Chromium: pages, language, links and controls as users meet them."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest

from tests.support.browser import CHARTS, PAGES, open_page

# one worker runs them all: they share one app server and one browser
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

COUNTS = 2  # the compute page's GPU-count chart, after the two share measures


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_page_loads_without_an_exception(page, app_url: str, lang: str) -> None:
    for name in PAGES:
        open_page(page, f"{app_url}/{name}?lang={lang}")
        if name != "sources":
            page.wait_for_selector(CHARTS)
        assert page.locator('[data-testid="stException"]').count() == 0, name
        # app.py turns a page's bug into an error alert; there must be none
        assert page.locator('[data-testid="stAlertContentError"]').count() == 0, name
        title = page.locator('[data-testid="stMain"] h1').first.inner_text()
        assert bool(re.search("[가-힣]", title)) == (lang == "ko"), (name, title)


def test_language_switch_changes_text_and_link(page, app_url: str) -> None:
    open_page(page, f"{app_url}/compute")
    assert "컴퓨팅" in page.locator("h1").first.inner_text()
    page.get_by_text("English", exact=True).click()
    page.wait_for_function("document.querySelector('h1').innerText.startsWith('Compute')")
    assert "lang=en" in page.url


def test_shared_link_reproduces_the_view_in_a_fresh_browser(browser, app_url: str) -> None:
    link = f"{app_url}/compute?lang=en&countries=KOR,CHN&scale=linear&basis=per_capita"
    context = browser.new_context()
    page = context.new_page()
    open_page(page, link)
    page.wait_for_selector(CHARTS)
    chips = page.locator('[data-testid="stMultiSelect"] [data-tag] > span').all_inner_texts()
    assert [c.strip() for c in chips] == ["South Korea", "China"]
    axis = page.locator(CHARTS).nth(COUNTS).locator(".xtitle").text_content()
    assert axis == "GPUs per million people"
    assert "countries=KOR%2CCHN" in page.url or "countries=KOR,CHN" in page.url
    context.close()


def test_a_control_redraws_its_chart(page, app_url: str) -> None:
    open_page(page, f"{app_url}/compute?lang=en")
    page.wait_for_selector(CHARTS)
    chart = page.locator(CHARTS).nth(COUNTS)
    assert chart.locator(".xtitle").text_content() == "GPUs (units)"
    page.get_by_text("Per million people", exact=True).click()
    page.wait_for_function(
        f"document.querySelectorAll('.js-plotly-plot')[{COUNTS}]"
        ".querySelector('.xtitle').textContent === 'GPUs per million people'"
    )
    assert "basis=per_capita" in page.url


def test_a_hostile_link_runs_nothing_and_shows_a_notice(page, app_url: str) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    hostile = {
        "countries": "<script>alert(1)</script>",
        "focus": "<img src=x onerror=alert(2)>",
        "<svg onload=alert(3)>": "1",
        "slide": "![x](https://example.invalid/p.png)",
    }
    open_page(page, f"{app_url}/overview?lang=en&{urlencode(hostile)}")
    page.wait_for_selector(CHARTS)
    notice = page.locator('[data-testid="stAlert"]').first.inner_text()
    assert "countries" in notice and "focus" in notice and "slide" in notice
    assert "<svg onload=alert(3)>" in notice  # an unknown key is named as plain text
    assert not dialogs
    injected = "script:has-text('alert('), img[src='x'], svg[onload], img[src*='example.invalid']"
    assert page.locator(injected).count() == 0


WORLD_SLIDER = "world_sales_slowdown"  # the what-if page's first chart, the world's path


def slider_label(key: str, lang: str = "en") -> str:
    from dashboard.data.dataset import data_dir_from_env
    from dashboard.data.load import load
    from dashboard.model.scenarios import whatif

    return whatif.available_settings(load(data_dir_from_env()), lang).sliders[key].label(lang)


def chart_data(page, index: int = 0) -> str:
    return page.evaluate(
        "i => JSON.stringify(document.querySelectorAll('.js-plotly-plot')[i].data)", index
    )


def test_a_slider_move_redraws_its_chart_and_the_link_reproduces_it(browser, page, app_url):
    # The world chart's own slider, found by its label: the page's first range input is
    # not necessarily it, and a slider of China's imports leaves the world's path as it is.
    open_page(page, f"{app_url}/whatif?lang=en")
    page.wait_for_selector(CHARTS)
    before = chart_data(page)
    page.get_by_role("slider", name=slider_label(WORLD_SLIDER)).press("End")  # to its maximum
    page.wait_for_url(re.compile(rf"[?&]s\.{WORLD_SLIDER}="))
    page.wait_for_function(
        "b => JSON.stringify(document.querySelector('.js-plotly-plot').data) !== b", arg=before
    )
    after = chart_data(page)

    fresh = browser.new_context()  # a colleague opening the shared link
    other = fresh.new_page()
    open_page(other, page.url)
    other.wait_for_selector(CHARTS)
    other.wait_for_function(
        "a => JSON.stringify(document.querySelector('.js-plotly-plot').data) === a", arg=after
    )
    fresh.close()


def test_presentation_moves_slide_by_slide_with_the_url(page, app_url: str) -> None:
    open_page(page, f"{app_url}/?present=1&lang=en")
    first = page.locator("h1").first.inner_text()
    assert page.locator('[data-testid="stSidebar"]').is_hidden()
    page.get_by_text("Next", exact=True).click()
    page.wait_for_url(re.compile(r"slide=2"))
    page.wait_for_function(f"document.querySelector('h1').innerText !== {first!r}")
    assert "lang=en" in page.url and "present=1" in page.url


def test_the_deck_download_is_a_valid_pptx(page, app_url: str, tmp_path) -> None:
    from pptx import Presentation

    open_page(page, f"{app_url}/?lang=en")
    page.get_by_text("Present and export").click()
    build = page.get_by_role("button", name="Download the slides (PowerPoint)")
    build.wait_for(state="visible")
    build.click()
    # progress per slide while the deck is drawn (the bar goes when it is done)
    page.get_by_text(re.compile(r"^Slide \d+ of \d+ drawn: ")).first.wait_for(timeout=120_000)
    save = page.get_by_role("button", name="Save the slide deck (.pptx)")
    error = page.locator('[data-testid="stSidebar"] [data-testid="stAlert"]')
    save.or_(error).first.wait_for(timeout=240_000)
    assert error.count() == 0, error.all_inner_texts()
    with page.expect_download() as download:
        save.click()
    path = tmp_path / "deck.pptx"
    download.value.save_as(path)
    deck = Presentation(str(path))
    assert len(deck.slides) >= 8
    assert any(shape.shape_type == 13 for shape in deck.slides[0].shapes)  # a picture


def test_the_workbooks_download_as_excel_files(page, app_url: str, tmp_path) -> None:
    import openpyxl

    from dashboard.base.i18n import t

    open_page(page, f"{app_url}/sources?lang=ko")
    with page.expect_download() as download:
        page.get_by_role("button", name=t("workbook.download_all", "ko")).click()
    path = tmp_path / "data.xlsx"
    download.value.save_as(path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [
        t(f"workbook.sheet.{s}", "ko") for s in ("figures", "sources", "notes")
    ]
    assert book.worksheets[0].max_row > 100

    open_page(page, f"{app_url}/?lang=en")
    page.get_by_text(t("chart.show_data", "en")).first.click()
    excel = page.get_by_role("button", name=t("workbook.download", "en"))
    with page.expect_download() as download:
        excel.first.click()
    path = tmp_path / "chart.xlsx"
    download.value.save_as(path)
    sheet = openpyxl.load_workbook(path).active
    assert sheet.title == t("workbook.sheet.chart", "en") and sheet.max_row > 1
