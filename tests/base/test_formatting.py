"""dashboard.base.formatting: pinned examples in both languages, and properties."""

from __future__ import annotations

import datetime
import re
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard import REPO_DIR
from dashboard.base.formatting import LANGS, compact, day, money, number, percent, rank, ratio

DASH = "—"
HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")
KO_UNITS = {"": 0, "천": 3, "만": 4, "억": 8, "조": 12}
EN_UNITS = {"": 0, "K": 3, "M": 6, "B": 9, "T": 12}
COMPACT_RE = re.compile(r"^(-?[\d,]+(?:\.\d+)?)(\D?)$")

finite = st.floats(min_value=-1e18, max_value=1e18, allow_nan=False, allow_infinity=False)
positive = st.floats(min_value=1e-6, max_value=1e18)
# Explicit bounds: hypothesis rewrites `.filter(lambda v: v < 0)` into bounds that admit -0.0.
negative = st.floats(min_value=-1e18, max_value=-5e-324)
digits_st = st.integers(min_value=1, max_value=6)
lang_st = st.sampled_from(LANGS)


def parse_compact(text: str, lang: str) -> Decimal:
    """Read a compact string back into an exact Decimal (the inverse the dashboard never needs)."""
    match = COMPACT_RE.match(text)
    assert match, f"not a compact number: {text!r}"
    mantissa, suffix = match.groups()
    units = KO_UNITS if lang == "ko" else EN_UNITS
    assert suffix in units, f"unexpected unit {suffix!r} in {text!r}"
    return Decimal(mantissa.replace(",", "")).scaleb(units[suffix])


def unit_of(text: str, lang: str) -> int:
    match = COMPACT_RE.match(text)
    assert match, text
    return (KO_UNITS if lang == "ko" else EN_UNITS)[match.group(2)]


# --- pinned examples -----------------------------------------------------------------------

COMPACT_CASES = [
    # value, ko, en
    (2000, "2천", "2K"),
    (35000, "3.5만", "35K"),
    (100000, "10만", "100K"),
    (1330000000, "13.3억", "1.33B"),
    (1.33e9, "13.3억", "1.33B"),
    (1e14, "100조", "100T"),
    (950, "950", "950"),
    (12345678, "1,230만", "12.3M"),
    (-35000, "-3.5만", "-35K"),
    (0, "0", "0"),
    (-0.0, "0", "0"),
    (9999, "1만", "10K"),  # rounded first, then the unit is chosen: no "10천"
    (1234, "1,234", "1.23K"),  # Korean writes numbers under 만 in full unless whole 천
    (2000, "2천", "2K"),
    (0.02, "0.02", "0.02"),
    (1e18, "1,000,000조", "1,000,000T"),
]


@pytest.mark.parametrize(("value", "ko", "en"), COMPACT_CASES)
def test_compact_examples(value: float, ko: str, en: str) -> None:
    assert compact(value, "ko") == ko
    assert compact(value, "en") == en


def test_compact_digits() -> None:
    assert compact(12345678, "ko", digits=4) == "1,235만"
    assert compact(12345678, "en", digits=4) == "12.35M"
    assert compact(9999, "ko", digits=4) == "9,999"
    assert compact(35000, "ko", digits=1) == "4만"  # half-up, not banker's rounding


@pytest.mark.parametrize("missing", [None, float("nan"), float("inf"), float("-inf")])
def test_missing_is_a_dash_everywhere(missing: float | None) -> None:
    for lang in LANGS:
        assert compact(missing, lang) == DASH
        assert number(missing, lang) == DASH
        assert number(missing, lang, decimals=2) == DASH
        assert money(missing, "USD", lang) == DASH
        assert percent(missing, lang) == DASH
        assert ratio(missing, lang) == DASH
    for lang in LANGS:
        assert rank(None, lang) == DASH
        assert rank(float("nan"), lang) == DASH


@pytest.mark.parametrize("lang", LANGS)
def test_number(lang: str) -> None:
    assert number(2000, lang) == "2,000"
    assert number(109.08, lang) == "109.08"
    assert number(1 / 3, lang) == "0.333"
    assert number(-1234567.5, lang) == "-1,234,567.5"
    assert number(2, lang, decimals=1) == "2.0"
    assert number(2.675, lang, decimals=2) == "2.68"
    assert number(-0.0001, lang, decimals=2) == "0.00"
    assert number(-0.0001, lang) == "0"
    assert number(-0.0, lang) == "0"
    assert number(1234.5, lang, decimals=0) == "1,235"


MONEY_CASES = [
    # amount, currency, ko, en
    (1e14, "KRW", "100조 원", "₩100T"),
    (1.33e9, "USD", "13.3억 달러", "$1.33B"),
    (109e9, "EUR", "1,090억 유로", "€109B"),
    (1e13, "CNY", "10조 위안", "CN¥10T"),
    (3e9, "JPY", "30억 엔", "¥3B"),
    (2.5e6, "GBP", "250만 파운드", "£2.5M"),
    (2e9, "CAD", "20억 캐나다 달러", "CA$2B"),
    (5e9, "SGD", "50억 싱가포르 달러", "SGD 5B"),
    (7e8, "INR", "7억 루피", "₹700M"),
    (4e10, "AED", "400억 디르함", "AED 40B"),
    (5e9, "XYZ", "50억 XYZ", "XYZ 5B"),
    (-1.33e9, "usd", "-13.3억 달러", "-$1.33B"),
    (-5e9, "SGD", "-50억 싱가포르 달러", "-SGD 5B"),
    (0, "USD", "0 달러", "$0"),
]


@pytest.mark.parametrize(("amount", "currency", "ko", "en"), MONEY_CASES)
def test_money_examples(amount: float, currency: str, ko: str, en: str) -> None:
    assert money(amount, currency, "ko") == ko
    assert money(amount, currency, "en") == en


def test_money_digits_and_bad_code() -> None:
    assert money(1.23456e9, "USD", "en", digits=2) == "$1.2B"
    for bad in ("US", "USDX", "U$D", "", "달러"):
        with pytest.raises(ValueError):
            money(1, bad, "en")


@pytest.mark.parametrize("lang", LANGS)
def test_percent(lang: str) -> None:
    assert percent(23.8, lang) == "23.8%"
    assert percent(24.0, lang) == "24%"
    assert percent(23.85, lang) == "23.9%"
    assert percent(-0.04, lang) == "0%"
    assert percent(-12.34, lang) == "-12.3%"
    assert percent(1234.56, lang, decimals=2) == "1,234.56%"
    assert percent(23.8, lang, decimals=0) == "24%"


ORDINALS = {
    1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 10: "10th", 11: "11th", 12: "12th", 13: "13th",
    21: "21st", 22: "22nd", 23: "23rd", 101: "101st", 111: "111th", 112: "112th",
    113: "113th", 1001: "1,001st",
}  # fmt: skip


@pytest.mark.parametrize(("n", "en"), ORDINALS.items())
def test_rank_ordinals(n: int, en: str) -> None:
    assert rank(n, "en") == en
    assert rank(n, "ko") == f"{number(n, 'ko')}위"


def test_rank_out_of_and_input_types() -> None:
    assert rank(6, "ko") == "6위"
    assert rank(6, "ko", out_of=83) == "6위 (83개국 중)"
    assert rank(6, "en") == "6th"
    assert rank(6, "en", out_of=83) == "6th of 83"
    assert rank(np.int64(2), "en", out_of=np.int64(83)) == "2nd of 83"
    assert rank(3.0, "en") == "3rd"  # pandas float column after a gap
    for bad in (0, -1):
        with pytest.raises(ValueError):
            rank(bad, "en")
    with pytest.raises(ValueError):
        rank(84, "en", out_of=83)
    with pytest.raises(TypeError):
        rank(6.5, "en")


@pytest.mark.parametrize(
    ("value", "ko", "en"),
    [(50, "50배", "50×"), (0.02, "0.02배", "0.02×"), (1.23456, "1.23배", "1.23×"),
     (12345, "12,300배", "12,300×"), (-2, "-2배", "-2×")],
)  # fmt: skip
def test_ratio(value: float, ko: str, en: str) -> None:
    assert ratio(value, "ko") == ko
    assert ratio(value, "en") == en


@pytest.mark.parametrize("bad", ["ja", "KO", "en_US", "", "ko-KR"])
def test_unknown_lang_is_rejected(bad: str) -> None:
    for call in (
        lambda: compact(1, bad),
        lambda: number(1, bad),
        lambda: money(1, "USD", bad),
        lambda: percent(1, bad),
        lambda: rank(1, bad),
        lambda: ratio(1, bad),
        lambda: compact(None, bad),  # a bad lang is a bug even when the value is missing
    ):
        with pytest.raises(ValueError):
            call()


def test_bad_digits_and_decimals() -> None:
    with pytest.raises(ValueError):
        compact(1, "en", digits=0)
    with pytest.raises(ValueError):
        number(1, "en", decimals=-1)


def test_module_does_not_import_streamlit() -> None:
    root = REPO_DIR
    code = "import sys, dashboard.base.formatting; sys.exit('streamlit' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False, cwd=root).returncode == 0


# --- properties ----------------------------------------------------------------------------


@given(value=finite, lang=lang_st, digits=digits_st)
def test_compact_never_raises_and_has_the_right_script(
    value: float, lang: str, digits: int
) -> None:
    text = compact(value, lang, digits=digits)
    assert text and text != DASH
    if lang == "ko":
        assert not re.search(r"[A-Za-z]", text)
    else:
        assert not HANGUL.search(text)


@given(value=negative, lang=lang_st, digits=digits_st)
def test_negatives_keep_their_sign(value: float, lang: str, digits: int) -> None:
    assert compact(value, lang, digits=digits).startswith("-")
    assert money(value, "USD", lang, digits=digits).startswith("-")


@given(a=positive, b=positive, lang=lang_st, digits=digits_st)
def test_unit_choice_is_monotone(a: float, b: float, lang: str, digits: int) -> None:
    small, large = sorted((a, b))
    assert unit_of(compact(small, lang, digits=digits), lang) <= unit_of(
        compact(large, lang, digits=digits), lang
    )


@given(value=finite, lang=lang_st, digits=digits_st)
def test_compact_round_trips_within_rounding_error(value: float, lang: str, digits: int) -> None:
    parsed = parse_compact(compact(value, lang, digits=digits), lang)
    exact = Decimal(repr(value))
    if exact.is_zero():
        assert parsed == 0
        return
    assert abs(parsed - exact) / abs(exact) <= Decimal("0.5") * Decimal(10) ** (1 - digits)


@given(value=positive, digits=digits_st)
def test_ko_mantissa_is_at_least_one_and_cheon_only_below_man(value: float, digits: int) -> None:
    text = compact(value, "ko", digits=digits)
    mantissa, suffix = COMPACT_RE.match(text).groups()
    if suffix:
        assert Decimal(mantissa.replace(",", "")) >= 1
    if suffix == "천":
        assert Decimal(mantissa) < 10
    if suffix in ("만", "억"):  # the next unit up takes over at 10^4 of this one
        assert Decimal(mantissa.replace(",", "")) < 10_000


@given(value=finite, lang=lang_st)
def test_number_round_trips(value: float, lang: str) -> None:
    parsed = Decimal(number(value, lang, decimals=2).replace(",", ""))
    assert abs(parsed - Decimal(repr(value))) <= Decimal("0.005")


@given(n=st.integers(min_value=1, max_value=10**6))
def test_ordinal_suffix_matches_english_rule(n: int) -> None:
    text = rank(n, "en")
    expected = "th" if n % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    assert text.endswith(expected)
    assert text[:-2].replace(",", "") == str(n)


@given(value=st.floats(min_value=-1e6, max_value=1e6), lang=lang_st)
def test_percent_matches_rounded_input(value: float, lang: str) -> None:
    text = percent(value, lang)
    assert text.endswith("%") and not text.endswith(".0%")
    # Half-up on the decimal the reader sees (0.85 -> 0.9), unlike round()'s binary 0.8.
    expected = Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    assert Decimal(text[:-1].replace(",", "")) == expected


def test_day_as_each_language_writes_it() -> None:
    when = datetime.date(2026, 1, 22)
    assert day(when, "ko") == "2026년 1월 22일"
    assert day(when, "en") == "January 22, 2026"
    with pytest.raises(ValueError):
        day(when, "fr")
