"""Article HTML allow-list: exactly what the newsroom CKEditor 5 toolbar can produce.

Anything else (script, style, iframe, svg, event handlers, javascript:/data: URLs …) is removed, so
nothing pasted into the editor or imported from a file can run script on the reader site."""

from __future__ import annotations

import nh3

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
