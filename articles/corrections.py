"""Correction notices (更正) as readers see them: only published corrections of published
articles, a fixed number of queries per page. Shared by the article page, its JSON-LD, the feeds,
the export/API and /corrections/."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from .models import Article, Correction

# What a linked article needs for its URL and title; its long texts are never read here.
_LINKED = ("article__issue", "article__page", "notice__issue", "notice__page")
_DEFERRED = ("article__body", "article__source_text", "notice__body", "notice__source_text")


def published_corrections() -> QuerySet:
    return Correction.objects.published().select_related(*_LINKED).defer(*_DEFERRED)


def corrections_prefetch(lookup: str = "corrections", *, published_only: bool = True) -> Prefetch:
    """Corrections of each article, oldest first (as they were printed); one query."""
    queryset = published_corrections() if published_only else Correction.objects.select_related(*_LINKED)
    return Prefetch(lookup, queryset=queryset.order_by("corrected_on", "id"))


def visible_notice(correction: Correction) -> Article | None:
    """The printed 更正 article, when readers may see it (its issue is loaded by select_related)."""
    notice = correction.notice
    return notice if notice is not None and notice.is_visible() else None


def correction_text(correction: Correction) -> str:
    """One sentence, as a newspaper prints it: 原文“…”有误，应为“…”。(plus the note)"""
    text = _("原文“%(wrong)s”有误，应为“%(right)s”。") % {
        "wrong": correction.wrong_text.strip(),
        "right": correction.right_text.strip(),
    }
    if correction.note.strip():
        text += correction.note.strip()
    return text


@dataclass
class ArticleCorrections:
    """For one article page: its own corrections, and the articles it corrects if it is a 更正."""

    own: list[Correction] = field(default_factory=list)
    announced: list[Correction] = field(default_factory=list)


def for_article(article: Article) -> ArticleCorrections:
    """Both directions in one query."""
    rows = (
        published_corrections().filter(Q(article=article) | Q(notice=article)).order_by("corrected_on", "id")
    )
    result = ArticleCorrections()
    for correction in rows:
        if correction.article_id == article.pk:
            result.own.append(correction)
        if correction.notice_id == article.pk:
            result.announced.append(correction)
    return result


def json_ld(corrections: list[Correction], *, site: str) -> list[dict]:
    """schema.org `correction` values: CorrectionComment with its date and text."""
    items = []
    for correction in corrections:
        item = {
            "@type": "CorrectionComment",
            "text": correction_text(correction),
            "datePublished": correction.corrected_on.isoformat(),
        }
        notice = visible_notice(correction)
        if notice is not None:
            notice.page.issue = notice.issue
            item["url"] = site + notice.get_absolute_url()
        items.append(item)
    return items
