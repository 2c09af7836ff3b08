"""Shared helpers for the editors' desk tests: users in the migration-created roles, test images."""

from __future__ import annotations

import importlib
from io import BytesIO

from django.contrib.auth.models import Group, User
from PIL import Image

PASSWORD = "desk-pass-123"


def make_user(role: str | None, *, username: str | None = None, staff: bool = True) -> User:
    """A staff user in one of the groups the migration created (编辑 / 校对 / 档案管理员), or none."""
    user = User.objects.create_user(username or f"user-{role or 'none'}", password=PASSWORD, is_staff=staff)
    if role:
        user.groups.add(role_group(role))
    return user


def role_group(name: str) -> Group:
    """The migration creates the groups; a transactional test's flush removes them, so re-create
    them with the migration's own code when needed."""
    if not Group.objects.filter(name=name).exists():
        from django.apps import apps

        importlib.import_module("issues.migrations.0002_editor_roles").create_roles(apps)
        importlib.import_module(
            "articles.migrations.0009_desk_concurrency_corrections"
        ).grant_correction_permissions(apps)
        importlib.import_module("issues.migrations.0005_desk_at_scale").grant_editor_adds(apps)
        importlib.import_module("articles.migrations.0012_region_editor_roles").grant_region_permissions(apps)
    return Group.objects.get(name=name)


def make_superuser(username: str = "chief") -> User:
    return User.objects.create_superuser(username, f"{username}@example.com", PASSWORD)


def gps_image_bytes(fmt: str = "JPEG", size=(64, 48)) -> bytes:
    """A real image carrying EXIF with a camera make and GPS coordinates."""
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "DeskCam"  # Make
    exif[0x0131] = "SecretSoftware"  # Software
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (30.0, 15.0, 42.0)
    gps[3] = "E"
    gps[4] = (120.0, 10.0, 5.0)
    out = BytesIO()
    image.save(out, format=fmt, exif=exif.tobytes())
    return out.getvalue()


def has_gps(data: bytes) -> bool:
    with Image.open(BytesIO(data)) as image:
        exif = image.getexif()
        return bool(exif.get_ifd(0x8825)) or 0x010F in exif or b"DeskCam" in data


def article_form(article, **changes) -> dict:
    """The admin change form's POST data for an article as it stands, inlines included."""
    credits = list(article.credits.order_by("order"))
    photos = list(article.photos.order_by("order"))
    corrections = list(article.corrections.order_by("id"))
    data = {
        "issue": article.issue_id,
        "page": article.page_id,
        "order": article.order,
        "kind": article.kind,
        "kicker": article.kicker,
        "headline": article.headline,
        "subheadline": article.subheadline,
        "dateline": article.dateline,
        "body": article.body,
        "status": article.status,
        "version": article.version,
        "publish_at_0": "",
        "publish_at_1": "",
        "credits-TOTAL_FORMS": len(credits),
        "credits-INITIAL_FORMS": len(credits),
        "photos-TOTAL_FORMS": len(photos),
        "photos-INITIAL_FORMS": len(photos),
        "corrections-TOTAL_FORMS": len(corrections),
        "corrections-INITIAL_FORMS": len(corrections),
    }
    for i, credit in enumerate(credits):
        data |= {
            f"credits-{i}-id": credit.pk,
            f"credits-{i}-article": article.pk,
            f"credits-{i}-order": credit.order,
            f"credits-{i}-role": credit.role,
            f"credits-{i}-byline": credit.byline_id,
        }
    for i, photo in enumerate(photos):
        data |= {
            f"photos-{i}-id": photo.pk,
            f"photos-{i}-article": article.pk,
            f"photos-{i}-order": photo.order,
            f"photos-{i}-caption": photo.caption,
            f"photos-{i}-credit_text": photo.credit_text,
        }
    for i, correction in enumerate(corrections):
        data |= {
            f"corrections-{i}-id": correction.pk,
            f"corrections-{i}-article": article.pk,
            f"corrections-{i}-corrected_on": correction.corrected_on.isoformat(),
            f"corrections-{i}-status": correction.status,
            f"corrections-{i}-publish_at_0": "",
            f"corrections-{i}-publish_at_1": "",
            f"corrections-{i}-wrong_text": correction.wrong_text,
            f"corrections-{i}-right_text": correction.right_text,
            f"corrections-{i}-note": correction.note,
            f"corrections-{i}-notice": correction.notice_id or "",
        }
    data.update(changes)
    return data
