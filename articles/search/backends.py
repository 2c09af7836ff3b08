"""Search behind a small interface: the views and the admin talk to a SearchBackend; one exists per
database vendor, and a search server (OpenSearch/Elasticsearch) would be one more subclass.

Both database backends store the tokens made in Python (tokens.py) and rank and limit inside the
database, so only the page of ids that is shown ever leaves it."""

from __future__ import annotations

import json
import operator
import time
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import IntegrityError, connection, transaction
from django.db.models import Max, Min, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.functional import cached_property

from .documents import SearchDocument
from .query import ParsedQuery, Term
from .tokens import document_tokens, term_lexemes

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
    ) -> SearchResults:
        """One page of hits, best first (or newest first). `filtered` says whether `filters` narrows
        more than reader visibility does (a hint for the query plan, never for correctness)."""

    @abstractmethod
    def count(
        self,
        query: ParsedQuery,
        filters: QuerySet | None = None,
        *,
        cap: int = COUNT_CAP,
        filtered: bool = True,
    ) -> tuple[int, bool]:
        """(number of hits, whether counting stopped at a cap: "more than N")."""

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


def generation_token() -> str:
    from issues.caching import current_generation

    return current_generation().token


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

    def _plan(self, query, filters, filtered) -> tuple[str, str, list]:
        """("sparse" | "narrow" | "dense", filter condition, params): the filter as a correlated
        EXISTS, or, for "narrow", as the set of filtered ids each match is checked against."""
        where, wparams = self.where_match(query)
        fsql, fparams = _subquery(filters)
        # Keyed by the site generation too (it changes on every save and import): a cached plan
        # then never describes an older archive, and the filter's id range can be kept with it.
        key = (generation_token(), where, tuple(map(str, wparams)), fsql, tuple(map(str, fparams)), filtered)
        cached = self._plans.get(key)
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

    def search(self, query, filters=None, *, order=RELEVANCE, offset=0, limit=20, filtered=True):
        if not query:
            return SearchResults()
        filters = _all_articles() if filters is None else filters
        where, wparams = self.where_match(query)
        plan, cond, cparams = self._plan(query, filters, filtered)
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

    def count(self, query, filters=None, *, cap=COUNT_CAP, filtered=True):
        if not query:
            return 0, False
        filters = _all_articles() if filters is None else filters
        where, wparams = self.where_match(query)
        plan, cond, cparams = self._plan(query, filters, filtered)
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


# ---------------------------------------------------------------- SQLite: FTS5
class SQLiteFTS5Backend(PlannedSQLBackend):
    """An FTS5 table `article_search(headline_tokens, body_tokens)`, rowid = article id, with the
    unicode61 tokeniser over space-separated tokens made in Python."""

    id_col = "rowid"
    HEADLINE_WEIGHT = 10.0
    RANGE_HINT = True

    def filter_is_indexed(self, sql, params):
        # Listing a filter's articles costs a pass over a table when no index serves it (section,
        # photos): such a filter is checked per match instead of driving the query.
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            return not any(str(row[3]).startswith("SCAN ") for row in cursor.fetchall())

    rank_desc = False  # bm25() is negative: smaller is better

    @staticmethod
    def _phrase(term: Term) -> str:
        phrase = '"' + " ".join(term.tokens.tokens) + '"'
        return phrase + ("*" if term.tokens.prefix else "")

    def match_expression(self, query: ParsedQuery) -> str:
        expr = " AND ".join(self._phrase(t) for t in query.terms)
        if query.exclusions:
            expr = f"({expr}) NOT ({' OR '.join(self._phrase(t) for t in query.exclusions)})"
        return expr

    def where_match(self, query):
        return "article_search MATCH %s", [self.match_expression(query)]

    def ranked_select(self, query, cond, cparams, window, dense=False):
        # bm25 with the body weighted 0 is non-zero exactly when a term hit the headline; FTS5
        # computes it only for the rows it returns, so a window bounds the work.
        sql = (
            "SELECT rowid AS id, bm25(article_search, 1.0, 0.0) < 0 AS hl, "
            f"bm25(article_search, {self.HEADLINE_WEIGHT}, 1.0) AS score "
            f"FROM article_search WHERE article_search MATCH %s AND {cond}"
        )
        params = [self.match_expression(query), *cparams]
        if window:
            sql += " ORDER BY rowid DESC LIMIT %s"
            params.append(window)
        return sql, params

    def index(self, documents, *, exclusive=False):
        rows = [(d.id, " ".join(document_tokens(d.headline)), d.body_index_tokens().words) for d in documents]
        if not rows:
            return
        with connection.cursor() as cursor:
            cursor.executemany("DELETE FROM article_search WHERE rowid = %s", [(r[0],) for r in rows])
            cursor.executemany(
                "INSERT INTO article_search (rowid, headline_tokens, body_tokens) VALUES (%s, %s, %s)", rows
            )

    def remove(self, ids):
        ids = [(int(i),) for i in ids]
        if ids:
            with connection.cursor() as cursor:
                cursor.executemany("DELETE FROM article_search WHERE rowid = %s", ids)


# ---------------------------------------------------------------- PostgreSQL: tsvector + GIN
MAX_POSITION = 16383
MAX_LEXEME_POSITIONS = 256  # PostgreSQL keeps the first 256 positions of a lexeme
# "':3", "':4" …: a token's suffix in the literal is a lookup (the hot loop runs in C, see below).
_BODY_SUFFIXES = [f"':{pos}" for pos in range(MAX_POSITION + 1)]
_HEAD_SUFFIXES = [f"':{pos}A" for pos in range(MAX_POSITION + 1)]


def _with_positions(tokens: list[str], suffixes: list[str], start: int) -> str:
    """ "'tok':start 'tok':start+1 …", positions past MAX_POSITION written as MAX_POSITION (as
    PostgreSQL would clamp them)."""
    marks = suffixes[start : start + len(tokens)]
    if len(marks) < len(tokens):
        marks += [suffixes[MAX_POSITION]] * (len(tokens) - len(marks))
    return "'" + " '".join(map(operator.add, tokens, marks))


def tsvector_literal(headline: list[str], body: list[str]) -> str:
    """A tsvector in its input syntax, positions kept (phrases use them): headline tokens weight A,
    body tokens after a gap, so no phrase runs from the headline into the body.

    Every token is written where it occurs ("'工会':3 '会主':4 … '工会':17"; tokens are letters,
    digits and CJK only, so they need no escaping). PostgreSQL merges a lexeme's repeats when it
    reads the literal (positions sorted and de-duplicated, the first 256 kept, none past 16383):
    the same tsvector as listing each lexeme once, built by str.join instead of a Python loop per
    token, which was most of the importer's indexing time. Quoted, because PostgreSQL reads a
    quoted lexeme without asking the locale whether each character is a space."""
    parts = []
    if headline:
        parts.append(_with_positions(headline, _HEAD_SUFFIXES, 1))
    if body:
        parts.append(_with_positions(body, _BODY_SUFFIXES, len(headline) + 3))
    return " ".join(parts)


class PostgresBackend(PlannedSQLBackend):
    """A table `article_search(article_id, headline tsvector, document tsvector)` with a GIN index on
    `document` (headline + body). The 'simple' configuration is never asked to split text: the
    tsvectors are built from our own tokens.

    A term is its tokens at consecutive positions (the phrase operator <->), as on SQLite. The
    GIN index narrows to the documents holding every token and PostgreSQL checks positions in
    those; a common term is walked newest first instead (see PlannedSQLBackend), so no query
    reads back more than a bounded number of documents."""

    id_col = "article_id"
    uses_joins = True
    indexes_behind = True
    DENSE = 1000
    DENSE_FRACTION = 0.05  # estimated share of all articles above which a query is "common"
    RANK_WINDOW = 300  # ts_rank reads each ranked document back: rank fewer than SQLite's bm25
    ALWAYS_WINDOW = True  # even a rarer query ranks only its newest RANK_WINDOW matches
    DENSE_COUNT_CAP = 300  # walking newest first reads documents too: count no further than ranked
    STATS_TTL = 300.0

    def __init__(self):
        super().__init__()
        self._stats = (0.0, None)
        self._walks: dict = {}

    def _lexeme_stats(self) -> tuple[dict[str, float], float] | None:
        """The most common lexemes and their document frequencies as ANALYZE last saw them, and
        the smallest listed frequency (every unlisted lexeme is rarer); None before any ANALYZE."""
        expires, stats = self._stats
        if expires > time.monotonic():
            return stats
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
                "WHERE tablename = 'article_search' AND attname = 'document' AND schemaname = current_schema()"
            )
            row = cursor.fetchone()
        stats = None
        if row and row[0] and row[1]:
            stats = (dict(zip(row[0], row[1], strict=False)), float(row[1][-3]))
        self._stats = (time.monotonic() + self.STATS_TTL, stats)
        return stats

    def estimated_share(self, query) -> float | None:
        """The share of articles the query can match at most, from the statistics: a term occurs
        at most as often as its rarest lexeme (terms taken as independent). None before ANALYZE."""
        stats = self._lexeme_stats()
        if stats is None:
            return None
        freqs, floor = stats
        share = 1.0
        for term in query.terms:
            exact, prefix = term_lexemes(term.text)
            term_share = min([freqs.get(lexeme, floor) for lexeme in exact] or [1.0])
            for lexeme in prefix:
                term_share = min(
                    term_share, sum(f for k, f in freqs.items() if k.startswith(lexeme)) or floor
                )
            share *= term_share
        return share

    def is_dense(self, query):
        """Estimated from the statistics (estimated_share); without statistics (a fresh table),
        counted as the other backends do."""
        share = self.estimated_share(query)
        if share is None:
            return super().is_dense(query)
        return share >= self.DENSE_FRACTION

    def _walk_ids(self, walk: str, params: list) -> list[int]:
        """The newest RANK_WINDOW ids of a narrow walk. The search page asks twice (the count,
        then the ranked page) and the walk is most of the cost: remembered briefly, keyed by the
        site generation, so an edit or import is never missed."""
        key = (generation_token(), walk, tuple(map(str, params)))
        found = self._walks.get(key)
        if found and found[0] > time.monotonic():
            return found[1]
        with connection.cursor() as cursor:
            cursor.execute(f"{walk} LIMIT %s", [*params, self.RANK_WINDOW])
            ids = [r[0] for r in cursor.fetchall()]
        if len(self._walks) > 200:
            self._walks.clear()
        self._walks[key] = (time.monotonic() + self.PLAN_TTL, ids)
        return ids

    def _narrow_walk(self, query, filters) -> tuple[str, list]:
        """Matching ids among a narrow filter's articles, newest first: the filtered ids are sorted
        first (no document read), then each is checked against the index until enough are found.
        OFFSET 0 keeps PostgreSQL from reordering either step."""
        fsql, fparams = _subquery(filters)
        sql = (
            f"SELECT pk FROM (SELECT pk FROM ({fsql}) AS f ORDER BY pk DESC OFFSET 0) AS sorted "
            "WHERE EXISTS (SELECT 1 FROM article_search s WHERE s.article_id = sorted.pk "
            "AND s.document @@ %s::tsquery OFFSET 0)"
        )
        return sql, [*fparams, self.tsquery(query)]

    def search(self, query, filters=None, *, order=RELEVANCE, offset=0, limit=20, filtered=True):
        if not query or filters is None or order == NEWEST:
            return super().search(query, filters, order=order, offset=offset, limit=limit, filtered=filtered)
        plan, _, _ = self._plan(query, filters, filtered)
        if plan != "narrow":
            return super().search(query, filters, order=order, offset=offset, limit=limit, filtered=filtered)
        walk, params = self._narrow_walk(query, filters)
        rows: list = []
        with connection.cursor() as cursor:
            if offset < self.RANK_WINDOW:
                ids = self._walk_ids(walk, params)
                cursor.execute(
                    "SELECT article_id, headline @@ %s::tsquery AS hl, ts_rank(document, %s::tsquery) AS score "
                    "FROM article_search WHERE article_id = ANY(%s) "
                    "ORDER BY hl DESC, score DESC, article_id DESC LIMIT %s OFFSET %s",
                    [
                        self.headline_tsquery(query),
                        self.tsquery(query),
                        ids,
                        min(limit, self.RANK_WINDOW - offset),
                        offset,
                    ],
                )
                rows = cursor.fetchall()
            if len(rows) < limit:
                cursor.execute(
                    f"{walk} LIMIT %s OFFSET %s", [*params, limit - len(rows), max(offset, self.RANK_WINDOW)]
                )
                rows += [(r[0], False, 0.0) for r in cursor.fetchall()]
        return SearchResults(
            hits=[SearchHit(id=r[0], rank=float(r[2] or 0), headline_match=bool(r[1])) for r in rows]
        )

    def count(self, query, filters=None, *, cap=COUNT_CAP, filtered=True):
        if query and filters is not None and self._plan(query, filters, filtered)[0] == "narrow":
            walk, params = self._narrow_walk(query, filters)
            cap = min(cap, self.DENSE_COUNT_CAP)
            if cap <= self.RANK_WINDOW:
                n = min(len(self._walk_ids(walk, params)), cap)  # the page then reuses the walk
            else:
                with connection.cursor() as cursor:
                    cursor.execute(f"SELECT count(*) FROM ({walk} LIMIT %s) AS hits", [*params, cap])
                    n = cursor.fetchone()[0]
            return n, n >= cap
        if query:
            plan, cond, cparams = self._plan(query, _all_articles() if filters is None else filters, filtered)
            walk = self._candidate_walk(query, cond, cparams) if plan == "dense" else None
            if walk is not None:
                cap = min(cap, self.DENSE_COUNT_CAP)
                with connection.cursor() as cursor:
                    cursor.execute(f"SELECT count(*) FROM ({walk[0]} LIMIT %s) AS hits", [*walk[1], cap])
                    n = cursor.fetchone()[0]
                return n, n >= cap
        return super().count(query, filters, cap=cap, filtered=filtered)

    def filter_is_small(self, filters, sql, params):
        # The planner's estimate (filters on dates and ids are estimated well) costs no row reads.
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
            plan = cursor.fetchone()[0]
        if isinstance(plan, str):
            plan = json.loads(plan)
        return plan[0]["Plan"]["Plan Rows"] < self.NARROW

    def dense_where(self, query):
        # COALESCE hides the condition from the GIN index: for a common term, walking the primary
        # key newest first and testing each row stops after a few hundred rows, while the index
        # would have to hand over every match first.
        return "COALESCE(document @@ %s::tsquery, false)", [self.tsquery(query)]

    @staticmethod
    def _phrase(term: Term) -> str:
        """A term as its tokens at consecutive positions (<->), the same tokens SQLite's phrase
        uses: exact for names and phrases. (An AND of the term's bigrams is not: 宁波市 … 杭州市总工会
        holds every bigram of 宁波市总工会.) The GIN index finds the documents holding all the tokens;
        PostgreSQL checks positions in those only."""
        tokens = term.tokens
        if not tokens.tokens:
            exact, prefix = term_lexemes(term.text)
            return "(" + " & ".join([f"'{t}'" for t in exact] + [f"'{t}':*" for t in prefix]) + ")"
        parts = [f"'{t}'" for t in tokens.tokens]
        if tokens.prefix:
            parts[-1] += ":*"
        return "(" + " <-> ".join(parts) + ")"

    def tsquery(self, query: ParsedQuery) -> str:
        expr = " & ".join(self._phrase(t) for t in query.terms)
        for t in query.exclusions:
            expr += f" & !{self._phrase(t)}"
        return expr

    def headline_tsquery(self, query: ParsedQuery) -> str:
        return " | ".join(self._phrase(t) for t in query.terms)

    def where_match(self, query):
        return "document @@ %s::tsquery", [self.tsquery(query)]

    # Below this estimated share the bound is loose (宁波市总工会: 5% estimated, 2.4% real) and a
    # walk over the whole table reads many documents per match: walk the GIN candidates instead.
    CANDIDATE_SHARE = 0.15

    def _candidate_walk(self, query, cond, cparams) -> tuple[str, list] | None:
        """For a common query whose terms are phrases of less common tokens (宁波市总工会: every
        bigram is frequent, the name much less so): ids newest first among the documents holding
        every token, which the GIN index lists without reading a document, each then checked
        for the phrase. None when walking the table newest first is cheaper (a common query,
        or single-token terms, where the index's estimate is exact)."""
        if not any(len(term.tokens.tokens) > 1 for term in query.terms):
            return None
        share = self.estimated_share(query)
        lexemes = list(dict.fromkeys(lx for term in query.terms for lx in term_lexemes(term.text)[0]))
        if share is None or share >= self.CANDIDATE_SHARE or not lexemes:
            return None
        sql = (
            "SELECT article_search.article_id AS id FROM (SELECT article_id FROM article_search "
            "WHERE document @@ %s::tsquery ORDER BY article_id DESC OFFSET 0) AS candidates "
            "JOIN article_search ON article_search.article_id = candidates.article_id "
            f"WHERE COALESCE(article_search.document @@ %s::tsquery, false) AND {cond} "
            "ORDER BY candidates.article_id DESC"
        )
        return sql, [" & ".join(f"'{lexeme}'" for lexeme in lexemes), self.tsquery(query), *cparams]

    def ranked_select(self, query, cond, cparams, window, dense=False):
        # Ranked in an outer query over the chosen ids, so ts_rank reads only those documents.
        where, wparams = self.dense_where(query) if dense else self.where_match(query)
        inner = self._ids_sql(where, cond)
        params = [self.headline_tsquery(query), self.tsquery(query), *wparams, *cparams]
        walk = self._candidate_walk(query, cond, cparams) if dense and window else None
        if walk is not None:
            inner = walk[0]
            params = [self.headline_tsquery(query), self.tsquery(query), *walk[1]]
        if window:
            inner += " LIMIT %s" if walk is not None else " ORDER BY article_id DESC LIMIT %s"
            params.append(window)
        sql = (
            "SELECT s.article_id AS id, s.headline @@ %s::tsquery AS hl, "
            "ts_rank(s.document, %s::tsquery) AS score "
            f"FROM article_search s WHERE s.article_id IN (SELECT id FROM ({inner}) AS chosen)"
        )
        return sql, params

    @staticmethod
    def _rows(documents) -> list[tuple[int, str, str]]:
        rows = []
        for d in documents:
            head = d.headline_index_tokens().all()
            body = d.body_index_tokens().all()
            rows.append((d.id, tsvector_literal(head, []), tsvector_literal(head, body)))
        return rows

    @staticmethod
    def _copy(cursor, rows) -> None:
        # One COPY: the server does not parse each literal inside an SQL statement nor check a
        # conflict per row. The literals hold no tab, newline or backslash, so they are valid COPY
        # text as they are.
        with cursor.cursor.copy("COPY article_search (article_id, headline, document) FROM STDIN") as copy:
            copy.write("".join(f"{pk}\t{head}\t{doc}\n" for pk, head, doc in rows))

    _UPSERT = (
        "INSERT INTO article_search (article_id, headline, document) "
        "VALUES (%s, %s::tsvector, %s::tsvector) ON CONFLICT (article_id) DO "
    )

    def index(self, documents, *, exclusive=False):
        rows = self._rows(documents)
        if not rows:
            return
        with connection.cursor() as cursor:
            if not exclusive:
                cursor.executemany(
                    self._UPSERT + "UPDATE SET headline = EXCLUDED.headline, document = EXCLUDED.document",
                    rows,
                )
                return
            # The importer's rows: replaced by one DELETE and one COPY.
            cursor.execute("DELETE FROM article_search WHERE article_id = ANY(%s)", [[r[0] for r in rows]])
            self._copy(cursor, rows)

    def index_behind(self, documents):
        documents = list(documents)
        if not documents:
            return
        with connection.cursor() as cursor:
            # The importer deleted these articles' old rows when it wrote them: a row now is an
            # editor's, made after that commit, and newer than ours. KEY SHARE keeps the articles
            # from being deleted (and their rows removed) until this transaction ends.
            cursor.execute(
                "SELECT a.id FROM articles_article a WHERE a.id = ANY(%s) AND NOT EXISTS "
                "(SELECT 1 FROM article_search s WHERE s.article_id = a.id) FOR KEY SHARE OF a",
                [[d.id for d in documents]],
            )
            wanted = {row[0] for row in cursor.fetchall()}
            rows = self._rows(d for d in documents if d.id in wanted)
            if not rows:
                return
            try:
                with transaction.atomic():
                    self._copy(cursor, rows)
            except (IntegrityError, connection.Database.IntegrityError):
                # An editor indexed one of them between the check and the COPY: theirs stays.
                cursor.executemany(self._UPSERT + "NOTHING", rows)

    def prepare_bulk_writes(self):
        # New documents go to the GIN index's pending list and are merged into it in batches; a
        # larger list and more memory for the merge make fewer, cheaper merges (the import's COPY
        # time 16.5 → 14.4 s per 600 issues). Only for this transaction: readers' queries scan
        # the pending list, so it stays at its default otherwise.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL gin_pending_list_limit = '16MB'")
            cursor.execute("SET LOCAL work_mem = '128MB'")

    def remove(self, ids):
        ids = [int(i) for i in ids]
        if ids:
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM article_search WHERE article_id = ANY(%s)", [ids])


class _BackendCache:
    @cached_property
    def by_vendor(self) -> dict[str, SearchBackend]:
        return {"sqlite": SQLiteFTS5Backend(), "postgresql": PostgresBackend()}


_cache = _BackendCache()


def get_backend() -> SearchBackend:
    """The backend for the default database's vendor."""
    try:
        return _cache.by_vendor[connection.vendor]
    except KeyError:
        raise NotImplementedError(f"No search backend for database vendor {connection.vendor!r}") from None
