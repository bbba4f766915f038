"""The forum deck: the story's slides as a 16:9 PowerPoint file, Korean or English.

    python -m dashboard.export --lang ko|en --out FILE.pptx [--query QUERY]
                               [--data DIR] [--story FILE] [--url BASE]

QUERY is a dashboard URL's query string (`lang=en&countries=KOR,USA`), read with
`dashboard.model.params.parse`. Each story slide becomes one slide: its title (the point),
the chart as a full-HD picture with the source line drawn in, the one-line takeaway and
a source footnote (publisher, date); the speaker notes hold the chart's caveat and the
full source list with titles and URLs. A closing slide lists every source used, beside
a QR code of the presentation of this view (BASE, the app's address: $DASHBOARD_URL,
else http://localhost:8501).

This module is the entry: `build_deck` runs the steps and `main` is the command line.
The steps live beside it: `slides` plans the slides, their views and their words (a
slide whose chart is not registered in `dashboard.charts.registry` yet is skipped with a
warning on stderr), `restyle` fits each chart figure to a slide picture, `images` draws
the pictures, `deck` lays the slides out with python-pptx, and `layout` holds the
geometry, type sizes and neutral colours they share.

`build_deck(data, story, lang, view_state)` returns the file's bytes (the app's download
button); only the CLI writes, and only to the target path: a temporary file in the same
folder, renamed over the target. Exit codes: 0 done, 1 bad data or story, 2 usage
(arguments, query, target path), 3 no Chromium or the images failed. Messages, never
tracebacks, for all of them.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
import tempfile
import urllib.parse
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from pptx import Presentation

from dashboard.base.i18n import LANGS, t
from dashboard.charts import registry
from dashboard.data.dataset import data_dir_from_env
from dashboard.data.load import Data, load
from dashboard.model import params, views
from dashboard.model.scenarios import whatif
from dashboard.outputs import deck
from dashboard.outputs.images import (
    ChromiumMissing,
    ImageError,
    ImageSession,
    chromium_available,
    chromium_reason,
)
from dashboard.outputs.layout import IMAGE_H, IMAGE_W
from dashboard.outputs.restyle import presentable
from dashboard.outputs.slides import PlannedSlide, closing_sources, plan
from dashboard.outputs.story import (
    DEFAULT_STORY,
    Story,
    StoryError,
    known_charts,
    load_story,
)

EXIT_OK, EXIT_BAD_INPUT, EXIT_USAGE, EXIT_IMAGES = 0, 1, 2, 3
DEFAULT_URL = "http://localhost:8501"  # the app's address when --url and $DASHBOARD_URL are not set

Report = Callable[[str], None]
# Called after each chart slide's picture is drawn (the slow step): slides done, slides
# to draw, and the title of the slide just drawn.
Progress = Callable[[int, int, str], None]


class DeckError(Exception):
    """The deck cannot be built from this data and story; the message says why."""


def _stderr(message: str) -> None:
    print(message, file=sys.stderr)


# -- the deck ---------------------------------------------------------------------------


def build_deck(
    data: Data,
    story: Story,
    lang: str,
    view_state: params.ViewState,
    *,
    session: ImageSession | None = None,
    report: Report = _stderr,
    progress: Progress | None = None,
    link: str = "",
) -> bytes:
    """The deck as .pptx bytes. All chart images are drawn in one browser session
    (`session`, or one opened here). Warnings (skipped slides, empty charts) go to
    `report`, by default stderr; `progress(done, total, title)` hears of each slide
    drawn. `link` (the presenter's view, absolute) goes on the last slide as a QR code.
    Raises `DeckError` (a chart failed for this story), `ChromiumMissing` or
    `ImageError`."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; expected one of {LANGS}")
    planned, skipped = plan(data, story, lang, view_state)
    for slide in skipped:
        report(t("export.skipped_chart", lang, n=slide.number, id=slide.id, chart=slide.chart))

    built: list[tuple[PlannedSlide, registry.ChartResult, list[views.SourceRef]]] = []
    for item in planned:
        try:
            result = registry.build(item.slide.chart, data, item.view)
        except Exception as exc:  # a story setting this chart cannot draw
            raise DeckError(
                t(
                    "export.chart_failed",
                    lang,
                    n=item.slide.number,
                    id=item.slide.id,
                    error=str(exc) or type(exc).__name__,
                )
            ) from exc
        if result.rows.empty:
            report(t("export.empty_chart", lang, n=item.slide.number, id=item.slide.id))
        built.append((item, result, views.sources_of(result.rows)))

    pngs: list[bytes] = []
    if built:
        own = session is None
        images = session if session is not None else ImageSession(lang=lang)
        try:
            for done, (item, result, _) in enumerate(built, start=1):
                # the slide's footnote carries the sources, not the picture
                pngs.append(
                    images.png(presentable(result.figure.checked()), width=IMAGE_W, height=IMAGE_H)
                )
                if progress is not None:
                    progress(done, len(built), item.slide.title(lang))
        finally:
            if own:
                images.close()

    charts = [
        (item, result, sources, png)
        for (item, result, sources), png in zip(built, pngs, strict=True)
    ]
    return deck.render(charts, closing_sources(s for _, _, s in built), data, lang, link)


def presenter_link(base: str, state: params.ViewState, lang: str, page: str = "") -> str:
    """The presentation of this view from its first slide: what the deck's QR code opens."""
    shown = replace(state, lang=lang, present=True, slide=1, qr=False)
    return params.link(base, page, params.encode(shown))


# -- writing ---------------------------------------------------------------------------


class UsageError(Exception):
    """Bad arguments: the message says which."""


def target_path(
    out: str | os.PathLike,
    lang: str = "en",
    *,
    suffixes: tuple[str, ...] = (".pptx",),
    suffix_key: str = "export.out_suffix",
) -> Path:
    """The resolved file to write; refuses a folder, a missing folder, a name without one
    of `suffixes` (the deck's .pptx; the briefing passes its own and its message)."""
    path = Path(out).expanduser().resolve()
    if path.is_dir():
        raise UsageError(t("export.out_is_dir", lang, path=path))
    if path.suffix.lower() not in suffixes:
        raise UsageError(t(suffix_key, lang, path=path))
    if not path.parent.is_dir():
        raise UsageError(t("export.out_no_folder", lang, path=path.parent))
    return path


def write_atomic(content: bytes, out: str | os.PathLike, lang: str = "en", **suffixes) -> Path:
    """Write `content` to `out` through a temporary file in the same folder, renamed
    over the target, so a reader never sees half a file and nothing else is touched.
    `suffixes` as `target_path` takes them."""
    path = target_path(out, lang, **suffixes)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return path


# -- command line -------------------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # usage errors: message and exit 2, no traceback
        self.print_usage(sys.stderr)
        print(f"{self.prog}: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def parse_query(query: str, data: Data, lang: str) -> params.ViewState:
    """The view a query string (or a whole pasted link) describes; `UsageError` naming
    every parameter it could not use."""
    if "://" in query:  # a whole dashboard link was pasted: keep its query part
        query = urllib.parse.urlsplit(query).query
    raw = urllib.parse.parse_qs(query.lstrip("?"), keep_blank_values=True)
    state, notices = whatif.parse_link(raw, data)
    if notices:
        raise UsageError(
            "\n".join(
                t("export.query_problem", lang, param=n.param, reason=n.reason) for n in notices
            )
        )
    if "lang" in raw and state.lang != lang:
        _stderr(t("export.lang_mismatch", lang, query=state.lang, lang=lang))
    return state


def main(argv: list[str] | None = None) -> int:
    parser = _Parser(
        prog="python -m dashboard.export", description=__doc__.split("\n\n")[0] if __doc__ else None
    )
    parser.add_argument("--lang", required=True, choices=LANGS, help="language of the deck")
    parser.add_argument("--out", required=True, help="the .pptx file to write")
    parser.add_argument(
        "--query", default="", help="dashboard URL query, e.g. 'countries=KOR,USA&scale=log'"
    )
    parser.add_argument("--data", help="data folder (default: $DASHBOARD_DATA_DIR or data/)")
    parser.add_argument(
        "--url",
        default=os.environ.get("DASHBOARD_URL", DEFAULT_URL),
        help="the app's address, for the QR code on the last slide ($DASHBOARD_URL)",
    )
    parser.add_argument(
        "--story",
        default=str(DEFAULT_STORY),
        help="story file (default: data/story.yaml in the repository)",
    )
    args = parser.parse_args(argv)
    lang = args.lang
    try:
        out = target_path(args.out, lang)
    except UsageError as exc:
        _stderr(str(exc))
        return EXIT_USAGE

    data = load(Path(args.data) if args.data else data_dir_from_env())
    errors = [p for p in data.problems if p.severity == "error"]
    if errors:
        _stderr(t("export.data_errors", lang, n=len(errors)))
        for problem in errors[:20]:
            _stderr(f"  {problem.format(lang)}")
        return EXIT_BAD_INPUT
    if data.problems:
        _stderr(t("export.data_warnings", lang, n=len(data.problems)))

    try:
        state = parse_query(args.query, data, lang)
    except UsageError as exc:
        _stderr(str(exc))
        return EXIT_USAGE

    try:
        story = load_story(
            args.story,
            known_charts=known_charts(),
            entities=list(data.entities["id"]),
            metrics=list(data.metrics["metric"]) if "metric" in data.metrics else None,
            sliders=whatif.url_sliders(data),
            presets=whatif.url_presets(data),
        )
    except StoryError as exc:
        _stderr(t("export.story_problems", lang, n=len(exc.problems)))
        for line in exc.lines(lang):
            _stderr(f"  {line}")
        return EXIT_BAD_INPUT

    if not chromium_available() and plan(data, story, lang, state)[0]:
        _stderr(chromium_reason(lang))
        return EXIT_IMAGES

    def slide_drawn(done: int, total: int, title: str) -> None:
        _stderr(t("export.progress", lang, n=done, total=total, title=title))

    try:
        link = presenter_link(args.url.rstrip("/"), state, lang)
        deck = build_deck(data, story, lang, state, progress=slide_drawn, link=link)
    except DeckError as exc:
        _stderr(str(exc))
        return EXIT_BAD_INPUT
    except (ChromiumMissing, ImageError) as exc:
        _stderr(str(exc))
        return EXIT_IMAGES
    try:
        written = write_atomic(deck, out, lang)
    except UsageError as exc:
        _stderr(str(exc))
        return EXIT_USAGE
    except OSError as exc:
        _stderr(t("export.write_failed", lang, path=out, error=exc.strerror or exc))
        return EXIT_USAGE
    count = len(Presentation(io.BytesIO(deck)).slides)
    print(t("export.wrote", lang, path=written, slides=count))
    return EXIT_OK
