"""The three newsroom roles created by the migration, enforced in the admin, previews and uploads."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from issues.models import Issue, Status
from tests.desk.helpers import article_form, make_user
from tests.factories import make_article, make_issue, make_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    page = make_page(issue=make_issue())
    return make_article(page=page, status=Status.DRAFT, body="<p>新就业形态劳动者</p>")


def test_migration_created_the_three_roles():
    perms = {
        group.name: set(group.permissions.values_list("codename", flat=True)) for group in Group.objects.all()
    }
    assert {"编辑", "校对", "档案管理员"} <= set(perms)
    assert {"change_article", "publish_article", "delete_byline"} <= perms["编辑"]
    assert "change_article" in perms["校对"] and "publish_article" not in perms["校对"]
    assert {"add_issue", "change_issue", "change_importwarning"} <= perms["档案管理员"]
    assert "change_article" not in perms["档案管理员"]


def test_editor_can_publish_from_the_form(client, article):
    client.force_login(make_user("编辑"))
    url = reverse("admin:articles_article_change", args=[article.pk])
    page = client.get(url).content.decode()
    assert 'name="status"' in page
    response = client.post(url, article_form(article, status=Status.PUBLISHED, headline="新标题"))
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.status, article.headline) == (Status.PUBLISHED, "新标题")


def test_editor_sees_publish_actions(client, article):
    client.force_login(make_user("编辑"))
    page = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert 'value="publish"' in page and 'value="unpublish"' in page


def test_proofreader_edits_text_but_cannot_publish(client, article):
    client.force_login(make_user("校对"))
    url = reverse("admin:articles_article_change", args=[article.pk])
    page = client.get(url).content.decode()
    assert 'name="status"' not in page and 'name="publish_at_0"' not in page  # read-only
    response = client.post(
        url, article_form(article, status=Status.PUBLISHED, body="<p>新就业形态劳动者们</p>")
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body == "<p>新就业形态劳动者们</p>"
    assert article.status == Status.DRAFT  # the posted status was ignored


def test_proofreader_has_no_publish_actions_and_cannot_post_them(client, article):
    client.force_login(make_user("校对"))
    url = reverse("admin:articles_article_changelist")
    page = client.get(url).content.decode()
    assert 'value="publish"' not in page and 'value="unpublish"' not in page
    client.post(url, {"action": "publish", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.status == Status.DRAFT


def test_proofreader_cannot_add_or_delete_articles(client, article):
    client.force_login(make_user("校对"))
    assert client.get(reverse("admin:articles_article_add")).status_code == 403
    assert client.get(reverse("admin:articles_article_delete", args=[article.pk])).status_code == 403


def test_archivist_manages_issues_but_not_article_text(client, article):
    client.force_login(make_user("档案管理员"))
    assert client.get(reverse("admin:issues_issue_changelist")).status_code == 200
    assert client.get(reverse("admin:issues_issue_add")).status_code == 200
    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert 'name="body"' not in page  # view only
    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]), article_form(article, body="<p>x</p>")
    )
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.body == "<p>新就业形态劳动者</p>"


def test_archivist_can_change_an_issue(client, article):
    client.force_login(make_user("档案管理员"))
    issue = article.issue
    response = client.post(
        reverse("admin:issues_issue_change", args=[issue.pk]),
        {
            "date": issue.date.isoformat(),
            "weekday": "星期六",
            "lunar_date": "辛丑年六月廿九",
            "number": 1186,
            "publication": "浙江工人日报",
            "status": Status.PUBLISHED,
            "publish_at_0": "",
            "publish_at_1": "",
            "pages-TOTAL_FORMS": 1,
            "pages-INITIAL_FORMS": 1,
            "pages-0-id": article.page_id,
            "pages-0-issue": issue.pk,
            "pages-0-number": 1,
            "pages-0-name": "要闻",
            "pages-0-editor": "周某",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    issue = Issue.objects.get(pk=issue.pk)
    assert issue.number == 1186 and issue.edited_at is not None
    assert issue.pages.get().editor == "周某"


def test_proofreader_cannot_change_issues(client, article):
    client.force_login(make_user("校对"))
    response = client.post(reverse("admin:issues_issue_change", args=[article.issue_id]), {"number": 1})
    assert response.status_code == 403


@pytest.mark.parametrize("role", ["编辑", "校对", "档案管理员", None])
def test_admin_index_per_role(client, role):
    client.force_login(make_user(role))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200


def test_non_staff_cannot_enter_the_admin(client):
    client.force_login(make_user("编辑", staff=False))
    response = client.get(reverse("admin:articles_article_changelist"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


# --- previews ----------------------------------------------------------------------------------


def test_preview_sends_anonymous_visitors_to_login(client, article):
    response = client.get(reverse("article-preview", args=[article.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize("role,staff", [("档案管理员", True), (None, True), ("编辑", False)])
def test_preview_forbidden_without_change_permission(client, article, role, staff):
    client.force_login(make_user(role, staff=staff))
    assert client.get(reverse("article-preview", args=[article.pk])).status_code == 403


@pytest.mark.parametrize("role", ["编辑", "校对"])
def test_preview_shows_the_draft_as_readers_will_see_it(client, article, role):
    client.force_login(make_user(role))
    response = client.get(reverse("article-preview", args=[article.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert article.headline in html and "新就业形态劳动者" in html
    assert "noindex" in html
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    # …while the draft itself is not visible to readers.
    client.logout()
    assert client.get(article.get_absolute_url()).status_code == 404


def test_preview_of_a_missing_article_is_404(client):
    client.force_login(make_user("编辑"))
    assert client.get(reverse("article-preview", args=[999999])).status_code == 404
