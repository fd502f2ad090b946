"""Every HTML page of the URL conf, in French and in English, in Chromium: axe-core finds no
serious or critical violation and the CSP is never violated; the admin fits 1280 px and its
history page keeps the CSP; the API docs work and lead back to the site."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from archive.models import Article, Election
from tests import factories as f
from tests.capture.site import capture_one
from tests.i18n.test_french_walk import named_patterns, samples

pytestmark = pytest.mark.browser

NON_HTML = {"search-feed", "search-export", "search-export-jsonl", "search-export-ris",
            "search-export-bib", "compare-export", "network-gexf", "network-edges",
            "figure-feed", "party-feed", "changes-feed", "capture-frame", "opensearch",
            "robots", "healthz", "sitemap-index", "sitemap-section", "article-detail-short",
            # its frame's loads are blocked on purpose: tests/browser/test_replay.py
            "capture-replay"}
LANGUAGES = {"fr": "fr-FR,fr;q=0.9", "en": "en-GB,en;q=0.9"}
PASSWORD = "a long Passphrase 42"


@pytest.fixture
def pages(site, config):
    base, archive = site
    archive.replayable = capture_one(config)  # a version permalink needs a capture
    f.ElectionFactory(name="Élections législatives de 2017", slug="legislatives-2017",
                      kind=Election.Kind.LEGISLATIVE, first_round="2017-06-11",
                      second_round="2017-06-18")
    kwargs = samples(archive)
    urls = {}
    for name, pattern in named_patterns():
        if name in NON_HTML:
            continue
        needed = bool(pattern.pattern.converters) or "<" in str(pattern.pattern)
        urls[name] = base + reverse(name, kwargs=kwargs[name] if needed else None)
    urls["search-results"] = base + reverse("search") + "?q=melenchon&party=la-france-insoumise"
    urls["search-empty"] = base + reverse("search") + "?q=zzzz&from=soon"
    urls["legislative"] = base + reverse("election-detail", kwargs={"slug": "legislatives-2017"})
    urls["not-found"] = base + "/no-such-page/"
    return urls


def _context(browser, language: str, width: int = 1280):
    return browser.new_context(viewport={"width": width, "height": 900},
                               extra_http_headers={"Accept-Language": LANGUAGES[language]})


@pytest.mark.parametrize(("language", "width"), [("fr", 1280), ("en", 1280), ("fr", 375)])
def test_axe_and_csp_on_every_page(browser, pages, language, width):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    context = _context(browser, language, width)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    problems = []
    for name, url in pages.items():
        page.goto(url)
        assert page.get_attribute("html", "lang") == language, name
        scroll = page.evaluate("document.documentElement.scrollWidth")
        if scroll > width:
            problems.append(f"{name}: {scroll}px wide at {width}px")
        for violation in axe.run(page).response["violations"]:
            if violation["impact"] in ("serious", "critical"):
                targets = [n["target"] for n in violation["nodes"]][:3]
                problems.append(f"{name}: {violation['id']} ({violation['impact']}) {targets}")
    context.close()
    assert problems == []
    assert [e for e in errors if "Content Security Policy" in e] == []


@pytest.fixture
def admin_page(browser, site):
    base, archive = site
    User.objects.create_superuser("root", "root@example.org", PASSWORD)
    context = _context(browser, "fr")
    page = context.new_page()
    page.goto(base + "/admin/login/")
    page.fill("#id_username", "root")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    yield base, archive, page
    context.close()


def test_admin_change_pages_fit_1280_and_history_keeps_the_csp(admin_page):
    base, archive, page = admin_page
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    article = Article.objects.filter(captures__isnull=False).first()
    election = Election.objects.first()
    for url in (f"/admin/archive/article/{article.pk}/change/",
                f"/admin/archive/figure/{archive.melenchon.pk}/change/",
                f"/admin/archive/election/{election.pk}/change/",
                f"/admin/archive/article/{article.pk}/history/",
                f"/admin/archive/figure/{archive.melenchon.pk}/history/"):
        page.goto(base + url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 1280, f"{url} is {width}px wide"
    assert [e for e in errors if "Content Security Policy" in e] == []


def test_api_docs_work_and_link_back(page, site):
    base, _archive = site
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(base + "/api/docs")
    page.wait_for_selector(".opblock", timeout=15_000)
    assert page.locator(".opblock").count() >= 6
    page.click("header.api-docs-header a[href='/']")
    assert page.url == base + "/"
    assert [e for e in errors if "Content Security Policy" in e] == []
