"""校对 may no longer add or rename bylines (issue 14).

A byline is a person: their public page and feed, every credit in the archive. Renaming one renames
every credit; adding one is how duplicates of a person start. Both are editorial decisions (编辑,
who also merges). Proofreaders keep view, so the credit inline's autocomplete still finds people."""

from django.db import migrations

REMOVED = ("add_byline", "change_byline", "delete_byline")


def restrict(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    perms = Permission.objects.filter(content_type__app_label="articles", codename__in=REMOVED)
    for group in Group.objects.filter(name="校对"):
        group.permissions.remove(*perms)


def restore(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    perms = Permission.objects.filter(content_type__app_label="articles", codename__in=("add_byline", "change_byline"))
    for group in Group.objects.filter(name="校对"):
        group.permissions.add(*perms)


class Migration(migrations.Migration):
    dependencies = [("issues", "0003_page_structure")]

    operations = [migrations.RunPython(restrict, restore)]
