"""The OCR parser: text in, dataclasses out. Pure Python, no Django, so it can be fuzzed alone."""

from .types import Credit, ParsedArticle, ParsedIssue, ParsedPage, ParsedPhoto, ParseError, ParseWarning

__all__ = [
    "Credit",
    "ParseError",
    "ParseWarning",
    "ParsedArticle",
    "ParsedIssue",
    "ParsedPage",
    "ParsedPhoto",
]
