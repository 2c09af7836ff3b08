"""Sanitise article HTML on every save path (admin, shell, services), not only in the admin form."""

from django.db.models.signals import pre_save

from .body_html import sanitize_html


def sanitize_article_body(sender, instance, raw=False, **kwargs):
    if not raw:
        instance.body = sanitize_html(instance.body)


def connect() -> None:
    from .models import Article

    pre_save.connect(sanitize_article_body, sender=Article, dispatch_uid="articles_sanitize_body")
