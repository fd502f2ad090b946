"""An id in a history URL that is not an id is a 404, as on the admin's change pages (the
fuzzing of `make reliability` found these 500s: simple_history looks rows up with the raw
URL segment)."""

import pytest
from django.urls import reverse

from tests.factories import ArticleFactory, PartyFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("object_id", ["not-a-number", "3x", "é"])
def test_a_history_page_of_a_malformed_id_is_not_found(admin_client, object_id):
    for name in ("admin:archive_article_history", "admin:archive_party_history"):
        assert admin_client.get(reverse(name, args=[object_id])).status_code == 404


def test_a_version_page_of_a_malformed_version_id_is_not_found(admin_client):
    article, party = ArticleFactory(), PartyFactory()
    for name, obj in (("admin:archive_article_simple_history", article),
                      ("admin:archive_party_simple_history", party)):
        assert admin_client.get(reverse(name, args=[obj.pk, "junk"])).status_code == 404
        assert admin_client.get(reverse(name, args=["junk", "1"])).status_code == 404
        version = obj.history.first().history_id
        assert admin_client.get(reverse(name, args=[obj.pk, version])).status_code == 200
