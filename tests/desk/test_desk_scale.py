"""The desk at archive scale (issue 15, first part): lean admin lists, planner statistics after
imports, issues that start as drafts with the importer's checks, the page picker tied to the
issue, warning labels and notes, no history for a save that changes nothing, Chinese admin."""

import datetime

import pytest
from django.contrib.admin.models import LogEntry
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles.models import Article, ArticleCredit
from issues.models import ImportWarning, Issue, Page, Status
from issues.warning_codes import WARNING_LABELS, warning_label
from tests.desk.helpers import article_form, make_superuser, make_user
from tests.desk.test_admin import build_archive
from tests.factories import make_article, make_byline, make_issue, make_page

pytestmark = pytest.mark.django_db

LISTS = [
    "admin:articles_article_changelist",
    "admin:issues_issue_changelist",
    "admin:articles_photo_changelist",
    "admin:articles_byline_changelist",
    "admin:issues_importwarning_changelist",
    "admin:issues_page_changelist",
]
BIG_COLUMNS = ['"body"', '"source_text"', '"bio"', '"masthead"', '"meta_lines"']


@pytest.fixture
def chief(client):
    user = make_superuser()
    client.force_login(user)
    return user


# --- lean lists -----------------------------------------------------------------------------------


@pytest.mark.parametrize("url_name", LISTS)
def test_lists_never_load_the_big_text_columns(client, chief, django_assert_max_num_queries, url_name):
    build_archive(3)
    with django_assert_max_num_queries(30) as captured:
        response = client.get(reverse(url_name))
    assert response.status_code == 200
    for query in captured.captured_queries:
        sql = query["sql"]
        if sql.lstrip().upper().startswith("SELECT") and ("articles_" in sql or "issues_" in sql):
            loaded = [column for column in BIG_COLUMNS if f"{column}," in sql or f"{column} FROM" in sql]
            assert not loaded, f"{url_name} loads {loaded}: {sql[:300]}"


@pytest.mark.parametrize(
    "url_name,query",
    [
        ("admin:articles_article_changelist", "q=工会"),
        ("admin:articles_article_changelist", "status__exact=draft"),
        ("admin:articles_article_changelist", "issue__date__year=2021"),
        ("admin:articles_article_changelist", "warnings=article"),
        ("admin:articles_photo_changelist", "q=工会"),
        ("admin:articles_byline_changelist", "q=曾"),
        ("admin:issues_issue_changelist", "q=2021-08"),
        ("admin:issues_page_changelist", "q=要闻"),
        ("admin:issues_importwarning_changelist", "resolved=no"),
    ],
)
def test_searches_and_filters_cost_a_constant_number_of_queries(
    client, chief, django_assert_max_num_queries, url_name, query
):
    build_archive(2)
    url = reverse(url_name) + "?" + query
    with django_assert_max_num_queries(100) as small:
        assert client.get(url).status_code == 200
    build_archive_more(8)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def build_archive_more(issues: int) -> None:
    byline = make_byline(name="郁诗怡")
    for index in range(issues):
        issue = make_issue(date=datetime.date(2021, 9, 1) + datetime.timedelta(days=index))
        ImportWarning.objects.create(issue=issue, code="number_sequence", message="工会 警告", line=1)
        page = make_page(issue=issue)
        for _ in range(3):
            make_article(page=page, headline="工会新闻", credits=[(byline, "记者")])


def test_byline_filter_lists_one_persons_articles_without_listing_everyone(client, chief):
    zeng, yu = make_byline(name="曾晨路"), make_byline(name="郁诗怡")
    page = make_page(issue=make_issue(date="2021-08-07"))
    mine = make_article(page=page, headline="曾的稿", credits=[(zeng, "记者")])
    make_article(page=page, headline="郁的稿", credits=[(yu, "记者")])
    both = make_article(page=page, headline="合写", credits=[(zeng, "记者"), (yu, "通讯员")])
    response = client.get(
        reverse("admin:articles_article_changelist") + f"?credits__byline__id__exact={zeng.pk}"
    )
    assert response.status_code == 200
    assert {a.pk for a in response.context["cl"].result_list} == {mine.pk, both.pk}
    assert "郁的稿" not in response.content.decode()
    # No duplicate rows for an article credited twice, and garbage is an empty list, not an error.
    assert response.context["cl"].result_count == 2
    bad = client.get(reverse("admin:articles_article_changelist") + "?credits__byline__id__exact=abc")
    assert bad.status_code == 200 and bad.context["cl"].result_count == 0


def test_byline_list_counts_credits_by_subquery(client, chief):
    zeng = make_byline(name="曾晨路")
    page = make_page(issue=make_issue(date="2021-08-07"))
    for _ in range(3):
        make_article(page=page, credits=[(zeng, "记者")])
    response = client.get(reverse("admin:articles_byline_changelist"))
    row = next(b for b in response.context["cl"].result_list if b.pk == zeng.pk)
    assert (row.n_articles, row.n_photos) == (3, 0)
    ordered = client.get(reverse("admin:articles_byline_changelist") + "?o=-2")
    assert ordered.context["cl"].result_list[0].pk == zeng.pk


def test_issue_dates_of_articles_come_from_the_issue_table():
    for day in ("2021-08-07", "2021-09-01", "2022-03-28"):
        make_article(page=make_page(issue=make_issue(date=day)))
    make_issue(date="2023-01-01")  # an issue without articles is not a date of any article
    expected = sorted({a.issue.date.replace(day=1) for a in Article.objects.select_related("issue")})
    assert list(Article.objects.dates("issue__date", "month")) == expected
    assert list(Article.objects.filter(issue__date__year=2021).dates("issue__date", "year")) == [
        datetime.date(2021, 1, 1)
    ]
    # Pages: the 2023 issue has none.
    assert list(Page.objects.dates("issue__date", "year", order="DESC")) == [
        datetime.date(2022, 1, 1),
        datetime.date(2021, 1, 1),
    ]


def test_import_refreshes_the_planner_statistics(seed_2021):
    call_command("import_issues", str(seed_2021), verbosity=0)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'articles_article'")
            assert cursor.fetchone()[0] > 0
        else:
            cursor.execute("SELECT last_analyze FROM pg_stat_user_tables WHERE relname = 'articles_article'")
            assert cursor.fetchone()[0] is not None


# --- issues: drafts and checks -------------------------------------------------------------------


def test_a_new_issue_starts_as_a_draft_but_imported_issues_are_published(seed_2021):
    assert Issue(date=datetime.date(2030, 1, 1)).status == Status.DRAFT
    call_command("import_issues", str(seed_2021), verbosity=0)
    assert Issue.objects.get(date="2021-08-07").status == Status.PUBLISHED


def test_issue_add_form_suggests_today_as_a_draft(client, chief):
    make_issue(date=timezone.localdate() - datetime.timedelta(days=1), number=5000)
    response = client.get(reverse("admin:issues_issue_add"))
    form = response.context["adminform"].form
    today = timezone.localdate()
    assert form.initial["date"] == today
    assert form.initial["weekday"] == "星期" + "一二三四五六日"[today.weekday()]
    assert form.initial["number"] == 5001
    assert form.initial["lunar_date"]
    assert form["status"].value() == Status.DRAFT


def issue_post(**fields):
    data = {
        "date": "2021-08-07",
        "weekday": "星期六",
        "lunar_date": "辛丑年六月廿九",
        "number": "",
        "publication": "浙江工人日报",
        "status": "draft",
        "publish_at_0": "",
        "publish_at_1": "",
        "pages-TOTAL_FORMS": "0",
        "pages-INITIAL_FORMS": "0",
        "pages-MIN_NUM_FORMS": "0",
        "pages-MAX_NUM_FORMS": "1000",
    }
    data.update(fields)
    return data


def test_a_hand_made_issue_gets_the_importers_checks_as_warnings(client, chief):
    make_issue(date="2021-08-01", number=1180)
    response = client.post(
        reverse("admin:issues_issue_add"),
        issue_post(weekday="星期五", lunar_date="辛丑年六月三十", number="1100"),
        follow=True,
    )
    issue = Issue.objects.get(date="2021-08-07")
    assert issue.status == Status.DRAFT
    shown = [str(m) for m in response.context["messages"]]
    text = "\n".join(shown)
    assert "星期与日期不符：2021年8月7日是星期六，报头印为星期五" in text
    assert "农历与日期不符" in text and "辛丑年六月廿九" in text
    assert "总期号1100与前一期（2021-08-01，总第1180号）顺序不符" in text
    assert str(WARNING_LABELS["weekday_mismatch"]) in text

    good = client.post(
        reverse("admin:issues_issue_add"),
        issue_post(date="2021-08-08", weekday="星期日", lunar_date="辛丑年七月初一", number="1101"),
        follow=True,
    )
    assert not [m for m in good.context["messages"] if "核对" in str(m)]


# --- the article form's issue and page ------------------------------------------------------------


def test_a_page_of_another_issue_is_refused(client, chief):
    chosen = make_issue(date="2021-08-07")
    other_page = make_page(issue=make_issue(date="2021-08-08"), number=2)
    data = {
        "issue": chosen.pk,
        "page": other_page.pk,
        "order": 1,
        "kind": "article",
        "headline": "新稿",
        "body": "<p>正文</p>",
        "status": "draft",
        "credits-TOTAL_FORMS": "0",
        "credits-INITIAL_FORMS": "0",
        "photos-TOTAL_FORMS": "0",
        "photos-INITIAL_FORMS": "0",
    }
    response = client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 200
    assert "不属于所选期次" in response.content.decode()
    assert not Article.objects.filter(headline="新稿").exists()
    own_page = make_page(issue=chosen, number=1)
    response = client.post(reverse("admin:articles_article_add"), {**data, "page": own_page.pk})
    assert response.status_code == 302
    assert Article.objects.get(headline="新稿").page == own_page


def test_page_autocomplete_is_filtered_by_the_chosen_issue(client, chief):
    first, second = make_issue(date="2021-08-07"), make_issue(date="2021-08-08")
    mine = make_page(issue=first, number=1)
    make_page(issue=second, number=1)
    url = reverse("admin:autocomplete")
    params = {"app_label": "articles", "model_name": "article", "field_name": "page", "term": ""}
    everything = client.get(url, params).json()["results"]
    assert len(everything) == 2
    filtered = client.get(url, {**params, "issue": first.pk}).json()["results"]
    assert [r["id"] for r in filtered] == [str(mine.pk)]


def test_an_editor_may_create_the_issue_and_page_from_the_article_form(client):
    editor = make_user("编辑", username="editor")
    client.force_login(editor)
    assert client.get(reverse("admin:issues_issue_add")).status_code == 200
    assert client.get(reverse("admin:issues_page_add")).status_code == 200
    html = client.get(reverse("admin:articles_article_add")).content.decode()
    assert 'id="add_id_issue"' in html and 'id="add_id_page"' in html
    proofreader = make_user("校对", username="proof")
    client.force_login(proofreader)
    assert client.get(reverse("admin:issues_issue_add")).status_code == 403


# --- warnings: labels and notes -------------------------------------------------------------------


def test_warning_codes_show_as_chinese_labels(client, chief):
    issue = make_issue(date="2021-08-07")
    ImportWarning.objects.create(issue=issue, code="number_sequence", message="总期号不衔接", line=1)
    ImportWarning.objects.create(issue=issue, code="brand_new_code", message="新规则", line=2)
    html = client.get(reverse("admin:issues_importwarning_changelist")).content.decode()
    assert "总期号不连续" in html
    assert ">number_sequence<" not in html
    assert "brand_new_code" in html  # an unknown code shows as itself, never hidden
    assert warning_label("brand_new_code") == "brand_new_code"
    filtered = client.get(reverse("admin:issues_importwarning_changelist") + "?code=number_sequence")
    assert filtered.context["cl"].result_count == 1
    issue_form = client.get(reverse("admin:issues_issue_change", args=[issue.pk])).content.decode()
    assert "总期号不连续" in issue_form


def test_resolving_a_warning_takes_a_note_and_a_reimport_keeps_it(client, chief, seed_2021, seed_2022):
    call_command("import_issues", str(seed_2021), str(seed_2022), verbosity=0)
    warning = ImportWarning.objects.filter(resolved_at__isnull=True).first()
    response = client.post(
        reverse("admin:issues_importwarning_resolve", args=[warning.pk]), {"note": "已按原报核实，印刷如此"}
    )
    assert response.status_code == 302
    warning.refresh_from_db()
    assert warning.resolved_by == chief and warning.resolution_note == "已按原报核实，印刷如此"
    from issues.importing import reparse_issue

    reparse_issue(issue=Issue.objects.get(pk=warning.issue_id), user=chief)
    again = ImportWarning.objects.get(issue_id=warning.issue_id, code=warning.code, line=warning.line)
    assert again.resolution_note == "已按原报核实，印刷如此" and again.resolved_at is not None


# --- a save that changes nothing -------------------------------------------------------------------


def test_saving_without_a_change_leaves_no_history(client, chief, seed_2021):
    call_command("import_issues", str(seed_2021), verbosity=0)
    article = Article.objects.filter(body__contains="<p>").first()
    issue_edited = Issue.objects.get(pk=article.issue_id).edited_at
    versions, log_entries = Version.objects.count(), LogEntry.objects.count()
    url = reverse("admin:articles_article_change", args=[article.pk])
    response = client.post(url, article_form(article), follow=True)
    assert response.status_code == 200
    assert "没有任何修改" in response.content.decode()
    assert (Version.objects.count(), LogEntry.objects.count()) == (versions, log_entries)
    assert Issue.objects.get(pk=article.issue_id).edited_at == issue_edited

    # CKEditor re-serialises what it loads: the same text in other markup is no change either.
    reformatted = article.body.replace("<p>", "<p>\n", 1)
    client.post(url, article_form(article, body=reformatted))
    assert Version.objects.count() == versions

    client.post(url, article_form(article, headline=article.headline + "（改）"))
    assert Version.objects.count() > versions
    assert LogEntry.objects.count() == log_entries + 1


def test_saving_only_a_credit_still_makes_a_revision(client, chief):
    page = make_page(issue=make_issue(date="2021-08-07"))
    zeng = make_byline(name="曾晨路")
    article = make_article(page=page, headline="稿", credits=[(zeng, "记者")])
    data = article_form(article)
    data["credits-0-role"] = "见习记者"
    client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert ArticleCredit.objects.get(article=article).role == "见习记者"
    assert LogEntry.objects.filter(object_id=str(article.pk)).count() == 1


# --- the desk speaks Chinese --------------------------------------------------------------------------


def test_the_admin_is_chinese_for_an_english_browser(client, chief):
    response = client.get(reverse("admin:articles_article_changelist"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = response.content.decode()
    assert response["Content-Language"] == "zh-hans"
    assert 'lang="zh-hans"' in html
    assert "过滤器" in html and ">Filter<" not in html
    assert "Select 文章 to change" not in html


# --- bylines: namesakes and merges ------------------------------------------------------------------


def test_byline_autocomplete_tells_namesakes_apart_by_their_latest_credit(
    client, chief, django_assert_max_num_queries
):
    reporter, correspondent = make_byline(name="张三"), make_byline(name="张三")
    make_byline(name="张三丰")
    old = make_page(issue=make_issue(date="2021-08-07"), number=2)
    new = make_page(issue=make_issue(date="2022-03-28"), number=1)
    make_article(page=old, credits=[(reporter, "见习记者")])
    make_article(page=new, credits=[(reporter, "记者")])
    make_article(page=old, credits=[(correspondent, "通讯员")])
    params = {"app_label": "articles", "model_name": "articlecredit", "field_name": "byline", "term": "张三"}
    with django_assert_max_num_queries(12):
        results = client.get(reverse("admin:autocomplete"), params).json()["results"]
    texts = {int(r["id"]): r["text"] for r in results}
    assert texts[reporter.pk] == "张三 · 记者 · 2022-03-28 第1版"
    assert texts[correspondent.pk] == "张三 · 通讯员 · 2021-08-07 第2版"
    assert "暂无署名稿件" in [t for pk, t in texts.items() if pk not in {reporter.pk, correspondent.pk}][0]


def test_merging_two_records_credited_on_one_article_warns_and_keeps_one_credit(client, chief):
    keep, dup, other = make_byline(name="曾晨路"), make_byline(name="曾晨路"), make_byline(name="胡聃")
    page = make_page(issue=make_issue(date="2021-08-07"))
    both = make_article(
        page=page, headline="两条记录合署", credits=[(dup, "记者"), (other, "记者"), (keep, "记者")]
    )
    single = make_article(page=page, headline="只署一条", credits=[(dup, "通讯员")])
    url = reverse("admin:articles_byline_changelist")
    confirm = client.post(url, {"action": "merge_bylines", "_selected_action": [keep.pk, dup.pk]})
    html = confirm.content.decode()
    assert "同一人会署两次" in html and "两条记录合署" in html and "只署一条" not in html

    response = client.post(
        url,
        {"action": "merge_bylines", "_selected_action": [keep.pk, dup.pk], "post": "yes", "target": keep.pk},
        follow=True,
    )
    assert "1 条重复署名" in response.content.decode()
    assert [(c.byline_id, c.order) for c in both.credits.order_by("order")] == [(other.pk, 2), (keep.pk, 3)]
    assert single.credits.get().byline_id == keep.pk
    # What the article printed before the merge is in its history.
    assert Version.objects.get_for_object(both).exists()


def test_issue_walk_pages_equal_the_plain_sorted_pages(client, chief):
    from desk.admin.base import IssueWalkPaginator

    # Issues created out of date order, with different numbers of articles on two pages each.
    for day, n in (
        ("2021-08-09", 3),
        ("2021-08-07", 5),
        ("2022-01-01", 0),
        ("2021-08-08", 9),
        ("2020-05-05", 2),
    ):
        issue = make_issue(date=day)
        first, second = make_page(issue=issue, number=1), make_page(issue=issue, number=2)
        for index in range(n):
            make_article(page=second if index % 2 else first, headline=f"{day}-{index}")
    ordering = ("-issue__date", "page__number", "order", "-pk")
    plain = list(Article.objects.order_by(*ordering).values_list("pk", flat=True))
    paginator = IssueWalkPaginator(Article.objects.order_by(*ordering), 4, issue_field="issue_id")
    assert paginator.count == len(plain) == 19
    walked = [a.pk for number in paginator.page_range for a in paginator.page(number).object_list]
    assert walked == plain
    # Filtered too, and the admin list uses it in its default order (not when sorted by a column).
    drafts = Article.objects.filter(headline__endswith="-1").order_by(*ordering)
    assert [a.pk for a in IssueWalkPaginator(drafts, 2, issue_field="issue_id").page(2).object_list] == list(
        drafts.values_list("pk", flat=True)[2:4]
    )
    response = client.get(reverse("admin:articles_article_changelist"))
    assert isinstance(response.context["cl"].paginator, IssueWalkPaginator)
    assert [a.pk for a in response.context["cl"].result_list] == plain
    sorted_by_title = client.get(reverse("admin:articles_article_changelist") + "?o=4")
    assert not isinstance(sorted_by_title.context["cl"].paginator, IssueWalkPaginator)
