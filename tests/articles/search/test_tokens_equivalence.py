"""The fast paths in tokens.py must be exact: the index and the queries are tokenised by them."""

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from articles.search.tokens import (
    MAX_WORD,
    TOKEN_RE,
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
