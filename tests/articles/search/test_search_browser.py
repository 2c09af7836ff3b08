"""A reader searches from the header box in a real headless Chromium, on a phone and a desktop."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.cache import cache
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def seeded_site(live_server, seed_2021, seed_2022):
    cache.clear()
    call_command("import_issues", str(seed_2021), str(seed_2022), verbosity=0)
    yield live_server.url
    cache.clear()


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_reader_searches_for_a_name_and_filters(request, seeded_site, artifacts_dir, viewport):
    page = request.getfixturevalue(f"{viewport}_page")
    page.set_default_timeout(15_000)
    page.goto(seeded_site + "/")
    page.locator("#site-search").fill("史济锡")
    page.locator("#site-search").press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q="))
    results = page.locator(".search-result")
    assert results.count() == 2
    assert page.locator(".search-result mark").first.inner_text() == "史济锡"
    assert "找到 2 篇报道" in page.locator(".search-count").inner_text()
    page.screenshot(path=str(artifacts_dir / f"search-{viewport}-1-results.png"), full_page=True)
    scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll_width <= inner_width
    serious = [
        v for v in Axe().run(page).response["violations"] if v.get("impact") in {"serious", "critical"}
    ]
    assert not serious, serious

    # Narrow to 2022 with the date filter: one result left, and the query is kept.
    page.locator(".search-form__filters summary").click()
    page.locator("#id_date_from").fill("2022-01-01")
    page.locator(".search-form__apply").click()
    page.wait_for_url(re.compile(r"date_from=2022-01-01"))
    assert page.locator(".search-result").count() == 1
    assert "2022年3月28日" in page.locator(".search-result").inner_text()
    assert page.locator("#search-q").input_value() == "史济锡"
    page.screenshot(path=str(artifacts_dir / f"search-{viewport}-2-filtered.png"), full_page=True)

    # Into the article.
    page.locator(".search-result .story-headline a").first.click()
    page.wait_for_url(re.compile(r"/2022/03/28/1/\d+/$"))
