"""The query planner shared by the database backends (PlannedSQLBackend): ranking and limiting
inside the database, with a plan chosen by how common the query is.

Both database backends store the tokens made in Python (tokens.py) and rank and limit inside the
database, so only the page of ids that is shown ever leaves it. Plans are remembered briefly under
the `generation` token the caller passes (the reader cache's generation, which changes on every
save and import); without one nothing is remembered."""

from __future__ import annotations

import time
from abc import abstractmethod
from collections.abc import Sequence

from django.db import connection
from django.db.models import Max, Min, QuerySet
from django.db.models.expressions import RawSQL

from ..query import ParsedQuery
from .base import COUNT_CAP, NEWEST, RELEVANCE, SearchBackend, SearchHit, SearchResults


def _subquery(filters: QuerySet) -> tuple[str, Sequence]:
    sql, params = filters.order_by().values("pk").query.sql_with_params()
    return sql, params


def _all_articles():
    from articles.models import Article

    return Article.objects.all()


class PlannedSQLBackend(SearchBackend):
    """Ranking and limiting inside the database, with a plan chosen by how common the query is.

    A common term (tens of thousands of matches) must not cost work per match: the index is walked
    newest first (descending article id) and stops early, the newest RANK_WINDOW matching articles
    are ranked (headline matches first, then relevance), the rest follow newest first, and counting
    stops at DENSE_COUNT_CAP. Rare terms, and common terms under a narrow reader filter, are ranked
    over all their matches and counted exactly. Subclasses supply the SQL dialect."""

    table = "article_search"
    id_col = ""
    DENSE = 3000  # more matches than this: a common term
    NARROW = 20_000  # a reader's filter leaving fewer articles than this: rank and count exactly
    RANK_WINDOW = 300  # 15 pages of 20
    DENSE_COUNT_CAP = 300
    ALWAYS_WINDOW = False  # rank every match of a rare query (True: only the newest RANK_WINDOW)
    PLAN_TTL = 30.0
    RANGE_HINT = False  # narrow plans add the filtered ids' range to the match (SQLite FTS5 seeks it)

    def __init__(self):
        self._plans: dict = {}

    def missing_ids(self):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT a.id FROM articles_article a WHERE NOT EXISTS "
                f"(SELECT 1 FROM {self.table} s WHERE s.{self.id_col} = a.id) ORDER BY a.id"
            )
            return [row[0] for row in cursor.fetchall()]

    @abstractmethod
    def where_match(self, query: ParsedQuery) -> tuple[str, list]:
        """The condition on the index table, and its parameters."""

    @abstractmethod
    def ranked_select(
        self, query: ParsedQuery, cond: str, cparams: list, window: int | None, dense: bool = False
    ) -> tuple[str, list]:
        """SELECT id, hl, score of the matches passing `cond` (all, or the newest `window`)."""

    rank_desc = True  # whether a larger score is better

    def filter_queryset(self, queryset, query):
        where, params = self.where_match(query)
        return queryset.filter(pk__in=RawSQL(f"SELECT {self.id_col} FROM {self.table} WHERE {where}", params))

    def is_dense(self, query: ParsedQuery) -> bool:
        """Whether the query matches more than DENSE articles (counting stops there)."""
        where, wparams = self.where_match(query)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT count(*) FROM (SELECT 1 FROM {self.table} WHERE {where} LIMIT %s) AS probe",
                [*wparams, self.DENSE],
            )
            return cursor.fetchone()[0] >= self.DENSE

    def dense_where(self, query: ParsedQuery) -> tuple[str, list]:
        """The match condition for walking the index newest first (the common-term path)."""
        return self.where_match(query)

    def filter_is_indexed(self, sql: str, params) -> bool:
        """Whether the database finds the filter's articles through indexes (cheap to list)."""
        return True

    def filter_is_small(self, filters, sql: str, params) -> bool:
        """Whether the filter leaves fewer than NARROW articles (counting stops there)."""
        return filters.order_by()[: self.NARROW].count() < self.NARROW

    def _plan(self, query, filters, filtered, generation=None) -> tuple[str, str, list]:
        """("sparse" | "narrow" | "dense", filter condition, params): the filter as a correlated
        EXISTS, or, for "narrow", as the set of filtered ids each match is checked against."""
        where, wparams = self.where_match(query)
        fsql, fparams = _subquery(filters)
        # Keyed by the caller's generation (it changes on every save and import): a cached plan
        # then never describes an older archive, and the filter's id range can be kept with it.
        # Without a generation nothing is remembered.
        key = (generation, where, tuple(map(str, wparams)), fsql, tuple(map(str, fparams)), filtered)
        cached = self._plans.get(key) if generation is not None else None
        if cached and cached[0] > time.monotonic():
            dense, narrow, id_range = cached[1]
        else:
            dense = self.is_dense(query)
            narrow = (
                dense
                and filtered
                and self.filter_is_indexed(fsql, fparams)
                and self.filter_is_small(filters, fsql, fparams)
            )
            if len(self._plans) > 500:
                self._plans.clear()
            # The plan steers cost (and, for common terms, the ranking window); a short memory lets
            # the count and the page of one request share it.
            id_range = None
            if narrow and self.RANGE_HINT:
                bounds = filters.order_by().aggregate(lo=Min("pk"), hi=Max("pk"))
                id_range = (bounds["lo"] or 0, bounds["hi"] or 0)
            if generation is not None:
                self._plans[key] = (time.monotonic() + self.PLAN_TTL, (dense, narrow, id_range))
        if narrow:
            cond, params = f"+{self.table}.{self.id_col} IN ({fsql})", list(fparams)
            if id_range is not None:
                # The filtered ids' range, which the index can seek to (a year of issues is a
                # narrow band of ids): the membership test then runs on that band only.
                cond += f" AND {self.table}.{self.id_col} BETWEEN %s AND %s"
                params += list(id_range)
            return "narrow", cond, params
        sql, params = (
            filters.filter(pk=RawSQL(f"{self.table}.{self.id_col}", []))
            .order_by()
            .values("pk")
            .query.sql_with_params()
        )
        return ("dense" if dense else "sparse"), f"EXISTS ({sql})", list(params)

    def _ids_sql(self, where, cond) -> str:
        return f"SELECT {self.id_col} AS id FROM {self.table} WHERE {where} AND {cond}"

    def search(
        self, query, filters=None, *, order=RELEVANCE, offset=0, limit=20, filtered=True, generation=None
    ):
        if not query:
            return SearchResults()
        filters = _all_articles() if filters is None else filters
        where, wparams = self.where_match(query)
        plan, cond, cparams = self._plan(query, filters, filtered, generation)
        if order == NEWEST:
            return self._search_newest(query, filters, plan, where, wparams, offset, limit)
        if plan == "dense":
            where, wparams = self.dense_where(query)
        ids_sql, ids_params = self._ids_sql(where, cond), [*wparams, *cparams]
        direction = "DESC" if self.rank_desc else "ASC"
        ordering = f"ORDER BY hl DESC, score {direction}, id DESC"
        rows: list = []
        with connection.cursor() as cursor:
            if plan != "dense" and not self.ALWAYS_WINDOW:
                sql, params = self.ranked_select(query, cond, cparams, None)
                cursor.execute(
                    f"SELECT * FROM ({sql}) AS r {ordering} LIMIT %s OFFSET %s", [*params, limit, offset]
                )
                rows = cursor.fetchall()
            else:
                if offset < self.RANK_WINDOW:
                    sql, params = self.ranked_select(
                        query, cond, cparams, self.RANK_WINDOW, dense=plan == "dense"
                    )
                    cursor.execute(
                        f"SELECT * FROM ({sql}) AS r {ordering} LIMIT %s OFFSET %s",
                        [*params, min(limit, self.RANK_WINDOW - offset), offset],
                    )
                    rows = cursor.fetchall()
                if len(rows) < limit:
                    cursor.execute(
                        f"{ids_sql} ORDER BY {self.id_col} DESC LIMIT %s OFFSET %s",
                        [*ids_params, limit - len(rows), max(offset, self.RANK_WINDOW)],
                    )
                    rows += [(r[0], False, 0.0) for r in cursor.fetchall()]
        return SearchResults(
            hits=[SearchHit(id=r[0], rank=float(r[2] or 0), headline_match=bool(r[1])) for r in rows]
        )

    def _search_newest(self, query, filters, plan, where, wparams, offset, limit):
        if plan != "dense":
            return self._newest(query, filters, offset, limit)
        # A common term: walk the filtered articles newest first, checking each against the index.
        qs = filters.extra(
            where=[
                f"EXISTS (SELECT 1 FROM {self.table} WHERE {where} AND {self.id_col} = articles_article.id)"
            ],
            params=wparams,
        ).order_by("-issue__date", "page__number", "order", "-pk")
        return SearchResults(
            hits=[SearchHit(id=pk) for pk in qs.values_list("pk", flat=True)[offset : offset + limit]]
        )

    def count(self, query, filters=None, *, cap=COUNT_CAP, filtered=True, generation=None):
        if not query:
            return 0, False
        filters = _all_articles() if filters is None else filters
        where, wparams = self.where_match(query)
        plan, cond, cparams = self._plan(query, filters, filtered, generation)
        if plan == "dense":
            cap = min(cap, self.DENSE_COUNT_CAP)
            where, wparams = self.dense_where(query)
        # A capped count walks the same way as the ranking window: newest first.
        order = f" ORDER BY {self.id_col} DESC" if plan == "dense" else ""
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT count(*) FROM ({self._ids_sql(where, cond)}{order} LIMIT %s) AS hits",
                [*wparams, *cparams, cap],
            )
            n = cursor.fetchone()[0]
        return n, n >= cap
