"""An empty `_to_field` on an admin page means no field (the fuzzing of `make reliability`
found 500s: Django's admin looked up a field named '' on every model, the admin's of
django-axes included)."""

import pytest
from django.urls import reverse

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_an_empty_to_field_on_a_change_page_is_ignored(admin_client):
    article = ArticleFactory()
    url = reverse("admin:archive_article_change", args=[article.pk])
    assert admin_client.get(url, {"_to_field": ""}).status_code == 200
    assert admin_client.options(f"{url}?_to_field=").status_code == 200


@pytest.mark.parametrize("name", ["admin:archive_articleauthor_delete",
                                  "admin:axes_accessfailurelog_delete",
                                  "admin:archive_publication_change"])
def test_an_empty_to_field_for_a_missing_object_redirects_as_without_it(admin_client, name):
    url = reverse(name, args=["no-such-object"])
    plain = admin_client.get(url)
    for query in ("_to_field=&_to_field=", "_to_field=0&_to_field="):
        assert admin_client.get(f"{url}?{query}").status_code == plain.status_code


def test_a_to_field_that_is_not_allowed_is_still_refused(admin_client):
    article = ArticleFactory()
    url = reverse("admin:archive_article_change", args=[article.pk])
    assert admin_client.get(url, {"_to_field": "body"}).status_code == 400
