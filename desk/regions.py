"""Editors' review of article regions (版面区域): accept or reject automatic proposals in bulk.

Drawing and correcting one article's rectangles goes through the article form's inline
(desk/admin/regions.py); this is the write for the bulk actions, which use update() and so
end the reader cache generation themselves."""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet

from articles.models import ArticleRegion
from core.generation import bump_site_generation


def review_regions(*, regions: QuerySet[ArticleRegion], status: str) -> int:
    """Set the review status of the given regions (accepted / rejected); returns how many changed."""
    if status not in (ArticleRegion.Status.ACCEPTED, ArticleRegion.Status.REJECTED):
        raise ValueError(f"not a review status: {status!r}")
    with transaction.atomic():
        changed = regions.exclude(status=status).update(status=status)
        if changed:
            bump_site_generation()
    return changed
