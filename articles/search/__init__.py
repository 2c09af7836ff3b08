"""Search the whole archive in Chinese, behind a small backend interface (backends/: base.py the
interface, sqlite.py and postgres.py one backend each, chosen by the NEWSROOM_SEARCH_BACKEND setting).

The importer (issues/importing/) builds the documents of what it bulk-wrote (bulk writes fire no
signals) and calls index_documents() before its batch commits, or index_behind() after it on a
second connection (PostgreSQL), and index_missing() at the start of a run; edits made through the ORM are indexed by the signal handlers in signals.py. Readers' visibility and their
filters are applied at query time, inside the database, so the index never needs to know about them."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from .backends import NEWEST, RELEVANCE, SearchBackend, SearchHit, SearchResults, get_backend
from .documents import SearchDocument, build_documents, make_document
from .query import ParsedQuery, parse_query
from .tokens import Tokens

__all__ = [
    "NEWEST",
    "RELEVANCE",
    "ParsedQuery",
    "SearchBackend",
    "SearchHit",
    "SearchResults",
    "admin_search_results",
    "get_backend",
    "SearchDocument",
    "Tokens",
    "index_articles",
    "index_behind",
    "index_documents",
    "index_issue",
    "index_missing",
    "index_queryset",
    "make_document",
    "parse_query",
    "prepare_bulk_writes",
    "remove_articles",
]

BATCH = 500


def index_queryset(queryset) -> int:
    """(Re)index the articles of a queryset in batches; returns how many."""
    backend = get_backend()
    qs = queryset.order_by("pk").prefetch_related("credits__byline", "photos")
    done = 0
    last = 0
    with transaction.atomic():
        while True:
            batch = list(qs.filter(pk__gt=last)[:BATCH])
            if not batch:
                return done
            backend.index(build_documents(batch))
            done += len(batch)
            last = batch[-1].pk


def index_documents(documents: Iterable[SearchDocument], *, exclusive: bool = False) -> None:
    """Index documents built by the caller: the importer has every field in hand already, so it
    saves reading back what it has just written. exclusive: see SearchBackend.index."""
    get_backend().index(list(documents), exclusive=exclusive)


def index_behind(documents: Iterable[SearchDocument]) -> None:
    """Index documents of articles that a committed import wrote (see SearchBackend.index_behind)."""
    get_backend().index_behind(list(documents))


def index_missing() -> int:
    """Index every article that has no row in the index (an import stopped between writing a
    batch and indexing it); returns how many."""
    from articles.models import Article

    ids = get_backend().missing_ids()
    for start in range(0, len(ids), 5000):  # SQLite's limit on query parameters
        index_queryset(Article.objects.filter(pk__in=ids[start : start + 5000]))
    return len(ids)


def prepare_bulk_writes() -> None:
    """Tune the current transaction for indexing many documents (see the backend)."""
    get_backend().prepare_bulk_writes()


def index_issue(issue_id: int) -> None:
    """(Re)index every article of one issue (from the rows: for tests and one-off repairs; the
    importer indexes the documents it built instead, see index_documents)."""
    from articles.models import Article

    index_queryset(Article.objects.filter(issue_id=issue_id))


def index_articles(article_ids: Iterable[int]) -> None:
    """(Re)index these articles; ids that no longer exist are dropped from the index."""
    from articles.models import Article

    ids = {int(i) for i in article_ids}
    if not ids:
        return
    with transaction.atomic():
        index_queryset(Article.objects.filter(pk__in=ids))
        gone = ids - set(Article.objects.filter(pk__in=ids).values_list("pk", flat=True))
        if gone:
            get_backend().remove(gone)


def remove_articles(article_ids: Iterable[int]) -> None:
    """Drop these articles from the index."""
    get_backend().remove(article_ids)


def admin_search_results(queryset, search_term: str):
    """For ArticleAdmin.get_search_results: returns (queryset, may_have_duplicates).

    Covers all content (drafts too); the admin list keeps its own ordering."""
    if not (search_term or "").strip():
        return queryset, False
    query = parse_query(search_term)
    if not query:
        return queryset.none(), False
    return get_backend().filter_queryset(queryset, query), False
