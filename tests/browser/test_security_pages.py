"""The hardening's pages as a user sees them in Chromium: the login lockout page, and a 校对's
refused revert (issue 14). Screenshots in test-artifacts/."""

import pytest

from tests.desk.helpers import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_lockout_page_after_repeated_wrong_passwords(live_server, settings, desktop_page, artifacts_dir):
    settings.AXES_FAILURE_LIMIT = 3
    make_user("编辑", username="editor")
    page = desktop_page
    for password in ("wrong-1", "wrong-2", "wrong-3", PASSWORD):
        page.goto(live_server.url + "/admin/login/")
        if not page.locator("#id_username").count():
            break
        page.fill("#id_username", "editor")
        page.fill("#id_password", password)
        page.click("input[type=submit]")
    text = page.locator("body").inner_text()
    assert "登录失败次数过多" in text and "15 分钟后再试" in text, text
    assert "/admin/login/" in page.url  # not let in, even with the right password at the end
    page.screenshot(path=str(artifacts_dir / "h14a-login-lockout.png"), full_page=True)


def test_proofreader_sees_why_a_revert_is_refused(live_server, desktop_page, artifacts_dir):
    import re

    from django.test import Client
    from django.urls import reverse
    from reversion.models import Version

    from tests.desk.test_revisions import post_data_from
    from tests.factories import make_article, make_issue, make_page, make_photo

    article = make_article(page=make_page(issue=make_issue()), headline="原标题")
    desk = Client()
    desk.force_login(make_user("编辑"))
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = post_data_from(desk.get(url)) | {"headline": "改过的标题"}
    assert desk.post(url, data).status_code == 302
    make_photo(article=article)  # added after the baseline: restoring it would delete the photo
    baseline = Version.objects.get_for_object(article).last()

    page = desktop_page
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", make_user("校对").username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))
    page.goto(live_server.url + reverse("admin:articles_article_revision", args=[article.pk, baseline.pk]))
    assert page.url.endswith(reverse("admin:articles_article_history", args=[article.pk]))
    message = page.locator(".messagelist .error").inner_text()
    assert "不能恢复这个版本" in message and "删除" in message
    page.screenshot(path=str(artifacts_dir / "h14a-revert-refused.png"), full_page=True)
