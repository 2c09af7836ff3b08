"""RSS feeds of the latest published articles: the whole paper, and one per byline."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from articles.body_html import paragraphs_from_html
from articles.corrections import correction_text, corrections_prefetch
from articles.models import Article, Byline
from reader import selectors

FEED_SIZE = 30


class LatestArticlesFeed(Feed):
    title = _("浙江工人日报 · 最新文章")
    description = _("浙江工人日报数字报最新发布的文章")
    link = "/"

    def items(self):
        return (
            Article.objects.published()
            .select_related("issue", "page")
            .prefetch_related(selectors.credits_prefetch(), corrections_prefetch())
            .order_by("-issue__date", "page__number", "order", "id")[:FEED_SIZE]
        )

    def item_title(self, item: Article) -> str:
        if item.title:
            return item.title
        return str(_("图片新闻") if item.kind == Article.Kind.PHOTO else _("（无标题）"))

    def item_description(self, item: Article) -> str:
        text = "".join(paragraphs_from_html(item.body))
        text = text[:200] + ("……" if len(text) > 200 else "")
        for correction in item.corrections.all():  # published corrections only (corrections_prefetch)
            text += "\n" + _("【更正 %(date)s】%(text)s") % {
                "date": correction.corrected_on.isoformat(),
                "text": correction_text(correction),
            }
        # <description> is HTML to feed readers: plain text must be escaped, or printed "<script>" runs.
        return escape(text)

    def item_link(self, item: Article) -> str:
        return item.get_absolute_url()

    def item_guid(self, item: Article) -> str:
        return settings.NEWSROOM_SITE_URL.rstrip("/") + item.get_absolute_url()

    item_guid_is_permalink = True

    def item_pubdate(self, item: Article) -> datetime.datetime:
        if item.publish_at:
            return item.publish_at
        return datetime.datetime.combine(
            item.issue.date, datetime.time(6, 0), tzinfo=timezone.get_current_timezone()
        )

    def item_updateddate(self, item: Article) -> datetime.datetime:
        return item.updated_at

    def item_author_name(self, item: Article) -> str:
        return "、".join(f"{credit.role}{credit.byline.name}" for credit in item.credits.all()) or None

    def item_categories(self, item: Article):
        return [item.page.name] if item.page.name else []


class BylineFeed(LatestArticlesFeed):
    def get_object(self, request, pk):
        byline = get_object_or_404(Byline, pk=pk)
        # Like the byline page: a person with no published work has no public feed (the name of
        # someone credited only in drafts is not public either). The items are read here once.
        byline.feed_items = list(
            selectors.byline_work(byline.pk).prefetch_related(
                selectors.credits_prefetch(), corrections_prefetch()
            )[:FEED_SIZE]
        )
        if not byline.feed_items:
            raise Http404
        return byline

    def title(self, obj: Byline) -> str:
        return _("浙江工人日报 · %(name)s 的署名文章") % {"name": obj.name}

    def description(self, obj: Byline) -> str:
        # <description> is HTML to feed readers: the name is text and must be escaped.
        return escape(_("浙江工人日报署名 %(name)s 的最新文章和图片") % {"name": obj.name})

    def link(self, obj: Byline) -> str:
        return obj.get_absolute_url()

    def items(self, obj: Byline):
        return obj.feed_items
