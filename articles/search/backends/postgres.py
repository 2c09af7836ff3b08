"""The PostgreSQL backend: a tsvector of the tokens made in Python, with positions, under a GIN
index, ranked by ts_rank; written by COPY (and behind the importer, on a second connection)."""

from __future__ import annotations

import json
import operator
import time

from django.db import IntegrityError, connection, transaction

from ..query import ParsedQuery, Term
from ..tokens import term_lexemes
from .base import COUNT_CAP, NEWEST, RELEVANCE, SearchHit, SearchResults
from .sql import PlannedSQLBackend, _all_articles, _subquery

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

    def _walk_ids(self, walk: str, params: list, generation: str | None) -> list[int]:
        """The newest RANK_WINDOW ids of a narrow walk. The search page asks twice (the count,
        then the ranked page) and the walk is most of the cost: remembered briefly, keyed by the
        caller's generation, so an edit or import is never missed (without one, not remembered)."""
        key = (generation, walk, tuple(map(str, params)))
        found = self._walks.get(key) if generation is not None else None
        if found and found[0] > time.monotonic():
            return found[1]
        with connection.cursor() as cursor:
            cursor.execute(f"{walk} LIMIT %s", [*params, self.RANK_WINDOW])
            ids = [r[0] for r in cursor.fetchall()]
        if len(self._walks) > 200:
            self._walks.clear()
        if generation is not None:
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

    def search(
        self, query, filters=None, *, order=RELEVANCE, offset=0, limit=20, filtered=True, generation=None
    ):
        page = {
            "order": order,
            "offset": offset,
            "limit": limit,
            "filtered": filtered,
            "generation": generation,
        }
        if not query or filters is None or order == NEWEST:
            return super().search(query, filters, **page)
        plan, _, _ = self._plan(query, filters, filtered, generation)
        if plan != "narrow":
            return super().search(query, filters, **page)
        walk, params = self._narrow_walk(query, filters)
        rows: list = []
        with connection.cursor() as cursor:
            if offset < self.RANK_WINDOW:
                ids = self._walk_ids(walk, params, generation)
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

    def count(self, query, filters=None, *, cap=COUNT_CAP, filtered=True, generation=None):
        if query and filters is not None and self._plan(query, filters, filtered, generation)[0] == "narrow":
            walk, params = self._narrow_walk(query, filters)
            cap = min(cap, self.DENSE_COUNT_CAP)
            if cap <= self.RANK_WINDOW:
                n = min(len(self._walk_ids(walk, params, generation)), cap)  # the page then reuses the walk
            else:
                with connection.cursor() as cursor:
                    cursor.execute(f"SELECT count(*) FROM ({walk} LIMIT %s) AS hits", [*params, cap])
                    n = cursor.fetchone()[0]
            return n, n >= cap
        if query:
            filters_or_all = _all_articles() if filters is None else filters
            plan, cond, cparams = self._plan(query, filters_or_all, filtered, generation)
            walk = self._candidate_walk(query, cond, cparams) if plan == "dense" else None
            if walk is not None:
                cap = min(cap, self.DENSE_COUNT_CAP)
                with connection.cursor() as cursor:
                    cursor.execute(f"SELECT count(*) FROM ({walk[0]} LIMIT %s) AS hits", [*walk[1], cap])
                    n = cursor.fetchone()[0]
                return n, n >= cap
        return super().count(query, filters, cap=cap, filtered=filtered, generation=generation)

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
