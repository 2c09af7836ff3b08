"""The desk at archive scale: a note on resolving a warning; new issues start as drafts; 编辑 may
create the issue and page of a new article from the article form (add_issue, add_page)."""

import importlib

from django.db import migrations, models

EDITOR_ADDS = {"编辑": {"issues": {"issue": ("add",), "page": ("add",)}}}


def grant_editor_adds(apps, schema_editor=None):
    """Also callable with the real app registry (tests re-create the roles after a flush)."""
    roles = importlib.import_module("issues.migrations.0002_editor_roles")
    roles.create_roles(apps, schema_editor)  # the permissions exist before they are granted
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, apps_perms in EDITOR_ADDS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, models_ in apps_perms.items():
            for model, actions in models_.items():
                for action in actions:
                    group.permissions.add(
                        Permission.objects.get(content_type__app_label=app_label, codename=f"{action}_{model}")
                    )


def revoke_editor_adds(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, apps_perms in EDITOR_ADDS.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        for app_label, models_ in apps_perms.items():
            for model, actions in models_.items():
                for action in actions:
                    group.permissions.remove(
                        *Permission.objects.filter(content_type__app_label=app_label, codename=f"{action}_{model}")
                    )


class Migration(migrations.Migration):
    dependencies = [
        ("issues", "0004_proofreader_bylines"),
    ]

    operations = [
        migrations.AddField(
            model_name="importwarning",
            name="resolution_note",
            field=models.TextField(
                blank=True, default="", help_text="核对时的说明，如“已按原报核实，无误”", verbose_name="核对说明"
            ),
        ),
        migrations.AlterField(
            model_name="issue",
            name="status",
            field=models.CharField(
                choices=[("draft", "草稿"), ("published", "已发布")], default="draft", max_length=16, verbose_name="状态"
            ),
        ),
        migrations.RunPython(grant_editor_adds, revoke_editor_adds),
    ]
