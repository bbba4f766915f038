"""The URL parameter schema: typed, bounded, and never trusting what a link carries."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from dashboard.params import SCHEMA, ViewState, encode, parse

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
    )


HOSTILE = [
    ("nonsense", "1"),
    ("lang", "fr"),
    ("lang", "<script>alert(1)</script>"),
    ("present", "yes"),
    ("present", "2"),
    ("slide", "abc"),
    ("slide", "1e309"),
    ("slide", "nan"),
    ("slide", "inf"),
    ("slide", "-1"),
    ("slide", "0"),
    ("slide", "10000000000"),
    ("slide", "2.5"),
    ("countries", "KOR,ZZZ"),
    ("countries", "../../etc/passwd"),
    ("countries", "KOR'; DROP TABLE entities;--"),
    ("countries", ""),
    ("countries", ",,,"),
    ("countries", ",".join(["KOR"] * 100)),
    ("scale", "LOG"),
    ("basis", "x" * 5000),
    ("focus", "한국"),
    ("focus", "\u202eKOR"),
    ("focus", "<img src=x onerror=alert(1)>"),
    ("lang", "\x00"),
    ("scale", "linear\nlog"),
]


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
    assert [p.name for p in SCHEMA] == list(ViewState.__dataclass_fields__)
