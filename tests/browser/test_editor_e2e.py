"""An editor's day in a real headless Chromium: log in, correct an OCR error in an imported article
inside CKEditor 5, save, read the revision diff in the history, and see the correction on the
reader page. Screenshots of the article list and the change form go to the artifacts directory."""

import re

import pytest
from django.core.cache import cache
from django.core.management import call_command

from articles.models import Article
from tests.desk.helpers import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WRONG = "协调小组"
RIGHT = "协调领导小组"


@pytest.fixture
def imported_site(live_server, seed_2021, seed_2022):
    cache.clear()
    call_command("import_issues", str(seed_2021), str(seed_2022), verbosity=0)
    yield live_server.url
    cache.clear()


def login(page, base: str, username: str) -> None:
    page.goto(base + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))


def test_editor_corrects_an_article_in_ckeditor_and_readers_see_it(
    imported_site, desktop_page, artifacts_dir
):
    base = imported_site
    page = desktop_page
    page.set_default_timeout(20_000)
    editor = make_user("编辑", username="zhangbian")
    article = Article.objects.get(headline__startswith="高站位高质量高标准")
    assert WRONG in article.body

    login(page, base, editor.username)
    assert "浙江工人日报" in page.locator("#site-name").inner_text()

    # The article list, as an editor scans it.
    page.goto(base + "/admin/articles/article/")
    assert page.locator("#result_list tbody tr").count() == Article.objects.count()
    page.screenshot(path=str(artifacts_dir / "desk-article-list.png"), full_page=True)

    # Open the imported article: CKEditor 5 beside the OCR source text.
    page.locator("#result_list a", has_text="高站位高质量高标准").first.click()
    page.wait_for_url(re.compile(rf"/admin/articles/article/{article.pk}/change/$"))
    editable = page.locator(".ck-editor__editable").first
    editable.wait_for(state="visible")
    source = page.locator(".field-source_display .desk-source")
    assert "本报讯 记者阮向民报道" in source.inner_text()
    body_box, source_box = editable.bounding_box(), source.bounding_box()
    assert source_box["x"] > body_box["x"] + body_box["width"] - 5, "the source must stand beside the body"
    assert abs(source_box["y"] - body_box["y"]) < 120
    page.screenshot(path=str(artifacts_dir / "desk-article-change-form.png"), full_page=True)

    # Correct one word inside CKEditor 5: select the first occurrence, type the right word.
    first_paragraph = editable.locator("p").first
    first_paragraph.click()
    found = page.evaluate(
        """(word) => {
            const el = document.querySelector('.ck-editor__editable p');
            const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
            let node;
            while ((node = walker.nextNode())) {
                const at = node.data.indexOf(word);
                if (at >= 0) {
                    const range = document.createRange();
                    range.setStart(node, at);
                    range.setEnd(node, at + word.length);
                    const sel = window.getSelection();
                    sel.removeAllRanges();
                    sel.addRange(range);
                    return true;
                }
            }
            return false;
        }""",
        WRONG,
    )
    assert found
    page.wait_for_timeout(300)  # CKEditor syncs the DOM selection into its model
    page.keyboard.type(RIGHT)
    assert RIGHT in editable.inner_text()
    page.click("input[name=_continue]")
    page.wait_for_url(re.compile(rf"/admin/articles/article/{article.pk}/change/$"))
    assert page.locator(".messagelist .success").count() == 1

    article.refresh_from_db()
    assert RIGHT in article.body
    assert article.updated_by == editor
    assert article.issue.edited_since_import

    # The history: two revisions? The import made none, so compare the saved revision with the
    # pre-edit snapshot that the first admin save also stores.
    page.goto(base + f"/admin/articles/article/{article.pk}/history/")
    page.screenshot(path=str(artifacts_dir / "desk-article-history.png"), full_page=True)
    assert editor.username in page.locator("#content").inner_text()
    page.locator("input[type=submit]").first.click()  # compare the two selected versions
    page.wait_for_url(re.compile(r"/history/compare/"))
    diff = page.locator("#content").inner_text()
    assert "领导" in diff
    assert page.locator("ins").count() >= 1
    page.screenshot(path=str(artifacts_dir / "desk-article-diff.png"), full_page=True)

    # The reader page shows the correction.
    page.goto(base + article.get_absolute_url())
    assert RIGHT in page.locator(".article-body").inner_text()
    page.screenshot(path=str(artifacts_dir / "desk-reader-corrected.png"), full_page=True)


def test_editor_resolves_an_import_warning_from_the_issue_form(imported_site, desktop_page, artifacts_dir):
    from issues.models import ImportWarning

    base = imported_site
    page = desktop_page
    page.set_default_timeout(20_000)
    editor = make_user("编辑", username="libian")
    warning = ImportWarning.objects.get(resolved_at__isnull=True)
    login(page, base, editor.username)
    page.goto(base + f"/admin/issues/issue/{warning.issue_id}/change/")
    panel = page.locator("section.desk-warnings")
    assert warning.message in panel.inner_text()
    page.screenshot(path=str(artifacts_dir / "desk-issue-change-form.png"), full_page=True)
    panel.locator("button", has_text="标记为已核对").click()
    page.wait_for_url(re.compile(rf"/admin/issues/issue/{warning.issue_id}/change/$"))
    assert page.locator(".messagelist .success").count() == 1
    assert page.locator("section.desk-warnings").count() == 0
    warning.refresh_from_db()
    assert warning.resolved_by == editor and warning.resolved_at is not None

    # The other lists an editor works with.
    for name, url in [("issue-list", "/admin/issues/issue/"), ("byline-list", "/admin/articles/byline/")]:
        page.goto(base + url)
        assert page.locator("#result_list tbody tr").count() >= 2
        page.screenshot(path=str(artifacts_dir / f"desk-{name}.png"), full_page=True)


def test_editor_merges_a_duplicate_byline(imported_site, desktop_page, artifacts_dir):
    from articles.models import ArticleCredit, Byline

    base = imported_site
    page = desktop_page
    page.set_default_timeout(20_000)
    editor = make_user("编辑", username="wangbian")
    keep = Byline.objects.get(name="曾晨路")
    credits_before = ArticleCredit.objects.filter(byline=keep).count()
    duplicate = Byline.objects.create(name="曾晨路")
    # On an article the kept record is not credited on, so the merge moves the credit (a credit of
    # both on one article is merged into one: tests/desk/test_desk_scale.py).
    article = Article.objects.exclude(credits__byline=keep).first()
    ArticleCredit.objects.create(article=article, byline=duplicate, role="通讯员", order=9)

    login(page, base, editor.username)
    page.goto(base + "/admin/articles/byline/?q=曾晨路")
    assert page.locator("#result_list tbody tr").count() == 2
    page.locator("#action-toggle").check()
    page.select_option("select[name=action]", "merge_bylines")
    page.click("button[name=index], .actions button[type=submit]")
    page.wait_for_selector("text=确认合并")
    page.screenshot(path=str(artifacts_dir / "desk-byline-merge-confirm.png"), full_page=True)
    page.check(f"input[name=target][value='{keep.pk}']")
    page.click("input[type=submit]")
    page.wait_for_selector(".messagelist .success")
    assert "合并" in page.locator(".messagelist").inner_text()
    assert not Byline.objects.filter(pk=duplicate.pk).exists()
    assert ArticleCredit.objects.filter(byline=keep).count() == credits_before + 1
