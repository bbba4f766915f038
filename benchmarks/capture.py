"""A page's floor, captured from the app's own run: every Streamlit call the page makes,
recorded with its arguments, then replayed with nothing computed. The only floor there is:
every benchmark's floor is a page of the app captured so.

    python -m benchmarks.capture --page pages/whatif.py [--query K=V&...] --out F.floor

opens the page as a new session with that link (AppTest; no --page: the landing page),
records it and saves the recording with the page's own elements (`save`); then
``benchmarks/floor_page.py`` replays the file named by ``BENCH_FLOOR`` (under AppTest, or
served: ``BENCH_FLOOR=F.floor streamlit run benchmarks/floor_page.py``). In one process:

    recording = record(lambda: open_app_page(...))   # one real AppTest run of the app
    hold(recording)                                  # benchmarks/floor_page.py replays it

`record(run)` wraps every public element and container method of Streamlit's
`DeltaGenerator` (markdown, caption, plotly_chart, dataframe, metric, slider,
multiselect, columns, expander, popover, ...) for the length of `run()`, and keeps each
outermost call: which container it drew into, the method, its arguments exactly as the
page passed them (the same figure objects, data frames, format functions, keys) and the
containers it returned. `replay(recording)` makes the same calls in the same containers.
Widget values the page puts in `st.session_state` before drawing a widget (the what-if
page sets its sliders from the link that way) are recorded in their place among the
calls and replayed as the page makes them, for keys not yet in the session. A fragment
(`st.fragment`, with its key) is recorded as marks around its calls and replayed as a
fragment with the same key, so the page's widget callbacks (which re-run fragments by
key) re-run the floor's: a floor fragment re-run replays that fragment's calls alone.
So the floor draws the same elements as the page, main area and sidebar, and Streamlit
does all of its own work for them on every run (figure to JSON, frame to Arrow, widget
registration and state), while the page's own work (reading data, building figures and
tables, wording) is done once, in the captured run, and held in memory. Components
(`st.components.v2`) are recorded through the private method they mount with.

`elements(at)` lists an AppTest run's element tree (each element's protobuf, widget ids
and what derives from them left out: an id hashes the page script's path, which differs
between app and floor) so
that a harness can check the floor's output equals the app's, element by element (a
chart's JSON compared as JSON, without empty objects: a figure saved and loaded again
keeps its content, not always its key order or an empty ``"title": {}``).

The file is a pickle made with cloudpickle: the page's format functions and callbacks
(lambdas, functions of the page script) go by value, the data frames and figures as
themselves, so a server process replays what the app's run passed, never running the app.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import pickle
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks import apptest

# Not recorded: a spinner only shows while the call it wraps runs (nothing to replay).
SKIPPED = frozenset({"spinner"})
# Private methods that draw elements: components (st.components.v2) mount through this.
PRIVATE_ELEMENTS = ("_bidi_component",)
# The method name under which a write to st.session_state is recorded among the calls.
STATE = "session_state"
# The marks around a fragment's calls (`st.fragment`: its key and options, then its end).
FRAGMENT, FRAGMENT_END = "fragment", "fragment_end"
# Fields derived from the element id, which hashes the page script's path.
ID_FIELDS = ("id", "deferred_file_id")
FLOOR_ENV = "BENCH_FLOOR"  # the floor file benchmarks/floor_page.py replays


@dataclass(frozen=True)
class Call:
    target: int  # the container drawn into: 0 main, 1 sidebar, then in order of creation
    method: str
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    made: tuple[int, ...] = ()  # containers the call returned (columns, expander, ...)
    # Called as `st.foo` inside `with container:` rather than as `container.foo` (some
    # methods, such as `write` with several arguments, allow only the first).
    through_main: bool = False


@dataclass
class Recording:
    calls: list[Call] = field(default_factory=list)
    # Components (st.components.v2) the page defined meanwhile: a module defines them once
    # per process, in the runtime of the session that first imports it, and the floor's
    # session has a runtime of its own.
    components: list[Any] = field(default_factory=list)


def _methods() -> list[str]:
    from streamlit.delta_generator import DeltaGenerator

    public = [
        name
        for name in dir(DeltaGenerator)
        if not name.startswith("_")
        and name not in SKIPPED
        and callable(getattr(DeltaGenerator, name))
        and not isinstance(getattr(DeltaGenerator, name), property)
    ]
    return public + [name for name in PRIVATE_ELEMENTS if hasattr(DeltaGenerator, name)]


def _containers(result: Any) -> list[Any]:
    from streamlit.delta_generator import DeltaGenerator

    if isinstance(result, DeltaGenerator):
        return [result]
    if isinstance(result, list | tuple) and result and isinstance(result[0], DeltaGenerator):
        return list(result)
    return []


def record(run: Callable[[], Any]) -> tuple[Recording, Any]:
    """`run()` with every Streamlit element call recorded; the recording and its result.
    Calls made inside another call (say `st.write` drawing markdown) are the outer
    call's business and are not recorded apart."""
    import streamlit as st
    from streamlit.components.v2.component_manager import BidiComponentManager
    from streamlit.delta_generator import DeltaGenerator
    from streamlit.runtime.state import SessionStateProxy

    recording = Recording()
    set_item = SessionStateProxy.__setitem__

    def state_set(self: Any, key: Any, value: Any) -> None:
        set_item(self, key, value)
        if not depth[0]:
            recording.calls.append(Call(0, STATE, (str(key), value), {}))

    register = BidiComponentManager.register
    original_fragment = st.fragment

    def fragment(func: Any = None, **options: Any) -> Any:
        # The marks go around Streamlit's own fragment call, which first makes the
        # fragment's container (recorded as a `container` call) and draws into it.
        def mark(body: Callable[..., Any]) -> Callable[..., Any]:
            run_fragment = original_fragment(body, **options)

            @functools.wraps(body)
            def marked(*args: Any, **kwargs: Any) -> Any:
                recording.calls.append(Call(0, FRAGMENT, (options,), {}))
                try:
                    return run_fragment(*args, **kwargs)
                finally:
                    recording.calls.append(Call(0, FRAGMENT_END, (), {}))

            return marked

        return mark(func) if func is not None else mark

    def registered(self: Any, definition: Any) -> None:
        recording.components.append(definition)
        register(self, definition)

    ids: dict[int, int] = {}
    kept: list[Any] = []  # the containers, alive, so that no id() is reused meanwhile
    depth = [0]
    originals = {name: getattr(DeltaGenerator, name) for name in _methods()}

    def container_id(dg: Any) -> int:
        if dg is st._main:
            return 0
        if dg is st.sidebar:
            return 1
        return ids[id(dg)]

    def wrap(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)
        def recorded(self: Any, *args: Any, **kwargs: Any) -> Any:
            if depth[0]:
                return fn(self, *args, **kwargs)
            target = container_id(self._active_dg)
            depth[0] += 1
            try:
                result = fn(self, *args, **kwargs)
            finally:
                depth[0] -= 1
            made = []
            for dg in _containers(result):
                ids[id(dg)] = len(ids) + 2
                kept.append(dg)
                made.append(ids[id(dg)])
            through_main = self is st._main
            recording.calls.append(Call(target, name, args, kwargs, tuple(made), through_main))
            return result

        return recorded

    BidiComponentManager.register = registered
    SessionStateProxy.__setitem__ = state_set
    st.fragment = fragment
    for name, fn in originals.items():
        setattr(DeltaGenerator, name, wrap(name, fn))
    # `st.markdown` and the like are bound to the main container once, at import.
    bound = {name: getattr(st, name) for name in originals if callable(getattr(st, name, None))}
    for name in bound:
        if getattr(bound[name], "__self__", None) is not None:
            setattr(st, name, getattr(bound[name].__self__, name))
    try:
        result = run()
    finally:
        for name, fn in originals.items():
            setattr(DeltaGenerator, name, fn)
        for name, fn in bound.items():
            setattr(st, name, fn)
        BidiComponentManager.register = register
        SessionStateProxy.__setitem__ = set_item
        st.fragment = original_fragment
    return recording, result


def replay(recording: Recording) -> None:
    """The recorded calls again, in this script run, into the same containers."""
    import streamlit as st
    from streamlit.components.v2.get_bidi_component_manager import get_bidi_component_manager

    manager = get_bidi_component_manager()
    for definition in recording.components:
        if manager.get(definition.name) is None:
            manager.register(definition)
    _replay(recording.calls, {0: st._main, 1: st.sidebar})


def _replay(calls: list[Call], made: dict[int, Any]) -> None:
    import streamlit as st

    i = 0
    while i < len(calls):
        call, i = calls[i], i + 1
        if call.method == FRAGMENT:
            end, depth = i, 1
            while depth:
                depth += {FRAGMENT: 1, FRAGMENT_END: -1}.get(calls[end].method, 0)
                end += 1
            # The fragment's first call made its container: the replayed fragment makes
            # its own, which its calls then draw into.
            first, body = calls[i], calls[i + 1 : end - 1]

            def run(first: Call = first, body: list[Call] = body) -> None:
                made[first.made[0]] = st._main._active_dg
                _replay(body, made)

            st.fragment(**call.args[0])(run)()
            i = end
            continue
        if call.method == STATE:
            # The page sets a widget's value only when the session has none yet (then a
            # moved widget keeps its value), so the floor's widgets start as the app's.
            key, value = call.args
            if key not in st.session_state:
                st.session_state[key] = value
            continue
        if call.through_main and call.target:
            with made[call.target]:
                result = getattr(st._main, call.method)(*call.args, **call.kwargs)
        else:
            result = getattr(made[call.target], call.method)(*call.args, **call.kwargs)
        for cid, dg in zip(call.made, _containers(result), strict=True):
            made[cid] = dg


@dataclass
class Floor:
    """A saved floor: the recording and the elements the app's own run drew."""

    recording: Recording
    elements: list[tuple[str, str, bytes]]
    page: str | None
    query: dict[str, str]


def save(path: Path, floor: Floor) -> None:
    import cloudpickle

    path.write_bytes(cloudpickle.dumps(floor))


def load(path: str | Path) -> Floor:
    return pickle.loads(Path(path).read_bytes())


def prepare(path: str | None, page: str | None, query: dict[str, str]) -> list[Any]:
    """Hold a page's floor for ``benchmarks/floor_page.py``: the one saved at `path`,
    else one captured now, in this process, from the app's run of `page` with `query`.
    Returns the elements the app drew, to compare the floor's with."""
    if path:
        floor = load(path)
    else:
        recording, at = record(lambda: apptest.open_page(page, query))
        floor = Floor(recording, elements(at), page, query)
    hold(floor.recording)
    return floor.elements


_HELD: list[Recording] = []


def hold(recording: Recording) -> None:
    """The recording `benchmarks/floor_page.py` replays (it runs in this process)."""
    _HELD[:] = [recording]


def held() -> Recording:
    """The recording held, else the one in the file ``BENCH_FLOOR`` names (read once per
    process: a server's first run reads it, later runs replay it from memory)."""
    if not _HELD:
        path = os.environ.get(FLOOR_ENV)
        if not path:
            raise RuntimeError(f"no recording held and no {FLOOR_ENV}: capture a page first")
        hold(load(path).recording)
    return _HELD[0]


def _pruned(value: Any) -> Any:
    """A chart's JSON without empty objects: plotly reads ``"title": {}`` as no title at
    all, and a figure saved and loaded again (plotly rebuilds it from its dict) drops
    them."""
    if isinstance(value, dict):
        kept = {k: _pruned(v) for k, v in value.items()}
        return {k: v for k, v in kept.items() if v != {}}
    if isinstance(value, list):
        return [_pruned(v) for v in value]
    return value


def elements(at: Any) -> list[tuple[str, str, bytes]]:
    """Every element and container of an AppTest run, in document order: its place in
    the tree, its type and its protobuf (deterministic bytes, the element id cleared)."""
    out: list[tuple[str, str, bytes]] = []

    def walk(node: Any, path: str) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None:
            copy = type(proto)()
            copy.CopyFrom(proto)
            # The id, and that of a block's kind (a popover or expander with a key holds
            # its own: `popover.id`).
            parts = [copy] + [
                getattr(copy, f.name)
                for f in copy.DESCRIPTOR.fields
                if f.message_type is not None and not f.is_repeated and copy.HasField(f.name)
            ]
            for part in parts:
                for name in ID_FIELDS:
                    if name in part.DESCRIPTOR.fields_by_name:
                        part.ClearField(name)
            if "spec" in copy.DESCRIPTOR.fields_by_name and copy.spec:  # a chart's JSON
                copy.spec = json.dumps(_pruned(json.loads(copy.spec)), sort_keys=True)
            out.append((path, type(node).__name__, copy.SerializeToString(deterministic=True)))
        children = getattr(node, "children", None)
        if isinstance(children, dict):
            for index in sorted(children):
                walk(children[index], f"{path}/{index}")

    for index in sorted(at._tree.children):
        walk(at._tree.children[index], str(index))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.capture", description=__doc__)
    parser.add_argument("--page", help="pages/x.py (default: the landing page)")
    parser.add_argument("--query", default="", help="the link's parameters, K=V&K=V")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    query = apptest.parse_query(args.query)
    start = time.perf_counter()
    recording, at = record(lambda: apptest.open_page(args.page, query))
    capture_s = time.perf_counter() - start
    if failed := apptest.failures(at):
        print(f"the page failed: {failed}", file=sys.stderr)
        return 1
    drawn = elements(at)
    save(args.out, Floor(recording, drawn, args.page, query))
    print(json.dumps({"calls": len(recording.calls), "elements": len(drawn),
                      "capture_s": capture_s, "bytes": args.out.stat().st_size}))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
