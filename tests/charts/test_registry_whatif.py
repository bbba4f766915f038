"""The what-if charts: each `draw(result, *, labels, style)` on a few rows built here (the
Vizro way), then the registry from a view on the real data: titles, captions, sourced
rows, outside projections as markers, and each chart reading only its section."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from dashboard import DEFAULT_DATA_DIR
from dashboard.charts import registry, registry_whatif
from dashboard.charts.primitives import Labels, Style
from dashboard.charts.whatif import compare, levels, shares, tco, world
from dashboard.data.load import HOME, Data, load
from dashboard.model import params
from dashboard.model.scenarios import tco as tco_model
from dashboard.model.scenarios import whatif
from dashboard.model.scenarios.sections import TcoScenario
from tests.support.folders import make_folder

CHARTS = tuple(registry_whatif.CHARTS)
COUNTRIES = ("KOR", "CHN", "FRA", "USA")
STYLE = Style()


@pytest.fixture(scope="module")
def real() -> Data:
    return load(DEFAULT_DATA_DIR)


def build(chart: str, data: Data, lang: str = "en", **view: object) -> registry.ChartResult:
    view.setdefault("countries", COUNTRIES)
    return registry.build(chart, data, registry.View(lang=lang, **view))


def spec(result: registry.ChartResult) -> str:
    return result.figure.checked().to_json()


def chart_labels(title: str = "T") -> Labels:
    return Labels(title=title, value_axis="H100e", lang="en", value_scale=1.0)


MARKER = pd.DataFrame(
    {
        "year": [2027],
        "measure": ["world_h100e"],
        "entity": ["WLD"],
        "marker": [90.0],
        "text": ["Someone: 90"],
        "hover": ["h"],
        "within": [True],
    }
)


# ---------------------------------------------------------------- draw, on rows built here


def test_world_draws_the_stock_its_band_the_power_and_the_projections() -> None:
    frame = pd.DataFrame(
        {
            "year": [2025, 2026, 2027],
            "stock": [10.0, 40.0, 80.0],
            "stock_low": [5.0, 20.0, 40.0],
            "stock_high": [15.0, 60.0, 120.0],
            "power_gw": [30.0, 50.0, 70.0],
            "power_gw_low": [20.0, 30.0, 40.0],
            "power_gw_high": [40.0, 70.0, 100.0],
        }
    )
    labels = world.WorldLabels(
        chart_labels(), "GW", "Stock", "Power", "Band", "Projections", beyond="After 2026"
    )
    fig = world.draw(
        world.WorldChart(frame, MARKER, anchored=2026), labels=labels, style=STYLE
    ).checked()
    by_name = {t.name: t for t in fig.data if t.fill is None}
    assert list(by_name["Stock"].y) == [10.0, 40.0, 80.0]
    assert list(by_name["Power"].y) == [30.0, 50.0, 70.0] and by_name["Power"].yaxis == "y2"
    bands = [t for t in fig.data if t.fill == "toself"]
    assert list(bands[0].y) == [15.0, 60.0, 120.0, 40.0, 20.0, 5.0]  # high, then low back
    marker = by_name["Projections"]
    assert list(marker.y) == [90.0] and list(marker.text) == ["Someone: 90"]
    assert marker.marker.symbol == ("diamond",)  # within
    assert fig.layout.shapes and fig.layout.shapes[0].x0 == 2026.5  # the years past 2026
    assert fig.layout.yaxis2.overlaying == "y"


def test_levels_draw_a_pipeline_against_its_trend_and_a_held_share_once() -> None:
    rows = [
        dict(
            entity=e,
            year=y,
            driver=d,
            scenario_compute=v,
            scenario_low=v / 2,
            scenario_high=v * 2,
            baseline_compute=b,
            share_of_world=v / 1e3,
            rank_scenario=r,
            world=1e3,
            world_low=5e2,
            world_high=2e3,
        )
        for e, d, r, pairs in (
            ("KOR", "pipeline", 2, ((2025, 10, 10), (2026, 12, 15))),
            ("USA", "share_outside_china", 1, ((2025, 700, 700), (2026, 800, 800))),
        )
        for y, v, b in pairs
    ]
    labels = levels.LevelsLabels(
        chart_labels(),
        {"KOR": "Korea", "USA": "US"},
        {"KOR": "#0072B2"},
        "World",
        "Trend",
        "Plan",
        "Band",
        "Share",
        "Rank",
        "Projections",
        home_note="Korea: 2nd",
    )
    fig = levels.draw(
        levels.LevelsChart(pd.DataFrame(rows), MARKER.iloc[0:0], HOME), labels=labels, style=STYLE
    ).checked()
    korea = [t for t in fig.data if t.name == "Korea" and t.fill is None]
    assert [t.line.dash for t in korea] == ["dot", None]  # trend, then the plan
    assert list(korea[0].y) == [10, 15] and list(korea[1].y) == [10, 12]
    assert len([t for t in fig.data if t.name == "US" and t.fill is None]) == 1  # no trend line
    assert fig.layout.annotations[0].text == "Korea: 2nd"


def test_shares_are_drawn_in_percent_with_their_band() -> None:
    frame = pd.DataFrame(
        [
            dict(
                entity="CHN",
                year=y,
                driver="export_controls",
                share_of_world=s,
                share_low=s * 0.8,
                share_high=s * 1.2,
                baseline_share=s,
            )
            for y, s in ((2025, 0.08), (2026, 0.05))
        ]
    )
    labels = shares.SharesLabels(chart_labels(), {"CHN": "China"}, {}, "Band", "Trend", "Plan", "P")
    fig = shares.draw(
        shares.SharesChart(frame, MARKER.iloc[0:0], HOME), labels=labels, style=STYLE
    ).checked()
    line = next(t for t in fig.data if t.name == "China" and t.fill is None)
    assert list(line.y) == pytest.approx([8.0, 5.0])
    assert fig.layout.yaxis.type == "log"


def test_compare_draws_the_current_scenario_and_the_saved_ones() -> None:
    rows = pd.DataFrame(
        {"year": [2025, 2026], "scenario_compute": [1.0, 2.0], "baseline_compute": [1.0, 3.0]}
    )
    labels = compare.CompareLabels(chart_labels(), ("Now", "Saved"), "Trend", "#0072B2")
    fig = compare.draw(compare.CompareChart((rows, rows * 1)), labels=labels, style=STYLE).checked()
    assert [t.name for t in fig.data] == ["Trend", "Now", "Saved"]
    assert fig.data[2].line.dash == "dash"


def test_tco_marks_the_break_even_and_the_chosen_utilisation() -> None:
    c = TcoScenario(
        tco_gpus=100,
        gpu_price_usd=30000,
        other_capex_per_gpu_usd=20000,
        facility_usd_per_mw=1e7,
        power_kw_per_gpu=1.2,
        draw_fraction=0.75,
        pue=1.3,
        electricity_krw_per_kwh=180,
        utilisation=0.6,
        lifetime_years=5,
        cloud_usd_per_gpu_hour=3.0,
        krw_per_usd=1350,
    )
    r = tco_model.tco(c)
    labels = tco.TcoLabels(
        chart_labels(),
        "Total",
        "Per hour",
        "Own",
        "Cloud",
        "Capex",
        "Energy",
        "Own/h",
        "Cloud/h",
        "Utilisation",
        "USD/h",
        "Chosen",
        "Break-even",
        "USD",
        1e6,
    )
    fig = tco.draw(tco.TcoChart(c, r, 0.05), labels=labels, style=STYLE).checked()
    assert fig.layout.shapes[0].x0 == pytest.approx(r.break_even_utilisation)
    bars = {t.name: t.y[0] for t in fig.data if t.type == "bar"}
    assert bars["Capex"] == pytest.approx(r.capex_usd / 1e6)
    assert bars["Cloud"] == pytest.approx(r.cloud_usd / 1e6)


def test_the_cost_colours_are_no_countrys(real) -> None:
    """A cost is nobody's country: the owning and renting colours are no entity's colour."""
    palette = {tco.OWN_COLOR, tco.ENERGY_COLOR, tco.CLOUD_COLOR}
    assert palette.isdisjoint(
        {c.upper() for c in real.entities["color"]} | set(real.entities["color"])
    )


# ---------------------------------------------------------------- the registry, real data


def test_the_what_if_charts_are_registered() -> None:
    assert set(CHARTS) <= set(registry.CHARTS)
    assert all(registry.CHARTS[c] is registry_whatif.CHARTS[c] for c in CHARTS)
    assert {"whatif_world", "whatif_buildout", "whatif_shares"} <= set(CHARTS)


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("chart", CHARTS)
def test_each_chart_draws_with_a_title_a_caption_and_sourced_rows(real, chart, lang) -> None:
    result = build(chart, real, lang)
    assert (
        result.figure.checked().data
        and result.figure.checked().layout.title.text
        and result.caption
    )
    hangul = any(
        "\uac00" <= ch <= "\ud7a3"
        for ch in result.figure.checked().layout.title.text + result.caption
    )
    assert hangul == (lang == "ko")
    assert "whatif." not in result.caption  # every word found in the strings files
    assert not result.rows.empty
    assert (result.rows["publisher"].fillna("") != "").all()  # every input has a source


def test_the_world_chart_marks_the_outside_projections_with_their_sources(real) -> None:
    result = build("whatif_world", real, scenario=(("target_year", 2030.0),))
    marked = [t for t in result.figure.checked().data if t.mode == "markers+text"]
    texts = {x for t in marked for x in t.text}
    assert any("AI 2027" in x for x in texts) and any("RAND" in x for x in texts)
    cited = set(result.rows["metric"])
    assert {"ai2027_world_2027", "rand_power_2030", "epri_power_2030"} <= cited
    assert "within" in result.caption and "beyond most published anchors" in result.caption
    assert result.figure.checked().layout.shapes  # the years past 2028 are shaded
    default = build("whatif_world", real)
    assert not default.figure.checked().layout.shapes and "beyond" not in default.caption


def test_the_levels_chart_draws_korea_and_france_against_their_trend(real) -> None:
    result = build("whatif_buildout", real)
    for entity in (HOME, "FRA"):
        name = real.entity_name(entity, "en")
        assert [
            t.line.dash for t in result.figure.checked().data if t.name == name and t.fill is None
        ] == [
            "dot",
            None,
        ]
    assert "NVIDIA deal" in result.caption and "70%" in result.caption
    korea = [t for t in result.figure.checked().data if t.mode == "markers+text"]
    assert not korea  # the pipelines' ceilings are of 2030, past the default 2028
    to_2030 = build("whatif_buildout", real, scenario=(("target_year", 2030.0),))
    marked = [x for t in to_2030.figure.checked().data if t.mode == "markers+text" for x in t.text]
    assert any("300,000" in x for x in marked) and any("1.4 GW" in x for x in marked)


@pytest.mark.parametrize("chart", CHARTS)
def test_a_scenario_changes_the_chart(real, chart) -> None:
    scenario = {
        "whatif_world": (("world_sales_slowdown", 0.6),),
        "whatif_buildout": (("kor_deal_realisation", 1.0),),
        "whatif_shares": (("china_licensed_imports_2026", 0.0),),
        "whatif_investment": (("pledge_krw_bn", 150000.0),),
        "whatif_tco": (("utilisation", 0.9),),
        "whatif_composite": (("weight_compute", 1.0),),
        "whatif_compare": (("added_gpus", 50000.0),),
    }[chart]
    assert spec(build(chart, real)) != spec(build(chart, real, scenario=scenario))


@pytest.mark.parametrize("chart", CHARTS)
def test_without_assumptions_each_chart_says_so(chart, tmp_path: Path) -> None:
    folder = make_folder(tmp_path / "d")
    (folder / "assumptions.csv").unlink()
    result = build(chart, load(folder))
    assert result.rows.empty and not list(result.figure.checked().data)
    assert "assumptions" in result.caption
    assert result.caption in json.dumps(result.figure.checked().to_plotly_json()["layout"])


def test_an_unknown_path_is_refused(real) -> None:
    with pytest.raises(ValueError, match="unknown preset"):
        build("whatif_buildout", real, preset="gpus_imagined")


@pytest.mark.slow  # a sweep: every chart redrawn once per slider it does not declare
@pytest.mark.parametrize("chart", CHARTS)
def test_a_chart_reads_no_slider_beyond_those_it_declares(real: Data, chart: str) -> None:
    """registry.build redraws a what-if chart only when a slider it declares moves; so a
    slider it does not declare must leave the chart as it is (drawn here directly)."""
    draw = registry_whatif.CHARTS[chart]
    found = whatif.settings_of(real)
    declared = registry_whatif.scenario_keys(chart, real)
    assert declared and declared <= set(found.sliders)
    baseline = spec(draw(real, registry.View(lang="en", countries=COUNTRIES)))
    others = [k for k in found.sliders if k not in declared]
    assert others  # every chart leaves some sliders out
    for key in others:
        slider = found.sliders[key]
        far = slider.max if slider.value != slider.max else slider.min
        view = registry.View(lang="en", countries=COUNTRIES, scenario=((key, far),))
        assert spec(draw(real, view)) == baseline, key


def test_a_chart_reads_the_fields_of_its_section(real: Data) -> None:
    sections = whatif.settings_of(real).sections
    keys = {chart: registry.SCENARIO_KEYS[chart](chart, real) for chart in CHARTS}
    for chart in ("whatif_world", "whatif_buildout", "whatif_shares", "whatif_compare"):
        assert keys[chart] == set(sections["buildout"])
    assert keys["whatif_investment"] == set(sections["investment"])
    assert keys["whatif_tco"] == {*sections["tco"], "krw_per_usd"}
    assert keys["whatif_composite"] == {
        *sections["buildout"],
        *sections["investment"],
        *sections["composite"],
    }


def test_the_comparison_chart_labels_its_axis_in_the_readers_units(real) -> None:
    saved = (params.Saved("Minister", "minister_2030"),)
    korean = build("whatif_compare", real, lang="ko", saved=saved)
    english = build("whatif_compare", real, lang="en", saved=saved)
    assert [t.name for t in english.figure.checked().data][-1] == "Minister"
    assert any("만" in text for text in korean.figure.checked().layout.yaxis.ticktext)
    assert not any("만" in text for text in english.figure.checked().layout.yaxis.ticktext)
