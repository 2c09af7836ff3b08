"""The shared interface of page files and article regions: renditions on the row, visible regions."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from articles.models import AUTO_REGION_MIN_SCORE, Article, ArticleRegion, Photo
from issues.models import Issue, Page

pytestmark = pytest.mark.django_db

RENDITIONS = {
    "webp": [[960, "r/p-960.webp"], [480, "r/p-480.webp"], [1600, "r/p-1600.webp"]],
    "jpeg": [[480, "r/p-480.jpg"], [960, "r/p-960.jpg"], [1600, "r/p-1600.jpg"]],
}


@pytest.fixture
def page():
    issue = Issue.objects.create(date=datetime.date(2021, 8, 7))
    return Page.objects.create(issue=issue, number=1, name="要闻", renditions=RENDITIONS)


def test_srcset_and_rendition_url_come_from_the_row(page, django_assert_num_queries, settings):
    page = Page.objects.get(pk=page.pk)
    with django_assert_num_queries(0):
        assert page.image_srcset("webp") == (
            "/media/r/p-480.webp 480w, /media/r/p-960.webp 960w, /media/r/p-1600.webp 1600w"
        )
        assert page.image_rendition_url(500) == "/media/r/p-960.jpg"
        assert page.image_rendition_url(960, "webp") == "/media/r/p-960.webp"
        assert page.image_rendition_url(4000) == "/media/r/p-1600.jpg"
        assert page.image_rendition_url(100) == "/media/r/p-480.jpg"


def test_no_renditions_give_empty_strings(page):
    page.renditions = {}
    assert page.image_srcset("jpeg") == ""
    assert page.image_rendition_url(480) == ""
    photo = Photo(renditions={"jpeg": [[480, "x.jpg"]]})
    assert photo.image_rendition_url(960) == "/media/x.jpg"
    assert photo.image_srcset("webp") == ""


def test_visible_regions_are_accepted_or_confident_proposals(page):
    article = Article.objects.create(issue=page.issue, page=page, headline="标题", order=1)
    make = ArticleRegion.objects.create
    accepted = make(article=article, page=page, x=0, y=0, width=0.5, height=0.5, order=1)
    confident = make(
        article=article,
        page=page,
        x=0.5,
        y=0,
        width=0.5,
        height=0.5,
        order=2,
        source=ArticleRegion.Source.AUTO,
        status=ArticleRegion.Status.PROPOSED,
        score=AUTO_REGION_MIN_SCORE,
    )
    make(
        article=article,
        page=page,
        x=0,
        y=0.5,
        width=0.5,
        height=0.5,
        order=3,
        source=ArticleRegion.Source.AUTO,
        status=ArticleRegion.Status.PROPOSED,
        score=AUTO_REGION_MIN_SCORE - 0.01,
    )
    make(
        article=article,
        page=page,
        x=0.5,
        y=0.5,
        width=0.5,
        height=0.5,
        order=4,
        source=ArticleRegion.Source.AUTO,
        status=ArticleRegion.Status.REJECTED,
        score=0.99,
    )
    assert list(ArticleRegion.objects.visible()) == [accepted, confident]
    assert list(article.regions.visible()) == [accepted, confident]


@pytest.mark.parametrize(
    "box",
    [
        {"x": -0.1, "y": 0, "width": 0.5, "height": 0.5},
        {"x": 0, "y": 0, "width": 0, "height": 0.5},
        {"x": 0.7, "y": 0, "width": 0.5, "height": 0.5},
        {"x": 0, "y": 0.6, "width": 0.5, "height": 0.5},
    ],
)
def test_regions_outside_the_page_are_refused_by_the_database(page, box):
    article = Article.objects.create(issue=page.issue, page=page, headline="标题", order=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleRegion.objects.create(article=article, page=page, **box)


def test_score_must_be_a_fraction(page):
    article = Article.objects.create(issue=page.issue, page=page, headline="标题", order=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleRegion.objects.create(article=article, page=page, x=0, y=0, width=1, height=1, score=1.5)
