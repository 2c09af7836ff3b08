"""The OCR parser: text in, dataclasses out. Pure Python, no Django, so it can be fuzzed alone."""

from .parser import PARSER_VERSION, parse_bytes, parse_text
from .text import decode, is_closed
from .types import Credit, ParsedArticle, ParsedIssue, ParsedPage, ParsedPhoto, ParseError, ParseWarning

__all__ = [
    "PARSER_VERSION",
    "Credit",
    "ParseError",
    "ParseWarning",
    "ParsedArticle",
    "ParsedIssue",
    "ParsedPage",
    "ParsedPhoto",
    "decode",
    "is_closed",
    "parse_bytes",
    "parse_text",
]
