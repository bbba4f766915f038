"""The data's own names that code elsewhere relies on: the descriptor's file name, the
line-number column, the world entity and its compute series, the status words of
supersession and confidence, and a figure's row key."""

from __future__ import annotations

import pandas as pd

DESCRIPTOR = "datapackage.json"
LINE = "_line"  # column holding each row's line number in its file
DESIGN_CHOICE = "design"  # an assumption's confidence when it is a choice, not a figure
WORLD = "WLD"  # the entity whose compute bounds every country's
RETIRED = "retired"  # a figure's `superseded_by` when it is withdrawn with no successor
PRESS_KINDS = ("press", "article")  # a figure from these is at most `medium` confidence
STOCK_UNITS = ("gpu", "h100e")  # compute stocks, bounded by the world's
WORLD_COMPUTE = "ai_compute_h100e"


def row_key(frame: pd.DataFrame) -> pd.Series:
    """Each figure's name, ENTITY/metric/YEAR/source_id: how supersession and the
    changelog refer to a row."""
    year = frame["year"].astype("Int64").astype("string")
    return frame["entity"] + "/" + frame["metric"] + "/" + year + "/" + frame["source_id"]
