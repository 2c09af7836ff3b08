"""Chinese-aware tokens for the search index, made in Python because the databases' own
tokenisers see a run of Chinese characters as one word.

A run of CJK characters becomes its overlapping bigrams followed by its last character on its own
(工会主席 → 工会 会主 主席 席); a run of Latin letters or digits is one lower-cased word. Every
character of a run is therefore the first character of exactly one token, so a one-character query
is a prefix query, and a phrase is a chain of tokens at consecutive positions."""

from __future__ import annotations

import operator
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

CJK_RANGES = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
TOKEN_RE = re.compile(rf"(?P<cjk>[{CJK_RANGES}]+)|(?P<word>[^\W_{CJK_RANGES}]+)")
MAX_WORD = 64


# What NFKC does to the characters Chinese news text is full of (full-width ASCII, the ideographic
# space, ellipses), as a translate table: after it most texts are already NFKC-normal, and checking
# that is several times cheaper than normalising.
_COMMON_NFKC = {
    c: unicodedata.normalize("NFKC", chr(c)) for c in [*range(0xFF01, 0xFF5F), 0x3000, 0x2025, 0x2026]
}


def normalize(text: str) -> str:
    """Full-width letters and digits become half-width, Latin letters lower case (ＣＮ３３ → cn33):
    NFKC then lower case, exactly."""
    text = text.translate(_COMMON_NFKC)
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return text.lower()


def segments(text: str) -> list[tuple[str, str]]:
    """(kind, run) pairs of the normalised text: kind is "cjk" or "word"."""
    return [
        (m.lastgroup, m.group()[:MAX_WORD] if m.lastgroup == "word" else m.group())
        for m in TOKEN_RE.finditer(normalize(text))
    ]


def document_tokens(text: str, *, normalized: bool = False) -> list[str]:
    """The token stream the index stores for a piece of text, in order. (Most of the importer's
    indexing time: hence map() over the run for the bigrams rather than a comprehension.)"""
    out: list[str] = []
    extend, append = out.extend, out.append
    for m in TOKEN_RE.finditer(text if normalized else normalize(text)):
        run = m.group()
        if m.lastgroup == "cjk":
            extend(map(operator.add, run, run[1:]))
            append(run[-1])
        else:
            append(run[:MAX_WORD])
    return out


_WORD_RE = re.compile(rf"[^\W_{CJK_RANGES}]+")
_CJK_AT = re.compile(rf"[{CJK_RANGES}]").match


def boundary_tokens(text: str, *, normalized: bool = False) -> list[str]:
    """Where a Latin/digit word touches a Chinese character with nothing between (2022年, 第3版),
    one more token joins them: 2022年, 第3, 3版. An index without positions (PostgreSQL's, see
    backends.py) matches mixed terms precisely with them, as the bigrams do for Chinese.

    Found from the words' sides (words are far fewer than Chinese runs), in text order."""
    if not normalized:
        text = normalize(text)
    out: list[str] = []
    for m in _WORD_RE.finditer(text):
        start, end = m.span()
        if start and _CJK_AT(text, start - 1):
            out.append(text[start - 1] + m.group()[:MAX_WORD])
        if _CJK_AT(text, end):
            out.append(m.group()[:MAX_WORD] + text[end])
    return out


def index_tokens(text: str) -> tuple[list[str], list[str]]:
    """document_tokens and boundary_tokens of a text, normalised once."""
    text = normalize(text)
    return document_tokens(text, normalized=True), boundary_tokens(text, normalized=True)


@dataclass(frozen=True)
class Tokens:
    """index_tokens of a text as two space-separated strings (tokens never hold a space): one
    object to pickle between processes and cheap to join. Tokens of texts joined by newlines are
    the tokens of each text, joined (no token or mixed-script join spans a newline)."""

    words: str = ""
    joins: str = ""

    @classmethod
    def of(cls, text: str, *, joins: bool = True) -> Tokens:
        """joins=False leaves out the mixed-script joins, for a backend that does not index them."""
        if not joins:
            return cls(" ".join(document_tokens(text)))
        words, joined = index_tokens(text)
        return cls(" ".join(words), " ".join(joined))

    @classmethod
    def concat(cls, parts: Iterable[Tokens]) -> Tokens:
        parts = list(parts)
        return cls(" ".join(p.words for p in parts if p.words), " ".join(p.joins for p in parts if p.joins))

    def all(self) -> list[str]:
        """Words then joins, as one list (PostgreSQL's index keeps both)."""
        return f"{self.words} {self.joins}".split()


def term_lexemes(text: str) -> tuple[list[str], list[str]]:
    """(exact, prefix) lexemes that all occur in any text containing `text`, for an index without
    positions: the bigrams and words of the term, the joins of its mixed-script boundaries, and a
    lone Chinese character not joined to a word as a prefix (it begins a bigram or ends a run)."""
    exact: list[str] = []
    prefix: list[str] = []
    segs = [(m.lastgroup, m.group(), m.start(), m.end()) for m in TOKEN_RE.finditer(normalize(text))]
    for i, (kind, run, start, end) in enumerate(segs):
        if kind == "word":
            exact.append(run[:MAX_WORD])
            continue
        exact.extend(run[j : j + 2] for j in range(len(run) - 1))
        if len(run) == 1:
            joined_left = i > 0 and segs[i - 1][3] == start
            joined_right = i + 1 < len(segs) and segs[i + 1][2] == end
            if not (joined_left or joined_right):
                prefix.append(run)
    exact.extend(boundary_tokens(text))
    return list(dict.fromkeys(exact)), list(dict.fromkeys(prefix))


@dataclass(frozen=True)
class QueryTokens:
    """The tokens a query term must match at consecutive positions; `prefix` marks the last one as a
    prefix (a lone Chinese character at the end also matches the bigrams it starts)."""

    tokens: tuple[str, ...]
    prefix: bool = False


def query_tokens(text: str) -> QueryTokens:
    """Tokens of one query term, consistent with document_tokens: a CJK run that is followed by more
    of the term keeps its trailing single character (the document's run ends there too); the last
    run drops it, or, if it is one character long, matches it as a prefix."""
    segs = segments(text)
    out: list[str] = []
    prefix = False
    for i, (kind, run) in enumerate(segs):
        last = i == len(segs) - 1
        if kind == "cjk":
            out.extend(run[j : j + 2] for j in range(len(run) - 1))
            if len(run) == 1 or not last:
                out.append(run[-1])
            prefix = last and len(run) == 1
        else:
            out.append(run)
            prefix = False
    return QueryTokens(tuple(out), prefix)
