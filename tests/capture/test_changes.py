"""A page that changed between two captures: a new version, change facts, /changes/, its
feed, and search with changed=1; boilerplate-only edits are not changes."""

import pytest

from archive.capture.crawl import capture
from archive.models import Article, ArticleChange
from archive.search.params import parse_search_params
from archive.search.selector import search_articles

pytestmark = pytest.mark.django_db


@pytest.fixture
def changed_article(site, config):
    url = site.url("/fr/changing.html")
    capture([url], config=config)
    site.state.changing_version = 2
    report = capture([url], config=config)
    assert [o.label for o in report.updated] == [url]
    return Article.objects.get(captures__source_url=url, captures__change__isnull=False)


def test_changed_page_becomes_a_new_version_with_change_facts(changed_article):
    assert changed_article.title == "Le programme de Marseille corrigé"
    assert changed_article.captures.count() == 2
    change = ArticleChange.objects.get(article=changed_article)
    assert change.title_changed and change.old_title == "Le programme de Marseille en débat"
    assert change.words_added >= 5 and change.words_removed >= 5


def test_whitespace_and_boilerplate_are_not_a_change(site, config):
    url = site.url("/fr/changing.html")
    capture([url], config=config)
    site.state.boilerplate_tick = 7  # "updated at" stamp and share counter only
    capture([url], config=config)
    assert not ArticleChange.objects.exists()


def test_changes_page_and_feed_list_the_change(client, changed_article):
    page = client.get("/changes/")
    assert page.status_code == 200
    text = page.content.decode()
    assert changed_article.title in text and "words added" in text
    assert "Le programme de Marseille en débat" in text
    feed = client.get("/changes/feed/")
    assert feed.status_code == 200 and feed["Content-Type"].startswith("application/atom")
    assert changed_article.get_absolute_url() in feed.content.decode()


def test_search_with_changed_1_finds_only_changed_articles(site, config, search_index,
                                                           changed_article):
    capture([site.url("/en/le-pen-campaign.html")], config=config)
    search_index.add(*Article.objects.all())
    params, _ = parse_search_params({"changed": "1"})
    assert params.changed
    assert [h.article.pk for h in search_articles(params).hits] == [changed_article.pk]
    everything, _ = parse_search_params({})
    assert search_articles(everything).total == 2


def test_search_page_offers_the_changed_filter(client, search_index):
    page = client.get("/search/?changed=1").content.decode()
    assert 'name="changed" value="1" checked' in page


def test_ensure_index_rebuilds_an_index_made_before_the_changed_field(search_index,
                                                                    changed_article):
    import io

    from django.core.management import call_command
    from whoosh.filedb.filestore import FileStorage
    from whoosh.index import open_dir

    from archive.search.location import live_index_dir
    from archive.search.whoosh_schema import article_schema

    old = article_schema()
    old.remove("changed")
    path = live_index_dir()
    path.mkdir(parents=True, exist_ok=True)
    FileStorage(str(path)).create_index(old)
    call_command("ensure_index", stdout=io.StringIO(), stderr=io.StringIO())
    assert "changed" in open_dir(str(live_index_dir())).schema.names()
    params, _ = parse_search_params({"changed": "1"})
    assert [h.article.pk for h in search_articles(params).hits] == [changed_article.pk]
