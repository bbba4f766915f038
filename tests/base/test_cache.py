"""dashboard.base.cache: the one bounded, thread-safe memory of recent results, keyed by
values."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import pandas as pd
import pytest

from dashboard.base import cache


@dataclass(frozen=True)
class Owner:
    """Stands in for a Data: known by its cache_key."""

    cache_key: str


def counted(size: int):
    calls: list[tuple] = []

    @cache.recent(size)
    def work(*args: object) -> tuple:
        calls.append(args)
        return ("result", *args)

    return work, calls


def test_equal_values_are_worked_out_once() -> None:
    work, calls = counted(4)
    first = work(Owner("a"), 1, {"b": 2, "a": 1}, [3])
    again = work(Owner("a"), 1, {"a": 1, "b": 2}, [3])  # a new owner, the same content
    assert again is first and len(calls) == 1
    work(Owner("b"), 1, {"a": 1, "b": 2}, [3])  # other content
    assert len(calls) == 2


def test_frames_are_keyed_by_content_not_identity() -> None:
    work, calls = counted(4)
    frame = pd.DataFrame({"entity": ["KOR", "USA"], "value": [1.0, 2.0]})
    work(frame)
    work(frame.copy())
    assert len(calls) == 1
    work(frame.assign(value=[1.0, 3.0]))
    assert len(calls) == 2


def test_least_recently_used_goes_first() -> None:
    work, calls = counted(2)
    work("a")
    work("b")
    work("a")  # a used again: b is now the oldest
    work("c")
    assert len(calls) == 3
    work("a")
    assert len(calls) == 3
    work("b")
    assert len(calls) == 4


def test_an_unhashable_argument_is_refused_not_missed() -> None:
    work, _ = counted(2)

    class Opaque:
        __hash__ = None  # type: ignore[assignment]

    with pytest.raises(TypeError):
        work(Opaque())


def test_remember_is_per_owner_value_and_bounded() -> None:
    calls: list[str] = []

    def compute(tag: str):
        return lambda: calls.append(tag) or tag

    assert cache.remember(Owner("x"), "k", compute("1")) == "1"
    assert cache.remember(Owner("x"), "k", compute("2")) == "1"  # same owner value
    assert cache.remember(Owner("y"), "k", compute("3")) == "3"
    assert calls == ["1", "3"]
    for i in range(cache.DERIVED_KEPT + 1):
        cache.remember(Owner("z"), i, compute("fill"))
    assert cache.remember(Owner("x"), "k", compute("4")) == "4"  # pushed out, worked again


def test_constant_keeps_each_value_and_threads_agree() -> None:
    calls: list[str] = []

    @cache.constant
    def strings(lang: str) -> dict:
        calls.append(lang)
        return {"lang": lang}

    results: list[dict] = []
    threads = [threading.Thread(target=lambda: results.append(strings("ko"))) for _ in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert all(r is results[0] for r in results)  # one shared result
    assert strings("en") == {"lang": "en"}
    assert set(calls) == {"ko", "en"}


def test_a_store_is_thread_safe_under_contention() -> None:
    store = cache.Store(16)
    errors: list[BaseException] = []

    def hammer(offset: int) -> None:
        try:
            for i in range(2000):
                assert store.get((offset + i) % 40, lambda i=i: i) is not None
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=hammer, args=(n,)) for n in range(6)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors and len(store) <= 16
