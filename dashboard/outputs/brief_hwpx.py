"""A briefing laid out as HWPX (Hancom's OWPML format) with python-hwpx (Apache-2.0):
A4, the title and data release, the key points with their □/○/- marks, the chart picture,
the figures table, the scenario's settings and outcome, the link, and a real footnote for
each source at its first citation (Hangul numbers them; a later citation repeats the
number in superscript).

`render(brief, png)` takes what `briefing` decided and the chart's PNG and returns the
file's bytes. Nothing here chooses words, draws the chart or writes a file.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

from dashboard.outputs import briefing
from dashboard.outputs.brief_layout import (
    HEADING_PT,
    INDENT_MM,
    MARGIN_MM,
    POINT_PT,
    SMALL_PT,
    TEXT_W_MM,
    TITLE_PT,
    column_widths,
    picture_mm,
)

with warnings.catch_warnings():  # its legacy aliases warn on import under some Pythons
    warnings.simplefilter("ignore", DeprecationWarning)
    from hwpx import HwpxDocument

HWPUNIT_PER_MM = 7200 / 25.4  # HWPUNIT is 1/7200 inch
MUTED = "#555555"


def _hu(mm: float) -> int:
    return round(mm * HWPUNIT_PER_MM)


class _Writer:
    def __init__(self) -> None:
        self.doc = HwpxDocument.new()
        self.doc.page.set_margins(
            left=_hu(MARGIN_MM), right=_hu(MARGIN_MM), top=_hu(MARGIN_MM), bottom=_hu(MARGIN_MM)
        )
        self.superscript = self.doc.styles.ensure_run(script="sup")
        self.first = True

    def paragraph(self):
        if self.first:  # the blank document's only paragraph holds the page settings
            self.first = False
            return self.doc.paragraphs[0]
        return self.doc.add_paragraph("")

    def line(
        self, text: str, *, size: float = POINT_PT, bold: bool = False, color: str | None = None
    ):
        para = self.paragraph()
        para.add_run(text, size=size, bold=bold, color=color)
        return para

    def segments(
        self,
        segments: Sequence[briefing.Segment],
        notes: Sequence[str],
        *,
        size: float,
        bold: bool = False,
        lead: str = "",
    ):
        para = self.paragraph()
        if lead:
            para.add_run(lead, size=size, bold=bold)
        for segment in segments:
            if isinstance(segment, str):
                para.add_run(segment, size=size, bold=bold)
            elif segment.first:
                self.doc.notes.add_footnote(notes[segment.number - 1], paragraph=para)
            else:
                para.add_run(str(segment.number), char_pr_id_ref=self.superscript)
        return para

    def table(self, table: briefing.Table, widths: Sequence[float]) -> None:
        if not table.rows:
            return
        grid = self.doc.add_table(len(table.rows) + 1, len(table.header), width=_hu(TEXT_W_MM))
        grid.set_column_widths([_hu(w) for w in widths])
        for c, head in enumerate(table.header):
            grid.set_cell_text(0, c, head)
        for r, row in enumerate(table.rows, start=1):
            for c, cell in enumerate(row):
                grid.set_cell_text(r, c, cell)


def render(brief: briefing.Briefing, png: bytes | None, png_size: tuple[int, int]) -> bytes:
    """The briefing as .hwpx bytes; `png` is the chart picture (`png_size` its pixels)."""
    w = _Writer()
    w.line(brief.title, size=TITLE_PT, bold=True)
    w.line(brief.subtitle, size=SMALL_PT, color=MUTED)
    w.line(brief.release, size=SMALL_PT, color=MUTED)

    w.line(brief.headings["points"], size=HEADING_PT, bold=True)
    for point in brief.points:
        indent = " " * round(point.level * INDENT_MM / 2)  # Hangul keeps leading spaces
        w.segments(
            point.segments,
            brief.notes,
            size=POINT_PT - point.level,
            bold=point.level == 0,
            lead=f"{indent}{briefing.LEVELS[point.level]} ",
        )

    if brief.chart is not None and png is not None:
        w.line(brief.headings["chart"], size=HEADING_PT, bold=True)
        width, height = picture_mm(png_size)
        w.doc.add_picture(png, "png", width_mm=width, height_mm=height, align="CENTER")
        w.segments(brief.chart.sources, brief.notes, size=SMALL_PT)

    w.line(brief.headings["table"], size=HEADING_PT, bold=True)
    w.table(brief.table, column_widths(len(brief.table.header)))

    if brief.scenario is not None:
        w.line(brief.headings["scenario"], size=HEADING_PT, bold=True)
        w.line(brief.scenario.label, size=POINT_PT, bold=True)
        w.line(brief.headings["settings"], size=POINT_PT, bold=True)
        w.table(brief.scenario.settings, column_widths(3))
        w.line(brief.headings["outcome"], size=POINT_PT, bold=True)
        w.table(brief.scenario.outcome, column_widths(2))

    w.line(brief.headings["link"], size=HEADING_PT, bold=True)
    w.line(brief.headings["link_intro"], size=SMALL_PT)
    para = w.paragraph()
    w.doc.refs.add_hyperlink(brief.link, brief.link, paragraph=para)
    return w.doc.to_bytes()
