"""Scheduled publishing without a scheduler: a published article with a future publish_at is simply
not matched by readers' queries until the time comes."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from issues.models import Issue, Status
from tests.desk.helpers import make_user
from tests.factories import make_article, make_issue, make_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def page():
    return make_page(issue=make_issue(date="2022-03-28"))


def test_future_publish_at_is_hidden_until_due(page):
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    article = make_article(page=page, status=Status.PUBLISHED, publish_at=tomorrow)
    assert not Article.objects.published().filter(pk=article.pk).exists()
    assert not article.is_visible()
    later = tomorrow + datetime.timedelta(minutes=1)
    assert Article.objects.published(now=later).filter(pk=article.pk).exists()
    assert article.is_visible(now=later)


def test_scheduled_article_reader_page_is_404_then_200(client, page):
    soon = timezone.now() + datetime.timedelta(hours=2)
    article = make_article(page=page, status=Status.PUBLISHED, publish_at=soon)
    assert client.get(article.get_absolute_url()).status_code == 404
    Article.objects.filter(pk=article.pk).update(publish_at=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get(article.get_absolute_url()).status_code == 200


def test_editor_schedules_through_the_form_and_list_shows_it(client, page):
    editor = make_user("编辑")
    client.force_login(editor)
    article = make_article(page=page, status=Status.DRAFT)
    due = timezone.localtime(timezone.now() + datetime.timedelta(days=1)).replace(
        hour=6, minute=0, second=0, microsecond=0
    )
    url = reverse("admin:articles_article_change", args=[article.pk])
    response = client.post(
        url,
        {
            "issue": page.issue_id,
            "page": page.pk,
            "order": article.order,
            "kind": article.kind,
            "headline": article.headline,
            "dateline": article.dateline,
            "body": article.body,
            "status": Status.PUBLISHED,
            "publish_at_0": due.strftime("%Y-%m-%d"),
            "publish_at_1": due.strftime("%H:%M:%S"),
            "credits-TOTAL_FORMS": 0,
            "credits-INITIAL_FORMS": 0,
            "photos-TOTAL_FORMS": 0,
            "photos-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED and article.publish_at == due
    assert not Article.objects.published().filter(pk=article.pk).exists()
    html = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "desk-scheduled" in html and due.strftime("%Y-%m-%d %H:%M") in html
    # "View on site" goes to the preview while the article is not yet due.
    assert reverse("article-preview", args=[article.pk]) in client.get(url).content.decode()


def test_publish_action_keeps_the_schedule(client, page):
    client.force_login(make_user("编辑"))
    due = timezone.now() + datetime.timedelta(hours=5)
    scheduled = make_article(page=page, status=Status.DRAFT, publish_at=due)
    immediate = make_article(page=page, status=Status.DRAFT)
    client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish", "_selected_action": [scheduled.pk, immediate.pk]},
    )
    assert set(Article.objects.filter(status=Status.PUBLISHED).values_list("pk", flat=True)) == {
        scheduled.pk,
        immediate.pk,
    }
    assert set(Article.objects.published().values_list("pk", flat=True)) == {immediate.pk}
    assert set(Article.objects.published(now=due).values_list("pk", flat=True)) == {
        scheduled.pk,
        immediate.pk,
    }


def test_article_waits_for_its_scheduled_issue(page):
    issue = page.issue
    Issue.objects.filter(pk=issue.pk).update(publish_at=timezone.now() + datetime.timedelta(days=1))
    article = make_article(page=page, status=Status.PUBLISHED)
    assert not Article.objects.published().filter(pk=article.pk).exists()
    assert (
        Article.objects.published(now=timezone.now() + datetime.timedelta(days=2))
        .filter(pk=article.pk)
        .exists()
    )


def test_issue_publish_actions(client, page):
    client.force_login(make_user("档案管理员"))
    article = make_article(page=page, status=Status.PUBLISHED)
    url = reverse("admin:issues_issue_changelist")
    client.post(url, {"action": "unpublish_issues", "_selected_action": [page.issue_id]})
    assert Issue.objects.get(pk=page.issue_id).status == Status.DRAFT
    assert not Article.objects.published().filter(pk=article.pk).exists()
    client.post(url, {"action": "publish_issues", "_selected_action": [page.issue_id]})
    assert Article.objects.published().filter(pk=article.pk).exists()


def test_unpublish_hides_immediately(client, page):
    client.force_login(make_user("编辑"))
    article = make_article(page=page, status=Status.PUBLISHED)
    assert client.get(article.get_absolute_url()).status_code == 200
    client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "unpublish", "_selected_action": [article.pk]},
    )
    client.logout()
    assert client.get(article.get_absolute_url()).status_code == 404
