"""A problem located to a file, line and column (`Problem`), and the collector the
checks add them to. The data folder's checks and the story file's checker report with
it; its text, in either language, comes from the strings files."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from dashboard.base.i18n import t

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data, located to a file, line and column.

    `code` names the kind of problem; its text, in either language, is the strings
    entry `problem.<code>`, filled from `params`.
    """

    severity: Severity
    file: str
    line: int
    column: str
    code: str
    value: str = ""
    params: tuple[tuple[str, str], ...] = ()

    def message(self, lang: str = "en") -> str:
        # A code is a key under `problem.`; a dotted code is a whole strings key.
        key = self.code if "." in self.code else f"problem.{self.code}"
        return t(key, lang, **dict(self.params))

    def format(self, lang: str = "en") -> str:
        text = f"{self.file}:{self.line}: {self.column}: {self.message(lang)}"
        return f"{text} ({self.value!r})" if self.value != "" else text


class Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(
        self,
        severity: Severity,
        file: str,
        line: int,
        column: str,
        code: str,
        value: object = "",
        **params: object,
    ) -> None:
        shown = "" if value is None else str(value)
        if len(shown) > 80:  # keep messages readable; the location finds the rest
            shown = shown[:77] + "..."
        self.problems.append(
            Problem(
                severity,
                file,
                line,
                column,
                code,
                shown,
                tuple((k, str(v)) for k, v in params.items()),
            )
        )
