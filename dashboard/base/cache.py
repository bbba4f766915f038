"""The one cache: results of pure functions remembered in bounded, thread-safe memory,
keyed by the values of their arguments. Everything outside Streamlit's own decorators
(`st.cache_resource` for the loaded data, in the web layer) remembers through here.

Why: Streamlit runs a page from the top on every interaction, so the same chart,
selection or scenario section is asked for again and again with the same inputs.

- `recent(size)` decorates a function and keeps its latest `size` results, least
  recently used out. The bound means an audience moving sliders to many different values
  cannot grow the server's memory.
- `remember(owner, key, compute)` keeps what is derived from one loaded `Data` (name
  lookups, exchange rates, the what-if settings ...), in one shared bounded store.
- `constant(fn)` is for a function of a few fixed values (a language): it never evicts,
  and a hit takes no lock, since `t()` asks for its strings thousands of times a run.

Keys are values, never identities, so a fresh object with the same content finds the
result and a new object at an old address never finds a stale one: an object with a
`cache_key` (a `Data`: a digest of the files it was read from) by that key; a pandas
frame or series by a digest of its content; a mapping, list, tuple or frozen dataclass
by its items; anything else by itself, which must then be hashable (a TypeError, never
a silent miss). Sessions run in threads: every store is guarded by a lock.

Results are shared between callers, who must not modify them (builders return new
objects; export copies a figure before changing it).
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from typing import TypeVar

import pandas as pd

Result = TypeVar("Result")
DERIVED_KEPT = 1024  # derivations remembered across every loaded Data (`remember`)


def key_of(arg: object) -> Hashable:
    """A hashable key for an argument, built from its value (see the module docstring)."""
    own = getattr(arg, "cache_key", None)
    if isinstance(own, str) and own:
        return ("key", own)
    if isinstance(arg, pd.DataFrame | pd.Series):
        columns = tuple(arg.columns) if isinstance(arg, pd.DataFrame) else (arg.name,)
        return ("frame", columns, _digest(arg))
    if isinstance(arg, Mapping):
        return ("map", tuple(sorted((k, key_of(v)) for k, v in arg.items())))
    if isinstance(arg, list | tuple):
        return tuple(key_of(a) for a in arg)
    if dataclasses.is_dataclass(arg) and not isinstance(arg, type):
        fields = dataclasses.fields(arg)
        return (type(arg).__qualname__, *(key_of(getattr(arg, f.name)) for f in fields))
    hash(arg)  # TypeError for an unhashable value: better than a key that never matches
    return arg


def _digest(frame: pd.DataFrame | pd.Series) -> str:
    """A digest of a frame's content, index and labels: of its JSON (a few times faster
    than hashing it column by column for the small frames a page run keys by; floats to
    15 significant digits), or of pandas' row hashes for a cell JSON cannot hold."""
    try:
        held = frame.to_json(orient="split", double_precision=15).encode()
    except (TypeError, ValueError, OverflowError):
        held = pd.util.hash_pandas_object(frame, index=True).to_numpy().tobytes()
    return hashlib.blake2b(held, digest_size=16).hexdigest()


class Store:
    """A bounded least-recently-used map, guarded by a lock."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], Result]) -> Result:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]  # type: ignore[return-value]
        result = compute()  # outside the lock: other sessions go on meanwhile
        with self._lock:
            self._items[key] = result
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return result

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)


def recent(size: int) -> Callable[[Callable[..., Result]], Callable[..., Result]]:
    """Keep the latest `size` results of a function, keyed by its arguments' values."""

    def decorate(fn: Callable[..., Result]) -> Callable[..., Result]:
        store = Store(size)

        @functools.wraps(fn)
        def remembered(*args: object) -> Result:
            return store.get(key_of(args), lambda: fn(*args))

        return remembered

    return decorate


_DERIVED = Store(DERIVED_KEPT)


def remember(owner: object, key: Hashable, compute: Callable[[], Result]) -> Result:
    """`compute()`, done once per owner (by value: its `cache_key`) and key."""
    return _DERIVED.get((key_of(owner), key), compute)


def constant(fn: Callable[[Hashable], Result]) -> Callable[[Hashable], Result]:
    """Remember a function of one value from a small fixed set, for good."""
    done: dict[Hashable, Result] = {}
    lock = threading.Lock()

    @functools.wraps(fn)
    def once(arg: Hashable) -> Result:
        try:
            return done[arg]  # a dict read is atomic: no lock on a hit
        except KeyError:
            pass
        result = fn(arg)
        with lock:
            return done.setdefault(arg, result)

    return once
