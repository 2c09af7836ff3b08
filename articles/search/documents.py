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


def make_document(
    article_id: int,
    *,
    kicker: str,
    headline: str,
    subheadline: str,
    dateline: str,
    credits: Iterable[tuple[str, str]],
    text: str,
    photos: Iterable[tuple[str, str]],
) -> SearchDocument:
    """The one definition of a document. credits are (role, name); text is the body as plain
    text; photos are (caption, credit text)."""
    title = "\n".join(part for part in (kicker, headline, subheadline) if part)
    parts = [dateline, *(f"{role}{name}" for role, name in credits), text]
    for caption, credit_text in photos:
        parts += [caption, credit_text]
    return SearchDocument(id=article_id, headline=title, body="\n".join(part for part in parts if part))


def build_documents(articles: Iterable) -> list[SearchDocument]:
    """Documents of saved articles; needs article.credits (with byline) and article.photos prefetched."""
    return [
        make_document(
            a.pk,
            kicker=a.kicker,
            headline=a.headline,
            subheadline=a.subheadline,
            dateline=a.dateline,
            credits=[(credit.role, credit.byline.name) for credit in a.credits.all()],
            text=html_to_text(a.body),
            photos=[(photo.caption, photo.credit_text) for photo in a.photos.all()],
        )
        for a in articles
    ]


def body_text(article) -> str:
    """The indexed body of one saved article (for snippets); needs credits and photos prefetched."""
    return build_documents([article])[0].body
