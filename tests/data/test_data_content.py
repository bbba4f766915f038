"""The curated data keeps its promises: provenance on every figure, the articles' claims
present, disputed claims answered by another source, and a coverage table in step."""

from __future__ import annotations

import re

import pytest

from dashboard import DEFAULT_DATA_DIR
from dashboard.charts import registry
from dashboard.data.coverage import coverage_frame, coverage_markdown
from dashboard.data.domain import STOCK_UNITS, WORLD, WORLD_COMPUTE
from dashboard.data.load import load
from dashboard.model import views

ARTICLES = 5


@pytest.fixture(scope="module")
def data():
    return load(DEFAULT_DATA_DIR)


def test_every_figure_has_a_resolvable_source(data) -> None:
    obs = data.observations
    assert len(obs) > 200
    for col in ("title", "publisher", "published", "status", "confidence"):
        assert (obs[col].fillna("") != "").all(), col
    with_url = (obs["url"].fillna("") != "").mean()
    assert with_url >= 0.9, f"only {with_url:.0%} of figures have a URL"


def test_the_five_articles_are_sources(data) -> None:
    articles = data.sources[data.sources["kind"] == "article"]
    assert len(articles) == ARTICLES
    used = set(data.observations["source_id"])
    assert set(articles["source_id"]) <= used


def test_main_countries_have_every_topic(data) -> None:
    topics = {"compute", "companies", "rankings", "investment", "context"}
    for country in ("KOR", "CHN", "FRA", "USA"):
        have = set(data.observations.loc[data.observations["entity"] == country, "topic"])
        assert have == topics, (country, topics - have)


def test_companies_compared_with_korea_exist(data) -> None:
    companies = data.entities[data.entities["kind"] == "company"]
    assert {"XAI", "TESLA", "META"} <= set(companies["id"])
    assert {"XAI", "TESLA", "META"} <= set(data.figures("gpus_held")["entity"])


def test_claims_are_stated_by_their_article_and_answered_by_others(data) -> None:
    obs = data.observations
    kinds = dict(zip(data.sources["source_id"], data.sources["kind"], strict=True))
    assert len(data.claims) >= 12
    for _, claim in data.claims.iterrows():
        assert kinds[claim["source_id"]] == "article", claim["claim_id"]
        rows = obs[obs["claim_id"] == claim["claim_id"]]
        assert (rows["source_id"] == claim["source_id"]).any(), (
            f"{claim['claim_id']}: no article row"
        )
        others = rows[rows["source_id"].map(kinds) != "article"]
        if claim["verdict"] in ("clarified", "contradicted"):
            assert not others.empty, f"{claim['claim_id']}: disputed but nothing beside it"


@pytest.mark.parametrize(
    ("entity", "metric", "value"),
    [
        ("KOR", "gpus_held", 2000),
        ("CHN", "gpus_held", 350000),
        ("XAI", "gpus_held", 100000),
        ("TESLA", "gpus_held", 35000),
        ("KOR", "national_ai_plan", 100000),
    ],
)
def test_article_figures_recorded_as_stated(data, entity: str, metric: str, value: float) -> None:
    rows = data.figures(metric, [entity])
    article_rows = rows[rows["source_id"].str.startswith("art_")]
    assert value in set(article_rows["value"]), rows[["value", "source_id"]]


def test_korea_35th_is_not_an_overall_rank(data) -> None:
    overall = data.figures("tortoise_rank", ["KOR"])
    sub = data.figures("tortoise_operating_environment_rank", ["KOR"])
    assert 35 in set(sub["value"])
    assert 6 in set(overall.loc[overall["year"] == 2024, "value"])


def test_readme_coverage_table_is_current(data) -> None:
    readme = (DEFAULT_DATA_DIR / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- coverage:start -->\n(.*?)\n<!-- coverage:end -->", readme, re.S)
    assert block, "data/README.md has no coverage block"
    expected = coverage_markdown(coverage_frame(data.observations, list(data.entities["id"])))
    assert block.group(1).strip() == expected, (
        "data/README.md coverage is stale: run `make coverage` and paste the table"
    )


def test_rows_tied_to_a_claim_explain_themselves_in_both_languages(data) -> None:
    tied = data.observations[data.observations["claim_id"] != ""]
    assert len(tied) >= 25
    assert (tied["note"] != "").all() and (tied["note_ko"] != "").all()


def _world_bound(data) -> dict[int, float]:
    world = data.figures(WORLD_COMPUTE, [WORLD])
    return dict(zip(world["year"].astype(int), world["value"], strict=True))


def _over_the_world(rows, data) -> list[str]:
    """Country compute stocks larger than the world's AI compute in the same year."""
    bound = _world_bound(data)
    countries = set(data.countries())
    return [
        f"{r.entity} {r.metric} {r.year}: {r.value:,.0f} > {bound[int(r.year)]:,.0f}"
        for r in rows.itertuples()
        if r.unit in STOCK_UNITS
        and r.entity in countries
        and r.status in ("actual", "estimate")
        and int(r.year) in bound
        and r.value > bound[int(r.year)]
    ]


def test_no_country_holds_more_compute_than_the_world(data) -> None:
    assert _world_bound(data), "the data has the world's AI compute"
    assert not _over_the_world(data.observations, data)


def test_no_chart_draws_a_country_above_the_world(data) -> None:
    countries = tuple(data.countries())
    for chart_id in ("compute_share", "compute_by_country", "compute_vs_companies", "gpu_gap"):
        result = registry.build(chart_id, data, registry.View(lang="en", countries=countries))
        assert not _over_the_world(result.rows, data), chart_id


def test_the_comparable_measure_uses_one_edition_for_every_country(data) -> None:
    result = registry.build(
        "compute_share", data, registry.View(lang="en", countries=tuple(data.countries()))
    )
    assert len(result.rows) >= 4
    assert result.rows["edition"].nunique() == 1
    assert set(result.rows["metric"]) == {views.COMPARABLE_COMPUTE}


def test_the_world_bound_test_catches_a_country_above_the_world(data) -> None:
    """A test of the test: a figure twice the world's is caught."""
    bound = _world_bound(data)
    year = max(bound)
    rows = data.figures("gpus_held", ["KOR"]).head(1)
    rows = rows.assign(year=year, value=bound[year] * 2, status="estimate")
    assert _over_the_world(rows, data)
