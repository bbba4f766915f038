"""The look of a briefing page, as constants both formats share (`brief_docx`,
`brief_hwpx`): A4 margins and text width, type sizes for the title, the headings and the
□/○/- points, and the chart picture's size on the page. Nothing here draws or reads data.
"""

from __future__ import annotations

PAGE_W_MM, PAGE_H_MM = 210, 297  # A4
MARGIN_MM = 20
TEXT_W_MM = PAGE_W_MM - 2 * MARGIN_MM
PICTURE_MAX_H_MM = 160  # a tall chart (many bars) still leaves room on its page
TITLE_PT = 18
HEADING_PT = 13
POINT_PT = 12  # □ points; ○ one smaller and - two smaller
SMALL_PT = 9  # the release line, the source line under the chart, the table
INDENT_MM = 5  # per level of the point hierarchy
FONT = "Malgun Gothic"  # Korean Windows' font; LibreOffice falls back to Noto CJK


def picture_mm(pixels: tuple[int, int]) -> tuple[float, float]:
    """The chart picture's width and height on the page (mm): the text width, or less
    when a tall picture would pass PICTURE_MAX_H_MM; its proportions kept."""
    width_px, height_px = pixels
    width = TEXT_W_MM
    height = width * height_px / width_px
    if height > PICTURE_MAX_H_MM:
        width, height = width * PICTURE_MAX_H_MM / height, PICTURE_MAX_H_MM
    return round(width, 1), round(height, 1)


def column_widths(columns: int) -> list[float]:
    """Table column widths (mm) over the text width: the figures table's seven columns
    (country, measure, value, year, status, confidence, source) by what they hold, and
    any other table's first column wider than the rest."""
    parts = [14, 22, 16, 11, 9, 9, 19] if columns == 7 else [2] + [1] * (columns - 1)
    return [TEXT_W_MM * p / sum(parts) for p in parts]
