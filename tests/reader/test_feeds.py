"""Feeds, sitemaps and the JSON API: valid XML/JSON, published content only, API == export."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache
from django.utils import timezone

from issues.exporting import export_issue, issues_for_export
from issues.models import Issue, Status
from tests.factories import make_article, make_byline, make_issue, make_page, make_photo

pytestmark = pytest.mark.django_db

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def archive():
    reporter = make_byline(name="曾晨路")
    photographer = make_byline(name="李国峰")
    issue = make_issue(date="2021-08-07", number=1186)
    page = make_page(issue=issue, number=1, name="要闻")
    lead = make_article(page=page, headline="全会在杭召开", credits=[(reporter, "记者")])
    make_photo(article=lead, credits=[(photographer, "见习记者")])
    photo_only = make_article(page=page, headline="", kind="photo", paragraphs=[], dateline="")
    make_photo(article=photo_only, caption="图片新闻说明", credits=[(photographer, "通讯员")])
    draft = make_article(page=page, headline="草稿文章", status=Status.DRAFT, credits=[(reporter, "记者")])
    scheduled = make_article(
        page=page,
        headline="定时文章",
        publish_at=timezone.now() + datetime.timedelta(days=1),
        credits=[(reporter, "记者")],
    )
    hidden_issue = make_issue(date="2021-08-08", status=Status.DRAFT)
    hidden_page = make_page(issue=hidden_issue)
    hidden = make_article(page=hidden_page, headline="未发布期次的文章", credits=[(reporter, "记者")])
    newer = make_issue(date="2022-03-28", number=12071)
    newer_article = make_article(
        page=make_page(issue=newer), headline="新一期头条", credits=[(reporter, "记者")]
    )
    return locals()


def test_rss_feed_is_valid_and_published_only(client, archive):
    response = client.get("/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    channel = root.find("channel")
    assert channel.findtext("title") == "浙江工人日报 · 最新文章"
    titles = [item.findtext("title") for item in channel.findall("item")]
    assert titles[0] == "新一期头条"  # newest first
    assert "全会在杭召开" in titles
    assert not {"草稿文章", "定时文章", "未发布期次的文章"} & set(titles)
    links = [item.findtext("link") for item in channel.findall("item")]
    assert f"http://testserver{archive['lead'].get_absolute_url()}" in links
    for item in channel.findall("item"):
        assert item.findtext("pubDate")


def test_byline_feed(client, archive):
    response = client.get(f"/bylines/{archive['photographer'].pk}/feed/")
    assert response.status_code == 200
    channel = ET.fromstring(response.content).find("channel")
    assert "李国峰" in channel.findtext("title")
    titles = [item.findtext("title") for item in channel.findall("item")]
    assert titles == ["全会在杭召开", "图片新闻"]
    reporter_titles = [
        item.findtext("title")
        for item in ET.fromstring(client.get(f"/bylines/{archive['reporter'].pk}/feed/").content).iter("item")
    ]
    assert set(reporter_titles) == {"新一期头条", "全会在杭召开"}
    assert client.get("/bylines/999999/feed/").status_code == 404


def test_sitemap_index_and_sections_cover_published_issues_and_articles(client, archive):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    index = ET.fromstring(response.content)
    sections = [loc.text for loc in index.findall("sm:sitemap/sm:loc", SITEMAP_NS)]
    assert sorted(sections) == [
        "http://testserver/sitemap-articles.xml",
        "http://testserver/sitemap-issues.xml",
    ]

    issues = ET.fromstring(client.get("/sitemap-issues.xml").content)
    issue_urls = {loc.text for loc in issues.findall("sm:url/sm:loc", SITEMAP_NS)}
    assert issue_urls == {"http://testserver/2021/08/07/", "http://testserver/2022/03/28/"}
    assert all(url.find("sm:lastmod", SITEMAP_NS) is not None for url in issues.findall("sm:url", SITEMAP_NS))

    articles = ET.fromstring(client.get("/sitemap-articles.xml").content)
    article_urls = {loc.text for loc in articles.findall("sm:url/sm:loc", SITEMAP_NS)}
    expected = {archive[name].get_absolute_url() for name in ("lead", "photo_only", "newer_article")}
    assert article_urls == {f"http://testserver{path}" for path in expected}


def test_api_issue_list_is_paginated(client, archive, monkeypatch):
    from reader import api

    monkeypatch.setattr(api, "PAGE_SIZE", 1)
    data = client.get("/api/issues/").json()
    assert data["count"] == 2 and data["num_pages"] == 2
    assert data["results"] == [
        {"date": "2022-03-28", "number": 12071, "url": "/2022/03/28/", "api_url": "/api/issues/2022-03-28/"}
    ]
    assert data["previous"] is None and data["next"].endswith("/api/issues/?page=2")
    second = client.get("/api/issues/?page=2").json()
    assert second["results"][0]["date"] == "2021-08-07" and second["next"] is None
    assert client.get("/api/issues/?page=3").status_code == 404


def test_api_issue_equals_export_of_published_content(client, archive):
    response = client.get("/api/issues/2021-08-07/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    expected = export_issue(
        issues_for_export(Issue.objects.published().filter(date="2021-08-07"), published_only=True).get()
    )
    assert data == expected
    headlines = [article["headline"] for page in data["pages"] for article in page["articles"]]
    assert "全会在杭召开" in headlines and "草稿文章" not in headlines and "定时文章" not in headlines
    assert "草稿文章" not in response.content.decode()
    assert "全会在杭召开" in response.content.decode()  # Chinese kept readable (ensure_ascii off)


@pytest.mark.parametrize(
    "url", ["/api/issues/2021-08-08/", "/api/issues/1999-01-01/", "/api/issues/2021-02-30/"]
)
def test_api_issue_404s(client, archive, url):
    response = client.get(url)
    assert response.status_code == 404
