"""A briefing laid out as DOCX with python-docx (which Word and Hancom Office both open):
A4, the title and data release, the key points with their □/○/- marks, the chart picture
(with its alt text), the figures table, the scenario's settings and outcome, the link,
and a real footnote for each source at its first citation (a later citation repeats the
number in superscript).

python-docx writes no footnotes of its own, so the footnotes part (word/footnotes.xml)
is added here as Word writes it: the two separator notes, then one note per source,
each referenced from the text by its number.

`render(brief, png, png_size)` takes what `briefing` decided and the chart's PNG and
returns the file's bytes. Nothing here chooses words, draws the chart or writes a file.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor
from lxml import etree

from dashboard.outputs import briefing
from dashboard.outputs.brief_layout import (
    FONT,
    HEADING_PT,
    INDENT_MM,
    MARGIN_MM,
    PAGE_H_MM,
    PAGE_W_MM,
    POINT_PT,
    SMALL_PT,
    TITLE_PT,
    column_widths,
    picture_mm,
)

FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
TEXT_LANG = {"ko": "ko-KR", "en": "en-US"}
MUTED = RGBColor(0x55, 0x55, 0x55)
LINK = RGBColor(0x05, 0x63, 0xC1)
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def footnotes_xml(notes: Sequence[str]) -> bytes:
    """word/footnotes.xml: the separator (-1) and continuation separator (0) Word expects,
    then note n (n = 1, 2, ...) holding notes[n - 1] after its own number."""
    root = etree.fromstring(f"<w:footnotes {nsdecls('w', 'r')}/>")

    def note(number: int, kind: str = "") -> etree._Element:
        element = etree.SubElement(root, qn("w:footnote"))
        if kind:
            element.set(qn("w:type"), kind)
        element.set(qn("w:id"), str(number))
        return etree.SubElement(element, qn("w:p"))

    for number, kind, mark in (
        (-1, "separator", "w:separator"),
        (0, "continuationSeparator", "w:continuationSeparator"),
    ):
        etree.SubElement(etree.SubElement(note(number, kind), qn("w:r")), qn(mark))
    for number, text in enumerate(notes, start=1):
        para = note(number)
        ref = etree.SubElement(para, qn("w:r"))
        props = etree.SubElement(ref, qn("w:rPr"))
        etree.SubElement(props, qn("w:vertAlign")).set(qn("w:val"), "superscript")
        etree.SubElement(ref, qn("w:footnoteRef"))
        run = etree.SubElement(para, qn("w:r"))
        props = etree.SubElement(run, qn("w:rPr"))
        etree.SubElement(props, qn("w:sz")).set(qn("w:val"), str(SMALL_PT * 2))
        body = etree.SubElement(run, qn("w:t"))
        body.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        body.text = " " + text
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def footnote_count(document) -> int:
    """How many footnotes (not separators) a python-docx document holds."""
    for rel in document.part.rels.values():
        if rel.reltype == RT.FOOTNOTES:
            root = etree.fromstring(rel.target_part.blob)
            return sum(1 for n in root.iter(qn("w:footnote")) if int(n.get(qn("w:id"))) > 0)
    return 0


class _Writer:
    def __init__(self, lang: str) -> None:
        self.doc = Document()
        self.lang = lang
        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(PAGE_W_MM), Mm(PAGE_H_MM)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Mm(MARGIN_MM))
        normal = self.doc.styles["Normal"]
        normal.font.name = FONT
        normal.font.size = Pt(POINT_PT - 1)
        fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:eastAsia"), FONT)  # Hangul takes the east-Asian font slot
        normal.element.get_or_add_rPr().append(_lang(TEXT_LANG[lang]))
        normal.paragraph_format.space_after = Pt(3)
        # "2025년", not "2025 년": no extra space between Hangul and Latin or digits. The
        # flags stand before w:spacing, where the schema puts them.
        before = normal.element.get_or_add_pPr().find(qn("w:spacing"))
        for name in ("w:autoSpaceDE", "w:autoSpaceDN"):
            flag = OxmlElement(name)
            flag.set(qn("w:val"), "0")
            before.addprevious(flag)

    def line(
        self,
        text: str,
        *,
        size: float = POINT_PT,
        bold: bool = False,
        muted: bool = False,
        before: float = 0,
    ):
        para = self.doc.add_paragraph()
        para.paragraph_format.space_before = Pt(before)
        run = para.add_run(text)
        run.font.size, run.font.bold = Pt(size), bold
        if muted:
            run.font.color.rgb = MUTED
        return para

    def heading(self, text: str) -> None:
        para = self.line(text, size=HEADING_PT, bold=True, before=10)
        para.paragraph_format.keep_with_next = True

    def segments(
        self,
        segments: Sequence[briefing.Segment],
        *,
        size: float,
        bold: bool = False,
        lead: str = "",
        indent_mm: float = 0,
    ):
        para = self.doc.add_paragraph()
        if indent_mm or lead:
            para.paragraph_format.left_indent = Mm(indent_mm + 5)
            para.paragraph_format.first_line_indent = Mm(-5)
        for text in ([lead] if lead else []) + list(segments):
            if isinstance(text, str):
                run = para.add_run(text)
                run.font.size, run.font.bold = Pt(size), bold
            elif text.first:
                para._p.append(_note_reference(text.number))
            else:
                run = para.add_run(str(text.number))
                run.font.superscript = True
        return para

    def table(self, table: briefing.Table) -> None:
        if not table.rows:
            return
        grid = self.doc.add_table(rows=len(table.rows) + 1, cols=len(table.header))
        grid.style = self.doc.styles["Table Grid"]
        grid.autofit = False
        widths = column_widths(len(table.header))
        for r, row in enumerate([table.header, *table.rows]):
            grid.rows[r]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
            for c, text in enumerate(row):
                cell = grid.cell(r, c)
                cell.width = Mm(widths[c])
                cell.text = ""
                run = cell.paragraphs[0].add_run(text)
                run.font.size, run.font.bold = Pt(SMALL_PT), r == 0
                if r == 0:
                    _shade(cell, "E8E8E8")
        for row in grid.rows[:1]:  # the header row repeats on every page the table runs to
            flag = OxmlElement("w:tblHeader")
            row._tr.get_or_add_trPr().append(flag)

    def link(self, url: str) -> None:
        para = self.doc.add_paragraph()
        r_id = para.part.relate_to(url, RT.HYPERLINK, is_external=True)
        link = OxmlElement("w:hyperlink")
        link.set(qn("r:id"), r_id)
        run = OxmlElement("w:r")
        props = OxmlElement("w:rPr")
        color = OxmlElement("w:color")
        color.set(qn("w:val"), str(LINK))
        underline = OxmlElement("w:u")
        underline.set(qn("w:val"), "single")
        props.extend([color, underline])
        text = OxmlElement("w:t")
        text.text = url
        run.extend([props, text])
        link.append(run)
        para._p.append(link)

    def add_footnotes(self, notes: Sequence[str]) -> None:
        if not notes:
            return
        part = Part(
            PackURI("/word/footnotes.xml"),
            FOOTNOTES_TYPE,
            footnotes_xml(notes),
            self.doc.part.package,
        )
        self.doc.part.relate_to(part, RT.FOOTNOTES)
        settings = self.doc.settings.element  # the separators' ids, as Word writes them
        props = OxmlElement("w:footnotePr")
        for number in (-1, 0):
            ref = OxmlElement("w:footnote")
            ref.set(qn("w:id"), str(number))
            props.append(ref)
        settings.append(props)


def _lang(tag: str):
    element = OxmlElement("w:lang")
    element.set(qn("w:val"), tag)
    element.set(qn("w:eastAsia"), "ko-KR")
    return element


def _note_reference(number: int):
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    align = OxmlElement("w:vertAlign")
    align.set(qn("w:val"), "superscript")
    props.append(align)
    ref = OxmlElement("w:footnoteReference")
    ref.set(qn("w:id"), str(number))
    run.extend([props, ref])
    return run


def _shade(cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def render(brief: briefing.Briefing, png: bytes | None, png_size: tuple[int, int]) -> bytes:
    """The briefing as .docx bytes; `png` is the chart picture (`png_size` its pixels)."""
    w = _Writer(brief.lang)
    props = w.doc.core_properties
    props.title, props.language, props.subject = brief.title, TEXT_LANG[brief.lang], brief.release
    w.line(brief.title, size=TITLE_PT, bold=True)
    w.line(brief.subtitle, size=SMALL_PT + 1, muted=True)
    w.line(brief.release, size=SMALL_PT + 1, muted=True)

    w.heading(brief.headings["points"])
    for point in brief.points:
        w.segments(
            point.segments,
            size=POINT_PT - point.level,
            bold=point.level == 0,
            lead=f"{briefing.LEVELS[point.level]} ",
            indent_mm=point.level * INDENT_MM,
        )

    if brief.chart is not None and png is not None:
        w.heading(brief.headings["chart"])
        width, height = picture_mm(png_size)
        w.doc.add_picture(io.BytesIO(png), width=Mm(width), height=Mm(height))
        picture = w.doc.paragraphs[-1]
        picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
        picture.paragraph_format.keep_with_next = True
        for props in picture._p.iter(qn("wp:docPr")):  # alt text, as the deck's pictures
            props.set("descr", brief.chart.alt)
        w.segments(brief.chart.sources, size=SMALL_PT)

    w.heading(brief.headings["table"])
    w.table(brief.table)

    if brief.scenario is not None:
        w.heading(brief.headings["scenario"])
        w.line(brief.scenario.label, bold=True)
        w.line(brief.headings["settings"], size=POINT_PT - 1, bold=True, before=4)
        w.table(brief.scenario.settings)
        w.line(brief.headings["outcome"], size=POINT_PT - 1, bold=True, before=6)
        w.table(brief.scenario.outcome)

    w.heading(brief.headings["link"])
    w.line(brief.headings["link_intro"], size=SMALL_PT + 1)
    w.link(brief.link)
    w.add_footnotes(brief.notes)
    out = io.BytesIO()
    w.doc.save(out)
    return out.getvalue()
