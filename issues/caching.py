"""Reader-page caching with one invalidation rule: a site "generation" that changes on every save.

Each cached rendering and each ETag carries the current generation, so an editor's save (signals in
issues/signals.py), an import (the importer calls `bump_site_generation()` after its bulk writes) or
a scheduled publish_at falling due makes every older rendering unreachable at once. A reader's
repeat visit costs no database query at all: 304 from the ETag/Last-Modified check, or the cached
HTML. Across several processes the cache must be shared (DJANGO_CACHE_BACKEND, e.g. Redis), so that
a bump in one process is seen by all. With a per-process cache (LocMemCache, the default) a
generation lives at most LOCAL_GENERATION_SECONDS, which bounds how long another process (a second
gunicorn worker, or an import run from the command line) can serve a page older than an edit.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Min
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import get_language

GENERATION_KEY = "reader:generation"
PAGE_KEY_PREFIX = "reader:page"
PAGE_TIMEOUT = 60 * 60 * 24  # renderings are unreachable after a bump anyway; this only frees memory
LOCAL_GENERATION_SECONDS = 30
PER_PROCESS_BACKENDS = ("LocMemCache", "DummyCache")


@dataclass(frozen=True)
class Generation:
    token: str
    changed_at: float  # epoch seconds: nothing readers see has changed since (Last-Modified)
    next_due: float | None  # the next scheduled publish_at: the generation ends then


def _next_scheduled(now: datetime.datetime) -> float | None:
    """When the next published-but-not-yet-due issue or article becomes visible (two cheap queries)."""
    from articles.models import Article
    from issues.models import Issue, Status

    dues = [
        model.objects.filter(status=Status.PUBLISHED, publish_at__gt=now).aggregate(due=Min("publish_at"))[
            "due"
        ]
        for model in (Issue, Article)
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


def is_staff_request(request) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and user.is_staff)


def _cache_key(request, generation: Generation) -> str:
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"{PAGE_KEY_PREFIX}:{generation.token}:{get_language()}:{path}"


def reader_cache(view):
    """Conditional GET (ETag + Last-Modified) and a cached rendering for a public reader view.

    Only successful GET/HEAD responses are stored. Logged-in staff always get a fresh rendering
    marked uncacheable, so an editor never sees a stale page after saving."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or is_staff_request(request):
            response = view(request, *args, **kwargs)
            add_never_cache_headers(response)
            return response

        generation = current_generation()
        etag = f'"{generation.token}-{get_language()}"'
        last_modified = generation.changed_at
        not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if not_modified is not None:
            patch_vary_headers(not_modified, ["Cookie", "Accept-Language"])
            return not_modified

        key = _cache_key(request, generation)
        stored = cache.get(key)
        if stored is not None:
            content, content_type = stored
            response = HttpResponse(content, content_type=content_type)
            response["X-Reader-Cache"] = "hit"
        else:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            if response.status_code == 200 and not response.streaming:
                cache.set(key, (response.content, response["Content-Type"]), timeout=PAGE_TIMEOUT)
                response["X-Reader-Cache"] = "miss"
        if response.status_code == 200:
            response["ETag"] = etag
            response["Last-Modified"] = http_date(last_modified)
            response["Cache-Control"] = "public, max-age=0, must-revalidate"
        patch_vary_headers(response, ["Cookie", "Accept-Language"])
        return response

    return wrapper
