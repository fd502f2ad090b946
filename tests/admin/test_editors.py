"""The Editors group (migration 0002) and the create_editor command."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_editors_group_has_its_permissions_after_migrate(editors_group):
    codenames = set(editors_group.permissions.values_list("codename", flat=True))

    assert {"view_article", "add_article", "change_article", "delete_article",
            "change_mention", "change_figure", "add_membership", "delete_candidacy",
            "change_alliancemembership", "view_capture", "view_historicalarticle"} <= codenames
    assert "change_capture" not in codenames
    assert not any(c.endswith("_user") or c.endswith("_group") for c in codenames)


def test_editor_sees_the_archive_but_not_user_accounts(editor_client):
    assert editor_client.get(reverse("admin:archive_article_changelist")).status_code == 200
    assert editor_client.get(reverse("admin:auth_user_changelist")).status_code == 403


def test_create_editor_reads_the_password_from_stdin(monkeypatch, editors_group):
    monkeypatch.setattr("sys.stdin", io.StringIO("a long Passphrase 42\n"))

    call_command("create_editor", "marianne", "--password-stdin", stdout=io.StringIO())

    user = User.objects.get(username="marianne")
    assert user.is_staff and not user.is_superuser
    assert user.check_password("a long Passphrase 42")
    assert list(user.groups.all()) == [editors_group]


def test_create_editor_refuses_a_weak_password(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("1234\n"))

    with pytest.raises(CommandError, match="Password refused"):
        call_command("create_editor", "marianne", "--password-stdin", stdout=io.StringIO())

    assert not User.objects.filter(username="marianne").exists()


def test_a_lost_editors_group_is_made_again_with_its_permissions(db):
    """After a flush (or a deleted group) `create_editor` still works: the group comes back
    with the permissions migration 0002 grants."""
    from django.contrib.auth.models import Group

    from archive.admin.editors import make_editor

    Group.objects.filter(name="Editors").delete()
    user, _ = make_editor("lost", password="a long Passphrase 42")
    group = user.groups.get()
    assert group.name == "Editors"
    assert group.permissions.filter(codename="change_article").exists()
    assert not group.permissions.filter(codename="change_capture").exists()
