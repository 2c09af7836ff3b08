"""Which search backend runs: the NEWSROOM_SEARCH_BACKEND setting, a dotted path to a
SearchBackend class (as Wagtail's WAGTAILSEARCH_BACKENDS), or when it is unset the backend for the
default database's vendor. One instance per class and process (backends keep short-lived plans)."""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.utils.module_loading import import_string

from .base import COUNT_CAP, NEWEST, RELEVANCE, SearchBackend, SearchHit, SearchResults

__all__ = [
    "COUNT_CAP",
    "DEFAULT_BACKENDS",
    "NEWEST",
    "RELEVANCE",
    "SearchBackend",
    "SearchHit",
    "SearchResults",
    "backend_path",
    "get_backend",
]

DEFAULT_BACKENDS = {
    "sqlite": "articles.search.backends.sqlite.SQLiteFTS5Backend",
    "postgresql": "articles.search.backends.postgres.PostgresBackend",
}

_instances: dict[str, SearchBackend] = {}


def backend_path() -> str:
    """The dotted path of the backend in force: the setting, else the database vendor's default."""
    configured = getattr(settings, "NEWSROOM_SEARCH_BACKEND", None)
    if configured:
        return configured
    try:
        return DEFAULT_BACKENDS[connection.vendor]
    except KeyError:
        raise NotImplementedError(
            f"No search backend for database vendor {connection.vendor!r}: set NEWSROOM_SEARCH_BACKEND"
        ) from None


def get_backend() -> SearchBackend:
    """The backend in force (see backend_path)."""
    path = backend_path()
    backend = _instances.get(path)
    if backend is None:
        backend = _instances[path] = import_string(path)()
    return backend
