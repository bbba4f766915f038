"""The URL parameter schema: typed, bounded, and never trusting what a link carries."""

from __future__ import annotations

import math
import urllib.parse
from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.model.params import (
    MAX_NAME,
    MAX_SAVED,
    SCHEMA,
    Saved,
    ViewState,
    encode,
    number_text,
    parse,
    scenario_of,
)
from tests.support.hostile import HOSTILE

ENTITIES = ["KOR", "CHN", "FRA", "USA", "XAI"]


def test_defaults_when_empty() -> None:
    assert parse({}, entities=ENTITIES) == (ViewState(), [])


def test_valid_values_are_used() -> None:
    state, notices = parse(
        {
            "lang": "en",
            "present": "1",
            "slide": "3",
            "countries": "KOR,XAI",
            "scale": "log",
            "basis": "per_gdp",
            "focus": "CHN",
            "plan_basis": "per_capita",
        },
        entities=ENTITIES,
    )
    assert notices == []
    assert state == ViewState(
        lang="en",
        present=True,
        slide=3,
        countries=("KOR", "XAI"),
        scale="log",
        basis="per_gdp",
        focus="CHN",
        plan_basis="per_capita",
    )


def test_hostile_values_fall_back_to_defaults_with_a_notice() -> None:
    for key, value in HOSTILE:
        state, notices = parse({key: value}, entities=ENTITIES)
        assert state == ViewState(), (key, value, state)
        assert [n.param for n in notices] == [key[:40]], (key, value)


def test_repeated_keys_are_refused() -> None:
    state, notices = parse({"lang": ["en", "ko"]}, entities=ENTITIES)
    assert state.lang == "ko" and notices[0].reason == "repeated"


def test_duplicate_countries_are_collapsed() -> None:
    state, _ = parse({"countries": "KOR,KOR,USA"}, entities=ENTITIES)
    assert state.countries == ("KOR", "USA")


def test_notice_names_are_bounded() -> None:
    _, notices = parse({"k" * 1000: "v"}, entities=ENTITIES)
    assert len(notices[0].param) == 40


states = st.builds(
    ViewState,
    lang=st.sampled_from(["ko", "en"]),
    present=st.booleans(),
    slide=st.integers(1, 99),
    countries=st.lists(st.sampled_from(ENTITIES), unique=True, max_size=5).map(tuple),
    scale=st.sampled_from(["linear", "log"]),
    basis=st.sampled_from(["absolute", "per_capita", "per_gdp"]),
    focus=st.sampled_from(["", *ENTITIES]),
    plan_basis=st.sampled_from(["total", "per_year", "per_capita", "gdp_share"]),
)


@given(states)
def test_encode_then_parse_round_trips(state: ViewState) -> None:
    assert parse(encode(state), entities=ENTITIES) == (state, [])


@given(
    st.dictionaries(st.text(max_size=50), st.text(max_size=300) | st.lists(st.text(), max_size=3))
)
def test_any_query_parses_without_raising(query: dict) -> None:
    state, notices = parse(query, entities=ENTITIES)
    assert isinstance(state, ViewState)
    assert len(notices) <= len(query)


def test_schema_covers_every_field() -> None:
    # `scenario` and `saved` are the fields whose parameters (s.<key>, scN.*) come from
    # the caller's sliders.
    assert [p.name for p in SCHEMA] == [
        f for f in ViewState.__dataclass_fields__ if f not in ("scenario", "saved")
    ]


# ---------------------------------------------------------------- scenario sliders


@dataclass(frozen=True)
class Spec:
    """A slider as parse sees it (dashboard.model.scenarios.assumptions.SliderSpec has these)."""

    key: str
    min: float
    max: float
    integer: bool = False


SLIDERS = (
    Spec("added_gpus", 0, 520_000, integer=True),
    Spec("efficiency", 1, 3),
    Spec("peer_growth", 0, 3),
    Spec("krw_per_usd", 954.471, 1772.589),
    Spec("offset", -5, 5),
)


def test_scenario_values_are_read_within_bounds() -> None:
    query = {"s.added_gpus": "50000", "s.efficiency": "1.5", "lang": "en", "s.offset": "-2.5"}
    state, notices = parse(query, entities=ENTITIES, sliders=SLIDERS)
    assert notices == [] and state.lang == "en"
    assert state.scenario == (("added_gpus", 50000.0), ("efficiency", 1.5), ("offset", -2.5))
    assert state.scenario_value("efficiency", 1.0) == 1.5
    assert state.scenario_value("peer_growth", 2.3) == 2.3  # not in the link: the default


def test_bounds_are_inclusive() -> None:
    state, notices = parse(
        {"s.added_gpus": "520000", "s.efficiency": "1", "s.krw_per_usd": "954.471"},
        entities=ENTITIES,
        sliders=SLIDERS,
    )
    assert notices == [] and len(state.scenario) == 3


HOSTILE_SCENARIO = [
    ("s.efficiency", "nan"),
    ("s.efficiency", "NaN"),
    ("s.efficiency", "inf"),
    ("s.efficiency", "-inf"),
    ("s.efficiency", "Infinity"),
    ("s.efficiency", "1e309"),
    ("s.efficiency", "-1e309"),
    ("s.efficiency", "-1"),
    ("s.efficiency", "0.99"),
    ("s.efficiency", "3.0000001"),
    ("s.efficiency", "1e3"),
    ("s.efficiency", ""),
    ("s.efficiency", "1,5"),
    ("s.efficiency", "1_5"),
    ("s.efficiency", "0x2"),
    ("s.efficiency", "1.5x"),
    ("s.efficiency", "²"),
    ("s.efficiency", "١"),  # an Arabic-Indic digit: float() would take it
    ("s.efficiency", "1.5\n2"),
    ("s.efficiency", "9" * 300),
    ("s.added_gpus", "2.5"),
    ("s.added_gpus", "-50000"),
    ("s.added_gpus", "520001"),
    ("s.added_gpus", "1e400"),
    ("s.no_such_slider", "1"),
    ("s.", "1"),
    ("s.__class__", "1"),
    ("s.efficiency.x", "1"),
]


def test_hostile_scenario_values_fall_back_with_a_notice() -> None:
    for key, value in HOSTILE_SCENARIO:
        state, notices = parse({key: value}, entities=ENTITIES, sliders=SLIDERS)
        assert state == ViewState(), (key, value, state)
        assert [n.param for n in notices] == [key], (key, value)


def test_a_repeated_scenario_key_is_refused() -> None:
    state, notices = parse({"s.efficiency": ["1.5", "2"]}, entities=ENTITIES, sliders=SLIDERS)
    assert state.scenario == () and notices[0].reason == "repeated"


def test_scenario_keys_are_unknown_without_their_sliders() -> None:
    state, notices = parse({"s.efficiency": "1.5"}, entities=ENTITIES)
    assert state.scenario == () and notices[0].reason == "unknown_param"


def test_one_bad_value_does_not_spoil_the_others() -> None:
    state, notices = parse(
        {"s.efficiency": "1.5", "s.added_gpus": "nan", "countries": "KOR,USA"},
        entities=ENTITIES,
        sliders=SLIDERS,
    )
    assert state.scenario == (("efficiency", 1.5),) and state.countries == ("KOR", "USA")
    assert [n.param for n in notices] == ["s.added_gpus"]


def test_scenario_of_keeps_only_values_off_their_default() -> None:
    defaults = {"efficiency": 1.0, "added_gpus": 0.0, "pue": 1.3}
    values = {"pue": 1.3, "efficiency": 1.5, "added_gpus": 50000}
    assert scenario_of(values, defaults) == (("added_gpus", 50000.0), ("efficiency", 1.5))
    assert scenario_of(defaults, defaults) == ()


@st.composite
def scenarios(draw) -> tuple[tuple[str, float], ...]:
    chosen = draw(st.lists(st.sampled_from(SLIDERS), unique_by=lambda s: s.key))
    pairs = []
    for spec in chosen:
        if spec.integer:
            value = float(draw(st.integers(int(spec.min), int(spec.max))))
        else:
            value = draw(st.floats(spec.min, spec.max, allow_nan=False))
        pairs.append((spec.key, value))
    return tuple(sorted(pairs))


@given(states, scenarios())
def test_scenario_encode_then_parse_round_trips(state: ViewState, scenario) -> None:
    state = ViewState(**{**state.__dict__, "scenario": scenario})
    assert parse(encode(state), entities=ENTITIES, sliders=SLIDERS) == (state, [])


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_number_text_round_trips_every_finite_float(x: float) -> None:
    assert float(number_text(x)) == x
    assert math.isfinite(float(number_text(x)))


@given(
    st.dictionaries(
        st.sampled_from([f"s.{s.key}" for s in SLIDERS] + ["s.x", "s."]),
        st.text(max_size=30) | st.lists(st.text(max_size=10), max_size=3),
    )
)
def test_any_scenario_query_parses_within_bounds(query: dict) -> None:
    state, notices = parse(query, entities=ENTITIES, sliders=SLIDERS)
    specs = {s.key: s for s in SLIDERS}
    assert len(state.scenario) + len(notices) == len(query)
    for key, value in state.scenario:
        spec = specs[key]
        assert math.isfinite(value) and spec.min <= value <= spec.max
        assert not spec.integer or value == int(value)


# ---------------------------------------------------------------- the path and saved scenarios

PRESETS = ("official_path", "minister_2030", "none")


def saved_scenarios():
    """Up to three saved scenarios: any printable name, a known path, any sliders."""
    number = {
        s.key: (
            st.integers(int(s.min), int(s.max)).map(float)
            if s.integer
            else st.floats(s.min, s.max, allow_nan=False)
        )
        for s in SLIDERS
    }
    one = st.builds(
        Saved,
        name=st.text(min_size=1, max_size=MAX_NAME)
        .map(str.strip)
        .filter(lambda n: n and n.isprintable()),
        preset=st.sampled_from(("", *PRESETS)),
        scenario=st.dictionaries(st.sampled_from(list(number)), st.just(0.0))
        .flatmap(lambda keys: st.fixed_dictionaries({k: number[k] for k in keys}))
        .map(lambda d: tuple(sorted(d.items()))),
    )
    return st.lists(one, max_size=MAX_SAVED).map(tuple)


@settings(max_examples=150, deadline=None)
@given(saved=saved_scenarios(), preset=st.sampled_from(("", *PRESETS)))
def test_three_named_scenarios_round_trip_through_a_link(saved, preset) -> None:
    state = ViewState(lang="en", preset=preset, scenario=(("efficiency", 1.5),), saved=saved)
    query = encode(state)
    # As a browser sends it back: through the URL's own encoding.
    raw = urllib.parse.parse_qs(urllib.parse.urlencode(query), keep_blank_values=True)
    back, notices = parse(raw, entities=ENTITIES, sliders=SLIDERS, presets=PRESETS)
    assert notices == []
    assert back == state


def test_a_bad_path_or_saved_scenario_falls_back_with_notices() -> None:
    query = {
        "preset": "gpus_imagined",
        "sc1.name": "Fast\nbuild",  # a control character
        "sc1.s.efficiency": "9",  # out of bounds
        "sc2.name": "x" * (MAX_NAME + 1),
        "sc2.preset": "minister_2030",
        "sc4.name": "a fourth",  # only three travel in a link
        "sc1.s.no_such": "1",
    }
    state, notices = parse(query, entities=ENTITIES, sliders=SLIDERS, presets=PRESETS)
    reasons = {(n.param, n.reason) for n in notices}
    assert ("preset", "not_allowed") in reasons and state.preset == ""
    assert ("sc1.name", "not_allowed") in reasons
    assert ("sc1.s.efficiency", "out_of_range") in reasons
    assert ("sc2.name", "too_long") in reasons
    assert ("sc4.name", "unknown_param") in reasons and (
        "sc1.s.no_such",
        "unknown_param",
    ) in reasons
    assert state.saved == (Saved(), Saved(preset="minister_2030"))


def test_without_presets_no_path_is_accepted() -> None:
    state, notices = parse({"preset": "official_path"}, entities=ENTITIES)
    assert state.preset == "" and [n.reason for n in notices] == ["not_allowed"]


def test_policy_events_are_a_flag_carried_by_the_link() -> None:
    state, notices = parse({"events": "1"}, entities=ENTITIES)
    assert notices == [] and state.events is True
    assert encode(state) == {"events": "1"}
    assert parse(encode(state), entities=ENTITIES) == (state, [])
    # off by default, so a link without it (and every link made before) shows none
    assert ViewState().events is False and "events" not in encode(ViewState())
    state, notices = parse({"events": "yes"}, entities=ENTITIES)
    assert state.events is False and [n.param for n in notices] == ["events"]
