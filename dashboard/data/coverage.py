"""The coverage matrix: per entity and topic, how many figures from how many sources.

Shown on the Sources page, printed by `python -m dashboard.validate --coverage`, and
kept in step with data/README.md by a test.
"""

from __future__ import annotations

import pandas as pd

TOPICS = ("compute", "companies", "rankings", "investment", "context")
EMPTY = "—"


def coverage_frame(observations: pd.DataFrame, entities: list[str]) -> pd.DataFrame:
    """Cells like "12 (3)": 12 figures from 3 sources; "—" where there is none."""
    counts = observations.groupby(["entity", "topic"]).agg(
        figures=("value", "size"), sources=("source_id", "nunique")
    )
    table = pd.DataFrame(EMPTY, index=pd.Index(entities, name="entity"), columns=list(TOPICS))
    for (entity, topic), row in counts.iterrows():
        if entity in table.index and topic in table.columns:
            table.loc[entity, topic] = f"{row['figures']} ({row['sources']})"
    return table


def coverage_markdown(table: pd.DataFrame) -> str:
    header = "| entity | " + " | ".join(table.columns) + " |"
    rule = "|" + "---|" * (len(table.columns) + 1)
    body = [
        "| " + " | ".join([str(entity), *row]) + " |"
        for entity, row in zip(table.index, table.itertuples(index=False, name=None), strict=True)
    ]
    return "\n".join([header, rule, *body])
