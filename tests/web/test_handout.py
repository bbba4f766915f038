"""The hand-out controls through AppTest: "Cite this" under a chart (the chart's and a
chosen figure's citations), the Excel download beside the CSV one, and the whole-dataset
workbook on the Sources page. The texts and files themselves are checked in
test_citation.py and test_workbook.py."""

from __future__ import annotations

from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import DEFAULT_DATA_DIR
from dashboard.base.i18n import t
from dashboard.charts import registry
from dashboard.data.load import load
from dashboard.outputs import citation
from dashboard.ui import handout
from tests.support.app import APP_PATH, failures


def overview(lang: str) -> AppTest:
    at = AppTest.from_file(APP_PATH, default_timeout=90)
    at.query_params["lang"] = lang
    at.run()
    assert not failures(at), failures(at)
    return at


@pytest.mark.slow  # drives whole pages
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_cite_this_gives_the_charts_and_a_chosen_figures_citations(lang: str) -> None:
    at = overview(lang)
    data = load(DEFAULT_DATA_DIR)
    view = registry.View(lang=lang, countries=tuple(data.default_countries()))
    result = registry.build("gpu_gap", data, view)
    today = date.today()
    chart = citation.chart_citation(
        "gpu_gap", citation.chart_title(result.figure), result.rows, data, lang, today
    )
    assert not at.code  # nothing is worked out or sent while the popover is closed
    at.session_state[handout.CITE_OPEN + "gpu_gap"] = True  # the reader opens it
    at.run()
    codes = [c.value for c in at.code]
    assert codes[:3] == [chart.apa, chart.korean, chart.bibtex]
    pick = at.selectbox(key="cite_gpu_gap")
    assert pick.label == t("cite.choose", lang)
    last = len(pick.options) - 1
    pick.set_value(last).run()
    row = result.rows[result.rows["value"].notna()].iloc[last]
    chosen = citation.figure_citation(row, data, lang, today)
    assert [c.value for c in at.code][3:6] == [chosen.apa, chosen.korean, chosen.bibtex]


@pytest.mark.slow  # drives whole pages
def test_excel_sits_beside_the_csv_and_the_sources_page_offers_the_workbook() -> None:
    at = overview("ko")
    # nothing is made before the data is shown (the sidebar's briefing is made when clicked)
    assert not at.main.get("download_button")
    at.toggle(key="data_gpu_gap").set_value(True).run()
    labels = [d.proto.label for d in at.main.get("download_button")]
    assert labels == [t("chart.download_csv", "ko"), t("workbook.download", "ko")]
    at.switch_page("pages/sources.py").run()
    assert not failures(at), failures(at)
    labels = [d.proto.label for d in at.get("download_button")]
    assert t("workbook.download_all", "ko") in labels
