"""Article and photo save hooks: sanitise body HTML on every save path (admin, shell, services), not
only in the admin form, and keep each photo's web sizes (core/renditions.py) in step with its image."""

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save

from core.renditions import delete_files, ensure_renditions, rendition_names

from .body_html import sanitize_html


def sanitize_article_body(sender, instance, raw=False, **kwargs):
    if not raw:
        instance.body = sanitize_html(instance.body)


def make_photo_renditions(sender, instance, raw=False, **kwargs):
    """Web sizes of a photo, made once when its image is saved or changed (core/renditions.py).
    A failure is logged, not raised: the photo is kept and readers get the original image."""
    if raw:
        return
    try:
        ensure_renditions(instance=instance)
    except Exception:
        logging.getLogger(__name__).exception("renditions of photo %s failed", instance.pk)


def delete_photo_renditions(sender, instance, **kwargs):
    names = rendition_names(instance.renditions)
    transaction.on_commit(lambda: delete_files(names))


def connect() -> None:
    from .models import Article, Photo

    pre_save.connect(sanitize_article_body, sender=Article, dispatch_uid="articles_sanitize_body")
    post_save.connect(make_photo_renditions, sender=Photo, dispatch_uid="articles_photo_renditions")
    post_delete.connect(
        delete_photo_renditions, sender=Photo, dispatch_uid="articles_photo_renditions_delete"
    )
