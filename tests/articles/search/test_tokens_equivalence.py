"""The fast paths in tokens.py must be exact: the index and the queries are tokenised by them."""

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from articles.search.documents import make_document
from articles.search.tokens import (
    MAX_WORD,
    TOKEN_RE,
    Tokens,
    boundary_tokens,
    document_tokens,
    index_tokens,
    normalize,
    segments,
)

NEWS_ALPHABET = st.sampled_from(
    list("工会主席职工浙江 ，。、…‥a1Ｂ２ｘ_-—《》\n\u3000𠀀\uf900ÄéﬁX①") + ["\u0301"]
)
TEXT = st.text(alphabet=NEWS_ALPHABET) | st.text()


def reference_tokens(text: str) -> list[str]:
    out = []
    for kind, run in segments(text):
        if kind == "cjk":
            out.extend(run[i : i + 2] for i in range(len(run) - 1))
            out.append(run[-1])
        else:
            out.append(run[:MAX_WORD])
    return out


@settings(max_examples=800, deadline=None)
@given(TEXT)
def test_normalize_is_nfkc_then_lower(text):
    assert normalize(text) == unicodedata.normalize("NFKC", text).lower()


@settings(max_examples=800, deadline=None)
@given(TEXT)
def test_document_tokens_match_the_run_definition(text):
    assert document_tokens(text) == reference_tokens(text)


def test_bigrams_and_trailing_character():
    assert document_tokens("工会主席，ＣＮ３３") == ["工会", "会主", "主席", "席", "cn33"]


def reference_boundary_tokens(text: str) -> list[str]:
    out = []
    prev = None
    for m in TOKEN_RE.finditer(normalize(text)):
        if prev is not None and prev.end() == m.start() and prev.lastgroup != m.lastgroup:
            left = prev.group()[-1] if prev.lastgroup == "cjk" else prev.group()[:MAX_WORD]
            right = m.group()[0] if m.lastgroup == "cjk" else m.group()[:MAX_WORD]
            out.append(left + right)
        prev = m
    return out


@settings(max_examples=800, deadline=None)
@given(TEXT)
def test_boundary_tokens_match_the_adjacent_runs_definition(text):
    assert boundary_tokens(text) == reference_boundary_tokens(text)
    assert index_tokens(text) == (document_tokens(text), boundary_tokens(text))


def test_boundaries_in_order():
    assert boundary_tokens("第3版，2022年3月27日电") == ["第3", "3版", "2022年", "年3", "3月", "月27", "27日"]


@settings(max_examples=400, deadline=None)
@given(
    dateline=TEXT,
    credits=st.lists(st.tuples(TEXT, TEXT), max_size=3),
    text=TEXT,
    photos=st.lists(st.tuples(TEXT, TEXT), max_size=3),
)
def test_tokens_made_ahead_for_the_text_equal_the_whole_body_tokenised(dateline, credits, text, photos):
    """The importer tokenises article text in its parser processes and the rest of the body when
    it writes: joined, they must be the tokens of the whole body."""
    fields = dict(
        kicker="", headline="标题", subheadline="", dateline=dateline, credits=credits, photos=photos
    )
    ahead = make_document(1, text=text, text_tokens=Tokens.of(text), **fields)
    plain = make_document(1, text=text, **fields)
    assert plain.body_tokens is None and ahead.body == plain.body
    assert ahead.body_index_tokens() == Tokens.of(plain.body)
    assert ahead.body_index_tokens().all() == sum(index_tokens(plain.body), [])
