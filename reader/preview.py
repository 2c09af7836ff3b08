"""Draft preview: the article exactly as readers will see it, for staff who may change articles."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from articles.models import Article
from reader.article_views import render_article


def preview_article(request, pk: int):
    """Anonymous visitors are sent to the login page; logged-in users without the permission get 403."""
    user = request.user
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not (user.is_active and user.is_staff and user.has_perm("articles.change_article")):
        raise PermissionDenied
    article = get_object_or_404(Article.objects.select_related("issue", "page"), pk=pk)
    return render_article(request, article, preview=True)
