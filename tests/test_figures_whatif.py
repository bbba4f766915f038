"""The what-if charts: registered, drawn from the scenario in the view, on the real data
and on a small folder where the numbers can be checked by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dashboard import DEFAULT_DATA_DIR
from dashboard.base import formatting as fmt
from dashboard.base.i18n import t
from dashboard.charts import figures, figures_whatif
from dashboard.data.load import HOME, Data, load
from dashboard.model import params
from dashboard.model.scenarios import whatif
from tests.test_scenarios_assumptions import make_folder

CHARTS = (
    "whatif_buildout",
    "whatif_investment",
    "whatif_tco",
    "whatif_composite",
    "whatif_compare",
)
COUNTRIES = ("KOR", "CHN", "FRA", "USA")


@pytest.fixture(scope="module")
def real() -> Data:
    return load(DEFAULT_DATA_DIR)


@pytest.fixture(scope="module")
def mini(tmp_path_factory: pytest.TempPathFactory) -> Data:
    return load(make_folder(tmp_path_factory.mktemp("figures_whatif")))


def build(chart: str, data: Data, lang: str = "en", **view: object) -> figures.ChartResult:
    view.setdefault("countries", COUNTRIES)
    return figures.build(chart, data, figures.View(lang=lang, **view))


def spec(result: figures.ChartResult) -> str:
    return result.figure.to_json()


def traces(result: figures.ChartResult, name: str) -> list:
    return [t for t in result.figure.data if t.name == name]


# ---------------------------------------------------------------- every chart


def test_the_what_if_charts_are_registered() -> None:
    assert set(CHARTS) <= set(figures.CHARTS)
    assert all(figures.CHARTS[c] is figures_whatif.CHARTS[c] for c in CHARTS)


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("chart", CHARTS)
def test_each_chart_draws_with_a_title_a_caption_and_sourced_rows(real, chart, lang) -> None:
    result = build(chart, real, lang)
    assert result.figure.data and result.figure.layout.title.text
    assert result.caption
    hangul = any("\uac00" <= ch <= "\ud7a3" for ch in result.figure.layout.title.text)
    assert hangul == (lang == "ko")
    if chart != "whatif_composite" or not result.rows.empty:
        assert not result.rows.empty
        assert (result.rows["publisher"].fillna("") != "").all()  # every input has a source


@pytest.mark.parametrize("chart", CHARTS)
def test_a_scenario_changes_the_chart(real, chart) -> None:
    scenario = {
        "whatif_buildout": (("added_gpus", 50000.0),),
        "whatif_investment": (("pledge_krw_bn", 150000.0),),
        "whatif_tco": (("utilisation", 0.9),),
        "whatif_composite": (("weight_compute", 1.0),),
        "whatif_compare": (("added_gpus", 50000.0),),
    }[chart]
    assert spec(build(chart, real)) != spec(build(chart, real, scenario=scenario))


@pytest.mark.parametrize("chart", CHARTS)
def test_without_assumptions_each_chart_says_so(mini, chart, tmp_path: Path) -> None:
    folder = make_folder(tmp_path / "d")
    (folder / "assumptions.csv").unlink()
    result = build(chart, load(folder))
    assert result.rows.empty and not [t for t in result.figure.data]
    assert "assumptions" in result.caption
    assert result.caption in json.dumps(result.figure.to_plotly_json()["layout"])


# ---------------------------------------------------------------- build-out


def lines(result: figures.ChartResult, name: str) -> list:
    """The lines drawn for `name` (its bands are areas named "<name>: Band ...")."""
    return [t for t in traces(result, name) if t.fill is None]


def test_buildout_at_the_defaults_draws_the_official_path_against_the_trend(real) -> None:
    result = build("whatif_buildout", real)
    korea = lines(result, real.entity_name(HOME, "en"))
    assert len(korea) == 2  # trend (dotted) and path (solid)
    trend, path = korea
    assert trend.line.dash == "dot" and path.line.dash is None
    assert path.y[0] == trend.y[0]  # both start from the data's own figure
    official = whatif.preset_of(whatif.settings_of(real), "")
    assert path.y[-1] == pytest.approx(path.y[0] + official.total)  # held start + the path
    assert path.line.width > lines(result, "China")[0].line.width  # Korea stands out
    world = lines(result, "World")[0]
    for name in ("China", "France", "United States", "South Korea"):
        for line in lines(result, name):
            assert all(y <= w for y, w in zip(line.y, world.y, strict=True))
    bands = [t for t in result.figure.data if t.fill == "toself"]
    assert len(bands) == 1 + 4 + 1  # the world's, each country's, Korea's trend's
    assert "not a forecast" in result.caption and "official path" in result.caption


def test_buildout_draws_the_worked_example(real) -> None:
    scenario = (("added_gpus", 50000.0), ("deploy_years", 3.0), ("efficiency", 1.5))
    result = build("whatif_buildout", real, scenario=(*scenario, ("target_year", 2028.0)))
    _, line = lines(result, "South Korea")
    assert list(line.x) == [2025, 2026, 2027, 2028]
    # Held start 85,500 (0.5% of 17.1M), the official path (28,136 by 2026, 50,000 by
    # 2028) and 50,000 x k/3 more, all x 1.5 from 2026; 2025 is the data's figure.
    path = [0, 28_136, 28_136, 50_000]
    expected = [85_500] + [(85_500 + path[k] + 50_000 * k / 3) * 1.5 for k in (1, 2, 3)]
    assert list(line.y) == pytest.approx(expected)
    # Korea's rank in 2028 among the countries drawn, worked out from the lines drawn
    drawn = [t for t in result.figure.data if t.fill is None and t.line.dash is None]
    finals = {t.name: t.y[-1] for t in drawn if t.y is not None and len(t.y)}
    rank = 1 + sum(v > finals["South Korea"] for name, v in finals.items() if name != "South Korea")
    note = result.figure.layout.annotations[0].text
    assert f"South Korea: {fmt.rank(rank, 'en')}" in note and "of the leader" in note


def test_buildout_of_korea_alone_claims_no_rank(real) -> None:
    result = build("whatif_buildout", real, countries=("KOR",))
    assert [t.name for t in lines(result, "South Korea")] == ["South Korea", "South Korea"]
    assert not result.figure.layout.annotations  # a rank among one country says nothing


def test_buildout_on_the_mini_data_by_hand(mini) -> None:
    # Mini: Korea 0.5% and China 12.9% of 17.1M H100e; no world growth, Korea's and the
    # peers' relative growth 0: every share holds. Korea adds 20,000 H100 in 2026 on its
    # held start, and the 2028 plan (50,000) is not reached by 2026.
    flat = (("world_growth", 0.0), ("growth_KOR", 0.0), ("growth_USA", 0.0))
    scenario = (*flat, ("added_gpus", 20000.0), ("target_year", 2026.0))
    result = build("whatif_buildout", mini, scenario=scenario)
    china = lines(result, "China")[0]
    assert list(china.y) == pytest.approx([0.129 * 17_100_000] * len(china.x))
    korea = lines(result, "South Korea")[1]
    assert korea.y[-1] == pytest.approx(0.005 * 17_100_000 + 20000)
    assert "4th" in result.figure.layout.annotations[0].text  # behind France's 1.3%


# ---------------------------------------------------------------- investment


def test_investment_bars_per_person_per_year_on_the_mini_data(mini) -> None:
    result = build("whatif_investment", mini, plan_basis="per_capita")
    bars = [t for t in result.figure.data if t.y[0] is not None]  # not the legend keys
    values = {y: x for t in bars for y, x in zip(t.y, t.x, strict=True)}
    korea = next(v for label, v in values.items() if label.startswith("South Korea"))
    # 100,000 bn won over 2026-2030 at 1,350 won per USD, 50 M people:
    # 100,000 / 1,350 / 5 / 50 x 1,000 = USD 296.30 per person per year.
    assert korea == pytest.approx(100_000 / 1350 / 5 / 50 * 1e3)
    stargate = next(v for label, v in values.items() if label.startswith("United States"))
    assert stargate == pytest.approx(500 / 4 / 340 * 1e3)  # USD 500 bn, 2025-2028
    assert "(scenario)" in next(label for label in values if label.startswith("South Korea"))
    # France's EUR 109 bn has no period: no yearly figure, named in the caption instead.
    assert not any(label.startswith("France") for label in values)
    assert "France" in result.caption


def test_investment_follows_the_exchange_rate_and_shows_each_status(real) -> None:
    cheap = build("whatif_investment", real, plan_basis="total")
    dear = build("whatif_investment", real, plan_basis="total", scenario=(("krw_per_usd", 1000.0),))
    assert spec(cheap) != spec(dear)
    names = {t.name for t in cheap.figure.data}
    assert {"Pledged", "Forecast"} <= names  # Korea's pledge, Stargate; the CICC forecast


# ---------------------------------------------------------------- cost of compute


def test_tco_totals_and_break_even_are_drawn(real) -> None:
    found = whatif.settings_of(real)
    values = whatif.resolve(found, (("tco_gpus", 10000.0),))
    result_now = whatif.cost(whatif.TcoParams.from_values(found, values))
    chart = build("whatif_tco", real, "en", scenario=(("tco_gpus", 10000.0),))
    bars = {t.name: t.y[0] for t in chart.figure.data if t.type == "bar"}
    # English: USD millions. Owning = capex + electricity; renting = the cloud total.
    assert bars["GPUs, servers and building"] == pytest.approx(result_now.capex_usd / 1e6)
    assert bars["Electricity"] == pytest.approx(result_now.energy_usd / 1e6)
    assert bars["Cloud rental"] == pytest.approx(result_now.cloud_usd / 1e6)
    even = [s for s in chart.figure.layout.shapes if s.type == "line"]
    assert len(even) == 1 and even[0].x0 == pytest.approx(result_now.break_even_utilisation)
    korean = build("whatif_tco", real, "ko", scenario=(("tco_gpus", 10000.0),))
    total = next(t for t in korean.figure.data if t.type == "bar" and t.name == "클라우드 임차")
    won = result_now.cloud_usd * result_now.krw_per_usd
    assert total.y[0] == pytest.approx(won / 1e8)  # 억 원


def test_tco_without_break_even_says_owning_never_pays(real) -> None:
    cheap_cloud = (("cloud_usd_per_gpu_hour", 1.0), ("gpu_price_usd", 50000.0))
    chart = build("whatif_tco", real, scenario=cheap_cloud)
    assert not [s for s in chart.figure.layout.shapes if s.type == "line"]
    assert t("whatif.tco.verdict_never", "en") in chart.caption


# ---------------------------------------------------------------- composite


def test_composite_stacks_contributions_to_the_score(real) -> None:
    result = build("whatif_composite", real)
    bars = [t for t in result.figure.data if t.type == "bar"]
    assert [b.name for b in bars] == ["Compute", "Investment", "Companies", "Index rankings"]
    totals: dict[str, float] = {}
    for b in bars:
        for label, x in zip(b.y, b.x, strict=True):
            totals[label] = totals.get(label, 0.0) + x
    assert max(totals.values()) == pytest.approx(100)  # the leader on every pillar
    assert "<b>South Korea</b>" in totals  # Korea stands out
    notes = [a.text for a in result.figure.layout.annotations]
    assert all("band" in n and "baseline" in n for n in notes)


def test_composite_with_no_weight_says_so(real) -> None:
    zero = tuple((f"weight_{p}", 0.0) for p in ("compute", "investment", "companies", "rankings"))
    result = build("whatif_composite", real, scenario=zero)
    assert result.rows.empty and "weight" in result.caption


def test_a_zero_weight_pillar_draws_no_segment(real) -> None:
    result = build("whatif_composite", real, scenario=(("weight_companies", 0.0),))
    companies = next(t for t in result.figure.data if t.name == "Companies")
    assert all(x == 0 for x in companies.x)


# ---------------------------------------------------------------- story settings


def test_a_story_preset_reaches_the_chart(real) -> None:
    result = build("whatif_buildout", real, preset="minister_2030")
    assert "200,000 GPUs by 2030" in result.caption
    assert "Korea's path" not in build("whatif_buildout", real, preset=whatif.NO_PRESET).caption
    with pytest.raises(ValueError, match="unknown preset"):
        build("whatif_buildout", real, preset="gpus_imagined")


@pytest.mark.slow  # a sweep: every chart redrawn once per slider it does not declare
@pytest.mark.parametrize("chart", CHARTS)
def test_a_chart_reads_no_slider_beyond_those_it_declares(real: Data, chart: str) -> None:
    """figures.build redraws a what-if chart only when a slider it declares moves; so a
    slider it does not declare must leave the chart as it is (drawn here directly, past
    the remembering)."""
    draw = figures_whatif.CHARTS[chart]
    settings = whatif.settings_of(real)
    declared = figures_whatif.scenario_keys(chart, real)
    assert declared and declared <= set(settings.sliders)
    view = figures.View(lang="en", countries=COUNTRIES)
    baseline = spec(draw(real, view))
    moved = 0
    for key, slider in settings.sliders.items():
        if key in declared:
            continue
        far = slider.max if slider.value != slider.max else slider.min
        assert (
            spec(draw(real, figures.View(lang="en", countries=COUNTRIES, scenario=((key, far),))))
            == baseline
        ), key
        moved += 1
    assert moved  # every chart leaves some sliders out


@pytest.mark.parametrize("chart", CHARTS)
def test_a_declared_slider_redraws_its_chart(real: Data, chart: str) -> None:
    settings = whatif.settings_of(real)
    key = sorted(figures_whatif.scenario_keys(chart, real))[0]
    slider = settings.sliders[key]
    far = slider.max if slider.value != slider.max else slider.min
    before = spec(build(chart, real))
    after = spec(build(chart, real, scenario=((key, far),)))
    assert before != after, key


def test_a_chart_reads_the_fields_of_its_sections_parameters(real: Data) -> None:
    """The registry's keys per chart are derived from the parameters object the chart
    draws: the page's section, plus the exchange rate for the cost of compute and the
    build-out and pledge sections for the composite that they feed."""
    sections = whatif.settings_of(real).sections
    keys = {chart: figures.SCENARIO_KEYS[chart](chart, real) for chart in CHARTS}
    assert keys["whatif_buildout"] == set(sections["buildout"])
    assert keys["whatif_investment"] == set(sections["investment"])
    assert keys["whatif_tco"] == {*sections["tco"], "krw_per_usd"}
    assert keys["whatif_composite"] == {
        *sections["buildout"], *sections["investment"], *sections["composite"]
    }  # fmt: skip


def test_the_cost_colours_are_no_countrys(real) -> None:
    """A cost is nobody's country: the owning and renting colours are no entity's colour."""
    palette = {figures_whatif.OWN_COLOR, figures_whatif.ENERGY_COLOR, figures_whatif.CLOUD_COLOR}
    assert palette.isdisjoint(
        {c.upper() for c in real.entities["color"]} | set(real.entities["color"])
    )


def test_the_comparison_chart_labels_its_axis_in_the_readers_units(real) -> None:
    saved = (params.Saved("Minister", "minister_2030"),)
    korean = build("whatif_compare", real, lang="ko", saved=saved)
    english = build("whatif_compare", real, lang="en", saved=saved)
    assert [t.name for t in english.figure.data][-1] == "Minister"
    assert any("만" in text for text in korean.figure.layout.yaxis.ticktext)
    assert not any("만" in text for text in english.figure.layout.yaxis.ticktext)
