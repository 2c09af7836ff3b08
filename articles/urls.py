from django.urls import path

from . import preview, views
from .search.views import search as views_search

urlpatterns = [
    path("bylines/<int:pk>/", views.byline_detail, name="byline"),
    path("search/", views_search, name="search"),
    path("preview/articles/<int:pk>/", preview.preview_article, name="article-preview"),
]
