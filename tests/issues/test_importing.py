"""The write service, fed hand-built ParsedIssue objects (independent of the parser)."""

import datetime
import shutil
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from reversion.models import Version

from articles.models import Article, ArticleCredit, Byline, Photo, PhotoCredit
from issues.importing import PARSER_VERSION_KEY, REVISION_COMMENT, import_issue, parser_version
from issues.models import ImportWarning, Issue, Page, Status
from issues.parsing.types import Credit, ParsedArticle, ParsedIssue, ParsedPage, ParsedPhoto, ParseWarning

pytestmark = pytest.mark.django_db

D2021 = datetime.date(2021, 8, 7)
D2022 = datetime.date(2022, 3, 28)


def article(headline, *, paragraphs=None, bylines=(), photos=(), line=None, **kwargs):
    return ParsedArticle(
        headline=headline,
        paragraphs=list(paragraphs or [f"{headline}的正文。"]),
        bylines=[Credit(*b) for b in bylines],
        photos=list(photos),
        line=line,
        source_text=kwargs.pop("source_text", "\n".join([headline, *(paragraphs or [])])),
        **kwargs,
    )


def photo(caption, *credits, line=None):
    text = " ".join(f"{role}{name}" for name, role in credits) + " 摄"
    return ParsedPhoto(caption=caption, credits=[Credit(*c) for c in credits], credit_text=text, line=line)


def seed_2021_like(**overrides):
    """The shape of the 2021-08-07 front page."""
    fields = {
        "date": D2021,
        "weekday": "星期六",
        "lunar_date": "辛丑年六月廿九",
        "number": 1186,
        "masthead": {"cn": "CN33-0012"},
        "encoding": "utf-8",
        "source_text": "辛丑年六月廿九\n2021年8月7日 星期六\n……",
        "warnings": [ParseWarning("unplaced_text", "无法归入文章的文字", 100)],
        "pages": [
            ParsedPage(
                number=1,
                name="要闻",
                editor="周某",
                meta_lines=["今日8版"],
                articles=[
                    article(
                        "省总工会第十五届委员会第五次全体会议在杭召开",
                        kicker="扛起政治责任 勇担历史使命",
                        dateline="本报讯",
                        bylines=[("曾晨路", "记者")],
                        paragraphs=["新目标催人奋进,新征程呼唤担当。", "会议表决通过了<决议>&规划。"],
                        photos=[
                            photo("8月6日,全体会议在杭召开。", ("李国峰", "见习记者"), line=30),
                            photo("史济锡讲话。", ("李国峰", "见习记者"), line=34),
                        ],
                        line=24,
                        source_text="\n".join(f"行{i}" for i in range(90)),
                    ),
                    article(
                        "我省在全国率先推出电子居住证",
                        subheadline="申领、生成、使用全流程数字化",
                        dateline="本报讯",
                        bylines=[("胡翀", "记者")],
                        line=120,
                    ),
                    article("（无法归入的文字）", untitled=True, line=140),
                ],
            ),
            ParsedPage(
                number=2,
                name="综合新闻",
                articles=[
                    article(
                        "宁波户外劳动者驿站亮相",
                        kicker="工会“亮”品牌",
                        bylines=[("张浩星", "记者"), ("郁诗怡", "通讯员")],
                        photos=[photo("环卫工人在劳动者港湾休息。", ("郁诗怡", "通讯员"))],
                    ),
                    ParsedArticle(
                        kind="photo", photos=[photo("图片新闻", ("李国峰", "见习记者"))], headline="图片新闻"
                    ),
                ],
            ),
        ],
    }
    fields.update(overrides)
    return ParsedIssue(**fields)


def seed_2022_like():
    return ParsedIssue(
        date=D2022,
        weekday="星期一",
        lunar_date="壬寅年二月廿六",
        number=12071,
        pages=[
            ParsedPage(
                number=1,
                articles=[
                    article("深化新就业形态劳动者 工会工作集中行动", bylines=[("曾晨路", "记者")]),
                    article(
                        "高站位高质量高标准",
                        bylines=[("阮向民", "记者")],
                        photos=[photo("会议", ("邹伟锋", "记者"))],
                    ),
                ],
            )
        ],
    )


def big_issue(date, pages=5, per_page=8):
    """An issue of any size, for query-count checks."""
    return ParsedIssue(
        date=date,
        number=100,
        pages=[
            ParsedPage(
                number=p,
                name=f"第{p}版",
                articles=[
                    article(
                        f"第{p}版第{a}篇",
                        bylines=[(f"记者{p}{a}", "记者"), ("曾晨路", "记者")],
                        photos=[photo(f"图{p}{a}", (f"摄影{p}{a}", "通讯员"))],
                        paragraphs=[f"段落{i}。" for i in range(6)],
                    )
                    for a in range(1, per_page + 1)
                ],
            )
            for p in range(1, pages + 1)
        ],
    )


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Issue, Page, Article, ArticleCredit, Photo, PhotoCredit, Byline, ImportWarning, Version)
    }


def test_import_writes_the_whole_issue():
    result = import_issue(source=seed_2021_like(), source_name="a.txt", source_sha256="a" * 64)
    assert result.outcome == "imported"
    assert (result.articles, result.photos, result.credits) == (5, 4, 8)
    assert result.new_bylines == 5  # 曾晨路 胡翀 张浩星 郁诗怡 李国峰
    issue = Issue.objects.get()
    assert result.issue_id == issue.pk and result.date == D2021
    assert (issue.weekday, issue.lunar_date, issue.number) == ("星期六", "辛丑年六月廿九", 1186)
    assert issue.status == Status.PUBLISHED
    assert issue.source_name == "a.txt" and issue.source_sha256 == "a" * 64
    assert issue.source_encoding == "utf-8" and issue.source_text.startswith("辛丑年六月廿九")
    assert issue.imported_at is not None and issue.edited_at is None
    assert issue.masthead["cn"] == "CN33-0012"
    assert issue.masthead[PARSER_VERSION_KEY] == parser_version()

    pages = list(issue.pages.order_by("number"))
    assert [(p.number, p.name, p.editor, p.meta_lines) for p in pages] == [
        (1, "要闻", "周某", ["今日8版"]),
        (2, "综合新闻", "", []),
    ]
    first = Article.objects.get(headline="省总工会第十五届委员会第五次全体会议在杭召开")
    assert (first.page.number, first.order, first.kicker, first.dateline) == (
        1,
        1,
        "扛起政治责任 勇担历史使命",
        "本报讯",
    )
    assert first.body == "<p>新目标催人奋进,新征程呼唤担当。</p><p>会议表决通过了&lt;决议&gt;&amp;规划。</p>"
    assert first.status == Status.PUBLISHED and first.source_line == 24
    assert first.source_text.startswith("行0")
    assert [(p.caption, p.credit_text, p.source_line, p.order) for p in first.photos.order_by("order")] == [
        ("8月6日,全体会议在杭召开。", "见习记者李国峰 摄", 30, 1),
        ("史济锡讲话。", "见习记者李国峰 摄", 34, 2),
    ]
    assert [(c.byline.name, c.role) for c in first.photos.first().credits.all()] == [("李国峰", "见习记者")]
    untitled = Article.objects.get(order=3)
    assert untitled.status == Status.DRAFT
    duo = Article.objects.get(headline="宁波户外劳动者驿站亮相")
    assert [(c.byline.name, c.role, c.order) for c in duo.credits.order_by("order")] == [
        ("张浩星", "记者", 1),
        ("郁诗怡", "通讯员", 2),
    ]
    photo_item = Article.objects.get(page__number=2, order=2)
    assert photo_item.kind == Article.Kind.PHOTO and photo_item.body == ""
    assert sorted(Byline.objects.values_list("name", flat=True)) == sorted(
        ["曾晨路", "胡翀", "张浩星", "郁诗怡", "李国峰"]
    )


def test_bylines_are_one_record_per_person_across_issues():
    first = import_issue(source=seed_2021_like(), source_name="a.txt", source_sha256="a" * 64)
    second = import_issue(source=seed_2022_like(), source_name="b.txt", source_sha256="b" * 64)
    assert Byline.objects.filter(name="曾晨路").count() == 1
    assert first.new_bylines == 5 and second.new_bylines == 2  # 阮向民 邹伟锋
    zeng = Byline.objects.get(name="曾晨路")
    assert ArticleCredit.objects.filter(byline=zeng).count() == 2


def test_duplicate_byline_rows_resolve_to_the_lowest_id():
    low = Byline.objects.create(name="曾晨路")
    Byline.objects.create(name="曾晨路")
    import_issue(source=seed_2022_like(), source_name="b.txt", source_sha256="b" * 64)
    assert ArticleCredit.objects.get(article__headline__startswith="深化").byline_id == low.pk


def test_same_file_again_is_unchanged_and_writes_nothing():
    import_issue(source=seed_2021_like(), source_name="a.txt", source_sha256="a" * 64)
    before = counts()
    issue_before = Issue.objects.values().get()
    with CaptureQueriesContext(connection) as ctx:
        result = import_issue(source=seed_2021_like(), source_name="moved.txt", source_sha256="a" * 64)
    assert result.outcome == "unchanged"
    assert counts() == before
    assert Issue.objects.values().get() == issue_before
    writes = [
        q["sql"]
        for q in ctx.captured_queries
        if q["sql"].split()[0].upper() in {"INSERT", "UPDATE", "DELETE"}
    ]
    assert writes == []


def test_new_parser_version_reimports(monkeypatch):
    import_issue(source=seed_2021_like(), source_name="a.txt", source_sha256="a" * 64)
    monkeypatch.setattr("issues.parsing.PARSER_VERSION", "new-parser", raising=False)
    result = import_issue(source=seed_2021_like(), source_name="a.txt", source_sha256="a" * 64)
    assert result.outcome == "updated"
    assert Issue.objects.get().masthead[PARSER_VERSION_KEY] == "new-parser"


def test_changed_file_updates_in_place_keeping_article_ids():
    import_issue(source=seed_2021_like(), source_name="a.txt", source_sha256="a" * 64)
    ids = dict(Article.objects.values_list("headline", "id"))
    issue_id = Issue.objects.get().pk
    changed = seed_2021_like()
    changed.pages[0].articles[0].paragraphs = ["改过的正文。"]
    changed.pages[0].articles[1].photos = [photo("新图", ("胡翀", "记者"))]
    del changed.pages[0].articles[2]  # the untitled text is gone
    changed.pages[1] = ParsedPage(
        number=3, name="理论与实践", articles=[article("新的一篇", bylines=[("新人", "记者")])]
    )
    before_bylines = Byline.objects.count()

    result = import_issue(source=changed, source_name="a2.txt", source_sha256="c" * 64)

    assert result.outcome == "updated"
    issue = Issue.objects.get()
    assert issue.pk == issue_id and issue.source_sha256 == "c" * 64 and issue.source_name == "a2.txt"
    assert list(issue.pages.order_by("number").values_list("number", flat=True)) == [1, 3]
    first = Article.objects.get(pk=ids["省总工会第十五届委员会第五次全体会议在杭召开"])
    assert first.body == "<p>改过的正文。</p>"
    assert Article.objects.get(pk=ids["我省在全国率先推出电子居住证"]).photos.get().caption == "新图"
    assert Article.objects.count() == 3
    assert not Article.objects.filter(pk=ids["宁波户外劳动者驿站亮相"]).exists()
    assert Article.objects.get(headline="新的一篇").page.number == 3
    assert Byline.objects.count() == before_bylines + 1
    assert Photo.objects.count() == 3 and PhotoCredit.objects.count() == 3
    assert ArticleCredit.objects.count() == 3


def test_edited_issue_is_skipped_unless_replace():
    import_issue(source=seed_2021_like(), source_name="a.txt", source_sha256="a" * 64)
    first = Article.objects.get(order=1, page__number=1)
    first.body = "<p>编辑改正后的正文。</p>"
    first.save()
    Issue.objects.update(edited_at=timezone.now() + datetime.timedelta(seconds=1))
    changed = seed_2021_like()
    changed.pages[0].articles[0].paragraphs = ["新文件的正文。"]

    skipped = import_issue(source=changed, source_name="a2.txt", source_sha256="c" * 64)
    assert skipped.outcome == "skipped_edited" and "--replace" in skipped.message
    assert Article.objects.get(pk=first.pk).body == "<p>编辑改正后的正文。</p>"
    assert Version.objects.count() == 0

    editor = get_user_model().objects.create_user("editor")
    replaced = import_issue(
        source=changed, source_name="a2.txt", source_sha256="c" * 64, replace=True, user=editor
    )
    assert replaced.outcome == "replaced"
    assert Article.objects.get(pk=first.pk).body == "<p>新文件的正文。</p>"
    assert not Issue.objects.get().edited_since_import
    versions = Version.objects.get_for_object(first)
    assert versions.count() == 1
    assert "编辑改正后的正文" in versions[0].serialized_data
    assert versions[0].revision.comment == REVISION_COMMENT and versions[0].revision.user == editor
    # the whole issue was snapshotted: pages, credits and photos too
    assert Version.objects.get_for_model(Page).count() == 2
    assert Version.objects.get_for_model(Photo).count() == 4
    assert Version.objects.get_for_model(ArticleCredit).count() == 4
    assert Version.objects.get_for_model(Issue).count() == 1


def test_replace_restores_the_same_file_over_an_edited_issue():
    import_issue(source=seed_2021_like(), source_name="a.txt", source_sha256="a" * 64)
    Article.objects.filter(order=1, page__number=1).update(headline="编辑改的标题")
    Issue.objects.update(edited_at=timezone.now() + datetime.timedelta(seconds=1))
    # the same file again is no threat to the edit: skipped (never "unchanged": the rows differ)
    assert (
        import_issue(source=seed_2021_like(), source_name="a.txt", source_sha256="a" * 64).outcome
        == "skipped_edited"
    )
    assert Article.objects.filter(headline="编辑改的标题").exists()
    result = import_issue(source=seed_2021_like(), source_name="a.txt", source_sha256="a" * 64, replace=True)
    assert result.outcome == "replaced"
    assert Article.objects.filter(headline="省总工会第十五届委员会第五次全体会议在杭召开").exists()


def test_photo_image_survives_an_update():
    import_issue(source=seed_2021_like(), source_name="a.txt", source_sha256="a" * 64)
    Photo.objects.filter(caption="史济锡讲话。").update(image="photos/2021/x.jpg", width=10, height=10)
    changed = seed_2021_like()
    changed.pages[0].articles[0].photos[1].caption = "史济锡讲话（更正）。"
    import_issue(source=changed, source_name="a.txt", source_sha256="c" * 64)
    assert Photo.objects.get(caption="史济锡讲话（更正）。").image.name == "photos/2021/x.jpg"


def test_dry_run_writes_nothing_but_reports():
    before = counts()
    result = import_issue(source=seed_2021_like(), source_name="a.txt", source_sha256="a" * 64, dry_run=True)
    assert result.outcome == "imported" and result.dry_run
    assert result.articles == 5 and result.new_bylines == 5
    assert counts() == before


def test_issue_numbers_out_of_sequence_warn():
    import_issue(source=seed_2021_like(), source_name="a.txt", source_sha256="a" * 64)
    result = import_issue(source=seed_2022_like(), source_name="b.txt", source_sha256="b" * 64)
    [warning] = [w for w in ImportWarning.objects.filter(issue__date=D2022)]
    assert warning.code == "number_sequence"
    assert "12071" in warning.message and "2021-08-07" in warning.message and "1186" in warning.message
    assert warning.message in "".join(result.warnings)
    Issue.objects.filter(date=D2022).delete()
    # in sequence: one number per day is fine, a gap of a day with no issue too
    ok = seed_2021_like(date=datetime.date(2021, 8, 9), number=1187, warnings=[])
    assert import_issue(source=ok, source_name="c.txt", source_sha256="c" * 64).warnings == []
    # a number that goes backwards warns against the earlier neighbour
    back = seed_2021_like(date=datetime.date(2021, 8, 10), number=1100, warnings=[])
    [message] = import_issue(source=back, source_name="d.txt", source_sha256="d" * 64).warnings
    assert "顺序不符" in message and "2021-08-09" in message


def test_warnings_are_stored_linked_and_stay_checked_after_reimport():
    source = seed_2021_like(
        warnings=[
            ParseWarning("weekday_mismatch", "星期与日期不符", 2),
            ParseWarning("unplaced_text", "无法归入", 50),
        ]
    )
    result = import_issue(source=source, source_name="a.txt", source_sha256="a" * 64)
    assert result.warnings == ["第2行：星期与日期不符", "第50行：无法归入"]
    masthead, inside = ImportWarning.objects.order_by("line")
    assert masthead.article is None
    assert inside.article.headline == "省总工会第十五届委员会第五次全体会议在杭召开"  # lines 24–113
    editor = get_user_model().objects.create_user("checker")
    ImportWarning.objects.filter(pk=inside.pk).update(resolved_at=timezone.now(), resolved_by=editor)
    import_issue(source=source, source_name="a.txt", source_sha256="e" * 64)
    assert ImportWarning.objects.get(line=50).resolved_by == editor
    assert ImportWarning.objects.get(line=2).resolved_at is None


def test_overlong_fields_are_cut_with_a_warning():
    long_headline = "长" * 400
    source = seed_2022_like()
    source.pages[0].articles[0].headline = long_headline
    source.pages[0].articles[0].bylines = [Credit("名" * 80, "记者")]
    result = import_issue(source=source, source_name="b.txt", source_sha256="b" * 64)
    assert Article.objects.get(order=1).headline == "长" * 300
    assert Byline.objects.filter(name="名" * 64).exists()
    assert sum("过长" in w for w in result.warnings) == 2


def test_duplicate_page_numbers_merge_into_one_page():
    source = seed_2022_like()
    source.pages.append(ParsedPage(number=1, articles=[article("同版的另一篇")]))
    result = import_issue(source=source, source_name="b.txt", source_sha256="b" * 64)
    assert Page.objects.count() == 1
    assert list(Article.objects.order_by("order").values_list("order", flat=True)) == [1, 2, 3]
    assert any("两次" in w for w in result.warnings)


def test_import_query_count_is_constant(django_assert_max_num_queries):
    """The same number of queries for a 2-article issue and a 48-article one (search indexing included),
    and a bounded number for an update."""
    import_issue(source=seed_2021_like(), source_name="x.txt", source_sha256="x" * 64)
    performed = []
    for day, (pages, per_page) in enumerate([(1, 2), (6, 8)], start=1):
        with django_assert_max_num_queries(30) as ctx:
            import_issue(
                source=big_issue(datetime.date(2023, 1, day), pages, per_page),
                source_name="b",
                source_sha256="b",
            )
        performed.append(len(ctx))
        assert Article.objects.filter(issue__date=datetime.date(2023, 1, day)).count() == pages * per_page
    assert performed[0] == performed[1]
    for day, (pages, per_page) in enumerate([(1, 2), (6, 8)], start=1):
        changed = big_issue(datetime.date(2023, 1, day), pages, per_page)
        changed.pages[-1].articles.pop()
        with django_assert_max_num_queries(45):
            result = import_issue(source=changed, source_name="b", source_sha256="c")
        assert result.outcome == "updated"
        assert Article.objects.filter(issue__date=datetime.date(2023, 1, day)).count() == pages * per_page - 1


def _search_rows():
    table_key = "rowid" if connection.vendor == "sqlite" else "article_id"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM article_search ORDER BY {table_key}")
        return [tuple(str(value) for value in row) for row in cursor.fetchall()]


def test_the_index_the_importer_writes_equals_a_rebuild_from_the_saved_rows():
    """The importer indexes from the values it writes, not by reading them back: the two must agree."""
    from articles import search

    result = import_issue(source=seed_2021_like(), source_name="a.txt", source_sha256="a" * 64)
    written = _search_rows()
    assert len(written) == Article.objects.filter(issue_id=result.issue_id).count() > 0
    search.index_issue(result.issue_id)
    assert _search_rows() == written


@pytest.mark.parametrize("workers", [0, 1])
def test_tokens_made_in_the_parser_processes_index_as_a_rebuild_does(tmp_path, workers):
    """The command's path: load_file tokenises article text ahead (in a worker process when there
    is one); the index it writes equals one rebuilt from the saved rows."""
    from articles import search
    from issues.importing import import_paths, load_file

    for n, seed in enumerate(sorted(Path("fixtures").glob("*.txt"))):
        shutil.copy(seed, tmp_path / f"{n}.txt")
    loaded = load_file(tmp_path / "0.txt")
    assert len(loaded.text_tokens) == sum(len(p.articles) for p in loaded.source.pages) > 0
    results = list(import_paths([tmp_path], workers=workers))
    assert [r.outcome for r in results] == ["imported", "imported"]
    written = _search_rows()
    assert len(written) == Article.objects.count() > 0
    for result in results:
        search.index_issue(result.issue_id)
    assert _search_rows() == written


def test_an_import_ends_the_cached_reader_pages(client, django_capture_on_commit_callbacks):
    from core.generation import current_generation

    before = current_generation().token
    with django_capture_on_commit_callbacks(execute=True):
        import_issue(source=seed_2021_like(), source_name="a.txt", source_sha256="a" * 64)
    assert current_generation().token != before


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's column compression")
def test_long_texts_and_search_vectors_are_stored_with_lz4(tmp_path):
    from issues.importing import import_paths

    shutil.copy(sorted(Path("fixtures").glob("*.txt"))[0], tmp_path / "a.txt")
    [result] = import_paths([tmp_path])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_column_compression(source_text) FROM issues_issue WHERE id = %s", [result.issue_id]
        )
        assert cursor.fetchone()[0] == "lz4"
        # The search index's tsvectors too: the longest article's is long enough to be compressed.
        cursor.execute(
            "SELECT pg_column_compression(document) FROM article_search "
            "ORDER BY pg_column_size(document) DESC LIMIT 1"
        )
        assert cursor.fetchone()[0] == "lz4"
