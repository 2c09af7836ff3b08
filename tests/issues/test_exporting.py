"""The exchange format: `export_issue(s)` and `export_issues` the command."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.body_html import paragraphs_from_html
from articles.models import Article, Photo
from issues.exporting import export_issues
from issues.importing import import_issue
from issues.models import Issue, Status
from tests.issues.test_importing import big_issue, seed_2021_like, seed_2022_like

pytestmark = pytest.mark.django_db

ISSUE_KEYS = ["date", "weekday", "lunar_date", "number", "publication", "warnings", "pages"]
ARTICLE_KEYS = [
    "id",
    "url",
    "kicker",
    "headline",
    "subheadline",
    "dateline",
    "bylines",
    "paragraphs",
    "photos",
    "corrections",  # added with corrections (更正); the keys before it are unchanged
]


@pytest.fixture
def archive():
    import_issue(source=seed_2021_like(), source_name="a.txt", source_sha256="a" * 64)
    import_issue(source=seed_2022_like(), source_name="b.txt", source_sha256="b" * 64)


def export_command(*args) -> list:
    out = io.StringIO()
    call_command("export_issues", *args, stdout=out)
    return json.loads(out.getvalue())


def test_export_structure(archive):
    first, second = export_issues(Issue.objects.all())
    assert list(first) == ISSUE_KEYS
    assert (first["date"], first["weekday"], first["lunar_date"], first["number"], first["publication"]) == (
        "2021-08-07",
        "星期六",
        "辛丑年六月廿九",
        1186,
        "浙江工人日报",
    )
    assert first["warnings"] == ["无法归入文章的文字"]
    assert second["date"] == "2022-03-28" and any("12071" in w for w in second["warnings"])
    assert [(p["number"], p["name"]) for p in first["pages"]] == [(1, "要闻"), (2, "综合新闻")]
    lead = first["pages"][0]["articles"][0]
    assert list(lead) == ARTICLE_KEYS
    row = Article.objects.get(pk=lead["id"])
    assert lead["url"] == row.get_absolute_url() == f"/2021/08/07/1/{row.pk}/"
    assert lead["kicker"] == "扛起政治责任 勇担历史使命"
    assert lead["headline"] == "省总工会第十五届委员会第五次全体会议在杭召开"
    assert lead["dateline"] == "本报讯"
    assert lead["bylines"] == [{"name": "曾晨路", "role": "记者"}]
    assert lead["paragraphs"] == ["新目标催人奋进,新征程呼唤担当。", "会议表决通过了<决议>&规划。"]
    assert lead["photos"][0] == {
        "caption": "8月6日,全体会议在杭召开。",
        "credits": [{"name": "李国峰", "role": "见习记者"}],
        "image": None,
    }
    assert [a["headline"] for a in first["pages"][0]["articles"]] == [
        "省总工会第十五届委员会第五次全体会议在杭召开",
        "我省在全国率先推出电子居住证",
        "（无法归入的文字）",
    ]
    duo = first["pages"][1]["articles"][0]
    assert duo["bylines"] == [{"name": "张浩星", "role": "记者"}, {"name": "郁诗怡", "role": "通讯员"}]


def test_paragraphs_from_editor_html():
    html = (
        "<h3>小标题</h3><p>第一段 &amp; 引号&ldquo;好&rdquo;</p><ul><li>甲</li><li><strong>乙</strong>项</li></ul>"
        "<blockquote><p>引文</p></blockquote><p>换行<br>之后</p><p> </p>"
    )
    assert paragraphs_from_html(html) == ["小标题", "第一段 & 引号“好”", "甲", "乙项", "引文", "换行\n之后"]


def test_image_url_when_an_editor_uploaded_one(archive):
    Photo.objects.filter(caption="史济锡讲话。").update(image="photos/2021/08/abc.jpg", width=800, height=600)
    [issue] = export_issues(Issue.objects.filter(date=datetime.date(2021, 8, 7)))
    images = [p["image"] for p in issue["pages"][0]["articles"][0]["photos"]]
    assert images == [None, "/media/photos/2021/08/abc.jpg"]


def test_published_only_leaves_out_drafts_and_unpublished(archive):
    Article.objects.filter(headline="我省在全国率先推出电子居住证").update(status=Status.DRAFT)
    full = export_issues(Issue.objects.filter(number=1186))[0]
    public = export_issues(Issue.objects.filter(number=1186), published_only=True)[0]
    headlines = [a["headline"] for p in public["pages"] for a in p["articles"]]
    assert "我省在全国率先推出电子居住证" not in headlines
    assert "（无法归入的文字）" not in headlines  # imported as a draft
    assert len(headlines) == sum(len(p["articles"]) for p in full["pages"]) - 2


def test_export_query_count_is_constant(archive, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):  # 7 + corrections
        small = export_issues(Issue.objects.all())
    for day in range(1, 6):
        import_issue(
            source=big_issue(datetime.date(2023, 1, day)), source_name=f"{day}", source_sha256=str(day)
        )
    with django_assert_max_num_queries(8):  # 7 + corrections
        large = export_issues(Issue.objects.all())
    assert len(small) == 2 and len(large) == 7
    assert sum(len(p["articles"]) for p in large[-1]["pages"]) == 40


def test_command_prints_the_same_json(archive):
    assert export_command() == export_issues(Issue.objects.all())
    assert export_command("2022-03-28") == export_issues(Issue.objects.filter(number=12071))
    out = io.StringIO()
    call_command("export_issues", "2021-08-07", stdout=out)
    assert "曾晨路" in out.getvalue()  # ensure_ascii=False: printed as Chinese
    assert out.getvalue().startswith('[\n  {\n    "date"')


def test_command_with_no_issues_prints_an_empty_array():
    assert export_command() == []


def test_command_names_an_unknown_date(archive):
    with pytest.raises(CommandError, match="2021-08-08"):
        call_command("export_issues", "2021-08-07", "2021-08-08", stdout=io.StringIO())
    with pytest.raises(CommandError, match="2021/08/07"):
        call_command("export_issues", "2021/08/07", stdout=io.StringIO())


def test_seeds_export_through_the_real_importer(seed_2021, seed_2022):
    call_command("import_issues", str(seed_2021), str(seed_2022), stdout=io.StringIO())
    first, second = export_command("2021-08-07", "2022-03-28")
    assert (first["number"], first["weekday"], first["lunar_date"]) == (1186, "星期六", "辛丑年六月廿九")
    assert (second["number"], second["weekday"], second["lunar_date"]) == (12071, "星期一", "壬寅年二月廿六")
    front = first["pages"][0]
    assert front["number"] == 1
    lead = front["articles"][0]
    assert lead["headline"] == "省总工会第十五届委员会第五次全体会议在杭召开"
    assert lead["bylines"] == [{"name": "曾晨路", "role": "记者"}]
    assert lead["dateline"] == "本报讯"
    assert [p["credits"] for p in lead["photos"]] == [[{"name": "李国峰", "role": "见习记者"}]] * 2
    assert lead["paragraphs"][0].startswith("新目标催人奋进")
    # the column break in the fifth paragraph is rejoined
    assert any("坚持全心全意依靠工人阶级方针" in p for p in lead["paragraphs"])
    xinhua = [a for p in second["pages"] for a in p["articles"] if a["dateline"].startswith("新华社")]
    assert xinhua and xinhua[0]["dateline"] == "新华社杭州3月27日电"
    assert any("12071" in w for w in second["warnings"])
