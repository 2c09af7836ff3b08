"""Reader-page caching: conditional GET and a cached rendering per site generation (`reader_cache`).

The generation itself (what a write bumps) lives in core/generation.py, so the importer and the desk
end it without importing the reader. A reader's repeat visit costs no database query at all: 304
from the ETag/Last-Modified check, or the cached HTML.
"""

from __future__ import annotations

import functools
import hashlib

from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers, get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import get_language

from core.generation import Generation, current_generation

PAGE_KEY_PREFIX = "reader:page"
PAGE_TIMEOUT = 60 * 60 * 24  # renderings are unreachable after a bump anyway; this only frees memory


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
