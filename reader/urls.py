"""Every reader URL: issues, pages, articles, bylines, corrections, search, the archive calendars, the API."""

import datetime

from django.urls import path, register_converter

from reader import api, article_views, preview, views
from reader.caching import reader_cache
from reader.search_views import search as views_search


class FourDigitYear:
    regex = r"[0-9]{4}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):04d}"


class TwoDigit:
    regex = r"[0-9]{2}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):02d}"


class IsoDate:
    regex = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"

    def to_python(self, value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError as exc:  # 2021-02-30: no such day, so no match (404)
            raise ValueError(value) from exc

    def to_url(self, value):
        return value.isoformat() if isinstance(value, datetime.date) else str(value)


register_converter(FourDigitYear, "yyyy")
register_converter(TwoDigit, "mm")
register_converter(IsoDate, "isodate")

urlpatterns = [
    path("bylines/<int:pk>/", article_views.byline_detail, name="byline"),
    path("corrections/", article_views.corrections_list, name="corrections"),
    path("search/", reader_cache(views_search), name="search"),  # cached per query string, per generation
    path("preview/articles/<int:pk>/", preview.preview_article, name="article-preview"),
    path("", views.home, name="home"),
    path("<yyyy:year>/<mm:month>/<mm:day>/", views.issue_detail, name="issue"),
    path("<yyyy:year>/<mm:month>/<mm:day>/<int:page>/", views.page_detail, name="page"),
    path(
        "<yyyy:year>/<mm:month>/<mm:day>/<int:page>/<int:pk>/", article_views.article_detail, name="article"
    ),
    path("on-this-day/", views.on_this_day_today, name="on-this-day"),
    path("on-this-day/<mm:month>-<mm:day>/", views.on_this_day, name="on-this-day-date"),
    path("archive/", views.archive_index, name="archive"),
    path("archive/<yyyy:year>/", views.archive_year, name="archive-year"),
    path("archive/<yyyy:year>/<mm:month>/", views.archive_month, name="archive-month"),
    path("api/issues/", api.issue_list, name="api-issues"),
    path("api/issues/<isodate:date>/", api.issue_detail, name="api-issue"),
]
