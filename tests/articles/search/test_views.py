"""The reader's search page /search/: results, filters, pagination, highlighting, query counts."""

import re

import pytest
from django.urls import reverse

from reader.search_views import PER_PAGE
from tests.factories import make_article, make_issue, make_page, make_photo

URL = "/search/"


def result_ids(response):
    return [r["article"].pk for r in response.context["results"] or []]


def test_url_name():
    assert reverse("search") == URL


def test_empty_page_has_a_form(client, db):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="q"' in html and "搜索报道" in html
    assert response.context["results"] is None


def test_results_show_headline_date_page_and_highlighted_snippet(client, archive):
    response = client.get(URL, {"q": "史济锡"})
    html = response.content.decode()
    assert result_ids(response) == [archive["plenum"].pk]
    assert "找到 1 篇报道" in html
    assert "2021年8月7日" in html
    assert "第1版" in html and "要闻" in html
    assert archive["plenum"].get_absolute_url() in html
    assert "<mark>史济锡</mark>" in html
    # the query is shown back in the header search box and the page's own box
    assert html.count('value="史济锡"') >= 2


def test_headline_is_highlighted(client, archive):
    html = client.get(URL, {"q": "驿站"}).content.decode()
    assert "宁波户外劳动者<mark>驿站</mark>亮相" in html


def test_xss_in_content_and_query_is_escaped(client, archive):
    page = archive["policy"].page
    make_article(
        page=page,
        headline="<img src=x onerror=alert(1)>劳模表彰",
        paragraphs=["&lt;script&gt;alert(2)&lt;/script&gt;劳模事迹"],
    )
    response = client.get(URL, {"q": '劳模 "><script>alert(3)</script>'})
    html = response.content.decode()
    assert "<img src=x" not in html
    assert "<script>alert" not in html
    response = client.get(URL, {"q": "劳模"})
    html = response.content.decode()
    assert "&lt;img src=x onerror=alert(1)&gt;<mark>劳模</mark>表彰" in html
    assert "&lt;script&gt;alert(2)&lt;/script&gt;<mark>劳模</mark>事迹" in html


def test_drafts_and_scheduled_never_shown(client, archive):
    for q in ["驿站", "史济锡", "工会", "草稿", "明日见报"]:
        ids = result_ids(client.get(URL, {"q": q}))
        assert archive["draft"].pk not in ids
        assert archive["scheduled"].pk not in ids
        assert archive["draft_issue"].pk not in ids


def test_newest_first_choice(client, archive):
    assert result_ids(client.get(URL, {"q": "杭州", "order": "newest"})) == [
        archive["policy"].pk,
        archive["plenum"].pk,
    ]
    html = client.get(URL, {"q": "杭州"}).content.decode()
    assert "order=newest" in html  # the link to switch order keeps the query


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"date_from": "2022-01-01"}, {"station"}),
        ({"date_to": "2021-12-31"}, {"plenum"}),
        ({"byline": "阮向民"}, {"station"}),
        ({"byline": "李国峰"}, {"plenum"}),  # a photographer's work
        ({"section": "基层工会"}, {"station"}),
        ({"page": "1"}, {"plenum"}),
        ({"has_photos": "true"}, {"plenum"}),
        ({"has_photos": "false"}, {"station"}),
    ],
)
def test_filters_combine_with_the_query(client, archive, params, expected):
    response = client.get(URL, {"q": "工会", **params})
    by_id = {v.pk: k for k, v in archive.items()}
    assert {by_id[i] for i in result_ids(response)} == expected


def test_filters_without_a_query_list_newest_first(client, archive):
    response = client.get(URL, {"byline": "曾晨路"})
    assert result_ids(response) == [archive["station"].pk, archive["plenum"].pk]


def test_invalid_filter_shows_an_error_not_a_crash(client, archive):
    response = client.get(URL, {"q": "工会", "date_from": "昨天"})
    assert response.status_code == 200
    assert response.context["filter"].errors


def test_only_exclusions_explains(client, archive):
    response = client.get(URL, {"q": "-工会"})
    assert response.status_code == 200
    assert "至少输入一个要查找的词" in response.content.decode()


@pytest.fixture
def many(db):
    """PER_PAGE + 5 matching articles in the 基层工会 section, and some elsewhere."""
    issue = make_issue(date="2023-04-28")
    section = make_page(issue=issue, number=2, name="基层工会")
    other = make_page(issue=issue, number=1, name="要闻")
    inside = [
        make_article(page=section, headline=f"劳模工作室第{n}站", paragraphs=["劳模创新。"])
        for n in range(PER_PAGE + 5)
    ]
    outside = [make_article(page=other, headline=f"劳模风采{n}", paragraphs=["劳模。"]) for n in range(3)]
    return inside, outside


def test_filters_survive_pagination(client, many):
    inside, _ = many
    first = client.get(URL, {"q": "劳模", "section": "基层工会"})
    html = first.content.decode()
    assert f"找到 {len(inside)} 篇报道" in html
    assert len(result_ids(first)) == PER_PAGE
    next_link = (
        re.search(r'<a class="pager-next" rel="next" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    )
    assert "section=" in next_link and "q=" in next_link and "page=2" in next_link
    assert next_link.startswith("?")  # relative to /search/
    second = client.get(URL + next_link)
    assert len(result_ids(second)) == 5
    assert set(result_ids(first)) | set(result_ids(second)) == {a.pk for a in inside}
    assert not set(result_ids(first)) & set(result_ids(second))


def test_query_count_is_constant(client, many, django_assert_max_num_queries, django_assert_num_queries):
    inside, outside = many
    for a in inside[:5]:
        make_photo(article=a)
    # warm: a plan probe is shared between requests for a short time; measure both cold and warm.
    from articles.search import get_backend

    get_backend()._plans.clear()
    with django_assert_max_num_queries(10):  # 9 + the hits' page regions (one query)
        r1 = client.get(URL, {"q": "劳模"})  # a full page
    get_backend()._plans.clear()
    with django_assert_max_num_queries(10):
        r2 = client.get(URL, {"q": "劳模风采"})  # three results
    assert len(result_ids(r1)) == PER_PAGE and len(result_ids(r2)) == 3


def test_admin_article_list_searches_drafts_too(client, archive, django_user_model):
    admin = django_user_model.objects.create_superuser("chief", "chief@example.com", "pw-for-tests-only")
    client.force_login(admin)
    response = client.get("/admin/articles/article/", {"q": "驿站"})
    assert response.status_code == 200
    shown = {a.pk for a in response.context["cl"].result_list}
    assert shown == {archive[k].pk for k in ("station", "draft", "scheduled", "draft_issue")}
