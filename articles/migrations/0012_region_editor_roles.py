"""The region editor's permissions for the newsroom roles (issues/migrations/0002_editor_roles.py):
编辑 draw, correct, accept and reject article regions; 校对 correct and review them; 档案管理员,
who attach the page files, see them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLE_REGION_ACTIONS = {
    "编辑": ("add", "change", "delete", "view"),
    "校对": ("add", "change", "view"),
    "档案管理员": ("view",),
}


def grant_region_permissions(apps, schema_editor=None):
    """Also callable with the real app registry (tests whose database was flushed re-create roles)."""
    using = schema_editor.connection.alias if schema_editor is not None else "default"
    app_config = apps.get_app_config("articles")
    if not getattr(app_config, "models_module", None):
        app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0, using=using)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, actions in ROLE_REGION_ACTIONS.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="articles",
                codename__in=[f"{action}_articleregion" for action in actions],
            )
        )


def revoke_region_permissions(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=ROLE_REGION_ACTIONS):
        group.permissions.remove(*Permission.objects.filter(codename__endswith="_articleregion"))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0011_renditions_article_regions"),
        ("issues", "0006_page_files"),
    ]

    operations = [migrations.RunPython(grant_region_permissions, revoke_region_permissions)]
