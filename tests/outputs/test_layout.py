"""The look of a deck slide (`dashboard.outputs.layout`): the parts fit the 16:9 slide
without overlapping, the picture is drawn at the shape of its box, and the colours are
neutral (entity colours come from the data)."""

from __future__ import annotations

import itertools
import re

from dashboard.outputs import layout


def test_the_parts_stack_inside_the_slide_without_overlap() -> None:
    assert layout.SLIDE_W * 9 == layout.SLIDE_H * 16  # 16:9
    assert layout.CONTENT_W + 2 * layout.MARGIN == layout.SLIDE_W
    parts = [
        (layout.TITLE_TOP, layout.TITLE_H),
        (layout.PICTURE_TOP, layout.PICTURE_H),
        (layout.TAKEAWAY_TOP, layout.TAKEAWAY_H),
        (layout.FOOT_TOP, layout.FOOT_H),
    ]
    for (top, height), (below, _) in itertools.pairwise(parts):
        assert top + height <= below
    assert parts[-1][0] + parts[-1][1] <= layout.SLIDE_H


def test_the_picture_is_full_hd_at_the_shape_of_its_box() -> None:
    assert layout.IMAGE_W >= 1920
    box = layout.CONTENT_W / layout.PICTURE_H
    assert abs(layout.IMAGE_W / layout.IMAGE_H - box) < 0.01
    assert layout.SLIDE_STYLE.height == layout.IMAGE_H
    assert layout.SLIDE_STYLE.font_size >= 22  # >= 20 px once scaled to a full-HD slide


def test_type_sizes_shrink_and_colours_are_neutral_greys() -> None:
    for options in (layout.TITLE_SIZES, layout.TAKEAWAY_SIZES, layout.FOOT_SIZES):
        sizes = [size for size, _ in options]
        assert sizes == sorted(sizes, reverse=True)
    for color in (layout.INK, layout.MUTED):
        assert re.fullmatch(r"#([0-9a-f]{2})\1\1", color), color  # r = g = b
