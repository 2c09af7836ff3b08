"""The structure editor in a real headless Chromium, as an editor uses it: from the page's change
form to the editor, keyboard shortcuts to split an item the importer merged, a preview, a save; and
the same with JavaScript off (a form per line). Screenshots go to test-artifacts/ (docs/structure-editor.png is one of them)."""

import re

import pytest
from django.core.cache import cache
from django.core.management import call_command

from articles.models import Article
from issues.models import Page
from tests.desk.helpers import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SPLIT_LINE = 69  # "记者从省公安厅获悉…", inside 我省在全国率先推出电子居住证


@pytest.fixture
def imported_site(live_server, seed_2021):
    cache.clear()
    call_command("import_issues", str(seed_2021), verbosity=0)
    yield live_server.url
    cache.clear()


def login(page, base: str, username: str) -> None:
    page.goto(base + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))


def test_editor_splits_a_merged_item_with_the_keyboard(imported_site, desktop_page, artifacts_dir):
    base, page = imported_site, desktop_page
    page.set_default_timeout(20_000)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))  # script errors (the favicon's 404 is none)
    page.on("response", lambda response: errors.append(response.url) if response.status >= 400 else None)
    front = Page.objects.get(issue__date="2021-08-07", number=1)
    login(page, base, make_user("编辑", username="bianji").username)

    page.goto(f"{base}/admin/issues/page/{front.pk}/change/")
    page.click("a.structure-link")
    page.wait_for_url(re.compile(rf"/admin/issues/page/{front.pk}/structure/$"))
    assert page.locator("#structure-preview article").count() == 4
    row = page.locator(f"tr#line-{SPLIT_LINE}")
    colour_before = row.get_attribute("class")
    assert "art-1" in colour_before and "start" not in colour_before

    # Choose the line with the keyboard (↓ from the first line), start an article, make it a headline.
    page.locator("tr#line-25 td.text").click()
    rows = [int(n) for n in page.locator("tr[data-line]").evaluate_all("rs => rs.map(r => r.dataset.line)")]
    for _ in range(rows.index(SPLIT_LINE) - rows.index(25)):
        page.keyboard.press("ArrowDown")
    assert "current" in row.get_attribute("class")
    page.keyboard.press("n")
    page.keyboard.press("1")  # the first role: 主题
    assert page.locator(f"select[name=role-{SPLIT_LINE}]").input_value() == "headline"
    classes = row.get_attribute("class")
    assert "start" in classes and "art-2" in classes and "role-headline" in classes
    assert "art-3" in page.locator("tr#line-75").get_attribute("class")  # the articles below shift colour

    page.keyboard.press("p")  # preview: the server assembles the articles, nothing is saved yet
    page.wait_for_selector("text=预览：保存后本版的稿件（5）")
    preview = page.locator("#structure-preview article").nth(2)
    assert preview.locator("h3").inner_text().startswith("记者从省公安厅获悉")
    assert Article.objects.filter(page=front).count() == 4
    page.evaluate(
        "window.scrollTo(0, document.querySelector('tr#line-59').getBoundingClientRect().top + window.scrollY - 10)"
    )
    page.screenshot(path=str(artifacts_dir / "structure-editor.png"), full_page=False)

    page.click("#structure-save-button")
    page.wait_for_selector("text=已按调整后的结构重建本版稿件")
    page.screenshot(path=str(artifacts_dir / "structure-editor-saved.png"), full_page=False)
    assert Article.objects.filter(page=front).count() == 5
    new = Article.objects.get(page=front, source_line=SPLIT_LINE)
    assert page.locator(f"tr#line-{SPLIT_LINE}").get_attribute("class").count("start") == 1
    page.goto(base + new.get_absolute_url())
    assert page.locator("h1").first.inner_text().startswith("记者从省公安厅获悉")
    assert errors == []


def test_the_editor_works_without_javascript(imported_site, browser):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="zh-CN", java_script_enabled=False
    )
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        front = Page.objects.get(issue__date="2021-08-07", number=1)
        login(page, imported_site, make_user("档案管理员", username="dangan").username)
        page.goto(f"{imported_site}/admin/issues/page/{front.pk}/structure/")
        # Merge the resolution (line 89) into the article above: untick its start, demote its titles.
        page.uncheck("input[name=start-89]")
        page.select_option("select[name=role-89]", "body")
        page.select_option("select[name=role-91]", "body")
        page.click("#structure-preview-button")
        page.wait_for_selector("text=预览：保存后本版的稿件（3）")
        page.click("#structure-save-button")
        page.wait_for_selector("text=已按调整后的结构重建本版稿件")
        assert Article.objects.filter(page=front).count() == 3
    finally:
        context.close()


def test_a_proofreader_cannot_open_the_editor(imported_site, desktop_page):
    page = desktop_page
    front = Page.objects.get(issue__date="2021-08-07", number=1)
    login(page, imported_site, make_user("校对", username="jiaodui").username)
    response = page.goto(f"{imported_site}/admin/issues/page/{front.pk}/structure/")
    assert response.status == 403
