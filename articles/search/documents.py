"""What of an article goes into the index: its titles in one field, everything else a reader might
look for (dateline, bylines, body, photo captions and credits) in the other."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .highlight import html_to_text


@dataclass(frozen=True)
class SearchDocument:
    id: int
    headline: str
    body: str


def title_text(article) -> str:
    return "\n".join(part for part in (article.kicker, article.headline, article.subheadline) if part)


def body_text(article) -> str:
    """Needs article.credits (with byline) and article.photos prefetched."""
    parts = [article.dateline]
    parts += [f"{credit.role}{credit.byline.name}" for credit in article.credits.all()]
    parts.append(html_to_text(article.body))
    for photo in article.photos.all():
        parts += [photo.caption, photo.credit_text]
    return "\n".join(part for part in parts if part)


def build_documents(articles: Iterable) -> list[SearchDocument]:
    return [SearchDocument(id=a.pk, headline=title_text(a), body=body_text(a)) for a in articles]
