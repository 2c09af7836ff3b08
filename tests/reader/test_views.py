"""Reader site views: content, published-only visibility, 404s, redirects and query counts."""

import datetime
import json
import re
from html.parser import HTMLParser

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.utils import timezone

from issues.models import Status
from reader.article_views import render_article
from tests.factories import make_article, make_byline, make_issue, make_page, make_photo

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def html(response) -> str:
    return response.content.decode()


def json_ld_blocks(text: str) -> list[dict]:
    return [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)
    ]


@pytest.fixture
def paper():
    """Two published issues a day apart, with bylines, photos and a draft article."""
    reporter = make_byline(name="曾晨路")
    photographer = make_byline(name="李国峰")
    older = make_issue(date="2021-08-06", number=1185)
    older_page = make_page(issue=older, number=1, name="要闻")
    older_article = make_article(page=older_page, headline="昨日的新闻", credits=[(reporter, "见习记者")])

    issue = make_issue(date="2021-08-07", number=1186, lunar_date="辛丑年六月廿九")
    front = make_page(issue=issue, number=1, name="要闻", editor="周某")
    second = make_page(issue=issue, number=2, name="综合新闻")
    lead = make_article(
        page=front,
        kicker="扛起政治责任 勇担历史使命",
        headline="为实现宏伟壮丽的共富蓝图贡献工会智慧与力量",
        subheadline="省总工会第十五届委员会第五次全体会议在杭召开",
        credits=[(reporter, "记者")],
        paragraphs=[
            "新目标催人奋进，新征程呼唤担当。8月6日，全会在杭州召开。",
            "史济锡强调，要团结动员全省广大职工。",
        ],
    )
    make_photo(article=lead, caption="8月6日，全会在杭召开。", credits=[(photographer, "见习记者")])
    second_article = make_article(page=front, headline="第二篇文章", credits=[(photographer, "通讯员")])
    draft = make_article(page=front, headline="草稿不应出现", status=Status.DRAFT)
    inside = make_article(page=second, headline="二版头条")
    return {
        "issue": issue,
        "older": older,
        "front": front,
        "second": second,
        "lead": lead,
        "second_article": second_article,
        "draft": draft,
        "inside": inside,
        "older_article": older_article,
        "reporter": reporter,
        "photographer": photographer,
    }


class _Landmarks(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []
        self.headings = []
        self._in_h = None

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))


def assert_page_structure(text: str):
    parser = _Landmarks()
    parser.feed(text)
    assert '<html lang="zh-Hans">' in text
    for tag in ("header", "nav", "main", "footer"):
        assert tag in parser.tags, tag
    assert parser.headings.count(1) == 1, "exactly one h1"
    for previous, current in zip(parser.headings, parser.headings[1:], strict=False):
        assert current <= previous + 1, f"heading level jumps from h{previous} to h{current}"
    assert '<link rel="canonical"' in text
    assert 'property="og:title"' in text
    assert '<meta name="description" content="' in text
    assert 'action="/search/" method="get"' in text and 'name="q"' in text  # the header's search box


# ---------------------------------------------------------------------------------------------
# Home, issue, page


def test_home_shows_latest_published_issue_front_page(client, paper):
    make_issue(date="2021-08-09", status=Status.DRAFT)  # a newer draft issue stays hidden
    make_issue(date="2021-08-10", publish_at=timezone.now() + datetime.timedelta(days=1))  # scheduled
    response = client.get("/")
    assert response.status_code == 200
    text = html(response)
    assert_page_structure(text)
    assert "2021年8月7日" in text and "总第1186号" in text and "辛丑年六月廿九" in text and "星期六" in text
    assert paper["lead"].headline in text
    assert paper["lead"].get_absolute_url() in text
    assert paper["second"].get_absolute_url() in text  # links to every page …
    assert paper["inside"].get_absolute_url() in text  # … and every article of the issue
    assert "草稿不应出现" not in text
    assert "<title>" in text and "浙江工人日报" in text


def test_home_without_any_issue_is_a_friendly_page(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "还没有发布的报纸" in html(response)


def test_issue_page_lists_pages_articles_and_neighbours(client, paper):
    response = client.get("/2021/08/07/")
    assert response.status_code == 200
    text = html(response)
    assert_page_structure(text)
    assert "第1版 · 要闻" in text and "第2版 · 综合新闻" in text
    assert text.index("第1版 · 要闻") < text.index("第2版 · 综合新闻")
    assert "扛起政治责任 勇担历史使命" in text
    assert "——省总工会第十五届委员会第五次全体会议在杭召开" in text
    assert f'href="/bylines/{paper["reporter"].pk}/"' in text
    assert "新目标催人奋进" in text  # first lines
    assert "草稿不应出现" not in text
    assert 'href="/2021/08/06/"' in text  # previous issue
    assert "总第1186号" in text


@pytest.mark.parametrize("url", ["/2021/08/07/", "/2021/08/07/1/", "/2021/08/07/2/"])
def test_unpublished_issue_is_hidden_everywhere(client, paper, url):
    paper["issue"].status = Status.DRAFT
    paper["issue"].save()
    assert client.get(url).status_code == 404
    assert client.get(paper["lead"].get_absolute_url()).status_code == 404
    assert "2021年8月7日" not in html(client.get("/"))


def test_future_scheduled_issue_and_article_are_hidden(client, paper):
    paper["issue"].publish_at = timezone.now() + datetime.timedelta(hours=2)
    paper["issue"].save()
    assert client.get("/2021/08/07/").status_code == 404
    assert client.get(paper["lead"].get_absolute_url()).status_code == 404
    paper["issue"].publish_at = None
    paper["issue"].save()
    paper["inside"].publish_at = timezone.now() + datetime.timedelta(hours=2)
    paper["inside"].save()
    assert client.get("/2021/08/07/").status_code == 200
    assert "二版头条" not in html(client.get("/2021/08/07/"))
    assert client.get(paper["inside"].get_absolute_url()).status_code == 404


def test_missing_date_is_a_404_offering_nearest_issues(client, paper):
    make_issue(date="2021-08-20", number=1197)
    response = client.get("/2021/08/15/")
    assert response.status_code == 404
    text = html(response)
    assert "2021年8月15日没有报纸" in text
    assert 'href="/2021/08/07/"' in text and 'href="/2021/08/20/"' in text
    assert "总第1197号" in text


@pytest.mark.parametrize("url", ["/2021/02/30/", "/2021/13/01/", "/2021/08/07/9/", "/2021/08/07/1/999999/"])
def test_impossible_dates_missing_pages_and_articles_are_404(client, paper, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "页面不存在" in html(response) or "没有报纸" in html(response)


def test_page_shows_its_articles_photos_and_page_navigation(client, paper):
    response = client.get("/2021/08/07/1/")
    assert response.status_code == 200
    text = html(response)
    assert_page_structure(text)
    assert "责任编辑：周某" in text
    assert paper["lead"].headline in text and "第二篇文章" in text
    assert "8月6日，全会在杭召开。" in text  # photo caption on the page
    assert "二版头条" in text  # the issue's contents beside the page
    assert 'rel="next" href="/2021/08/07/2/"' in text
    assert "草稿不应出现" not in text
    second = html(client.get("/2021/08/07/2/"))
    assert 'rel="prev" href="/2021/08/07/1/"' in second


# ---------------------------------------------------------------------------------------------
# Articles


def test_article_page_sets_headlines_credits_photos_and_neighbours(client, paper):
    lead = paper["lead"]
    response = client.get(lead.get_absolute_url())
    assert response.status_code == 200
    text = html(response)
    assert_page_structure(text)
    assert '<p class="kicker">扛起政治责任 勇担历史使命</p>' in text
    assert '<h1 class="headline">为实现宏伟壮丽的共富蓝图贡献工会智慧与力量</h1>' in text
    assert '<p class="subheadline">——省总工会第十五届委员会第五次全体会议在杭召开</p>' in text
    assert '<strong class="dateline-word">本报讯</strong>' in text
    # dateline and bylines in bold at the start of the first paragraph, as the paper prints them
    assert re.search(
        r'<div class="article-body"><p><span class="dateline"><strong class="dateline-word">本报讯</strong> <strong>.*?</strong></span>　新目标催人奋进',
        text,
    )
    assert f'记者<a class="byline-link" href="/bylines/{paper["reporter"].pk}/">曾晨路</a>' in text
    assert f'见习记者<a class="byline-link" href="/bylines/{paper["photographer"].pk}/">李国峰</a>' in text
    assert "photo--caption-only" in text  # no image: the caption as a figure-like block
    assert 'href="/2021/08/07/1/"' in text and 'href="/2021/08/07/"' in text
    assert f'rel="next" href="{paper["second_article"].get_absolute_url()}"' in text
    assert 'rel="prev"' not in text  # the first article of the issue
    last = html(client.get(paper["inside"].get_absolute_url()))
    assert f'rel="prev" href="{paper["second_article"].get_absolute_url()}"' in last  # draft skipped
    assert 'property="og:type" content="article"' in text
    assert f'<link rel="canonical" href="http://127.0.0.1:8000{lead.get_absolute_url()}">' in text


def test_article_json_ld_is_news_article_and_xss_safe(client, paper):
    article = paper["lead"]
    article.headline = '</script><script>alert("x")</script>标题'
    article.save()
    text = html(client.get(article.get_absolute_url()))
    assert "<script>alert" not in text
    (data,) = json_ld_blocks(text)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == '</script><script>alert("x")</script>标题'
    assert data["author"][0]["name"] == "曾晨路"
    assert data["datePublished"].startswith("2021-08-07")
    assert data["publisher"]["name"] == "浙江工人日报"


def test_article_body_script_is_inert(client, paper):
    article = paper["lead"]
    article.body = '<p>正文<script>alert(1)</script><img src=x onerror="alert(2)"></p>'
    article.save()
    text = html(client.get(article.get_absolute_url()))
    assert "<script>alert(1)" not in text and "onerror" not in text
    assert "</span>　正文" in text


def test_article_with_image_is_lazy_responsive_and_sized(client, paper, tmp_path, settings):
    import io

    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    Image.new("RGB", (640, 400), "red").save(buffer, format="JPEG")
    photo = paper["lead"].photos.get()
    photo.image = SimpleUploadedFile("p.jpg", buffer.getvalue(), content_type="image/jpeg")
    photo.save()
    text = html(client.get(paper["lead"].get_absolute_url()))
    img = re.search(r"<img [^>]+>", text).group(0)
    for attribute in (
        'width="640"',
        'height="400"',
        'loading="lazy"',
        'decoding="async"',
        "srcset=",
        "sizes=",
    ):
        assert attribute in img
    assert 'alt="8月6日，全会在杭召开。"' in img
    assert 'property="og:image"' in text
    assert json_ld_blocks(text)[0]["image"][0].endswith(photo.image.url)


def test_wrong_date_or_page_in_article_url_redirects_permanently(client, paper):
    article = paper["lead"]
    for url in (
        f"/2021/08/06/1/{article.pk}/",
        f"/2021/08/07/2/{article.pk}/",
        f"/2020/01/01/9/{article.pk}/",
    ):
        response = client.get(url)
        assert response.status_code == 301, url
        assert response["Location"] == article.get_absolute_url()


@pytest.mark.parametrize("which", ["draft", "draft_issue", "scheduled"])
def test_unpublished_articles_are_404(client, paper, which):
    article = paper["draft"] if which == "draft" else paper["lead"]
    if which == "draft_issue":
        paper["issue"].status = Status.DRAFT
        paper["issue"].save()
    if which == "scheduled":
        article.publish_at = timezone.now() + datetime.timedelta(minutes=5)
        article.save()
    assert client.get(article.get_absolute_url()).status_code == 404


def test_render_article_preview_for_the_desk_is_marked_and_never_cached(paper, admin_user):
    request = RequestFactory().get("/preview/")
    request.user = admin_user
    draft = type(paper["draft"]).objects.select_related("issue", "page").get(pk=paper["draft"].pk)
    response = render_article(request, draft, preview=True)
    text = response.content.decode()
    assert response.status_code == 200
    assert "草稿不应出现" in text and "本稿尚未发布" in text
    assert '<meta name="robots" content="noindex, nofollow">' in text
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]
    # its neighbours are published articles of the same issue
    assert paper["second_article"].get_absolute_url() in text


# ---------------------------------------------------------------------------------------------
# Bylines


def test_byline_page_lists_everything_credited_newest_first_with_roles(client, paper):
    response = client.get(f"/bylines/{paper['photographer'].pk}/")
    assert response.status_code == 200
    text = html(response)
    assert_page_structure(text)
    assert "<h1>李国峰</h1>" in text
    assert "摄影（见习记者）" in text and "通讯员" in text
    reporter_page = html(client.get(f"/bylines/{paper['reporter'].pk}/"))
    assert reporter_page.index(paper["lead"].headline) < reporter_page.index("昨日的新闻")  # newest first
    assert "见习记者" in reporter_page  # the role as printed on the older credit
    assert "草稿不应出现" not in reporter_page


def test_byline_pagination_and_404s(client, paper):
    reporter = paper["reporter"]
    page = make_page(issue=paper["older"], number=3, name="理论")
    for n in range(25):
        make_article(page=page, headline=f"旧文{n:02d}", credits=[(reporter, "记者")])
    first = html(client.get(f"/bylines/{reporter.pk}/"))
    assert "第1页，共2页" in first and 'href="?page=2"' in first
    second = client.get(f"/bylines/{reporter.pk}/?page=2")
    assert second.status_code == 200 and "第2页，共2页" in html(second)
    assert client.get(f"/bylines/{reporter.pk}/?page=9").status_code == 404
    assert client.get(f"/bylines/{reporter.pk}/?page=x").status_code == 404
    assert client.get("/bylines/999999/").status_code == 404
    only_drafts = make_byline(name="草稿作者")
    make_article(
        page=paper["front"], headline="另一草稿", status=Status.DRAFT, credits=[(only_drafts, "记者")]
    )
    assert client.get(f"/bylines/{only_drafts.pk}/").status_code == 404


# ---------------------------------------------------------------------------------------------
# Archive calendars


def test_archive_index_years(client, paper):
    make_issue(date="2019-05-01")
    make_issue(date="2018-05-01", status=Status.DRAFT)
    response = client.get("/archive/")
    text = html(response)
    assert response.status_code == 200
    assert_page_structure(text)
    assert 'href="/archive/2021/"' in text and 'href="/archive/2019/"' in text
    assert "/archive/2018/" not in text
    assert "2期" in text  # 2021 has two published issues


def test_archive_year_calendar_links_issue_days(client, paper):
    make_issue(date="2021-08-08", status=Status.DRAFT)
    make_issue(date="2020-12-31")
    response = client.get("/archive/2021/")
    assert response.status_code == 200
    text = html(response)
    assert_page_structure(text)
    assert 'href="/2021/08/07/"' in text and 'href="/2021/08/06/"' in text
    assert "/2021/08/08/" not in text
    assert 'href="/archive/2021/08/"' in text and "/archive/2021/07/" not in text
    assert 'rel="prev" href="/archive/2020/"' in text
    assert client.get("/archive/1999/").status_code == 404


def test_archive_month_calendar(client, paper):
    make_issue(date="2021-09-01")
    response = client.get("/archive/2021/08/")
    assert response.status_code == 200
    text = html(response)
    assert_page_structure(text)
    assert 'aria-label="2021年8月7日 总第1186号"' in text
    assert 'rel="next" href="/archive/2021/09/"' in text
    # August 2021 starts on a Sunday: six rows in a Monday-first calendar
    assert text.count("<tr>") == 1 + 6
    assert client.get("/archive/2021/07/").status_code == 404
    assert client.get("/archive/2021/13/").status_code == 404


# ---------------------------------------------------------------------------------------------
# Query counts: constant whatever the number of articles / issues


def _add_articles(issue, count: int, reporter, photographer):
    pages = list(issue.pages.all()) or [
        make_page(issue=issue, number=n, name=f"第{n}版名") for n in range(1, 5)
    ]
    for n in range(count):
        article = make_article(page=pages[n % len(pages)], headline=f"文章{n}", credits=[(reporter, "记者")])
        make_photo(article=article, credits=[(photographer, "记者")])


def _measure(client, urls) -> dict[str, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for url in urls:
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code in (200, 404), url
        counts[url] = len(queries)
    return counts


def test_query_counts_are_constant(client, django_assert_max_num_queries):
    """Measured with 4 articles per issue, then with 64: the same number of queries, within budget."""
    reporter, photographer = make_byline(name="甲"), make_byline(name="乙")
    issue, other = make_issue(date="2022-03-28"), make_issue(date="2022-03-27")
    for each in (issue, other):
        _add_articles(each, 4, reporter, photographer)
    article = issue.articles.order_by("-order").first()
    budgets = {
        "/": 9,  # + 往年今日 (one query)
        "/2022/03/28/": 6,
        "/2022/03/28/1/": 8,
        article.get_absolute_url(): 8,  # + corrections (both directions, one query) + the 原版面 regions (one)
        f"/bylines/{reporter.pk}/": 5,
        f"/bylines/{photographer.pk}/": 5,
        "/archive/": 1,
        "/archive/2022/": 3,
        "/archive/2022/03/": 3,
        "/2022/03/01/": 3,
        "/feed/": 3,
        f"/bylines/{reporter.pk}/feed/": 4,
        "/sitemap-articles.xml": 2,
        "/api/issues/": 2,
        "/api/issues/2022-03-28/": 8,
        "/corrections/": 2,
    }
    small = _measure(client, budgets)
    for each in (issue, other):
        _add_articles(each, 60, reporter, photographer)
    for n in range(1, 30):
        make_issue(date=datetime.date(2022, 1, 1) + datetime.timedelta(days=n))
    large = _measure(client, budgets)
    assert small == large
    # plus 2 queries when the cache generation has to be re-established (scheduled publish_at check)
    for url, budget in budgets.items():
        cache.clear()
        with django_assert_max_num_queries(budget + 2, info=url):
            client.get(url)


def test_500_page_renders_standalone_without_context_or_database():
    from django.template import loader

    text = loader.get_template("500.html").render()
    assert '<html lang="zh-Hans">' in text and "服务器暂时出错" in text


def test_masthead_computes_weekday_and_lunar_date_when_not_printed(client):
    issue = make_issue(date="2022-03-28", weekday="", lunar_date="")
    make_article(page=make_page(issue=issue))
    text = html(client.get("/2022/03/28/"))
    assert "星期一" in text and "农历壬寅年二月廿六" in text
