"""The editors' desk pages and actions: lists (constant queries), filters, search, the article
form with the OCR source beside the body, import warnings, saving, merging bylines, re-parsing."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleCredit, Byline, Photo, PhotoCredit
from issues.models import ImportWarning, Issue, Page, Status
from tests.desk.helpers import article_form, make_superuser, make_user
from tests.factories import make_article, make_byline, make_issue, make_page, make_photo

pytestmark = pytest.mark.django_db


def build_archive(issues: int, articles_per_issue: int = 3) -> None:
    reporter, correspondent = make_byline(name="曾晨路"), make_byline(name="郁诗怡")
    for index in range(issues):
        issue = make_issue(date=datetime.date(2021, 8, 1) + datetime.timedelta(days=index))
        ImportWarning.objects.create(issue=issue, code="x", message=f"警告{index}", line=3)
        page = make_page(issue=issue, number=1)
        for _ in range(articles_per_issue):
            article = make_article(page=page, credits=[(reporter, "记者"), (correspondent, "通讯员")])
            make_photo(article=article, credits=[(correspondent, "通讯员")])


@pytest.fixture
def chief(client):
    user = make_superuser()
    client.force_login(user)
    return user


@pytest.fixture
def imported(seed_2021, seed_2022):
    call_command("import_issues", str(seed_2021), str(seed_2022), verbosity=0)
    return Article.objects.get(headline__startswith="高站位高质量高标准")


# --- every page renders -----------------------------------------------------------------------


def test_every_desk_page_renders(client, chief, imported):
    photo = Photo.objects.first()
    byline = Byline.objects.first()
    issue = imported.issue
    urls = [
        reverse("admin:index"),
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_add"),
        reverse("admin:articles_article_change", args=[imported.pk]),
        reverse("admin:articles_article_history", args=[imported.pk]),
        reverse("admin:articles_photo_changelist"),
        reverse("admin:articles_photo_change", args=[photo.pk]),
        reverse("admin:articles_byline_changelist"),
        reverse("admin:articles_byline_change", args=[byline.pk]),
        reverse("admin:issues_issue_changelist"),
        reverse("admin:issues_issue_change", args=[issue.pk]),
        reverse("admin:issues_page_changelist"),
        reverse("admin:issues_page_change", args=[imported.page_id]),
        reverse("admin:issues_importwarning_changelist"),
        reverse("admin:articles_article_changelist") + "?warnings=issue",
        reverse("admin:articles_article_changelist") + "?warnings=article",
        reverse("admin:articles_article_changelist") + "?warnings=none",
        reverse("admin:issues_issue_changelist") + "?warnings=open",
        reverse("admin:issues_importwarning_changelist") + "?resolved=no",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "浙江工人日报 · 采编后台" in response.content.decode(), url


def test_article_list_shows_what_editors_scan_for(client, chief):
    issue = make_issue(date="2022-03-28")
    article = make_article(
        page=make_page(issue=issue, number=3),
        headline="深化新就业形态劳动者",
        credits=[(make_byline(), "记者")],
    )
    Article.objects.filter(pk=article.pk).update(updated_by=chief)
    html = client.get(reverse("admin:articles_article_changelist")).content.decode()
    for text in [
        "2022-03-28",
        "深化新就业形态劳动者",
        "记者曾晨路",
        "已发布",
        chief.username,
        "日期",
        "版",
        "署名",
    ]:
        assert text in html


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:articles_article_changelist",
        "admin:issues_issue_changelist",
        "admin:articles_photo_changelist",
        "admin:articles_byline_changelist",
        "admin:issues_importwarning_changelist",
        "admin:issues_page_changelist",
    ],
)
def test_lists_cost_a_constant_number_of_queries(client, chief, django_assert_max_num_queries, url_name):
    build_archive(2)
    with django_assert_max_num_queries(100) as small:
        assert client.get(reverse(url_name)).status_code == 200
    build_archive_more = 8
    for index in range(build_archive_more):
        issue = make_issue(date=datetime.date(2022, 1, 1) + datetime.timedelta(days=index))
        ImportWarning.objects.create(issue=issue, code="x", message="警告", line=1)
        page = make_page(issue=issue)
        for _ in range(3):
            article = make_article(page=page, credits=[(Byline.objects.first(), "记者")])
            make_photo(article=article, credits=[(Byline.objects.last(), "通讯员")])
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(reverse(url_name)).status_code == 200


# --- filters and search -------------------------------------------------------------------------


def test_article_filters(client, chief):
    zeng, hu = make_byline(name="曾晨路"), make_byline(name="胡聃")
    one = make_issue(date="2021-08-07")
    two = make_issue(date="2022-03-28")
    make_article(page=make_page(issue=one, number=1), headline="甲文", credits=[(zeng, "记者")])
    a2 = make_article(
        page=make_page(issue=two, number=3), headline="乙文", status=Status.DRAFT, credits=[(hu, "记者")]
    )
    ImportWarning.objects.create(issue=two, article=a2, code="x", message="无法归属的文字", line=9)
    ImportWarning.objects.create(issue=one, code="y", message="已核对", resolved_at=timezone.now())
    url = reverse("admin:articles_article_changelist")

    def titles(query: str) -> set[str]:
        response = client.get(url + query)
        assert response.status_code == 200
        return {a.headline for a in response.context["cl"].result_list}

    assert titles("") == {"甲文", "乙文"}
    assert titles(f"?credits__byline__id__exact={zeng.pk}") == {"甲文"}
    assert titles("?status__exact=draft") == {"乙文"}
    assert titles("?page__number=3") == {"乙文"}
    assert titles("?issue__date__year=2021") == {"甲文"}
    assert titles("?issue__date__year=2022&issue__date__month=3&issue__date__day=28") == {"乙文"}
    assert titles("?warnings=article") == {"乙文"}
    assert titles("?warnings=issue") == {"乙文"}
    assert titles("?warnings=none") == {"甲文"}


def test_article_search_delegates_to_the_search_backend(client, chief):
    page = make_page(issue=make_issue())
    make_article(page=page, headline="宁波户外劳动者驿站亮相", paragraphs=["职工之家。"])
    make_article(page=page, headline="省总工会全会在杭召开", paragraphs=["共同富裕示范区。"])
    response = client.get(reverse("admin:articles_article_changelist") + "?q=驿站")
    assert [a.headline for a in response.context["cl"].result_list] == ["宁波户外劳动者驿站亮相"]
    response = client.get(reverse("admin:articles_article_changelist") + "?q=共同富裕")
    assert [a.headline for a in response.context["cl"].result_list] == ["省总工会全会在杭召开"]


def test_issue_list_counts_warnings_and_filters(client, chief):
    noisy, quiet = make_issue(date="2021-08-07"), make_issue(date="2022-03-28")
    ImportWarning.objects.create(issue=noisy, code="x", message="一", line=1)
    ImportWarning.objects.create(issue=noisy, code="x", message="二", line=2)
    ImportWarning.objects.create(issue=noisy, code="x", message="三", line=3, resolved_at=timezone.now())
    response = client.get(reverse("admin:issues_issue_changelist") + "?warnings=open")
    rows = list(response.context["cl"].result_list)
    assert [i.pk for i in rows] == [noisy.pk] and rows[0].n_open_warnings == 2
    response = client.get(reverse("admin:issues_issue_changelist") + "?date__year=2022")
    assert [i.pk for i in response.context["cl"].result_list] == [quiet.pk]


# --- the article form -------------------------------------------------------------------------


def test_change_form_shows_source_beside_body_and_warnings(client, chief, imported):
    warning = ImportWarning.objects.get(issue=imported.issue)
    html = client.get(reverse("admin:articles_article_change", args=[imported.pk])).content.decode()
    assert "field-body field-source_display" in html  # one row, two columns
    assert "本报讯 记者阮向民报道" in html  # the original OCR text
    assert 'class="desk-warnings"' in html and warning.message in html
    assert reverse("admin:issues_importwarning_resolve", args=[warning.pk]) in html
    assert "ck-editor-container" in html  # CKEditor 5
    assert reverse("article-preview", args=[imported.pk]) in html


def test_resolving_a_warning_records_who_and_when(client, chief, imported):
    warning = ImportWarning.objects.get(issue=imported.issue)
    back = reverse("admin:articles_article_change", args=[imported.pk])
    response = client.post(reverse("admin:issues_importwarning_resolve", args=[warning.pk]), {"next": back})
    assert response.status_code == 302 and response["Location"] == back
    warning.refresh_from_db()
    assert warning.resolved_by == chief and warning.resolved_at is not None
    assert 'class="desk-warnings"' not in client.get(back).content.decode()  # no open warning left
    # Off-site "next" is ignored.
    response = client.post(
        reverse("admin:issues_importwarning_resolve", args=[warning.pk]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("admin:issues_issue_change", args=[imported.issue_id])
    assert client.get(reverse("admin:issues_importwarning_resolve", args=[warning.pk])).status_code == 405


def test_archivist_resolves_warnings_in_bulk_and_archivist_only(client, imported):
    warning = ImportWarning.objects.get(issue=imported.issue)
    client.force_login(make_user("档案管理员"))
    client.post(
        reverse("admin:issues_importwarning_changelist"),
        {"action": "resolve", "_selected_action": [warning.pk]},
    )
    warning.refresh_from_db()
    assert warning.resolved_at is not None
    nobody = make_user(None, username="nobody")
    client.force_login(nobody)
    other = ImportWarning.objects.create(issue=imported.issue, code="x", message="m")
    assert client.post(reverse("admin:issues_importwarning_resolve", args=[other.pk])).status_code == 403
    other.refresh_from_db()
    assert other.resolved_at is None


def test_saving_sets_updated_by_marks_the_issue_edited_and_sanitises(client, imported):
    editor = make_user("编辑")
    client.force_login(editor)
    issue = imported.issue
    assert not issue.edited_since_import
    body = (
        imported.body.replace("协调小组", "协调领导小组", 1)
        + '<p onclick="x()">尾<script>alert(1)</script></p>'
    )
    response = client.post(
        reverse("admin:articles_article_change", args=[imported.pk]), article_form(imported, body=body)
    )
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    imported.refresh_from_db()
    assert imported.updated_by == editor
    assert "协调领导小组" in imported.body
    assert "<script" not in imported.body and "onclick" not in imported.body
    assert Issue.objects.get(pk=issue.pk).edited_since_import

    # …so the importer now refuses to overwrite the correction without --replace.
    from issues.importing import import_file
    from tests.conftest import SEED_2022

    result = import_file(SEED_2022)
    assert result.outcome in {"skipped_edited", "unchanged"}
    assert "协调领导小组" in Article.objects.get(pk=imported.pk).body


def test_credits_inline_keeps_order_and_creates_new_bylines_via_autocomplete(client, chief):
    article = make_article(page=make_page(issue=make_issue()), credits=[(make_byline(name="曾晨路"), "记者")])
    newcomer = Byline.objects.create(name="郁诗怡")  # as the autocomplete's "+" popup creates it
    data = article_form(article)
    data |= {
        "credits-TOTAL_FORMS": 2,
        "credits-1-article": article.pk,
        "credits-1-order": 2,
        "credits-1-role": "通讯员",
        "credits-1-byline": newcomer.pk,
    }
    response = client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 302
    assert [(c.role, c.byline.name) for c in article.credits.order_by("order")] == [
        ("记者", "曾晨路"),
        ("通讯员", "郁诗怡"),
    ]
    html = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert reverse("admin:autocomplete") in html or "admin-autocomplete" in html
    response = client.get(
        reverse("admin:autocomplete"),
        {"term": "郁诗", "app_label": "articles", "model_name": "articlecredit", "field_name": "byline"},
    )
    texts = [r["text"] for r in response.json()["results"]]  # the latest credit tells namesakes apart
    assert len(texts) == 1 and texts[0].startswith("郁诗怡 · 通讯员 · ")


def test_photo_credits_are_edited_on_the_photo_page(client, chief):
    article = make_article(page=make_page(issue=make_issue()))
    photo = make_photo(article=article, credits=[(make_byline(name="李国峰"), "见习记者")])
    html = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert "见习记者李国峰" in html  # summary on the article form
    assert reverse("admin:articles_photo_change", args=[photo.pk]) in html  # link to edit the credits
    newcomer = make_byline(name="邹伟锋")
    credit = photo.credits.get()
    response = client.post(
        reverse("admin:articles_photo_change", args=[photo.pk]),
        {
            "article": article.pk,
            "order": photo.order,
            "caption": photo.caption,
            "credit_text": "见习记者李国峰 记者邹伟锋 摄",
            "credits-TOTAL_FORMS": 2,
            "credits-INITIAL_FORMS": 1,
            "credits-0-id": credit.pk,
            "credits-0-photo": photo.pk,
            "credits-0-order": 1,
            "credits-0-role": "见习记者",
            "credits-0-byline": credit.byline_id,
            "credits-1-photo": photo.pk,
            "credits-1-order": 2,
            "credits-1-role": "记者",
            "credits-1-byline": newcomer.pk,
        },
    )
    assert response.status_code == 302
    assert [c.byline.name for c in photo.credits.order_by("order")] == ["李国峰", "邹伟锋"]
    assert Issue.objects.get(pk=article.issue_id).edited_at is not None


def test_page_edit_marks_the_issue_edited(client, chief):
    issue = make_issue()
    page = make_page(issue=issue)
    response = client.post(
        reverse("admin:issues_page_change", args=[page.pk]),
        {"issue": issue.pk, "number": 1, "name": "综合新闻", "editor": "周某", "meta_lines": "[]"},
    )
    assert response.status_code == 302
    assert Page.objects.get(pk=page.pk).name == "综合新闻"
    assert Issue.objects.get(pk=issue.pk).edited_at is not None


def test_view_on_site_is_the_reader_page_or_the_preview(client, chief):
    page = make_page(issue=make_issue())
    live = make_article(page=page)
    draft = make_article(page=page, status=Status.DRAFT)
    live_html = client.get(reverse("admin:articles_article_change", args=[live.pk])).content.decode()
    draft_html = client.get(reverse("admin:articles_article_change", args=[draft.pk])).content.decode()
    assert f'href="{live.get_absolute_url()}"' in live_html
    assert f'href="{reverse("article-preview", args=[draft.pk])}"' in draft_html
    assert client.get(live.get_absolute_url()).status_code == 200
    assert "预览（读者所见）" in draft_html


# --- bulk actions --------------------------------------------------------------------------------


def test_merge_bylines_moves_every_credit_keeping_order(client, chief):
    page = make_page(issue=make_issue())
    keep, dup, other = (
        make_byline(name="曾晨路"),
        make_byline(name="曾晨路", bio="浙江工人日报记者"),
        make_byline(name="胡聃"),
    )
    a1 = make_article(page=page, credits=[(keep, "记者")])
    a2 = make_article(page=page, credits=[(other, "记者"), (dup, "见习记者")])
    photo = make_photo(article=a2, credits=[(dup, "通讯员"), (other, "记者")])
    url = reverse("admin:articles_byline_changelist")

    confirm = client.post(url, {"action": "merge_bylines", "_selected_action": [keep.pk, dup.pk]})
    assert confirm.status_code == 200
    assert "确认合并" in confirm.content.decode() and Byline.objects.count() == 3  # nothing merged yet

    response = client.post(
        url,
        {"action": "merge_bylines", "_selected_action": [keep.pk, dup.pk], "post": "yes", "target": keep.pk},
    )
    assert response.status_code == 302
    assert not Byline.objects.filter(pk=dup.pk).exists()
    assert [(c.byline_id, c.role, c.order) for c in a2.credits.order_by("order")] == [
        (other.pk, "记者", 1),
        (keep.pk, "见习记者", 2),
    ]
    assert [(c.byline_id, c.role) for c in photo.credits.order_by("order")] == [
        (keep.pk, "通讯员"),
        (other.pk, "记者"),
    ]
    assert a1.credits.get().byline_id == keep.pk
    keep.refresh_from_db()
    assert keep.bio == "浙江工人日报记者"
    assert ArticleCredit.objects.count() == 3 and PhotoCredit.objects.count() == 2
    # The merged-away record can be recovered from the history.
    from reversion.models import Version

    assert Version.objects.get_deleted(Byline).filter(object_id=str(dup.pk)).exists()


def test_merge_needs_two_bylines_and_permission(client):
    one, two = make_byline(name="甲"), make_byline(name="乙")
    client.force_login(make_user("校对"))  # may change bylines but not delete them
    page = client.get(reverse("admin:articles_byline_changelist")).content.decode()
    assert 'value="merge_bylines"' not in page
    client.post(
        reverse("admin:articles_byline_changelist"),
        {"action": "merge_bylines", "_selected_action": [one.pk, two.pk], "post": "yes", "target": one.pk},
    )
    assert Byline.objects.count() == 2
    client.force_login(make_user("编辑"))
    response = client.post(
        reverse("admin:articles_byline_changelist"),
        {"action": "merge_bylines", "_selected_action": [one.pk]},
        follow=True,
    )
    assert "至少选择两条" in response.content.decode()
    assert Byline.objects.count() == 2


def test_publish_and_unpublish_actions(client, chief):
    page = make_page(issue=make_issue())
    drafts = [make_article(page=page, status=Status.DRAFT) for _ in range(3)]
    url = reverse("admin:articles_article_changelist")
    client.post(url, {"action": "publish", "_selected_action": [a.pk for a in drafts[:2]]})
    assert list(Article.objects.order_by("order").values_list("status", flat=True)) == [
        "published",
        "published",
        "draft",
    ]
    assert set(Article.objects.published().values_list("pk", flat=True)) == {drafts[0].pk, drafts[1].pk}
    assert Article.objects.get(pk=drafts[0].pk).updated_by == chief
    client.post(url, {"action": "unpublish", "_selected_action": [drafts[0].pk]})
    assert set(Article.objects.published().values_list("pk", flat=True)) == {drafts[1].pk}


def test_reparse_action_rebuilds_the_issue_and_keeps_a_revision(client, chief, imported):
    from reversion.models import Version

    issue = imported.issue
    Article.objects.filter(issue=issue).update(headline="被改坏的标题")
    url = reverse("admin:issues_issue_changelist")
    confirm = client.post(url, {"action": "reparse", "_selected_action": [issue.pk]})
    assert confirm.status_code == 200 and "确认重新解析" in confirm.content.decode()
    assert Article.objects.filter(issue=issue, headline="被改坏的标题").count() == 4

    response = client.post(
        url, {"action": "reparse", "_selected_action": [issue.pk], "post": "yes"}, follow=True
    )
    assert "已重新解析" in response.content.decode()
    headlines = set(Article.objects.filter(issue=issue).values_list("headline", flat=True))
    assert "被改坏的标题" not in headlines
    assert any(h.startswith("高站位高质量高标准") for h in headlines)
    assert Version.objects.get_for_model(Article).filter(serialized_data__contains="被改坏的标题").exists()


def test_issue_and_page_search_by_date_and_number(client, chief):
    one, two = make_issue(date="2021-08-07", number=1186), make_issue(date="2022-03-28", number=12071)
    make_page(issue=one, number=1, name="要闻")
    page3 = make_page(issue=two, number=3, name="综合新闻")

    def issues(term):
        response = client.get(reverse("admin:issues_issue_changelist"), {"q": term})
        assert response.status_code == 200
        return {i.pk for i in response.context["cl"].result_list}

    assert issues("2021-08-07") == {one.pk}
    assert issues("2022年3月28日") == {two.pk}
    assert issues("20220328") == {two.pk}
    assert issues("2021") == {one.pk}
    assert issues("12071") == {two.pk}
    assert issues("壬寅") == set()

    response = client.get(
        reverse("admin:autocomplete"),
        {"term": "2022-03-28 3", "app_label": "articles", "model_name": "article", "field_name": "page"},
    )
    assert [r["id"] for r in response.json()["results"]] == [str(page3.pk)]
    response = client.get(reverse("admin:issues_page_changelist"), {"q": "综合"})
    assert [p.pk for p in response.context["cl"].result_list] == [page3.pk]
