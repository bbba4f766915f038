"""The reference scenarios (tests/scenarios.yaml) still give their recorded outputs: a
change that moves a result must update that file in the same commit, as a reviewed diff
(`python -m tests.support.reference --update`)."""

from __future__ import annotations

import pytest

from dashboard import DEFAULT_DATA_DIR
from dashboard.data.load import Data, load
from tests.support import reference as ref

SCENARIOS = ref.read()


@pytest.fixture(scope="module")
def data() -> Data:
    return load(DEFAULT_DATA_DIR)


def test_the_file_covers_the_cases_the_issue_names() -> None:
    queries = [s["query"] for s in SCENARIOS]
    assert "" in queries  # the default, Korea's official path
    assert len(queries) == len(set(queries)) and all(s.get("expected") for s in SCENARIOS)
    keys = set(SCENARIOS[0]["expected"])
    assert {"korea_compute_h100e", "korea_rank", "share_of_leader",
            "pledge_usd_per_person_per_year", "break_even_utilisation", "composite_rank",
            "composite_band"} <= keys  # fmt: skip


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s["name"][:40] for s in SCENARIOS])
def test_a_reference_scenario_gives_its_recorded_outputs(data: Data, scenario: dict) -> None:
    got = ref.outputs(scenario["query"], data)
    assert got == scenario["expected"], (
        f"{scenario['name']}: the outputs moved; if that is intended, run "
        "`python -m tests.support.reference --update` and commit the diff of "
        "tests/scenarios.yaml"
    )


def test_a_moved_result_is_caught(data: Data) -> None:
    """The comparison is exact to the recorded digits: a result 0.01% off fails."""
    first = SCENARIOS[0]
    got = ref.outputs(first["query"], data)
    moved = {**got, "korea_compute_h100e": ref.rounded(got["korea_compute_h100e"] * 1.0001)}
    assert moved != first["expected"]


def test_a_query_the_link_parser_refuses_is_an_error(data: Data) -> None:
    with pytest.raises(ValueError, match=r"s\.added_gpus"):
        ref.outputs("s.added_gpus=-5", data)
