"""Run every derivation on its pinned input and rewrite the rows it owns."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import pandas as pd

from data.derive import DERIVATIONS
from data.derive.common import (
    INPUTS_DIR,
    MANIFEST,
    DeriveError,
    Rewrite,
    load_manifest,
    load_remarks,
    plan_rewrite,
    verify,
)

# Entities a derivation may produce rows for: the countries and groups of entities.csv.
PRODUCED_KINDS = ("country", "group")


@dataclass
class Outcome:
    """What one run did or would do."""

    rewrites: dict[Path, Rewrite] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)  # where to get each missing input
    produced: dict[str, list[dict[str, str]]] = field(default_factory=dict)  # by script

    @property
    def differs(self) -> bool:
        return any(r.differs for r in self.rewrites.values())


def entity_ids(data_dir: Path) -> list[str]:
    path = data_dir / "entities.csv"
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except FileNotFoundError as exc:
        raise DeriveError(f"{path}: missing") from exc
    return [r["id"] for r in rows if r.get("kind") in PRODUCED_KINDS]


def read_input(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def run(
    data_dir: Path,
    write: bool = True,
    derivations: tuple[ModuleType, ...] = DERIVATIONS,
    manifest: Path = MANIFEST,
    inputs_dir: Path = INPUTS_DIR,
) -> Outcome:
    """Derive every figure whose input is present; write the files (unless `write` is
    False) only after every derivation has succeeded, so an error leaves the data as it was."""
    pinned = load_manifest(manifest, inputs_dir)
    entities = entity_ids(data_dir)
    outcome = Outcome()
    texts: dict[Path, str] = {}
    for module in derivations:
        if module.INPUT not in pinned:
            raise DeriveError(f"{manifest}: no input {module.INPUT!r} (needed by {module.SCRIPT})")
        try:
            path = verify(pinned[module.INPUT])
        except FileNotFoundError as missing:
            outcome.skipped.append(f"{module.SCRIPT}: {missing}")
            continue
        rows = module.derive(read_input(path), entities, load_remarks(module.__name__))
        outcome.produced[module.SCRIPT] = rows
        target = data_dir / module.TARGET
        if target not in texts:
            try:
                texts[target] = target.read_text(encoding="utf-8")
            except FileNotFoundError as exc:
                raise DeriveError(f"{target}: the data file is missing") from exc
        rewrite = plan_rewrite(target, texts[target], rows, module.owns, module.SCRIPT)
        texts[target] = rewrite.text
        previous = outcome.rewrites.get(target)
        if previous is not None:
            rewrite.changed[:0] = previous.changed
            rewrite.added[:0] = previous.added
            rewrite.unchanged += previous.unchanged
        outcome.rewrites[target] = rewrite
    if write:
        for target, rewrite in outcome.rewrites.items():
            if rewrite.differs:
                with target.open("w", encoding="utf-8", newline="") as handle:
                    handle.write(rewrite.text)
    return outcome
