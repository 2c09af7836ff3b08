"""Small ORM factories for reader and desk tests (plain functions, sensible Chinese defaults)."""

from __future__ import annotations

import datetime
import itertools

from articles.models import Article, ArticleCredit, Byline, Photo, PhotoCredit
from issues.models import Issue, Page, Status

_numbers = itertools.count(1000)


def make_issue(*, date: datetime.date | str = "2021-08-07", status=Status.PUBLISHED, **fields) -> Issue:
    if isinstance(date, str):
        date = datetime.date.fromisoformat(date)
    fields.setdefault(
        "weekday", ["星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"][date.weekday()]
    )
    fields.setdefault("lunar_date", "辛丑年六月廿九")
    fields.setdefault("number", next(_numbers))
    return Issue.objects.create(date=date, status=status, **fields)


def make_page(*, issue: Issue, number: int = 1, name: str = "要闻", **fields) -> Page:
    return Page.objects.create(issue=issue, number=number, name=name, **fields)


def make_byline(*, name: str = "曾晨路", **fields) -> Byline:
    return Byline.objects.create(name=name, **fields)


def make_article(
    *,
    page: Page,
    order: int | None = None,
    headline: str = "省总工会全会在杭召开",
    status=Status.PUBLISHED,
    paragraphs: list[str] | None = None,
    credits: list[tuple[Byline, str]] = (),
    **fields,
) -> Article:
    if order is None:
        order = (page.articles.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    if paragraphs is None:
        paragraphs = ["新目标催人奋进，新征程呼唤担当。", "全省各级工会要团结动员广大职工。"]
    fields.setdefault("body", "".join(f"<p>{p}</p>" for p in paragraphs))
    fields.setdefault("dateline", "本报讯")
    article = Article.objects.create(
        issue=page.issue, page=page, order=order, headline=headline, status=status, **fields
    )
    for index, (byline, role) in enumerate(credits, start=1):
        ArticleCredit.objects.create(article=article, byline=byline, role=role, order=index)
    return article


def make_photo(
    *,
    article: Article,
    caption: str = "8月6日，全体会议在杭召开。",
    credits: list[tuple[Byline, str]] = (),
    **fields,
) -> Photo:
    order = (article.photos.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    fields.setdefault(
        "credit_text",
        " ".join(f"{role}{byline.name}" for byline, role in credits) + (" 摄" if credits else ""),
    )
    photo = Photo.objects.create(article=article, order=order, caption=caption, **fields)
    for index, (byline, role) in enumerate(credits, start=1):
        PhotoCredit.objects.create(photo=photo, byline=byline, role=role, order=index)
    return photo
