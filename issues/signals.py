"""Any write that readers could see ends the current cache generation (see issues/caching.py).

QuerySet.update() and bulk_create() send no signals: callers of those call bump_site_generation()."""

from django.db.models.signals import post_delete, post_save

from issues.caching import bump_site_generation


def _bump(sender, **kwargs):
    bump_site_generation()


def connect_cache_invalidation() -> None:
    from articles.models import Article, ArticleCredit, ArticleRegion, Byline, Photo, PhotoCredit
    from issues.models import ImportWarning, Issue, Page

    for model in (
        Issue,
        Page,
        ImportWarning,
        Article,
        ArticleCredit,
        Photo,
        PhotoCredit,
        Byline,
        ArticleRegion,
    ):
        label = model._meta.label_lower
        post_save.connect(_bump, sender=model, dispatch_uid=f"reader-cache-save-{label}")
        post_delete.connect(_bump, sender=model, dispatch_uid=f"reader-cache-delete-{label}")
