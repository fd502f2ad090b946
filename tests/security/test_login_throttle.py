"""Admin logins are throttled (django-axes): after a run of wrong passwords the right one
does not log in, and the page says why; an editor who mistypes a few times still gets in."""

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_user("alice", password=PASSWORD, is_staff=True)


def log_in(client, password: str):
    return client.post("/admin/login/?next=/admin/",
                       {"username": "alice", "password": password})


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_thirty_wrong_passwords_then_the_right_one_does_not_log_in(client, editor):
    for _ in range(30):
        log_in(client, "wrong")
    response = log_in(client, PASSWORD)
    assert response.status_code == 429
    assert not logged_in(client)
    html = response.content.decode()
    assert "Too many failed logins" in html and "try again in 15 minutes" in html
    assert client.get("/admin/").status_code == 302  # still sent to the login page


def test_a_few_mistakes_then_the_right_password_logs_in(client, editor):
    for _ in range(4):
        assert log_in(client, "wrong").status_code == 200
    assert log_in(client, PASSWORD).status_code == 302
    assert logged_in(client)


def test_lockout_is_per_username_so_others_still_log_in(client, editor):
    get_user_model().objects.create_user("bob", password=PASSWORD, is_staff=True)
    for _ in range(10):
        log_in(client, "wrong")
    response = client.post("/admin/login/?next=/admin/",
                           {"username": "bob", "password": PASSWORD})
    assert response.status_code == 302


def test_authenticate_without_a_request_still_works(editor):
    from django.contrib.auth import authenticate

    assert authenticate(username="alice", password=PASSWORD) == editor
