"""Publishing state shared by issues and articles: `Status` and the reader-visibility filter."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")


def published_q(prefix: str = "", now=None) -> Q:
    """Reader visibility: published, and due. Scheduling needs no worker: content whose
    publish_at is still in the future is simply not matched yet."""
    now = now or timezone.now()
    return Q(**{f"{prefix}status": Status.PUBLISHED}) & (
        Q(**{f"{prefix}publish_at__isnull": True}) | Q(**{f"{prefix}publish_at__lte": now})
    )
