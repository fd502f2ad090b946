"""Every page of archive/urls.py, served in French, speaks French.

The list of pages comes from the URL configuration itself: a new named URL without a sample
below makes the test fail, so new pages are walked too. Names and titles from the data are
excepted (tests/i18n/leftovers.py)."""

import re

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from archive.models import (
    Article,
    Author,
    Candidacy,
    Capture,
    Election,
    Figure,
    Party,
    Publication,
)
from tests import factories as f
from tests.capture.site import capture_one
from tests.i18n.leftovers import english_leftovers

pytestmark = pytest.mark.django_db

FRENCH = {"HTTP_ACCEPT_LANGUAGE": "fr-FR,fr;q=0.9,en;q=0.5"}

#: Namespaces walked on their own (below), and names that take no GET.
SEPARATE_NAMESPACES = {"admin", "api"}
NOT_PAGES = {"set_language", "capture-frame"}  # the frame serves the archived page's own bytes


def samples(archive) -> dict[str, dict]:
    """URL name -> kwargs, from the data the walk runs on."""
    article = archive.articles[0]
    election = Election.objects.order_by("pk").first()
    return {
        "article-detail": {"pk": article.pk, "slug": article.slug},
        "article-detail-short": {"pk": article.pk},
        "figure-detail": {"slug": archive.melenchon.slug},
        "figure-feed": {"slug": archive.melenchon.slug},
        "party-detail": {"slug": archive.rn.slug},
        "party-feed": {"slug": archive.rn.slug},
        "author-detail": {"slug": Author.objects.first().slug},
        "publication-detail": {"slug": Publication.objects.first().slug},
        "sitemap-section": {"section": "articles"},
        "election-detail": {"slug": election.slug} if election else {},
        "article-version": {"pk": archive.replayable.article.pk,
                            "slug": archive.replayable.article.slug, "number": 1},
        "capture-replay": {"pk": archive.replayable.pk},
    }


def named_patterns(patterns=None, prefix: str = ""):
    """(name, pattern) for every named URL outside the separately walked namespaces."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in SEPARATE_NAMESPACES:
                continue
            yield from named_patterns(entry.url_patterns,
                                      f"{prefix}{entry.namespace}:" if entry.namespace else prefix)
        elif isinstance(entry, URLPattern) and entry.name and entry.name not in NOT_PAGES:
            yield prefix + entry.name, entry


def data_names() -> list[str]:
    """Names from the data (and the permission names Django stores in English at migrate)."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.auth.models import Permission

    names: list[str] = ["Party Facts", *Permission.objects.values_list("name", flat=True)]
    for model in (AccessAttempt, AccessLog, AccessFailureLog):  # their labels are English
        names.extend(str(row) for row in model.objects.all())
    for model, fields in ((Figure, ("name", "family_name")), (Party, ("name", "short_name")),
                          (Publication, ("name",)), (Author, ("name",)), (Article, ("title",)),
                          (Election, ("name",)), (Candidacy, ("label", "constituency")),
                          (Capture, ("licence", "origin", "source_file"))):
        for row in model.objects.values_list(*fields):
            names.extend(str(v) for v in row if v)
    return names


@pytest.fixture
def walked(indexed_archive, config):
    """The archive of the web tests, an election, and one page captured from the loopback
    test site (for the replay page)."""
    indexed_archive.replayable = capture_one(config)
    f.ElectionFactory(name="Élections législatives de 2017", slug="legislatives-2017",
                      kind=Election.Kind.LEGISLATIVE, first_round="2017-06-11",
                      second_round="2017-06-18")
    return indexed_archive


def _check_html(client, url: str, problems: list[str]) -> None:
    response = client.get(url, **FRENCH)
    if response.status_code != 200:
        problems.append(f"{url}: status {response.status_code}")
        return
    html = response.content.decode()
    if not re.search(r'<html lang="fr"', html):
        problems.append(f"{url}: <html lang> is not fr")
    problems.extend(f"{url}: {leftover}" for leftover in english_leftovers(html, data_names()))


def test_every_public_page_speaks_french(client, walked):
    kwargs = samples(walked)
    missing, problems = [], []
    for name, pattern in named_patterns():
        needed = set(pattern.pattern.converters) | set(re.findall(r"<(\w+)>",
                                                                  str(pattern.pattern)))
        if needed and not kwargs.get(name):
            missing.append(name)
            continue
        url = reverse(name, kwargs=kwargs.get(name) if needed else None)
        response = client.get(url, follow=True, **FRENCH)
        if response.status_code != 200:
            problems.append(f"{url}: status {response.status_code}")
            continue
        kind = response["Content-Type"]
        body = response.getvalue().decode() if not response.streaming else ""
        if kind.startswith("text/html"):
            _check_html(client, response.request["PATH_INFO"], problems)
        elif "atom" in kind:
            head = body.split("<entry>", 1)[0]
            problems.extend(f"{url} (feed): {x}" for x in english_leftovers(head, data_names()))
    assert not missing, f"add a sample for these URLs to samples(): {missing}"
    assert not problems, "\n".join(problems)


def test_search_pages_with_messages_and_filters_speak_french(client, walked):
    problems: list[str] = []
    for query in ("?q=melenchon", "?q=melenchon&party=la-france-insoumise&from=2017&to=2022",
                  "?q=%22unclosed&lang=xx&sort=sideways&page=zz", "?figure=nobody",
                  "?q=zzzzqqq"):
        _check_html(client, reverse("search") + query, problems)
    assert not problems, "\n".join(problems)


def test_error_pages_speak_french(client, walked):
    problems: list[str] = []
    response = client.get("/no-such-page/", **FRENCH)
    assert response.status_code == 404
    problems.extend(english_leftovers(response.content.decode(), data_names()))
    assert "Page introuvable" in response.content.decode()
    assert not problems, "\n".join(problems)


def test_api_errors_speak_french(client, walked):
    assert client.get("/api/figures/nobody", **FRENCH).json()["detail"] == "Introuvable"
    bad = client.get("/api/search?from=soon", **FRENCH).json()
    assert bad["detail"] == "Paramètres de recherche mal formés"
    assert "doit être une date" in bad["errors"][0]
    assert client.get("/api/no-such-thing", **FRENCH).json()["detail"] == "Introuvable"


@pytest.fixture
def admin_client(client, walked):
    user = User.objects.create_superuser("root", "root@example.org", "a long Passphrase 42")
    client.force_login(user)
    return client


def test_admin_pages_speak_french(admin_client):
    """The admin index, and each model's list, add form, first change form and history."""
    problems: list[str] = []
    _check_html(admin_client, reverse("admin:index"), problems)
    for model in admin.site._registry:
        meta = model._meta
        base = f"admin:{meta.app_label}_{meta.model_name}"
        _check_html(admin_client, reverse(f"{base}_changelist"), problems)
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            _check_html(admin_client, reverse(f"{base}_change", args=[first.pk]), problems)
            _check_html(admin_client, reverse(f"{base}_history", args=[first.pk]), problems)
    assert not problems, "\n".join(problems)


def test_switcher_remembers_the_choice(client, walked):
    response = client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()  # no Accept-Language: the cookie decides
    assert '<html lang="fr"' in html and "Derniers articles" in html
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Latest articles" in client.get("/", **FRENCH).content.decode()


def test_french_pages_use_french_dates_numbers_and_plurals(client, walked):
    article = walked.articles[2]
    html = client.get(article.get_absolute_url(), **FRENCH).content.decode()
    assert "5 juillet 2021" in html
    figure = client.get(walked.melenchon.get_absolute_url(), **FRENCH).content.decode()
    assert "3 articles mentionnent Jean-Luc Mélenchon" in figure  # 2 + the captured page
    one = f.FigureFactory(name="Jean Unique", slug="jean-unique")
    f.MentionFactory(article=article, figure=one)
    single = client.get(one.get_absolute_url(), **FRENCH).content.decode()
    assert "1 article mentionne Jean Unique" in single
