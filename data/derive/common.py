"""What every derivation shares: the manifest of pinned inputs, their sha256 check, number
formatting as the data files write numbers, and the rewrite of exactly the rows a
derivation produces in a data CSV (other rows byte for byte, order kept)."""

from __future__ import annotations

import csv
import hashlib
import io
import tomllib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

DERIVE_DIR = Path(__file__).resolve().parent
MANIFEST = DERIVE_DIR / "manifest.toml"
INPUTS_DIR = DERIVE_DIR / "inputs"
REPO_DIR = DERIVE_DIR.parent.parent

# The key of an observation row, as supersession and the changelog name it.
KEY_COLUMNS = ("entity", "metric", "year", "source_id")


class DeriveError(Exception):
    """A derivation cannot run or cannot write: the message names the file and the problem."""


@dataclass(frozen=True)
class PinnedInput:
    """One input file of a derivation, pinned by the URL of the exact file and its sha256."""

    id: str
    file: Path  # where the file is expected (data/derive/inputs/...)
    url: str  # the exact file at its commit
    sha256: str
    origin: str  # the publisher's page
    publisher: str
    title: str
    licence: str
    accessed: str
    note: str

    def where_to_get(self) -> str:
        return (
            f"{self.file} is missing: download {self.url} to that path "
            f"(sha256 {self.sha256}; {self.title}, {self.publisher}, {self.licence})"
        )


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def load_manifest(path: Path = MANIFEST, inputs_dir: Path | None = None) -> dict[str, PinnedInput]:
    """The pinned inputs by id. `inputs_dir` (default: next to the manifest) holds the files."""
    try:
        spec = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise DeriveError(f"{path}: the manifest of pinned inputs is missing") from exc
    except tomllib.TOMLDecodeError as exc:
        raise DeriveError(f"{path}: not valid TOML ({exc})") from exc
    folder = inputs_dir if inputs_dir is not None else path.parent / "inputs"
    fields = ("file", "url", "sha256", "origin", "publisher", "title", "licence", "accessed")
    pinned = {}
    for entry_id, entry in spec.get("input", {}).items():
        missing = [f for f in fields if not str(entry.get(f, "")).strip()]
        if missing:
            raise DeriveError(f"{path}: input {entry_id!r} lacks {', '.join(missing)}")
        if "/blob/" in entry["url"] or len(entry.get("commit", "")) != 40:
            raise DeriveError(
                f"{path}: input {entry_id!r} must name the raw file at a full 40-digit commit"
            )
        pinned[entry_id] = PinnedInput(
            id=entry_id,
            file=folder / entry["file"],
            url=entry["url"],
            sha256=entry["sha256"].lower(),
            origin=entry["origin"],
            publisher=entry["publisher"],
            title=entry["title"],
            licence=entry["licence"],
            accessed=entry["accessed"],
            note=entry.get("note", ""),
        )
    return pinned


def verify(pinned: PinnedInput) -> Path:
    """The input's path once its sha256 matches the manifest; a mismatch is an error naming
    the file (a different file would silently give different figures)."""
    if not pinned.file.is_file():
        raise FileNotFoundError(pinned.where_to_get())
    actual = sha256_of(pinned.file)
    if actual != pinned.sha256:
        raise DeriveError(
            f"{pinned.file}: sha256 is {actual}, but the manifest pins {pinned.sha256} "
            f"({pinned.url}). Refusing to derive from a different file: restore the pinned "
            "file, or pin the new one in data/derive/manifest.toml and review every row it changes."
        )
    return pinned.file


# ---------------------------------------------------------------- numbers as the data writes them


def number(value: float, decimals: int) -> str:
    """A value column: rounded, no thousands separators, no trailing zeros ("4.8", "2")."""
    text = f"{value:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def thousands(value: float) -> str:
    """A count in a note: rounded to a whole number, with thousands separators."""
    return f"{round(value):,}"


def percent(value: float) -> str:
    """A percentage in a note, one decimal kept ("10.4", "22.0")."""
    return f"{value:.1f}"


# ---------------------------------------------------------------- remarks kept as data

REMARKS = DERIVE_DIR / "remarks.csv"


def load_remarks(derivation: str, path: Path = REMARKS) -> dict[tuple[str, str], tuple[str, str]]:
    """(entity, metric) -> (English, Korean) sentence appended to a derived row's note: what
    the arithmetic cannot say (a named cluster, a secondary report), kept as data."""
    if not path.is_file():
        return {}
    records = list(read_records(path.read_text(encoding="utf-8")))
    header = records[0].fields
    remarks = {}
    for line_no, record in enumerate(records[1:], start=2):
        row = dict(zip(header, record.fields, strict=False))
        if row.get("derivation") != derivation:
            continue
        key = (row.get("entity", ""), row.get("metric", ""))
        if key in remarks or not row.get("note") or not row.get("note_ko"):
            raise DeriveError(f"{path}:{line_no}: duplicate remark or a language missing")
        remarks[key] = (row["note"], row["note_ko"])
    return remarks


# ---------------------------------------------------------------- rewriting rows of a data CSV


@dataclass(frozen=True)
class Record:
    """One CSV record: its fields and the exact text it occupies in the file."""

    fields: list[str]
    raw: str


def read_records(text: str) -> Iterator[Record]:
    """The CSV's records with the exact text of each (a quoted field may span lines)."""
    lines = text.splitlines(keepends=True)
    consumed: list[str] = []

    def feed() -> Iterator[str]:
        for line in lines:
            consumed.append(line)
            yield line

    for fields in csv.reader(feed()):
        raw = "".join(consumed)
        consumed.clear()
        yield Record(fields, raw)


def write_record(fields: Iterable[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(list(fields))
    return out.getvalue()


def row_key(row: dict[str, str]) -> str:
    return "/".join(row[c] for c in KEY_COLUMNS)


def merge_links(produced: str, shipped: str) -> str:
    """The rows a derived row supersedes: the derivation's own links, then any the shipped
    row carries besides (supersession of a figure from another source is curated by hand,
    and a rerun keeps it)."""
    links = [link for link in produced.split(";") if link]
    links += [link for link in shipped.split(";") if link and link not in links]
    return ";".join(links)


@dataclass
class Rewrite:
    """What rewriting one file would do."""

    file: Path
    text: str  # the new text of the file
    changed: list[str]  # keys of rows rewritten with different text
    added: list[str]  # keys of rows inserted
    unchanged: int

    @property
    def differs(self) -> bool:
        return bool(self.changed or self.added)


def plan_rewrite(
    path: Path,
    text: str,
    produced: list[dict[str, str]],
    owns: Callable[[dict[str, str]], bool],
    derivation: str,
) -> Rewrite:
    """The file with every row `owns` claims replaced by the produced row of the same key.

    `text` is the file's current text (`path` names it in messages). The `supersedes` links
    the shipped row carries are kept after the derivation's own (`merge_links`). A produced
    row whose key is new goes right after the row it supersedes, else after the last row the
    derivation owns, else at the end. Refused: an owned row the derivation no longer
    produces (a figure is never silently dropped: supersede or remove it by hand), and a
    produced row whose key belongs to a row the derivation does not own (such as a
    superseded figure)."""
    records = list(read_records(text))
    if not records:
        raise DeriveError(f"{path}: empty file, no header")
    header = records[0].fields
    missing = [c for c in KEY_COLUMNS if c not in header]
    if missing:
        raise DeriveError(f"{path}: header lacks {', '.join(missing)}")
    by_key: dict[str, dict[str, str]] = {}
    for row in produced:
        extra = set(row) - set(header)
        if extra:
            raise DeriveError(f"{derivation}: produces columns {sorted(extra)} not in {path.name}")
        full = {c: row.get(c, "") for c in header}
        key = row_key(full)
        if key in by_key:
            raise DeriveError(f"{derivation}: produces {key} twice")
        by_key[key] = full

    out: list[str] = [records[0].raw]
    changed, seen, unchanged = [], set(), 0
    anchor_of: dict[str, int] = {}  # key of a row in the file -> its index in `out`
    last_owned = None
    for line_no, record in enumerate(records[1:], start=2):
        row = dict(zip(header, record.fields, strict=False))
        key = row_key({c: row.get(c, "") for c in header})
        if owns(row):
            if key not in by_key:
                raise DeriveError(
                    f"{path}:{line_no}: {key} belongs to {derivation}, which no longer "
                    "produces it; supersede or remove the row by hand"
                )
            if "supersedes" in header:
                by_key[key]["supersedes"] = merge_links(
                    by_key[key]["supersedes"], row.get("supersedes", "")
                )
            new = write_record(by_key[key][c] for c in header)
            seen.add(key)
            if new != record.raw:
                changed.append(key)
            else:
                unchanged += 1
            out.append(new)
            last_owned = len(out) - 1
        else:
            if key in by_key:
                raise DeriveError(
                    f"{path}:{line_no}: {derivation} produces {key}, but the row there is not "
                    "one it owns (superseded, or another source's); refusing to overwrite it"
                )
            out.append(record.raw)
        anchor_of[key] = len(out) - 1
    inserts: dict[int, list[str]] = {}
    added = []
    for key, row in by_key.items():
        if key in seen:
            continue
        after = anchor_of.get(row.get("supersedes", "").split(";")[0], last_owned)
        at = len(out) - 1 if after is None else after
        inserts.setdefault(at, []).append(write_record(row[c] for c in header))
        added.append(key)
    final: list[str] = []
    for index, raw in enumerate(out):
        if index in inserts and not raw.endswith("\n"):
            raw += "\n"  # a last line without its newline: the insert starts a new line
        final.append(raw)
        final.extend(inserts.get(index, []))
    return Rewrite(path, "".join(final), changed, added, unchanged)
