"""/healthz answers the methods probes use: GET, HEAD and OPTIONS (never 405 for them)."""

import pytest

pytestmark = pytest.mark.django_db


def test_head_is_answered_like_get(client, indexed_archive):
    response = client.head("/healthz")
    assert response.status_code == 200 and response.content == b""
    assert response["Content-Type"] == "application/json"


def test_options_lists_the_methods(client, indexed_archive):
    response = client.options("/healthz")
    assert response.status_code == 200
    assert response["Allow"] == "GET, HEAD, OPTIONS"


def test_head_without_an_index_is_503(client, index_root):
    assert client.head("/healthz").status_code == 503


def test_writes_are_still_refused(client, indexed_archive):
    assert client.post("/healthz").status_code == 405
