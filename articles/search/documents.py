"""What of an article goes into the index: its titles in one field, everything else a reader might
look for (dateline, bylines, body, photo captions and credits) in the other."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from articles.body_html import html_to_text

from .tokens import Tokens


@dataclass(frozen=True)
class SearchDocument:
    """body_tokens, when given, are Tokens.of(body) made ahead (the importer tokenises article
    text in its parser processes); otherwise the backend tokenises body."""

    id: int
    headline: str
    body: str
    body_tokens: Tokens | None = None

    def headline_index_tokens(self) -> Tokens:
        return Tokens.of(self.headline)

    def body_index_tokens(self) -> Tokens:
        return self.body_tokens if self.body_tokens is not None else Tokens.of(self.body)


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
    text_tokens: Tokens | None = None,
) -> SearchDocument:
    """The one definition of a document. credits are (role, name); text is the body as plain
    text; photos are (caption, credit text); text_tokens, if given, are Tokens.of(text)."""
    title = "\n".join(part for part in (kicker, headline, subheadline) if part)
    before = [dateline, *(f"{role}{name}" for role, name in credits)]
    after = [part for caption, credit_text in photos for part in (caption, credit_text)]
    body = "\n".join(part for part in [*before, text, *after] if part)
    body_tokens = None
    if text_tokens is not None:
        body_tokens = Tokens.concat(
            [*(Tokens.of(p) for p in before if p), text_tokens, *(Tokens.of(p) for p in after if p)]
        )
    return SearchDocument(id=article_id, headline=title, body=body, body_tokens=body_tokens)


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
