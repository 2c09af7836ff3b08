"""Photo credits edited inline on the article form: 摄影署名（原文） as printed sets the PhotoCredit rows."""

from __future__ import annotations

import pytest
from django.urls import reverse
from reversion.models import Version

from articles.models import Byline, PhotoCredit
from tests.desk.helpers import article_form, make_user
from tests.factories import make_article, make_byline, make_issue, make_page, make_photo

pytestmark = pytest.mark.django_db


def credits_of(photo) -> list[tuple[str, str]]:
    return [(c.role, c.byline.name) for c in PhotoCredit.objects.filter(photo=photo).order_by("order")]


def save_photo_credit(client, article, text: str):
    """POST the article's change form with only the first photo's credit line changed."""
    url = reverse("admin:articles_article_change", args=[article.pk])
    return client.post(url, article_form(article, **{"photos-0-credit_text": text}))


@pytest.fixture
def photo():
    article = make_article(page=make_page(issue=make_issue()))
    return make_photo(article=article, credits=[(make_byline(name="王丹"), "记者")])


def test_an_editor_fixes_a_credit_inline_and_a_new_person_is_created(client, photo):
    client.force_login(make_user("编辑"))
    response = save_photo_credit(client, photo.article, "通讯员王丹　记者邹伟锋 摄")
    assert response.status_code == 302
    assert credits_of(photo) == [("通讯员", "王丹"), ("记者", "邹伟锋")]
    photo.refresh_from_db()
    assert photo.credit_text == "通讯员王丹　记者邹伟锋 摄"  # stored as printed
    assert Byline.objects.filter(name="王丹").count() == 1  # the existing person, not a copy
    assert Byline.objects.filter(name="邹伟锋").count() == 1
    # The article's history holds the new credits (reversion follows photos → credits).
    versions = Version.objects.get_for_object(photo.article)
    latest = versions.first().revision
    credited = {
        v.field_dict["byline_id"]
        for v in latest.version_set.all()
        if v.content_type.model_class() is PhotoCredit
    }
    assert credited == set(Byline.objects.filter(name__in=["王丹", "邹伟锋"]).values_list("pk", flat=True))


def test_a_proofreader_naming_an_unknown_person_is_refused_in_chinese(client, photo):
    client.force_login(make_user("校对"))
    response = save_photo_credit(client, photo.article, "记者王丹 通讯员邹伟锋 摄")
    assert response.status_code == 200
    assert "署名库中没有“邹伟锋”。只有编辑可以新建署名记录" in response.content.decode()
    assert not Byline.objects.filter(name="邹伟锋").exists()
    assert credits_of(photo) == [("记者", "王丹")]
    photo.refresh_from_db()
    assert photo.credit_text == "记者王丹 摄"


def test_a_proofreader_may_credit_existing_people(client, photo):
    make_byline(name="邹伟锋")
    client.force_login(make_user("校对"))
    response = save_photo_credit(client, photo.article, "见习记者王丹 邹伟锋 摄")
    assert response.status_code == 302
    assert credits_of(photo) == [("见习记者", "王丹"), ("见习记者", "邹伟锋")]


def test_an_archivist_cannot_change_credits(client, photo):
    client.force_login(make_user("档案管理员"))
    response = save_photo_credit(client, photo.article, "通讯员邹伟锋 摄")
    assert response.status_code == 403
    assert credits_of(photo) == [("记者", "王丹")]


def test_namesakes_are_listed_and_chosen_by_record_number(client, photo):
    first = make_byline(name="李强")
    second = make_byline(name="李强")
    make_article(page=photo.article.page, order=2, credits=[(second, "特约记者")])
    client.force_login(make_user("编辑"))
    response = save_photo_credit(client, photo.article, "记者李强 摄")
    html = response.content.decode()
    assert response.status_code == 200
    assert f"李强#{first.pk}" in html and f"李强#{second.pk}" in html
    assert "特约记者" in html  # each record's latest credit tells them apart
    assert credits_of(photo) == [("记者", "王丹")]

    response = save_photo_credit(client, photo.article, f"记者李强#{second.pk} 摄")
    assert response.status_code == 302
    assert [(c.role, c.byline_id) for c in PhotoCredit.objects.filter(photo=photo)] == [("记者", second.pk)]
    photo.refresh_from_db()
    assert photo.credit_text == "记者李强 摄"  # the record number is not printed text
    assert Byline.objects.filter(name="李强").count() == 2


def test_a_namesake_already_credited_on_the_photo_is_kept(client, photo):
    make_byline(name="王丹")  # a second 王丹: the one on the photo stays the one meant
    credited = photo.credits.get().byline_id
    client.force_login(make_user("编辑"))
    assert save_photo_credit(client, photo.article, "通讯员王丹 摄").status_code == 302
    assert [(c.role, c.byline_id) for c in PhotoCredit.objects.filter(photo=photo)] == [("通讯员", credited)]


def test_an_unreadable_credit_is_refused(client, photo):
    client.force_login(make_user("编辑"))
    response = save_photo_credit(client, photo.article, "这不是署名而是一句很长的话。")
    assert response.status_code == 200
    assert "无法从“这不是署名而是一句很长的话。”中读出摄影者" in response.content.decode()
    assert credits_of(photo) == [("记者", "王丹")]


def test_an_unchanged_credit_line_leaves_the_rows_alone(client, photo):
    """Rows set on the photo's own page (roles the text does not show) survive an article save."""
    PhotoCredit.objects.filter(photo=photo).update(role="摄影记者")
    client.force_login(make_user("编辑"))
    url = reverse("admin:articles_article_change", args=[photo.article.pk])
    response = client.post(url, article_form(photo.article, headline="新标题"))
    assert response.status_code == 302
    assert credits_of(photo) == [("摄影记者", "王丹")]


def test_clearing_the_credit_line_removes_the_credits(client, photo):
    client.force_login(make_user("编辑"))
    assert save_photo_credit(client, photo.article, "").status_code == 302
    assert credits_of(photo) == []
    assert Byline.objects.filter(name="王丹").exists()  # the person stays
