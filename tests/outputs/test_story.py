"""The story file: the default story is valid, and every fault is located, not raised."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.charts import registry
from dashboard.outputs.story import (
    DEFAULT_STORY,
    SCENARIO_SETTINGS,
    Story,
    check_story,
    load_story,
)

KNOWN = tuple(registry.CHARTS)
ENTITIES = ("KOR", "CHN", "FRA", "USA", "GBR", "JPN", "DEU", "XAI")
METRICS = ("tortoise_rank", "oxford_readiness_rank", "gpus_held")
GOOD = """\
slides:
  - id: first
    chart: gpu_gap
    countries: [KOR, CHN]
    settings: {scale: log}
    title_ko: 첫 번째 요점
    title_en: The first point
    takeaway_ko: 기억할 한 줄
    takeaway_en: The line to remember
  - id: second
    chart: whatif_buildout
    settings: {preset: official_path, years: 3, realisation: 0.5}
    title_ko: 두 번째 요점
    title_en: The second point
    takeaway_ko: 또 하나의 한 줄
    takeaway_en: Another line
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "story.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems(tmp_path: Path, text: str, **kw) -> list:
    kw.setdefault("known_charts", KNOWN)
    story, found = check_story(write(tmp_path, text), **kw)
    assert (story is None) == bool(found)
    return found


def one(found: list, field: str):
    matches = [p for p in found if p.field == field]
    assert matches, f"no problem on {field}: {[p.format() for p in found]}"
    return matches[0]


# -- the default story -------------------------------------------------------------------


def test_default_story_is_valid() -> None:
    story = load_story(
        DEFAULT_STORY, known_charts=KNOWN, entities=(*ENTITIES, "ARE"), metrics=METRICS
    )
    assert 8 <= len(story.slides) <= 14
    assert [s.number for s in story.slides] == list(range(1, len(story.slides) + 1))
    charts = {s.chart for s in story.slides}
    assert {"gpu_gap", "companies_totals", "rankings_cross", "investment_plans"} <= charts
    for slide in story.slides:
        assert re.search(r"[\uac00-\ud7a3]", slide.title_ko + slide.takeaway_ko)
        assert not re.search(r"[\uac00-\ud7a3]", slide.title_en + slide.takeaway_en)


def test_default_story_names_the_caveats() -> None:
    story = load_story(DEFAULT_STORY, known_charts=KNOWN)
    text = " ".join(s.title_en + " " + s.takeaway_en for s in story.slides).lower()
    for caveat in (
        "sub-pillar",
        "350,000",
        "no source",
        "pledge",
        "not a budget",
        "forecast",
        "scenario",
    ):
        assert caveat in text, caveat


def test_default_story_entities_exist_in_the_real_data() -> None:
    from dashboard.data.load import load

    data = load(DEFAULT_STORY.parent)
    load_story(
        DEFAULT_STORY,
        known_charts=KNOWN,
        entities=list(data.entities["id"]),
        metrics=list(data.metrics["metric"]),
    )


def test_the_default_story_names_only_registered_charts() -> None:
    story = load_story(DEFAULT_STORY)  # only the registered charts, what-if ones included
    assert {"whatif_buildout", "whatif_investment"} <= set(story.charts())


def test_unknown_charts_are_errors_unless_the_caller_allows_them(tmp_path) -> None:
    text = GOOD.replace("chart: gpu_gap", "chart: not_yet_written")
    found = problems(tmp_path, text, known_charts=tuple(registry.CHARTS))
    assert one(found, "chart").code == "unknown_chart"
    assert problems(tmp_path, text, known_charts=(*registry.CHARTS, "not_yet_written")) == []


# -- typed slides -----------------------------------------------------------------------


def test_slides_are_typed(tmp_path) -> None:
    story = load_story(write(tmp_path, GOOD), known_charts=KNOWN, entities=ENTITIES)
    assert isinstance(story, Story) and story.charts() == ["gpu_gap", "whatif_buildout"]
    first, second = story.slides
    assert first.countries == ("KOR", "CHN") and first.line == 2
    assert first.title("ko") == "첫 번째 요점" and first.takeaway("en") == "The line to remember"
    assert first.view_settings() == dict(first.settings) == {"scale": "log"}
    assert second.countries == () and second.view_settings() == {}
    assert dict(second.settings) == {"preset": "official_path", "years": 3, "realisation": 0.5}
    assert isinstance(second.settings["years"], int)
    with pytest.raises(TypeError):
        second.settings["years"] = 5  # read-only


def test_folded_text_becomes_one_line(tmp_path) -> None:
    text = GOOD.replace(
        "takeaway_en: The line to remember", "takeaway_en: >-\n      The line\n      to remember"
    )
    story = load_story(write(tmp_path, text), known_charts=KNOWN)
    assert story.slides[0].takeaway_en == "The line to remember"


# -- faults, located -------------------------------------------------------------------


def test_every_fault_has_file_line_slide_and_field(tmp_path) -> None:
    text = """\
    slides:
      - id: Bad Id
        chart: gpu_gapp
        countries: [KOR, ATLANTIS, KOR]
        settings: {scale: huge, years: 0.5, colour: red, focus: MARS}
        title_ko: An English title
        title_en: ""
        takeaway_en: fine
        takeway_ko: typo
      - id: second
        chart: gpu_gap
        title_ko: 둘
        title_en: Two
        takeaway_ko: 둘
        takeaway_en: Two
      - id: second
        chart: gpu_gap
        title_ko: 셋
        title_en: Three
        takeaway_ko: 셋
        takeaway_en: Three
    """
    found = problems(tmp_path, text, entities=ENTITIES, metrics=METRICS)
    expect = {  # field -> (code, line, slide)
        "id": ("bad_id", 2, 1),
        "chart": ("unknown_chart", 3, 1),
        "settings.scale": ("not_allowed", 5, 1),
        "settings.years": ("not_an_integer", 5, 1),
        "settings.colour": ("unknown_key", 5, 1),
        "settings.focus": ("unknown_entity", 5, 1),
        "title_ko": ("no_hangul", 6, 1),
        "title_en": ("not_text", 7, 1),
        "takeaway_ko": ("missing", 2, 1),
        "takeway_ko": ("unknown_key", 9, 1),
    }
    for field, (code, line, slide) in expect.items():
        p = one(found, field)
        assert (p.code, p.line, p.slide) == (code, line, slide), p.format()
        assert p.file == "story.yaml"
    countries = [p for p in found if p.field == "countries"]
    assert {p.code for p in countries} == {"unknown_entity", "duplicate_entity"}
    assert all(p.line == 4 for p in countries)
    dup = next(p for p in found if p.code == "duplicate_id")
    assert (dup.slide, dup.line, dup.params) == (3, 16, (("other", "2"),))
    line = one(found, "chart").format("en")
    assert line.startswith("story.yaml:3: slide 1 (Bad Id): chart: unknown chart")
    assert "gpu_gapp" in line
    korean = one(found, "chart").format("ko")
    assert korean.startswith("story.yaml:3: 1번 슬라이드 (Bad Id): chart:")


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        ("slides: [\n", "yaml_syntax", 2),
        ("- just a list\n", "not_mapping", 1),
        ("title: no slides\n", "no_slides", 1),
        ("slides: []\n", "no_slides", 1),
        ("slides:\n  - just text\n", "not_mapping", 2),
        ("slides: 3\n", "no_slides", 1),
        ("slides:\n  - id: a\n    id: b\n", "duplicate_key", 3),
        ("version: 1\nextra: 2\nslides: []\n", "unknown_key", 2),
    ],
)
def test_file_level_faults(tmp_path, text, code, line) -> None:
    found = problems(tmp_path, text)
    assert any(p.code == code and p.line == line for p in found), [p.format() for p in found]


def test_missing_and_unreadable_files(tmp_path) -> None:
    story, found = check_story(tmp_path / "absent.yaml", known_charts=KNOWN)
    assert story is None and found[0].code == "file_missing"
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"\xff\xfe\x00bad")
    assert check_story(binary, known_charts=KNOWN)[1][0].code == "file_unreadable"


def test_scenario_settings_are_checked(tmp_path) -> None:
    text = (
        GOOD.replace("years: 3", "years: 2.5")
        .replace("realisation: 0.5", "realisation: yes")
        .replace("official_path", "Official Path")
    )
    found = problems(tmp_path, text)
    assert one(found, "settings.years").code == "not_an_integer"
    assert one(found, "settings.realisation").code == "not_a_number"
    assert one(found, "settings.preset").code == "bad_name"
    assert all(p.slide == 2 for p in found)
    assert set(SCENARIO_SETTINGS) == {"preset", "years", "year", "realisation"}
    endless = GOOD.replace("years: 3", "years: .inf").replace(
        "realisation: 0.5", "realisation: .nan"
    )
    found = problems(tmp_path, endless)  # with or without the sliders
    assert one(found, "settings.years").code == "not_a_number"
    assert one(found, "settings.realisation").code == "not_a_number"


@pytest.fixture(scope="module")
def sliders():
    from dashboard.data.load import load
    from dashboard.model.scenarios import whatif

    return whatif.url_sliders(load(DEFAULT_STORY.parent))


def test_scenario_settings_have_the_bounds_of_the_sliders_they_set(tmp_path, sliders) -> None:
    """One set of bounds: a setting is checked against the what-if slider it sets on its
    chart (the page's), and nothing else bounds it."""
    by_key = {s.key: s for s in sliders}
    deploy, realisation = by_key["deploy_years"], by_key["kor_deal_realisation"]
    top = GOOD.replace("years: 3", f"years: {int(deploy.max)}").replace(
        "realisation: 0.5", f"realisation: {realisation.min}"
    )
    assert problems(tmp_path, top, sliders=sliders) == []
    text = GOOD.replace("years: 3", f"years: {int(deploy.max) + 1}").replace(
        "realisation: 0.5", f"realisation: {realisation.max + 1}"
    )
    found = problems(tmp_path, text, sliders=sliders)
    years = one(found, "settings.years")
    assert years.code == "out_of_range"
    assert dict(years.params) == {"low": str(int(deploy.min)), "high": str(int(deploy.max))}
    assert one(found, "settings.realisation").code == "out_of_range"
    assert problems(tmp_path, text) == []  # not checked without the data's sliders
    # "years" is the pledge's period on the investment chart: its slider's bounds.
    pledge_years = by_key["pledge_years"]
    assert pledge_years.max > deploy.max
    investment = GOOD.replace("chart: whatif_buildout", "chart: whatif_investment").replace(
        "years: 3, realisation: 0.5", f"years: {int(pledge_years.max)}"
    )
    assert problems(tmp_path, investment, sliders=sliders) == []
    over = investment.replace(
        f"years: {int(pledge_years.max)}", f"years: {int(pledge_years.max) + 1}"
    )
    assert one(problems(tmp_path, over, sliders=sliders), "settings.years").code == "out_of_range"


def test_the_default_story_is_within_the_sliders(sliders) -> None:
    from dashboard.data.load import load

    data = load(DEFAULT_STORY.parent)
    story, found = check_story(
        DEFAULT_STORY, known_charts=KNOWN, entities=data.ids()[0], sliders=sliders
    )
    assert story is not None and found == []


def test_scenario_settings_belong_to_what_if_charts(tmp_path) -> None:
    text = GOOD.replace("settings: {scale: log}", "settings: {scale: log, years: 3}")
    found = problems(tmp_path, text)
    assert one(found, "settings.years").code == "unknown_key" and found[0].slide == 1
    tco = GOOD.replace("chart: whatif_buildout", "chart: whatif_tco")
    assert one(problems(tmp_path, tco), "settings.realisation").code == "unknown_key"


def test_scenario_settings_map_onto_the_what_if_sliders(tmp_path) -> None:
    first, second = load_story(write(tmp_path, GOOD), known_charts=KNOWN).slides
    view = second.scenario_view()
    assert view == {
        "scenario": (("deploy_years", 3.0), ("kor_deal_realisation", 0.5)),
        "preset": "official_path",
    }
    # A link's scenario is the base; the slide's own settings win.
    base = (("deploy_years", 5.0), ("pue", 1.2))
    assert second.scenario_view(base)["scenario"] == (
        ("deploy_years", 3.0),
        ("kor_deal_realisation", 0.5),
        ("pue", 1.2),
    )
    assert first.scenario_view(base) == {"scenario": base}  # not a what-if chart: passed on
    investment = GOOD.replace("chart: whatif_buildout", "chart: whatif_investment").replace(
        ", realisation: 0.5", ""
    )
    slide = load_story(write(tmp_path, investment), known_charts=KNOWN).slides[1]
    assert slide.scenario_view()["scenario"] == (("pledge_years", 3.0),)


def test_story_settings_reach_the_chart(tmp_path) -> None:
    from dashboard.data.load import load

    data = load(DEFAULT_STORY.parent)
    slide = load_story(write(tmp_path, GOOD), known_charts=KNOWN).slides[1]
    view = registry.View(lang="en", countries=("KOR", "CHN", "USA"), **slide.scenario_view())
    result = registry.build("whatif_buildout", data, view)
    assert "50,000 by 2028 (50,000 GPUs)" in result.caption  # the slide's path
    assert "50% of them delivered" in result.caption  # and its realisation of the deal


def test_a_preset_must_be_a_path_of_the_data_when_presets_are_given(tmp_path) -> None:
    text = GOOD.replace("preset: official_path", "preset: gpus_pledged")
    found = problems(tmp_path, text, presets=("official_path", "minister_2030"))
    assert one(found, "settings.preset").code == "not_allowed"
    assert not problems(tmp_path, GOOD, presets=("official_path",))


def test_too_long_text_is_refused(tmp_path) -> None:
    found = problems(tmp_path, GOOD.replace("The first point", "word " * 40))
    assert one(found, "title_en").code == "too_long"


def test_index_must_be_a_metric_when_metrics_are_given(tmp_path) -> None:
    text = GOOD.replace("settings: {scale: log}", "settings: {index: no_such_rank}")
    assert one(problems(tmp_path, text, metrics=METRICS), "settings.index").code == "unknown_metric"
    assert problems(tmp_path, text) == []  # not checked without the data's metrics


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.text(alphabet=st.sampled_from(list("slides:- id\n chart[]{},'\"&*!|>#가0")), max_size=200)
)
def test_any_text_gives_a_story_or_problems_never_an_exception(tmp_path, text) -> None:
    story, found = check_story(write(tmp_path, text), known_charts=KNOWN)
    assert (story is None) == bool(found)
    for p in found:
        assert p.line >= 1 and p.format("en") and p.format("ko")


EVENTS_ON = GOOD.replace("settings: {scale: log}", "settings: {scale: log, events: true}").replace(
    "chart: gpu_gap", "chart: investment_private"
)


def test_a_slide_can_turn_policy_events_on(tmp_path) -> None:
    from dashboard.data.load import load
    from dashboard.model.params import ViewState
    from dashboard.outputs.slides import slide_view

    data = load(DEFAULT_STORY.parent)
    first, second = load_story(write(tmp_path, EVENTS_ON), known_charts=KNOWN).slides
    assert first.view_settings()["events"] is True
    on = slide_view(first, data, "ko", ViewState())  # the link says nothing: the slide decides
    off = slide_view(second, data, "ko", ViewState())
    assert on.events and not off.events
    drawn = registry.build("investment_private", data, on).figure.checked()
    kor = data.events[data.events["entity"].isin(on.countries)]
    assert {a.text for a in drawn.layout.annotations} <= set(kor["label_ko"])
    assert drawn.layout.shapes


def test_events_must_be_true_or_false(tmp_path) -> None:
    for value in ("'true'", "1", "on-ish"):
        found = problems(tmp_path, EVENTS_ON.replace("events: true", f"events: {value}"))
        assert one(found, "settings.events").code == "not_a_flag"


def test_the_default_story_shows_events_on_the_investment_slide() -> None:
    story = load_story(DEFAULT_STORY)
    assert [s.id for s in story.slides if s.settings.get("events")] == ["private-investment"]
