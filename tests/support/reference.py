"""Reference scenarios and their key outputs (`tests/scenarios.yaml`).

Each scenario is a link's query string; its outputs are Korea's compute in the
projection's last year (with its range and its trend), the world's compute and power,
the US's and China's shares of the world, Korea's rank and shares, the pledge per person
per year, the break-even utilisation and the composite rank with its band, as
`whatif.outcome` and `whatif.projection` give them for the shipped data.

`tests/model/scenarios/test_reference.py` recomputes every scenario and fails on any change, so
a change to the model or the data that moves a result shows up as a reviewed diff of the
YAML file, not as silence. After a change that should move results:

    .venv/bin/python -m tests.support.reference --update

rewrites the expected outputs (the scenarios and their notes stay), and `git diff
tests/scenarios.yaml` shows what moved.
"""

from __future__ import annotations

import argparse
import urllib.parse
from pathlib import Path

import yaml

from dashboard import DEFAULT_DATA_DIR
from dashboard.data.load import Data, load
from dashboard.model import params
from dashboard.model.scenarios import whatif

FILE = Path(__file__).parents[1] / "scenarios.yaml"
SIGNIFICANT = 6  # digits kept: enough to see any real change, none of the float noise


def state_of(query: str, data: Data) -> params.ViewState:
    """The view a reference scenario's query describes; a notice is an error here (a
    reference that the link parser refuses would test nothing)."""
    raw = urllib.parse.parse_qs(query, keep_blank_values=True)
    state, notices = whatif.parse_link(raw, data)
    if notices:
        raise ValueError(f"{query!r}: {notices}")
    return state


def rounded(x: float) -> float:
    return float(f"{x:.{SIGNIFICANT}g}")


def outputs(query: str, data: Data) -> dict[str, object]:
    """The key outputs of one scenario, rounded to `SIGNIFICANT` digits."""
    found = whatif.settings_of(data)
    state = state_of(query, data)
    scenario = whatif.scenario(found, state.scenario, state.preset)
    countries = state.countries or tuple(data.default_countries())
    o = whatif.outcome(data, found, scenario, countries)
    frame = whatif.projection(data, found, scenario.buildout, countries).frame
    last = frame[frame["year"] == o.year].set_index("entity")["share_of_world"]
    return {
        "year": o.year,
        "korea_compute_h100e": rounded(o.compute),
        "korea_compute_range": [rounded(o.compute_low), rounded(o.compute_high)],
        "korea_trend_h100e": rounded(o.trend),
        "world_h100e": rounded(o.world),
        "world_power_gw": rounded(o.world_power_gw),
        "us_share_of_world": rounded(float(last["USA"])) if "USA" in last else None,
        "china_share_of_world": rounded(float(last["CHN"])) if "CHN" in last else None,
        "korea_rank": f"{o.rank} of {o.countries}",
        "share_of_leader": rounded(o.share_of_leader),
        "share_of_world": rounded(o.share_of_world),
        "pledge_usd_per_person_per_year": rounded(o.pledge_per_capita_usd),
        "break_even_utilisation": None
        if o.break_even_utilisation is None
        else rounded(o.break_even_utilisation),
        "composite_rank": o.composite_rank,
        "composite_band": None if o.composite_band is None else list(o.composite_band),
    }


def read() -> list[dict]:
    return yaml.safe_load(FILE.read_text(encoding="utf-8"))["scenarios"]


def update() -> None:
    """Rewrite every scenario's `expected` from the current model and data."""
    data = load(DEFAULT_DATA_DIR)
    scenarios = read()
    for s in scenarios:
        s["expected"] = outputs(s["query"], data)
    header = FILE.read_text(encoding="utf-8").split("scenarios:")[0]
    body = yaml.safe_dump({"scenarios": scenarios}, allow_unicode=True, sort_keys=False, width=100)
    FILE.write_text(header + body, encoding="utf-8")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--update", action="store_true", help="rewrite the expected outputs")
    if parser.parse_args().update:
        update()
        print(f"updated {FILE}")
