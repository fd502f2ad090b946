"""An editor (staff, in the Editors group, not a superuser) and helpers to post admin forms
the way a browser would."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group, User

from archive.admin.editors import editors_group as editors_group_of_archive
from archive.admin.editors import make_editor


@pytest.fixture
def editor(db) -> User:
    user, _ = make_editor("edith", email="edith@example.org", password="a long Passphrase 42")
    assert not user.is_superuser
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def editors_group(db) -> Group:
    return editors_group_of_archive()


def _post_value(value):
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return str(value)


def _add_form(data: dict, form) -> None:
    for name, field in form.fields.items():
        if field.disabled:
            continue
        value = form[name].value()
        key = form.add_prefix(name)
        if getattr(field.widget, "input_type", None) == "checkbox":
            if value:
                data[key] = "on"
            continue
        data[key] = _post_value(value)


def form_data(response) -> dict:
    """Everything a browser would post back from an admin change form, unchanged."""
    data: dict = {}
    _add_form(data, response.context["adminform"].form)
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        _add_form(data, formset.management_form)
        for form in formset.forms:
            _add_form(data, form)
    return data


def inline_prefix(response, model_name: str) -> str:
    for inline in response.context["inline_admin_formsets"]:
        if inline.formset.model._meta.model_name == model_name:
            return inline.formset.prefix
    raise LookupError(model_name)
