"""Compare, network and article pages in a real Chromium: drawn without CSP violations (the
JSON-LD data block included), points and nodes are links, axe finds nothing serious."""

import json

import pytest

from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _urls(site) -> dict[str, str]:
    base, archive = site
    return {
        "compare": f"{base}/compare/?figure=jean-luc-melenchon&party=rassemblement-national"
                   "&q=campagne",
        "compare-split": f"{base}/compare/?figure=jean-luc-melenchon&split=publication"
                         "&scale=count",
        "network": f"{base}/network/",
        "article": f"{base}{archive.articles[3].get_absolute_url()}",
    }


def test_research_pages_raise_no_csp_violation(page, site):
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    for name, url in _urls(site).items():
        page.goto(url)
        screenshot(page, f"research-{name}")
    assert [e for e in errors if "Content Security Policy" in e] == []


def test_json_ld_block_is_readable_in_the_page(page, site):
    page.goto(_urls(site)["article"])
    text = page.locator('script[type="application/ld+json"]').text_content()
    assert json.loads(text)["@type"] == "NewsArticle"
    assert page.locator('meta[name="citation_title"]').get_attribute("content")


def test_compare_point_and_network_node_are_followed(page, site):
    base, _ = site
    page.goto(_urls(site)["compare"])
    point = page.locator(".chart-series a").first
    href = point.get_attribute("href")
    assert href.startswith("/search/?")
    page.goto(base + href)
    assert page.locator(".results-total").count() == 1
    page.goto(_urls(site)["network"])
    page.locator('svg.network a[href="/figures/marine-le-pen/"]').click()
    page.wait_for_url("**/figures/marine-le-pen/")


def test_axe_finds_no_serious_violation_on_research_pages(page, site):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    problems = []
    for name, url in _urls(site).items():
        page.goto(url)
        for violation in axe.run(page).response["violations"]:
            if violation["impact"] in ("serious", "critical"):
                targets = [n["target"] for n in violation["nodes"]][:3]
                problems.append(f"{name}: {violation['id']} ({violation['impact']}) {targets}")
    assert problems == []
