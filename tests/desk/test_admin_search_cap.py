"""The admin article search of a common word counts and lists only its newest matches ("more than N")."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from articles.models import Article
from desk.admin import base as desk_admin_base
from tests.desk.helpers import make_superuser
from tests.factories import make_article, make_issue, make_page

pytestmark = pytest.mark.django_db


def build(issues: int, *, per_issue: int = 3, first: int = 0) -> None:
    for index in range(first, first + issues):
        page = make_page(issue=make_issue(date=datetime.date(2021, 9, 1) + datetime.timedelta(days=index)))
        for order in range(1, per_issue + 1):
            make_article(page=page, order=order, headline=f"劳模风采{index}-{order}")
        make_article(page=page, order=per_issue + 1, headline="天气预报")


@pytest.fixture
def chief(client):
    user = make_superuser()
    client.force_login(user)
    return user


def listed_ids(response) -> list[int]:
    return [article.pk for article in response.context["cl"].result_list]


def test_a_common_word_lists_only_its_newest_matches_and_says_so(client, chief, monkeypatch):
    monkeypatch.setattr(desk_admin_base, "SEARCH_LIST_CAP", 5)
    build(4)
    response = client.get(reverse("admin:articles_article_changelist"), {"q": "劳模"})
    assert response.status_code == 200
    newest = list(
        Article.objects.filter(headline__startswith="劳模").order_by("-pk").values_list("pk", flat=True)[:5]
    )
    assert sorted(listed_ids(response)) == sorted(newest)
    assert response.context["cl"].result_count == 5
    html = response.content.decode()
    assert "匹配“劳模”的超过 5 条，只列出最新的 5 条" in html
    # Still newest issue first, in reading order
    listed = list(Article.objects.filter(pk__in=newest).order_by("-issue__date", "page__number", "order"))
    assert listed_ids(response) == [a.pk for a in listed]


def test_a_rare_word_lists_every_match_without_a_note(client, chief, monkeypatch):
    monkeypatch.setattr(desk_admin_base, "SEARCH_LIST_CAP", 5)
    build(4)
    response = client.get(reverse("admin:articles_article_changelist"), {"q": "天气预报"})
    assert sorted(listed_ids(response)) == sorted(
        Article.objects.filter(headline="天气预报").values_list("pk", flat=True)
    )
    assert "只列出最新的" not in response.content.decode()


def test_a_capped_search_costs_the_same_queries_on_a_bigger_archive(
    client, chief, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(desk_admin_base, "SEARCH_LIST_CAP", 5)
    url = reverse("admin:articles_article_changelist") + "?q=劳模"
    build(2)
    with django_assert_max_num_queries(100) as small:
        assert client.get(url).status_code == 200
    build(10, first=2)
    with django_assert_max_num_queries(len(small.captured_queries)) as big:
        response = client.get(url)
    assert response.context["cl"].paginator.capped
    # The per-issue count groups only the capped set, never every match of the word.
    grouped = [q["sql"] for q in big.captured_queries if "GROUP BY" in q["sql"]]
    assert grouped and all("LIMIT 5" in sql for sql in grouped)
    assert all(sql.count("劳模") == 1 for sql in grouped), "the full-text match must run once, inside the cap"
