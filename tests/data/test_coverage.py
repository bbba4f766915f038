"""dashboard.data.coverage: figures and sources per entity and topic, gaps shown as gaps."""

from __future__ import annotations

import pandas as pd

from dashboard.data.coverage import EMPTY, coverage_frame, coverage_markdown


def test_counts_figures_and_distinct_sources_and_marks_gaps() -> None:
    obs = pd.DataFrame(
        {
            "entity": ["KOR", "KOR", "KOR", "CHN"],
            "topic": ["compute", "compute", "rankings", "compute"],
            "value": [1.0, 2.0, 3.0, 4.0],
            "source_id": ["a", "a", "b", "c"],
        }
    )
    table = coverage_frame(obs, ["KOR", "CHN", "FRA"])
    assert table.loc["KOR", "compute"] == "2 (1)"
    assert table.loc["KOR", "rankings"] == "1 (1)"
    assert table.loc["CHN", "compute"] == "1 (1)"
    assert (table.loc["FRA"] == EMPTY).all()  # a gap, never a zero
    lines = coverage_markdown(table).splitlines()
    assert lines[0].startswith("| entity | compute |") and len(lines) == 2 + 3
    assert lines[2] == "| KOR | 2 (1) | — | 1 (1) | — | — |"
