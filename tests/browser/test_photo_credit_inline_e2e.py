"""An editor fixes a photo credit in the article form's photo inline (no separate photo page), in a
real headless Chromium, and readers see the corrected credit, linked to the person, on the article."""

import re

import pytest
from django.core.cache import cache

from articles.models import Byline, PhotoCredit
from tests.desk.helpers import PASSWORD, make_user
from tests.factories import make_article, make_byline, make_issue, make_page, make_photo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_editor_fixes_a_photo_credit_inline_and_readers_see_it(live_server, desktop_page, artifacts_dir):
    cache.clear()
    article = make_article(page=make_page(issue=make_issue()), headline="职工技能大赛开幕")
    wang = make_byline(name="王丹")
    photo = make_photo(article=article, credits=[(wang, "记者")])  # OCR read the role wrong, missed a name
    editor = make_user("编辑", username="zhangbian")
    page = desktop_page
    page.set_default_timeout(20_000)

    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", editor.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))

    page.goto(live_server.url + f"/admin/articles/article/{article.pk}/change/")
    field = page.locator("#id_photos-0-credit_text")
    assert field.input_value() == "记者王丹 摄"
    field.fill("通讯员王丹　记者邹伟锋 摄")
    page.locator("#photos-group").screenshot(path=str(artifacts_dir / "desk-photo-credit-inline.png"))
    page.locator("input[name=_continue]").click()
    page.wait_for_load_state()
    assert page.locator(".messagelist .success").count() == 1
    assert "通讯员王丹、记者邹伟锋" in page.locator("#photos-group").inner_text()  # the rows as matched
    page.locator("#photos-group").screenshot(path=str(artifacts_dir / "desk-photo-credit-inline-saved.png"))

    assert [(c.role, c.byline.name) for c in PhotoCredit.objects.filter(photo=photo).order_by("order")] == [
        ("通讯员", "王丹"),
        ("记者", "邹伟锋"),
    ]
    newcomer = Byline.objects.get(name="邹伟锋")

    cache.clear()
    page.goto(live_server.url + article.get_absolute_url())
    credit = page.locator(".photo-credit").first
    assert credit.inner_text().split() == ["通讯员王丹", "记者邹伟锋", "摄"]
    assert credit.locator("a", has_text="邹伟锋").get_attribute("href") == newcomer.get_absolute_url()
    page.locator("figure").first.screenshot(path=str(artifacts_dir / "reader-photo-credit-fixed.png"))
