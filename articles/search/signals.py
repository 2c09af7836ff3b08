"""Keep the index current when articles, their credits or photos change through the ORM.

Indexing is immediate (not on commit): it is cheap for one article, it stays inside the editor's
transaction (rolled back with it), and the tests see it. Bulk writes (the importer) call
index_documents() or index_behind() instead, because bulk writes send no signals."""

from django.db.models.signals import post_delete, post_save

from . import index_articles, remove_articles


def article_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        index_articles([instance.pk])


def article_deleted(sender, instance, **kwargs):
    remove_articles([instance.pk])


def part_changed(sender, instance, raw=False, **kwargs):
    """A credit or photo changed: its article's indexed text changed."""
    if not raw and instance.article_id:
        index_articles([instance.article_id])


def byline_saved(sender, instance, raw=False, created=False, **kwargs):
    """A renamed person: every article crediting them is indexed again."""
    if raw or created:
        return
    from articles.models import Article

    ids = Article.objects.filter(credits__byline=instance).values_list("pk", flat=True).distinct()
    index_articles(list(ids))


def connect() -> None:
    from articles.models import Article, ArticleCredit, Byline, Photo

    post_save.connect(article_saved, sender=Article, dispatch_uid="search_article_saved")
    post_delete.connect(article_deleted, sender=Article, dispatch_uid="search_article_deleted")
    for model in (ArticleCredit, Photo):
        post_save.connect(part_changed, sender=model, dispatch_uid=f"search_{model.__name__}_saved")
        post_delete.connect(part_changed, sender=model, dispatch_uid=f"search_{model.__name__}_deleted")
    post_save.connect(byline_saved, sender=Byline, dispatch_uid="search_byline_saved")
