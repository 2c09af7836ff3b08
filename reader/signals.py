"""Any write that readers could see ends the current cache generation (core/generation.py); wired in
reader/apps.py.

QuerySet.update() and bulk_create() send no signals: callers of those call bump_site_generation()."""

from django.db.models.signals import post_delete, post_save

from articles.models import Article, ArticleCredit, ArticleRegion, Byline, Correction, Photo, PhotoCredit
from core.generation import bump_site_generation
from issues.models import ImportWarning, Issue, Page


def _bump(sender, **kwargs):
    bump_site_generation()


def connect_cache_invalidation() -> None:
    for model in (
        Issue,
        Page,
        ImportWarning,
        Article,
        ArticleCredit,
        Photo,
        PhotoCredit,
        Byline,
        Correction,
        ArticleRegion,
    ):
        label = model._meta.label_lower
        post_save.connect(_bump, sender=model, dispatch_uid=f"reader-cache-save-{label}")
        post_delete.connect(_bump, sender=model, dispatch_uid=f"reader-cache-delete-{label}")
