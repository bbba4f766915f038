"""Remembering recent results of pure functions of the data, for the page re-runs.

Streamlit runs a page from the top on every interaction, so the same chart or scenario
section is asked for again and again with the same inputs. `recent(n)` keeps the last
`n` results of a function whose first argument is an object that lives as long as its
results are useful (a `Data`, one per state of the data folder and shared by all
sessions, or a remembered chart's rows), compared by identity, and whose other
arguments are values or frozen dataclasses. Results are shared between callers, who
must not modify them (the chart and scenario builders return new objects; export copies
a figure before changing it).

The cache is bounded, so an audience moving sliders to many different values cannot
grow the server's memory, and it is guarded by a lock: sessions run in threads.
"""

from __future__ import annotations

import functools
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import TypeVar

Result = TypeVar("Result")


def _frozen(arg: object) -> object:
    """A hashable stand-in for an argument: itself when hashable, its items for a
    mapping or a list, and its identity for anything else (e.g. a Settings object that
    is itself remembered per data)."""
    if isinstance(arg, Mapping):
        return tuple(sorted((k, _frozen(v)) for k, v in arg.items()))
    if isinstance(arg, list | tuple):
        return tuple(_frozen(a) for a in arg)
    try:
        hash(arg)
    except TypeError:
        return ("id", id(arg))
    return arg


def recent(size: int) -> Callable[[Callable[..., Result]], Callable[..., Result]]:
    """Keep the latest `size` results of `fn(data, *args)`, least recently used out."""

    def decorate(fn: Callable[..., Result]) -> Callable[..., Result]:
        cache: OrderedDict[tuple, tuple[weakref.ref, Result]] = OrderedDict()
        lock = threading.Lock()

        @functools.wraps(fn)
        def remembered(data: object, *args: object) -> Result:
            key = (id(data), *map(_frozen, args))
            with lock:
                hit = cache.get(key)
                if hit is not None and hit[0]() is data:  # not a new Data at an old address
                    cache.move_to_end(key)
                    return hit[1]
            result = fn(data, *args)
            with lock:
                cache[key] = (weakref.ref(data), result)
                while len(cache) > size:
                    cache.popitem(last=False)
            return result

        remembered.cache_clear = cache.clear  # type: ignore[attr-defined]
        return remembered

    return decorate
