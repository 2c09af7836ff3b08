"""Two editors on one article: a stale save is refused with the other editor's changes shown and
the stale editor's text kept; every write path raises the version; who else has a form open."""

import datetime

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, EditSession
from desk import editing, services
from issues.models import Status
from tests.desk.helpers import article_form, make_user
from tests.factories import make_article, make_issue, make_page

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def article():
    page = make_page(issue=make_issue(date="2023-05-10"))
    return make_article(
        page=page,
        headline="全省职工技能大赛开幕",
        paragraphs=["来自全省的三百名选手参加比赛。", "比赛为期三天。"],
    )


@pytest.fixture
def editors():
    return make_user("编辑", username="zhang"), make_user("编辑", username="li")


def change_url(article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


def test_second_stale_save_is_refused_and_keeps_both_fixes(article, editors):
    zhang, li = client_for(editors[0]), client_for(editors[1])
    opened = article.version
    # Both open the form: it carries the version they opened.
    for client in (zhang, li):
        assert f'name="version" value="{opened}"' in client.get(change_url(article)).content.decode()

    first = article_form(
        article, version=opened, body="<p>来自全省的三百名选手参加决赛。</p><p>比赛为期三天。</p>"
    )
    response = zhang.post(change_url(article), first)
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.version == opened + 1

    second = article_form(article, version=opened, headline="全省职工职业技能大赛开幕")
    second["body"] = (
        "<p>来自全省的三百名选手参加比赛。</p><p>比赛为期四天。</p>"  # written before the first save
    )
    response = li.post(change_url(article), second)
    assert response.status_code == 200  # refused: the form again
    page = response.content.decode()
    assert "未保存" in page and "zhang" in page and f"第 {opened} 版 → 第 {opened + 1} 版" in page
    # The diff shows what zhang changed (比赛 → 决赛 in the body), not li's own edits.
    stale = response.context["adminform"].form.stale_save
    assert [change.name for change in stale.changes] == ["body"] and stale.since_opened
    assert "<del>比</del><ins>决</ins>赛" in str(stale.changes[0].diff)
    # li's text is kept in the form, which now carries the current version.
    assert "全省职工职业技能大赛开幕" in page and "比赛为期四天" in page
    assert f'name="version" value="{opened + 1}"' in page
    article.refresh_from_db()
    assert "决赛" in article.body and article.headline == "全省职工技能大赛开幕"

    # After merging, li saves again on purpose: both fixes are in.
    merged = article_form(article, version=opened + 1, headline="全省职工职业技能大赛开幕")
    merged["body"] = "<p>来自全省的三百名选手参加决赛。</p><p>比赛为期四天。</p>"
    assert li.post(change_url(article), merged).status_code == 302
    article.refresh_from_db()
    assert article.headline == "全省职工职业技能大赛开幕"
    assert "决赛" in article.body and "四天" in article.body
    assert article.version == opened + 2


def test_stale_save_without_a_recorded_opened_version_compares_with_the_submission(article, editors):
    """A bulk publish raises the version too; if the opened version has no revision, the editor still
    sees the difference between what is saved and what they submitted."""
    opened = article.version
    Article.objects.filter(pk=article.pk).update(headline="别人改过的标题", version=opened + 1)
    response = client_for(editors[1]).post(change_url(article), article_form(article, version=opened))
    assert response.status_code == 200
    stale = response.context["adminform"].form.stale_save
    assert not stale.since_opened
    assert [change.name for change in stale.changes] == ["headline"]
    assert "别人改过的标题" in str(stale.changes[0].diff)


@pytest.mark.parametrize("via", ["model save", "publish action", "unpublish action", "import"])
def test_every_write_path_raises_the_version(via, article, seed_2021, tmp_path, editors):
    if via == "model save":
        before = article.version
        article.headline = "新标题"
        article.save(update_fields=["headline"])
        article.refresh_from_db()
        assert article.version == before + 1
        return
    if via in {"publish action", "unpublish action"}:
        before = article.version
        articles = Article.objects.filter(pk=article.pk)
        if via == "publish action":
            services.publish_articles(articles=articles, user=editors[0])
        else:
            services.unpublish_articles(articles=articles, user=editors[0])
        article.refresh_from_db()
        assert article.version == before + 1
        return
    # A re-import of a changed file updates the kept articles in place (bulk_update).
    call_command("import_issues", str(seed_2021), verbosity=0)
    imported = Article.objects.filter(issue__date="2021-08-07").order_by("page__number", "order").first()
    assert imported.version == 1  # new rows get the database default
    changed = tmp_path / "changed.txt"
    changed.write_text(seed_2021.read_text(encoding="utf-8") + "\n\n", encoding="utf-8")
    call_command("import_issues", str(changed), verbosity=0)
    imported.refresh_from_db()
    assert imported.version == 2


def test_import_between_open_and_save_is_not_undone(seed_2021, tmp_path, editors):
    call_command("import_issues", str(seed_2021), verbosity=0)
    article = Article.objects.filter(issue__date="2021-08-07", status=Status.PUBLISHED).first()
    opened = article.version
    changed = tmp_path / "changed.txt"
    changed.write_text(seed_2021.read_text(encoding="utf-8") + "\n\n", encoding="utf-8")
    call_command("import_issues", str(changed), verbosity=0)
    response = client_for(editors[0]).post(change_url(article), article_form(article, version=opened))
    assert response.status_code == 200 and "未保存" in response.content.decode()


def test_form_without_a_version_is_saved_as_before(article, editors):
    """Scripts and old forms that send no version are not checked (nothing to compare with)."""
    response = client_for(editors[0]).post(change_url(article), article_form(article, headline="改"))
    assert response.status_code == 302


# --- who else has it open ------------------------------------------------------------------------


def test_change_form_shows_who_else_has_it_open_without_javascript(article, editors):
    zhang, li = client_for(editors[0]), client_for(editors[1])
    alone = zhang.get(change_url(article)).content.decode()
    assert 'id="desk-editing"' in alone and "也打开了此页" not in alone
    page = li.get(change_url(article)).content.decode()
    assert "zhang（" in page and "也打开了此页" in page
    assert EditSession.objects.count() == 2


def test_heartbeat_refreshes_reports_and_releases(article, editors):
    zhang, li = client_for(editors[0]), client_for(editors[1])
    url = reverse("admin:articles_article_editing", args=[article.pk])
    assert zhang.get(url).status_code == 405
    zhang.get(change_url(article))
    data = li.post(url).json()
    assert [other["name"] for other in data["others"]] == ["zhang"]
    assert "zhang" in data["text"] and data["version"] == article.version
    assert zhang.post(url, {"release": "1"}).json() == {"released": True}
    assert li.post(url).json()["others"] == []


def test_sessions_expire(article, editors):
    later = timezone.now() + datetime.timedelta(seconds=editing.EDIT_SESSION_SECONDS + 1)
    editing.touch_edit_session(model=Article, object_id=article.pk, user=editors[0])
    assert editing.other_editors(model=Article, object_id=article.pk, user=editors[1])
    assert editing.other_editors(model=Article, object_id=article.pk, user=editors[1], now=later) == []


def test_heartbeat_needs_permission(article):
    outsider = make_user(None, username="outsider")
    response = client_for(outsider).post(reverse("admin:articles_article_editing", args=[article.pk]))
    assert response.status_code in (403, 404)
    assert not EditSession.objects.exists()


def test_other_desk_forms_show_who_else_is_editing(article, editors):
    """Issues, pages, photos and bylines use the same expiring sessions (DeskVersionAdmin)."""
    zhang, li = client_for(editors[0]), client_for(make_user("档案管理员", username="wang"))
    issue_url = reverse("admin:issues_issue_change", args=[article.issue_id])
    zhang_editor = editors[0]
    zhang_editor.is_superuser = True
    zhang_editor.save()
    assert zhang.get(issue_url).status_code == 200
    page = li.get(issue_url).content.decode()
    assert "zhang（" in page and "也打开了此页" in page


# --- the other desk forms: the latest revision id stands in for a version -------------------------


def test_stale_byline_save_is_refused_with_the_other_change(editors):
    from tests.factories import make_byline

    byline = make_byline(name="曾晨路")
    url = reverse("admin:articles_byline_change", args=[byline.pk])
    zhang, li = client_for(editors[0]), client_for(editors[1])
    opened = [client.get(url).context["adminform"].form["desk_revision"].value() for client in (zhang, li)]
    assert opened == [0, 0]  # no revision yet (as after an import)
    assert 'form="byline_form"' in li.get(url).content.decode()

    assert zhang.post(url, {"name": "曾晨露", "bio": "", "desk_revision": 0}).status_code == 302
    response = li.post(url, {"name": "曾晨路", "bio": "本报记者", "desk_revision": 0})
    assert response.status_code == 200
    page = response.content.decode()
    assert "未保存" in page and "zhang" in page and "本报记者" in page  # li's bio kept
    stale = response.context["adminform"].form.stale_save
    assert [change.name for change in stale.changes] == ["name"]
    assert "露" in str(stale.changes[0].diff)
    byline.refresh_from_db()
    assert (byline.name, byline.bio) == ("曾晨露", "")
    # Saving again from the refreshed form is deliberate and goes through.
    again = response.context["adminform"].form["desk_revision"].value()
    assert li.post(url, {"name": "曾晨露", "bio": "本报记者", "desk_revision": again}).status_code == 302
    byline.refresh_from_db()
    assert (byline.name, byline.bio) == ("曾晨露", "本报记者")


def test_issue_form_is_guarded_too(article, editors):
    """A bulk publish of the issue (a revision of its own) after the form was opened makes it stale."""
    from issues.models import Issue

    archivist = client_for(make_user("档案管理员", username="wang"))
    url = reverse("admin:issues_issue_change", args=[article.issue_id])
    form = archivist.get(url).context["adminform"].form
    opened = form["desk_revision"].value()
    services.set_issue_status(
        issues=Issue.objects.filter(pk=article.issue_id), status=Status.DRAFT, user=editors[0]
    )
    response = archivist.post(
        url, {"date": "2023-05-10", "status": Status.PUBLISHED, "desk_revision": opened}
    )
    assert response.status_code == 200
    assert "未保存：您打开此页之后，zhang" in response.content.decode()
    stale = response.context["adminform"].form.stale_save
    assert "status" in [change.name for change in stale.changes]
    assert Issue.objects.get(pk=article.issue_id).status == Status.DRAFT


def test_a_revert_never_reuses_a_version_number(article, editors):
    """Reverting restores an old revision's fields, its version among them; the version still rises."""
    from reversion.models import Version

    from tests.desk.test_revisions import post_data_from

    client = client_for(editors[0])
    for headline in ("第二版标题", "第三版标题"):
        article.refresh_from_db()
        assert (
            client.post(
                change_url(article), article_form(article, headline=headline, version=article.version)
            ).status_code
            == 302
        )
    article.refresh_from_db()
    before = article.version
    oldest = Version.objects.get_for_object(article).order_by("pk").first()
    revision_url = reverse("admin:articles_article_revision", args=[article.pk, oldest.pk])
    response = client.post(revision_url, post_data_from(client.get(revision_url)))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.headline == "全省职工技能大赛开幕"
    assert article.version == before + 1


def test_sessions_nobody_refreshed_for_a_day_are_deleted(article, editors):
    long_ago = timezone.now() - datetime.timedelta(days=2)
    editing.touch_edit_session(model=Article, object_id=article.pk, user=editors[0], now=long_ago)
    editing.touch_edit_session(model=Article, object_id=article.pk, user=editors[1])
    assert list(EditSession.objects.values_list("user__username", flat=True)) == ["li"]
