"""The search backend interface: what the views, the admin and the importer call (SearchBackend),
and what a search returns (SearchHit, SearchResults). One module per backend implements it
(sqlite.py, postgres.py; a search server such as OpenSearch would be one more); which one runs
is the NEWSROOM_SEARCH_BACKEND setting (see __init__.py)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import QuerySet

from ..documents import SearchDocument
from ..query import ParsedQuery

RELEVANCE = "relevance"
NEWEST = "newest"
COUNT_CAP = 10_000  # counting stops here: "10000+ results" is as useful as the exact figure and cheap


@dataclass
class SearchHit:
    id: int
    rank: float = 0.0
    headline_match: bool = False
    snippet: str | None = None  # a backend that highlights (a search server) fills it; else Python does


@dataclass
class SearchResults:
    hits: list[SearchHit] = field(default_factory=list)


class SearchBackend(ABC):
    """`filters` is an Article queryset the hits must belong to (reader visibility plus the reader's
    filters); None means every article (the admin)."""

    @abstractmethod
    def index(self, documents: Iterable[SearchDocument], *, exclusive: bool = False) -> None:
        """Add or replace these documents. exclusive: the caller's transaction holds the articles
        (the importer), so no concurrent writer can race for the same rows."""

    uses_joins = False  # whether documents' Tokens.joins are indexed (see tokens.boundary_tokens)
    indexes_behind = False  # whether index_behind() is worth a second connection (see the importer)

    def index_behind(self, documents: Iterable[SearchDocument]) -> None:
        """Index documents of articles a committed transaction wrote without indexing them (the
        importer's, see issues.importing.IndexBehind), in the caller's transaction: only articles
        that still exist and that nobody has indexed since, whose index rows are newer than ours."""
        raise NotImplementedError

    @abstractmethod
    def missing_ids(self) -> list[int]:
        """Ids of articles with no row in the index."""

    def prepare_bulk_writes(self) -> None:  # noqa: B027 (optional: most backends need nothing)
        """Tune the current transaction for writing many documents (the importer calls it)."""

    @abstractmethod
    def remove(self, ids: Iterable[int]) -> None: ...

    @abstractmethod
    def search(
        self,
        query: ParsedQuery,
        filters: QuerySet | None = None,
        *,
        order: str = RELEVANCE,
        offset: int = 0,
        limit: int = 20,
        filtered: bool = True,
        generation: str | None = None,
    ) -> SearchResults:
        """One page of hits, best first (or newest first). `filtered` says whether `filters` narrows
        more than reader visibility does (a hint for the query plan, never for correctness).
        `generation`: a token that changes whenever the archive does (the reader cache's site
        generation); a backend may remember work under it (the count and the page of one request
        share a plan). None: nothing is remembered."""

    @abstractmethod
    def count(
        self,
        query: ParsedQuery,
        filters: QuerySet | None = None,
        *,
        cap: int = COUNT_CAP,
        filtered: bool = True,
        generation: str | None = None,
    ) -> tuple[int, bool]:
        """(number of hits, whether counting stopped at a cap: "more than N"); `generation` as for search."""

    @abstractmethod
    def filter_queryset(self, queryset: QuerySet, query: ParsedQuery) -> QuerySet:
        """The queryset narrowed to articles matching the query (the admin's list keeps its own order)."""

    def _newest(self, query, filters, offset, limit) -> SearchResults:
        qs = self.filter_queryset(filters, query).order_by("-issue__date", "page__number", "order", "-pk")
        return SearchResults(
            hits=[SearchHit(id=pk) for pk in qs.values_list("pk", flat=True)[offset : offset + limit]]
        )

    def _count(self, query, filters, cap) -> tuple[int, bool]:
        n = self.filter_queryset(filters, query).order_by()[:cap].count()
        return n, n >= cap
