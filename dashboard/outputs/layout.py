"""The look of a deck slide, as constants: where each part sits on a 16:9 slide (inches),
the chart picture's size in pixels and the chart style drawn at that size, the typeface,
the type sizes a text may shrink through, and the neutral colours (text and greys).

`slides` takes the chart style for a slide's view, `restyle` the picture's width, and
`deck` everything to lay a slide out. Nothing here draws, reads the data or imports
python-pptx. Entity colours are never here: they come from the data (`Data.colors()`,
entities.csv); colours here are `#RRGGBB` strings, as in the data.
"""

from __future__ import annotations

from dashboard.charts.primitives import Style
from dashboard.outputs.images import MIN_WIDTH

# Geometry of a 16:9 slide (13.333 x 7.5 in), in inches.
SLIDE_W, SLIDE_H = 40 / 3, 7.5
MARGIN = 0.5
CONTENT_W = SLIDE_W - 2 * MARGIN
TITLE_TOP, TITLE_H = 0.3, 0.95
PICTURE_TOP, PICTURE_H = 1.3, 4.75
TAKEAWAY_TOP, TAKEAWAY_H = 6.1, 0.8
FOOT_TOP, FOOT_H = 6.95, 0.45
# The closing slide's QR code of the presenter's view: a quarter of the slide's height
# (scannable from the back of a room), with the link and a line under it.
QR_SIZE = SLIDE_H / 4
QR_LINK_H = 0.6
IMAGE_W = MIN_WIDTH  # px; the picture fills the content width
IMAGE_H = round(IMAGE_W * PICTURE_H / CONTENT_W)
# Chart type on the slide: 24 px at 1920 wide is >= 20 px once the picture is scaled
# to the content width of a full-HD slide.
SLIDE_STYLE = Style(font_size=24, height=IMAGE_H)

FONT = "Malgun Gothic"  # Korean Windows' UI font; LibreOffice falls back to Noto CJK
# (size in pt, most lines): a text takes the first size at which it fits that many lines.
TITLE_SIZES = ((32, 1), (28, 2), (26, 2), (24, 2), (22, 2), (20, 3))
TAKEAWAY_SIZES = ((22, 2), (20, 2), (18, 2), (16, 3))
FOOT_SIZES = ((12, 2), (11, 2), (10, 2))

# Neutral colours: the only colours of a slide that do not stand for an entity.
INK = "#111111"  # titles, takeaways, the source list
MUTED = "#555555"  # footnotes, slide numbers, the closing intro; a missing entity colour
