"""Recording that editors changed an issue, so a later import will not overwrite it without --replace."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.utils import timezone

from core.generation import bump_site_generation
from issues.models import Issue


def mark_issue_edited(*, issue_ids: Iterable[int], when: datetime.datetime | None = None) -> None:
    """Record that editors changed these issues, so a later import refuses to overwrite them
    without --replace (Issue.edited_since_import)."""
    ids = {pk for pk in issue_ids if pk}
    if ids:
        Issue.objects.filter(pk__in=ids).update(edited_at=when or timezone.now())
        bump_site_generation()
