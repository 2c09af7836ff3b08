"""Article body HTML, all of it: made from the importer's paragraphs, sanitised on save, rendered
for readers, read back as paragraphs (export, structure, diffs) and as plain text (search, feeds,
snippets), against ONE allow-list: exactly what the newsroom CKEditor 5 toolbar can produce.

Anything else (script, style, iframe, svg, event handlers, javascript:/data: URLs …) is removed, so
nothing pasted into the editor or imported from a file can run script on the reader site. The
reader stylesheet (static/css/reader.css) has a rule for every tag and class allowed here
(tests/articles/test_body_html.py checks it)."""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Iterable
from html.parser import HTMLParser

import nh3
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p",
    "br",
    "h3",
    "h4",
    "strong",
    "em",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "figure",
    "figcaption",
    "img",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}

ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}

# CKEditor 5 marks images and tables with these classes; the reader stylesheet styles them.
ALLOWED_CLASSES = {
    "figure": {"image", "table", "image-style-align-left", "image-style-side", "image_resized"},
}

URL_SCHEMES = {"http", "https", "mailto"}

# Removed together with their content (not just unwrapped): their text is never article text.
DROP_WITH_CONTENT = {
    "script",
    "style",
    "iframe",
    "object",
    "embed",
    "svg",
    "math",
    "noscript",
    "template",
    "title",
}


def body_from_paragraphs(paragraphs: Iterable[str]) -> str:
    """The body the importer (and the page structure editor) writes: one <p> per paragraph, escaped."""
    return "".join(f"<p>{escape(p)}</p>" for p in paragraphs)


def sanitize_html(html: str | None) -> str:
    """Clean article body HTML against the toolbar allow-list; links get rel="noopener noreferrer"."""
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags=DROP_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


def render_body(html: str | None, *, lead: SafeString | None = None) -> SafeString:
    """The body as readers see it: cleaned again against the same allow-list (a second line of
    defence for rows written without the save hook, such as bulk imports). `lead` (the dateline
    and bylines, already safe HTML) opens the first paragraph, as the paper prints it, or stands
    in a paragraph of its own when the body does not open with one."""
    body = sanitize_html(html)
    if lead:
        if body.startswith("<p>"):
            body = f"<p>{lead}　{body[3:]}"
        else:
            body = f'<p class="dateline-line">{lead}</p>{body}'
    return mark_safe(body)  # noqa: S308 - cleaned by nh3 against the allow-list above; lead is safe


# ---------------------------------------------------------------- back to paragraphs
PARAGRAPH_TAGS = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre",
    "figcaption", "td", "th", "div", "dt", "dd", "caption",
}  # fmt: skip


class _Paragraphs(HTMLParser):
    """Body HTML to plain paragraphs: one string per block, entities unescaped."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.buffer: list[str] = []

    def flush(self):
        text = "".join(self.buffer).strip()
        self.buffer = []
        if text:
            self.paragraphs.append(text)

    def handle_starttag(self, tag, attrs):
        if tag in PARAGRAPH_TAGS:
            self.flush()
        elif tag == "br":
            self.buffer.append("\n")

    def handle_endtag(self, tag):
        if tag in PARAGRAPH_TAGS:
            self.flush()

    def handle_data(self, data):
        self.buffer.append(data)


def paragraphs_from_html(html: str | None) -> list[str]:
    """One plain string per block (export, excerpts, feeds, the desk's text diffs)."""
    parser = _Paragraphs()
    parser.feed(html or "")
    parser.close()
    parser.flush()
    return parser.paragraphs


# ---------------------------------------------------------------- plain text for the search index
_BLOCK_TAG_RE = re.compile(
    r"</?(?:p|div|h[1-6]|li|ul|ol|blockquote|table|tr|td|th|br|figure|figcaption)\b[^>]*>", re.I
)
_TAG_RE = re.compile(r"<[^>]*>")
_SPACE_RE = re.compile(r"[ \t\r\f\v]+")


def html_to_text(html: str | None) -> str:
    """Plain text of a body, one line per block: block tags become line breaks, inline tags vanish
    (so <b>工</b>会 stays 工会). What the search index and the snippets read."""
    text = _BLOCK_TAG_RE.sub("\n", html or "")
    text = html_lib.unescape(_TAG_RE.sub("", text))
    lines = (_SPACE_RE.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)
