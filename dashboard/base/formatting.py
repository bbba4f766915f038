"""Number formatting for the dashboard in Korean (``"ko"``) and English (``"en"``).

What it does: turns raw numbers into display strings -- compact numbers with Korean units
(천/만/억/조) or English suffixes (K/M/B/T), full numbers with grouping, money, percentages,
ranks, ratios and days. Digits, grouping and percent signs come from babel's ``ko``/``en`` data.

What it does not do: parse strings, convert currencies, scale inputs (money is in currency
units, percentages in percent units), support any other locale, or keep global locale state
-- ``lang`` is passed to every call. It never imports streamlit.

A missing value (None, NaN, or +/-inf from a bad division) is shown as an em dash ``"—"``:
a gap stays a gap and is never drawn as 0. Rounding is half-up on the shortest decimal repr
of the float, so 2.675 shows as 2.68 the way a reader expects.
"""

from __future__ import annotations

import datetime
import math
import operator
from decimal import ROUND_HALF_UP, Decimal

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent, get_currency_symbol

LANGS = ("ko", "en")
MISSING = "—"

# (power of ten, suffix), largest first. Picking the largest unit whose value is >= 1 means
# 천 is only reached below 1만: Korean writes 35,000 as "3.5만", never "35천".
_UNITS = {
    "ko": ((12, "조"), (8, "억"), (4, "만"), (3, "천")),
    "en": ((12, "T"), (9, "B"), (6, "M"), (3, "K")),
}

# Korean reading of the currencies the dashboard shows; anything else falls back to its code.
_KO_CURRENCY = {
    "KRW": "원", "USD": "달러", "EUR": "유로", "CNY": "위안", "JPY": "엔", "GBP": "파운드",
    "CAD": "캐나다 달러", "SGD": "싱가포르 달러", "INR": "루피", "AED": "디르함",
}  # fmt: skip


def _check_lang(lang: str) -> None:
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, got {lang!r}")


def _to_decimal(value: float | None) -> Decimal | None:
    """Exact decimal of the float's shortest repr, or None for a missing/non-finite value."""
    if value is None or not math.isfinite(value):
        return None
    return Decimal(repr(float(value)))


def _round_sig(d: Decimal, digits: int) -> Decimal:
    if digits < 1:
        raise ValueError(f"digits must be >= 1, got {digits}")
    if d.is_zero():
        return Decimal(0)
    return d.quantize(Decimal(1).scaleb(d.adjusted() - digits + 1), rounding=ROUND_HALF_UP)


def _round_places(d: Decimal, places: int) -> Decimal:
    if places < 0:
        raise ValueError(f"decimals must be >= 0, got {places}")
    return d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _plain(d: Decimal, lang: str) -> str:
    """Grouped number with every significant fraction digit and no trailing zeros."""
    d = d.normalize()
    if d.is_zero():
        return "0"  # also avoids "-0" for negative zero
    places = max(0, -d.as_tuple().exponent)
    pattern = "#,##0." + "#" * places if places else "#,##0"
    return format_decimal(d, format=pattern, locale=lang)


def _compact(d: Decimal, lang: str, digits: int) -> str:
    """Round to `digits` significant digits first, then use the largest unit whose value >= 1.

    Rounding first keeps 9,999 (3 digits) from showing as "10천"; it becomes "1만".
    """
    exact = d
    d = _round_sig(d, digits)
    for power, suffix in _UNITS[lang]:
        if abs(d) >= Decimal(1).scaleb(power):
            scaled = d.scaleb(-power)
            if suffix == "천" and scaled != scaled.to_integral_value():
                # Korean writes 1,073 in full: "1.07천" reads oddly, "2천" does not.
                return _plain(_round_places(exact, 0), lang)
            return _plain(scaled, lang) + suffix
    return _plain(d, lang)


def compact(value: float | None, lang: str, *, digits: int = 3) -> str:
    """Compact number: ko 35000 -> "3.5만", 12345678 -> "1,230만"; en 35000 -> "35K"."""
    _check_lang(lang)
    d = _to_decimal(value)
    return MISSING if d is None else _compact(d, lang, digits)


def number(value: float | None, lang: str, *, decimals: int | None = None) -> str:
    """Full grouped number: 2000 -> "2,000"; 109.08 -> "109.08".

    decimals=None keeps up to 3 fraction digits and drops trailing zeros (babel's default);
    an int shows exactly that many fraction digits (number(2, "en", decimals=1) -> "2.0").
    """
    _check_lang(lang)
    d = _to_decimal(value)
    if d is None:
        return MISSING
    if decimals is None:
        return _plain(_round_places(d, 3), lang)
    d = _round_places(d, decimals)
    if d.is_zero():
        d = abs(d)  # "-0.00" would suggest a negative value that is not there
    pattern = "#,##0." + "0" * decimals if decimals else "#,##0"
    return format_decimal(d, format=pattern, locale=lang)


def money(amount: float | None, currency: str, lang: str, *, digits: int = 3) -> str:
    """Money in currency units: ko "100조 원", "13.3억 달러"; en "₩100T", "$1.33B", "SGD 5B".

    ko always puts the unit word after the number; an unknown code is used as the word
    ("5억 XYZ"). en uses babel's en symbol when it has one (CN¥, CA$, ₹), else "CODE " first.
    The sign goes in front of everything: "-$1.33B", "-SGD 5B".
    """
    _check_lang(lang)
    code = currency.strip().upper()
    if len(code) != 3 or not code.isascii() or not code.isalpha():
        raise ValueError(f"currency must be a 3-letter ISO 4217 code, got {currency!r}")
    d = _to_decimal(amount)
    if d is None:
        return MISSING
    body = _compact(d, lang, digits)
    if lang == "ko":
        return f"{body} {_KO_CURRENCY.get(code, code)}"
    sign, body = ("-", body[1:]) if body.startswith("-") else ("", body)
    symbol = get_currency_symbol(code, locale="en")
    prefix = symbol if symbol != code else f"{code} "
    return f"{sign}{prefix}{body}"


def percent(value_percent: float | None, lang: str, *, decimals: int = 1) -> str:
    """Value already in percent units: 23.8 -> "23.8%", 24.0 -> "24%" (trailing zeros dropped)."""
    _check_lang(lang)
    d = _to_decimal(value_percent)
    if d is None:
        return MISSING
    d = _round_places(d, decimals).normalize()
    if d.is_zero():
        d = Decimal(0)
    # babel multiplies by 100, so hand it a fraction; enough '#' that babel never re-rounds.
    places = max(0, -d.as_tuple().exponent)
    pattern = ("#,##0." + "#" * places if places else "#,##0") + "%"
    return format_percent(d.scaleb(-2), format=pattern, locale=lang)


def _ordinal_suffix(n: int) -> str:
    if n % 100 in (11, 12, 13):
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def _whole(value: float) -> int:
    """Ranks come from pandas as float64 once a column has gaps; 6.0 is still rank 6."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return operator.index(value)  # TypeError for 6.5; accepts numpy integers


def rank(value: int | None, lang: str, *, out_of: int | None = None) -> str:
    """Rank: ko "6위" / "6위 (83개국 중)"; en "6th" / "6th of 83". NaN/None -> "—"."""
    _check_lang(lang)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return MISSING
    value = _whole(value)
    out_of = None if out_of is None else _whole(out_of)
    if value < 1 or (out_of is not None and out_of < value):
        raise ValueError(f"rank must be in 1..out_of, got {value} of {out_of}")
    n = number(value, lang)
    if lang == "ko":
        text = f"{n}위"
        return text if out_of is None else f"{text} ({number(out_of, lang)}개국 중)"
    text = f"{n}{_ordinal_suffix(value)}"
    return text if out_of is None else f"{text} of {number(out_of, lang)}"


def ratio(value: float | None, lang: str) -> str:
    """Multiplier to 3 significant digits: 50 -> "50배" / "50×"; 0.02 -> "0.02배" / "0.02×"."""
    _check_lang(lang)
    d = _to_decimal(value)
    if d is None:
        return MISSING
    return _plain(_round_sig(d, 3), lang) + ("배" if lang == "ko" else "×")


def day(value: datetime.date, lang: str) -> str:
    """A day as a reader writes it: ko "2026년 1월 22일"; en "January 22, 2026"."""
    _check_lang(lang)
    return format_date(value, format="long", locale=lang)
