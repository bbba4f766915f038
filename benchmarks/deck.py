"""`deck_s`, `deck_ratio`: the default story's slide deck (Korean, every slide) as the
exporter builds it, one `ImageSession` (one Chromium) for every image; the ratio is over
the same deck built with a fresh `ImageSession` per image (a browser start per image).
Both build the same figures and the same .pptx; the figures are built once beforehand so
both find Python warm. In one fresh process.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from benchmarks.harness import STARTED, Figure, Run, command_line, median, ratio

SHARE_S = 90
FIGURES = (Figure("deck_s"), Figure("deck_ratio", "<= 0.3", lambda v: v <= 0.3))


def measure(run: Run) -> dict[str, Any]:
    args = ["--slides", str(run.pick(0, 1)), "--repeats", str(run.pick(2, 1)),
            "--fresh-repeats", "1", "--budget-s", str(run.budget("deck"))]  # fmt: skip
    out = run.raw["deck"] = run.fresh("benchmarks.deck", args)
    r = {"deck_s": median(out["deck_s"]), "deck_fresh_s": median(out["deck_fresh_s"])}
    return r | {
        "deck_ratio": ratio(r["deck_s"], r["deck_fresh_s"]),
        "deck_images": out["images"],
        "deck_n": len(out["deck_s"]),
    }


# ------------------------------------------------------------------ in the fresh process


class FreshPerImage:
    """Stands in for an `ImageSession`: every image in a browser started for it alone."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.sessions = 0

    def png(self, fig: Any, **kw: Any) -> bytes:
        from dashboard.outputs.images import ImageSession

        self.sessions += 1
        with ImageSession(lang=self.lang) as session:
            return session.png(fig, **kw)

    def close(self) -> None:
        pass


def _measure(args: argparse.Namespace) -> dict[str, Any]:
    from dataclasses import replace

    from dashboard.charts import registry
    from dashboard.data.dataset import data_dir_from_env
    from dashboard.data.load import load
    from dashboard.model import params
    from dashboard.outputs.export import build_deck
    from dashboard.outputs.slides import plan
    from dashboard.outputs.story import DEFAULT_STORY, known_charts, load_story

    data = load(data_dir_from_env())
    story = load_story(
        DEFAULT_STORY,
        known_charts=known_charts(),
        entities=list(data.entities["id"]),
        metrics=list(data.metrics["metric"]),
    )
    if args.slides:
        story = replace(story, slides=story.slides[: args.slides])
    state = params.ViewState(lang=args.lang)
    planned, _ = plan(data, story, args.lang, state)
    for item in planned:  # warm: imports, memos, fonts in Python
        registry.build(item.slide.chart, data, item.view)
    one: list[float] = []
    fresh: list[float] = []
    sizes: list[int] = []
    browsers = 0
    for i in range(max(args.repeats, args.fresh_repeats)):
        if i and time.perf_counter() - STARTED > args.budget_s:
            break
        if i < args.repeats:
            start = time.perf_counter()
            deck = build_deck(data, story, args.lang, state, report=lambda _m: None)
            one.append(time.perf_counter() - start)
            sizes.append(len(deck))
        if i >= args.fresh_repeats:
            continue
        stand_in = FreshPerImage(args.lang)
        start = time.perf_counter()
        deck = build_deck(data, story, args.lang, state, session=stand_in, report=lambda _m: None)
        fresh.append(time.perf_counter() - start)
        browsers = stand_in.sessions
    return {
        "deck_s": one,
        "deck_fresh_s": fresh,
        "images": browsers,
        "slides": len(planned),
        "bytes": sizes[-1] if sizes else 0,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.deck", description=__doc__)
    parser.add_argument("--slides", type=int, default=0, help="first K slides (0: all)")
    parser.add_argument("--repeats", type=int, default=1, help="decks with one session")
    parser.add_argument("--fresh-repeats", type=int, default=1, help="decks, a session per image")
    parser.add_argument("--lang", default="ko")
    parser.add_argument("--budget-s", type=float, default=600.0, help="no repeat after (seconds)")
    return command_line(parser, _measure, argv)


if __name__ == "__main__":
    sys.exit(main())
