"""What reader pages read: published issues and their contents in a fixed number of queries.

Selectors shared by reader/views.py, reader/article_views.py, feeds and sitemaps. Every function here
costs a constant number of queries whatever the number of pages or articles in an issue."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q

from articles.models import Article, ArticleCredit, Photo, PhotoCredit
from issues.models import Issue, Page, published_q


def _attach(issue: Issue, pages: list[Page], articles) -> None:
    """Hand each page its articles and both their issue, from rows already read (no query)."""
    by_page: dict[int, list[Article]] = {page.pk: [] for page in pages}
    page_map = {page.pk: page for page in pages}
    for article in articles:
        article.issue = issue
        article.page = page_map[article.page_id]
        by_page[article.page_id].append(article)
    for page in pages:
        page.issue = issue
        page.reader_articles = by_page[page.pk]


def credits_prefetch(lookup: str = "credits") -> Prefetch:
    return Prefetch(lookup, queryset=ArticleCredit.objects.select_related("byline").order_by("order", "id"))


def photos_prefetch(lookup: str = "photos") -> Prefetch:
    return Prefetch(lookup, queryset=Photo.objects.order_by("order", "id"))


def photo_credits_prefetch(lookup: str = "photos__credits") -> Prefetch:
    return Prefetch(lookup, queryset=PhotoCredit.objects.select_related("byline").order_by("order", "id"))


def published_issue(date: datetime.date) -> Issue | None:
    return (
        Issue.objects.published().defer("source_text").filter(date=date).first()
    )  # not shown to readers; 50 MB once


def latest_issue() -> Issue | None:
    return Issue.objects.published().order_by("-date").first()


def neighbour_issues(date: datetime.date) -> tuple[dict | None, dict | None]:
    """The nearest published issues before and after a date (two queries)."""
    issues = Issue.objects.published().values("date", "number")
    before = issues.filter(date__lt=date).order_by("-date").first()
    after = issues.filter(date__gt=date).order_by("date").first()
    return before, after


@dataclass
class IssueContents:
    issue: Issue
    pages: list[Page] = field(default_factory=list)

    def page(self, number: int) -> Page | None:
        return next((page for page in self.pages if page.number == number), None)

    @property
    def articles(self) -> list[Article]:
        return [article for page in self.pages for article in page.reader_articles]


def issue_contents(issue: Issue, *, with_photos: bool = False) -> IssueContents:
    """Pages in order, each with `reader_articles` (published, in page order, credits loaded).

    3 queries (5 with photos). Article.issue/page are set from memory so URLs cost nothing."""
    pages = list(Page.objects.filter(issue=issue).order_by("number"))
    prefetches = [credits_prefetch()]
    if with_photos:
        prefetches += [photos_prefetch(), photo_credits_prefetch()]
    articles = (
        Article.objects.published()
        .filter(issue=issue)
        .order_by("page__number", "order", "id")
        .prefetch_related(*prefetches)
    )
    _attach(issue, pages, articles)
    return IssueContents(issue=issue, pages=pages)


def byline_work(byline_id: int):
    """Published articles crediting a person, as writer or as photographer, newest first."""
    return (
        Article.objects.published()
        .filter(
            Q(pk__in=ArticleCredit.objects.filter(byline_id=byline_id).values("article_id"))
            | Q(pk__in=PhotoCredit.objects.filter(byline_id=byline_id).values("photo__article_id"))
        )
        .select_related("issue", "page")
        .order_by("-issue__date", "page__number", "order", "id")
    )


@dataclass
class IssueScreen:
    """One screen of an issue's table of contents: every page (with its published article count)
    and at most `size` articles, so the page stays fast however many articles an issue holds."""

    issue: Issue
    pages: list[Page]
    number: int
    size: int
    total: int

    @property
    def count(self) -> int:
        """Screens in all (at least one)."""
        return max(1, -(-self.total // self.size))

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.count else None


def issue_screen(issue: Issue, *, number: int, size: int) -> IssueScreen:
    """Pages in order with `article_count` and `reader_articles` (this screen's share, credits
    loaded). 3 queries whatever the issue's size: the counts come with the pages."""
    pages = list(
        Page.objects.filter(issue=issue)
        .defer("meta_lines")  # not shown here; grouping by it cost more than the count
        .annotate(article_count=Count("articles", filter=published_q("articles__")))
        .order_by("number")
    )
    start = (number - 1) * size
    # The screen's ids first, in a subquery: sorting narrow rows to reach a late offset is cheap,
    # sorting whole articles was not (14,000 articles: 1.0 s → 0.2 s on SQLite for the last screen).
    ids = Article.objects.published().filter(issue=issue).order_by("page__number", "order", "id")
    articles = (
        Article.objects.filter(pk__in=ids.values("pk")[start : start + size])
        .order_by("page__number", "order", "id")
        .prefetch_related(credits_prefetch())
    )
    _attach(issue, pages, articles)
    total = sum(page.article_count for page in pages)
    return IssueScreen(issue=issue, pages=pages, number=number, size=size, total=total)
