"""Caching of reader pages: hits cost no query, every edit invalidates, conditional GET answers 304,
staff never see cached pages, scheduled content appears when due; static files far-future cached."""

import datetime
import time

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone

from articles.models import Article, ArticleCredit, Photo
from core.generation import bump_site_generation
from issues.models import Status
from tests.factories import make_article, make_byline, make_issue, make_page, make_photo

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def article():
    issue = make_issue(date="2021-08-07", number=1186)
    page = make_page(issue=issue, number=1, name="要闻")
    article = make_article(page=page, headline="原来的标题", credits=[(make_byline(name="曾晨路"), "记者")])
    make_photo(article=article, caption="原来的图片说明")
    return article


CACHED_URLS = ["/", "/2021/08/07/", "/2021/08/07/1/", "/archive/2021/08/"]


def test_second_request_is_served_from_cache_without_queries(client, article, django_assert_num_queries):
    for url in [*CACHED_URLS, article.get_absolute_url(), "/feed/", "/api/issues/2021-08-07/"]:
        first = client.get(url)
        assert first.status_code == 200 and first["X-Reader-Cache"] == "miss"
        with django_assert_num_queries(0):
            second = client.get(url)
        assert second["X-Reader-Cache"] == "hit"
        assert second.content == first.content
        assert second["ETag"] == first["ETag"]


@pytest.mark.parametrize(
    "edit, gone, shown",
    [
        ("headline", "原来的标题", "改正后的标题"),
        ("photo", "原来的图片说明", "改正后的图片说明"),
        ("byline", "曾晨路", "曾晨璐"),
        ("unpublish", "原来的标题", None),
        ("delete", "原来的标题", None),
        ("issue", "总第1186号", "总第1187号"),
        ("page", "要闻", "综合新闻"),
        ("credit", "记者", "评论员"),
    ],
)
def test_an_edit_invalidates_every_cached_page(client, article, edit, gone, shown):
    url = article.get_absolute_url()
    pages = [url, "/", "/2021/08/07/", "/2021/08/07/1/"]
    for each in pages:
        client.get(each)
        assert client.get(each)["X-Reader-Cache"] == "hit"
    old_etag = client.get(url)["ETag"]

    if edit == "headline":
        article.headline = "改正后的标题"
        article.save()
    elif edit == "photo":
        photo = Photo.objects.get(article=article)
        photo.caption = "改正后的图片说明"
        photo.save()
    elif edit == "byline":
        byline = article.credits.get().byline
        byline.name = "曾晨璐"
        byline.save()
    elif edit == "unpublish":
        article.status = Status.DRAFT
        article.save()
    elif edit == "delete":
        article.delete()
    elif edit == "issue":
        article.issue.number = 1187
        article.issue.save()
    elif edit == "page":
        article.page.name = "综合新闻"
        article.page.save()
    elif edit == "credit":
        credit = ArticleCredit.objects.get(article_id=article.pk)
        credit.role = "评论员"
        credit.save()

    listings = ("/", "/2021/08/07/1/") if edit == "photo" else ("/", "/2021/08/07/", "/2021/08/07/1/")
    for each in listings:  # the issue page lists no photos
        text = client.get(each).content.decode()
        if shown:
            assert shown in text, each
        if edit in {"unpublish", "delete"}:
            assert gone not in text, each
    response = client.get(url)
    if edit in {"unpublish", "delete"}:
        assert response.status_code == 404
    else:
        assert response.status_code == 200 and response["X-Reader-Cache"] == "miss"
        assert shown in response.content.decode()
        assert response["ETag"] != old_etag


def test_bulk_writes_need_and_get_an_explicit_bump(client, article):
    """The importer writes with bulk_create (no signals) and calls bump_site_generation() after."""
    client.get("/2021/08/07/1/")
    Article.objects.filter(pk=article.pk).update(headline="批量改写的标题")
    assert "原来的标题" in client.get("/2021/08/07/1/").content.decode()  # still the cached rendering
    bump_site_generation()
    assert "批量改写的标题" in client.get("/2021/08/07/1/").content.decode()


def test_conditional_get_answers_304_until_an_edit(client, article, django_assert_num_queries):
    url = article.get_absolute_url()
    response = client.get(url)
    etag, last_modified = response["ETag"], response["Last-Modified"]
    assert etag and last_modified
    assert "must-revalidate" in response["Cache-Control"]

    with django_assert_num_queries(0):
        assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    assert client.get("/2021/08/07/", HTTP_IF_NONE_MATCH=etag).status_code == 304

    time.sleep(1.05)  # Last-Modified has whole seconds
    article.headline = "改正后的标题"
    article.save()
    fresh = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert fresh.status_code == 200 and "改正后的标题" in fresh.content.decode()
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 200
    assert client.get(url, HTTP_IF_NONE_MATCH=fresh["ETag"]).status_code == 304


def test_logged_in_staff_never_get_cached_pages(client, article, admin_user):
    url = article.get_absolute_url()
    client.get(url)  # cached for readers
    Article.objects.filter(pk=article.pk).update(headline="编辑刚改的标题")  # no signal: cache is stale
    staff = Client()
    staff.force_login(admin_user)
    response = staff.get(url)
    assert "编辑刚改的标题" in response.content.decode()
    assert "X-Reader-Cache" not in response
    assert "no-cache" in response["Cache-Control"] and "ETag" not in response
    etag = client.get(url)["ETag"]
    assert staff.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_scheduled_article_appears_when_due_without_any_save(client, article):
    due = make_article(
        page=article.page,
        headline="定时发布的文章",
        publish_at=timezone.now() + datetime.timedelta(seconds=2),
    )
    assert "定时发布的文章" not in client.get("/2021/08/07/1/").content.decode()
    assert client.get("/2021/08/07/1/")["X-Reader-Cache"] == "hit"
    time.sleep(max(0.0, (due.publish_at - timezone.now()).total_seconds()) + 0.1)
    assert "定时发布的文章" in client.get("/2021/08/07/1/").content.decode()


def test_hashed_static_files_are_compressed_with_far_future_cache_headers(tmp_path):
    """Production storage (DEBUG off): whitenoise serves the hashed CSS immutable and compressed."""
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(
        DEBUG=False,
        STATIC_ROOT=tmp_path,
        STORAGES=storages,
        STATICFILES_FINDERS=["django.contrib.staticfiles.finders.FileSystemFinder"],
        WHITENOISE_MAX_AGE=31536000,
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
        from django.contrib.staticfiles.storage import staticfiles_storage

        url = staticfiles_storage.url("css/reader.css")
        assert url != "/static/css/reader.css" and url.endswith(".css")  # hashed name
        client = Client()
        response = client.get(url, HTTP_ACCEPT_ENCODING="gzip, br")
        assert response.status_code == 200
        assert response["Content-Encoding"] in {"br", "gzip"}
        cache_control = response["Cache-Control"]
        assert "immutable" in cache_control and "max-age=315360000" in cache_control
        page = client.get("/")  # the reader pages link the hashed file
        assert url in page.content.decode()


def test_a_per_process_cache_bounds_staleness_from_other_processes(client, article, settings):
    """An import run from another process cannot reach a LocMemCache: the generation expires."""
    from core import generation as caching

    assert caching.generation_lifetime() == caching.LOCAL_GENERATION_SECONDS  # LocMemCache in tests
    settings.NEWSROOM_READER_GENERATION_SECONDS = 1
    client.get("/2021/08/07/1/")
    Article.objects.filter(pk=article.pk).update(headline="另一个进程写入的标题")  # no signal here
    assert "原来的标题" in client.get("/2021/08/07/1/").content.decode()
    time.sleep(1.1)
    assert "另一个进程写入的标题" in client.get("/2021/08/07/1/").content.decode()
    settings.NEWSROOM_READER_GENERATION_SECONDS = 0
    assert caching.generation_lifetime() is None
