"""Citation metadata on article pages (Highwire citation_* tags, schema.org JSON-LD) and
version permalinks whose citation names the capture date."""

import datetime as dt

import pytest

from tests import factories as f
from tests.research.embedded_metadata import zotero_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def cited(archive):
    article = archive.articles[0]
    article.summary = "Deux candidats </script><script>alert(1)</script>"
    article.canonical_url = "https://leftvoice.test/melenchon"
    article.save()
    first = f.CaptureFactory(article=article, retrieved_at=dt.datetime(2017, 6, 4, 8, 30,
                                                                       tzinfo=dt.UTC))
    changed = f.CaptureFactory(article=article, title="Mélenchon et Ruffin, suite",
                               body="Un autre texte.", content_hash="b" * 64,
                               retrieved_at=dt.datetime(2017, 6, 9, 10, 0, tzinfo=dt.UTC))
    return article, first, changed


def test_zotero_reads_title_authors_date_publication_and_url(client, cited):
    article, *_ = cited
    item = zotero_item(client.get(article.get_absolute_url()).content.decode())
    assert item["title"] == "Mélenchon et Ruffin en campagne"
    assert item["creators"] == ["Nathaniel Flakin"]
    assert item["date"] == "2017/06/03"
    assert item["publicationTitle"] == "Left Voice"
    assert item["url"] == f"http://testserver{article.get_absolute_url()}"
    assert item["language"] == "fr"
    assert item["itemType"] == "journalArticle"


def test_estimated_dates_give_only_the_month(client, archive):
    item = zotero_item(client.get(archive.articles[1].get_absolute_url()).content.decode())
    assert item["date"] == "2017/11"


def test_json_ld_is_a_news_article_based_on_its_captures(client, cited):
    article, first, changed = cited
    html = client.get(article.get_absolute_url()).content.decode()
    assert "</script><script>alert(1)" not in html
    (data,) = zotero_item(html)["jsonLd"]
    assert data["@type"] == "NewsArticle"
    assert data["author"] == [{"@type": "Person", "name": "Nathaniel Flakin"}]
    assert data["publisher"]["name"] == "Left Voice"
    assert data["datePublished"] == "2017-06-03"
    assert dt.datetime.fromisoformat(data["dateModified"])
    assert data["description"].startswith("Deux candidats </script>")
    assert [b["dateCreated"] for b in data["isBasedOn"]] == [
        "2017-06-04T08:30:00+00:00", "2017-06-09T10:00:00+00:00"]
    assert data["isBasedOn"][0]["url"] == first.source_url


def test_each_version_has_a_permalink_with_a_dated_citation(client, cited):
    article, first, changed = cited
    page = client.get(article.get_absolute_url()).content.decode()
    second = f"/articles/{article.pk}/{article.slug}/versions/2/"
    assert f'href="{second}"' in page
    response = client.get(second)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Mélenchon et Ruffin, suite" in html and "Un autre texte." in html
    assert "Version 2, captured 9 June 2017." in response.context["citation"]
    item = zotero_item(html)
    assert item["url"] == f"http://testserver{second}"
    assert item["onlineDate"] == "2017/06/09"
    assert item["jsonLd"][0]["isBasedOn"][0]["dateCreated"] == "2017-06-09T10:00:00+00:00"
    first_page = client.get(f"/articles/{article.pk}/{article.slug}/versions/1/")
    assert "Version 1, captured 4 June 2017." in first_page.context["citation"]


def test_missing_version_or_wrong_slug(client, cited):
    article, *_ = cited
    assert client.get(f"/articles/{article.pk}/{article.slug}/versions/9/").status_code == 404
    moved = client.get(f"/articles/{article.pk}/old-slug/versions/1/")
    assert moved.status_code == 301
    assert moved["Location"] == f"/articles/{article.pk}/{article.slug}/versions/1/"
