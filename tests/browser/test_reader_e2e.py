"""A reader's walk through the site in a real headless Chromium, at phone and desktop widths.

Lands on /, opens an article, follows a byline, then walks the archive calendar to the other seed
issue. On every stop: a screenshot into the artifacts directory, an axe-core accessibility check
(no serious or critical violations), and no horizontal scrolling."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.cache import cache
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Axe()


def check_page(page, artifacts_dir, name: str) -> None:
    page.screenshot(path=str(artifacts_dir / f"reader-{name}.png"), full_page=True)
    scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll_width <= inner_width, f"{name}: horizontal scrolling ({scroll_width} > {inner_width})"
    results = AXE.run(page)
    serious = [v for v in results.response["violations"] if v.get("impact") in {"serious", "critical"}]
    assert not serious, f"{name}: " + results.generate_report()
    assert page.evaluate("document.documentElement.lang") == "zh-Hans"


@pytest.fixture
def seeded_site(live_server, seed_2021, seed_2022):
    cache.clear()
    call_command("import_issues", str(seed_2021), str(seed_2022))
    yield live_server.url
    cache.clear()


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_reader_walks_from_front_page_to_the_other_seed_issue(request, seeded_site, artifacts_dir, viewport):
    page = request.getfixturevalue(f"{viewport}_page")
    page.set_default_timeout(15_000)

    # 1. The front page of the latest issue.
    page.goto(seeded_site + "/")
    assert "总第12071号" in page.locator("header.site-header").inner_text()
    assert page.locator("h1").count() == 1
    check_page(page, artifacts_dir, f"{viewport}-1-home")

    # 2. Open the lead article.
    page.locator("main .story-headline a").first.click()
    page.wait_for_url(re.compile(r"/2022/03/28/1/\d+/$"))
    assert "高站位高质量高标准" in page.locator("h1").inner_text()
    assert page.locator(".article-body p").count() >= 3
    check_page(page, artifacts_dir, f"{viewport}-2-article")

    # 3. Follow the reporter's byline.
    page.locator(".dateline a.byline-link").first.click()
    page.wait_for_url(re.compile(r"/bylines/\d+/$"))
    assert page.locator("h1").inner_text() == "阮向民"
    check_page(page, artifacts_dir, f"{viewport}-3-byline")

    # 4. The archive calendar: years, then 2021, then the day with an issue.
    page.get_by_role("navigation", name="网站导航").get_by_role("link", name="往期报纸").click()
    page.wait_for_url(re.compile(r"/archive/$"))
    check_page(page, artifacts_dir, f"{viewport}-4-archive")
    page.locator('a[href="/archive/2021/"]').click()
    page.wait_for_url(re.compile(r"/archive/2021/$"))
    check_page(page, artifacts_dir, f"{viewport}-5-year")
    page.get_by_role("link", name="8月", exact=True).click()
    page.wait_for_url(re.compile(r"/archive/2021/08/$"))
    check_page(page, artifacts_dir, f"{viewport}-6-month")
    page.get_by_role("link", name="2021年8月7日 总第1186号").click()
    page.wait_for_url(re.compile(r"/2021/08/07/$"))
    assert "总第1186号" in page.locator("header.site-header").inner_text()
    assert "扛起政治责任" in page.locator("main").inner_text()
    check_page(page, artifacts_dir, f"{viewport}-7-issue")

    # 5. And into that issue's front page, keyboard focus visible on a link.
    page.locator("main .issue-page-title a").first.click()
    page.wait_for_url(re.compile(r"/2021/08/07/1/$"))
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    check_page(page, artifacts_dir, f"{viewport}-8-page")


def test_site_works_without_javascript(browser, seeded_site, artifacts_dir):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(seeded_site + "/")
    page.locator("main .story-headline a").first.click()
    page.wait_for_url(re.compile(r"/2022/03/28/1/\d+/$"))
    assert page.locator(".article-body p").count() >= 3
    page.screenshot(path=str(artifacts_dir / "reader-nojs-article.png"), full_page=True)
    context.close()
