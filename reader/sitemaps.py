"""Sitemaps of published issues and articles (an index at /sitemap.xml, sections paginated)."""

from django.contrib.sitemaps import Sitemap

from articles.models import Article
from issues.models import Issue


class IssueSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6
    limit = 5000

    def items(self):
        return Issue.objects.published().order_by("-date").only("date", "updated_at")

    def lastmod(self, item: Issue):
        return item.updated_at


class ArticleSitemap(Sitemap):
    changefreq = "yearly"
    priority = 0.8
    limit = 5000

    def items(self):
        return (
            Article.objects.published()
            .select_related("issue", "page")
            .only("pk", "updated_at", "issue__date", "page__number")
            .order_by("-issue__date", "page__number", "order", "id")
        )

    def lastmod(self, item: Article):
        return item.updated_at


SITEMAPS = {"issues": IssueSitemap, "articles": ArticleSitemap}
