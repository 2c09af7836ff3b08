"""Two editors, two browser contexts, one article: each sees that the other has it open; the first
save wins, the second is refused with the first editor's changes shown and the second editor's
text kept; a deliberate second save then keeps both fixes. Then a correction (更正) is attached and
the reader sees it."""

import re

import pytest
from django.core.cache import cache
from django.core.management import call_command

from articles.models import Article
from tests.desk.helpers import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def imported_site(live_server, seed_2021, seed_2022):
    cache.clear()
    call_command("import_issues", str(seed_2021), str(seed_2022), verbosity=0)
    yield live_server.url
    cache.clear()


@pytest.fixture
def two_editors(browser):
    contexts = [
        browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN") for _ in range(2)
    ]
    pages = [context.new_page() for context in contexts]
    for page in pages:
        page.set_default_timeout(20_000)
    yield pages
    for context in contexts:
        context.close()


def login(page, base: str, username: str) -> None:
    page.goto(base + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))


def test_two_editors_save_the_same_article(imported_site, two_editors, artifacts_dir):
    base = imported_site
    zhang_page, li_page = two_editors
    make_user("编辑", username="zhang")
    make_user("编辑", username="li")
    article = Article.objects.get(headline__startswith="高站位高质量高标准")
    url = base + f"/admin/articles/article/{article.pk}/change/"
    original_headline = article.headline

    login(zhang_page, base, "zhang")
    login(li_page, base, "li")
    zhang_page.goto(url)
    li_page.goto(url)
    # li sees on load that zhang has the form open; zhang learns of li from the heartbeat.
    assert "zhang（" in li_page.locator("#desk-editing").inner_text()
    assert zhang_page.locator("#desk-editing").is_hidden()
    zhang_page.evaluate("document.dispatchEvent(new Event('visibilitychange'))")
    zhang_page.locator("#desk-editing").wait_for(state="visible")
    assert "li（" in zhang_page.locator("#desk-editing").inner_text()

    # zhang fixes the headline and saves first.
    zhang_page.fill("#id_headline", original_headline + "（一）")
    zhang_page.click("input[name=_continue]")
    zhang_page.wait_for_url(re.compile(rf"/admin/articles/article/{article.pk}/change/$"))
    assert zhang_page.locator(".messagelist .success").count() == 1

    # li's heartbeat notices the newer version before li saves.
    li_page.evaluate("document.dispatchEvent(new Event('visibilitychange'))")
    li_page.locator("#desk-version-notice").wait_for(state="visible")
    assert "第 2 版" in li_page.locator("#desk-version-notice").inner_text()

    # li, in the form opened before zhang's save, fixes the dateline and saves: refused.
    li_page.fill("#id_dateline", "本报讯（记者阮向民）")
    li_page.click("input[name=_continue]")
    li_page.wait_for_load_state()
    errors = li_page.locator(".errornote, .errorlist.nonfield").all_inner_texts()
    assert any("未保存" in text and "zhang" in text for text in errors), errors
    stale = li_page.locator("#desk-stale")
    assert "主题" in stale.inner_text() and "（一）" in stale.locator("ins").all_inner_texts()[0]
    assert li_page.input_value("#id_dateline") == "本报讯（记者阮向民）"  # li's text kept
    assert li_page.input_value("#id_headline") == original_headline  # not yet merged
    li_page.screenshot(path=str(artifacts_dir / "desk-concurrent-save-refused.png"), full_page=True)
    article.refresh_from_db()
    assert article.headline == original_headline + "（一）" and article.dateline != "本报讯（记者阮向民）"

    # li merges zhang's headline and saves on purpose: both fixes are kept.
    li_page.fill("#id_headline", original_headline + "（一）")
    li_page.click("input[name=_continue]")
    li_page.wait_for_url(re.compile(rf"/admin/articles/article/{article.pk}/change/$"))
    assert li_page.locator(".messagelist .success").count() == 1
    article.refresh_from_db()
    assert article.headline == original_headline + "（一）"
    assert article.dateline == "本报讯（记者阮向民）"
    assert article.version == 3

    # zhang attaches a correction notice, published; the reader sees it below the body.
    zhang_page.goto(url)
    zhang_page.locator("#corrections-group .add-row a").click()
    zhang_page.fill("#id_corrections-0-wrong_text", "协调小组")
    zhang_page.fill("#id_corrections-0-right_text", "协调领导小组")
    zhang_page.select_option("#id_corrections-0-status", "published")
    zhang_page.click("input[name=_continue]")
    zhang_page.wait_for_url(re.compile(rf"/admin/articles/article/{article.pk}/change/$"))
    assert zhang_page.locator(".messagelist .success").count() == 1
    zhang_page.screenshot(path=str(artifacts_dir / "desk-correction-inline.png"), full_page=True)

    reader = li_page.context.browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-CN")
    try:
        phone = reader.new_page()
        phone.goto(base + article.get_absolute_url())
        block = phone.locator("#corrections")
        assert "原文“协调小组”有误，应为“协调领导小组”。" in block.inner_text()
        block.scroll_into_view_if_needed()
        phone.screenshot(path=str(artifacts_dir / "reader-article-correction.png"), full_page=True)
        phone.goto(base + "/corrections/")
        assert "协调领导小组" in phone.locator("main").inner_text()
        phone.screenshot(path=str(artifacts_dir / "reader-corrections-page.png"), full_page=True)
    finally:
        reader.close()
