"""The briefing document (보고서) of a view: HWPX (Hangul) or DOCX (Word), Korean or
English.

    python -m dashboard.brief --lang ko|en --out FILE.hwpx|FILE.docx [--query QUERY]
                              [--page PAGE] [--url BASE] [--data DIR]

QUERY is a dashboard URL's query string, or a whole link (whose path then names the page);
PAGE is the page briefed (overview, compute, companies, rankings, investment, whatif; the
overview by default); BASE is the app's address the briefing's link starts with
($DASHBOARD_URL, else http://localhost:8501). The format comes from the file's suffix.

This module is the entry: `build_brief` runs the steps and `main` is the command line.
`briefing` decides the words, `images` draws the chart picture (one Chromium), and
`brief_hwpx` or `brief_docx` lays the page out. Only the CLI writes, atomically, to the
target (`export.write_atomic`). Exit codes as the deck's: 0 done, 1 bad data, 2 usage
(arguments, query, target path), 3 no Chromium or the picture failed. Messages, never
tracebacks.
"""

from __future__ import annotations

import os
import sys
import urllib.parse
from pathlib import Path

from dashboard.base.i18n import LANGS, t
from dashboard.data.dataset import data_dir_from_env
from dashboard.data.load import Data, load
from dashboard.model import params
from dashboard.outputs import brief_docx, brief_hwpx, briefing, export
from dashboard.outputs.images import (
    ChromiumMissing,
    ImageError,
    ImageSession,
    chromium_available,
    chromium_reason,
)

FORMATS = ("hwpx", "docx")
MIME = {
    "hwpx": "application/hwp+zip",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
RENDER = {"hwpx": brief_hwpx.render, "docx": brief_docx.render}
EXIT_OK, EXIT_BAD_INPUT, EXIT_USAGE, EXIT_IMAGES = 0, 1, 2, 3


def chart_png(
    brief: briefing.Briefing, session: ImageSession | None = None
) -> tuple[bytes, tuple[int, int]]:
    """The main chart as a PNG with its source line, at the briefing's width and at least
    its height (a chart with many bars keeps the height it grew to)."""
    assert brief.chart is not None
    figure = brief.chart.result.figure.checked()
    size = (briefing.IMAGE_W, max(briefing.IMAGE_H, int(figure.layout.height or 0)))
    own = session is None
    images = session if session is not None else ImageSession(lang=brief.lang)
    try:
        png = images.png(figure, width=size[0], height=size[1], source=brief.chart.source_line)
    finally:
        if own:
            images.close()
    return png, size


def build_brief(
    data: Data,
    lang: str,
    state: params.ViewState,
    page: str = briefing.DEFAULT_PAGE,
    fmt: str = "hwpx",
    *,
    base: str = "",
    session: ImageSession | None = None,
) -> bytes:
    """The briefing of `page` in the view `state` as .hwpx or .docx bytes. The chart is
    drawn in `session` or in a Chromium opened here; raises `ChromiumMissing` or
    `ImageError` when it cannot be."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; expected one of {LANGS}")
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {FORMATS}")
    return render(briefing.plan(data, lang, state, page, base=base), fmt, session=session)


def render(brief: briefing.Briefing, fmt: str, *, session: ImageSession | None = None) -> bytes:
    """A planned briefing as a file's bytes, its chart drawn (see `build_brief`)."""
    png, size = chart_png(brief, session) if brief.chart is not None else (None, (1, 1))
    return RENDER[fmt](brief, png, size)


def file_name(page: str, lang: str, fmt: str) -> str:
    return f"ai-dashboard-brief-{briefing.briefing_page(page)}-{lang}.{fmt}"


# -- command line -------------------------------------------------------------------------


def _stderr(message: str) -> None:
    print(message, file=sys.stderr)


def page_of(query: str, page: str | None) -> str:
    """The page briefed: `--page`, else the path of a pasted link, else the overview."""
    if page:
        return page
    if "://" in query:
        path = urllib.parse.urlsplit(query).path.rstrip("/").rsplit("/", 1)[-1]
        if path in briefing.PAGES:
            return path
    return briefing.DEFAULT_PAGE


def main(argv: list[str] | None = None) -> int:
    parser = export._Parser(
        prog="python -m dashboard.brief", description=__doc__.split("\n\n")[0] if __doc__ else None
    )
    parser.add_argument("--lang", required=True, choices=LANGS, help="language of the briefing")
    parser.add_argument("--out", required=True, help="the .hwpx or .docx file to write")
    parser.add_argument("--query", default="", help="dashboard URL query, or a whole link")
    parser.add_argument("--page", choices=briefing.PAGES, help="the page briefed")
    parser.add_argument(
        "--url",
        default=os.environ.get("DASHBOARD_URL", export.DEFAULT_URL),
        help="the app's address for the briefing's link ($DASHBOARD_URL)",
    )
    parser.add_argument("--data", help="data folder (default: $DASHBOARD_DATA_DIR or data/)")
    args = parser.parse_args(argv)
    lang = args.lang
    suffixes = dict(suffixes=tuple(f".{f}" for f in FORMATS), suffix_key="brief.out_suffix")
    try:
        out = export.target_path(args.out, lang, **suffixes)
    except export.UsageError as exc:
        _stderr(str(exc))
        return EXIT_USAGE

    data = load(Path(args.data) if args.data else data_dir_from_env())
    errors = [p for p in data.problems if p.severity == "error"]
    if errors:
        _stderr(t("export.data_errors", lang, n=len(errors)))
        for problem in errors[:20]:
            _stderr(f"  {problem.format(lang)}")
        return EXIT_BAD_INPUT
    try:
        state = export.parse_query(args.query, data, lang)
    except export.UsageError as exc:
        _stderr(str(exc))
        return EXIT_USAGE
    if not chromium_available():
        _stderr(chromium_reason(lang))
        return EXIT_IMAGES

    page, fmt = page_of(args.query, args.page), out.suffix.lower().lstrip(".")
    brief = briefing.plan(data, lang, state, page, base=args.url.rstrip("/"))
    try:
        content = render(brief, fmt)
    except (ChromiumMissing, ImageError) as exc:
        _stderr(str(exc))
        return EXIT_IMAGES
    try:
        written = export.write_atomic(content, out, lang, **suffixes)
    except OSError as exc:
        _stderr(t("export.write_failed", lang, path=out, error=exc.strerror or exc))
        return EXIT_USAGE
    print(t("brief.wrote", lang, path=written, points=len(brief.points), notes=brief.sources))
    return EXIT_OK
