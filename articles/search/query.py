"""The reader's query language: words, "quoted phrases", -exclusions; Chinese, Latin and digits mixed.

Every term is matched as a phrase (its characters in order); all terms must match; an excluded term
must not. Nothing here knows about a database."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .tokens import QueryTokens, normalize, query_tokens

# Chinese and typographic quotes count as quotes; NFKC has already made full-width "－" a "-".
_QUOTES = str.maketrans({"“": '"', "”": '"', "「": '"', "」": '"', "『": '"', "』": '"', "＂": '"'})
_TERM_RE = re.compile(r'(?P<neg>-)?(?:"(?P<phrase>[^"]*)"?|(?P<word>[^\s"]+))')
MAX_TERMS = 12
MAX_LENGTH = 200  # characters of a query that are read


@dataclass(frozen=True)
class Term:
    text: str  # as typed (normalised), for highlighting and display
    tokens: QueryTokens
    phrase: bool = False  # typed in quotes


@dataclass(frozen=True)
class ParsedQuery:
    raw: str
    terms: tuple[Term, ...] = field(default_factory=tuple)
    exclusions: tuple[Term, ...] = field(default_factory=tuple)

    def __bool__(self) -> bool:
        """A query can run only if something must match (the index cannot list "everything but")."""
        return bool(self.terms)


def parse_query(raw: str | None) -> ParsedQuery:
    raw = (raw or "").strip()[:MAX_LENGTH]
    text = normalize(raw).translate(_QUOTES)
    terms: list[Term] = []
    exclusions: list[Term] = []
    seen: set[tuple[bool, tuple[str, ...], bool]] = set()
    for m in _TERM_RE.finditer(text):
        value = m.group("phrase") if m.group("phrase") is not None else m.group("word")
        if value is None:
            continue
        tokens = query_tokens(value)
        if not tokens.tokens:
            continue
        negative = bool(m.group("neg"))
        key = (negative, tokens.tokens, tokens.prefix)
        if key in seen:
            continue
        seen.add(key)
        term = Term(text=value.strip(), tokens=tokens, phrase=m.group("phrase") is not None)
        (exclusions if negative else terms).append(term)
    return ParsedQuery(raw=raw, terms=tuple(terms[:MAX_TERMS]), exclusions=tuple(exclusions[:MAX_TERMS]))
