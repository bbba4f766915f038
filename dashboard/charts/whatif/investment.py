"""Korea's pledge as set beside the plans abroad: one bar each, hatched by its status (a
pledge or a forecast is not a budget), in USD on the chosen basis."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.charts import primitives
from dashboard.charts.plain import Plot
from dashboard.charts.primitives import Labels, Style


@dataclass(frozen=True)
class InvestmentChart:
    bars: pd.DataFrame  # entity, bar, value, status, color, value_text, hover


def draw(result: InvestmentChart, *, labels: Labels, style: Style, log: bool = False) -> Plot:
    return primitives.bars(result.bars, labels=labels, category="bar", log=log, style=style)
