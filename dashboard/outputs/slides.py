"""What the deck says, planned from the story: which slides it has, the chart view of
each, and the words around the charts (footnote, alt text, speaker notes, the closing
list of sources).

Which entities and settings a slide's chart uses: the slide's own `countries` and
`settings` first, then the view state's (the query), then the data's defaults. A slide
whose chart is not registered in `dashboard.charts.registry` yet is left out of the plan
and returned as skipped. The app's presentation mode uses `slide_view` too, so the
projector shows what the deck hands out.

Plain Python over the story, the data and the chart results: nothing here builds a
chart, draws an image, lays out or writes a file (`export` and `deck` do).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from dashboard.base import safe
from dashboard.base.i18n import t
from dashboard.charts import alt_text as chart_alt_text
from dashboard.charts import registry
from dashboard.data.load import HOME, Data
from dashboard.model import params, views
from dashboard.outputs.images import format_source, source_line
from dashboard.outputs.layout import SLIDE_STYLE
from dashboard.outputs.story import Slide, Story

# Notes list sources as "• …", not "- …": pasted into a spreadsheet, a dash starts a formula.
BULLET = "• "
FOOT_MAX_CHARS = 230  # about two lines of footnote; the rest is in the notes
_MARKDOWN = re.compile(r"\*\*|__|`")


@dataclass(frozen=True)
class PlannedSlide:
    slide: Slide
    view: registry.View


def slide_view(slide: Slide, data: Data, lang: str, state: params.ViewState) -> registry.View:
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
        "events": state.events,
    }
    settings.update(slide.view_settings())
    settings.update(preset=state.preset)  # the link's path, unless the slide names one
    settings.update(slide.scenario_view(state.scenario))
    return registry.View(lang=lang, countries=tuple(countries), style=SLIDE_STYLE, **settings)


def plan(
    data: Data, story: Story, lang: str, state: params.ViewState
) -> tuple[list[PlannedSlide], list[Slide]]:
    """The slides the deck will have (with their views) and those skipped because their
    chart is not registered yet."""
    kept, skipped = [], []
    for slide in story.slides:
        if slide.chart in registry.CHARTS:
            kept.append(PlannedSlide(slide, slide_view(slide, data, lang, state)))
        else:
            skipped.append(slide)
    return kept, skipped


# -- words on and under a chart slide -------------------------------------------------------


def _plain(text: str) -> str:
    return " ".join(_MARKDOWN.sub("", text).split())


def footnote(sources: list[views.SourceRef], lang: str) -> str:
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


def alt_text(
    slide: Slide, result: registry.ChartResult, sources: Sequence[views.SourceRef], lang: str
) -> str:
    """The chart picture's alt text: the slide's title and takeaway, the chart's own text
    alternative (its title and what it shows, as on the page) and the source line."""
    chart = chart_alt_text.describe(result, lang)
    return f"{slide.title(lang)} {slide.takeaway(lang)} {chart} {source_line(sources, lang)}"


def source_entry(ref: views.SourceRef) -> str:
    parts = [format_source(ref)]
    if ref.title:
        parts.append(ref.title)
    if ref.url:
        parts.append(ref.url)
    return ". ".join(parts)


def notes(
    planned: PlannedSlide,
    result: registry.ChartResult,
    sources: list[views.SourceRef],
    data: Data,
    lang: str,
) -> str:
    """A chart slide's speaker notes: the takeaway, the chart's caveat, what the chart
    shows for whom, and every source with its title and URL."""
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
    lines += [f"{BULLET}{source_entry(s)}" for s in sources] or [
        f"{BULLET}{t('export.no_source', lang)}"
    ]
    return safe.neutralise("\n".join(lines))


# -- the closing slide ----------------------------------------------------------------------


def closing_sources(per_slide: Iterable[Iterable[views.SourceRef]]) -> list[views.SourceRef]:
    """Every source of the chart slides, once each, by publisher then date."""
    everything: dict[tuple[str, str, str, str], views.SourceRef] = {}
    for sources in per_slide:
        for s in sources:
            everything.setdefault((s.publisher, s.published, s.title, s.url), s)
    return sorted(everything.values(), key=lambda s: (s.publisher.casefold(), s.published))


def closing_entries(sources: list[views.SourceRef], lang: str) -> list[str]:
    """One line per source on the closing slide (publisher, date, title)."""
    entries = [f"{format_source(s)}: {s.title}" if s.title else format_source(s) for s in sources]
    return entries or [t("export.no_source", lang)]


def closing_notes(sources: list[views.SourceRef], lang: str) -> str:
    lines = [
        f"{t('export.notes_sources', lang)}:",
        *(f"{BULLET}{source_entry(s)}" for s in sources),
    ]
    return safe.neutralise("\n".join(lines))
