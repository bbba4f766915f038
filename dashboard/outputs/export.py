"""The forum deck: the story's slides as a 16:9 PowerPoint file, Korean or English.

    python -m dashboard.export --lang ko|en --out FILE.pptx [--query QUERY]
                               [--data DIR] [--story FILE]

QUERY is a dashboard URL's query string (`lang=en&countries=KOR,USA`), read with
`dashboard.params.parse`. Each story slide becomes one slide: its title (the point),
the chart as a full-HD picture with the source line drawn in, the one-line takeaway and
a source footnote (publisher, date); the speaker notes hold the chart's caveat and the
full source list with titles and URLs. A closing slide lists every source used.

Which entities and settings a slide's chart uses: the slide's own `countries` and
`settings` first, then the view state's (the query), then the data's defaults.
A slide whose chart is not registered in `dashboard.figures` yet is skipped with a
warning on stderr.

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
import math
import os
import re
import sys
import tempfile
import unicodedata
import urllib.parse
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import plotly.graph_objects as go
from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Inches, Pt

from dashboard.base.i18n import LANGS, t
from dashboard.charts import figures
from dashboard.charts.primitives import Style
from dashboard.data.dataset import data_dir_from_env
from dashboard.data.load import HOME, Data, load
from dashboard.model import params, views
from dashboard.model.scenarios import whatif
from dashboard.outputs.images import (
    MIN_WIDTH,
    ChromiumMissing,
    ImageError,
    ImageSession,
    char_width,
    chromium_available,
    chromium_reason,
    format_source,
    source_line,
    text_width,
)
from dashboard.outputs.story import (
    DEFAULT_STORY,
    Slide,
    Story,
    StoryError,
    known_charts,
    load_story,
)

EXIT_OK, EXIT_BAD_INPUT, EXIT_USAGE, EXIT_IMAGES = 0, 1, 2, 3

# Geometry of a 16:9 slide (13.333 x 7.5 in), in inches.
SLIDE_W, SLIDE_H = 40 / 3, 7.5
MARGIN = 0.5
CONTENT_W = SLIDE_W - 2 * MARGIN
TITLE_TOP, TITLE_H = 0.3, 0.95
PICTURE_TOP, PICTURE_H = 1.3, 4.75
TAKEAWAY_TOP, TAKEAWAY_H = 6.1, 0.8
FOOT_TOP, FOOT_H = 6.95, 0.45
IMAGE_W = MIN_WIDTH  # px; the picture fills the content width
IMAGE_H = round(IMAGE_W * PICTURE_H / CONTENT_W)
# Chart type on the slide: 24 px at 1920 wide is >= 20 px once the picture is scaled
# to the content width of a full-HD slide.
SLIDE_STYLE = Style(font_size=24, height=IMAGE_H)

FONT = "Malgun Gothic"  # Korean Windows' UI font; LibreOffice falls back to Noto CJK
INK = RGBColor(0x11, 0x11, 0x11)
MUTED = RGBColor(0x55, 0x55, 0x55)
ACCENT = RGBColor(0x00, 0x72, 0xB2)  # Korea's colour in every chart
TEXT_LANG = {"ko": "ko-KR", "en": "en-US"}
FOOT_MAX_CHARS = 230  # about two lines of footnote; the rest is in the notes
_MARKDOWN = re.compile(r"\*\*|__|`")
_FLOAT_YEAR = re.compile(r"\b((?:19|20)\d\d)\.0\b")

Report = Callable[[str], None]


class DeckError(Exception):
    """The deck cannot be built from this data and story; the message says why."""


@dataclass(frozen=True)
class PlannedSlide:
    slide: Slide
    view: figures.View


def _stderr(message: str) -> None:
    print(message, file=sys.stderr)


def app_labels(lang: str) -> dict[str, str]:
    """The words of the app's export controls (the Streamlit layer draws them):
    `unavailable` is empty when images can be drawn, else why not."""
    return {
        "button": t("export.button", lang),
        "building": t("export.building", lang),
        "png": t("export.image_png", lang),
        "svg": t("export.image_svg", lang),
        "unavailable": chromium_reason(lang),
    }


def slide_view(slide: Slide, data: Data, lang: str, state: params.ViewState) -> figures.View:
    """The chart view of one slide: the slide's choices, then the view state's, then
    the data's defaults."""
    known = set(data.entities["id"])
    countries = (
        slide.countries
        or tuple(c for c in state.countries if c in known)
        or tuple(data.default_countries())
    )
    settings: dict[str, object] = {
        "scale": state.scale,
        "basis": state.basis,
        "focus": state.focus if state.focus in known else HOME,
    }
    settings.update(slide.view_settings())
    settings.update(slide.scenario_view(state.scenario))
    return figures.View(lang=lang, countries=tuple(countries), style=SLIDE_STYLE, **settings)


def plan(
    data: Data, story: Story, lang: str, state: params.ViewState
) -> tuple[list[PlannedSlide], list[Slide]]:
    """The slides the deck will have (with their views) and those skipped because their
    chart is not registered yet."""
    kept, skipped = [], []
    for slide in story.slides:
        if slide.chart in figures.CHARTS:
            kept.append(PlannedSlide(slide, slide_view(slide, data, lang, state)))
        else:
            skipped.append(slide)
    return kept, skipped


# -- text helpers -------------------------------------------------------------------------


def _plain(text: str) -> str:
    return " ".join(_MARKDOWN.sub("", text).split())


def _style_run(run, lang: str, size: float, *, bold: bool = False, color: RGBColor = INK) -> None:
    font = run.font
    font.size = Pt(size)
    font.bold = bold
    font.color.rgb = color
    font.name = FONT
    rpr = run._r.get_or_add_rPr()
    rpr.set("lang", TEXT_LANG[lang])
    if rpr.find(qn("a:ea")) is None:  # Hangul uses the east-Asian typeface slot
        ea = etree.SubElement(rpr, qn("a:ea"))
        ea.set("typeface", FONT)
        rpr.find(qn("a:latin")).addnext(ea)


def _textbox(slide, left: float, top: float, width: float, height: float, *, anchor=MSO_ANCHOR.TOP):
    box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    frame = box.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.vertical_anchor = anchor
    frame.margin_left = frame.margin_right = Inches(0.05)
    frame.margin_top = frame.margin_bottom = Inches(0.02)
    return box


def _fit_size(
    text: str, width_in: float, options: Sequence[tuple[float, int]], *, bold: bool = False
) -> float:
    """The first font size (pt) of `options` (size, most lines) at which `text` wraps
    into that many lines. Latin widths are the chart estimate scaled by what LibreOffice's
    fallback fonts measured (wider still in bold), with a margin; Hangul is one em."""
    width_pt = (width_in - 0.1) * 72
    factor = 1.25 if bold else 1.12
    wide = sum(1 for c in text if unicodedata.east_asian_width(c) in ("W", "F"))
    narrow_em = sum(char_width(c) for c in text) - wide
    for size, lines in options:
        if math.ceil((wide + narrow_em * factor) * size / width_pt) <= lines:
            return size
    return options[-1][0]


TITLE_SIZES = ((32, 1), (28, 2), (26, 2), (24, 2), (22, 2), (20, 3))
TAKEAWAY_SIZES = ((22, 2), (20, 2), (18, 2), (16, 3))
FOOT_SIZES = ((12, 2), (11, 2), (10, 2))


def _footnote(sources: list[views.SourceRef], lang: str) -> str:
    """Publisher and date of each source, cut to about two lines; the notes have all."""
    if not sources:
        return t("export.no_source", lang)
    names = list(dict.fromkeys(format_source(s) for s in sources))
    shown: list[str] = []
    for i, name in enumerate(names):
        rest = len(names) - i - 1
        candidate = "; ".join([*shown, name])
        if shown and len(candidate) > FOOT_MAX_CHARS - (25 if rest else 0):
            more = t("export.more_sources", lang, n=len(names) - len(shown))
            return t("export.source_line", lang, sources="; ".join(shown)) + " " + more
        shown.append(name)
    return t("export.source_line", lang, sources="; ".join(shown))


def _source_entry(ref: views.SourceRef) -> str:
    parts = [format_source(ref)]
    if ref.title:
        parts.append(ref.title)
    if ref.url:
        parts.append(ref.url)
    return ". ".join(parts)


def _notes(
    planned: PlannedSlide,
    result: figures.ChartResult,
    sources: list[views.SourceRef],
    data: Data,
    lang: str,
) -> str:
    slide = planned.slide
    names = ", ".join(data.entity_name(e, lang) for e in planned.view.countries)
    lines = [slide.takeaway(lang), ""]
    if result.caption:
        lines += [f"{t('export.notes_caveat', lang)}: {_plain(result.caption)}", ""]
    lines += [
        t("export.notes_chart", lang, chart=slide.chart, countries=names),
        "",
        f"{t('export.notes_sources', lang)}:",
    ]
    lines += [f"- {_source_entry(s)}" for s in sources] or [f"- {t('export.no_source', lang)}"]
    return "\n".join(lines)


def _wrap_words(text: str, max_px: float, size: float) -> list[str]:
    lines: list[str] = []
    for word in text.split(" "):
        if lines and text_width(f"{lines[-1]} {word}", size) <= max_px:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def presentable(fig, style: Style = SLIDE_STYLE, width: int = IMAGE_W):
    """The figure adjusted for a slide picture, its content unchanged.

    - Bar charts label a bar "name · year · source"; at slide type size Plotly would
      tilt such labels and give them half the picture, so each part goes on its own
      line (long parts wrapped) when the bars are wide enough. Bars are overlaid rather
      than grouped by status (a label has one status), so each bar and its value label
      get the whole slot, and value labels never shrink below readable size.
    - Text placed right of a point (rank dots) gets room in the right margin.
    """
    out = go.Figure(fig)
    labelled = [tr for tr in out.data if tr.type == "scatter" and tr.textposition == "middle right"]
    if labelled:
        right = out.layout.margin.r if out.layout.margin.r is not None else 0
        out.update_layout(margin=dict(r=max(right, 10 * style.font_size)))
        for trace in labelled:
            trace.cliponaxis = False
    bars = [tr for tr in out.data if tr.type == "bar"]
    if not bars or len(bars) != len(out.data) or out.layout.xaxis.type not in (None, "category"):
        return out
    out.update_layout(barmode="overlay", uniformtext=dict(minsize=style.font_size - 4, mode="show"))
    order = [
        str(x)
        for x in (
            out.layout.xaxis.categoryarray if out.layout.xaxis.categoryarray is not None else ()
        )
    ]
    labels = list(
        dict.fromkeys(
            [
                *order,
                *(
                    str(x)
                    for tr in bars
                    for x in (tr.x if tr.x is not None else ())
                    if isinstance(x, str)
                ),
            ]
        )
    )
    if not labels:
        return out
    slot = (width - 220) / len(labels)
    if slot < 110:  # too narrow: leave Plotly's tilted labels
        return out
    size = style.font_size

    def wrap(label: object) -> object:
        if not isinstance(label, str):  # legend-only traces draw at x=None
            return label
        label = _FLOAT_YEAR.sub(r"\1", label)  # "2024.0–2030" -> "2024–2030"
        return "<br>".join(
            line for part in label.split(" · ") for line in _wrap_words(part, slot * 0.92, size)
        )

    for trace in out.data:
        if trace.x is not None:
            trace.x = [wrap(x) for x in trace.x]
    if order:
        out.update_xaxes(categoryarray=[wrap(x) for x in order])
    out.update_xaxes(tickangle=0)
    return out


# -- slides ---------------------------------------------------------------------------


def _new_deck(lang: str):
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(SLIDE_W), Inches(SLIDE_H)
    props = prs.core_properties
    props.title = t("export.deck_title", lang)
    props.language = TEXT_LANG[lang]
    props.author = t("export.deck_author", lang)
    return prs


def _title(slide, text: str, lang: str) -> None:
    shape = slide.shapes.title
    shape.left, shape.top = Inches(MARGIN), Inches(TITLE_TOP)
    shape.width, shape.height = Inches(CONTENT_W), Inches(TITLE_H)
    frame = shape.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    frame.text = ""
    para = frame.paragraphs[0]
    para.alignment = PP_ALIGN.LEFT
    run = para.add_run()
    run.text = text
    _style_run(run, lang, _fit_size(text, CONTENT_W, TITLE_SIZES, bold=True), bold=True)


def _slide_number(slide, n: int, total: int, lang: str) -> None:
    box = _textbox(slide, SLIDE_W - MARGIN - 1.0, FOOT_TOP, 1.0, FOOT_H)
    box.name = "Slide number"
    para = box.text_frame.paragraphs[0]
    para.alignment = PP_ALIGN.RIGHT
    run = para.add_run()
    run.text = t("export.slide_number", lang, n=n, total=total)
    _style_run(run, lang, 12, color=MUTED)


def _chart_slide(
    prs,
    planned: PlannedSlide,
    result: figures.ChartResult,
    png: bytes,
    sources: list[views.SourceRef],
    data: Data,
    lang: str,
    n: int,
    total: int,
) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[5])  # "Title Only": a real title
    story = planned.slide
    _title(slide, story.title(lang), lang)

    pic = slide.shapes.add_picture(
        io.BytesIO(png),
        Inches(MARGIN),
        Inches(PICTURE_TOP),
        width=Inches(CONTENT_W),
        height=Inches(PICTURE_H),
    )
    pic.name = f"Chart {story.id}"
    pic._element.nvPicPr.cNvPr.set(  # alt text: travels with the picture when copied
        "descr", f"{story.title(lang)} {story.takeaway(lang)} {source_line(sources, lang)}"
    )

    bar = slide.shapes.add_shape(
        MSO_SHAPE.RECTANGLE,
        Inches(MARGIN),
        Inches(TAKEAWAY_TOP + 0.08),
        Inches(0.08),
        Inches(TAKEAWAY_H - 0.16),
    )
    bar.fill.solid()
    bar.fill.fore_color.rgb = ACCENT
    bar.line.fill.background()
    bar.name = "Takeaway marker"
    takeaway = story.takeaway(lang)
    box = _textbox(
        slide, MARGIN + 0.2, TAKEAWAY_TOP, CONTENT_W - 0.2, TAKEAWAY_H, anchor=MSO_ANCHOR.MIDDLE
    )
    box.name = "Takeaway"
    run = box.text_frame.paragraphs[0].add_run()
    run.text = takeaway
    _style_run(run, lang, _fit_size(takeaway, CONTENT_W - 0.2, TAKEAWAY_SIZES), color=INK)

    foot = _textbox(slide, MARGIN, FOOT_TOP, CONTENT_W - 1.1, FOOT_H)
    foot.name = "Source footnote"
    text = _footnote(sources, lang)
    run = foot.text_frame.paragraphs[0].add_run()
    run.text = text
    _style_run(run, lang, _fit_size(text, CONTENT_W - 1.1, FOOT_SIZES), color=MUTED)
    _slide_number(slide, n, total, lang)

    slide.notes_slide.notes_text_frame.text = _notes(planned, result, sources, data, lang)


def _closing_layout(entries: list[str], width_in: float, height_in: float) -> tuple[int, float]:
    """(columns, font size) at which the source list fits the area."""
    for size in (14, 12, 11, 10, 9, 8, 7):
        for columns in (1, 2, 3):
            col_pt = (width_in - 0.25 * (columns - 1)) / columns * 72 * 0.94
            lines = [max(1, math.ceil(text_width(e, size) / col_pt)) for e in entries]
            per_col = math.ceil(len(entries) / columns)
            # fill columns in order; the tallest column must fit
            tallest = max(sum(lines[i : i + per_col]) for i in range(0, len(lines), per_col))
            height_pt = tallest * size * 1.2 + per_col * size * 0.35
            if height_pt <= height_in * 72:
                return columns, size
    return 3, 7


def _closing_slide(prs, sources: list[views.SourceRef], lang: str, n: int, total: int) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    _title(slide, t("export.closing_title", lang), lang)
    intro = _textbox(slide, MARGIN, TITLE_TOP + TITLE_H, CONTENT_W, 0.45)
    run = intro.text_frame.paragraphs[0].add_run()
    run.text = t("export.closing_intro", lang)
    _style_run(run, lang, 14, color=MUTED)

    top = TITLE_TOP + TITLE_H + 0.5
    height = FOOT_TOP - top
    entries = [f"{format_source(s)}: {s.title}" if s.title else format_source(s) for s in sources]
    if not entries:
        entries = [t("export.no_source", lang)]
    columns, size = _closing_layout(entries, CONTENT_W, height)
    per_col = math.ceil(len(entries) / columns)
    col_w = (CONTENT_W - 0.25 * (columns - 1)) / columns
    for c in range(columns):
        chunk = list(range(c * per_col, min(len(entries), (c + 1) * per_col)))
        if not chunk:
            continue
        box = _textbox(slide, MARGIN + c * (col_w + 0.25), top, col_w, height)
        box.name = f"Sources {c + 1}"
        frame = box.text_frame
        for k, i in enumerate(chunk):
            para = frame.paragraphs[0] if k == 0 else frame.add_paragraph()
            para.space_after = Pt(size * 0.35)
            run = para.add_run()
            run.text = entries[i]
            _style_run(run, lang, size)
            if i < len(sources) and sources[i].url:
                run.hyperlink.address = sources[i].url
    _slide_number(slide, n, total, lang)
    slide.notes_slide.notes_text_frame.text = "\n".join(
        [f"{t('export.notes_sources', lang)}:"] + [f"- {_source_entry(s)}" for s in sources]
    )


# -- the deck ---------------------------------------------------------------------------


def build_deck(
    data: Data,
    story: Story,
    lang: str,
    view_state: params.ViewState,
    *,
    session: ImageSession | None = None,
    report: Report = _stderr,
) -> bytes:
    """The deck as .pptx bytes. All chart images are drawn in one browser session
    (`session`, or one opened here). Warnings (skipped slides, empty charts) go to
    `report`, by default stderr. Raises `DeckError` (a chart failed for this story),
    `ChromiumMissing` or `ImageError`."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; expected one of {LANGS}")
    planned, skipped = plan(data, story, lang, view_state)
    for slide in skipped:
        report(t("export.skipped_chart", lang, n=slide.number, id=slide.id, chart=slide.chart))

    built: list[tuple[PlannedSlide, figures.ChartResult, list[views.SourceRef]]] = []
    for item in planned:
        try:
            result = figures.build(item.slide.chart, data, item.view)
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
            for _, result, _ in built:  # the slide's footnote carries the sources
                pngs.append(images.png(presentable(result.figure), width=IMAGE_W, height=IMAGE_H))
        finally:
            if own:
                images.close()

    prs = _new_deck(lang)
    total = len(built) + 1
    everything: dict[tuple[str, str, str, str], views.SourceRef] = {}
    for n, ((item, result, sources), png) in enumerate(zip(built, pngs, strict=True), 1):
        _chart_slide(prs, item, result, png, sources, data, lang, n, total)
        for s in sources:
            everything.setdefault((s.publisher, s.published, s.title, s.url), s)
    all_sources = sorted(everything.values(), key=lambda s: (s.publisher.casefold(), s.published))
    _closing_slide(prs, all_sources, lang, total, total)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


# -- writing ---------------------------------------------------------------------------


class UsageError(Exception):
    """Bad arguments: the message says which."""


def target_path(out: str | os.PathLike, lang: str = "en") -> Path:
    """The resolved file to write; refuses a folder, a missing folder, a non-.pptx name."""
    path = Path(out).expanduser().resolve()
    if path.is_dir():
        raise UsageError(t("export.out_is_dir", lang, path=path))
    if path.suffix.lower() != ".pptx":
        raise UsageError(t("export.out_suffix", lang, path=path))
    if not path.parent.is_dir():
        raise UsageError(t("export.out_no_folder", lang, path=path.parent))
    return path


def write_atomic(content: bytes, out: str | os.PathLike, lang: str = "en") -> Path:
    """Write `content` to `out` through a temporary file in the same folder, renamed
    over the target, so a reader never sees half a file and nothing else is touched."""
    path = target_path(out, lang)
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


def _parse_query(query: str, data: Data, lang: str) -> params.ViewState:
    if "://" in query:  # a whole dashboard link was pasted: keep its query part
        query = urllib.parse.urlsplit(query).query
    raw = urllib.parse.parse_qs(query.lstrip("?"), keep_blank_values=True)
    state, notices = params.parse(
        raw, entities=list(data.entities["id"]), sliders=whatif.url_sliders(data)
    )
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
        state = _parse_query(args.query, data, lang)
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
        )
    except StoryError as exc:
        _stderr(t("export.story_problems", lang, n=len(exc.problems)))
        for line in exc.lines(lang):
            _stderr(f"  {line}")
        return EXIT_BAD_INPUT

    if not chromium_available() and plan(data, story, lang, state)[0]:
        _stderr(chromium_reason(lang))
        return EXIT_IMAGES
    try:
        deck = build_deck(data, story, lang, state)
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
