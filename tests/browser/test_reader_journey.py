"""A reader's journey in Chromium, the phone viewport, and axe-core's accessibility rules."""

import xml.etree.ElementTree as ET

import pytest

from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reader_journey_home_search_filter_article_figure_feed(page, site):
    base, _archive = site
    page.goto(base + "/")
    screenshot(page, "01-home")
    page.get_by_label("Search the archive").fill("melenchon")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/search/?q=melenchon")
    assert page.locator("mark").first.inner_text().lower().startswith("m")
    screenshot(page, "02-search")

    page.locator(".facet a", has_text="La France insoumise").click()
    page.wait_for_url("**party=la-france-insoumise**")
    chip = page.locator(".chip", has_text="La France insoumise")
    assert chip.is_visible()
    screenshot(page, "03-filtered")

    page.locator(".card-title a").first.click()
    page.wait_for_url("**/articles/**")
    assert page.locator("h1").count() == 1
    screenshot(page, "04-article")

    page.locator(".mentions a", has_text="Jean-Luc Mélenchon").click()
    page.wait_for_url("**/figures/jean-luc-melenchon/")
    assert page.locator("svg.chart").is_visible()
    screenshot(page, "05-figure")

    href = page.locator("a.feed-link").first.get_attribute("href")
    feed = page.request.get(base + href)
    assert feed.ok and feed.headers["content-type"].startswith("application/atom+xml")
    root = ET.fromstring(feed.body())
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    assert len(root.findall("{http://www.w3.org/2005/Atom}entry")) >= 2


def test_removing_a_chip_removes_the_filter(page, site):
    base, _ = site
    page.goto(base + "/search/?q=melenchon&party=la-france-insoumise")
    page.locator(".chip").first.click()
    page.wait_for_url("**/search/?q=melenchon")
    assert page.locator(".chip").count() == 0


def test_pages_work_without_javascript(browser, site):
    base, _ = site
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base + "/search/?q=melenchon")
    page.get_by_label("Order").select_option("oldest")
    page.get_by_role("button", name="Apply", exact=True).click()
    page.wait_for_url("**sort=oldest**")
    assert page.locator(".card").count() >= 2
    context.close()


PAGES = {
    "home": "/",
    "search": "/search/?q=melenchon",
    "figure": "/figures/jean-luc-melenchon/",
    "party": "/parties/rassemblement-national/",
}


def _urls(site) -> dict[str, str]:
    base, archive = site
    urls = {name: base + path for name, path in PAGES.items()}
    urls["article"] = base + archive.articles[0].get_absolute_url()
    return urls


def test_phone_viewport_has_no_horizontal_scroll(phone, site):
    for name, url in _urls(site).items():
        phone.goto(url)
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"{name} is {width}px wide"
        screenshot(phone, f"phone-{name}")


def test_axe_finds_no_serious_violation(page, site):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    problems = []
    for name, url in _urls(site).items():
        page.goto(url)
        results = axe.run(page)
        for violation in results.response["violations"]:
            if violation["impact"] in ("serious", "critical"):
                targets = [n["target"] for n in violation["nodes"]][:3]
                problems.append(f"{name}: {violation['id']} ({violation['impact']}) {targets}")
    assert problems == []


def test_no_csp_violation_in_the_console(page, site):
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    for url in _urls(site).values():
        page.goto(url)
    assert [e for e in errors if "Content Security Policy" in e] == []
