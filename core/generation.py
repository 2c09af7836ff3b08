"""The site generation: one token that every write readers could see replaces.

Each cached reader page and each ETag carries the current generation (reader/caching.py), so an
editor's save (signals wired in reader/signals.py), an import (the importer calls
`bump_site_generation()` after its bulk writes) or a scheduled publish_at falling due makes every
older rendering unreachable at once. Lower layers (the importer, the desk's services) bump it from
here without importing the reader. Across several processes the cache must be shared
(DJANGO_CACHE_BACKEND, e.g. Redis), so that a bump in one process is seen by all. With a
per-process cache (LocMemCache, the default) a generation lives at most LOCAL_GENERATION_SECONDS,
which bounds how long another process (a second gunicorn worker, or an import run from the command
line) can serve a page older than an edit.
"""

from __future__ import annotations

import datetime
import secrets
import time
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from core.publishing import Status

GENERATION_KEY = "reader:generation"
LOCAL_GENERATION_SECONDS = 30
PER_PROCESS_BACKENDS = ("LocMemCache", "DummyCache")
# Models with status and publish_at whose next due time ends a generation. By label: core sits
# below the apps that define them and never imports them.
SCHEDULED_MODELS = ("issues.Issue", "articles.Article")


@dataclass(frozen=True)
class Generation:
    token: str
    changed_at: float  # epoch seconds: nothing readers see has changed since (Last-Modified)
    next_due: float | None  # the next scheduled publish_at: the generation ends then


def _next_scheduled(now: datetime.datetime) -> float | None:
    """When the next published-but-not-yet-due issue or article becomes visible (two cheap queries)."""
    dues = [
        model.objects.filter(status=Status.PUBLISHED, publish_at__gt=now).aggregate(due=Min("publish_at"))[
            "due"
        ]
        for model in (apps.get_model(label) for label in SCHEDULED_MODELS)
    ]
    dues = [due for due in dues if due is not None]
    return min(dues).timestamp() if dues else None


def _new_generation() -> Generation:
    now = timezone.now()
    generation = Generation(
        token=f"{time.time_ns():x}{secrets.token_hex(3)}",
        changed_at=float(int(now.timestamp())),  # HTTP dates have whole seconds
        next_due=_next_scheduled(now),
    )
    cache.set(GENERATION_KEY, generation, timeout=generation_lifetime())
    return generation


def generation_lifetime() -> int | None:
    """None (until the next bump) with a shared cache; a short bound with a per-process one."""
    configured = getattr(settings, "NEWSROOM_READER_GENERATION_SECONDS", None)
    if configured is not None:
        return configured or None
    backend = settings.CACHES["default"]["BACKEND"]
    return LOCAL_GENERATION_SECONDS if backend.endswith(PER_PROCESS_BACKENDS) else None


def current_generation() -> Generation:
    """The generation now in force; starts a new one when a scheduled publication has fallen due."""
    generation = cache.get(GENERATION_KEY)
    if generation is None or (generation.next_due is not None and generation.next_due <= time.time()):
        generation = _new_generation()
    return generation


def _forget_generation() -> None:
    cache.delete(GENERATION_KEY)


def bump_site_generation() -> None:
    """Make every cached reader page stale. Call after writes that send no signals (bulk_create).

    Forgets now (so the writing transaction's own reads see it) and again after commit (so a page
    rendered by another request from the not-yet-committed state is never kept)."""
    _forget_generation()
    transaction.on_commit(_forget_generation)
