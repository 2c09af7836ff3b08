"""Corrections (更正): attached in the admin, shown dated on the article page, carried by JSON-LD as
a CorrectionComment, in the feeds, the export and the API, linked with the printed 更正 article,
and listed on /corrections/ (paginated, constant queries, cached) — published ones only."""

import datetime
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Correction
from issues.exporting import export_issues
from issues.models import Issue, Status
from tests.desk.helpers import article_form, make_user
from tests.factories import make_article, make_issue, make_page

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def story():
    page = make_page(issue=make_issue(date="2022-03-28"), number=2, name="综合新闻")
    return make_article(
        page=page, headline="全省职工技能大赛开幕", paragraphs=["来自全省的三百名选手参加比赛。"]
    )


@pytest.fixture
def notice():
    page = make_page(issue=make_issue(date="2022-03-30"), number=4, name="副刊")
    return make_article(
        page=page, headline="更正", paragraphs=["本报3月28日二版……特此更正。"], is_correction=True
    )


def correct(article, *, notice=None, status=Status.PUBLISHED, wrong="三百名", right="三千名", **fields):
    fields.setdefault("corrected_on", datetime.date(2022, 3, 30))
    return Correction.objects.create(
        article=article, wrong_text=wrong, right_text=right, notice=notice, status=status, **fields
    )


def json_ld_of(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


# --- the reader's article page ---------------------------------------------------------------


def test_article_page_shows_the_dated_correction_and_json_ld(client, story, notice):
    correct(story, notice=notice, note="系编辑失误。")
    html = client.get(story.get_absolute_url()).content.decode()
    assert "本文已更正，见文末" in html
    block = html[html.index('id="corrections"') :]
    assert "2022年3月30日" in block and "原文“三百名”有误，应为“三千名”。系编辑失误。" in block
    assert html.index('class="article-body"') < html.index('id="corrections"')  # below the body
    assert notice.get_absolute_url() in block  # links to the printed 更正
    data = json_ld_of(html)
    assert data["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": "原文“三百名”有误，应为“三千名”。系编辑失误。",
            "datePublished": "2022-03-30",
            "url": settings.NEWSROOM_SITE_URL.rstrip("/") + notice.get_absolute_url(),
        }
    ]
    assert f'href="{reverse("corrections")}"' in html  # the footer links to /corrections/


def test_the_printed_notice_links_back_to_the_corrected_article(client, story, notice):
    correct(story, notice=notice)
    html = client.get(notice.get_absolute_url()).content.decode()
    assert "本更正涉及的文章" in html and story.get_absolute_url() in html and "全省职工技能大赛开幕" in html
    assert "correction" not in json_ld_of(html)  # the notice itself is not corrected


@pytest.mark.parametrize(
    "hidden",
    ["draft correction", "scheduled correction", "unpublished article", "unpublished issue"],
)
def test_only_published_corrections_of_published_articles_are_shown(client, story, hidden):
    correction = correct(story)
    if hidden == "draft correction":
        Correction.objects.filter(pk=correction.pk).update(status=Status.DRAFT)
    elif hidden == "scheduled correction":
        Correction.objects.filter(pk=correction.pk).update(
            publish_at=timezone.now() + datetime.timedelta(hours=1)
        )
    elif hidden == "unpublished article":
        Article.objects.filter(pk=story.pk).update(status=Status.DRAFT)
    else:
        Issue.objects.filter(pk=story.issue_id).update(status=Status.DRAFT)
    cache.clear()
    assert Correction.objects.published().count() == 0
    listing = client.get(reverse("corrections")).content.decode()
    assert "三千名" not in listing and "暂无更正" in listing
    response = client.get(story.get_absolute_url())
    if response.status_code == 200:
        assert "三千名" not in response.content.decode()
    feed = client.get("/feed/").content.decode()
    assert "三千名" not in feed


def test_a_draft_notice_is_not_linked(client, story, notice):
    Article.objects.filter(pk=notice.pk).update(status=Status.DRAFT)
    correct(story, notice=notice)
    html = client.get(story.get_absolute_url()).content.decode()
    assert "三千名" in html and notice.get_absolute_url() not in html
    assert "url" not in json_ld_of(html)["correction"][0]


# --- /corrections/ --------------------------------------------------------------------------------


def test_corrections_page_lists_newest_first_and_paginates(client, story, notice):
    for day in range(1, 26):
        correct(story, wrong=f"错{day}", right=f"对{day}", corrected_on=datetime.date(2022, 4, day))
    first = client.get(reverse("corrections")).content.decode()
    assert first.index("对25") < first.index("对24") and "对5" not in first  # 20 a page
    assert "第1页，共2页" in first
    second = client.get(reverse("corrections") + "?page=2").content.decode()
    assert "对5" in second and "对1" in second and "对25" not in second
    assert client.get(reverse("corrections") + "?page=9").status_code == 404


def test_corrections_page_query_count_is_constant_and_cached(
    client, story, notice, django_assert_num_queries
):
    url = reverse("corrections")
    correct(story, notice=notice)
    client.get(url)  # establish the cache generation
    cache.clear()
    client.get(url)  # generation queries again
    with django_assert_num_queries(
        2
    ):  # count + one page (generation cached by the first request of this run)
        Client().get(url + "?page=1&x=1")
    for n in range(30):
        other = make_article(page=story.page, headline=f"文章{n}")
        correct(other, notice=notice, wrong=f"错{n}")
    client.get(url + "?warm=1")
    with django_assert_num_queries(2):
        response = Client().get(url + "?page=1&x=2")
    assert "错29" in response.content.decode()
    # Cached: the same URL again costs nothing, until a correction is saved.
    with django_assert_num_queries(0):
        again = Client().get(url + "?page=1&x=2")
    assert again["X-Reader-Cache"] == "hit"
    correct(story, wrong="新错", right="新对", corrected_on=datetime.date(2030, 1, 1))
    assert "新对" in Client().get(url + "?page=1&x=2").content.decode()


# --- feeds, export, API ----------------------------------------------------------------------------


def test_feed_carries_the_correction(client, story):
    correct(story)
    root = ET.fromstring(client.get("/feed/").content)
    descriptions = [item.findtext("description") for item in root.iter("item")]
    assert any("【更正 2022-03-30】原文“三百名”有误，应为“三千名”。" in d for d in descriptions)


def test_export_and_api_carry_corrections_backwards_compatibly(client, story, notice):
    correct(story, notice=notice, note="特此更正。")
    correct(story, status=Status.DRAFT, wrong="草稿错", right="草稿对")
    [full] = export_issues(Issue.objects.filter(pk=story.issue_id))
    exported = full["pages"][0]["articles"][0]
    # The keys every earlier export had are unchanged; "corrections" is new.
    assert set(exported) == {
        "id", "url", "kicker", "headline", "subheadline", "dateline", "bylines", "paragraphs", "photos", "corrections"
    }  # fmt: skip
    assert [c["wrong"] for c in exported["corrections"]] == ["三百名", "草稿错"]  # the archive keeps drafts
    assert exported["corrections"][0] == {
        "date": "2022-03-30",
        "wrong": "三百名",
        "right": "三千名",
        "note": "特此更正。",
        "notice_url": notice.get_absolute_url(),
    }
    api = client.get("/api/issues/2022-03-28/").json()
    assert api["pages"][0]["articles"][0]["corrections"] == [exported["corrections"][0]]
    assert api["pages"][0]["articles"][0]["headline"] == "全省职工技能大赛开幕"


# --- the editors' desk -------------------------------------------------------------------------------


def test_editor_attaches_a_correction_inline_linked_to_the_printed_notice(story, notice):
    editor = Client()
    editor.force_login(make_user("编辑", username="bian"))
    data = article_form(
        story,
        **{
            "corrections-TOTAL_FORMS": 1,
            "corrections-0-corrected_on": "2022-03-30",
            "corrections-0-status": Status.PUBLISHED,
            "corrections-0-wrong_text": "三百名",
            "corrections-0-right_text": "三千名",
            "corrections-0-notice": notice.pk,
        },
    )
    response = editor.post(reverse("admin:articles_article_change", args=[story.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    correction = story.corrections.get()
    assert correction.notice == notice and correction.status == Status.PUBLISHED
    assert "三千名" in Client().get(story.get_absolute_url()).content.decode()  # the cache was invalidated
    # The notice picker offers only 更正 articles.
    autocomplete = editor.get(
        reverse("admin:autocomplete"),
        {"app_label": "articles", "model_name": "correction", "field_name": "notice", "term": ""},
    ).json()
    assert [row["id"] for row in autocomplete["results"]] == [str(notice.pk)]


def test_proofreader_drafts_a_correction_but_cannot_publish_it(story):
    proofreader = Client()
    proofreader.force_login(make_user("校对", username="jiao"))
    form = proofreader.get(reverse("admin:articles_article_change", args=[story.pk])).content.decode()
    assert "corrections-TOTAL_FORMS" in form
    data = article_form(
        story,
        **{
            "corrections-TOTAL_FORMS": 1,
            "corrections-0-corrected_on": "2022-03-30",
            "corrections-0-status": Status.PUBLISHED,  # ignored: read-only for 校对
            "corrections-0-wrong_text": "三百名",
            "corrections-0-right_text": "三千名",
        },
    )
    del data["status"]  # the article's status is read-only for them too
    response = proofreader.post(reverse("admin:articles_article_change", args=[story.pk]), data)
    assert response.status_code == 302
    assert story.corrections.get().status == Status.DRAFT
    assert "三千名" not in Client().get(story.get_absolute_url()).content.decode()


def test_corrections_admin_list_renders(story, notice):
    editor = Client()
    editor.force_login(make_user("编辑", username="bian"))
    correct(story, notice=notice)
    response = editor.get(reverse("admin:articles_correction_changelist"))
    assert response.status_code == 200 and "三千名" in response.content.decode()


def test_a_form_posted_without_the_corrections_inline_keeps_them(story):
    """A change form opened before the inline existed (or a script) saves and leaves corrections alone."""
    correct(story)
    editor = Client()
    editor.force_login(make_user("编辑", username="bian"))
    data = article_form(story, headline="新标题")
    for key in [key for key in data if key.startswith("corrections-")]:
        del data[key]
    response = editor.post(reverse("admin:articles_article_change", args=[story.pk]), data)
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.headline == "新标题" and story.corrections.count() == 1


def test_an_imported_notice_is_linked_from_its_own_form(story, notice):
    """The 更正 article's form lists the corrections it announces; an article's form does not."""
    editor = Client()
    editor.force_login(make_user("编辑", username="bian"))
    assert (
        "corrections_announced-TOTAL_FORMS"
        not in editor.get(reverse("admin:articles_article_change", args=[story.pk])).content.decode()
    )
    url = reverse("admin:articles_article_change", args=[notice.pk])
    assert "corrections_announced-TOTAL_FORMS" in editor.get(url).content.decode()
    data = article_form(
        notice,
        **{
            "corrections_announced-TOTAL_FORMS": 1,
            "corrections_announced-INITIAL_FORMS": 0,
            "corrections_announced-0-corrected_on": "2022-03-30",
            "corrections_announced-0-status": Status.PUBLISHED,
            "corrections_announced-0-article": story.pk,
            "corrections_announced-0-wrong_text": "三百名",
            "corrections_announced-0-right_text": "三千名",
        },
    )
    response = editor.post(url, data)
    assert response.status_code == 302
    correction = Correction.objects.get()
    assert (correction.article, correction.notice) == (story, notice)
    reader = Client()
    assert story.get_absolute_url() in reader.get(notice.get_absolute_url()).content.decode()
    assert notice.get_absolute_url() in reader.get(story.get_absolute_url()).content.decode()
