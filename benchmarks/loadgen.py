"""An audience for a Streamlit app: sessions that speak Streamlit's own websocket protocol.

Each simulated viewer does what the browser does (checked against Streamlit 1.67's server,
``streamlit/web/server/starlette/starlette_websocket.py``, and its frontend bundle):

1. ``GET /_stcore/health``, which sets the ``_streamlit_xsrf`` cookie (and, behind the
   proxy of ``deploy/``, its ``dashboard_route`` cookie: every cookie set is sent back).
2. Opens ``ws://HOST:PORT/_stcore/stream`` with ``Origin: http://HOST:PORT`` (the server
   closes with 1008 when an Origin is neither same-origin nor allowed), the cookie, and
   the subprotocols ``["streamlit", <xsrf cookie value>]``: the server selects the first
   and reads the second as the XSRF token (the browser sends ``PLACEHOLDER_AUTH_TOKEN``
   when there is no cookie). Frames are binary protobufs: `BackMsg` up, `ForwardMsg` down.
3. Sends ``BackMsg.rerun_script`` (a `ClientState`). The first one names the page by its
   URL path (``page_name="whatif"``, ``page_script_hash=""``) with the URL's query
   string; later ones name the page by the ``page_script_hash`` the server reported
   (``navigation``, else ``new_session``), carry the query string as the server last set
   it (``page_info_changed``), the slider values as ``widget_states`` and the hashes of
   the ForwardMsgs this client has cached (``cached_message_hashes``). A slider drawn
   inside a fragment (its delta's ``fragment_id``) reruns that fragment: the rerun names
   it (``fragment_id``), as the browser does, and the page's callback may widen it to
   other fragments; such a run draws only those, and the sliders of the rest stay held.
4. Reads ForwardMsgs until ``script_finished``. ``FINISHED_EARLY_FOR_RERUN`` is not the
   end: the script called ``st.rerun()`` (the app does so once on the first request after
   start) and a new run follows. Every other status ends the run; only
   ``FINISHED_SUCCESSFULLY`` (and its fragment twin) counts as success.

The ForwardMsg cache: the server replaces a cacheable message (``metadata.cacheable``, a
large ``new_element`` delta) by a ``ref_hash`` reference when the client listed its hash
in ``cached_message_hashes``. Like the browser, this client keeps cacheable messages by
hash, resolves references from that cache (a miss is a protocol error), sends its hashes
on every rerun and forgets entries unused for more than ``max_cached_message_age`` runs
(from ``new_session.config``). The server expects no answer to any ForwardMsg.

Widgets: every ``new_element.slider`` in a run's deltas is remembered with its bounds and
its value as the browser would hold it (the delta's ``value`` when ``set_value`` is true,
else the value held before, else ``default``). A rerun moves one slider to another point
on its grid (``min + k * step``) and sends every slider's value (``double_array_value``;
``string_array_value`` of option labels for ``st.select_slider``). Widgets that are not
sent keep their values on the server. A page without sliders is rerun unchanged.

A run fails on a connection error, a timeout, an ``exception`` element among its deltas,
a status other than success, or a ``page_not_found``. Latency is from sending the rerun
BackMsg to receiving the final ``script_finished``; percentiles are nearest-rank over the
successful slider reruns (first loads are reported apart, as ``first_*``).

    python -m benchmarks.loadgen --port 8501 --page whatif --sessions 25 --duration 60 --seed 1
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import math
import random
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from contextlib import suppress
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any

from google.protobuf.message import DecodeError
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ContextInfo
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.Slider_pb2 import Slider as SliderProto
from streamlit.proto.WidgetStates_pb2 import WidgetState, WidgetStates
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import WebSocketException
from websockets.typing import Origin, Subprotocol

STREAM_PATH = "/_stcore/stream"
HEALTH_PATH = "/_stcore/health"
XSRF_COOKIE = "_streamlit_xsrf"
NO_XSRF_TOKEN = "PLACEHOLDER_AUTH_TOKEN"  # what the browser sends without the cookie
STAGGER_S = 2.0  # sessions start spread over this many seconds
DEFAULT_CACHE_AGE = 2  # runs; the server's global.maxCachedMessageAge default
MAX_ERROR_SAMPLES = 5

FINISHED_EARLY_FOR_RERUN = ForwardMsg.FINISHED_EARLY_FOR_RERUN
FINISHED_FRAGMENT_RUN = ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
SUCCESS = frozenset(
    {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}
)

_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # localhost: no proxy


class RunError(Exception):
    """A run that failed; `kind` is one of connect, closed, timeout, protocol,
    page_not_found, exception, status."""

    def __init__(self, kind: str, message: str, latency_s: float | None = None) -> None:
        super().__init__(f"{kind}: {message}")
        self.kind = kind
        self.latency_s = latency_s


@dataclass
class Slider:
    """A slider as the last run drew it, with the value the browser would hold."""

    id: str
    label: str
    min: float
    max: float
    step: float
    data_type: int
    options: list[str]  # st.select_slider: the labels, positions are indices
    default: list[float]
    movable: bool  # not disabled, not in a form, not on_change="ignore"
    value: list[float | str] = field(default_factory=list)
    fragment_id: str = ""  # the fragment it was drawn in ("" outside any)

    @property
    def select(self) -> bool:
        return bool(self.options)

    @classmethod
    def from_proto(cls, proto: SliderProto) -> Slider:
        select = proto.type == SliderProto.SELECT_SLIDER or bool(proto.options)
        return cls(
            id=proto.id,
            label=proto.label,
            min=0.0 if select else proto.min,
            max=float(len(proto.options) - 1) if select else proto.max,
            step=1.0 if select else (proto.step or 1.0),
            data_type=proto.data_type,
            options=list(proto.options) if select else [],
            default=list(proto.default),
            movable=not (proto.disabled or proto.form_id or proto.ignore_rerun),
        )

    def shown(self, proto: SliderProto, held: list[float | str] | None) -> None:
        """Set `value` as the browser holds it after drawing `proto`."""
        if proto.set_value:
            self.value = list(proto.raw_value) if self.select else list(proto.value)
        elif held:
            self.value = held
        elif self.select:
            self.value = [self.options[int(i)] for i in self.default if 0 <= i < len(self.options)]
        else:
            self.value = list(self.default)

    def positions(self) -> int:
        """How many grid points the slider has."""
        return max(1, math.floor((self.max - self.min) / self.step + 1e-9) + 1)

    def index_of(self, value: float | str) -> int:
        if isinstance(value, str):
            return self.options.index(value) if value in self.options else 0
        return round((float(value) - self.min) / self.step)

    def at(self, index: int) -> float | str:
        if self.select:
            return self.options[index]
        value = min(max(round(self.min + index * self.step, 12), self.min), self.max)
        return float(round(value)) if self.data_type == SliderProto.INT else value

    def moved(self, rng: random.Random) -> list[float | str]:
        """A different valid value: one end moved to another grid point (sorted if a range)."""
        end = rng.randrange(len(self.value)) if self.value else 0
        current = self.index_of(self.value[end]) if self.value else -1
        choices = self.positions() - (1 if 0 <= current < self.positions() else 0)
        pick = rng.randrange(choices)
        if 0 <= current <= pick:
            pick += 1
        values = [self.at(self.index_of(v)) for v in self.value] or [self.at(pick)]
        values[end] = self.at(pick)
        values.sort(key=self.index_of)
        return values

    def state(self) -> WidgetState:
        proto = WidgetState(id=self.id)
        if self.select:
            proto.string_array_value.data.extend(str(v) for v in self.value)
        else:
            proto.double_array_value.data.extend(float(v) for v in self.value)
        return proto


@dataclass
class RunResult:
    latency_s: float
    elements: int  # new_element deltas, references included
    sliders: int
    digest: str  # of the run's resolved deltas: tells whether a rerun changed the page
    query_string: str  # as the server left the URL
    bytes: int = 0  # the frames the server sent for the run, as sent (cache references)


@dataclass
class _Cached:
    msg: ForwardMsg
    run_count: int


def base_url_of(url_or_port: str | int) -> str:
    """``http://localhost:PORT`` for a port, else the URL without a trailing slash."""
    text = str(url_or_port).strip()
    if text.isdigit():
        return f"http://localhost:{text}"
    return text.rstrip("/")


def nearest_rank(values: list[float], percent: float) -> float | None:
    """The nearest-rank percentile: the smallest value with `percent`% at or below it."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(percent / 100 * len(ordered)))
    return ordered[rank - 1]


def _cookies(base_url: str, timeout_s: float) -> dict[str, str]:
    """GET the health check, as the browser does before it connects; the cookies it set
    (the XSRF token; behind a sticky proxy also its routing cookie, so that the websocket
    reaches the replica that answered, as a browser's would)."""
    cookies: dict[str, str] = {}
    with _OPENER.open(base_url + HEALTH_PATH, timeout=timeout_s) as response:
        if response.status != 200:
            raise RunError("connect", f"health check answered {response.status}")
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie: SimpleCookie = SimpleCookie()
            cookie.load(header)
            cookies.update({name: morsel.value for name, morsel in cookie.items()})
    return cookies


class StreamlitSession:
    """One browser tab: a websocket session on one page of a Streamlit app."""

    def __init__(
        self, base_url: str, page: str = "", query: str = "", *, timeout_s: float = 30.0
    ) -> None:
        self.base_url = base_url_of(base_url)
        self.page = page.strip("/")
        self.query_string = query.lstrip("?")
        self.timeout_s = timeout_s
        self._ws: ClientConnection | None = None
        self._reset()

    def _reset(self) -> None:
        """Forget what a connection learnt (a reload keeps only the URL)."""
        self.page_script_hash = ""
        self.sliders: dict[str, Slider] = {}
        self._cache: dict[str, _Cached] = {}
        self._cache_age = DEFAULT_CACHE_AGE
        self._run_count = 0
        self._ws = None

    # ------------------------------------------------------------------ connection

    async def connect(self) -> None:
        self._reset()
        parts = urllib.parse.urlsplit(self.base_url)
        origin = f"{parts.scheme}://{parts.netloc}"
        ws_scheme = "wss" if parts.scheme == "https" else "ws"
        ws_url = f"{ws_scheme}://{parts.netloc}{parts.path}{STREAM_PATH}"
        try:
            cookies = await asyncio.to_thread(_cookies, self.base_url, self.timeout_s)
            token = cookies.get(XSRF_COOKIE)
            cookie = "; ".join(f"{name}={value}" for name, value in cookies.items())
            headers = {"Cookie": cookie} if cookie else {}
            self._ws = await connect(
                ws_url,
                origin=Origin(origin),
                subprotocols=[Subprotocol("streamlit"), Subprotocol(token or NO_XSRF_TOKEN)],
                additional_headers=headers,
                user_agent_header="benchmarks.loadgen",
                proxy=None,
                open_timeout=self.timeout_s,
                ping_interval=None,  # browsers do not ping; the server pings and we answer
                max_size=None,  # a chart's delta can exceed the 1 MiB default
            )
        except RunError:
            raise
        except (OSError, urllib.error.URLError, WebSocketException, TimeoutError) as exc:
            raise RunError("connect", f"{type(exc).__name__}: {exc}") from exc
        if self._ws.subprotocol != "streamlit":
            await self.close()
            raise RunError("connect", f"server chose subprotocol {self._ws.subprotocol!r}")

    async def close(self) -> None:
        if self._ws is not None:
            ws, self._ws = self._ws, None
            with suppress(OSError, WebSocketException, TimeoutError):
                await asyncio.wait_for(ws.close(), timeout=5)

    # ------------------------------------------------------------------ runs

    async def load(self) -> RunResult:
        """The first run: the page named by its URL path, no widget values."""
        return await self._run(WidgetStates())

    async def rerun(self, rng: random.Random | None = None) -> tuple[RunResult, str]:
        """Rerun with one slider moved (if `rng` and a movable slider); return the run and
        a description of the move ("" when nothing moved)."""
        move, fragment = "", ""
        movable = [s for s in self.sliders.values() if s.movable and s.positions() > 1]
        if rng is not None and movable:
            slider = rng.choice(movable)
            before = slider.value
            slider.value = slider.moved(rng)
            move = f"{slider.label or slider.id}: {before} -> {slider.value}"
            fragment = slider.fragment_id
        states = WidgetStates(widgets=[s.state() for s in self.sliders.values()])
        return await self._run(states, fragment), move

    def _back_msg(self, widget_states: WidgetStates, fragment_id: str = "") -> BackMsg:
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query_string
        if fragment_id:
            state.fragment_id = fragment_id
        if self.page_script_hash:
            state.page_script_hash = self.page_script_hash
        else:
            state.page_name = self.page
        state.widget_states.CopyFrom(widget_states)
        state.cached_message_hashes.extend(self._cache)
        query = f"?{self.query_string}" if self.query_string else ""
        state.context_info.CopyFrom(
            ContextInfo(
                timezone="UTC",
                timezone_offset=0,
                locale="en-US",
                url=f"{self.base_url}/{self.page}{query}",
                is_embedded=False,
                color_scheme="light",
            )
        )
        return msg

    async def _run(self, widget_states: WidgetStates, fragment_id: str = "") -> RunResult:
        if self._ws is None:
            raise RunError("closed", "not connected")
        ws = self._ws
        payload = self._back_msg(widget_states, fragment_id).SerializeToString()
        digest = hashlib.sha1()
        elements = received = 0
        exceptions: list[str] = []
        seen: dict[str, Slider] = {}
        start = time.perf_counter()
        try:
            async with asyncio.timeout(self.timeout_s):
                await ws.send(payload)
                while True:
                    data = await ws.recv(decode=False)
                    received += len(data)
                    try:
                        msg = self._resolve(ForwardMsg.FromString(data))
                    except DecodeError as exc:
                        raise RunError("protocol", f"not a ForwardMsg: {exc}") from exc
                    kind = msg.WhichOneof("type")
                    if kind == "new_session":
                        self.page_script_hash = msg.new_session.page_script_hash
                        age = msg.new_session.config.max_cached_message_age
                        self._cache_age = age if age > 0 else DEFAULT_CACHE_AGE
                        seen.clear()  # a new run (st.rerun) draws the page again
                    elif kind == "navigation":
                        self.page_script_hash = msg.navigation.page_script_hash
                    elif kind == "page_info_changed":
                        self.query_string = msg.page_info_changed.query_string
                    elif kind == "page_not_found":
                        name = msg.page_not_found.page_name or self.page
                        raise RunError("page_not_found", f"no page {name!r}")
                    elif kind == "delta":
                        digest.update(msg.delta.SerializeToString(deterministic=True))
                        if msg.delta.WhichOneof("type") == "new_element":
                            elements += 1
                            self._element(msg, seen, exceptions)
                    elif kind == "script_finished":
                        status = msg.script_finished
                        if status == FINISHED_EARLY_FOR_RERUN:
                            continue
                        latency = time.perf_counter() - start
                        self._finished(seen, status == FINISHED_FRAGMENT_RUN)
                        if exceptions:
                            raise RunError("exception", "; ".join(exceptions), latency)
                        if status not in SUCCESS:
                            name = ForwardMsg.ScriptFinishedStatus.Name(status)
                            raise RunError("status", name, latency)
                        return RunResult(
                            latency_s=latency,
                            elements=elements,
                            sliders=len(seen),
                            digest=digest.hexdigest(),
                            query_string=self.query_string,
                            bytes=received,
                        )
                    # Everything else (session status and events, page config, logo,
                    # git info, profiles, auto reruns...) changes nothing we measure.
        except TimeoutError as exc:
            raise RunError("timeout", f"no script_finished after {self.timeout_s:g} s") from exc
        except (OSError, WebSocketException) as exc:
            raise RunError("closed", f"{type(exc).__name__}: {exc}") from exc

    def _resolve(self, msg: ForwardMsg) -> ForwardMsg:
        """Cache a cacheable message; replace a reference by the cached message."""
        if msg.WhichOneof("type") == "ref_hash":
            entry = self._cache.get(msg.ref_hash)
            if entry is None:
                raise RunError("protocol", f"cached ForwardMsg miss for hash {msg.ref_hash}")
            entry.run_count = self._run_count
            resolved = ForwardMsg()
            resolved.CopyFrom(entry.msg)
            resolved.metadata.CopyFrom(msg.metadata)  # where it goes this time
            return resolved
        if msg.metadata.cacheable and msg.hash and msg.hash not in self._cache:
            self._cache[msg.hash] = _Cached(msg, self._run_count)
        return msg

    def _element(self, msg: ForwardMsg, seen: dict[str, Slider], exceptions: list[str]) -> None:
        element = msg.delta.new_element
        kind = element.WhichOneof("type")
        if kind == "exception":
            exc = element.exception
            label = f"{exc.type}: " if exc.type else ""  # empty when details are hidden
            warning = "(warning) " if exc.is_warning else ""
            exceptions.append(f"{warning}{label}{exc.message[:200]}")
        elif kind == "slider":
            proto = element.slider
            slider = Slider.from_proto(proto)
            held = self.sliders[proto.id].value if proto.id in self.sliders else None
            slider.shown(proto, held)
            slider.fragment_id = msg.delta.fragment_id
            seen[proto.id] = slider

    def _finished(self, seen: dict[str, Slider], fragments_only: bool = False) -> None:
        """End of a run: the browser drops state of widgets not drawn (after a run of
        some fragments, only of theirs: the rest of the page stays), ages its cache."""
        self.sliders = {**self.sliders, **seen} if fragments_only else dict(seen)
        self._run_count += 1
        for key in [
            k for k, e in self._cache.items() if self._run_count - e.run_count > self._cache_age
        ]:
            del self._cache[key]


# ---------------------------------------------------------------------- the audience


@dataclass
class _Tally:
    latencies: list[float] = field(default_factory=list)
    bytes: list[int] = field(default_factory=list)  # per successful slider rerun
    first_latencies: list[float] = field(default_factory=list)
    runs: int = 0
    first_loads: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    error_samples: list[str] = field(default_factory=list)
    sliders: int = 0
    changed: int = 0
    query_changed: int = 0
    moves: int = 0

    def error(self, who: str, exc: RunError) -> None:
        self.errors[exc.kind] += 1
        if len(self.error_samples) < MAX_ERROR_SAMPLES:
            self.error_samples.append(f"{who}: {exc}"[:400])


async def _audience_member(
    number: int,
    base_url: str,
    page: str,
    query: str,
    start_at: float,
    deadline: float,
    think: tuple[float, float],
    rng: random.Random,
    timeout_s: float,
    tally: _Tally,
    trace: bool,
) -> None:
    session = StreamlitSession(base_url, page, query, timeout_s=timeout_s)
    await asyncio.sleep(max(0.0, start_at - time.monotonic()))
    previous: RunResult | None = None
    session_opened = False
    reruns = 0
    try:
        while True:
            if previous is None:  # (re)open the page
                if session_opened and time.monotonic() >= deadline:
                    return  # no reload after the end
                session_opened = True
                tally.first_loads += 1
                try:
                    await session.connect()
                    previous = await session.load()
                    tally.first_latencies.append(previous.latency_s)
                except RunError as exc:
                    tally.error(f"session {number} first load", exc)
                    if exc.kind in ("exception", "status"):
                        previous = _failed_run(session)  # it ran: go on moving sliders
                    else:
                        await session.close()
                tally.sliders = max(tally.sliders, len(session.sliders))
            pause = rng.uniform(*think)
            if time.monotonic() + pause >= deadline:
                return
            await asyncio.sleep(pause)
            if previous is None:
                continue  # the page did not open: try again after the pause
            reruns += 1
            tally.runs += 1
            before = session.query_string
            try:
                result, move = await session.rerun(rng)
            except RunError as exc:
                tally.error(f"session {number} rerun {reruns}", exc)
                if exc.kind not in ("exception", "status"):
                    await session.close()
                    previous = None  # reload the page, as a viewer would
                continue
            tally.latencies.append(result.latency_s)
            tally.bytes.append(result.bytes)
            tally.moves += bool(move)
            tally.changed += result.digest != previous.digest
            tally.query_changed += result.query_string != before
            if trace:
                print(
                    f"[{number:>3} #{reruns}] {result.latency_s:.3f}s {move or '(no slider)'}"
                    f" | changed={result.digest != previous.digest}"
                    f" query={result.query_string!r}",
                    file=sys.stderr,
                )
            previous = result
    finally:
        await session.close()


def _failed_run(session: StreamlitSession) -> RunResult:
    """Stands for a first load that ran but failed, so the session keeps going."""
    return RunResult(0.0, 0, len(session.sliders), "", session.query_string)


async def run_load(
    url_or_port: str | int,
    page: str,
    sessions: int,
    duration_s: float,
    seed: int,
    think: tuple[float, float] = (3.0, 8.0),
    query: str = "",
    timeout_s: float = 30,
    *,
    trace: bool = False,
) -> dict[str, Any]:
    """Simulate `sessions` viewers of `page` for `duration_s` seconds; summarise.

    Each session opens the page (its first load; sessions start spread over the first
    2 s), then until the duration is over: thinks for a random `think` time, moves one
    slider, reruns and waits for the run to finish (a rerun started before the end is
    waited for, so ``wall_s`` can exceed the duration by up to `timeout_s`). After a
    timeout or a lost connection the session reloads the page (a new connection and
    first load, counted in ``first_loads``). Randomness comes from `seed` only: each
    session has its own generator, so the think times and moves do not depend on timing.

    ``runs`` counts slider reruns started; ``errors`` counts failed runs of any kind,
    first loads included (``error_counts`` by kind, ``error_samples`` the first five).
    ``p50_s``/``p95_s`` are nearest-rank over the successful slider reruns only (a
    failed run has no latency to report, or, for a timeout, none worth averaging);
    ``first_p50_s``/``first_p95_s`` over the successful first loads. ``changed_runs``
    counts reruns whose deltas differ from the session's previous run, and
    ``query_changed_runs`` those after which the app's URL query string changed: both
    show that moving a slider did change the page. ``bytes_p50``: the median bytes the
    server sent for a successful slider rerun (websocket frames as sent).
    """
    base_url = base_url_of(url_or_port)
    tally = _Tally()
    began = time.monotonic()
    deadline = began + duration_s
    await asyncio.gather(
        *(
            _audience_member(
                number=i,
                base_url=base_url,
                page=page,
                query=query,
                start_at=began + STAGGER_S * i / max(1, sessions),
                deadline=deadline,
                think=think,
                rng=random.Random(f"{seed}:{i}"),
                timeout_s=timeout_s,
                tally=tally,
                trace=trace,
            )
            for i in range(sessions)
        )
    )
    return {
        "url": base_url,
        "page": page,
        "sessions": sessions,
        "duration_s": duration_s,
        "seed": seed,
        "think_s": list(think),
        "wall_s": time.monotonic() - began,
        "sliders": tally.sliders,
        "runs": tally.runs,
        "errors": sum(tally.errors.values()),
        "error_counts": dict(tally.errors),
        "p50_s": nearest_rank(tally.latencies, 50),
        "p95_s": nearest_rank(tally.latencies, 95),
        "max_s": max(tally.latencies, default=None),
        "bytes_p50": nearest_rank(tally.bytes, 50),
        "latencies": tally.latencies,
        "slider_moves": tally.moves,
        "changed_runs": tally.changed,
        "query_changed_runs": tally.query_changed,
        "first_loads": tally.first_loads,
        "first_p50_s": nearest_rank(tally.first_latencies, 50),
        "first_p95_s": nearest_rank(tally.first_latencies, 95),
        "first_latencies": tally.first_latencies,
        "error_samples": tally.error_samples,
    }


async def warm(url: str, page: str) -> None:
    """Open the page once before the audience comes (the server's data load, caches)."""
    session = StreamlitSession(url, page, timeout_s=120)
    try:
        await session.connect()
        await session.load()
    finally:
        await session.close()


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.loadgen",
        description="Simulate an audience moving sliders on a running Streamlit app.",
    )
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--port", type=int, help="the app at http://localhost:PORT")
    where.add_argument("--url", help="the app's base URL, e.g. http://localhost:8501")
    parser.add_argument("--page", default="", help="the page's URL path, e.g. whatif")
    parser.add_argument("--query", default="", help="the URL query string to open it with")
    parser.add_argument("--sessions", type=int, default=25)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--think", type=float, nargs=2, default=(3.0, 8.0), metavar=("MIN", "MAX"))
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per run")
    parser.add_argument("--trace", action="store_true", help="print each rerun to stderr")
    parser.add_argument("--no-latencies", action="store_true", help="leave the lists out")
    args = parser.parse_args(argv)
    result = asyncio.run(
        run_load(
            args.url or args.port,
            page=args.page,
            sessions=args.sessions,
            duration_s=args.duration,
            seed=args.seed,
            think=(args.think[0], args.think[1]),
            query=args.query,
            timeout_s=args.timeout,
            trace=args.trace,
        )
    )
    if args.no_latencies:
        result.pop("latencies")
        result.pop("first_latencies")
    print(json.dumps(_rounded(result), indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
