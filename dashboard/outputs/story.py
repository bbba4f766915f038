"""The story file: the slides of the forum deck, in order, as typed `Slide`s.

`load_story(path, known_charts=..., entities=..., metrics=..., sliders=...)` reads the YAML file
(`data/story.yaml` by default), checks every slide and returns a `Story`, or raises
`StoryError` whose `problems` locate each fault to the file, line, slide number and
field (`StoryProblem.format(lang)`), so a caller can print them without a traceback.
`check_story(...)` returns `(story_or_None, problems)` instead of raising.

A slide names a chart of `dashboard.charts.registry.CHARTS` by id. A chart that is not
registered is an error unless the caller passes it in `known_charts` (a test, or a talk
written before its chart: the exporter skips such slides with a warning). Settings are
checked against the view settings a chart takes (`VIEW_SETTINGS`) and the scenario
settings (`SCENARIO_SETTINGS`), which only the what-if charts take (`SCENARIO_KEYS`);
`Slide.scenario_view` turns them into the `scenario` and `preset` of a
`dashboard.charts.registry.View`, as a link's `s.<key>` parameters would be. A scenario
setting's bounds are those of the what-if slider it sets (`dashboard.model.scenarios.whatif`,
the page's own), checked when the caller passes the data's sliders
(`sliders=whatif.url_sliders(data)`).

This module reads only the story file; it draws nothing and imports no Streamlit.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from dashboard import DEFAULT_DATA_DIR
from dashboard.base.i18n import t
from dashboard.data.load import Data
from dashboard.data.problems import Problem
from dashboard.model.params import BASES, SCALES
from dashboard.model.scenarios import investment, whatif
from dashboard.model.scenarios.assumptions import SliderSpec
from dashboard.model.views import PLAN_BASES

STORY_FILE = "story.yaml"
DEFAULT_STORY = DEFAULT_DATA_DIR / STORY_FILE
TEXT_FIELDS = ("title_ko", "title_en", "takeaway_ko", "takeaway_en")
REQUIRED_FIELDS = ("id", "chart", *TEXT_FIELDS)
SLIDE_FIELDS = (*REQUIRED_FIELDS, "countries", "settings")
TOP_FIELDS = ("version", "slides")
MAX_LENGTH = {"title": 110, "takeaway": 260}  # longer text does not fit the slide
MAX_SLIDES = 60
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,40}$")
_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_PRESET = re.compile(r"^[a-z0-9][a-z0-9_]{0,40}$")

# Settings a chart view takes (dashboard.charts.registry.View fields), with allowed values;
# None means "checked against the data" (index: a metric, focus: an entity).
VIEW_SETTINGS: dict[str, tuple[str, ...] | None] = {
    "scale": SCALES,
    "basis": BASES,
    "plan_basis": PLAN_BASES,
    "index": None,
    "focus": None,
    "events": (True, False),  # policy events on charts over years (events.csv)
}
# Scenario (what-if) settings: name -> kind (int, number or name). A number's bounds are
# the slider's it sets (`SCENARIO_KEYS`): one set of bounds, the what-if page's.
SCENARIO_SETTINGS: dict[str, str] = {
    "preset": "name",
    "years": "int",
    "year": "int",
    "realisation": "number",
}
# The what-if sliders (URL keys of dashboard.model.scenarios.whatif) a story's scenario
# settings set, per chart: "years" is the extra GPUs' deployment period on one chart, the
# pledge's period on another; "year" the projection's last year; "realisation" the share
# of Korea's private NVIDIA deal delivered. A preset (a Korean path or the pledge metric)
# needs no key.
SCENARIO_KEYS: dict[str, dict[str, str]] = {
    "whatif_world": {"year": "target_year"},
    "whatif_buildout": {
        "years": "deploy_years",
        "year": "target_year",
        "realisation": "kor_deal_realisation",
    },
    "whatif_shares": {"year": "target_year", "realisation": "kor_deal_realisation"},
    "whatif_composite": {
        "years": "deploy_years",
        "year": "target_year",
        "realisation": "kor_deal_realisation",
    },
    "whatif_investment": {"years": "pledge_years"},
    "whatif_tco": {"years": "lifetime_years"},
}


@dataclass(frozen=True)
class StoryProblem(Problem):
    """One fault in the story file: the data checks' located problem (`column` is the
    slide's field, "" at file level), with the slide it is on. `slide` is the 1-based
    slide number (0: file level); `code` is a key under `export.story.`."""

    slide: int = 0
    slide_id: str = ""

    @property
    def field(self) -> str:
        return self.column

    def message(self, lang: str = "en") -> str:
        return t(f"export.story.{self.code}", lang, **dict(self.params))

    def format(self, lang: str = "en") -> str:
        where = f"{self.file}:{self.line}:"
        if self.slide:
            label = t("export.story.slide", lang, n=self.slide)
            where += f" {label}" + (f" ({self.slide_id})" if self.slide_id else "") + ":"
        if self.field:
            where += f" {self.field}:"
        text = f"{where} {self.message(lang)}"
        return f"{text} ({self.value!r})" if self.value != "" else text

    def as_data_problem(self) -> Problem:
        """The same fault as the data checks word it (for the validator and the banner)."""
        return Problem(
            "error",
            self.file,
            self.line,
            self.field or "-",
            f"export.story.{self.code}",
            self.value,
            self.params,
        )


class StoryError(Exception):
    """The story file has problems; `problems` says which and where."""

    def __init__(self, problems: list[StoryProblem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the story file")
        self.problems = problems

    def lines(self, lang: str = "en") -> list[str]:
        return [p.format(lang) for p in self.problems]


@dataclass(frozen=True)
class Slide:
    number: int  # position in the story, from 1
    line: int  # line of the slide in the file
    id: str
    chart: str
    countries: tuple[str, ...]
    settings: Mapping[str, Any]
    title_ko: str
    title_en: str
    takeaway_ko: str
    takeaway_en: str

    def title(self, lang: str) -> str:
        return self.title_ko if lang == "ko" else self.title_en

    def takeaway(self, lang: str) -> str:
        return self.takeaway_ko if lang == "ko" else self.takeaway_en

    def view_settings(self) -> dict[str, str | bool]:
        """The settings that are fields of `dashboard.charts.registry.View`."""
        return {k: v for k, v in self.settings.items() if k in VIEW_SETTINGS}

    def scenario_view(self, base: Sequence[tuple[str, float]] = ()) -> dict[str, Any]:
        """The slide's what-if settings as `View` fields: `scenario` (the `base` pairs,
        a link's for instance, with the slide's own on top) and `preset` if it names one.
        The values go through the sliders' bounds when the chart resolves them."""
        keys = SCENARIO_KEYS.get(self.chart, {})
        own = {keys[k]: float(v) for k, v in self.settings.items() if k in keys}
        out: dict[str, Any] = {"scenario": tuple(sorted({**dict(base), **own}.items()))}
        if "preset" in self.settings:
            out["preset"] = self.settings["preset"]
        return out


@dataclass(frozen=True)
class Story:
    path: Path
    slides: tuple[Slide, ...] = field(default_factory=tuple)

    def charts(self) -> list[str]:
        return list(dict.fromkeys(s.chart for s in self.slides))


class _Checker:
    def __init__(
        self,
        name: str,
        known_charts: Collection[str],
        entities: Collection[str] | None,
        metrics: Collection[str] | None,
        sliders: Iterable[SliderSpec] | None = None,
        presets: Collection[str] | None = None,
    ) -> None:
        self.name = name
        # The build-out paths a slide may name, and the pledge metric the investment
        # chart's preset names (it starts from that pledge). A folder without paths is
        # not checked: its missing presets.csv is reported, and slides draw with no path.
        self.presets = frozenset({*presets, investment.PLAN_METRIC}) if presets else None
        self.known_charts = tuple(known_charts)
        self.entities = None if entities is None else frozenset(entities)
        self.metrics = None if metrics is None else frozenset(metrics)
        self.sliders = None if sliders is None else {s.key: s for s in sliders}
        self.problems: list[StoryProblem] = []
        self.slide = 0
        self.slide_id = ""

    def add(
        self, node: yaml.Node | None, fld: str, code: str, value: object = "", **params: object
    ) -> None:
        line = node.start_mark.line + 1 if node is not None else 1
        shown = value if isinstance(value, str) else ("" if value is None else str(value))
        self.problems.append(
            StoryProblem(
                "error",
                self.name,
                line,
                fld,
                code,
                shown[:80],
                tuple((k, str(v)) for k, v in params.items()),
                slide=self.slide,
                slide_id=self.slide_id,
            )
        )


Pairs = dict[str, tuple[yaml.Node, yaml.Node]]


def _pairs(node: yaml.MappingNode, where: str, out: _Checker) -> Pairs:
    """Key -> (key node, value node); duplicate and non-text keys are problems."""
    pairs: Pairs = {}
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if not isinstance(key, str):
            out.add(key_node, where, "not_text")
            continue
        if key in pairs:
            out.add(key_node, f"{where}{key}", "duplicate_key")
            continue
        pairs[key] = (key_node, value_node)
    return pairs


def _value(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    return loader.construct_object(node, deep=True)


def _text(loader: yaml.SafeLoader, node: yaml.Node, fld: str, out: _Checker) -> str | None:
    value = _value(loader, node) if isinstance(node, yaml.ScalarNode) else None
    if not isinstance(value, str) or not value.strip():
        out.add(node, fld, "not_text", value if isinstance(value, str | int | float) else "")
        return None
    return " ".join(value.split())  # one line on the slide: folded, no stray breaks


def _whole(x: float) -> float | int:
    return int(x) if x == int(x) else x


def _check_setting(key: str, value: Any, node: yaml.Node, chart: str | None, out: _Checker) -> Any:
    fld = f"settings.{key}"
    if key in VIEW_SETTINGS:
        allowed = VIEW_SETTINGS[key]
        if allowed == (True, False):  # a flag: YAML's true or false, not the text "yes"
            if not isinstance(value, bool):
                out.add(node, fld, "not_a_flag", value)
                return None
            return value
        if not isinstance(value, str):
            out.add(node, fld, "not_text", value)
            return None
        if allowed is not None and value not in allowed:
            out.add(node, fld, "not_allowed", value, allowed=", ".join(allowed))
            return None
        if key == "focus" and out.entities is not None and value not in out.entities:
            out.add(node, fld, "unknown_entity", value)
            return None
        if key == "index" and out.metrics is not None and value not in out.metrics:
            out.add(node, fld, "unknown_metric", value)
            return None
        return value
    kind = SCENARIO_SETTINGS[key]
    if kind == "name":
        if not isinstance(value, str) or not _PRESET.match(value):
            out.add(node, fld, "bad_name", value)
            return None
        if out.presets is not None and value not in out.presets:
            out.add(node, fld, "not_allowed", value, allowed=", ".join(sorted(out.presets)))
            return None
        return value
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        out.add(node, fld, "not_a_number", value)
        return None
    if kind == "int" and value != int(value):
        out.add(node, fld, "not_an_integer", value)
        return None
    spec = _slider_of(chart, key, out)
    if spec is not None and not spec.min <= value <= spec.max:
        out.add(node, fld, "out_of_range", value, low=_whole(spec.min), high=_whole(spec.max))
        return None
    return int(value) if kind == "int" else float(value)


def _slider_of(chart: str | None, key: str, out: _Checker) -> SliderSpec | None:
    """The what-if slider a scenario setting sets on this chart, when the caller gave the
    sliders (and the chart is known: a bad chart is reported already)."""
    if out.sliders is None or chart not in SCENARIO_KEYS:
        return None
    return out.sliders.get(SCENARIO_KEYS[chart].get(key, ""))


def _scenario_settings_of(chart: str | None) -> tuple[str, ...]:
    """The scenario settings a chart takes: none but on a what-if chart. A slide whose
    chart is missing or bad (reported already) may have any, to report nothing twice."""
    if chart is None:
        return tuple(SCENARIO_SETTINGS)
    return ("preset", *SCENARIO_KEYS[chart]) if chart in SCENARIO_KEYS else ()


def _slide(
    loader: yaml.SafeLoader, node: yaml.Node, number: int, seen: dict[str, int], out: _Checker
) -> Slide | None:
    out.slide, out.slide_id = number, ""
    if not isinstance(node, yaml.MappingNode):
        out.add(node, "", "not_mapping")
        return None
    pairs = _pairs(node, "", out)
    if "id" in pairs:
        raw_id = _value(loader, pairs["id"][1])
        out.slide_id = str(raw_id)[:40] if isinstance(raw_id, str | int) else ""
    before = len(out.problems)
    for key, (key_node, _) in pairs.items():
        if key not in SLIDE_FIELDS:
            out.add(key_node, key, "unknown_key", allowed=", ".join(SLIDE_FIELDS))
    for key in REQUIRED_FIELDS:
        if key not in pairs:
            out.add(node, key, "missing")
    values: dict[str, Any] = {}
    for key in REQUIRED_FIELDS:
        if key in pairs:
            values[key] = _text(loader, pairs[key][1], key, out)
    slide_id = values.get("id")
    if slide_id is not None:
        if not _ID.match(slide_id):
            out.add(pairs["id"][1], "id", "bad_id", slide_id)
        elif slide_id in seen:
            out.add(pairs["id"][1], "id", "duplicate_id", slide_id, other=seen[slide_id])
        else:
            seen[slide_id] = number
    chart = values.get("chart")
    if chart is not None and chart not in out.known_charts:
        out.add(
            pairs["chart"][1], "chart", "unknown_chart", chart, known=", ".join(out.known_charts)
        )
    for key in TEXT_FIELDS:
        text = values.get(key)
        if text is None:
            continue
        limit = MAX_LENGTH[key.split("_")[0]]
        if len(text) > limit:
            out.add(pairs[key][1], key, "too_long", text[:30] + "…", n=len(text), max=limit)
        if key.endswith("_ko") and not _HANGUL.search(text):
            out.add(pairs[key][1], key, "no_hangul", text[:30])
    countries: list[str] = []
    if "countries" in pairs:
        cnode = pairs["countries"][1]
        if not isinstance(cnode, yaml.SequenceNode) or not cnode.value:
            out.add(cnode, "countries", "not_list")
        else:
            for item in cnode.value:
                value = _value(loader, item) if isinstance(item, yaml.ScalarNode) else None
                if not isinstance(value, str) or not value:
                    out.add(item, "countries", "not_text", value)
                elif value in countries:
                    out.add(item, "countries", "duplicate_entity", value)
                elif out.entities is not None and value not in out.entities:
                    out.add(item, "countries", "unknown_entity", value)
                else:
                    countries.append(value)
    settings: dict[str, Any] = {}
    if "settings" in pairs:
        snode = pairs["settings"][1]
        if not isinstance(snode, yaml.MappingNode):
            out.add(snode, "settings", "not_mapping")
        else:
            known = chart if chart in out.known_charts else None
            allowed = (*VIEW_SETTINGS, *_scenario_settings_of(known))
            for key, (key_node, value_node) in _pairs(snode, "settings.", out).items():
                if key not in allowed:
                    out.add(key_node, f"settings.{key}", "unknown_key", allowed=", ".join(allowed))
                    continue
                if not isinstance(value_node, yaml.ScalarNode):
                    out.add(value_node, f"settings.{key}", "not_text")
                    continue
                checked = _check_setting(key, _value(loader, value_node), value_node, known, out)
                if checked is not None:
                    settings[key] = checked
    if len(out.problems) > before:
        return None
    return Slide(
        number=number,
        line=node.start_mark.line + 1,
        id=values["id"],
        chart=values["chart"],
        countries=tuple(countries),
        settings=MappingProxyType(settings),
        **{k: values[k] for k in TEXT_FIELDS},
    )


def check_story(
    path: str | Path = DEFAULT_STORY,
    *,
    known_charts: Collection[str] | None = None,
    entities: Collection[str] | None = None,
    metrics: Collection[str] | None = None,
    sliders: Iterable[SliderSpec] | None = None,
    presets: Collection[str] | None = None,
) -> tuple[Story | None, list[StoryProblem]]:
    """The story and its problems; the story is None when there is any problem.

    `known_charts` are the chart ids a slide may name (default: the registered charts
    of `dashboard.charts.registry`); `entities` and `metrics`, when given, are the ids that
    `countries`, `settings.focus` and `settings.index` may use; `sliders`, when given
    (`whatif.url_sliders(data)`), bound the scenario settings that set them; `presets`,
    when given (`whatif.url_presets(data)`), are the build-out paths a slide may name.
    """
    path = Path(path)
    if known_charts is None:
        known_charts = tuple(CHARTS_KNOWN())
    out = _Checker(path.name, known_charts, entities, metrics, sliders, presets)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        out.add(None, "", "file_missing", path.name)
        return None, out.problems
    except (OSError, UnicodeDecodeError) as exc:
        out.add(None, "", "file_unreadable", error=getattr(exc, "strerror", None) or exc)
        return None, out.problems
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        out.problems.append(
            StoryProblem(
                "error", out.name, line, "", "yaml_syntax", params=(("error", str(problem)),)
            )
        )
        return None, out.problems
    finally:
        loader.dispose()
    if not isinstance(root, yaml.MappingNode):
        out.add(root, "", "not_mapping")
        return None, out.problems
    top = _pairs(root, "", out)
    for key, (key_node, _) in top.items():
        if key not in TOP_FIELDS:
            out.add(key_node, key, "unknown_key", allowed=", ".join(TOP_FIELDS))
    if "slides" not in top:
        out.add(root, "slides", "no_slides")
        return None, out.problems
    slides_node = top["slides"][1]
    if not isinstance(slides_node, yaml.SequenceNode) or not slides_node.value:
        out.add(slides_node, "slides", "no_slides")
        return None, out.problems
    if len(slides_node.value) > MAX_SLIDES:
        out.add(slides_node, "slides", "too_many", n=len(slides_node.value), max=MAX_SLIDES)
    seen: dict[str, int] = {}
    slides = [_slide(loader, node, i, seen, out) for i, node in enumerate(slides_node.value, 1)]
    if out.problems:
        return None, out.problems
    return Story(path=path, slides=tuple(s for s in slides if s is not None)), []


def known_charts() -> set[str]:
    """Chart ids a story may name: the registered ones."""
    from dashboard.charts.registry import (
        CHARTS,  # the chart registry builds on the data layers
    )

    return set(CHARTS)


CHARTS_KNOWN = known_charts  # `check_story` has a parameter of that name


def folder_problems(folder: str | Path, data: Data) -> list[Problem]:
    """The data folder's story file checked against that folder's entities, metrics and
    what-if sliders (`data`, loaded from it), as the data checks' problems: the
    validator and the app's banner name a broken story file like any other file."""
    entities, metrics = data.ids()
    _, found = check_story(
        Path(folder) / STORY_FILE,
        known_charts=CHARTS_KNOWN(),
        entities=entities,
        metrics=metrics,
        sliders=whatif.url_sliders(data),
        presets=whatif.url_presets(data),
    )
    return [p.as_data_problem() for p in found]


def load_story(
    path: str | Path = DEFAULT_STORY,
    *,
    known_charts: Collection[str] | None = None,
    entities: Collection[str] | None = None,
    metrics: Collection[str] | None = None,
    sliders: Iterable[SliderSpec] | None = None,
    presets: Collection[str] | None = None,
) -> Story:
    """The checked story; raises `StoryError` listing every problem (see `check_story`)."""
    story, problems = check_story(
        path,
        known_charts=known_charts,
        entities=entities,
        metrics=metrics,
        sliders=sliders,
        presets=presets,
    )
    if story is None:
        raise StoryError(problems)
    return story


__all__ = [
    "DEFAULT_STORY",
    "SCENARIO_SETTINGS",
    "VIEW_SETTINGS",
    "Slide",
    "Story",
    "StoryError",
    "StoryProblem",
    "check_story",
    "folder_problems",
    "known_charts",
    "load_story",
]
