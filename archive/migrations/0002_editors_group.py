"""The "Editors" group: what a newsroom editor may do in /admin/ without being a superuser."""

from django.db import migrations

GROUP = "Editors"
EDITABLE = [
    "article", "articleauthor", "mention", "author", "publication", "figure", "membership",
    "office", "party", "alliancemembership", "election", "candidacy",
]
VIEW_ONLY = ["capture"]
# History pages (and reverting from them) need to read the historical records.
HISTORICAL = [
    "historicalarticle", "historicalarticleauthor", "historicalmention", "historicalauthor",
    "historicalpublication", "historicalfigure", "historicalmembership", "historicalparty",
    "historicalcandidacy", "historicalauthor_publications",
]


def codenames() -> list[str]:
    names = [f"{action}_{model}" for model in EDITABLE
             for action in ("view", "add", "change", "delete")]
    names += [f"view_{model}" for model in VIEW_ONLY + HISTORICAL]
    return names


def create_editors_group(apps, schema_editor):
    # On an empty database the post_migrate signal that creates permissions has not run yet.
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    wanted = codenames()
    permissions = list(
        Permission.objects.filter(content_type__app_label="archive", codename__in=wanted)
    )
    missing = set(wanted) - {p.codename for p in permissions}
    if missing:
        raise RuntimeError(f"permissions not found for the Editors group: {sorted(missing)}")
    group.permissions.add(*permissions)


def remove_editors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editors_group, remove_editors_group)]
