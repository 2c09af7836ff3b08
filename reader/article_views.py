"""Reader views for articles and bylines.

`render_article` is the one way an article is rendered, so the editors' desk preview of a draft
looks exactly like the reader page (and is never cached)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from articles import corrections as article_corrections
from articles.body_html import paragraphs_from_html, render_body
from articles.models import Article, ArticleCredit, Byline, PhotoCredit
from reader import pageview, selectors
from reader.caching import reader_cache

BYLINE_PAGE_SIZE = 20


def _reading_key(row: dict) -> tuple:
    return (row["page__number"], row["order"], row["pk"])


def _neighbours(article: Article) -> tuple[dict | None, dict | None]:
    """Previous and next published article of the same issue, in reading order (one query)."""
    rows = list(
        Article.objects.published()
        .filter(issue_id=article.issue_id)
        .exclude(pk=article.pk)
        .values("pk", "kicker", "headline", "subheadline", "page__number", "order")
    )
    here = (article.page.number, article.order, article.pk)
    earlier = [row for row in rows if _reading_key(row) < here]
    later = [row for row in rows if _reading_key(row) > here]
    previous = max(earlier, key=_reading_key) if earlier else None
    following = min(later, key=_reading_key) if later else None
    date = article.issue.date
    for row in (previous, following):
        if row is not None:
            row["title"] = row["headline"] or row["kicker"] or row["subheadline"] or _("（无标题）")
            row["url"] = _article_path(date, row["page__number"], row["pk"])
    return previous, following


def _article_path(date: datetime.date, page_number: int, pk: int) -> str:
    return reverse(
        "article",
        kwargs={"year": date.year, "month": date.month, "day": date.day, "page": page_number, "pk": pk},
    )


def _published_datetime(article: Article) -> datetime.datetime:
    """Readers' publication time: the scheduled time if any, else the morning of the issue date."""
    if article.publish_at:
        return article.publish_at
    return datetime.datetime.combine(
        article.issue.date, datetime.time(6, 0), tzinfo=timezone.get_current_timezone()
    )


def article_json_ld(article: Article, *, canonical: str, description: str, corrections=()) -> dict:
    """schema.org NewsArticle; rendered with an escaping filter, never with |safe."""
    site = settings.NEWSROOM_SITE_URL.rstrip("/")
    authors = [
        {"@type": "Person", "name": credit.byline.name, "url": site + credit.byline.get_absolute_url()}
        for credit in article.credits.all()
    ]
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title[:110],
        "description": description,
        "datePublished": _published_datetime(article).isoformat(),
        "dateModified": article.updated_at.isoformat() if article.updated_at else None,
        "inLanguage": "zh-Hans",
        "mainEntityOfPage": canonical,
        "url": canonical,
        "articleSection": article.page.name or _("第%(number)s版") % {"number": article.page.number},
        "author": authors,
        "publisher": {"@type": "Organization", "name": article.issue.publication},
        "isPartOf": {
            "@type": "PublicationIssue",
            "issueNumber": str(article.issue.number or ""),
            "datePublished": article.issue.date.isoformat(),
        },
    }
    images = [site + photo.image.url for photo in article.photos.all() if photo.image]
    if images:
        data["image"] = images
    if corrections:
        data["correction"] = article_corrections.json_ld(corrections, site=site)
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def _body_with_dateline(article: Article, credits: list) -> str:
    """Dateline and bylines in bold at the start of the first paragraph, as the paper prints them."""
    if not (article.dateline or credits):
        return render_body(article.body)
    dateline = render_to_string("articles/_dateline.html", {"article": article, "credits": credits}).strip()
    return render_body(article.body, lead=mark_safe(dateline))  # noqa: S308 - rendered by a template


def render_article(request, article: Article, *, preview: bool = False):
    """The article page. `article` needs issue and page loaded (select_related); 5 more queries.

    With preview=True (the desk's draft preview) the page says so, is marked noindex and is
    never cached."""
    article.page.issue = article.issue  # same object: the page's URL costs no query
    prefetch_related_objects(
        [article],
        selectors.credits_prefetch(),
        selectors.photos_prefetch(),
        selectors.photo_credits_prefetch(),
    )
    paragraphs = paragraphs_from_html(article.body)
    description = "".join(paragraphs)[:120]
    canonical = settings.NEWSROOM_SITE_URL.rstrip("/") + article.get_absolute_url()
    previous, following = _neighbours(article)
    credits = list(article.credits.all())
    corrections = article_corrections.for_article(article)
    context = {
        "article": article,
        "issue": article.issue,
        "page": article.page,
        "credits": credits,
        "body_html": _body_with_dateline(article, credits),
        "photos": list(article.photos.all()),
        "previous_article": previous,
        "next_article": following,
        "description": description,
        "canonical": canonical,
        "json_ld": article_json_ld(
            article, canonical=canonical, description=description, corrections=corrections.own
        ),
        "corrections": corrections.own,
        "corrected_by_this": corrections.announced,
        "preview": preview,
        "region_crops": pageview.article_region_crops(article),
    }
    response = render(request, "articles/article_detail.html", context)
    if preview:
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@reader_cache
def article_detail(request, year, month, day, page, pk):
    article = Article.objects.published().select_related("issue", "page").filter(pk=pk).first()
    if article is None:
        raise Http404(_("没有这篇文章"))
    date = article.issue.date
    if (date.year, date.month, date.day, article.page.number) != (year, month, day, page):
        return redirect(article.get_absolute_url(), permanent=True)
    return render_article(request, article)


@reader_cache
def byline_detail(request, pk):
    """Everything credited to a person, newest first, with the role as printed on each credit."""
    byline = get_object_or_404(Byline, pk=pk)
    paginator = Paginator(selectors.byline_work(byline.pk), BYLINE_PAGE_SIZE)
    if paginator.count == 0:
        raise Http404(_("没有此人署名的已发布内容"))
    try:
        page_obj = paginator.page(request.GET.get("page", 1))
    except (EmptyPage, PageNotAnInteger) as exc:
        raise Http404(_("没有这一页")) from exc
    articles = list(page_obj.object_list)
    ids = [article.pk for article in articles]
    roles: dict[int, list[dict]] = {pk: [] for pk in ids}
    for credit in ArticleCredit.objects.filter(byline=byline, article_id__in=ids).order_by("order"):
        roles[credit.article_id].append({"role": credit.role, "photo": False})
    photo_credits = PhotoCredit.objects.filter(byline=byline, photo__article_id__in=ids).values(
        "role", "photo__article_id"
    )
    for credit in photo_credits.order_by("photo__order", "order"):
        roles[credit["photo__article_id"]].append({"role": credit["role"], "photo": True})
    for article in articles:
        article.byline_roles = roles[article.pk]
        article.page.issue = article.issue  # the page's URL needs the date: no query per row
    context = {"byline": byline, "page_obj": page_obj, "articles": articles, "paginator": paginator}
    return render(request, "articles/byline_detail.html", context)


CORRECTIONS_PAGE_SIZE = 20


@reader_cache
def corrections_list(request):
    """Every published correction of a published article, newest first (2 queries a page)."""
    paginator = Paginator(
        article_corrections.published_corrections().order_by("-corrected_on", "-id"), CORRECTIONS_PAGE_SIZE
    )
    try:
        page_obj = paginator.page(request.GET.get("page", 1))
    except (EmptyPage, PageNotAnInteger) as exc:
        raise Http404(_("没有这一页")) from exc
    corrections = list(page_obj.object_list)
    for correction in corrections:
        correction.visible_notice = article_corrections.visible_notice(correction)
    context = {"page_obj": page_obj, "paginator": paginator, "corrections": corrections}
    return render(request, "articles/corrections.html", context)
