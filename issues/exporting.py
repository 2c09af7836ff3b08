"""The archive's exchange format: one JSON object per issue.

The single source of the format: `export_issues` prints it and the reader site's JSON API serves
it. A constant number of queries for any number of issues (everything is prefetched, in order)."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from articles.body_html import paragraphs_from_html
from articles.corrections import corrections_prefetch, visible_notice
from articles.models import Article, ArticleCredit, Correction, Photo, PhotoCredit
from issues.models import ImportWarning, Issue, Page


def issues_for_export(queryset: QuerySet, *, published_only: bool = False) -> QuerySet:
    """The queryset with everything the export reads prefetched in order (8 queries in all)."""
    articles = Article.objects.order_by("order", "id")
    warnings = ImportWarning.objects.order_by("line", "id")
    if published_only:
        articles = Article.objects.published().order_by("order", "id")
        # A warning about an article quotes its text (headline, lines): readers see only those
        # about the issue itself or about an article they may read, never a draft's or a
        # scheduled one's (issue 14).
        warnings = warnings.filter(Q(article__isnull=True) | Q(article__in=Article.objects.published()))
    return queryset.order_by("date").prefetch_related(
        Prefetch("warnings", queryset=warnings),
        Prefetch("pages", queryset=Page.objects.order_by("number")),
        Prefetch("pages__articles", queryset=articles),
        Prefetch(
            "pages__articles__credits",
            queryset=ArticleCredit.objects.select_related("byline").order_by("order"),
        ),
        Prefetch("pages__articles__photos", queryset=Photo.objects.order_by("order", "id")),
        Prefetch(
            "pages__articles__photos__credits",
            queryset=PhotoCredit.objects.select_related("byline").order_by("order"),
        ),
        corrections_prefetch("pages__articles__corrections", published_only=published_only),
    )


def _credits(credits) -> list[dict]:
    return [{"name": credit.byline.name, "role": credit.role} for credit in credits]


def export_article(article: Article) -> dict:
    return {
        "id": article.pk,
        "url": article.get_absolute_url(),
        "kicker": article.kicker,
        "headline": article.headline,
        "subheadline": article.subheadline,
        "dateline": article.dateline,
        "bylines": _credits(article.credits.all()),
        "paragraphs": paragraphs_from_html(article.body),
        "photos": [
            {
                "caption": photo.caption,
                "credits": _credits(photo.credits.all()),
                "image": photo.image.url if photo.image else None,
            }
            for photo in article.photos.all()
        ],
        "corrections": [_correction(correction) for correction in article.corrections.all()],
    }


def _correction(correction: Correction) -> dict:
    """Added to the format in 2026-12 (readers of older exports simply find no key)."""
    notice = visible_notice(correction)
    return {
        "date": correction.corrected_on.isoformat(),
        "wrong": correction.wrong_text,
        "right": correction.right_text,
        "note": correction.note,
        "notice_url": notice.get_absolute_url() if notice is not None else None,
    }


def export_issue(issue: Issue) -> dict:
    """One issue as a dict. Pass an issue from `issues_for_export` to avoid per-row queries."""
    pages = []
    for page in issue.pages.all():
        articles = []
        for article in page.articles.all():
            article.issue = issue  # the URL needs the date: no query per article
            article.page = page
            articles.append(export_article(article))
        pages.append({"number": page.number, "name": page.name, "articles": articles})
    return {
        "date": issue.date.isoformat(),
        "weekday": issue.weekday,
        "lunar_date": issue.lunar_date,
        "number": issue.number,
        "publication": issue.publication,
        "warnings": [warning.message for warning in issue.warnings.all()],
        "pages": pages,
    }


def export_issues(queryset: QuerySet | None = None, *, published_only: bool = False) -> list[dict]:
    """Issues by date. With published_only, only articles readers may see are included
    (filter the issues themselves with Issue.objects.published())."""
    if queryset is None:
        queryset = Issue.objects.all()
    return [export_issue(issue) for issue in issues_for_export(queryset, published_only=published_only)]
