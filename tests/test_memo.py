"""dashboard.memo: the bounded memory of recent results the page re-runs rely on."""

from __future__ import annotations

from dashboard.base import cache


class Owner:
    """Stands in for a Data: compared by identity, can be weakly referenced."""


def counted(size: int):
    calls: list[tuple] = []

    @cache.recent(size)
    def work(owner: Owner, *args: object) -> tuple:
        calls.append(args)
        return ("result", *args)

    return work, calls


def test_same_owner_and_arguments_are_worked_out_once() -> None:
    work, calls = counted(4)
    owner = Owner()
    first = work(owner, 1, {"b": 2, "a": 1}, [3])
    again = work(owner, 1, {"a": 1, "b": 2}, [3])  # the same mapping in another order
    assert again is first and len(calls) == 1
    work(owner, 2, {"a": 1, "b": 2}, [3])
    assert len(calls) == 2


def test_another_owner_is_worked_out_afresh() -> None:
    work, calls = counted(4)
    work(Owner(), 1)  # dropped at once: a new owner may get its address
    work(Owner(), 1)
    assert len(calls) == 2


def test_least_recently_used_goes_first() -> None:
    work, calls = counted(2)
    owner = Owner()
    work(owner, "a")
    work(owner, "b")
    work(owner, "a")  # a used again: b is now the oldest
    work(owner, "c")
    assert len(calls) == 3
    work(owner, "a")
    assert len(calls) == 3
    work(owner, "b")
    assert len(calls) == 4


def test_unhashable_arguments_are_told_apart_by_identity() -> None:
    work, calls = counted(4)
    owner, settings = Owner(), {"unhashable": [1]}

    class Settings:
        __hash__ = None  # type: ignore[assignment]

    s1, s2 = Settings(), Settings()
    work(owner, s1)
    work(owner, s1)
    work(owner, s2)
    assert len(calls) == 2
    assert work(owner, settings) is work(owner, dict(settings))
