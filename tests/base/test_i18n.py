"""The strings files: both languages complete, every key used, placeholders matching."""

from __future__ import annotations

import re
import string

import pytest

from dashboard import PACKAGE_DIR
from dashboard.base.i18n import catalogue, t

LITERAL_KEY = re.compile(r"""["']([a-z_]+(?:\.[a-z0-9_]+)+)["']""")
FILE_SUFFIXES = (".csv", ".json", ".py", ".yaml", ".md")
DYNAMIC_PREFIX = re.compile(r"""f["']([a-z_]+(?:\.[a-z0-9_]+)*\.)\{""")
# `K = "whatif.compute."` then `_t("world_title")` or `K + "world_title"`: a key is used when
# a prefix constant and the rest of the key as a string both appear.
PREFIX_CONSTANT = re.compile(r"""^\s*\w+ = ["']([a-z_]+(?:\.[a-z0-9_]+)*\.)["']\s*$""", re.M)
ANY_LITERAL = re.compile(r"""["']([a-z0-9_]+(?:\.[a-z0-9_]+)*)["']""")


def code_text() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in PACKAGE_DIR.rglob("*.py"))


def test_both_languages_have_the_same_keys() -> None:
    ko, en = set(catalogue("ko")), set(catalogue("en"))
    assert not ko - en, f"only in ko.yaml: {sorted(ko - en)}"
    assert not en - ko, f"only in en.yaml: {sorted(en - ko)}"


def test_every_key_is_used_by_the_code() -> None:
    text = code_text()
    literal = set(LITERAL_KEY.findall(text))
    prefixes = tuple(DYNAMIC_PREFIX.findall(text))
    constants, rests = set(PREFIX_CONSTANT.findall(text)), set(ANY_LITERAL.findall(text))
    literal |= {p + r for p in constants for r in rests}
    prefixes += tuple(p + d for p in constants for d in prefixes)
    unused = [k for k in catalogue("en") if k not in literal and not k.startswith(prefixes)]
    assert not unused, f"keys no code uses: {unused}"


def test_every_literal_key_in_code_exists() -> None:
    keys = set(catalogue("en"))
    namespaces = {k.split(".")[0] for k in keys}
    text = code_text()
    constants = PREFIX_CONSTANT.findall(text)
    used = {
        k
        for k in LITERAL_KEY.findall(text)
        if k.split(".")[0] in namespaces
        and not k.endswith(FILE_SUFFIXES)
        and not any(p + k in keys for p in constants)  # the rest of a prefixed key
    }
    assert not used - keys, f"keys missing from the strings files: {sorted(used - keys)}"


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(catalogue("en")))
def test_placeholders_match(key: str) -> None:
    assert placeholders(catalogue("ko")[key]) == placeholders(catalogue("en")[key])


def test_fallback_and_unknown_language() -> None:
    assert t("nav.overview", "ko") == "개요" and t("nav.overview", "en") == "Overview"
    with pytest.raises(ValueError):
        t("nav.overview", "fr")
