"""The what-if page through Streamlit's AppTest: every slider moves a chart, a link
restores every slider, a bad link falls back with a notice, and reset goes back.

The page is reached the way a reader reaches it: the app (tests.support.app.APP_PATH) is
opened and navigates to it.
"""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import DEFAULT_DATA_DIR
from dashboard.base.i18n import t
from dashboard.data.load import load
from dashboard.model import params
from dashboard.model.scenarios import china, whatif
from tests.support import app as conftest
from tests.support.app import PAGES, DataCopy, failures, unescaped

COUNTRIES = ("KOR", "CHN", "FRA", "USA")  # the default selection

# Module-scoped fixtures (decks, browser sessions, apps) are costly: one worker runs
# this file (make test distributes with --dist loadgroup).
# Slow (not in make check): drives the what-if page.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("whatif_page")]

WIDGET = "wi_"
# The page's expanders drawn only while open, by their state's key (pages/whatif.py).
OUTSIDE_OPEN, ASSUMPTIONS_OPEN = "wx_outside", "wx_assumptions"


@pytest.fixture(scope="module")
def found() -> whatif.Settings:
    return whatif.settings_of(load(DEFAULT_DATA_DIR))


def open_whatif(**query: str) -> AppTest:
    """The app opened on its landing page, then the what-if page with `query` in the
    link (set before navigating, as a shared link would carry it)."""
    at = AppTest.from_file(conftest.APP_PATH, default_timeout=120)
    at.query_params["lang"] = query.pop("lang", "en")
    at.run()
    for key, value in query.items():
        at.query_params[key] = value
    at.switch_page("pages/whatif.py").run()
    assert not failures(at), failures(at)
    return at


def opened(at: AppTest, key: str) -> AppTest:
    """The page with the expander whose state is `key` opened, as a reader opens it."""
    at.session_state[key] = True
    return at.run()


def charts(at: AppTest) -> list[str]:
    return [json.dumps(json.loads(c.proto.spec), sort_keys=True) for c in at.get("plotly_chart")]


def slider_values(at: AppTest) -> dict[str, float]:
    return {s.key[len(WIDGET) :]: s.value for s in at.slider if s.key.startswith(WIDGET)}


def drawn(found: whatif.Settings) -> set[str]:
    """The sliders the page draws: every one (none depends on the countries shown)."""
    return set(found.sliders)


def links(at) -> list[str]:
    """The scenario links shown (code blocks, as the charts' citation texts are too)."""
    return [c.value for c in at.code if c.value.startswith("/whatif")]


def other_value(spec, value: float) -> float:
    """A position of the slider away from `value` (its far end)."""
    target = spec.max if value != spec.max else spec.min
    return int(target) if spec.integer else float(target)


CHARTS = 7  # world, countries, shares, investment, cost, composite, comparison


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_page_renders_its_charts_with_a_slider_per_setting(found, lang) -> None:
    at = open_whatif(lang=lang)
    assert len(at.get("plotly_chart")) == CHARTS
    assert set(slider_values(at)) == drawn(found)
    title = at.title[0].value
    assert any("\uac00" <= ch <= "\ud7a3" for ch in title) == (lang == "ko")
    assert links(at) == ["/whatif" if lang == "ko" else "/whatif?lang=en"]


def test_moving_each_slider_changes_the_charts(found) -> None:
    at = open_whatif()
    # GPUs first: with none added, their schedule and type cannot move anything; the
    # first delivery year last, as moving it to its end also moves the last year shown.
    first, last = "added_gpus", "start_year"
    order = [first, *(k for k in found.sliders if k in drawn(found) - {first, last}), last]
    for key in order:
        at.run()  # the whole page, as the browser holds it after earlier moves
        before = charts(at)
        widget = at.slider(key=WIDGET + key)
        widget.set_value(other_value(found.sliders[key], widget.value)).run()
        assert not failures(at), (key, failures(at))
        assert set(charts(at)) - set(before), f"moving {key} changed no chart"
        assert f"s.{key}" in at.query_params, f"{key} is not in the link"


SECTION_TITLES = {"buildout": "whatif.compute.title", "investment": "whatif.investment.title",
                  "tco": "whatif.tco.title", "composite": "whatif.composite.title"}  # fmt: skip


def tables(at: AppTest) -> list[str]:
    return [d.value.to_json() for d in at.dataframe]


@pytest.mark.parametrize("section", list(SECTION_TITLES))
def test_a_slider_re_runs_only_what_reads_it_and_the_link_and_comparison_stay_right(
    found, section
) -> None:
    key = found.sections[section][0]
    at = open_whatif()
    widget = at.slider(key=WIDGET + key)
    widget.set_value(other_value(found.sliders[key], widget.value)).run()
    assert not failures(at), failures(at)
    # Re-run: the sections that read the slider, then the comparison (and the
    # assumptions and the link, which have no header); the other sections stay drawn.
    readers = [SECTION_TITLES[s] for s in found.readers[key]]
    assert section in found.readers[key]
    assert [h.value for h in at.header] == [t(k, "en") for k in [*readers, "whatif.compare.title"]]
    (link,) = links(at)
    assert f"s.{key}=" in link
    # What the re-run drew is what a colleague opening the link sees: the link, the
    # charts redrawn and the tables (the comparison's included).
    query = {k: v[-1] if isinstance(v, list) else v for k, v in at.query_params.items()}
    fresh = open_whatif(**query)
    assert links(fresh) == [link]
    assert set(charts(at)) <= set(charts(fresh))
    assert set(tables(at)) <= set(tables(fresh))
    assert tables(at)  # the comparison's at least


def test_a_link_restores_every_slider(found) -> None:
    chosen = {}
    for key, spec in found.sliders.items():
        # Half-way between the default and the top, on the slider's grid.
        steps = round((spec.max - spec.value) / spec.step / 2)
        chosen[key] = whatif.within(found, {key: spec.value + max(steps, 1) * spec.step})[key]
        if chosen[key] == spec.value:
            chosen[key] = whatif.within(found, {key: spec.value - spec.step})[key]
    state = params.ViewState(lang="en", scenario=params.scenario_of(chosen, found.defaults()))
    assert len(state.scenario) == len(found.sliders)
    at = open_whatif(**params.encode(state))
    shown = slider_values(at)
    assert set(shown) == drawn(found)
    for key in shown:
        assert shown[key] == pytest.approx(chosen[key]), key
    (link,) = links(at)
    assert all(f"s.{key}=" in link for key in found.sliders)
    assert not at.info or not any("could not be used" in i.value for i in at.info)


def test_a_link_with_nonsense_renders_the_defaults_with_a_notice(found) -> None:
    at = open_whatif(
        **{
            "s.added_gpus": "nan",
            "s.efficiency": "1.5",
            "s.kor_deal_realisation": "1e309",
            "s.pue": "-1",
            "s.utilisation": "7",
            "s.deploy_years": "2.5",
            "s.weight_compute": "<script>",
            "s.no_such_slider": "1",
        }
    )
    assert len(at.get("plotly_chart")) == CHARTS
    assert slider_values(at) == pytest.approx(
        {
            k: (int(v) if found.sliders[k].integer else v)
            for k, v in found.defaults().items()
            if k in drawn(found)
        }
    )
    notice = " ".join(i.value for i in at.info)
    assert "<script>" not in notice
    notice = unescaped(notice)
    for key in ("s.added_gpus", "s.efficiency", "s.kor_deal_realisation", "s.pue",
                "s.utilisation", "s.no_such_slider"):  # fmt: skip
        assert key in notice
    assert not [k for k in at.query_params if k.startswith("s.")]


def test_reset_goes_back_to_the_baseline(found) -> None:
    at = open_whatif(**{"s.added_gpus": "50000", "s.kor_deal_realisation": "0.5"})
    at.slider(key=WIDGET + "pue").set_value(found.sliders["pue"].max).run()
    assert {"s.added_gpus", "s.kor_deal_realisation", "s.pue"} <= set(at.query_params)
    at.run()  # the whole page (the move re-ran the cost section and what reads all)
    at.button(key=WIDGET + "reset").click().run()
    assert not failures(at)
    values = slider_values(at)
    assert values["added_gpus"] == 0
    assert values["kor_deal_realisation"] == found.sliders["kor_deal_realisation"].value
    assert values["pue"] == found.sliders["pue"].value
    assert not [k for k in at.query_params if k.startswith("s.")]
    assert links(at) == ["/whatif?lang=en"]


def test_the_path_selector_follows_the_data_and_the_link(found) -> None:
    at = open_whatif(**{"s.target_year": "2030"})  # the minister's path differs in 2030
    selector = at.selectbox(key=WIDGET + "preset")
    assert selector.value == found.presets[0].id
    assert len(selector.options) == len(found.presets) + 1  # and "no path"
    before = charts(at)
    selector.set_value("minister_2030").run()
    assert at.query_params["preset"] == "minister_2030" and charts(at) != before
    assert any("200,000" in str(c.value) for c in at.caption)
    reopened = open_whatif(preset="minister_2030")
    assert reopened.selectbox(key=WIDGET + "preset").value == "minister_2030"
    at.selectbox(key=WIDGET + "preset").set_value(whatif.NO_PRESET).run()
    assert at.query_params["preset"] == whatif.NO_PRESET
    at.selectbox(key=WIDGET + "preset").set_value(found.presets[0].id).run()
    assert "preset" not in at.query_params  # the default path needs no parameter


def test_the_export_control_setting_sets_chinas_imports(found) -> None:
    at = open_whatif()
    assert at.selectbox(key=WIDGET + "regime").value == china.DEFAULT_REGIME
    before = charts(at)
    at.selectbox(key=WIDGET + "regime").set_value("strict").run()
    assert slider_values(at)[china.IMPORTS] == 0 and charts(at) != before
    assert at.query_params[f"s.{china.IMPORTS}"] == "0"
    at.slider(key=WIDGET + china.IMPORTS).set_value(123000.0).run()
    assert at.selectbox(key=WIDGET + "regime").value == ""  # set otherwise now


def test_years_past_2028_carry_the_warning(found) -> None:
    at = open_whatif(**{"s.target_year": "2030"})
    assert slider_values(at)["target_year"] == 2030
    assert any("beyond most published anchors" in str(c.value) for c in at.caption)
    assert not any("beyond most published" in str(c.value) for c in open_whatif().caption)


def test_a_cloud_price_preset_sets_the_price(found) -> None:
    at = open_whatif()
    at.selectbox(key=WIDGET + "cloud_preset").set_value("cloud_usd_per_gpu_hour_seoul").run()
    seoul = found.assumptions["cloud_usd_per_gpu_hour_seoul"].value
    assert slider_values(at)["cloud_usd_per_gpu_hour"] == pytest.approx(seoul)


def test_every_assumption_shown_has_its_source_one_click_away(found) -> None:
    at = open_whatif()
    for s in at.slider:
        spec = found.sliders[s.key[len(WIDGET) :]]
        if spec.source_id:
            assert "](http" in (s.help or ""), s.key  # the slider's (?) links the source
    closed = len(at.dataframe)
    opened(at, ASSUMPTIONS_OPEN)
    assert len(at.dataframe) == closed + 1  # the table is drawn once the reader opens it
    table = at.dataframe[-1].value  # "Assumptions and sources"
    sourced = table[table["Link"].fillna("") != ""]
    assert len(sourced) == sum(1 for k in drawn(found) if found.sliders[k].source_id)


def test_without_assumptions_the_page_says_so_and_the_rest_works(
    data_copy: DataCopy, app_env
) -> None:
    (data_copy.folder / "assumptions.csv").unlink()
    app_env(data_copy.folder)
    at = open_whatif()
    assert not at.get("plotly_chart")
    assert any("assumptions" in w.value for w in at.warning)
    at.switch_page("pages/compute.py").run()
    assert not failures(at) and len(at.get("plotly_chart")) == PAGES["compute"]


def test_the_outside_projections_table_compares_each_with_the_scenario(found) -> None:
    at = opened(open_whatif(), OUTSIDE_OPEN)
    tables = [d.value for d in at.dataframe]
    outside = next(t for t in tables if "Verdict" in t.columns)
    assert len(outside) == len(load(DEFAULT_DATA_DIR).projections)
    assert (outside["Link"].fillna("") != "").all()  # each with its source one click away
    assert "The scenario lies outside it" not in set(outside["Verdict"])


def test_a_scenario_is_saved_loaded_and_removed_from_the_comparison(found) -> None:
    at = open_whatif(**{"s.pledge_krw_bn": "150000"})
    save = next(b for b in at.button if b.label == t("whatif.compare.save", "en"))
    save.click().run()  # no name typed: a warning, nothing saved
    assert any(w.value == t("whatif.compare.name_needed", "en") for w in at.warning)
    assert not [k for k in at.query_params if k.startswith("sc")]
    at.text_input(key="whatif_scenario_name").input("High pledge").run()
    save = next(b for b in at.button if b.label == t("whatif.compare.save", "en"))
    save.click().run()
    assert at.query_params["sc1.name"] in ("High pledge", ["High pledge"])
    (link,) = links(at)
    assert "sc1.s.pledge_krw_bn=150000" in link  # the link box follows at once
    at.run()
    at.slider(key=WIDGET + "pledge_krw_bn").set_value(found.sliders["pledge_krw_bn"].min).run()
    at.run()
    at.button(key=WIDGET + "load_0").click().run()  # every section moves: the whole page
    assert slider_values(at)["pledge_krw_bn"] == 150000
    at.button(key=WIDGET + "remove_0").click().run()
    assert not [k for k in at.query_params if k.startswith("sc")]
    assert not any(b.key == WIDGET + "load_0" for b in at.button)
