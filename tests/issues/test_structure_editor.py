"""The structure editor against a real database: saving a page's structure rebuilds its articles
(ids, editors' corrections and a revision kept), the overrides survive re-imports and re-parses,
`--replace --discard-structure` drops them, and the admin page obeys the roles."""

from __future__ import annotations

import io
import shutil

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from PIL import Image
from reversion.models import Version

from articles.models import Article, Photo
from articles.search import get_backend, parse_query
from issues.importing import reparse_issue
from issues.models import Issue, Page
from issues.structure import StructureError, page_structure, save_page_structure
from tests.desk.helpers import make_user

pytestmark = pytest.mark.django_db

SPLIT_LINE = 69  # "记者从省公安厅获悉…": made a new article in these tests
SPLIT_TEXT_START = "记者从省公安厅获悉"


def run(*args):
    out = io.StringIO()
    try:
        call_command("import_issues", *map(str, args), stdout=out, stderr=io.StringIO())
        return 0, out.getvalue()
    except CommandError as exc:
        return 1, out.getvalue() + str(exc)


@pytest.fixture
def seed_file(tmp_path, seed_2021):
    path = tmp_path / "2021-08-07.txt"
    shutil.copy(seed_2021, path)
    assert run(path)[0] == 0
    return path


@pytest.fixture
def front(seed_file):
    return Page.objects.select_related("issue").get(issue__date="2021-08-07", number=1)


def save(page, decisions, user=None):
    current = page_structure(page)
    return save_page_structure(
        page=page, decisions=decisions, fingerprint_seen=current.fingerprint, user=user
    )


def headlines(page):
    return list(Article.objects.filter(page=page).order_by("order").values_list("headline", flat=True))


def split_and_title(page, user=None):
    """Start a new article at SPLIT_LINE and make that line its headline."""
    return save(page, {SPLIT_LINE: {"role": "headline", "start": True, "join": None}}, user)


def test_saving_rebuilds_the_page_keeping_ids_corrections_and_a_revision(front):
    before = {a.headline: a.pk for a in Article.objects.filter(page=front)}
    first = Article.objects.get(pk=before["省总工会第十五届委员会第五次全体会议在杭召开"])
    first.body = first.body.replace("新目标催人奋进", "新目标催人奋进（已校）")
    first.save()
    split = Article.objects.get(pk=before["我省在全国率先推出电子居住证"])
    split.headline = "我省在全国率先推出电子居住证（已校）"
    split.save()
    editor = make_user("编辑", username="bianji")

    result = split_and_title(front, editor)

    assert len(result.created) == 1 and result.removed == [] and len(result.kept) == 4
    articles = list(Article.objects.filter(page=front).order_by("order"))
    assert [a.pk for a in articles if a.pk in before.values()] == [a.pk for a in articles[:2]] + [
        a.pk for a in articles[3:]
    ]
    new = articles[2]
    assert new.headline.startswith(SPLIT_TEXT_START) and new.source_line == SPLIT_LINE
    assert new.get_absolute_url().endswith(f"/{new.pk}/")
    # Corrections in surviving articles: an untouched article keeps its edited body, the split
    # article keeps its corrected headline (its title lines did not change) but loses the moved text.
    assert "新目标催人奋进（已校）" in Article.objects.get(pk=first.pk).body
    split.refresh_from_db()
    assert split.headline == "我省在全国率先推出电子居住证（已校）"
    assert SPLIT_TEXT_START not in split.body and SPLIT_TEXT_START not in split.source_text.split("\n")[-1]
    # The old state is a revision, the decision an override on the page, the issue marked edited.
    assert Version.objects.get_for_object(split).count() >= 1
    old = Version.objects.get_for_object(split).order_by("-pk").first()
    assert SPLIT_TEXT_START in old.field_dict["body"]
    front.refresh_from_db()
    assert front.structure == [
        {"line": SPLIT_LINE, "text": new.source_text.split("\n")[0], "role": "headline", "start": True}
    ]
    assert Issue.objects.get(pk=front.issue_id).edited_since_import
    # The search index follows: the new article is found by its words, under its own id.
    hits = get_backend().search(parse_query("省公安厅获悉")).hits
    assert [hit.id for hit in hits] == [new.pk]


def test_a_running_head_kept_as_an_article_becomes_page_furniture(front):
    ningbo = Article.objects.get(page=front, headline="宁波户外劳动者驿站亮相")
    save(
        front,
        {75: {"role": "furniture", "start": False, "join": None}, 77: {"role": "headline", "start": True}},
    )
    ningbo.refresh_from_db()
    assert (ningbo.kicker, ningbo.headline, ningbo.source_line) == ("", "宁波户外劳动者驿站亮相", 77)
    front.refresh_from_db()
    assert front.meta_lines == ["工会“亮”品牌"]


def test_merging_an_article_removes_it_and_its_text_joins_the_previous(front):
    resolution = Article.objects.get(page=front, headline__startswith="浙江省总工会关于团结引领")
    result = save(
        front,
        {
            89: {"role": "body", "start": False, "join": None},
            91: {"role": "body", "start": False, "join": None},
        },
    )
    assert result.removed == [resolution.pk] and not Article.objects.filter(pk=resolution.pk).exists()
    ningbo = Article.objects.get(page=front, headline="宁波户外劳动者驿站亮相")
    assert "浙江省总工会关于团结引领" in ningbo.body
    assert Version.objects.get_for_object_reference(Article, resolution.pk).exists()  # not lost


def test_a_photo_moved_to_another_article_keeps_its_row_and_image(front, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "photos/2021/08/07").mkdir(parents=True)
    Image.new("RGB", (640, 480), (90, 120, 30)).save(tmp_path / "photos/2021/08/07/huanwei.jpg")
    ningbo = Article.objects.get(page=front, headline="宁波户外劳动者驿站亮相")
    photo = ningbo.photos.get()
    Photo.objects.filter(pk=photo.pk).update(image="photos/2021/08/07/huanwei.jpg", width=640, height=480)
    save(front, {81: {"role": "caption", "join": 25}, 83: {"role": "photo_credit", "join": 25}})
    photo.refresh_from_db()
    first = Article.objects.get(page=front, source_line=25)
    assert (photo.article_id, photo.order, photo.image.name) == (first.pk, 3, "photos/2021/08/07/huanwei.jpg")
    assert [c.byline.name for c in photo.credits.all()] == ["郁诗怡"]
    assert not ningbo.photos.exists() and ningbo.kind == "article"


def test_a_stale_form_is_refused(front):
    with pytest.raises(StructureError, match="重新导入或解析"):
        save_page_structure(page=front, decisions={}, fingerprint_seen="0" * 16, user=None)


def test_reimport_and_reparse_apply_the_overrides(front, seed_file):
    split_and_title(front)
    after_save = {a.pk: a.headline for a in Article.objects.filter(page=front)}

    code, out = run("--replace", seed_file)
    assert code == 0 and "沿用第1版编辑调整的结构（1处）" in out and "--discard-structure" in out
    assert {a.pk: a.headline for a in Article.objects.filter(page=front)} == after_save

    reparse_issue(issue=front.issue)
    assert {a.pk: a.headline for a in Article.objects.filter(page=front)} == after_save
    front.refresh_from_db()
    assert len(front.structure) == 1


def test_a_re_ocred_file_keeps_the_structure_by_line_text(front, seed_file):
    split_and_title(front)
    text = seed_file.read_text(encoding="utf-8")
    seed_file.write_text(
        text.replace("扛起政治责任", "\n\n扛起政治责任", 1).replace(
            "环卫工人、出租车司机", "环卫工人,出租车司机"
        ),
        encoding="utf-8",
    )
    code, out = run("--replace", seed_file)
    assert code == 0, out
    new = Article.objects.get(page=front, headline__startswith=SPLIT_TEXT_START)
    assert new.source_line == SPLIT_LINE + 2
    assert "环卫工人,出租车司机" in Article.objects.get(page=front, headline="宁波户外劳动者驿站亮相").body


def test_an_override_that_no_longer_matches_becomes_a_warning(front, seed_file):
    split_and_title(front)
    line = page_structure(front).lines
    text = next(x.text for x in line if x.number == SPLIT_LINE)
    seed_file.write_text(
        seed_file.read_text(encoding="utf-8").replace(text, text[:-5] + "（重新识别）"), "utf-8"
    )
    code, out = run("--replace", seed_file)
    assert code == 0 and "找不到这一行，未能沿用" in out
    assert front.issue.warnings.filter(code="structure_unmatched").count() == 1


def test_replace_with_discard_structure_drops_the_overrides(front, seed_file):
    split_and_title(front)
    assert run("--discard-structure", seed_file)[0] == 1  # only together with --replace
    code, out = run("--replace", "--discard-structure", seed_file)
    assert code == 0 and "已丢弃第1版编辑调整的结构（1处）" in out
    front.refresh_from_db()
    assert front.structure == []
    assert not Article.objects.filter(page=front, headline__startswith=SPLIT_TEXT_START).exists()
    assert len(headlines(front)) == 4


def test_discard_structure_works_after_a_replace_that_kept_it(front, seed_file):
    """The same file again after --replace is "unchanged", but not when the structure is to go."""
    split_and_title(front)
    assert run("--replace", seed_file)[0] == 0
    code, out = run("--replace", "--discard-structure", seed_file)
    assert code == 0 and "已丢弃第1版编辑调整的结构（1处）" in out
    assert len(headlines(front)) == 4


# ---------------------------------------------------------------------------------------------
# The admin page


def url(page):
    return reverse("admin:issues_page_structure", args=[page.pk])


@pytest.mark.parametrize(("role", "status"), [("编辑", 200), ("档案管理员", 200), ("校对", 403)])
def test_only_editors_and_archivists_may_open_the_editor(client, front, role, status):
    client.force_login(make_user(role))
    assert client.get(url(front)).status_code == status
    if status == 403:
        assert client.post(url(front), {"_save": "1"}).status_code == 403


def test_the_page_form_previews_and_saves_without_javascript(client, front, django_assert_max_num_queries):
    client.force_login(make_user("编辑"))
    with django_assert_max_num_queries(12):
        response = client.get(url(front))
    html = response.content.decode()
    assert html.count('name="role-') == len(page_structure(front).lines)
    assert "本版当前的稿件（4）" in html
    form = {
        key: value
        for line in page_structure(front).lines
        for key, value in (
            (f"role-{line.number}", line.role),
            *([(f"start-{line.number}", "on")] if line.start else []),
            (f"join-{line.number}", ""),
        )
    }
    form["fingerprint"] = page_structure(front).fingerprint
    form[f"start-{SPLIT_LINE}"] = "on"
    form["_preview"] = "预览"
    response = client.post(url(front), form)
    assert response.status_code == 200
    assert "预览：保存后本版的稿件（5）" in response.content.decode()
    assert Article.objects.filter(page=front).count() == 4  # a preview writes nothing

    del form["_preview"]
    form["_save"] = "保存"
    response = client.post(url(front), form)
    assert response.status_code == 302 and response.url == url(front)
    assert Article.objects.filter(page=front).count() == 5
    form[f"role-{SPLIT_LINE}"] = "poem"
    response = client.post(url(front), form)
    assert response.status_code == 400 and "未知的角色" in response.content.decode()


def test_query_count_does_not_grow_with_the_page(client, front, seed_2022, django_assert_num_queries):
    """The editor reads the page and its issue and parses the stored text: no query per line or
    article (the two seeds' front pages differ in lines, articles and furniture)."""
    assert run(seed_2022)[0] == 0
    other = Page.objects.get(issue__date="2022-03-28", number=1)
    client.force_login(make_user("编辑"))
    for page in (front, other):
        with django_assert_num_queries(QUERIES):
            assert client.get(url(page)).status_code == 200


QUERIES = 5  # session, user, the page with its issue (one join), the user's and groups' permissions


def test_a_page_made_by_hand_has_no_lines_to_edit(client):
    issue = Issue.objects.create(date="2023-01-02")
    page = Page.objects.create(issue=issue, number=1)
    client.force_login(make_user("编辑"))
    response = client.get(url(page), follow=True)
    assert response.redirect_chain[-1][0] == reverse("admin:issues_page_change", args=[page.pk])
    assert "本期没有导入的原始文本" in response.content.decode()


def test_the_page_change_form_links_to_the_editor(client, front):
    client.force_login(make_user("编辑"))
    html = client.get(reverse("admin:issues_page_change", args=[front.pk])).content.decode()
    assert url(front) in html
