"""URL scheme. Reserved early because the export reports article URLs:
/YYYY/MM/DD/ an issue, /YYYY/MM/DD/<page>/ a page (版), /YYYY/MM/DD/<page>/<id>/ an article."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from newsroom import health
from reader.caching import reader_cache
from reader.feeds import BylineFeed, LatestArticlesFeed
from reader.sitemaps import SITEMAPS

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("ckeditor5/", include("desk.ckeditor_urls")),
    path("feed/", reader_cache(LatestArticlesFeed()), name="feed"),
    path("bylines/<int:pk>/feed/", reader_cache(BylineFeed()), name="byline-feed"),
    path(
        "sitemap.xml",
        reader_cache(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        reader_cache(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("", include("reader.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
