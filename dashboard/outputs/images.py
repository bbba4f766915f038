"""Static chart images: Plotly figures to PNG and SVG through Kaleido and Chromium.

One `ImageSession` is one Chromium process: open it once per export and render every
image of that export through it (`session.png(...)`, `session.svg(...)`), rather than
paying a browser start-up per image. Each image carries its source line, drawn by
Plotly as an annotation below the plot, so a chart copied out of a deck or a download
still says where its figures come from.

The browser is Debian's Chromium (or whatever `BROWSER_PATH` names), never a
downloaded one: `chromium_available()` says whether there is one, and
`chromium_reason(lang)` says why not, so the app can disable its button with that
message while everything else keeps working. Nothing here imports Streamlit or reads
the data folder.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import logging
import os
import re
import shutil
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import plotly.graph_objects as go

from dashboard.base.i18n import t
from dashboard.model.views import SourceRef

# Where Debian, Ubuntu and Chrome put their browsers; BROWSER_PATH comes first.
BROWSER_CANDIDATES = (
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome-stable",
    "/usr/bin/google-chrome",
)
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome-stable", "google-chrome")
MIN_WIDTH = 1920  # slide images are at least full-HD wide
SOURCE_FONT_SIZE = 22  # px at 1920 wide: stays >= 20 px on a full-HD slide
SOURCE_COLOR = "#444444"
SOURCE_PAD = 12  # px between the axis labels and the source line, and below it
MAX_SOURCE_LINES = 3
RENDER_TIMEOUT = 120  # seconds for one image


class ImageError(RuntimeError):
    """An image could not be made; the message says why, in plain words."""


class ChromiumMissing(ImageError):
    """No usable Chromium: images cannot be drawn (everything else still works)."""


# -- the browser ---------------------------------------------------------------------


def _executable(path: str | Path) -> bool:
    return Path(path).is_file() and os.access(path, os.X_OK)


def chromium_path() -> str | None:
    """The browser to render with: BROWSER_PATH if set, else a system Chromium."""
    forced = os.environ.get("BROWSER_PATH", "").strip()
    if forced:
        return forced if _executable(forced) else None
    for candidate in BROWSER_CANDIDATES:
        if _executable(candidate):
            return candidate
    for name in BROWSER_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def chromium_available() -> bool:
    """Whether images can be drawn here (a Chromium executable was found)."""
    return chromium_path() is not None


def chromium_reason(lang: str = "en") -> str:
    """Why images cannot be drawn, in the reader's language; empty when they can."""
    if chromium_available():
        return ""
    forced = os.environ.get("BROWSER_PATH", "").strip()
    if forced:
        return t("export.browser_path_bad", lang, path=forced)
    return t("export.chromium_missing", lang)


def launch_browser(path: str, *, timeout: float = RENDER_TIMEOUT) -> Any:
    """A new, not yet opened Kaleido browser for `path` (one Chromium process).

    The only place a browser is made: tests wrap it to count launches.
    """
    import kaleido  # heavy; imported only when an image is really wanted

    logging.getLogger("choreographer").setLevel(logging.ERROR)
    # The pipe reader logs (and ignores) stray non-JSON lines from Debian's launcher.
    logging.getLogger("choreographer.channels").setLevel(logging.CRITICAL)
    logging.getLogger("kaleido").setLevel(logging.ERROR)
    # mathjax=False: no CDN fetch (there is no network at a forum); no LaTeX is used.
    return kaleido.Kaleido(path=path, mathjax=False, timeout=timeout)


class ImageSession:
    """One Chromium for many images. Use as a context manager:

        with ImageSession() as images:
            png = images.png(fig, source="Source: ...")
            svg = images.svg(fig, source="Source: ...")

    Rendering runs on a private event loop in a helper thread, so callers stay plain
    synchronous code (the Streamlit script thread, the CLI, tests).
    """

    def __init__(
        self, *, browser_path: str | None = None, timeout: float = RENDER_TIMEOUT, lang: str = "en"
    ) -> None:
        self._path = browser_path or chromium_path()
        self._timeout = timeout
        self._lang = lang
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._browser: Any = None
        self.rendered = 0  # images rendered in this session

    # lifecycle
    def __enter__(self) -> ImageSession:
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def open(self) -> None:
        if self._browser is not None:
            return
        if not self._path or not _executable(self._path):
            raise ChromiumMissing(
                chromium_reason(self._lang) or t("export.chromium_missing", self._lang)
            )
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="kaleido", daemon=True)
        self._thread.start()
        browser = None
        try:
            browser = launch_browser(self._path, timeout=self._timeout)
            self._run(browser.open())
        except Exception as exc:  # the browser's own errors, shown without a traceback
            if browser is not None:  # do not leave a half-started Chromium behind
                with contextlib.suppress(Exception):
                    self._run(browser.close(), timeout=30)
            self._stop_loop()
            if isinstance(exc, ImageError):
                raise
            raise ImageError(t("export.browser_failed", self._lang, error=_one_line(exc))) from exc
        self._browser = browser
        self._warm_up()

    def _warm_up(self) -> None:
        """Draw one throwaway figure with Latin and Hangul text, so the fonts are loaded
        before the first real figure is measured: measured earlier, tick labels come out
        too short and the source line would be placed over them."""
        probe = go.Figure(go.Bar(x=["Korea 한국"], y=[1]))
        probe.update_layout(title="AI 경쟁력 Competitiveness", font=dict(size=24))
        with contextlib.suppress(Exception):  # a failed warm-up only costs the benefit
            self._run(self._browser.calc_fig(probe, opts={"format": "svg", "width": 400,
                                                          "height": 300}))  # fmt: skip

    def close(self) -> None:
        if self._browser is not None:
            with contextlib.suppress(Exception):
                self._run(self._browser.close(), timeout=30)
            self._browser = None
        self._stop_loop()

    def _stop_loop(self) -> None:
        if self._loop is not None:
            with contextlib.suppress(Exception):  # let the browser's watchers end quietly
                self._run(_cancel_pending(), timeout=10)
            self._loop.call_soon_threadsafe(self._loop.stop)
            if self._thread is not None:
                self._thread.join(timeout=10)
            if not self._loop.is_running():
                self._loop.close()
        self._loop, self._thread = None, None

    def _run(self, coro: Any, timeout: float | None = None) -> Any:
        assert self._loop is not None
        future: Future = asyncio.run_coroutine_threadsafe(coro, self._loop)
        return future.result(timeout=timeout or self._timeout + 30)

    # rendering
    def render(
        self,
        fig: go.Figure,
        *,
        fmt: str = "png",
        width: int = MIN_WIDTH,
        height: int = 1080,
        source: str = "",
        scale: float = 1.0,
    ) -> bytes:
        """The figure as PNG or SVG bytes, `width` x `height` px (times `scale` for PNG),
        with `source` drawn as a line below the plot."""
        if fmt not in ("png", "svg"):
            raise ValueError(f"format must be png or svg, not {fmt!r}")
        if self._browser is None:
            self.open()
        try:
            if source:
                fig = self._with_source(fig, source, width, height)
            opts = {"format": fmt, "width": width, "height": height, "scale": scale}
            data = self._run(self._browser.calc_fig(fig, opts=opts))
        except ImageError:
            raise
        except Exception as exc:
            raise ImageError(t("export.render_failed", self._lang, error=_one_line(exc))) from exc
        self.rendered += 1
        return bytes(data)

    def png(
        self,
        fig: go.Figure,
        *,
        width: int = MIN_WIDTH,
        height: int = 1080,
        source: str = "",
        scale: float = 1.0,
    ) -> bytes:
        return self.render(fig, fmt="png", width=width, height=height, source=source, scale=scale)

    def svg(
        self, fig: go.Figure, *, width: int = MIN_WIDTH, height: int = 1080, source: str = ""
    ) -> bytes:
        return self.render(fig, fmt="svg", width=width, height=height, source=source)

    def _with_source(self, fig: go.Figure, source: str, width: int, height: int) -> go.Figure:
        """A copy of `fig` with the source line as an annotation under the plot.

        Plotly places annotations relative to the plot area, whose bottom moves as the
        axis labels claim room (automargin). So the plot is first measured (a quick SVG
        in the same browser), then the bottom margin is set to what the labels took plus
        the source line's height, and the line goes right under the labels.
        """
        lines = wrap_source(source, width - 2 * SOURCE_PAD, SOURCE_FONT_SIZE)
        text_height = int(len(lines) * SOURCE_FONT_SIZE * 1.3) + 2 * SOURCE_PAD
        measured = go.Figure(fig)
        measured.update_layout(width=width, height=height)
        svg = bytes(
            self._run(
                self._browser.calc_fig(
                    measured, opts={"format": "svg", "width": width, "height": height}
                )
            )
        )
        left, bottom = plot_area_offsets(svg.decode("utf-8", "replace"), width, height)
        out = go.Figure(fig)
        margin = out.layout.margin
        out.update_layout(
            margin=dict(
                b=bottom + text_height,
                r=max(margin.r if margin.r is not None else 80, 24),
                l=margin.l if margin.l is not None else 80,
                t=margin.t if margin.t is not None else 100,
            )
        )
        out.add_annotation(
            text="<br>".join(html.escape(line, quote=False) for line in lines),
            xref="paper",
            yref="paper",
            x=0,
            y=0,
            xanchor="left",
            yanchor="top",
            xshift=-(left - SOURCE_PAD),
            yshift=-(bottom + SOURCE_PAD // 2),
            align="left",
            showarrow=False,
            font=dict(size=SOURCE_FONT_SIZE, color=SOURCE_COLOR),
        )
        return out


_PLOTCLIP = re.compile(r'<clipPath id="clip[^"]*xyplot"[^>]*><rect ([^>]*)/?>')
_PLOT_G = re.compile(
    r'<g class="overplot"><g class="xy" transform="translate\(([-\d.]+)[ ,]+([-\d.]+)\)"'
)
_ATTR = re.compile(r'(\w+)="([-\d.]+)"')


def plot_area_offsets(svg: str, width: int, height: int) -> tuple[int, int]:
    """(left, bottom): px from the image's left edge to the plot area, and from the
    plot area's bottom to the image's bottom, read from Plotly's SVG."""
    rect = _PLOTCLIP.search(svg)
    place = _PLOT_G.search(svg)
    if not rect or not place:  # no cartesian plot (empty figure): keep a small margin
        return 80, 80
    size = dict(_ATTR.findall(rect.group(1)))
    left, top = float(place.group(1)), float(place.group(2))
    bottom = height - (top + float(size.get("height", 0)))
    return max(0, round(left)), max(0, round(bottom))


# -- source lines ----------------------------------------------------------------------


def char_width(ch: str) -> float:
    """Rough advance of one character in ems (CJK full width, Latin about half)."""
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 1.0
    if ch in "il.,:;|' ":
        return 0.3
    if ch.isupper() or ch in "mwMW@%":
        return 0.68
    return 0.55


def text_width(text: str, font_size: float) -> float:
    return sum(char_width(c) for c in text) * font_size


def wrap_source(
    text: str, max_width: float, font_size: float, max_lines: int = MAX_SOURCE_LINES
) -> list[str]:
    """The source line broken into lines that fit `max_width` px, at most `max_lines`
    (the last one ends with an ellipsis if text had to be left out)."""
    words: list[str] = []
    for word in text.split(" "):  # a word wider than the line is cut into pieces
        while text_width(word, font_size) > max_width and len(word) > 1:
            cut = len(word) - 1
            while cut > 1 and text_width(word[:cut], font_size) > max_width:
                cut -= 1
            words.append(word[:cut])
            word = word[cut:]
        words.append(word)
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}" if current else word
        if current and text_width(candidate, font_size) > max_width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and text_width(last + " …", font_size) > max_width:
            last = last[:-1]
        lines[-1] = last.rstrip() + " …"
    return lines


def format_source(ref: SourceRef) -> str:
    """One source as the footnote shows it: publisher (date)."""
    return f"{ref.publisher} ({ref.published})" if ref.published else ref.publisher


def source_line(sources: Sequence[SourceRef], lang: str) -> str:
    """The line under a chart: "출처: A (2024-01-02); B (2025)"."""
    if not sources:
        return t("export.no_source", lang)
    return t(
        "export.source_line",
        lang,
        sources="; ".join(dict.fromkeys(format_source(s) for s in sources)),
    )


# -- one-shot helpers ------------------------------------------------------------------


def render_many(
    figures: Iterable[tuple[go.Figure, str]],
    *,
    fmt: str = "png",
    width: int = MIN_WIDTH,
    height: int = 1080,
    lang: str = "en",
) -> list[bytes]:
    """Several (figure, source line) pairs as images, all in one browser session."""
    with ImageSession(lang=lang) as session:
        return [
            session.render(fig, fmt=fmt, width=width, height=height, source=source)
            for fig, source in figures
        ]


async def _cancel_pending() -> None:
    tasks = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


def _one_line(exc: BaseException) -> str:
    first = exc.args[0] if exc.args and isinstance(exc.args[0], str) else str(exc)
    text = first.strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:300]


__all__ = [
    "MIN_WIDTH",
    "ChromiumMissing",
    "ImageError",
    "ImageSession",
    "chromium_available",
    "chromium_path",
    "chromium_reason",
    "format_source",
    "launch_browser",
    "plot_area_offsets",
    "render_many",
    "source_line",
    "wrap_source",
]
