"""User-facing text in Korean and English, from one strings file per language.

Every string a user can read lives in `dashboard/strings/{ko,en}.yaml`; code refers to
it by a dotted key. This module does not translate data: entity and metric names come
from the data's `_ko`/`_en` columns.
"""

from __future__ import annotations

import yaml

from dashboard import PACKAGE_DIR
from dashboard.base import cache

LANGS = ("ko", "en")
DEFAULT_LANG = "ko"
STRINGS_DIR = PACKAGE_DIR / "strings"


def _flatten(tree: dict, prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in tree.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, path + "."))
        else:
            flat[path] = str(value)
    return flat


@cache.constant
def catalogue(lang: str) -> dict[str, str]:
    """All strings of one language, keyed by dotted path."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; expected one of {LANGS}")
    with open(STRINGS_DIR / f"{lang}.yaml", encoding="utf-8") as fh:
        return _flatten(yaml.safe_load(fh) or {})


def t(key: str, lang: str = DEFAULT_LANG, /, **params: object) -> str:
    """The string `key` in `lang`, with `{name}` placeholders filled from params.

    A key missing from one language falls back to the other rather than failing in
    front of an audience; a test keeps both catalogues complete.
    """
    text = catalogue(lang).get(key)
    if text is None:
        other = "en" if lang == "ko" else "ko"
        text = catalogue(other).get(key, key)
    return text.format(**params) if params else text
