"""The reader site over the two real seed issues, imported by the real importer."""

import pytest
from django.core.cache import cache
from django.core.management import call_command

from articles.models import Article, Byline
from issues.exporting import export_issue, issues_for_export
from issues.models import Issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeds(seed_2021, seed_2022):
    cache.clear()
    call_command("import_issues", str(seed_2021), str(seed_2022))
    yield
    cache.clear()


def test_home_is_the_latest_seed_front_page(client, seeds):
    text = client.get("/").content.decode()
    assert "2022年3月28日" in text and "总第12071号" in text and "壬寅年二月廿六" in text and "星期一" in text
    assert "高站位高质量高标准" in text
    assert "/2022/03/27/" not in text
    assert 'href="/2021/08/07/"' in text  # previous issue


def test_every_seed_article_renders_with_credits_and_photos(client, seeds):
    for article in Article.objects.select_related("issue", "page"):
        response = client.get(article.get_absolute_url())
        assert response.status_code == 200, article
        text = response.content.decode()
        assert article.headline.split()[0] in text
        for credit in article.credits.select_related("byline"):
            assert (
                f'{credit.role}<a class="byline-link" href="/bylines/{credit.byline_id}/">{credit.byline.name}</a>'
                in text
            )
        for photo in article.photos.all():
            assert photo.caption[:20] in text


def test_one_byline_across_both_issues(client, seeds):
    byline = Byline.objects.get(name="曾晨路")
    text = client.get(byline.get_absolute_url()).content.decode()
    assert text.index("/2022/03/28/") < text.index("/2021/08/07/")
    assert "省总工会召开专题视频会" in text and "扛起政治责任" in text


@pytest.mark.parametrize("date", ["2021-08-07", "2022-03-28"])
def test_api_equals_export_for_each_seed(client, seeds, date):
    expected = export_issue(
        issues_for_export(Issue.objects.published().filter(date=date), published_only=True).get()
    )
    assert client.get(f"/api/issues/{date}/").json() == expected
    assert expected["pages"][0]["articles"]


def test_calendar_walk_between_the_seeds(client, seeds):
    index = client.get("/archive/").content.decode()
    assert 'href="/archive/2021/"' in index and 'href="/archive/2022/"' in index
    year = client.get("/archive/2021/").content.decode()
    assert 'href="/archive/2021/08/"' in year and 'href="/2021/08/07/"' in year
    month = client.get("/archive/2021/08/").content.decode()
    assert 'aria-label="2021年8月7日 总第1186号"' in month
    assert 'rel="next" href="/archive/2022/03/"' in month
