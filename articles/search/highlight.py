"""Highlighting in Python: the index holds bigrams, not the text, so the marks are placed here, on the
original text, with everything else escaped (XSS-safe by construction)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .query import ParsedQuery
from .tokens import normalize, segments

SNIPPET_CHARS = 110
SNIPPET_LEAD = 24


def _term_pattern(text: str) -> str | None:
    segs = segments(text)
    if not segs:
        return None
    # Between the term's runs any non-token characters may stand (punctuation, spaces).
    return r"[\W_]*".join(re.escape(run) for _, run in segs)


def highlight_pattern(query: ParsedQuery) -> re.Pattern | None:
    patterns = [p for p in (_term_pattern(t.text) for t in query.terms) if p]
    if not patterns:
        return None
    patterns.sort(key=len, reverse=True)
    return re.compile("|".join(f"(?:{p})" for p in patterns))


def _spans(text: str, pattern: re.Pattern | None) -> list[tuple[int, int]]:
    """Matched spans in `text`'s own coordinates (the search runs on the normalised characters)."""
    if pattern is None or not text:
        return []
    flat = normalize(text)
    if len(flat) == len(text):
        origin = range(len(text))  # the usual case: normalising kept every character in place
    else:
        norm: list[str] = []
        origin = []
        for i, ch in enumerate(text):
            n = normalize(ch)
            norm.append(n)
            origin.extend([i] * len(n))
        flat = "".join(norm)
    spans: list[tuple[int, int]] = []
    for m in pattern.finditer(flat):
        if m.end() == m.start():
            continue
        start, end = origin[m.start()], origin[m.end() - 1] + 1
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
        else:
            spans.append((start, end))
    return spans


def _render(text: str, spans: Iterable[tuple[int, int]], start: int = 0, end: int | None = None) -> str:
    end = len(text) if end is None else end
    out: list[str] = []
    pos = start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        out.append(escape(text[pos:s]))
        out.append(f"<mark>{escape(text[s:e])}</mark>")
        pos = e
    out.append(escape(text[pos:end]))
    return "".join(out)


def highlight(text: str, query: ParsedQuery, pattern: re.Pattern | None = None) -> SafeString:
    """The whole text, escaped, with every match of the query's terms in <mark>."""
    pattern = pattern if pattern is not None else highlight_pattern(query)
    return mark_safe(_render(text or "", _spans(text or "", pattern)))  # noqa: S308 - every piece escaped


def snippet(
    text: str, query: ParsedQuery, pattern: re.Pattern | None = None, length: int = SNIPPET_CHARS
) -> SafeString:
    """A window of the text around its first match (or its opening), escaped, matches in <mark>."""
    text = (text or "").replace("\n", " ")
    pattern = pattern if pattern is not None else highlight_pattern(query)
    spans = _spans(text, pattern)
    start = max(0, spans[0][0] - SNIPPET_LEAD) if spans else 0
    end = min(len(text), start + length)
    if end - start < length:
        start = max(0, end - length)
    # Do not cut a match in half at the edges.
    for s, e in spans:
        if s < start < e:
            start = s
        if s < end < e:
            end = e
    body = _render(text, spans, start, end)
    return mark_safe(("…" if start > 0 else "") + body + ("…" if end < len(text) else ""))  # noqa: S308
