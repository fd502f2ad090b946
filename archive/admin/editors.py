"""Editor accounts: staff users in the "Editors" group (created by migration 0002), who may
edit articles and the gazetteer but not users or settings."""

from importlib import import_module

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import AbstractUser, Group, Permission
from django.contrib.auth.password_validation import validate_password
from django.db import transaction

EDITORS_GROUP = "Editors"


def editors_group() -> Group:
    """The Editors group; made again with its permissions (the list migration 0002 grants)
    when it is gone, e.g. after a `flush`."""
    group = Group.objects.filter(name=EDITORS_GROUP).first()
    if group is not None:
        return group
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    codenames = import_module("archive.migrations.0002_editors_group").codenames()
    group = Group.objects.create(name=EDITORS_GROUP)
    group.permissions.set(Permission.objects.filter(content_type__app_label="archive",
                                                    codename__in=codenames))
    return group


def make_editor(username: str, *, email: str = "", password: str | None = None
                ) -> tuple[AbstractUser, bool]:
    """Create the account (or promote an existing one) and put it in Editors. A password is
    validated with the project's validators and set only when given; an account created
    without one cannot log in until it gets one."""
    User = get_user_model()
    with transaction.atomic():
        user, created = User.objects.get_or_create(username=username,
                                                   defaults={"email": email})
        if password is not None:
            validate_password(password, user)
            user.set_password(password)
        elif created:
            user.set_unusable_password()
        if email and user.email != email:
            user.email = email
        user.is_staff = True
        user.save()
        user.groups.add(editors_group())
    return user, created
