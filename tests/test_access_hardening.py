"""Issue 14, access items 3–6: nothing of unpublished articles reaches readers through the API's
warnings or the search form's section list; a byline feed exists only for people with published
work and escapes their name; proofreaders can no longer add or rename bylines."""

import datetime
import importlib
import json
import xml.etree.ElementTree as ET

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Byline
from desk import services
from issues.models import ImportWarning, Status
from tests.desk.helpers import make_user, role_group
from tests.factories import make_article, make_byline, make_issue, make_page

pytestmark = pytest.mark.django_db

FUTURE = timezone.now() + datetime.timedelta(days=30)


# --- 3. API warnings ------------------------------------------------------------------------------


def test_api_warnings_never_quote_unpublished_articles(client):
    issue = make_issue(date="2022-03-28")
    page = make_page(issue=issue)
    shown = make_article(page=page, headline="公开报道")
    withdrawn = make_article(page=page, headline="已撤回的机密标题")
    scheduled = make_article(page=page, headline="尚未到点的定时稿", publish_at=FUTURE)
    for article in (shown, withdrawn, scheduled):
        ImportWarning.objects.create(
            issue=issue, article=article, code="headline", message=f"标题“{article.headline}”可能被分栏打断"
        )
    ImportWarning.objects.create(issue=issue, code="number_sequence", message="总期号与前一期不衔接")
    services.unpublish_articles(articles=Article.objects.filter(pk=withdrawn.pk))

    response = client.get(reverse("api-issue", kwargs={"date": issue.date}))
    assert response.status_code == 200
    body = response.content.decode()
    assert "已撤回的机密标题" not in body and "尚未到点的定时稿" not in body
    warnings = json.loads(body)["warnings"]
    assert warnings == ["标题“公开报道”可能被分栏打断", "总期号与前一期不衔接"]
    # The export for the archive (not public) keeps every warning.
    from issues.exporting import export_issues

    assert len(export_issues()[0]["warnings"]) == 4


# --- 4. search form's section list ------------------------------------------------------------------


def test_search_section_list_holds_published_content_only(client):
    make_article(page=make_page(issue=make_issue(date="2022-03-01"), name="要闻"))
    make_article(
        page=make_page(issue=make_issue(date="2022-03-02", status=Status.DRAFT), name="未发布期的版名")
    )
    make_article(page=make_page(issue=make_issue(date="2022-03-03", publish_at=FUTURE), name="定时期的版名"))
    make_article(
        page=make_page(issue=make_issue(date="2022-03-04"), name="只有草稿的版名"), status=Status.DRAFT
    )
    html = client.get(reverse("search")).content.decode()
    assert ">要闻</option>" in html
    for hidden in ("未发布期的版名", "定时期的版名", "只有草稿的版名"):
        assert hidden not in html


# --- 5. byline feed ---------------------------------------------------------------------------------


def test_byline_feed_is_404_without_published_work(client):
    page = make_page(issue=make_issue())
    only_drafts = make_byline(name="只在草稿里的人")
    make_article(page=page, status=Status.DRAFT, credits=[(only_drafts, "记者")])
    nobody = make_byline(name="无署名作品")
    for byline in (only_drafts, nobody):
        assert client.get(reverse("byline", args=[byline.pk])).status_code == 404
        response = client.get(reverse("byline-feed", args=[byline.pk]))
        assert response.status_code == 404
        assert byline.name not in response.content.decode()


def test_byline_feed_description_escapes_the_name(client):
    person = make_byline(name='<img src=x onerror="alert(1)">曾')
    make_article(page=make_page(issue=make_issue()), credits=[(person, "记者")])
    response = client.get(reverse("byline-feed", args=[person.pk]))
    assert response.status_code == 200
    channel = ET.fromstring(response.content).find("channel")
    description = channel.find("description").text
    # After XML parsing the description is HTML for the feed reader: the tag must be text there.
    assert "<img" not in description and "&lt;img" in description


# --- 6. byline permissions per role -----------------------------------------------------------------


@pytest.mark.parametrize("role", ["校对", "档案管理员"])
def test_only_editors_add_or_rename_bylines(client, role):
    person = make_byline(name="曾晨路")
    client.force_login(make_user(role))
    add = reverse("admin:articles_byline_add")
    change = reverse("admin:articles_byline_change", args=[person.pk])
    assert client.get(add).status_code == 403
    assert client.post(add, {"name": "新人"}).status_code == 403
    assert client.post(change, {"name": "改名"}).status_code == 403
    assert not Byline.objects.filter(name__in=["新人", "改名"]).exists()
    # They still see bylines, so the credit inline's autocomplete finds existing people.
    assert client.get(change).status_code == 200
    search = client.get(
        reverse("admin:autocomplete"),
        {"term": "曾", "app_label": "articles", "model_name": "articlecredit", "field_name": "byline"},
    )
    assert search.status_code == 200
    assert [row["text"].split(" · ")[0] for row in search.json()["results"]] == ["曾晨路"]


def test_editors_add_and_rename_bylines(client):
    person = make_byline(name="曾晨路")
    client.force_login(make_user("编辑"))
    assert client.post(reverse("admin:articles_byline_add"), {"name": "新人"}).status_code == 302
    response = client.post(reverse("admin:articles_byline_change", args=[person.pk]), {"name": "曾晨璐"})
    assert response.status_code == 302
    assert Byline.objects.filter(name__in=["新人", "曾晨璐"]).count() == 2


def test_migration_takes_byline_rights_from_existing_proofreader_groups():
    group = role_group("校对")
    codes = ["add_byline", "change_byline"]
    group.permissions.add(*Permission.objects.filter(content_type__app_label="articles", codename__in=codes))
    importlib.import_module("issues.migrations.0004_proofreader_bylines").restrict(apps, None)
    assert not group.permissions.filter(codename__in=[*codes, "delete_byline"]).exists()
    assert group.permissions.filter(codename="view_byline").exists()
