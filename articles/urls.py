from django.urls import path

from issues.caching import reader_cache

from . import preview, views
from .search.views import search as views_search

urlpatterns = [
    path("bylines/<int:pk>/", views.byline_detail, name="byline"),
    path("corrections/", views.corrections_list, name="corrections"),
    path("search/", reader_cache(views_search), name="search"),  # cached per query string, per generation
    path("preview/articles/<int:pk>/", preview.preview_article, name="article-preview"),
]
