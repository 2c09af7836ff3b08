"""The article form in a real headless Chromium: the OCR source stays in view and follows the
paragraph being edited, 字数 counts characters, no CKEditor console warnings, a warning before
leaving with unsaved text, and the page picker offers only the chosen issue's pages."""

import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from playwright.sync_api import Error as PlaywrightError

from articles.models import Article
from issues.exporting import paragraphs_from_html
from issues.models import Page
from tests.browser.test_editor_e2e import login
from tests.desk.helpers import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def imported_site(live_server, seed_2021, seed_2022):
    cache.clear()
    call_command("import_issues", str(seed_2021), str(seed_2022), verbosity=0)
    yield live_server.url
    cache.clear()


@pytest.fixture
def short_page(browser):
    """A laptop screen: a long article is taller than the window."""
    context = browser.new_context(viewport={"width": 1280, "height": 640}, locale="en-US")
    page = context.new_page()
    yield page
    context.close()


def longest_article() -> Article:
    return max(Article.objects.exclude(source_text=""), key=lambda a: len(a.body))


def open_article(page, base, article):
    page.goto(base + f"/admin/articles/article/{article.pk}/change/")
    editable = page.locator(".field-body .ck-editor__editable").first
    editable.wait_for(state="visible")
    page.wait_for_function("() => window.editors && window.editors['id_body']")
    return editable


def test_source_pane_follows_the_paragraph_being_edited(imported_site, short_page, artifacts_dir):
    page, base = short_page, imported_site
    page.set_default_timeout(20_000)
    console = []
    page.on("console", lambda message: console.append((message.type, message.text)))
    editor = make_user("编辑", username="zhangbian")
    article = longest_article()
    login(page, base, editor.username)
    editable = open_article(page, base, article)

    # The desk is Chinese for an English browser, and CKEditor warns about nothing.
    assert page.locator("input[name=_save]").get_attribute("value") == "保存"
    problems = [text for kind, text in console if kind in {"warning", "error"}]
    assert not [
        text for text in problems if "imageStyle" in text or "toolbarview-item-unavailable" in text
    ], problems

    # 字数: characters, not words.
    paragraphs = paragraphs_from_html(article.body)
    expected = len(re.sub(r"\s+", "", "".join(paragraphs)))
    assert page.locator(".desk-char-count").inner_text() == f"字数：{expected}"

    # Edit the last paragraph, far down the page: the source pane is still on screen beside it.
    last = editable.locator("p").last
    last.scroll_into_view_if_needed()
    last.click()
    page.keyboard.press("End")
    page.wait_for_timeout(600)
    source = page.locator(".field-source_display .desk-source")
    box = source.bounding_box()
    height = page.viewport_size["height"]
    assert box["y"] < height - 100 and box["y"] + box["height"] > 100, f"source pane off screen: {box}"
    assert page.evaluate("() => window.scrollY") > 200, "the article should be longer than the window"

    # Its passage is highlighted and scrolled into the pane.
    passage = source.get_attribute("data-passage")
    assert passage, "no source passage found for the last paragraph"
    start, end = map(int, passage.split("-"))
    highlighted = article.source_text[start:end]
    compact = re.sub(r"\s+", "", highlighted)
    assert compact[:4] == re.sub(r"\s+", "", paragraphs[-1])[:4]
    assert page.evaluate("() => CSS.highlights.has('desk-source-passage')")
    page.screenshot(path=str(artifacts_dir / "desk-source-follows-last-paragraph.png"))

    # The first paragraph moves the highlight back up.
    editable.locator("p").first.scroll_into_view_if_needed()
    editable.locator("p").first.click()
    page.wait_for_timeout(400)
    first_start = int(source.get_attribute("data-passage").split("-")[0])
    assert first_start < start


def test_leaving_with_unsaved_text_asks_first(imported_site, short_page):
    page, base = short_page, imported_site
    page.set_default_timeout(20_000)
    editor = make_user("编辑", username="zhangbian")
    article = longest_article()
    login(page, base, editor.username)
    dialogs = []

    def answer(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", answer)

    # A click (a user gesture) but no change: leaving asks nothing.
    editable = open_article(page, base, article)
    editable.locator("p").first.click()
    page.goto(base + "/admin/")
    assert dialogs == []

    # Typed text: leaving asks, and staying keeps the text.
    editable = open_article(page, base, article)
    editable.locator("p").first.click()
    page.keyboard.type("补")
    with pytest.raises(PlaywrightError):  # the navigation is cancelled: the editor stayed
        page.goto(base + "/admin/", timeout=3000)
    assert dialogs == ["beforeunload"]
    assert "补" in editable.inner_text()

    # Saving is not leaving.
    page.click("input[name=_continue]")
    page.wait_for_url(re.compile(rf"/admin/articles/article/{article.pk}/change/$"))
    assert dialogs == ["beforeunload"]


def test_page_picker_offers_the_chosen_issues_pages(imported_site, desktop_page):
    page, base = desktop_page, imported_site
    page.set_default_timeout(20_000)
    editor = make_user("编辑", username="zhangbian")
    login(page, base, editor.username)
    issue_page = Page.objects.select_related("issue").order_by("issue__date").first()
    issue = issue_page.issue
    page.goto(base + "/admin/articles/article/add/")
    page.locator("[aria-labelledby=select2-id_issue-container]").click()
    page.locator(".select2-search__field").fill(f"{issue.date:%Y-%m-%d}")
    page.locator(".select2-results__option", has_text=f"{issue.date:%Y-%m-%d}").first.click()
    page.locator("[aria-labelledby=select2-id_page-container]").click()
    page.locator(".select2-results__option").first.wait_for()
    page.wait_for_timeout(500)
    offered = page.locator(".select2-results__option").all_inner_texts()
    expected = [str(p) for p in Page.objects.filter(issue=issue).select_related("issue").order_by("number")]
    assert offered and all(text.startswith(f"{issue.date:%Y-%m-%d}") for text in offered), offered
    assert len(offered) == len(expected)


def test_an_existing_articles_page_stays_chosen_and_saves(imported_site, short_page):
    """Django's RelatedObjectLookups fires "change" on every related select as the form loads; the
    page picker must not take that for a change of issue and empty the article's page."""
    page, base = short_page, imported_site
    page.set_default_timeout(20_000)
    editor = make_user("编辑", username="baozhang")
    article = Article.objects.exclude(source_text="").order_by("pk").first()
    login(page, base, editor.username)
    open_article(page, base, article)
    page.wait_for_timeout(300)
    assert page.eval_on_selector("#id_page", "e => e.value") == str(article.page_id)
    page.locator("input[name=_continue]").click()
    page.wait_for_load_state()
    assert page.locator(".errornote").count() == 0
    article.refresh_from_db()
    assert Page.objects.get(pk=article.page_id).issue_id == article.issue_id
