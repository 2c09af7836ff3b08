"""Reverting and recovering through the history views respect the change form's field permissions
(issue 14, item 1): a 校对's revert keeps the current status and publish time; a revision that would
change, re-create or delete objects the user may not is refused with a message. Real admin views,
HTTP client, the migration's roles."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles.models import Article
from issues.models import Page, Status
from tests.desk.helpers import make_user
from tests.desk.test_revisions import post_data_from
from tests.factories import make_article, make_issue, make_page, make_photo

pytestmark = pytest.mark.django_db

LATER = timezone.make_aware(datetime.datetime(2031, 1, 1, 8, 0))


def save_through_admin(client, obj, **changes):
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    data = post_data_from(client.get(url))
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


@pytest.fixture
def withdrawn(client):
    """A published article an editor then withdrew (draft, rescheduled) and corrected: the first
    revision (the baseline) is published, the newest is a draft."""
    article = make_article(page=make_page(issue=make_issue()), headline="原标题")
    client.force_login(make_user("编辑"))
    local = timezone.localtime(LATER)
    save_through_admin(
        client,
        article,
        headline="撤回后的标题",
        status=Status.DRAFT,
        publish_at_0=local.strftime("%Y-%m-%d"),
        publish_at_1=local.strftime("%H:%M:%S"),
    )
    client.logout()
    article.refresh_from_db()
    assert article.status == Status.DRAFT and article.publish_at == LATER
    return article


def revert_to_baseline(client, obj):
    baseline = Version.objects.get_for_object(obj).last()
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_revision", args=[obj.pk, baseline.pk])
    page = client.get(url)
    return page, (client.post(url, post_data_from(page)) if page.status_code == 200 else page)


def test_proofreader_revert_keeps_status_and_publish_time(client, withdrawn):
    client.force_login(make_user("校对"))
    page, response = revert_to_baseline(client, withdrawn)
    assert page.status_code == 200
    # The preview already shows what will be kept, not the revision's "已发布".
    assert page.context["adminform"].form.instance.status == Status.DRAFT
    assert response.status_code == 302
    article = Article.objects.get(pk=withdrawn.pk)
    assert article.headline == "原标题"  # the text is restored …
    assert article.status == Status.DRAFT  # … the publishing fields are not
    assert article.publish_at == LATER
    assert not Article.objects.published().filter(pk=article.pk).exists()
    # The revert is itself a revision, and it records the kept state.
    assert Version.objects.get_for_object(article).first().field_dict["status"] == Status.DRAFT


def test_editor_revert_still_restores_status(client, withdrawn):
    client.force_login(make_user("编辑", username="chief-editor"))
    _, response = revert_to_baseline(client, withdrawn)
    assert response.status_code == 302
    article = Article.objects.get(pk=withdrawn.pk)
    assert (article.headline, article.status, article.publish_at) == ("原标题", Status.PUBLISHED, None)


def test_revert_that_would_delete_a_photo_is_refused_for_a_proofreader(client, withdrawn):
    make_photo(article=withdrawn)  # joined the article after the baseline: a revert deletes it
    client.force_login(make_user("校对"))
    page, response = revert_to_baseline(client, withdrawn)
    assert page.status_code == 302
    assert page.url == reverse("admin:articles_article_history", args=[withdrawn.pk])
    messages = [str(m) for m in client.get(page.url).context["messages"]]
    assert any("不能恢复这个版本" in m and "删除" in m and "图片" in m for m in messages), messages
    article = Article.objects.get(pk=withdrawn.pk)
    assert article.headline == "撤回后的标题" and article.photos.count() == 1
    # A POST straight to the view is refused the same way.
    baseline = Version.objects.get_for_object(withdrawn).last()
    url = reverse("admin:articles_article_revision", args=[withdrawn.pk, baseline.pk])
    assert client.post(url, {"headline": "x"}).status_code == 302
    assert Article.objects.get(pk=withdrawn.pk).headline == "撤回后的标题"


def test_issue_revert_that_would_delete_a_page_is_refused_for_an_editor(client):
    """Every model with history: an Issue's revision follows its pages; 编辑 may change issues and
    pages but not delete pages, so a revert that would remove a page added since is refused."""
    issue = make_issue()
    make_page(issue=issue, number=1)
    client.force_login(make_user("编辑"))
    save_through_admin(client, issue, lunar_date="辛丑年六月三十")
    make_page(issue=issue, number=2, name="新增版")
    page, _ = revert_to_baseline(client, issue)
    assert page.status_code == 302
    assert Page.objects.filter(issue=issue).count() == 2
    issue.refresh_from_db()
    assert issue.lunar_date == "辛丑年六月三十"
    # 档案管理员 may delete pages: the same revert goes through.
    client.force_login(make_user("档案管理员"))
    page, response = revert_to_baseline(client, issue)
    assert page.status_code == 200 and response.status_code == 302
    assert Page.objects.filter(issue=issue).count() == 1
    issue.refresh_from_db()
    assert issue.lunar_date == "辛丑年六月廿九"


def test_proofreader_cannot_recover_a_deleted_article(client, withdrawn):
    version = Version.objects.get_for_object(withdrawn).last()
    withdrawn.delete()
    client.force_login(make_user("校对"))
    url = reverse("admin:articles_article_recover", args=[version.pk])
    assert client.post(url, {}).status_code in (302, 403)
    assert not Article.objects.filter(pk=version.object_id).exists()
