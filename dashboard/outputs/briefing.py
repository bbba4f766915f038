"""What a briefing document (보고서) says about one view, decided in words: its title and
data release, the key points in the house hierarchy (□ headline, ○ supporting, - detail),
the view's main chart, the table of the figures behind it, for the what-if page the
scenario's settings and outcome, the numbered notes citing every source, and the link that
reproduces the view.

The key points are the page's own words: the overview's cards (`dashboard.model.cards`)
for the topics a page shows, and on the what-if page the scenario comparison table's
columns (`dashboard.charts.whatif.tables.compare_table`). A country without a figure says
so ("no figure"); nothing is estimated. Notes are numbered in the order a source is first
cited, each source once (the citation is `citation.source_entry`, Korean-style in Korean).

Plain Python: nothing here draws an image, lays out a page or writes a file
(`brief_docx`, `brief_hwpx` and `brief` do).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

import pandas as pd

from dashboard.base import formatting as fmt
from dashboard.base.i18n import t
from dashboard.charts import alt_text, registry
from dashboard.charts.primitives import Style
from dashboard.charts.whatif import tables as whatif_tables
from dashboard.data.load import HOME, Data
from dashboard.model import cards, params, views
from dashboard.model.scenarios import whatif
from dashboard.outputs import citation
from dashboard.outputs.images import format_source, source_line

# The chart each page's briefing shows: the page's first, main chart. A page not listed
# (the Sources page) is briefed as the overview.
MAIN_CHARTS = {
    "overview": "gpu_gap",
    "compute": "compute_share",
    "companies": "companies_new_per_year",
    "rankings": "rankings_bump",
    "investment": "investment_private",
    "whatif": "whatif_buildout",
}
PAGES = tuple(MAIN_CHARTS)
# The measures a topic page's key points compare, as the overview's cards do: its headline
# measure, and on the compute page ownership beside location (its second chart).
POINT_METRICS = {
    "compute": (views.COMPARABLE_COMPUTE, views.OWNED_COMPUTE),
    **{topic: (metric,) for topic, metric in views.HEADLINE_METRICS.items() if topic != "compute"},
}
DEFAULT_PAGE = "overview"
# The chart picture: drawn at this size (wider pictures keep their height's ratio), type
# large enough to read at the text width of an A4 page (24 px on 1400 px over 16 cm is
# about 8 pt).
IMAGE_W, IMAGE_H = 1400, 900
STYLE = Style(font_size=24, height=IMAGE_H)
LEVELS = ("□", "○", "-")  # headline, supporting point, detail
# Percent-like slider units, written as a percentage in the settings table.
PERCENT_UNITS = ("fraction", "fraction_per_year")


# -- the parts -------------------------------------------------------------------------


@dataclass(frozen=True)
class Note:
    """A citation mark in the text: the note's number and whether this is where the note
    itself stands (its first citation); later citations repeat the number only."""

    number: int
    first: bool


# A run of text or a note mark; a paragraph is a sequence of them.
Segment = str | Note


@dataclass(frozen=True)
class Point:
    level: int  # index into LEVELS
    segments: tuple[Segment, ...]

    @property
    def text(self) -> str:
        """The point's words without its note marks."""
        return "".join(s for s in self.segments if isinstance(s, str))


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Chart:
    chart_id: str
    result: registry.ChartResult
    source_line: str  # drawn into the picture, as on every exported chart
    sources: tuple[Segment, ...]  # the line under the picture, with the note marks
    alt: str


@dataclass(frozen=True)
class Scenario:
    """The what-if page's scenario: a label saying it is one, its settings and outcome."""

    label: str
    settings: Table
    outcome: Table


@dataclass(frozen=True)
class Briefing:
    lang: str
    page: str
    title: str
    subtitle: str  # the view: the page and the countries
    release: str  # the data release the figures come from
    points: tuple[Point, ...]
    chart: Chart | None
    table: Table
    scenario: Scenario | None
    notes: tuple[str, ...]  # note n is notes[n - 1]: the citation of one source
    link: str
    headings: dict[str, str] = field(default_factory=dict)

    @property
    def sources(self) -> int:
        return len(self.notes)


class _Notes:
    """Sources numbered in the order they are first cited."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.numbers: dict[tuple[str, str, str, str], int] = {}
        self.entries: list[str] = []

    def cite(self, ref: views.SourceRef) -> Note:
        key = (ref.publisher, ref.published, ref.title, ref.url)
        if key in self.numbers:
            return Note(self.numbers[key], first=False)
        self.entries.append(citation.source_entry(ref, korean=self.lang == "ko"))
        self.numbers[key] = len(self.entries)
        return Note(len(self.entries), first=True)

    def marks(self, refs: Iterable[views.SourceRef]) -> list[Segment]:
        """ "— Publisher (date)¹, Other (date)²": each source named, then its note mark."""
        out: list[Segment] = []
        for i, ref in enumerate(refs):
            out += [", " if i else " — ", format_source(ref), self.cite(ref)]
        return out


# -- key points ----------------------------------------------------------------------------


def _card_sentence(card: cards.Card, lang: str, head: str = "") -> str:
    """A card as one sentence: "[head: ]name value (year · status · confidence · ...)"."""
    lead = f"{head}: " if head else ""
    if not card.has_figure:  # a gap: said so, with where the newest figure is
        why = f" ({' · '.join(card.facts)})" if card.facts else ""
        return f"{lead}{card.name}: {t('brief.no_figure', lang)}{why}"
    return f"{lead}{card.name} {card.value} ({' · '.join(card.facts)})"


def headline_points(headline: cards.Headline, notes: _Notes, lang: str) -> list[Point]:
    """□ Korea's card under the topic's title, ○ each peer's card, - the measure's caption."""
    points = []
    for i, card in enumerate(headline.cards):
        level = 0 if i == 0 else 1
        text = _card_sentence(card, lang, headline.title if i == 0 else "")
        marks = notes.marks(views.sources_of(card.figures)) if card.has_figure else []
        points.append(Point(level, (text, *marks)))
    if headline.caption:
        points.append(Point(2, (headline.caption,)))
    return points


# -- the what-if scenario (one adapter onto dashboard.model.scenarios.whatif) -------------


def _setting_value(spec, value: float, lang: str) -> str:
    """A slider's value as its slider shows it: 60% for a fraction, 2028 for a year."""
    if spec.unit in PERCENT_UNITS:
        return fmt.percent(value * 100, lang)
    if spec.unit in ("year", "years"):
        return str(round(value))
    places = 0 if spec.integer or spec.step >= 1 else -math.floor(math.log10(spec.step) + 1e-9)
    return fmt.number(value, lang, decimals=places)


def scenario_outcome(
    data: Data, state: params.ViewState, countries: Sequence[str], lang: str
) -> tuple[Table, Table]:
    """The one adapter onto the what-if model: the scenario a link describes, as its
    settings (the build-out path, the sliders the main chart reads for the countries
    shown and any other slider off its default, each with its default) and its outcome
    for Korea in the page's own words (the comparison table's columns, one per row).
    `whatif.Unavailable` when the data cannot support it."""
    found = whatif.available_settings(data, lang)
    values = whatif.resolve(found, state.scenario, state.preset)
    scenario = whatif.scenario(found, state.scenario, state.preset)
    outcome = whatif.outcome(data, found, scenario, countries)
    table = whatif_tables.compare_table([(t("brief.scenario_current", lang), outcome)], lang)
    results = Table(
        (t("brief.heading.outcome", lang), t("whatif.column.value", lang)),
        tuple((str(c), str(v)) for c, v in zip(table.columns[1:], table.iloc[0, 1:], strict=True)),
    )
    path = whatif.preset_of(found, state.preset)
    rows = [
        (
            t("whatif.compute.preset", lang),
            path.label(lang) if path else t("whatif.compute.no_path", lang),
            found.presets[0].label(lang) if found.presets else "—",
        )
    ]
    reads = registry.SCENARIO_KEYS[MAIN_CHARTS["whatif"]](MAIN_CHARTS["whatif"], data)
    for key, spec in found.sliders.items():
        if key in reads or values[key] != spec.value:
            rows.append(
                (
                    spec.label(lang),
                    _setting_value(spec, values[key], lang),
                    _setting_value(spec, spec.value, lang),
                )
            )
    header = tuple(
        t(k, lang)
        for k in ("whatif.column.parameter", "whatif.column.value", "whatif.column.default")
    )
    return Table(header, tuple(rows)), results


def scenario_points(results: Table, lang: str) -> list[Point]:
    """□ the first four results (Korea's compute, rank, shares, ...), each marked as a
    scenario, after Korea's starting figure: five headlines in all. A result the scenario
    has none of ("—") is left out."""
    mark = t("brief.scenario_mark", lang)
    return [
        Point(0, (f"{mark} {head}: {value}",))
        for head, value in results.rows
        if value and value != "—"
    ][:4]


# -- the table of figures ------------------------------------------------------------------


def _text(value: object) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


VALUE_UNITS = (
    "currency_bn",
    "percent",
    "rank",
    "tier",
    "people_m",
    "per_usd",
    "usd",
    "score",
    "gpu",
    "h100e",
    "count",
    "mw",
    "per_capita",
    "per_gdp",
)


def _value(row: pd.Series, lang: str) -> str:
    """A figure's value as the chart's rows word it; a scenario input (a growth factor, an
    assumption) as a number and its unit."""
    text = _text(row.get("value_text"))
    if text:
        return text
    unit = _text(row.get("unit"))
    value = float(row["value"])
    if unit in VALUE_UNITS:
        return views.value_text(value, unit, lang, currency=_text(row.get("currency")))
    if unit in PERCENT_UNITS:
        return fmt.percent(value * 100, lang)
    if unit == "factor_per_year":
        return t("brief.factor_per_year", lang, n=fmt.number(value, lang, decimals=2))
    return f"{fmt.number(value, lang)} {unit}".strip()


def _year(row: pd.Series) -> str:
    start, end = row.get("period_start"), row.get("year")
    if end is None or pd.isna(end):
        return ""
    return f"{int(start)}–{int(end)}" if start is not None and pd.notna(start) else str(int(end))


def _measure(data: Data, metric: str, lang: str) -> str:
    """A row's measure: its metric's label, or a scenario assumption's (assumptions.csv)."""
    label = data.metric_label(metric, lang)
    if label != metric or data.assumptions.empty:
        return label
    found = data.assumptions[data.assumptions["parameter"] == metric]
    return str(found.iloc[0][f"label_{lang}"]) if not found.empty else metric


def _word(prefix: str, value: object, lang: str) -> str:
    return t(f"{prefix}.{value}", lang) if _text(value) else ""


def figure_table(rows: pd.DataFrame, data: Data, countries: Sequence[str], lang: str) -> Table:
    """The figures a chart draws, the selected countries first (Korea first) then the
    rest, newest first: country, measure, value, year, status, confidence and source. A
    selected country without any says "no figure"."""
    header = tuple(
        t(f"column.{c}", lang)
        for c in (
            "name",
            "metric_label",
            "value_text",
            "year",
            "status_text",
            "confidence_text",
            "source_text",
        )
    )
    order = {e: i for i, e in enumerate(sorted(countries, key=lambda e: e != HOME))}
    body: list[tuple[str, ...]] = []
    if not rows.empty:
        ranked = rows.assign(
            _order=[order.get(e, len(order)) for e in rows["entity"]],
            _year=pd.to_numeric(rows["year"], errors="coerce").fillna(0),
        ).sort_values(
            ["_order", "entity", "metric", "_year"],
            ascending=[True, True, True, False],
            kind="stable",
        )
        for _, row in ranked.iterrows():
            ref = views.SourceRef(
                *(_text(row.get(c)) for c in ("publisher", "published", "title", "url"))
            )
            body.append(
                (
                    data.entity_name(row["entity"], lang) if _text(row["entity"]) else "",
                    _measure(data, row["metric"], lang),
                    _value(row, lang),
                    _year(row),
                    _word("status", row.get("status"), lang),
                    _word("confidence", row.get("confidence"), lang),
                    format_source(ref) if ref.publisher else "",
                )
            )
    drawn = set(rows["entity"]) if "entity" in rows else set()
    missing = t("brief.no_figure", lang)
    for entity in countries:
        if entity not in drawn:
            body.append((data.entity_name(entity, lang), "", missing, "", "", "", ""))
    return Table(header, tuple(body))


# -- the whole briefing --------------------------------------------------------------------


def release_line(data: Data, lang: str) -> str:
    release = citation.current_release(data)
    if release is None:
        return t("brief.no_release", lang)
    line = t("cite.release", lang, version=release.version, date=release.date)
    return line[:1].upper() + line[1:]


def view_of(page: str, state: params.ViewState, countries: Sequence[str], lang: str):
    """The main chart's view: the link's settings, drawn at the briefing's picture size."""
    return registry.View(
        lang=lang,
        countries=tuple(countries),
        scale=state.scale,
        basis=state.basis,
        plan_basis=state.plan_basis,
        focus=state.focus or HOME,
        events=state.events,
        style=STYLE,
        scenario=state.scenario if page == "whatif" else (),
        preset=state.preset if page == "whatif" else "",
    )


def briefing_page(page: str) -> str:
    return page if page in MAIN_CHARTS else DEFAULT_PAGE


def link_state(state: params.ViewState, lang: str) -> params.ViewState:
    """The state a briefing's link carries: the view, in the briefing's language, out of
    presentation mode."""
    return replace(state, lang=lang, present=False, slide=1, qr=False)


def plan(
    data: Data, lang: str, state: params.ViewState, page: str = DEFAULT_PAGE, *, base: str = ""
) -> Briefing:
    """Everything a briefing of `page` in the view `state` says. `base` is the app's
    address (scheme, host and path prefix) the link starts with."""
    page = briefing_page(page)
    countries = [c for c in state.countries if c in set(data.entities["id"])]
    countries = countries or data.default_countries()
    notes = _Notes(lang)
    points: list[Point] = []
    scenario = None
    if page == "whatif":
        start = cards.headline(data, "compute", views.COMPARABLE_COMPUTE, countries, lang)
        points += headline_points(start, notes, lang)[:1]
        try:
            settings, outcome = scenario_outcome(data, state, countries, lang)
        except whatif.Unavailable as exc:
            points.append(Point(1, (str(exc),)))
        else:
            points += scenario_points(outcome, lang)
            scenario = Scenario(t("whatif.not_a_forecast", lang), settings, outcome)
    elif page == "overview":
        for headline in cards.headlines(data, countries, lang):
            points += headline_points(headline, notes, lang)
    else:
        for i, metric in enumerate(POINT_METRICS[page]):
            headline = cards.headline(data, page, metric, countries, lang)
            if i and not any(card.has_figure for card in headline.cards):
                continue  # a second measure the data has no figure of: nothing to compare
            points += headline_points(headline, notes, lang)

    chart_id = MAIN_CHARTS[page]
    chart = None
    rows = pd.DataFrame()
    try:
        result = registry.build(chart_id, data, view_of(page, state, countries, lang))
    except whatif.Unavailable:
        result = None
    if result is not None:
        rows = result.rows
        refs = views.sources_of(rows)
        line: list[Segment] = [t("chart.source", lang)]
        for i, ref in enumerate(refs):
            line += [", " if i else " ", format_source(ref), notes.cite(ref)]
        if not refs:
            line.append(" " + t("export.no_source", lang))
        chart = Chart(
            chart_id,
            result,
            source_line(refs, lang),
            tuple(line),
            alt_text.describe(result, lang),
        )
    table = figure_table(rows, data, countries, lang)

    names = ", ".join(data.entity_name(c, lang) for c in countries)
    query = params.encode(link_state(state, lang))
    return Briefing(
        lang=lang,
        page=page,
        title=t("brief.title", lang, page=t(f"nav.{page}", lang)),
        subtitle=t("brief.subtitle", lang, countries=names),
        release=release_line(data, lang),
        points=tuple(points),
        chart=chart,
        table=table,
        scenario=scenario,
        notes=tuple(notes.entries),
        link=params.link(base, page, query),
        headings={
            k: t(f"brief.heading.{k}", lang)
            for k in (
                "points",
                "chart",
                "table",
                "scenario",
                "settings",
                "outcome",
                "link",
            )
        }
        | {"link_intro": t("brief.link_intro", lang)},
    )
