"""The page as printed on the reader site: the page view with clickable article regions, the
article's 原版面 crop, search hits with their region, and 往年今日. Page images are drawn by the
tests (tests/pageimages.py) and stored through the default storage in a temporary MEDIA_ROOT."""

import re
from html.parser import HTMLParser

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.utils import timezone

from articles.models import ArticleRegion
from issues.models import Status
from tests.factories import make_article, make_issue, make_page
from tests.pageimages import add_region, attach_page_image

pytestmark = pytest.mark.django_db

LEAD_BOX = (0.05, 0.06, 0.6, 0.4)
SECOND_BOX = (0.68, 0.06, 0.27, 0.7)
SECOND_CONTINUED = (0.05, 0.5, 0.6, 0.26)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield settings.MEDIA_ROOT
    cache.clear()


class Links(HTMLParser):
    """Every <a class="page-region">: href, aria-label and style."""

    def __init__(self, css_class: str):
        super().__init__()
        self.css_class, self.found = css_class, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and self.css_class in (attrs.get("class") or "").split():
            self.found.append(attrs)


def anchors(text: str, css_class: str) -> list[dict]:
    parser = Links(css_class)
    parser.feed(text)
    return parser.found


@pytest.fixture
def scanned():
    """A front page with a scan: a lead (one region), a second article (two regions), a draft with a
    region, a rejected and a weak automatic region; page 2 without a scan."""
    issue = make_issue(date="2022-03-28", number=12071)
    front = make_page(issue=issue, number=1, name="要闻", editor="张三")
    inside = make_page(issue=issue, number=2, name="综合新闻")
    lead = make_article(page=front, kicker="引题", headline="高站位高质量高标准推进共同富裕")
    second = make_article(page=front, headline="职工书屋进车间")
    draft = make_article(page=front, headline="草稿不应出现", status=Status.DRAFT)
    make_article(page=inside, headline="二版头条")
    attach_page_image(front, boxes=[LEAD_BOX, SECOND_BOX, SECOND_CONTINUED])
    front.pdf.save("p1.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    add_region(lead, LEAD_BOX)
    add_region(second, SECOND_BOX, order=1)
    add_region(second, SECOND_CONTINUED, order=2)
    add_region(draft, (0.1, 0.8, 0.2, 0.1))
    add_region(lead, (0.7, 0.8, 0.2, 0.1), order=3, status=ArticleRegion.Status.REJECTED)
    add_region(
        lead,
        (0.4, 0.8, 0.2, 0.1),
        order=4,
        source=ArticleRegion.Source.AUTO,
        status=ArticleRegion.Status.PROPOSED,
        score=0.3,
    )
    return {"issue": issue, "front": front, "inside": inside, "lead": lead, "second": second, "draft": draft}


def test_page_view_shows_the_scan_with_a_link_per_visible_region(client, scanned):
    response = client.get("/2022/03/28/1/")
    assert response.status_code == 200
    text = response.content.decode()
    front, lead, second = scanned["front"], scanned["lead"], scanned["second"]

    links = anchors(text, "page-region")
    assert [(a["href"], a["aria-label"]) for a in links] == [
        (lead.get_absolute_url(), "高站位高质量高标准推进共同富裕"),
        (second.get_absolute_url(), "职工书屋进车间"),
        (second.get_absolute_url(), "职工书屋进车间"),
    ]
    # positioned in percent of the image, exactly the stored rectangle
    assert links[0]["style"] == "left:5.000%;top:6.000%;width:60.000%;height:40.000%"
    assert links[2]["style"] == "left:5.000%;top:50.000%;width:60.000%;height:26.000%"
    # the drafted article's, the rejected and the weak automatic region are not there
    assert "草稿不应出现" not in text and "left:70.000%" not in text and "left:40.000%" not in text

    # srcset from the stored renditions, WebP first, intrinsic size, alt text naming the page
    assert f'srcset="{front.image_srcset("webp")}"' in text
    assert f'srcset="{front.image_srcset("jpeg")}"' in text
    assert 'type="image/webp"' in text and 'width="1000" height="1400"' in text
    assert 'alt="第1版 要闻 版面图"' in text
    assert "/media/renditions/test/" in front.image_srcset("jpeg")
    # 标题导航 in reading order, the page tabs, the PDF, previous/next page
    titles = text[text.index('id="page-titles-heading"') : text.index('class="page-scan"')]
    assert titles.index("高站位高质量高标准推进共同富裕") < titles.index("职工书屋进车间")
    assert f'href="{front.pdf.url}" download' in text
    assert 'class="page-tabs"' in text and 'href="/2022/03/28/2/"' in text
    assert 'rel="next" href="/2022/03/28/2/"' in text


def test_page_without_a_scan_keeps_the_text_layout(client, scanned):
    text = client.get("/2022/03/28/2/").content.decode()
    assert "page-scan" not in text and "page-region" not in text and "PDF" not in text
    assert 'class="story-headline"' in text and "二版头条" in text
    assert 'rel="prev" href="/2022/03/28/1/"' in text
    # a PDF without a rendered image (rendering failed) is still offered for download
    inside = scanned["inside"]
    inside.pdf.save("p2.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    text = client.get("/2022/03/28/2/").content.decode()
    assert f'href="{inside.pdf.url}" download' in text and "下载第2版 PDF" in text


def test_home_shows_the_front_page_scan(client, scanned):
    text = client.get("/").content.decode()
    assert len(anchors(text, "page-region")) == 3


def test_region_of_an_article_continued_from_another_page_is_clickable_there(client, scanned):
    inside_article = scanned["inside"].articles.get()
    attach_page_image(scanned["inside"], boxes=[(0.1, 0.1, 0.5, 0.5)])
    add_region(inside_article, (0.1, 0.1, 0.5, 0.5))
    add_region(inside_article, (0.05, 0.8, 0.3, 0.15), page=scanned["front"], order=2)  # 转版 to page 1
    links = anchors(client.get("/2022/03/28/1/").content.decode(), "page-region")
    assert inside_article.get_absolute_url() in [a["href"] for a in links]


def test_a_new_region_shows_at_once(client, scanned):
    """An editor's drawing ends the cache generation like any other save."""
    assert len(anchors(client.get("/2022/03/28/1/").content.decode(), "page-region")) == 3
    assert client.get("/2022/03/28/1/")["X-Reader-Cache"] == "hit"
    region = add_region(scanned["lead"], (0.7, 0.9, 0.2, 0.05), order=5)
    assert len(anchors(client.get("/2022/03/28/1/").content.decode(), "page-region")) == 4
    region.delete()
    assert len(anchors(client.get("/2022/03/28/1/").content.decode(), "page-region")) == 3


def test_article_page_shows_its_regions_cut_from_the_page(client, scanned):
    second = scanned["second"]
    text = client.get(second.get_absolute_url()).content.decode()
    assert "原版面" in text
    crops = anchors(text, "region-crop")
    assert [a["href"] for a in crops] == ["/2022/03/28/1/", "/2022/03/28/1/"]
    # SECOND_BOX is 0.27 × 0.7 of a 1000 × 1400 page: 270 × 980 px
    assert crops[0]["style"] == f"aspect-ratio:{270 / 980:.4f};max-width:min(100%,270px)"
    image_styles = re.findall(r'<img src="[^"]+" srcset="[^"]+" sizes="(\d+)px" style="([^"]+)"', text)
    assert image_styles[0] == (
        str(round(640 / 0.27)),
        f"width:{100 / 0.27:.3f}%;height:{100 / 0.7:.3f}%;left:{-68 / 0.27:.3f}%;top:{-6 / 0.7:.3f}%",
    )
    assert "《职工书屋进车间》在版面上的原样（第1块）" in text
    assert "在2022年3月28日第1版版面图上查看" in text


def test_article_without_regions_has_no_crop(client, scanned):
    text = client.get(scanned["inside"].articles.get().get_absolute_url()).content.decode()
    assert "原版面" not in text and "region-crop" not in text


def test_search_hit_shows_its_region_and_links_to_the_page(client, scanned):
    text = client.get("/search/?q=职工书屋").content.decode()
    thumbs = anchors(text, "region-crop--thumb")
    assert [a["href"] for a in thumbs] == ["/2022/03/28/1/"]
    # a long narrow column is shown from its top, at most 4:3 tall
    assert thumbs[0]["style"].startswith("aspect-ratio:0.7500;")
    assert f'href="{scanned["second"].get_absolute_url()}"' in text


# ---------------------------------------------------------------------------------------------
# 往年今日


@pytest.fixture
def years():
    made = {}
    for year in (2019, 2020, 2021, 2022):
        issue = make_issue(date=f"{year}-03-28")
        front = make_page(issue=issue, number=1, name="要闻")
        make_article(page=front, headline=f"{year}年头版头条")
        make_article(page=make_page(issue=issue, number=2, name="综合"), headline=f"{year}年二版文章")
        made[year] = issue
    make_issue(date="2018-03-28", status=Status.DRAFT)
    make_article(page=make_page(issue=make_issue(date="2021-03-27")), headline="前一天的新闻")
    return made


def test_home_lists_front_pages_of_the_same_day_in_earlier_years(client, years):
    text = client.get("/").content.decode()  # the 2022-03-28 issue
    section = text[text.index('id="on-this-day-heading"') :]
    assert [int(y) for y in re.findall(r'datetime="(\d{4})-03-28"', section)] == [2021, 2020, 2019]
    assert "2021年头版头条" in section and "二版文章" not in section and "前一天的新闻" not in section
    assert 'href="/on-this-day/03-28/"' in section


def test_on_this_day_page_and_redirect(client, years):
    today = timezone.localdate()
    response = client.get("/on-this-day/")
    assert response.status_code == 302
    assert response["Location"] == f"/on-this-day/{today:%m-%d}/"

    text = client.get("/on-this-day/03-28/").content.decode()
    assert [int(y) for y in re.findall(r'datetime="(\d{4})-03-28"', text)] == sorted(
        (y for y in years if y < today.year), reverse=True
    )
    assert "往年今日：3月28日" in text and 'href="/on-this-day/03-27/"' in text
    assert "2018-03-28" not in text  # unpublished
    assert "往年的2月29日没有报纸" in client.get("/on-this-day/02-29/").content.decode()
    assert 'href="/on-this-day/01-01/"' in client.get("/on-this-day/12-31/").content.decode()
    for missing in ("/on-this-day/02-30/", "/on-this-day/13-01/", "/on-this-day/00-10/"):
        assert client.get(missing).status_code == 404, missing


# ---------------------------------------------------------------------------------------------
# Query counts: the same with 3 regions as with 60, with 1 earlier year as with 8


def _count(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    return len(queries)


def test_query_counts_do_not_grow_with_regions_or_years(client, scanned, django_assert_max_num_queries):
    lead = scanned["lead"]
    urls = ["/", "/2022/03/28/1/", lead.get_absolute_url(), "/on-this-day/03-28/", "/search/?q=共同富裕"]
    make_article(page=make_page(issue=make_issue(date="2021-03-28")), headline="去年")
    small = {url: _count(client, url) for url in urls}

    for n in range(20):
        article = make_article(page=scanned["front"], headline=f"短讯{n}")
        for k in range(3):
            add_region(article, (0.01 * n, 0.05 * k, 0.01, 0.04), order=k + 1)
            add_region(lead, (0.02 + 0.01 * n, 0.05 * k, 0.01, 0.04), order=10 + 3 * n + k)
    for year in range(2013, 2021):
        make_article(page=make_page(issue=make_issue(date=f"{year}-03-28")), headline=f"{year}年")
    large = {url: _count(client, url) for url in urls}
    assert small == large
    budgets = {"/": 11, "/2022/03/28/1/": 9, lead.get_absolute_url(): 7, "/on-this-day/03-28/": 2}
    for url, budget in budgets.items():
        cache.clear()
        with django_assert_max_num_queries(budget + 2, info=url):  # + the generation's two
            client.get(url)


# ---------------------------------------------------------------------------------------------
# The whole way: a seed imported with its page PDF beside it (h12a's pickup, rendering and
# automatic regions), read on the page view.


def test_imported_pdf_gives_a_page_view_whose_areas_are_where_the_text_was_set(client, seed_2022, tmp_path):
    import shutil

    from django.core.management import call_command

    from articles.models import Article
    from issues.models import Issue
    from tests.pagefile_samples import make_page_pdf

    archive = tmp_path / "archive"
    archive.mkdir()
    text = archive / "zjgr-2022-03-28.txt"
    shutil.copy(seed_2022, text)
    call_command("import_issues", str(text), verbosity=0)  # once, to learn the articles to set
    articles = list(Article.objects.filter(issue__date="2022-03-28", page__number=1).order_by("order"))
    layout = [
        (a.pk, "\n".join(t for t in (a.kicker, a.headline, a.subheadline) if t), a.source_text)
        for a in articles
    ]
    data, expected = make_page_pdf(layout)
    Issue.objects.all().delete()
    (archive / "zjgr-2022-03-28.p1.pdf").write_bytes(data)
    call_command("import_issues", str(archive), verbosity=0)

    cache.clear()
    text = client.get("/2022/03/28/1/").content.decode()
    assert 'class="page-scan-image"' in text and 'type="image/webp"' in text
    links = anchors(text, "page-region")
    assert links, "no automatic region is visible to readers"
    by_title = {a.title: expected[a.pk] for a in articles}
    new_urls = {a.title: a.get_absolute_url() for a in Article.objects.filter(issue__date="2022-03-28")}
    for link in links:
        title = link["aria-label"]
        assert link["href"] == new_urls[title]
        left, top, width, height = (float(v[:-1]) / 100 for v in re.findall(r"[\d.]+%", link["style"]))
        centre = (left + width / 2, top + height / 2)
        assert any(b.x0 <= centre[0] <= b.x1 and b.y0 <= centre[1] <= b.y1 for b in by_title[title]), title
    assert 'download type="application/pdf"' in text
