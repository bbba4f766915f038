"""Every page through Streamlit's AppTest: renders, draws its charts, reacts to controls."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.charts import registry
from tests.support.app import APP_PATH, PAGES, DataCopy, failures, open_page

pytestmark = pytest.mark.slow  # drives every page


def chart_specs(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def trace_names(spec: dict) -> list[str]:
    """Category labels drawn: bar labels (y of horizontal bars) or x values of lines."""
    key = "y" if spec["data"] and spec["data"][0].get("orientation") == "h" else "x"
    return [str(v) for tr in spec["data"] for v in (tr.get(key) or []) if v is not None]


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("page", list(PAGES))
def test_page_renders_with_its_charts(page: str, lang: str) -> None:
    at = open_page(page, lang=lang)
    specs = chart_specs(at)
    assert len(specs) == PAGES[page]
    for spec in specs:
        assert spec["layout"]["title"]["text"], "every chart states its comparison"
    title = at.title[0].value
    hangul = any("\uac00" <= ch <= "\ud7a3" for ch in title)
    assert hangul == (lang == "ko"), title


def test_every_chart_is_followed_by_a_source_line() -> None:
    at = open_page("compute", lang="en")
    sources = [c.value for c in at.caption if c.value.startswith("Source:")]
    assert len(sources) >= len(chart_specs(at))
    assert all("](http" in s for s in sources)


# AppTest drops sidebar elements from its tree after switch_page (seen with a bare
# two-page app too), so the shared sidebar controls are driven on the landing page and
# other pages get their countries from the link, as a shared link would give them.
def test_changing_countries_changes_the_charts() -> None:
    at = open_page("overview", lang="en")
    before = trace_names(chart_specs(at)[0])
    at.multiselect(key="countries_control").set_value(["KOR", "USA"]).run()
    after = trace_names(chart_specs(at)[0])
    assert before != after
    assert not any("China" in name for name in after)
    assert at.query_params["countries"] == "KOR,USA"


def test_page_controls_change_the_chart_and_the_link() -> None:
    at = open_page("compute", lang="en")
    counts = 2  # after the two share measures, which have no scale control
    assert chart_specs(at)[counts]["layout"]["xaxis"]["type"] == "log"
    at.button_group(key="scale").set_value("linear").run()
    assert chart_specs(at)[counts]["layout"]["xaxis"]["type"] == "linear"
    assert at.query_params["scale"] == "linear"


def test_link_restores_countries_and_scale() -> None:
    at = open_page("compute", lang="en", countries="KOR,CHN", scale="linear")
    assert chart_specs(at)[2]["layout"]["xaxis"]["type"] == "linear"
    names = " ".join(trace_names(chart_specs(at)[0]))
    assert "China" in names and "France" not in names and "United States" not in names


def test_bad_link_values_fall_back_with_a_notice() -> None:
    at = open_page("overview", lang="en", countries="<script>", slide="nan")
    notices = [i.value for i in at.info]
    assert any("countries" in n and "slide" in n for n in notices)
    assert not any("<script>" in n for n in notices)


def test_the_link_is_parsed_once_per_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """app.py reads the link for the language and presentation mode, the page's setup for
    the rest: one parse serves both, and a changed link is parsed again."""
    from dashboard.model.scenarios import whatif

    calls = []
    parse = whatif.parse_link
    monkeypatch.setattr(whatif, "parse_link", lambda q, d: calls.append(q) or parse(q, d))
    at = open_page("overview", lang="en", countries="KOR,CHN")
    assert len(calls) == 1
    at.query_params["countries"] = "KOR,FRA"
    at.run()
    assert len(calls) == 2 and calls[-1]["countries"] == ["KOR,FRA"]


def test_language_switch_changes_the_text() -> None:
    at = open_page("overview")
    assert at.title[0].value.startswith("한국")
    at.get("button_group")[0].set_value("en").run()
    assert not failures(at)
    assert at.title[0].value.startswith("Where")


@pytest.mark.parametrize("page", list(PAGES))
def test_added_country_appears_without_code_change(data_copy: DataCopy, app_env, page: str) -> None:
    data_copy.add_country()
    app_env(data_copy.folder)
    if page == "overview":
        options = open_page(page, lang="en").multiselect(key="countries_control").options
        assert "Norway" in options
    at = open_page(page, lang="en", countries="KOR,NOR")
    if PAGES[page] and page != "rankings":
        assert any("Norway" in json.dumps(spec, ensure_ascii=False) for spec in chart_specs(at))


def test_a_bug_shows_a_message_and_keeps_the_page(monkeypatch: pytest.MonkeyPatch) -> None:
    from dashboard.base.i18n import t

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("internal detail")

    monkeypatch.setattr(registry, "build", broken)
    at = AppTest.from_file(APP_PATH, default_timeout=60)
    at.query_params["lang"] = "en"
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [t("app.page_failed", "en")]
    assert at.title[0].value.startswith("Where")  # what was drawn before the bug stays
    shown = [e.value for kind in ("markdown", "caption", "error") for e in at.get(kind)]
    assert not any("internal detail" in str(s) for s in shown)


def test_the_events_toggle_marks_events_and_goes_into_the_link() -> None:
    at = open_page("overview", lang="ko")
    assert at.toggle(key="events_control").value is False
    at.toggle(key="events_control").set_value(True).run()
    assert at.query_params["events"] == "1"
    at = open_page("investment", lang="ko", events="1")
    series = chart_specs(at)[0]  # private investment over years
    assert series["layout"].get("shapes") and series["layout"].get("annotations")
    at = open_page("investment", lang="ko")
    assert not chart_specs(at)[0]["layout"].get("shapes")


def test_an_overview_row_shows_one_edition_and_a_gap_where_a_country_lacks_it(
    data_copy: DataCopy, app_env
) -> None:
    """France dropped from the newest Tortoise edition: its card is a gap naming its older
    rank, not that rank shown as current beside the others'."""
    rows = data_copy.rows("rankings.csv")
    newest = max(r["edition"] for r in rows if r["metric"] == "tortoise_rank")
    kept = [r for r in rows if not (r["metric"] == "tortoise_rank" and r["entity"] == "FRA"
                                    and r["edition"] == newest)]  # fmt: skip
    data_copy.write("rankings.csv", kept)
    app_env(data_copy.folder)
    at = open_page("overview", lang="en", countries="KOR,FRA")
    captions = [c.value.replace("\\", "") for c in at.caption]  # markdown escapes aside
    assert f"{newest} edition · {newest[:4]}" in captions
    gap = [c for c in captions if c.startswith(f"Not in the {newest} edition")]
    assert len(gap) == 1 and "edition:" in gap[0], captions
