"""The SQLite backend: an FTS5 table of the tokens made in Python, ranked by bm25."""

from __future__ import annotations

from django.db import connection

from ..query import ParsedQuery, Term
from ..tokens import document_tokens
from .sql import PlannedSQLBackend


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
