"""Page files: the naming rule, attaching PDFs and scans, renditions, automatic regions, the
importer's pickup and the attach command. PDFs and scans are made by the tests (tests/pagefile_samples.py)."""

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from PIL import Image

from articles.models import Article, ArticleRegion
from issues.importing import import_file
from issues.models import Issue, Page
from issues.pagefiles import PageFileError, attach_page_file, find_page_files, propose_regions
from tests.pagefile_samples import Box, make_page_pdf, make_scan, mask_iou

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(media: Path) -> set[str]:
    return (
        {p.relative_to(media).as_posix() for p in media.rglob("*") if p.is_file()}
        if media.exists()
        else set()
    )


def seed_page(seed: Path, number: int = 1) -> Page:
    result = import_file(seed)
    assert result.ok, result.message
    return Issue.objects.get(pk=result.issue_id).pages.get(number=number)


def layout_of(page: Page):
    """Each article of the page as it would be set: kicker, headline, subheadline, then its text."""
    articles = list(Article.objects.filter(page=page).order_by("order"))
    heads = ["\n".join(t for t in (a.kicker, a.headline, a.subheadline) if t) for a in articles]
    return articles, [(a.pk, head, a.source_text) for a, head in zip(articles, heads, strict=True)]


def page_pdf(page: Page, **options) -> tuple[bytes, dict]:
    return make_page_pdf(layout_of(page)[1], **options)


# ---------------------------------------------------------------------------------------------
# Automatic regions


@pytest.mark.parametrize("seed", ["seed_2021", "seed_2022"])
def test_regions_from_the_text_layer_match_where_the_text_was_set(seed, request):
    page = seed_page(request.getfixturevalue(seed))
    articles, layout = layout_of(page)
    assert len(articles) >= 3
    data, expected = make_page_pdf(layout)

    result = attach_page_file(page=page, path_or_file=ContentFile(data, name="front.p1.pdf"))

    assert result.changed
    for article in articles:
        regions = list(ArticleRegion.objects.filter(article=article, page=page))
        assert len(regions) == len(expected[article.pk]), article.title  # one per column it occupies
        assert all(r.source == "auto" and r.status == "proposed" for r in regions)
        assert min(r.score for r in regions) >= 0.95, article.title
        proposed = [Box(r.x, r.y, r.x + r.width, r.y + r.height) for r in regions]
        assert mask_iou(proposed, expected[article.pk]) >= 0.85, article.title
    assert result.regions == ArticleRegion.objects.filter(page=page).count()
    # Confident proposals are what readers see until an editor decides.
    assert ArticleRegion.objects.visible().filter(page=page).count() == result.regions


def test_a_region_never_covers_another_articles_text(seed_2021):
    page = seed_page(seed_2021)
    articles, layout = layout_of(page)
    data, expected = make_page_pdf(layout)
    attach_page_file(page=page, path_or_file=ContentFile(data, name="p.pdf"))
    for article in articles:
        mine = [Box(r.x, r.y, r.x + r.width, r.y + r.height) for r in article.regions.all()]
        for other in articles:
            if other.pk != article.pk:
                assert mask_iou(mine, expected[other.pk]) < 0.05, (article.title, other.title)


def test_editors_decisions_survive_new_proposals(seed_2021):
    page = seed_page(seed_2021)
    articles, layout = layout_of(page)
    data, _expected = make_page_pdf(layout)
    attach_page_file(page=page, path_or_file=ContentFile(data, name="p.pdf"))
    first, second, third = articles[:3]
    accepted = first.regions.first()
    accepted.status = ArticleRegion.Status.ACCEPTED
    accepted.x = 0.1
    accepted.save()
    second.regions.update(status=ArticleRegion.Status.REJECTED)
    drawn = ArticleRegion.objects.create(article=third, page=page, x=0.5, y=0.5, width=0.2, height=0.2)
    before = {r.pk for r in ArticleRegion.objects.filter(page=page)}

    propose_regions(page=page)  # again, from the stored PDF

    after = ArticleRegion.objects.filter(page=page)
    assert ArticleRegion.objects.get(pk=accepted.pk).x == 0.1
    assert second.regions.filter(status=ArticleRegion.Status.PROPOSED).count() == 0
    assert second.regions.filter(status=ArticleRegion.Status.REJECTED).exists()
    assert list(third.regions.all()) == [drawn]
    # The other articles' undecided proposals were made again (new rows), not kept twice.
    others = after.filter(article__in=articles[3:])
    assert others.exists() and not ({r.pk for r in others} & before)


def test_a_pdf_without_text_layer_gives_an_image_and_no_regions(seed_2021, media):
    page = seed_page(seed_2021)
    data, _expected = page_pdf(page, text_layer=False)
    result = attach_page_file(page=page, path_or_file=ContentFile(data, name="scan.pdf"))
    page.refresh_from_db()
    assert result.changed and result.regions == 0
    assert page.pdf and page.image and page.image_width == 2400
    assert not ArticleRegion.objects.filter(page=page).exists()


# ---------------------------------------------------------------------------------------------
# Attaching and renditions


def test_a_pdf_is_stored_rendered_and_given_renditions(seed_2021, media, django_assert_max_num_queries):
    page = seed_page(seed_2021)
    data, _expected = page_pdf(page)
    attach_page_file(page=page, path_or_file=ContentFile(data, name="x.pdf"))
    page = Page.objects.get(pk=page.pk)

    assert page.pdf.name.startswith("pages/2021/08/07/p1-") and page.pdf.name.endswith(".pdf")
    assert page.pdf.read() == data
    assert (page.image_width, page.image_height) == (2400, 3360)
    assert page.image_sha256 == page.pdf_sha256  # the image is the PDF's rendering
    for fmt, pil_format in (("webp", "WEBP"), ("jpeg", "JPEG")):
        widths = [w for w, _name in page.renditions[fmt]]
        assert widths == [480, 960, 1600]
        for width, name in page.renditions[fmt]:
            with Image.open(media / name) as image:
                assert image.format == pil_format
                assert image.size == (width, round(width * 1400 / 1000))
    assert stored_files(media) == {
        page.pdf.name,
        page.image.name,
        *(n for f in ("webp", "jpeg") for _w, n in page.renditions[f]),
    }
    assert page.image_srcset("webp").count("w,") == 2
    assert page.image_rendition_url(700, "webp").endswith("-960.webp")


def test_the_same_file_again_changes_nothing(seed_2021, media):
    page = seed_page(seed_2021)
    data, _expected = page_pdf(page)
    attach_page_file(page=page, path_or_file=ContentFile(data, name="x.pdf"))
    files = stored_files(media)
    regions = set(ArticleRegion.objects.values_list("pk", flat=True))
    page.refresh_from_db()

    result = attach_page_file(page=page, path_or_file=ContentFile(data, name="x.pdf"))

    assert not result.changed
    assert stored_files(media) == files
    assert set(ArticleRegion.objects.values_list("pk", flat=True)) == regions


def test_a_changed_pdf_replaces_the_old_files(seed_2021, media, django_capture_on_commit_callbacks):
    page = seed_page(seed_2021)
    articles, layout = layout_of(page)
    first, _ = make_page_pdf(layout)
    second, _ = make_page_pdf(list(reversed(layout)))
    attach_page_file(page=page, path_or_file=ContentFile(first, name="x.pdf"))
    page.refresh_from_db()
    old = stored_files(media)

    with django_capture_on_commit_callbacks(execute=True):
        attach_page_file(page=page, path_or_file=ContentFile(second, name="x.pdf"))

    page.refresh_from_db()
    now = stored_files(media)
    assert not (old & now)  # old PDF, image and renditions deleted after the commit
    assert len(now) == 2 + 6 and page.pdf.read() == second


def test_a_scan_is_the_page_image_and_a_pdf_does_not_replace_it(seed_2021, media):
    page = seed_page(seed_2021)
    attach_page_file(page=page, path_or_file=ContentFile(make_scan(fmt="PNG"), name="scan.png"))
    page.refresh_from_db()
    scan_image = page.image.name
    assert (page.image_width, page.image_height) == (1200, 1680)
    assert [w for w, _n in page.renditions["jpeg"]] == [480, 960, 1200]
    with Image.open(media / page.renditions["jpeg"][-1][1]) as biggest:
        assert biggest.size == (1200, 1680)  # never enlarged

    data, _expected = page_pdf(page)
    result = attach_page_file(page=page, path_or_file=ContentFile(data, name="x.pdf"))

    page.refresh_from_db()
    assert page.image.name == scan_image and page.pdf
    assert result.regions > 0  # the PDF still gives the regions


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("broken.pdf", b"%PDF-1.4 this is not really a pdf", "不是有效的 PDF"),
        ("text.pdf", "浙江工人日报".encode(), "不是 PDF 文件"),
        ("page.jpg", b"GIF89a not an image", "不是有效的图片文件"),
        ("page.tiff", b"II*\x00", "不是可用的版面文件"),
    ],
)
def test_bad_files_are_refused_naming_the_file_and_leave_nothing(seed_2021, media, name, data, message):
    page = seed_page(seed_2021)
    with pytest.raises(PageFileError) as error:
        attach_page_file(page=page, path_or_file=ContentFile(data, name=name))
    assert message in str(error.value) and name in str(error.value)
    page.refresh_from_db()
    assert not page.pdf and not page.image and page.renditions == {}
    assert stored_files(media) == set()


def test_a_pdf_of_several_pages_is_refused(seed_2021, media):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.add_page()
    page = seed_page(seed_2021)
    with pytest.raises(PageFileError, match="有 2 页"):
        attach_page_file(page=page, path_or_file=ContentFile(bytes(pdf.output()), name="two.pdf"))
    assert stored_files(media) == set()


def test_a_failure_after_writing_files_deletes_them(seed_2021, media, monkeypatch):
    """The database refuses the page (here: a rendition step fails late): nothing stays behind."""
    import issues.pagefiles as pagefiles

    page = seed_page(seed_2021)
    data, _expected = page_pdf(page)
    real = pagefiles.propose_regions

    def failing(**kwargs):
        real(**kwargs)
        raise RuntimeError("disk full")

    monkeypatch.setattr(pagefiles, "propose_regions", failing)
    with pytest.raises(PageFileError, match="x.pdf"):
        attach_page_file(page=page, path_or_file=ContentFile(data, name="x.pdf"))
    page.refresh_from_db()
    assert not page.pdf and not page.image and not ArticleRegion.objects.exists()
    assert stored_files(media) == set()


# ---------------------------------------------------------------------------------------------
# The naming rule, import_issues and attach_page_files


def test_naming_rule(tmp_path):
    for name in [
        "2021-08-07.txt",
        "2021-08-07.p1.pdf",
        "2021-08-07.p02.JPG",
        "2021-08-07.p3.png",
        "2021-08-07.p4.txt",
        "2021-08-07.pdf",
        "2021-08-071.p5.pdf",
        "other.p1.pdf",
        "2021-08-07.p6.tiff",
    ]:
        (tmp_path / name).write_bytes(b"x")
    found = find_page_files(tmp_path / "2021-08-07.txt")
    assert [(f.path.name, f.number, f.kind) for f in found] == [
        ("2021-08-07.p1.pdf", 1, "pdf"),
        ("2021-08-07.p02.JPG", 2, "image"),
        ("2021-08-07.p3.png", 3, "image"),
    ]


def test_import_issues_picks_up_page_files_beside_the_text(seed_2021, tmp_path, media):
    text = tmp_path / "archive" / "zjgr-2021-08-07.txt"
    text.parent.mkdir()
    shutil.copy(seed_2021, text)
    # The layout needs the articles: import once elsewhere to learn them, then start afresh.
    page = seed_page(seed_2021)
    data, _expected = page_pdf(page)
    Issue.objects.all().delete()
    (text.parent / "zjgr-2021-08-07.p1.pdf").write_bytes(data)
    (text.parent / "zjgr-2021-08-07.p01.jpg").write_bytes(make_scan())
    out = StringIO()

    call_command("import_issues", str(text.parent), stdout=out)

    issue = Issue.objects.get(date="2021-08-07")
    assert Issue.objects.count() == 1  # page files are never taken for issues
    p1 = issue.pages.get(number=1)  # the seed is a front page
    assert p1.pdf and p1.image.name.endswith(".jpg") and p1.image_sha256 != p1.pdf_sha256  # the scan
    assert [w for w, _n in p1.renditions["webp"]] == [480, 960, 1200]  # the scan's own width
    assert ArticleRegion.objects.filter(page=p1).count() >= 3
    output = out.getvalue()
    assert "第1版 PDF：已附加 zjgr-2021-08-07.p1.pdf" in output
    assert "第1版 版面图：已附加 zjgr-2021-08-07.p01.jpg" in output

    out = StringIO()
    call_command("import_issues", str(text.parent), stdout=out)  # again: nothing changes
    assert "第1版 PDF：zjgr-2021-08-07.p1.pdf 未变化" in out.getvalue()


def test_import_issues_reports_a_bad_page_file_and_exits_non_zero(seed_2021, tmp_path, media):
    text = tmp_path / "2021-08-07.txt"
    shutil.copy(seed_2021, text)
    (tmp_path / "2021-08-07.p1.pdf").write_bytes(b"not a pdf")
    (tmp_path / "2021-08-07.p9.jpg").write_bytes(make_scan())
    (tmp_path / "2021-08-07.p1.jpg").write_bytes(make_scan())
    out = StringIO()
    with pytest.raises(CommandError, match="2 个版面文件未能附加"):
        call_command("import_issues", str(text), stdout=out)
    output = out.getvalue()
    assert f"{tmp_path / '2021-08-07.p1.pdf'}：“2021-08-07.p1.pdf”不是 PDF 文件" in output
    assert "本期没有第9版" in output
    issue = Issue.objects.get(date="2021-08-07")  # the text is imported all the same
    page = issue.pages.get(number=1)
    assert page.image and not page.pdf  # the good scan is attached, the bad PDF is not


def test_dry_run_lists_page_files_and_writes_nothing(seed_2021, tmp_path, media):
    text = tmp_path / "2021-08-07.txt"
    shutil.copy(seed_2021, text)
    (tmp_path / "2021-08-07.p1.jpg").write_bytes(make_scan())
    out = StringIO()
    call_command("import_issues", "--dry-run", str(text), stdout=out)
    assert "第1版：2021-08-07.p1.jpg" in out.getvalue()
    assert stored_files(media) == set() and not Issue.objects.exists()


def test_attach_command_finds_the_issue_by_date_or_text_file_name(seed_2021, tmp_path, media):
    seed_page(seed_2021)  # imported as fixtures/000_0abb412f47d5fc4e.txt
    (tmp_path / "2021-08-07.p1.jpg").write_bytes(make_scan())
    (tmp_path / "000_0abb412f47d5fc4e.p1.png").write_bytes(make_scan(fmt="PNG", width=1000))
    out = StringIO()
    call_command("attach_page_files", str(tmp_path), stdout=out)
    page = Issue.objects.get().pages.get(number=1)
    # In name order: the one named after the text file, then the dated one replaces it.
    assert page.image.name.endswith(".jpg") and page.image_width == 1200
    assert "附加2个，未变化0个，失败0个" in out.getvalue()


def test_attach_command_with_date_and_page_and_its_errors(seed_2021, tmp_path, media):
    seed_page(seed_2021)
    any_name = tmp_path / "scan-0001.webp"
    any_name.write_bytes(make_scan(fmt="WEBP"))
    call_command("attach_page_files", "--date", "2021-08-07", "--page", "1", str(any_name), stdout=StringIO())
    assert Issue.objects.get().pages.get(number=1).image.name.endswith(".webp")

    (tmp_path / "1999-01-01.p1.jpg").write_bytes(make_scan())
    (tmp_path / "2021-08-07.p99.jpg").write_bytes(make_scan())
    out = StringIO()
    with pytest.raises(CommandError, match="2 个版面文件未能附加"):
        call_command(
            "attach_page_files",
            str(tmp_path / "1999-01-01.p1.jpg"),
            str(tmp_path / "2021-08-07.p99.jpg"),
            stdout=out,
        )
    assert "找不到“1999-01-01”对应的期次" in out.getvalue()
    assert "2021-08-07 没有第99版" in out.getvalue()
