"""The deck laid out with python-pptx: chart slides and the closing slide, saved as
.pptx bytes.

`render(charts, sources, data, lang, link)` takes what is already decided (the planned
slides, their chart results, sources and PNG pictures, the closing slide's source list
and the link its QR code opens) and places it: a real title, the picture with its alt
text, the takeaway beside a marker in the home country's colour (from the data,
`Data.colors()`), the source footnote, the slide number and the speaker notes; type
shrinks until a text fits its box. The QR code is `qr`'s.

Positions, type sizes and the neutral colours come from `layout`, the words from
`slides`. Nothing here chooses slides, builds charts, draws images or writes a file.
"""

from __future__ import annotations

import io
import math
import re
import unicodedata
from collections.abc import Sequence

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Inches, Pt

from dashboard.base.i18n import t
from dashboard.charts import registry
from dashboard.data.load import HOME, Data
from dashboard.model import views
from dashboard.outputs import qr, slides
from dashboard.outputs.images import char_width, text_width
from dashboard.outputs.layout import (
    CONTENT_W,
    FONT,
    FOOT_H,
    FOOT_SIZES,
    FOOT_TOP,
    INK,
    MARGIN,
    MUTED,
    PICTURE_H,
    PICTURE_TOP,
    QR_LINK_H,
    QR_SIZE,
    SLIDE_H,
    SLIDE_W,
    TAKEAWAY_H,
    TAKEAWAY_SIZES,
    TAKEAWAY_TOP,
    TITLE_H,
    TITLE_SIZES,
    TITLE_TOP,
)

TEXT_LANG = {"ko": "ko-KR", "en": "en-US"}
_HEX = re.compile(r"#[0-9A-Fa-f]{6}")

# One chart slide, decided: the plan, the chart, its sources and its picture (PNG).
ChartSlide = tuple[slides.PlannedSlide, registry.ChartResult, list[views.SourceRef], bytes]


def _rgb(color: object, fallback: str = MUTED) -> RGBColor:
    """A `#RRGGBB` colour for python-pptx; `fallback` when it is missing or malformed."""
    good = isinstance(color, str) and _HEX.fullmatch(color)
    return RGBColor.from_string((color if good else fallback)[1:])


# -- text ---------------------------------------------------------------------------------


def _style_run(run, lang: str, size: float, *, bold: bool = False, color: str = INK) -> None:
    font = run.font
    font.size = Pt(size)
    font.bold = bold
    font.color.rgb = _rgb(color)
    font.name = FONT
    rpr = run._r.get_or_add_rPr()
    rpr.set("lang", TEXT_LANG[lang])
    if rpr.find(qn("a:ea")) is None:  # Hangul uses the east-Asian typeface slot
        ea = etree.SubElement(rpr, qn("a:ea"))
        ea.set("typeface", FONT)
        rpr.find(qn("a:latin")).addnext(ea)


def _textbox(slide, left: float, top: float, width: float, height: float, *, anchor=MSO_ANCHOR.TOP):
    box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    frame = box.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.vertical_anchor = anchor
    frame.margin_left = frame.margin_right = Inches(0.05)
    frame.margin_top = frame.margin_bottom = Inches(0.02)
    return box


def _fit_size(
    text: str, width_in: float, options: Sequence[tuple[float, int]], *, bold: bool = False
) -> float:
    """The first font size (pt) of `options` (size, most lines) at which `text` wraps
    into that many lines. Latin widths are the chart estimate scaled by what LibreOffice's
    fallback fonts measured (wider still in bold), with a margin; Hangul is one em."""
    width_pt = (width_in - 0.1) * 72
    factor = 1.25 if bold else 1.12
    wide = sum(1 for c in text if unicodedata.east_asian_width(c) in ("W", "F"))
    narrow_em = sum(char_width(c) for c in text) - wide
    for size, lines in options:
        if math.ceil((wide + narrow_em * factor) * size / width_pt) <= lines:
            return size
    return options[-1][0]


# -- slides ---------------------------------------------------------------------------


def _new_deck(lang: str):
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(SLIDE_W), Inches(SLIDE_H)
    props = prs.core_properties
    props.title = t("export.deck_title", lang)
    props.language = TEXT_LANG[lang]
    props.author = t("export.deck_author", lang)
    return prs


def _title(slide, text: str, lang: str) -> None:
    shape = slide.shapes.title
    shape.left, shape.top = Inches(MARGIN), Inches(TITLE_TOP)
    shape.width, shape.height = Inches(CONTENT_W), Inches(TITLE_H)
    frame = shape.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    frame.text = ""
    para = frame.paragraphs[0]
    para.alignment = PP_ALIGN.LEFT
    run = para.add_run()
    run.text = text
    _style_run(run, lang, _fit_size(text, CONTENT_W, TITLE_SIZES, bold=True), bold=True)


def _slide_number(slide, n: int, total: int, lang: str) -> None:
    box = _textbox(slide, SLIDE_W - MARGIN - 1.0, FOOT_TOP, 1.0, FOOT_H)
    box.name = "Slide number"
    para = box.text_frame.paragraphs[0]
    para.alignment = PP_ALIGN.RIGHT
    run = para.add_run()
    run.text = t("export.slide_number", lang, n=n, total=total)
    _style_run(run, lang, 12, color=MUTED)


def _chart_slide(
    prs,
    planned: slides.PlannedSlide,
    result: registry.ChartResult,
    png: bytes,
    sources: list[views.SourceRef],
    data: Data,
    lang: str,
    n: int,
    total: int,
) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[5])  # "Title Only": a real title
    story = planned.slide
    _title(slide, story.title(lang), lang)

    pic = slide.shapes.add_picture(
        io.BytesIO(png),
        Inches(MARGIN),
        Inches(PICTURE_TOP),
        width=Inches(CONTENT_W),
        height=Inches(PICTURE_H),
    )
    pic.name = f"Chart {story.id}"
    pic._element.nvPicPr.cNvPr.set(  # alt text: travels with the picture when copied
        "descr", slides.alt_text(story, result, sources, lang)
    )

    bar = slide.shapes.add_shape(
        MSO_SHAPE.RECTANGLE,
        Inches(MARGIN),
        Inches(TAKEAWAY_TOP + 0.08),
        Inches(0.08),
        Inches(TAKEAWAY_H - 0.16),
    )
    bar.fill.solid()
    bar.fill.fore_color.rgb = _rgb(data.colors().get(HOME))  # the home country's colour
    bar.line.fill.background()
    bar.name = "Takeaway marker"
    takeaway = story.takeaway(lang)
    box = _textbox(
        slide, MARGIN + 0.2, TAKEAWAY_TOP, CONTENT_W - 0.2, TAKEAWAY_H, anchor=MSO_ANCHOR.MIDDLE
    )
    box.name = "Takeaway"
    run = box.text_frame.paragraphs[0].add_run()
    run.text = takeaway
    _style_run(run, lang, _fit_size(takeaway, CONTENT_W - 0.2, TAKEAWAY_SIZES), color=INK)

    foot = _textbox(slide, MARGIN, FOOT_TOP, CONTENT_W - 1.1, FOOT_H)
    foot.name = "Source footnote"
    text = slides.footnote(sources, lang)
    run = foot.text_frame.paragraphs[0].add_run()
    run.text = text
    _style_run(run, lang, _fit_size(text, CONTENT_W - 1.1, FOOT_SIZES), color=MUTED)
    _slide_number(slide, n, total, lang)

    slide.notes_slide.notes_text_frame.text = slides.notes(planned, result, sources, data, lang)


def _closing_layout(entries: list[str], width_in: float, height_in: float) -> tuple[int, float]:
    """(columns, font size) at which the source list fits the area."""
    for size in (14, 12, 11, 10, 9, 8, 7):
        for columns in (1, 2, 3):
            col_pt = (width_in - 0.25 * (columns - 1)) / columns * 72 * 0.94
            lines = [max(1, math.ceil(text_width(e, size) / col_pt)) for e in entries]
            per_col = math.ceil(len(entries) / columns)
            # fill columns in order; the tallest column must fit
            tallest = max(sum(lines[i : i + per_col]) for i in range(0, len(lines), per_col))
            height_pt = tallest * size * 1.2 + per_col * size * 0.35
            if height_pt <= height_in * 72:
                return columns, size
    return 3, 7


def _qr_code(slide, link: str, lang: str) -> float:
    """The QR code of the view's link at the slide's bottom right (QR_SIZE square, a
    quarter of the slide's height: scannable from the back of a room), the link under
    it; returns the width it takes from the content."""
    left = SLIDE_W - MARGIN - QR_SIZE
    top = FOOT_TOP - QR_SIZE - QR_LINK_H
    pic = slide.shapes.add_picture(
        io.BytesIO(qr.png(link)), Inches(left), Inches(top), Inches(QR_SIZE), Inches(QR_SIZE)
    )
    pic.name = "QR code"
    pic._element.nvPicPr.cNvPr.set("descr", t("qr.alt", lang, link=link))
    box = _textbox(slide, left - 0.6, top + QR_SIZE, QR_SIZE + 0.6, QR_LINK_H)
    box.name = "QR link"
    para = box.text_frame.paragraphs[0]
    para.alignment = PP_ALIGN.CENTER
    run = para.add_run()
    run.text = qr.short(link)
    run.hyperlink.address = link
    _style_run(run, lang, 9, color=MUTED)
    caption = para = box.text_frame.add_paragraph()
    caption.alignment = PP_ALIGN.CENTER
    run = para.add_run()
    run.text = t("qr.caption", lang)
    _style_run(run, lang, 10, color=MUTED)
    return QR_SIZE + 0.6 + 0.25


def _closing_slide(
    prs, sources: list[views.SourceRef], lang: str, n: int, total: int, link: str = ""
) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    _title(slide, t("export.closing_title", lang), lang)
    intro = _textbox(slide, MARGIN, TITLE_TOP + TITLE_H, CONTENT_W, 0.45)
    run = intro.text_frame.paragraphs[0].add_run()
    run.text = t("export.closing_intro", lang)
    _style_run(run, lang, 14, color=MUTED)

    top = TITLE_TOP + TITLE_H + 0.5
    height = FOOT_TOP - top
    width = CONTENT_W - (_qr_code(slide, link, lang) if link else 0)
    entries = slides.closing_entries(sources, lang)
    columns, size = _closing_layout(entries, width, height)
    per_col = math.ceil(len(entries) / columns)
    col_w = (width - 0.25 * (columns - 1)) / columns
    for c in range(columns):
        chunk = list(range(c * per_col, min(len(entries), (c + 1) * per_col)))
        if not chunk:
            continue
        box = _textbox(slide, MARGIN + c * (col_w + 0.25), top, col_w, height)
        box.name = f"Sources {c + 1}"
        frame = box.text_frame
        for k, i in enumerate(chunk):
            para = frame.paragraphs[0] if k == 0 else frame.add_paragraph()
            para.space_after = Pt(size * 0.35)
            run = para.add_run()
            run.text = entries[i]
            _style_run(run, lang, size)
            if i < len(sources) and sources[i].url:
                run.hyperlink.address = sources[i].url
    _slide_number(slide, n, total, lang)
    slide.notes_slide.notes_text_frame.text = slides.closing_notes(sources, lang)


# -- the deck ---------------------------------------------------------------------------


def render(
    charts: Sequence[ChartSlide],
    sources: list[views.SourceRef],
    data: Data,
    lang: str,
    link: str = "",
) -> bytes:
    """The deck as .pptx bytes: one slide per chart, in order, then the closing slide
    listing `sources`, with a QR code of `link` (the presenter's view) when one is given."""
    prs = _new_deck(lang)
    total = len(charts) + 1
    for n, (item, result, chart_sources, png) in enumerate(charts, 1):
        _chart_slide(prs, item, result, png, chart_sources, data, lang, n, total)
    _closing_slide(prs, sources, lang, total, total, link)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()
