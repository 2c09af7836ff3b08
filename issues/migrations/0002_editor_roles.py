"""The newsroom's roles as groups with their permissions.

编辑 (editors): edit and publish articles, photos and bylines; merge bylines; resolve import warnings.
校对 (proofreaders): correct article text, photos and credits; cannot publish (no publish_article),
cannot add, rename or delete bylines (persons): they credit existing ones.
档案管理员 (archive staff): import and manage issues, pages and import warnings; read articles."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CRUD = ("add", "change", "delete", "view")

ROLES = {
    "编辑": {
        "articles": {
            "article": (*CRUD, "publish_article"),
            "articlecredit": CRUD,
            "photo": CRUD,
            "photocredit": CRUD,
            "byline": CRUD,
        },
        "issues": {"issue": ("view", "change"), "page": ("view", "change"), "importwarning": ("view", "change")},
    },
    "校对": {
        "articles": {
            "article": ("view", "change"),
            "articlecredit": CRUD,
            "photo": ("view", "change"),
            "photocredit": CRUD,
            "byline": ("view",),  # credits pick existing persons; adding/renaming persons is 编辑's (0003)
        },
        "issues": {"issue": ("view",), "page": ("view",), "importwarning": ("view", "change")},
    },
    "档案管理员": {
        "articles": {"article": ("view",), "photo": ("view",), "byline": ("view",)},
        "issues": {"issue": CRUD, "page": CRUD, "importwarning": CRUD},
    },
}


def codename(action: str, model: str) -> str:
    return action if "_" in action else f"{action}_{model}"


def create_roles(apps, schema_editor=None):
    """Also callable with the real app registry (tests whose database was flushed re-create roles)."""
    using = schema_editor.connection.alias if schema_editor is not None else "default"
    for app_label in ("issues", "articles"):
        app_config = apps.get_app_config(app_label)
        if not getattr(app_config, "models_module", None):
            app_config.models_module = True  # the migration state's stub has none; create_permissions needs one
        create_permissions(app_config, apps=apps, verbosity=0, using=using)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, apps_perms in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        wanted = []
        for app_label, models in apps_perms.items():
            for model, actions in models.items():
                for action in actions:
                    wanted.append(
                        Permission.objects.get(content_type__app_label=app_label, codename=codename(action, model))
                    )
        group.permissions.add(*wanted)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("issues", "0001_initial"),
        ("articles", "0004_desk"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
