"""Chart images through Kaleido and Debian's Chromium: sizes, the source line, one browser.

The browser tests skip on a workstation without Chromium and fail under CI, where
`make sysdeps` installs it.
"""

from __future__ import annotations

import os
import re
import struct

import plotly.graph_objects as go
import pytest

from dashboard.charts import primitives
from dashboard.model.views import SourceRef
from dashboard.outputs import images

# Module-scoped fixtures (decks, browser sessions, apps) are costly: one worker runs
# this file (make test distributes with --dist loadgroup).
# Slow (not in make check): draws images in Chromium.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("images")]

IN_CI = os.environ.get("CI") == "true"
SOURCE = "Source: Ministry Daily (2025-02-17); Stanford HAI (2025-04)"


def png_size(blob: bytes) -> tuple[int, int]:
    assert blob[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", blob[16:24])


def bar_figure(n: int = 4, label: str = "Country") -> go.Figure:
    fig = go.Figure(go.Bar(x=[f"{label} {i}" for i in range(n)], y=list(range(1, n + 1))))
    # An explicit template, as every figure from dashboard.charts has: after Streamlit is
    # imported (other tests do), the process-wide default template is Streamlit's.
    fig.update_layout(title="GPUs held", font=dict(size=24), margin=dict(l=10, r=10, t=70, b=10),
                      template=primitives.TEMPLATE)  # fmt: skip
    return fig


@pytest.fixture
def chromium() -> None:
    if not images.chromium_available():
        if IN_CI:
            pytest.fail("Chromium is missing in CI (make sysdeps installs it)")
        pytest.skip("Chromium is not installed here")


@pytest.fixture(scope="module")
def session():
    """One browser for the tests that only look at images."""
    if not images.chromium_available():
        if IN_CI:
            pytest.fail("Chromium is missing in CI (make sysdeps installs it)")
        pytest.skip("Chromium is not installed here")
    with images.ImageSession() as shared:
        yield shared


@pytest.fixture
def launches(monkeypatch) -> list:
    """Every browser launch in the test, by wrapping the one factory."""
    calls: list = []
    original = images.launch_browser

    def counting(*args, **kwargs):
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(images, "launch_browser", counting)
    return calls


# -- without a browser ----------------------------------------------------------------


def test_browser_path_overrides_and_a_bad_one_is_reported(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "nothing"))
    assert images.chromium_path() is None
    assert not images.chromium_available()
    reason = images.chromium_reason("en")
    assert "BROWSER_PATH" in reason and str(tmp_path / "nothing") in reason
    assert "BROWSER_PATH" in images.chromium_reason("ko")
    with pytest.raises(images.ChromiumMissing):
        images.ImageSession().open()


def test_a_missing_browser_is_named_in_both_languages(monkeypatch) -> None:
    monkeypatch.delenv("BROWSER_PATH", raising=False)
    monkeypatch.setattr(images, "BROWSER_CANDIDATES", ())
    monkeypatch.setattr(images, "BROWSER_NAMES", ("no-such-browser-here",))
    assert not images.chromium_available()
    assert "Chromium" in images.chromium_reason("en")
    assert "Chromium" in images.chromium_reason("ko")


def test_a_browser_that_will_not_start_is_an_image_error(monkeypatch, tmp_path) -> None:
    broken = tmp_path / "chromium"
    broken.write_text("#!/bin/sh\nexit 1\n")
    broken.chmod(0o755)
    monkeypatch.setenv("BROWSER_PATH", str(broken))
    with pytest.raises(images.ImageError) as err, images.ImageSession(lang="en") as session:
        session.png(bar_figure())
    assert str(err.value).startswith("Chromium could not be started")
    assert "\n" not in str(err.value)


def test_reason_is_empty_when_a_browser_is_there(monkeypatch, tmp_path) -> None:
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    monkeypatch.setenv("BROWSER_PATH", str(fake))
    assert images.chromium_available() and images.chromium_reason("en") == ""


def test_source_line_lists_publisher_and_date_once() -> None:
    refs = [
        SourceRef("Ministry Daily", "2025-02-17", "T", "https://a"),
        SourceRef("Ministry Daily", "2025-02-17", "Other title", "https://b"),
        SourceRef("Stanford HAI", "2025-04", "AI Index", "https://c"),
    ]
    assert images.source_line(refs, "en") == SOURCE
    assert images.source_line(refs, "ko").startswith("출처: Ministry Daily (2025-02-17)")
    assert images.source_line([], "en").startswith("Source:")


def test_wrap_source_fits_the_width_and_marks_a_cut() -> None:
    text = "Source: " + "; ".join(f"Publisher number {i} (2025-0{i % 9 + 1})" for i in range(40))
    lines = images.wrap_source(text, 1896, 22, max_lines=3)
    assert len(lines) == 3
    assert all(images.text_width(line, 22) <= 1896 for line in lines)
    assert lines[-1].endswith("…")
    assert images.wrap_source("Source: A (2025)", 1896, 22) == ["Source: A (2025)"]
    hangul = "출처: " + "가" * 200
    assert len(images.wrap_source(hangul, 1000, 22, max_lines=10)) >= 4


def test_plot_area_offsets_read_from_plotly_svg() -> None:
    svg = (
        '<svg><defs><clipPath id="clipab12xyplot" class="plotclip"><rect width="1650" '
        'height="380"/></clipPath></defs><g class="overplot"><g class="xy" '
        'transform="translate(106,70)"></g></g></svg>'
    )
    assert images.plot_area_offsets(svg, 1920, 740) == (106, 290)
    assert images.plot_area_offsets("<svg/>", 1920, 740) == (80, 80)


# -- with Chromium ---------------------------------------------------------------------


def test_png_is_full_hd_wide_and_svg_is_svg(session) -> None:
    png = session.png(bar_figure(), width=1920, height=1080, source=SOURCE)
    big = session.png(bar_figure(), width=1920, height=1080, scale=2)
    svg = session.svg(bar_figure(), width=1920, height=1080, source=SOURCE)
    assert png_size(png) == (1920, 1080)
    assert png_size(big) == (3840, 2160)
    assert svg.lstrip().startswith(b"<svg")


def test_svg_carries_the_source_line_below_the_plot(session) -> None:
    svg = session.svg(
        bar_figure(6, "Long category label"), width=1920, height=900, source=SOURCE
    ).decode("utf-8")
    assert "Ministry Daily (2025-02-17); Stanford HAI (2025-04)" in svg
    # the annotation's group sits below every x tick label
    note = re.search(
        r'<g class="annotation"[^>]*>.*?transform="translate\(([-\d.]+),([-\d.]+)\)"', svg, re.S
    )
    assert note, "no annotation in the SVG"
    ticks = [float(y) for y in re.findall(r'<g class="xtick"><text[^>]* y="([-\d.]+)"', svg)]
    assert ticks and float(note.group(2)) > max(ticks)
    assert float(note.group(2)) < 900


def test_source_text_is_escaped_not_markup(session) -> None:
    svg = session.svg(bar_figure(), source="Source: A & B <b>bold</b> (2025)").decode()
    assert re.search(r"A &amp; B (&lt;|&#60;)b(&gt;|&#62;)bold(&lt;|&#60;)/b", svg)
    assert "font-weight: bold" not in svg


def test_hangul_source_line_survives(session) -> None:
    svg = session.svg(bar_figure(), source="출처: 과학기술정보통신부 (2025-02-17)").decode()
    assert "출처: 과학기술정보통신부 (2025-02-17)" in svg


def test_many_images_one_browser(chromium, launches) -> None:
    with images.ImageSession() as session:
        for i in range(4):
            session.png(bar_figure(i + 2), source=SOURCE)
        session.svg(bar_figure(), source=SOURCE)
        assert session.rendered == 5
    assert len(launches) == 1


def test_render_many_uses_one_session(chromium, launches) -> None:
    out = images.render_many([(bar_figure(2), SOURCE), (bar_figure(3), ""), (bar_figure(4), "")])
    assert len(out) == 3 and all(png_size(b)[0] >= images.MIN_WIDTH for b in out)
    assert len(launches) == 1


def test_a_closed_session_reopens_only_when_used_again(chromium, launches) -> None:
    session = images.ImageSession()
    session.close()  # closing an unopened session is harmless
    assert launches == []
    with session:
        session.png(bar_figure())
    assert len(launches) == 1
