"""The desk's region editor: an article's rectangles on its page image, as numbers in an inline
(the keyboard way; the drawing script fills the same fields) and the bulk review of proposals."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from articles.models import ArticleRegion
from core.generation import current_generation
from tests.desk.helpers import article_form, make_superuser, make_user
from tests.factories import make_article, make_issue, make_page
from tests.pageimages import add_region, attach_page_image

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()


@pytest.fixture
def article():
    issue = make_issue(date="2022-03-28")
    front = make_page(issue=issue, number=1, name="要闻")
    make_page(issue=issue, number=2, name="综合新闻")
    make_page(issue=make_issue(date="2022-03-27"), number=1)  # another issue's page: not offered
    attach_page_image(front, boxes=[(0.1, 0.1, 0.5, 0.3)])
    return make_article(page=front, headline="职工书屋进车间")


def region_rows(regions) -> dict:
    data = {"regions-TOTAL_FORMS": len(regions), "regions-INITIAL_FORMS": 0}
    for index, region in enumerate(regions):
        region.setdefault("status", "accepted")
        region.setdefault("order", index + 1)
        region.setdefault("page", "")
        data |= {f"regions-{index}-{key}": value for key, value in region.items()}
    return data


def existing_rows(regions, changes: dict[int, dict]) -> dict:
    data = {"regions-TOTAL_FORMS": len(regions), "regions-INITIAL_FORMS": len(regions)}
    for index, region in enumerate(regions):
        row = {
            "id": region.pk,
            "article": region.article_id,
            "page": region.page_id,
            "order": region.order,
            "x": region.x,
            "y": region.y,
            "width": region.width,
            "height": region.height,
            "status": region.status,
        }
        row |= changes.get(index, {})
        data |= {f"regions-{index}-{key}": value for key, value in row.items()}
    return data


def change_url(article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


def test_form_shows_the_page_image_to_draw_on_and_only_this_issues_pages(client, article):
    client.force_login(make_superuser())
    text = client.get(change_url(article)).content.decode()
    assert 'class="region-editor"' in text and f'data-page-id="{article.page_id}"' in text
    assert article.page.image_rendition_url(960) in text
    assert "js/region_editor.js" in text and "css/region_editor.css" in text
    assert 'name="regions-TOTAL_FORMS"' in text
    page_select = text[text.index('name="regions-__prefix__-page"') :]
    page_select = page_select[: page_select.index("</select>")]
    assert page_select.count("<option") == 1 + 2  # "---------" and this issue's two pages
    assert "2022-03-28 第2版 综合新闻" in page_select and "2022-03-27" not in page_select


def test_article_without_a_page_image_has_the_numbers_but_no_drawing(client, article):
    client.force_login(make_superuser())
    other = make_article(page=make_page(issue=article.issue, number=3), headline="没有版面图")
    text = client.get(change_url(other)).content.decode()
    assert 'class="region-editor"' not in text and 'name="regions-TOTAL_FORMS"' in text


def test_drawn_region_is_saved_on_the_articles_page_and_shows_to_readers(client, article):
    client.force_login(make_superuser())
    before = current_generation().token
    data = article_form(article) | region_rows([{"x": "0.1", "y": "0.1", "width": "0.5", "height": "0.3"}])
    response = client.post(change_url(article), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    region = article.regions.get()
    assert (region.page, region.x, region.y, region.width, region.height) == (
        article.page,
        0.1,
        0.1,
        0.5,
        0.3,
    )
    assert (region.source, region.status) == (ArticleRegion.Source.MANUAL, ArticleRegion.Status.ACCEPTED)
    assert current_generation().token != before
    client.logout()
    assert f'href="{article.get_absolute_url()}"' in client.get("/2022/03/28/1/").content.decode()


@pytest.mark.parametrize(
    ("box", "message"),
    [
        ({"x": "0.7", "y": "0.1", "width": "0.5", "height": "0.3"}, "区域超出了版面"),
        ({"x": "-0.1", "y": "0.1", "width": "0.5", "height": "0.3"}, "左、上须在 0 到 1 之间"),
        ({"x": "0.1", "y": "0.1", "width": "0", "height": "0.3"}, "宽和高须大于 0"),
    ],
)
def test_a_region_off_the_page_is_refused_in_chinese_and_nothing_is_saved(client, article, box, message):
    client.force_login(make_superuser())
    response = client.post(
        change_url(article), article_form(article, headline="改了标题") | region_rows([box])
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "violated" not in response.content.decode()  # no English constraint message beside it
    article.refresh_from_db()
    assert article.headline == "职工书屋进车间" and not article.regions.exists()


def test_correcting_a_proposal_makes_it_the_editors_and_accepted(client, article):
    client.force_login(make_superuser())
    auto = dict(source=ArticleRegion.Source.AUTO, status=ArticleRegion.Status.PROPOSED, score=0.5)
    moved = add_region(article, (0.1, 0.1, 0.5, 0.3), **auto)
    rejected = add_region(article, (0.1, 0.5, 0.5, 0.3), order=2, **auto)
    kept = add_region(article, (0.6, 0.1, 0.3, 0.3), order=3, **auto)
    data = article_form(article) | existing_rows(
        [moved, rejected, kept], {0: {"x": "0.12"}, 1: {"status": "rejected"}}
    )
    assert client.post(change_url(article), data).status_code == 302
    moved.refresh_from_db(), rejected.refresh_from_db(), kept.refresh_from_db()
    assert (moved.x, moved.source, moved.status) == (0.12, "manual", "accepted")
    assert (rejected.source, rejected.status) == ("auto", "rejected")
    assert (kept.source, kept.status) == ("auto", "proposed")


def test_a_post_without_the_region_rows_leaves_regions_alone(client, article):
    client.force_login(make_superuser())
    add_region(article, (0.1, 0.1, 0.5, 0.3))
    assert client.post(change_url(article), article_form(article, headline="新标题")).status_code == 302
    assert article.regions.count() == 1


@pytest.mark.parametrize(("role", "can_draw"), [("编辑", True), ("校对", True), ("档案管理员", False)])
def test_roles(client, article, role, can_draw):
    client.force_login(make_user(role))
    text = client.get(change_url(article)).content.decode()
    assert ('name="regions-0-x"' in text or 'name="regions-__prefix__-x"' in text) is can_draw
    data = article_form(article) | region_rows([{"x": "0.1", "y": "0.1", "width": "0.5", "height": "0.3"}])
    response = client.post(change_url(article), data)
    if can_draw:
        assert response.status_code == 302
        assert article.regions.count() == 1
    else:
        assert article.regions.count() == 0


def test_bulk_accept_and_reject_of_proposals(client, article):
    client.force_login(make_user("编辑"))
    auto = dict(source=ArticleRegion.Source.AUTO, status=ArticleRegion.Status.PROPOSED, score=0.5)
    first = add_region(article, (0.1, 0.1, 0.5, 0.3), **auto)
    second = add_region(article, (0.1, 0.5, 0.5, 0.3), order=2, **auto)
    url = reverse("admin:articles_articleregion_changelist")
    assert "待确认" in client.get(url + "?status__exact=proposed").content.decode()
    before = current_generation().token
    response = client.post(url, {"action": "accept", "_selected_action": [first.pk]}, follow=True)
    assert "已确认 1 个区域。" in response.content.decode()
    assert current_generation().token != before
    client.post(url, {"action": "reject", "_selected_action": [second.pk]})
    first.refresh_from_db(), second.refresh_from_db()
    assert (first.status, second.status) == ("accepted", "rejected")
    links = client.get("/2022/03/28/1/").content.decode().count('class="page-region"')
    assert links == 1
