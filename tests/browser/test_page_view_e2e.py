"""The page as printed, in a real headless Chromium: a reader taps an article's area on a
phone-width page view and lands on the article (with its 原版面 crop); an editor draws a region on
the page image in the desk. The seed issues are imported and their front page gets a scan drawn by
Pillow with a known layout; the storage's files are served to the browser the way a web server or
object storage would serve them (Playwright's router), not through Django."""

import mimetypes
import os
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.management import call_command

from articles.models import Article, ArticleRegion
from issues.models import Page
from tests.desk.helpers import PASSWORD, make_user
from tests.pageimages import add_region, attach_page_image, front_page_boxes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DOCS = Path(__file__).resolve().parent.parent.parent / "docs"


def serve_media(page) -> None:
    """/media/… answered from MEDIA_ROOT, as nginx or the object store would."""

    def handle(route):
        name = route.request.url.split("/media/", 1)[1].split("?", 1)[0]
        path = Path(django_settings.MEDIA_ROOT) / name
        if not path.is_file():
            route.fulfill(status=404, body="")
            return
        route.fulfill(
            status=200,
            body=path.read_bytes(),
            content_type=mimetypes.guess_type(path.name)[0] or "application/octet-stream",
        )

    page.route("**/media/**", handle)


@pytest.fixture
def scanned_site(live_server, seed_2021, seed_2022, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    call_command("import_issues", str(seed_2021), str(seed_2022), verbosity=0)
    front = Page.objects.get(issue__date="2022-03-28", number=1)
    articles = list(Article.objects.published().filter(page=front).order_by("order"))
    boxes = front_page_boxes(len(articles))
    attach_page_image(
        front,
        boxes=boxes,
        titles=[a.title for a in articles],
        masthead="浙江工人日报",
        width=1200,
        height=1700,
        rendition_widths=(480, 960, 1600),
    )
    for article, box in zip(articles, boxes, strict=True):
        add_region(article, box)
    yield {"url": live_server.url, "front": front, "articles": articles, "boxes": boxes}
    cache.clear()


def no_horizontal_scroll(page) -> None:
    scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll_width <= inner_width, f"horizontal scrolling ({scroll_width} > {inner_width})"


def no_serious_axe_violations(page, name: str) -> None:
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v.get("impact") in {"serious", "critical"}]
    assert not serious, f"{name}: " + results.generate_report()


@pytest.fixture
def touch_phone(browser):
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="zh-CN",
    )
    page = context.new_page()
    yield page
    context.close()


def test_reader_taps_an_article_area_on_a_phone_and_lands_on_the_article(
    scanned_site, touch_phone, artifacts_dir
):
    page = touch_phone
    page.set_default_timeout(15_000)
    serve_media(page)
    page.goto(scanned_site["url"] + "/2022/03/28/1/")
    image = page.locator(".page-scan-image")
    image.wait_for()
    page.wait_for_function("document.querySelector('.page-scan-image').complete")
    assert page.evaluate("document.querySelector('.page-scan-image').naturalWidth") > 0, "scan did not load"
    # the image fits the width; the title list comes before it
    box = image.bounding_box()
    assert box["width"] <= 360 and box["x"] >= 0
    titles = page.locator(".page-titles").bounding_box()
    assert titles["y"] < box["y"]
    # a phone picks a rendition for its 720 device pixels, not the 1600 px one
    assert re.search(
        r"-960\.(webp|jpg)$", page.evaluate("document.querySelector('.page-scan-image').currentSrc")
    )
    no_horizontal_scroll(page)
    no_serious_axe_violations(page, "phone page view")
    page.screenshot(path=str(artifacts_dir / "page-view-phone.png"), full_page=True)

    # tap the second article's area (the first of the three columns)
    target = scanned_site["articles"][1]
    area = page.get_by_role("link", name=target.title, exact=True).and_(page.locator(".page-region"))
    area.scroll_into_view_if_needed()
    area.tap()
    page.wait_for_url(re.compile(rf"/2022/03/28/1/{target.pk}/$"))
    assert page.locator("h1").inner_text() == target.headline
    crop = page.locator(".region-crop img").first
    crop.scroll_into_view_if_needed()
    page.wait_for_function("document.querySelector('.region-crop img').complete")
    assert page.evaluate("document.querySelector('.region-crop img').naturalWidth") > 0
    no_horizontal_scroll(page)
    page.locator(".page-crops").screenshot(path=str(artifacts_dir / "page-view-article-crop.png"))
    page.screenshot(path=str(artifacts_dir / "page-view-article-phone.png"), full_page=True)
    # and back to the page view from the crop
    page.locator(".region-crop").first.tap()
    page.wait_for_url(re.compile(r"/2022/03/28/1/$"))


def test_page_view_on_a_desktop_outlines_the_focused_area(scanned_site, desktop_page, artifacts_dir):
    page = desktop_page
    serve_media(page)
    page.goto(scanned_site["url"] + "/2022/03/28/1/")
    page.wait_for_function("document.querySelector('.page-scan-image').complete")
    # beside each other: the scan on the left, the titles on the right
    scan, titles = page.locator(".page-scan").bounding_box(), page.locator(".page-titles").bounding_box()
    assert titles["x"] > scan["x"] + scan["width"] - 1
    lead = page.locator(".page-region").first
    lead.focus()
    outline = lead.evaluate("e => getComputedStyle(e).borderTopColor")
    assert outline != "rgba(0, 0, 0, 0)"
    lead.hover()
    no_serious_axe_violations(page, "desktop page view")
    page.screenshot(path=str(artifacts_dir / "page-view-desktop.png"))
    if os.environ.get("NEWSROOM_UPDATE_DOCS_SCREENSHOTS"):  # the README's picture, on request only
        page.screenshot(path=str(DOCS / "page-view.png"))
    # without JavaScript the areas are plain links
    assert lead.get_attribute("href") == scanned_site["articles"][0].get_absolute_url()

    # 往年今日 for that day shows the front page's scan and its headlines
    page.goto(scanned_site["url"] + "/on-this-day/03-28/")
    assert page.locator(".day-front-date").first.inner_text() == "2022年3月28日 第1版"
    page.wait_for_function("document.querySelector('.day-front-scan img').complete")
    assert page.evaluate("document.querySelector('.day-front-scan img').naturalWidth") > 0
    no_serious_axe_violations(page, "on this day")
    page.screenshot(path=str(artifacts_dir / "on-this-day.png"), full_page=True)

    # a search hit shows its area of the page
    lead_article = scanned_site["articles"][0]
    page.goto(scanned_site["url"] + "/search/?q=产改")
    hit = page.locator(".search-result", has=page.locator(f'a[href="{lead_article.get_absolute_url()}"]'))
    thumb = hit.locator(".region-crop--thumb img")
    thumb.wait_for()
    page.wait_for_function("document.querySelector('.region-crop--thumb img').complete")
    assert page.evaluate("document.querySelector('.region-crop--thumb img').naturalWidth") > 0
    no_serious_axe_violations(page, "search with regions")
    page.screenshot(path=str(artifacts_dir / "search-with-regions.png"), full_page=True)


def test_editor_draws_a_region_on_the_page_image(scanned_site, desktop_page, artifacts_dir):
    page = desktop_page
    page.set_default_timeout(20_000)
    serve_media(page)
    editor = make_user("编辑", username="huaban")
    article = scanned_site["articles"][2]
    article.regions.all().delete()

    page.goto(scanned_site["url"] + "/admin/login/")
    page.fill("#id_username", editor.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))
    page.goto(scanned_site["url"] + f"/admin/articles/article/{article.pk}/change/")
    canvas = page.locator(".region-editor-canvas")
    canvas.scroll_into_view_if_needed()
    page.wait_for_function("document.querySelector('.region-editor-canvas img').complete")
    box = canvas.bounding_box()

    # drag from (30 %, 50 %) to (60 %, 70 %) of the page
    page.mouse.move(box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.5)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.45, box["y"] + box["height"] * 0.6, steps=5)
    page.mouse.move(box["x"] + box["width"] * 0.6, box["y"] + box["height"] * 0.7, steps=5)
    page.mouse.up()
    assert page.locator(".region-box").count() == 1
    x = float(page.locator("input[name='regions-0-x']").input_value())
    width = float(page.locator("input[name='regions-0-width']").input_value())
    assert abs(x - 0.3) < 0.01 and abs(width - 0.3) < 0.01
    canvas.screenshot(path=str(artifacts_dir / "region-editor-drawn.png"))

    # then move it right by dragging, and correct the height with the keyboard
    page.mouse.move(box["x"] + box["width"] * 0.4, box["y"] + box["height"] * 0.6)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.6, steps=5)
    page.mouse.up()
    assert abs(float(page.locator("input[name='regions-0-x']").input_value()) - 0.4) < 0.01
    page.locator("input[name='regions-0-height']").fill("0.15")
    page.locator(".region-editor").screenshot(path=str(artifacts_dir / "region-editor.png"))
    page.locator("input[name=_continue]").click()
    page.wait_for_load_state()
    assert page.locator(".errornote").count() == 0, page.locator(".errorlist").all_inner_texts()

    region = ArticleRegion.objects.get(article=article)
    assert abs(region.x - 0.4) < 0.01 and abs(region.y - 0.5) < 0.01
    assert abs(region.width - 0.3) < 0.01 and region.height == 0.15
    assert (region.page_id, region.source, region.status) == (article.page_id, "manual", "accepted")
    assert page.locator(".region-box").count() == 1  # drawn again after saving
