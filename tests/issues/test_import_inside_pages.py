"""Inside pages through the importer: advertisements stay page furniture (never articles, never
searchable), a 更正 notice is stored flagged and shown with its label on the reader's page."""

import pytest

from articles import search
from articles.models import Article
from issues.importing import import_file
from issues.models import Page
from tests.issues.parsing.helpers import INSIDE_HEAD
from tests.issues.parsing.test_page_ads import AD_PAGE_8
from tests.issues.parsing.test_page_corrections import CORRECTION_PAGE_2

pytestmark = pytest.mark.django_db


def test_ads_and_a_correction_notice_imported_and_shown(tmp_path, client):
    path = tmp_path / "inside.txt"
    path.write_text(INSIDE_HEAD + "\n" + CORRECTION_PAGE_2 + "\n" + AD_PAGE_8, encoding="utf-8")
    result = import_file(path)
    assert result.outcome == "imported", result.message
    assert list(Page.objects.order_by("number").values_list("number", flat=True)) == [1, 2, 8]
    assert "千岛湖度假酒店" in Page.objects.get(number=8).meta_lines
    assert not Article.objects.filter(body__contains="度假酒店").exists()
    found, _ = search.admin_search_results(Article.objects.all(), "度假酒店")
    assert not found.exists()
    found, _ = search.admin_search_results(Article.objects.all(), "疗休养基地")
    assert [a.headline for a in found] == ["杭州职工疗休养基地揭牌"]  # the index works: the ad is not in it
    notice = Article.objects.get(headline="更正")
    assert notice.is_correction
    assert not Article.objects.get(headline="全省工会财务工作会议召开").is_correction
    page = client.get(notice.get_absolute_url()).content.decode()
    assert 'class="kicker correction-label">更正</p>' in page
    other = client.get(Article.objects.get(headline="全省工会财务工作会议召开").get_absolute_url())
    assert "correction-label" not in other.content.decode()
