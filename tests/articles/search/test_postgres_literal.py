"""PostgreSQL's tsvector literal is written one token at a time and left to the server to merge:
it must give the very tsvector that listing each lexeme once with its positions gives."""

import pytest
from django.db import connection
from hypothesis import given, settings
from hypothesis import strategies as st

from articles.search import SearchDocument, get_backend
from articles.search.backends.postgres import MAX_LEXEME_POSITIONS, MAX_POSITION, tsvector_literal
from articles.search.tokens import index_tokens
from tests.factories import make_article, make_issue, make_page

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's tsvector")


def reference_literal(headline: list[str], body: list[str]) -> str:
    """Each lexeme once, quoted, its positions listed in order (the definition)."""
    positions: dict[str, list[str]] = {}
    for pos, tok in enumerate(headline, start=1):
        positions.setdefault(tok, []).append(f"{min(pos, MAX_POSITION)}A")
    for pos, tok in enumerate(body, start=len(headline) + 3):
        positions.setdefault(tok, []).append(str(min(pos, MAX_POSITION)))
    return " ".join(f"'{tok}':{','.join(pos[:MAX_LEXEME_POSITIONS])}" for tok, pos in positions.items())


def same_tsvector(a: str, b: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::tsvector = %s::tsvector", [a, b])
        return cursor.fetchone()[0]


TEXT = st.text(alphabet=st.sampled_from(list("工会主席职工浙江 ，。a1Ｂ２ｘ_-\n𠀀ÄéﬁX①") + ["\u0301"]))


@pytest.mark.django_db
@settings(max_examples=150, deadline=None)
@given(headline=TEXT | st.text(), body=TEXT | st.text())
def test_literal_equals_the_per_lexeme_definition(headline, body):
    head = sum(index_tokens(headline), [])
    tokens = sum(index_tokens(body), [])
    assert same_tsvector(tsvector_literal(head, tokens), reference_literal(head, tokens))
    assert same_tsvector(tsvector_literal(head, []), reference_literal(head, []))


@pytest.mark.django_db
def test_long_documents_clamp_positions_and_repeats_as_the_definition():
    body = ["工会", "职工", "会主"] * 6000  # past position 16383, and past 256 positions a lexeme
    head = ["主席"] * 300
    assert same_tsvector(tsvector_literal(head, body), reference_literal(head, body))


@pytest.mark.django_db
def test_exclusive_indexing_replaces_rows_like_the_upsert():
    page = make_page(issue=make_issue(date="2023-05-01"), number=1)
    article = make_article(page=page, headline="劳模风采", paragraphs=["宁波市总工会"])
    backend = get_backend()
    documents = [SearchDocument(id=article.pk, headline="新的标题", body="杭州市总工会 2022年")]

    def stored():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT headline::text, document::text FROM article_search WHERE article_id = %s",
                [article.pk],
            )
            return cursor.fetchall()

    backend.index(documents)
    upserted = stored()
    backend.index([SearchDocument(id=article.pk, headline="旧", body="旧")], exclusive=True)
    backend.index(documents, exclusive=True)
    assert stored() == upserted and len(upserted) == 1
    assert "'杭州':" in upserted[0][1] and "'2022年':" in upserted[0][1]
