"""The project's rules the descriptor cannot express, on the typed tables: a metric's
topic matches its file, a rank lies within out_of, no orphan source, confidence at most
medium for the press, editions and their staleness, supersession both ways, presets
made of current GPU counts, country stocks within the world's, scenario assumptions
within their sliders, outside projections sourced (`check_rules`)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.data.domain import (
    DESIGN_CHOICE,
    LINE,
    PRESS_KINDS,
    RETIRED,
    STOCK_UNITS,
    WORLD,
    WORLD_COMPUTE,
    row_key,
)
from dashboard.data.problems import Collector


def _flag_rows(
    frame: pd.DataFrame,
    mask: pd.Series,
    where: str,
    column: str,
    code: str,
    out: Collector,
    **params: object,
) -> None:
    mask = mask & ~frame["_bad"]
    for idx in mask[mask].index:
        out.add(
            "error",
            where,
            int(frame.at[idx, LINE]),
            column,
            code,
            frame.at[idx, column] if column in frame else "",
            **params,
        )
    frame["_bad"] |= mask


def _check_across_files(descriptor: dict, frames: dict[str, pd.DataFrame], out: Collector) -> None:
    metrics = frames.get("metrics")
    entities = frames.get("entities")
    if entities is not None:
        ok = ~entities["_bad"]
        is_country = entities["kind"] == "country"
        _flag_rows(
            entities,
            ok & is_country & (entities["country"] != entities["id"]),
            "entities.csv",
            "country",
            "country_not_self",
            out,
        )
        known = set(entities.loc[ok, "id"])
        _flag_rows(
            entities,
            ok & ~is_country & (entities["kind"] == "company") & ~entities["country"].isin(known),
            "entities.csv",
            "country",
            "unknown_reference",
            out,
            target="entities.csv",
        )

    used_sources: set[str] = set()
    # A file that could not be read may cite any source: orphans are known only when every
    # citing file was read (otherwise one unreadable file would flag half the sources).
    every_citing_file_read = True
    for res in descriptor["resources"]:
        frame = frames.get(res["name"])
        if frame is None:
            cites = any(
                fk["reference"]["resource"] == "sources"
                for fk in res["schema"].get("foreignKeys", [])
            )
            every_citing_file_read &= not cites
            continue
        for fk in res["schema"].get("foreignKeys", []):
            if fk["reference"]["resource"] == "sources" and fk["fields"] in frame:
                used_sources |= set(frame[fk["fields"]].unique())
                # a file emptied to its header cited sources too, but which is unknown
                every_citing_file_read &= not frame.empty
        if "topic" not in res or metrics is None:
            continue
        file = res["path"]
        info = metrics.loc[~metrics["_bad"]].set_index("metric")
        topic = frame["metric"].map(info["topic"])
        unit = frame["metric"].map(info["unit"])
        _flag_rows(
            frame,
            topic.notna() & (topic != res["topic"]),
            file,
            "metric",
            "wrong_topic",
            out,
            topic=res["topic"],
        )
        value = frame["value"]
        ranked = unit.isin(["rank", "tier"])
        _flag_rows(frame, ranked & (value < 1), file, "value", "rank_below_one", out)
        if "out_of" in frame:
            _flag_rows(
                frame,
                ranked & frame["out_of"].notna() & (value > frame["out_of"]),
                file,
                "value",
                "rank_above_out_of",
                out,
            )
        _flag_rows(
            frame, (unit == "percent") & (value > 100), file, "value", "percent_above_100", out
        )
        _flag_rows(
            frame, (res["topic"] == "context") & (value <= 0), file, "value", "not_positive", out
        )
        if "currency" in frame:
            _flag_rows(
                frame,
                unit.isin(["currency_bn", "per_usd"]) & (frame["currency"] == ""),
                file,
                "currency",
                "currency_missing",
                out,
            )
        _flag_rows(
            frame,
            frame["period_start"].notna() & (frame["period_start"] > frame["year"]),
            file,
            "period_start",
            "period_after_year",
            out,
        )

    assumptions = frames.get("assumptions")
    if assumptions is not None:
        file = next(r["path"] for r in descriptor["resources"] if r["name"] == "assumptions")
        _check_assumptions(assumptions, file, out)

    events = frames.get("events")
    if events is not None:  # the pattern lets 2025-02-30 through; the calendar does not
        day = pd.to_datetime(events["date"], format="%Y-%m-%d", errors="coerce")
        file = next(r["path"] for r in descriptor["resources"] if r["name"] == "events")
        _flag_rows(events, day.isna(), file, "date", "not_a_date", out)

    sources = frames.get("sources")
    if sources is not None and every_citing_file_read:
        orphan = ~sources["source_id"].isin(used_sources)
        for idx in orphan[orphan & ~sources["_bad"]].index:
            out.add(
                "error",
                "sources.csv",
                int(sources.at[idx, LINE]),
                "source_id",
                "orphan_source",
                sources.at[idx, "source_id"],
            )


def _observation_frames(descriptor: dict, frames: dict[str, pd.DataFrame]):
    for res in descriptor["resources"]:
        frame = frames.get(res["name"])
        if "topic" in res and frame is not None:
            yield res["path"], frame


def _check_confidence(descriptor, frames, out: Collector) -> None:
    """A figure taken from a press report (or one of the seed articles) is at most
    `medium`: the report relays a source it does not show."""
    sources = frames.get("sources")
    if sources is None:
        return
    kind = dict(zip(sources["source_id"], sources["kind"], strict=True))
    for file, frame in _observation_frames(descriptor, frames):
        pressed = frame["source_id"].map(kind).isin(PRESS_KINDS) & (frame["confidence"] == "high")
        _flag_rows(frame, pressed, file, "confidence", "confidence_above_source", out)


def _check_editions(descriptor, frames, out: Collector) -> None:
    """A figure whose source belongs to a series (an index, a yearly report) names an
    edition of that series that editions.csv lists."""
    sources, editions = frames.get("sources"), frames.get("editions")
    if sources is None or "series" not in sources:
        return
    series = dict(zip(sources["source_id"], sources["series"], strict=True))
    known = (
        set(zip(editions["series"], editions["edition"], strict=True))
        if editions is not None
        else None
    )
    for file, frame in _observation_frames(descriptor, frames):
        of = pd.Series([series.get(s, "") for s in frame["source_id"]], index=frame.index)
        edition = frame["edition"] if "edition" in frame else pd.Series("", index=frame.index)
        missing = (of != "") & (edition == "")
        _flag_rows(frame, missing, file, "edition", "edition_missing", out)
        if known is not None:
            unknown = (of != "") & (edition != "")
            unknown &= ~pd.Series(
                [(a, b) in known for a, b in zip(of, edition, strict=True)], index=frame.index
            )
            _flag_rows(frame, unknown, file, "edition", "edition_unknown", out)


def _check_supersession(descriptor, frames, out: Collector) -> None:
    """A corrected or superseded figure names its successor in the same file, the
    successor names it back, and the changelog says what happened; a retired figure has
    no successor and a `retired` changelog line; every changelog line names a row that
    exists."""
    log = frames.get("changelog")
    logged: dict[tuple[str, str], set[str]] = {}
    if log is not None:
        for file, row, change in zip(log["file"], log["row"], log["change"], strict=True):
            logged.setdefault((file, row), set()).add(change)
    keys_by_file: dict[str, set[str]] = {}
    for file, frame in _observation_frames(descriptor, frames):
        if "superseded_by" not in frame:
            continue
        key = row_key(frame)
        keys_by_file[file] = set(key)
        successor_of = dict(zip(key, frame["superseded_by"], strict=True))
        replaces = {
            k: set(filter(None, str(v).split(";")))
            for k, v in zip(key, frame["supersedes"], strict=True)
        }
        old = frame["superseded_by"] != ""
        retired = frame["superseded_by"] == RETIRED
        lost = old & ~retired & ~frame["superseded_by"].isin(keys_by_file[file])
        _flag_rows(frame, lost, file, "superseded_by", "successor_missing", out)
        unlinked = old & ~retired & ~lost
        unlinked &= pd.Series(
            [
                k not in replaces.get(s, set())
                for k, s in zip(key, frame["superseded_by"], strict=True)
            ],
            index=frame.index,
        )
        _flag_rows(frame, unlinked, file, "superseded_by", "successor_not_linked", out)
        claims_old = pd.Series(
            [any(successor_of.get(o) != k for o in replaces[k]) for k in key], index=frame.index
        )
        _flag_rows(frame, claims_old, file, "supersedes", "predecessor_not_linked", out)
        if log is not None:
            wanted = [{RETIRED} if r else {"corrected", "superseded"} for r in retired]
            unlogged = old & pd.Series(
                [not logged.get((file, k), set()) & w for k, w in zip(key, wanted, strict=True)],
                index=frame.index,
            )
            _flag_rows(frame, unlogged, file, "superseded_by", "changelog_missing", out)
    if log is None:
        return
    for idx in log.index[~log["_bad"]]:
        file, row, change = log.at[idx, "file"], log.at[idx, "row"], log.at[idx, "change"]
        if file not in keys_by_file:
            continue  # a file that could not be read: its rows are not known
        frame = frames[next(r["name"] for r in descriptor["resources"] if r["path"] == file)]
        if row not in keys_by_file[file]:
            fault = "changelog_unknown_row"
        elif change != "added" and (frame.loc[row_key(frame) == row, "superseded_by"] == "").all():
            fault = "no_successor"
        else:
            continue
        out.add("error", "changelog.csv", int(log.at[idx, LINE]), "row", fault, row, target=file)
        log.at[idx, "_bad"] = True


def _check_presets(descriptor, frames, out: Collector) -> None:
    """A what-if preset step names a current GPU figure of compute.csv (a superseded one
    would put a replaced number into a scenario), and every step of a preset carries the
    same name."""
    presets, compute, metrics = (frames.get(n) for n in ("presets", "compute", "metrics"))
    if presets is None or compute is None or metrics is None:
        return
    file = next(r["path"] for r in descriptor["resources"] if r["name"] == "presets")
    target = next(r["path"] for r in descriptor["resources"] if r["name"] == "compute")
    good = compute[~compute["_bad"]]
    current = set(row_key(good[good["superseded_by"] == ""]))
    replaced = set(row_key(good[good["superseded_by"] != ""]))
    gpu_metrics = set(metrics.loc[metrics["unit"] == "gpu", "metric"])
    metric = presets["row"].str.split("/").str[1]
    _flag_rows(presets, presets["row"].isin(replaced), file, "row", "preset_row_superseded", out)
    unknown = ~presets["row"].isin(current | replaced)
    _flag_rows(presets, unknown, file, "row", "changelog_unknown_row", out, target=target)
    _flag_rows(presets, ~metric.isin(gpu_metrics), file, "row", "preset_not_gpus", out)
    for column in ("label_en", "label_ko"):
        first = presets.groupby("preset")[column].transform("first")
        _flag_rows(presets, presets[column] != first, file, column, "preset_label_differs", out)


def _check_world_bound(descriptor, frames, out: Collector) -> None:
    """No country holds more compute than the whole world in the same year."""
    world: dict[int, float] = {}
    for _, frame in _observation_frames(descriptor, frames):
        mine = frame[
            (frame["entity"] == WORLD) & (frame["metric"] == WORLD_COMPUTE) & ~frame["_bad"]
        ]
        for year, value in zip(mine["year"], mine["value"], strict=True):
            world[int(year)] = max(world.get(int(year), 0.0), float(value))
    metrics, entities = frames.get("metrics"), frames.get("entities")
    if not world or metrics is None or entities is None:
        return
    unit = dict(zip(metrics["metric"], metrics["unit"], strict=True))
    countries = set(entities.loc[entities["kind"] == "country", "id"])
    for file, frame in _observation_frames(descriptor, frames):
        current = frame["superseded_by"] == "" if "superseded_by" in frame else True
        bound = frame["year"].map(lambda y: world.get(int(y)) if pd.notna(y) else None)
        over = (
            frame["metric"].map(unit).isin(STOCK_UNITS)
            & frame["entity"].isin(countries)
            & frame["status"].isin(["actual", "estimate"])
            & current
            & bound.notna()
            & (frame["value"] > bound.astype("float64"))
        )
        for idx in over[over & ~frame["_bad"]].index:
            out.add(
                "error",
                file,
                int(frame.at[idx, LINE]),
                "value",
                "exceeds_world",
                frame.at[idx, "value"],
                world=f"{bound[idx]:,.0f}",
                year=int(frame.at[idx, "year"]),
            )
            frame.at[idx, "_bad"] = True


@dataclass(frozen=True)
class Stale:
    """A series whose figures lag its latest known edition."""

    series: str
    used: str  # the newest edition the figures use
    latest: str  # the newest edition editions.csv knows
    published: str  # when the latest came out


def stale_series(
    sources: pd.DataFrame, editions: pd.DataFrame, observations: pd.DataFrame
) -> list[Stale]:
    """Series whose current figures all come from an edition older than the latest one
    editions.csv lists: the data has not caught up with a new edition."""
    if editions.empty or "series" not in sources or "edition" not in observations:
        return []
    series = observations["source_id"].map(
        dict(zip(sources["source_id"], sources["series"], strict=True))
    )
    used = observations.assign(series=series.fillna(""))
    used = used[(used["series"] != "") & (used["edition"] != "")]
    newest_used = used.groupby("series")["edition"].max()
    latest = (
        editions.sort_values(["published", "edition"]).groupby("series").tail(1).set_index("series")
    )
    return [
        Stale(name, edition, latest.at[name, "edition"], latest.at[name, "published"])
        for name, edition in newest_used.items()
        if name in latest.index and edition < latest.at[name, "edition"]
    ]


def stale_in(descriptor: dict, tables: dict[str, pd.DataFrame]) -> list[Stale]:
    if "sources" not in tables or "editions" not in tables:
        return []
    parts = [
        tables[r["name"]] for r in descriptor["resources"] if "topic" in r and r["name"] in tables
    ]
    if not parts:
        return []
    obs = pd.concat(parts, ignore_index=True)
    if "superseded_by" in obs:
        obs = obs[obs["superseded_by"].fillna("") == ""]
    if "edition" not in obs:
        return []
    obs["edition"] = obs["edition"].fillna("")
    return stale_series(tables["sources"], tables["editions"], obs)


def _check_assumptions(frame: pd.DataFrame, file: str, out: Collector) -> None:
    """A scenario assumption is a slider: its default lies within its bounds, its step
    moves, and it names its source unless it is a stated design choice."""
    _flag_rows(frame, frame["step"] <= 0, file, "step", "not_positive", out)
    bounds = (  # mask, column at fault, problem code, its parameter, the bound's column
        (frame["min"] > frame["max"], "min", "above_maximum", "maximum", "max"),
        (frame["value"] < frame["min"], "value", "below_minimum", "minimum", "min"),
        (frame["value"] > frame["max"], "value", "above_maximum", "maximum", "max"),
    )
    for mask, column, code, name, bound in bounds:
        for idx in frame.index[mask & ~frame["_bad"]]:
            value, limit = (f"{frame.at[idx, c]:.15g}" for c in (column, bound))
            out.add("error", file, int(frame.at[idx, LINE]), column, code, value, **{name: limit})
            frame.at[idx, "_bad"] = True
    unsourced = (frame["source_id"] == "") & (frame["confidence"] != DESIGN_CHOICE)
    _flag_rows(frame, unsourced, file, "source_id", "whatif.problem.source_required", out)
    # A named case's value (low, high) is a position of the same slider.
    cases = [c for c in ("low", "high") if c in frame]
    for column in cases:
        for mask, code, name, bound in (
            (frame[column] < frame["min"], "below_minimum", "minimum", "min"),
            (frame[column] > frame["max"], "above_maximum", "maximum", "max"),
        ):
            for idx in frame.index[mask.fillna(False) & ~frame["_bad"]]:
                value, limit = (f"{frame.at[idx, c]:.15g}" for c in (column, bound))
                out.add("error", file, int(frame.at[idx, LINE]), column, code, value,
                        **{name: limit})  # fmt: skip
                frame.at[idx, "_bad"] = True


def _check_projections(descriptor, frames, out: Collector) -> None:
    """An outside projection's range holds its value: low <= value <= high where given."""
    frame = frames.get("projections")
    if frame is None:
        return
    file = next(r["path"] for r in descriptor["resources"] if r["name"] == "projections")
    for column, wrong in (("low", frame["low"] > frame["value"]),
                          ("high", frame["high"] < frame["value"])):  # fmt: skip
        _flag_rows(frame, wrong.fillna(False), file, column, "whatif.problem.range_order", out)


def check_rules(descriptor: dict, frames: dict[str, pd.DataFrame], out: Collector) -> None:
    """The project's rules the descriptor cannot express, on the typed tables: a row that
    breaks one is flagged (`_bad`) and named in a problem."""
    for check in (
        _check_across_files,
        _check_confidence,
        _check_editions,
        _check_supersession,
        _check_world_bound,
        _check_presets,
        _check_projections,
    ):
        check(descriptor, frames, out)
