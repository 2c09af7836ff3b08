"""Issue 14, item 13: an issue's table of contents is paged (80 articles a screen), so its page
stays fast however many articles the issue holds; same query count for 4 articles or 170."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from issues.models import Status
from reader.views import ISSUE_SCREEN_ARTICLES
from tests.factories import make_article, make_issue, make_page

pytestmark = pytest.mark.django_db

URL = "/2022/03/28/"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def big_issue(count: int = 170):
    """Page 1 holds the first 100 articles, page 2 the rest, page 3 none; plus one draft."""
    issue = make_issue(date="2022-03-28")
    pages = [make_page(issue=issue, number=n, name=f"第{n}版名") for n in (1, 2, 3)]
    for n in range(count):
        make_article(page=pages[0] if n < 100 else pages[1], order=n + 1, headline=f"标题{n:03d}号")
    make_article(page=pages[1], order=999, headline="草稿不计入", status=Status.DRAFT)
    return issue


def queries(client, url) -> tuple[int, str]:
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured), response.content.decode()


def test_a_big_issue_is_shown_in_screens_of_80_articles(client):
    big_issue()
    assert ISSUE_SCREEN_ARTICLES == 80
    _count, first = queries(client, URL)
    assert "170篇文章（第1页，共3页）" in first
    assert "标题000号" in first and "标题079号" in first and "标题080号" not in first
    assert "草稿不计入" not in first
    assert (
        'rel="next" href="?page=2"' in first
        and 'rel="prev"' not in first.split('aria-label="本期目录分页"')[1]
    )
    assert "第3版" in first  # the tabs list every page
    _count, second = queries(client, URL + "?page=2")
    assert "标题080号" in second and "标题159号" in second
    assert "标题079号" not in second and "标题160号" not in second
    assert 'id="page-1"' in second and 'id="page-2"' in second  # page 1's last 20, page 2's first 60
    assert 'rel="prev" href="?page=1"' in second and 'rel="next" href="?page=3"' in second
    _count, third = queries(client, URL + "?page=3")
    assert (
        "标题169号" in third
        and 'id="page-1"' not in third
        and 'rel="next"' not in third.split("本期目录分页")[1]
    )
    for bad in ("?page=4", "?page=0", "?page=x", "?page=-1"):
        assert client.get(URL + bad).status_code == 404, bad


def test_small_issue_is_one_screen_with_empty_pages_noted(client):
    issue = make_issue(date="2022-03-28")
    page1 = make_page(issue=issue, number=1)
    make_page(issue=issue, number=2, name="空版")
    make_article(page=page1, headline="唯一的文章")
    _count, text = queries(client, URL)
    assert "唯一的文章" in text and "本版暂无已发布的文章。" in text
    assert "本期目录分页" not in text and "第1页" not in text
    assert client.get(URL + "?page=2").status_code == 404


def test_query_count_is_the_same_for_4_and_170_articles(client):
    issue = make_issue(date="2022-03-28")
    page = make_page(issue=issue, number=1)
    for n in range(4):
        make_article(page=page, order=n + 1, headline=f"小{n}")
    small, _text = queries(client, URL)
    for n in range(4, 170):
        make_article(page=page, order=n + 1, headline=f"大{n}")
    large, text = queries(client, URL)
    assert "第1页，共3页" in text
    assert small == large
    later, _text = queries(client, URL + "?page=3")
    assert later == small


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_reader_pages_through_a_big_issue_on_a_phone(live_server, phone_page, artifacts_dir):
    big_issue()
    cache.clear()
    page = phone_page
    page.set_default_timeout(15_000)
    page.goto(live_server.url + URL)
    page.screenshot(path=str(artifacts_dir / "issue-screen-1.png"), full_page=False)
    page.get_by_role("link", name="下一页").click()
    page.wait_for_url("**?page=2")
    assert page.get_by_text("标题080号").is_visible()
    nav = page.locator('nav[aria-label="本期目录分页"]')
    nav.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts_dir / "issue-screen-2-pager.png"), full_page=False)
    assert "第2页，共3页" in nav.inner_text()
    scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll_width <= inner_width
    cache.clear()
