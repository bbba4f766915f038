"""axe-core on every page, in Korean and English and in presentation mode: no serious or
critical violation, and every chart has a text alternative a screen reader reads.

axe-core is the npm package pinned in tests/browser/package.json (installed by
`make test` through scripts/ensure-sysdeps.sh). The test injects its file into the page;
it is never fetched from a CDN (the app must run offline, and test_offline checks it).
"""

from __future__ import annotations

import os

import pytest

from dashboard import REPO_DIR
from tests.support.browser import CHARTS, PAGES, open_page

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

AXE = REPO_DIR / "tests" / "browser" / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")
SLIDES = (1, 2)

# The whole document, Streamlit's own elements included: nothing is excluded.
RUN_AXE = """async () => {
  const results = await axe.run(
    document,
    {resultTypes: ['violations'], runOnly: {type: 'tag', values:
      ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}}
  );
  return results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map(n => n.target.join(' ') + (n.impact ? ` [${n.impact}]` : '')),
    impacts: v.nodes.map(n => n.impact),
  }));
}"""


@pytest.fixture(scope="module")
def axe_path():
    if not AXE.exists():
        message = f"axe-core is missing at {AXE}: run `npm ci --prefix tests/browser`"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return AXE


# Each chart's text alternative, with the chart's drawn title and whether it is out of
# sight yet read (a 1x1 px clipped box, not hidden from assistive technology).
ALTERNATIVES = r"""() => Array.from(
  document.querySelectorAll('[class*="st-key-alt_"]')
).map(box => {
  const key = box.className.match(/st-key-alt_(\S+)/)[1];  // alt_<id> beside chart_<id>
  const chart = document.querySelector(
    `.st-key-chart_${key} .js-plotly-plot, .st-key-${key} .js-plotly-plot`);
  const rect = box.getBoundingClientRect();
  return {
    text: box.innerText || box.textContent,
    hidden: rect.width <= 1 && rect.height <= 1,
    ariaHidden: !!box.closest('[aria-hidden="true"]'),
    title: chart ? chart.querySelector('.gtitle').textContent : null,
  };
})"""


def check_text_alternatives(page, lang: str) -> None:
    """One text alternative per chart, naming the chart's title and saying what it shows."""
    # every chart drawn (Plotly draws after Streamlit places the element)
    page.wait_for_function(
        "() => document.querySelectorAll('.js-plotly-plot').length"
        " === document.querySelectorAll('[class*=\"st-key-alt_\"]').length"
    )
    charts = page.locator(CHARTS).count()
    found = page.evaluate(ALTERNATIVES)
    assert len(found) == charts, (len(found), charts)
    prefix = {"ko": "차트: ", "en": "Chart: "}[lang]
    for alt in found:
        assert alt["text"].startswith(prefix + alt["title"]), alt
        assert len(alt["text"]) > len(prefix + alt["title"]) + 10, alt  # a summary follows
        assert alt["hidden"] and not alt["ariaHidden"], alt


def serious_violations(page, axe_path) -> list[str]:
    """Rule id, impact and the targets of each serious or critical violation on the page."""
    page.add_script_tag(path=str(axe_path))
    found = page.evaluate(RUN_AXE)
    return [
        f"{v['id']} ({v['help']}): {', '.join(v['targets'])}"
        for v in found
        if any(impact in BLOCKING for impact in v["impacts"]) or v["impact"] in BLOCKING
    ]


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("name", PAGES)
def test_no_serious_axe_violation_on_a_page(page, app_url: str, axe_path, name, lang) -> None:
    open_page(page, f"{app_url}/{name}?lang={lang}")
    if name != "sources":
        page.wait_for_selector(CHARTS)
    found = serious_violations(page, axe_path)
    assert not found, "\n".join(found)
    check_text_alternatives(page, lang)


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("slide", SLIDES)
def test_no_serious_axe_violation_in_presentation(page, app_url, axe_path, lang, slide) -> None:
    open_page(page, f"{app_url}/?present=1&slide={slide}&lang={lang}")
    page.wait_for_selector(CHARTS)
    found = serious_violations(page, axe_path)
    assert not found, "\n".join(found)
    check_text_alternatives(page, lang)
