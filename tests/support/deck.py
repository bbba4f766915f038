"""What the tests of decks, images and briefings share: the slides a story draws from
the chart registry, a PNG's size, and `needs` (skip without a system tool on a
workstation, fail without it in CI). Their data folder is `folders.make_data`; the built
decks are session fixtures in conftest.py, one build per worker."""

from __future__ import annotations

import os
import struct

import pytest

from dashboard.charts import registry

IN_CI = os.environ.get("CI") == "true"


def registered_slides(story) -> list:
    return [s for s in story.slides if s.chart in registry.CHARTS]


def png_size(blob: bytes) -> tuple[int, int]:
    assert blob[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", blob[16:24])


def needs(tool_ok: bool, what: str) -> None:
    if not tool_ok:
        if IN_CI:
            pytest.fail(f"{what} is missing in CI (make sysdeps installs it)")
        pytest.skip(f"{what} is not installed here")
