"""The deck's slides (`dashboard.outputs.deck`): both decks built from the small data
folder, reopened with python-pptx and checked slide by slide; one test renders a deck
with LibreOffice and poppler to prove it opens. The takeaway marker's colour is the home
country's, read from the data.

The decks come from the `decks` fixture (conftest.py, one build per worker). Browser and
LibreOffice tests skip on a workstation without them and fail under CI.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from dashboard.base.i18n import t
from dashboard.charts import registry
from dashboard.data.load import HOME, load
from dashboard.model import params, views
from dashboard.outputs import deck as deck_module
from dashboard.outputs import slides
from dashboard.outputs.layout import IMAGE_H, IMAGE_W
from tests.support.deck import needs, png_size, registered_slides
from tests.support.folders import make_data
from tests.support.hostile import formula_lines

# The decks are costly: one worker runs the files that read them (make test distributes
# with --dist loadgroup).
# Slow (not in make check): builds slide decks (Chromium draws the images).
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("export")]


# -- the built decks ----------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_slide_count_is_story_slides_with_charts_plus_closing(decks, deck_story, lang) -> None:
    deck = decks[lang]["deck"]
    assert len(deck.slides) == len(registered_slides(deck_story)) + 1
    assert deck.slide_width * 9 == deck.slide_height * 16  # 16:9


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_story_slide_has_title_picture_takeaway_and_footnote(decks, deck_story, lang) -> None:
    deck = decks[lang]["deck"]
    prefix = "출처:" if lang == "ko" else "Source:"
    for slide, planned in zip(deck.slides, registered_slides(deck_story), strict=False):
        assert slide.shapes.title.text_frame.text == planned.title(lang)
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == 1, planned.id
        width, height = png_size(pictures[0].image.blob)
        assert width >= 1920, (planned.id, width)
        assert abs(width / height - pictures[0].width / pictures[0].height) < 0.01
        descr = pictures[0]._element.nvPicPr.cNvPr.get("descr")  # the picture's alt text
        assert descr.startswith(f"{planned.title(lang)} {planned.takeaway(lang)} ")
        assert t("alt.text", lang, title="", summary="").split(" ")[0] in descr, descr
        texts = {s.name: s.text_frame.text for s in slide.shapes if s.has_text_frame}
        assert texts["Takeaway"] == planned.takeaway(lang)
        foot = texts["Source footnote"]
        assert foot.startswith(prefix), foot
        assert "(20" in foot  # a publication date in brackets


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_notes_carry_the_full_source_list_with_urls(decks, deck_story, lang) -> None:
    deck = decks[lang]["deck"]
    for slide, planned in zip(deck.slides, registered_slides(deck_story), strict=False):
        notes = slide.notes_slide.notes_text_frame.text
        assert planned.takeaway(lang) in notes
        urls = [line for line in notes.splitlines() if "https://example.org/" in line]
        assert urls, f"no source URL in the notes of {planned.id}"
    closing_notes = deck.slides[-1].notes_slide.notes_text_frame.text
    for url in ("gov-gpu", "ai-index", "tortoise", "cluster", "article"):
        assert f"https://example.org/{url}" in closing_notes
    for slide in deck.slides:  # pasted into a spreadsheet, no line of the notes runs
        assert not formula_lines(slide.notes_slide.notes_text_frame.text)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_closing_slide_lists_every_source_used(decks, lang) -> None:
    deck = decks[lang]["deck"]
    closing = deck.slides[-1]
    assert closing.shapes.title.text_frame.text == ("출처" if lang == "ko" else "Sources")
    text = "\n".join(s.text_frame.text for s in closing.shapes if s.has_text_frame)
    for publisher in (
        "Ministry Daily",
        "Stanford HAI",
        "Tortoise Media",
        "Tech Press",
        "Article Weekly",
    ):
        assert publisher in text
    links = [
        r.hyperlink.address
        for s in closing.shapes
        if s.has_text_frame
        for p in s.text_frame.paragraphs
        for r in p.runs
        if r.hyperlink.address
    ]
    assert "https://example.org/tortoise" in links


def test_korean_deck_is_korean_and_english_deck_english(decks, deck_story) -> None:
    ko = decks["ko"]["deck"].slides[0].shapes.title.text_frame.text
    en = decks["en"]["deck"].slides[0].shapes.title.text_frame.text
    assert any("\uac00" <= c <= "\ud7a3" for c in ko)
    assert not any("\uac00" <= c <= "\ud7a3" for c in en)


def test_deck_opens_in_libreoffice_and_renders_to_png(decks, tmp_path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    needs(soffice is not None, "LibreOffice (libreoffice-impress)")
    needs(shutil.which("pdftoppm") is not None, "pdftoppm (poppler-utils)")
    deck = tmp_path / "deck-ko.pptx"
    deck.write_bytes(decks["ko"]["bytes"])
    profile = (tmp_path / "lo-profile").as_uri()  # own profile: parallel runs do not clash
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(deck),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    pdf = tmp_path / "deck-ko.pdf"
    assert pdf.exists() and pdf.stat().st_size > 10_000
    info = subprocess.run(
        ["pdfinfo", str(pdf)], check=True, capture_output=True, text=True, timeout=60
    ).stdout
    pages_line = re.search(r"^Pages:\s+(\d+)\s*$", info, re.M)
    assert pages_line and int(pages_line.group(1)) == len(decks["ko"]["deck"].slides)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-scale-to",
            "1920",
            "-f",
            "1",
            "-l",
            "1",
            str(pdf),
            str(tmp_path / "page"),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    pages = sorted(tmp_path.glob("page*.png"))
    assert pages, "pdftoppm wrote no page"
    assert png_size(pages[0].read_bytes()) == (1920, 1080)  # a 16:9 page


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_takeaway_marker_has_the_home_colour_of_the_data(decks, deck_data, lang) -> None:
    home = deck_data.colors()[HOME].lstrip("#").upper()
    for slide in list(decks[lang]["deck"].slides)[:-1]:
        marker = next(s for s in slide.shapes if s.name == "Takeaway marker")
        assert str(marker.fill.fore_color.rgb) == home


# -- render, without a browser ------------------------------------------------------------


def blank_png(width: int = IMAGE_W, height: int = IMAGE_H) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(out, format="PNG")
    return out.getvalue()


def test_render_takes_the_marker_colour_from_entities_csv(deck_story, tmp_path) -> None:
    folder = make_data(tmp_path / "data")
    entities = folder / "entities.csv"
    entities.write_text(
        entities.read_text(encoding="utf-8").replace("KOR,#0072B2", "KOR,#882255"),
        encoding="utf-8",
    )
    data = load(folder)
    assert data.colors()[HOME] == "#882255"
    planned, _ = slides.plan(data, deck_story, "en", params.ViewState(lang="en"))
    item = planned[0]
    result = registry.build(item.slide.chart, data, item.view)
    sources = views.sources_of(result.rows)
    blob = deck_module.render([(item, result, sources, blank_png())], sources, data, "en")
    rendered = Presentation(io.BytesIO(blob))
    assert len(rendered.slides) == 2
    marker = next(s for s in rendered.slides[0].shapes if s.name == "Takeaway marker")
    assert str(marker.fill.fore_color.rgb) == "882255"
    texts = {s.name: s.text_frame.text for s in rendered.slides[0].shapes if s.has_text_frame}
    assert texts["Takeaway"] == item.slide.takeaway("en")
    assert texts["Source footnote"] == slides.footnote(sources, "en")


def test_the_last_slide_carries_a_qr_code_of_the_presenters_view(deck_story, tmp_path) -> None:
    import zxingcpp

    from dashboard.outputs import export, qr

    data = load(make_data(tmp_path / "data"))
    state = params.ViewState(lang="ko", countries=("KOR", "USA"), slide=4, qr=True)
    link = export.presenter_link("https://dash.example.org", state, "en", "compute")
    assert link == "https://dash.example.org/compute?lang=en&present=1&countries=KOR%2CUSA"
    planned, _ = slides.plan(data, deck_story, "en", state)
    item = planned[0]
    result = registry.build(item.slide.chart, data, item.view)
    sources = views.sources_of(result.rows)
    blob = deck_module.render([(item, result, sources, blank_png())], sources, data, "en", link)
    closing = Presentation(io.BytesIO(blob)).slides[-1]
    code = next(s for s in closing.shapes if s.name == "QR code")
    assert code.height >= 0.2 * Presentation(io.BytesIO(blob)).slide_height  # back of a room
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(code.image.blob)),
                                   formats=zxingcpp.BarcodeFormat.QRCode)  # fmt: skip
    assert [r.text for r in found] == [link]
    texts = {s.name: s.text_frame.text for s in closing.shapes if s.has_text_frame}
    assert texts["QR link"].startswith(qr.short(link))
    source_boxes = [s for s in closing.shapes if s.name.startswith("Sources")]
    assert all(box.left + box.width <= code.left for box in source_boxes)  # side by side
    plain = deck_module.render([(item, result, sources, blank_png())], sources, data, "en")
    assert not [s for s in Presentation(io.BytesIO(plain)).slides[-1].shapes if s.name == "QR code"]
