"""The search backends on the real database (SQLite FTS5 or PostgreSQL tsvector/GIN, whichever runs)."""

import pytest
from django.core.management import call_command
from django.db import connection

from articles.models import Article, ArticleCredit, Photo
from articles.search import (
    NEWEST,
    admin_search_results,
    get_backend,
    index_issue,
    parse_query,
)
from articles.search.backends.postgres import PostgresBackend
from articles.search.backends.sqlite import SQLiteFTS5Backend
from tests.factories import make_article, make_byline, make_issue, make_page


def hits(q, *, order="relevance", filters=None, limit=50):
    filters = Article.objects.published() if filters is None else filters
    return [h.id for h in get_backend().search(parse_query(q), filters, order=order, limit=limit).hits]


def names(archive, ids):
    by_id = {v.pk: k for k, v in archive.items()}
    return [by_id.get(i, i) for i in ids]


def test_backend_matches_the_database():
    expected = {"sqlite": SQLiteFTS5Backend, "postgresql": PostgresBackend}[connection.vendor]
    assert isinstance(get_backend(), expected)


class RecordingBackend(SQLiteFTS5Backend if connection.vendor == "sqlite" else PostgresBackend):
    """A backend chosen by the setting (any SearchBackend subclass)."""


def test_the_setting_chooses_the_backend(settings):
    settings.NEWSROOM_SEARCH_BACKEND = f"{__name__}.RecordingBackend"
    backend = get_backend()
    assert type(backend) is RecordingBackend
    assert get_backend() is backend  # one instance per class and process
    settings.NEWSROOM_SEARCH_BACKEND = None
    assert type(get_backend()) is not RecordingBackend


def test_an_unknown_vendor_needs_the_setting(settings, monkeypatch):
    from articles.search import backends

    settings.NEWSROOM_SEARCH_BACKEND = None
    monkeypatch.setattr(connection, "vendor", "oracle")
    with pytest.raises(NotImplementedError, match="NEWSROOM_SEARCH_BACKEND"):
        backends.get_backend()


@pytest.mark.django_db
def test_plans_are_remembered_only_under_the_callers_generation():
    """The planner keeps plans under the token its caller passes (the reader cache's generation,
    passed in by the search page): it never reads the reader cache itself."""
    backend = get_backend()
    backend._plans.clear()
    backend.count(parse_query("工会"), Article.objects.published())
    assert not backend._plans
    backend.count(parse_query("工会"), Article.objects.published(), generation="g1")
    assert [key[0] for key in backend._plans] == ["g1"]
    backend._plans.clear()


@pytest.mark.parametrize(
    "q, expected",
    [
        ("工会", {"plenum", "station"}),
        ("职工", {"plenum", "workers"}),
        ("驿站", {"station"}),
        ("史济锡", {"plenum"}),
        ("曾晨路", {"plenum", "station"}),  # bylines are searchable
        ("李国峰", {"plenum"}),  # photo credits too
        ("阮向民", {"station", "workers"}),
        ("宁波市总工会", {"station"}),
        ("共同富裕示范区", {"plenum"}),
        ("2022年", {"policy"}),
        ("40条", {"policy"}),
        ("ＣＮ", set()),
        ("杭州", {"plenum", "policy"}),
    ],
)
def test_words_names_and_mixed_scripts(archive, q, expected):
    assert set(names(archive, hits(q))) == expected


def test_one_character_queries(archive):
    assert set(names(archive, hits("驿"))) == {"station"}
    # a character that only ends a run (站 in 驿站 / 歇脚的驿站。) is found too
    assert set(names(archive, hits("站"))) == {"station"}
    assert set(names(archive, hits("史"))) == {"plenum"}


def test_phrases_in_quotes(archive):
    assert set(names(archive, hits('"户外劳动者驿站"'))) == {"station"}
    assert set(names(archive, hits('"劳动者驿站亮相"'))) == {"station"}
    # the characters present but not in this order: no match
    assert hits('"驿站劳动者"') == []
    assert hits("工会省总") == []


def test_a_name_is_matched_whole_not_as_scattered_bigrams(archive):
    """Every bigram of 宁波市总工会 occurs in 宁波市 … 杭州市总工会, but the name does not."""
    page = archive["station"].page
    scattered = make_article(
        page=page, headline="两地工会", paragraphs=["宁波市的职工，杭州市总工会的干部。"]
    )
    found = hits("宁波市总工会")
    assert archive["station"].pk in found
    assert scattered.pk not in found
    assert scattered.pk not in hits('"宁波市总工会"')


def test_all_terms_must_match(archive):
    assert set(names(archive, hits("工会 史济锡"))) == {"plenum"}
    assert set(names(archive, hits("工会 驿站 宁波"))) == {"station"}
    assert hits("驿站 史济锡") == []


def test_exclusion(archive):
    assert set(names(archive, hits("工会 -史济锡"))) == {"station"}
    assert set(names(archive, hits('职工 -"技能素质"'))) == {"plenum"}
    assert set(names(archive, hits("杭州 -2022年"))) == {"plenum"}


def test_unpublished_and_scheduled_content_is_not_for_readers(archive):
    for q in ["史济锡", "驿站", "工会", "草稿"]:
        found = set(names(archive, hits(q)))
        assert not found & {"draft", "scheduled", "draft_issue"}, q


def test_admin_search_covers_drafts(archive):
    qs, may_have_duplicates = admin_search_results(Article.objects.all(), "驿站")
    assert not may_have_duplicates
    assert set(names(archive, qs.values_list("pk", flat=True))) == {
        "station",
        "draft",
        "scheduled",
        "draft_issue",
    }
    qs, _ = admin_search_results(Article.objects.all(), "")
    assert qs.count() == Article.objects.count()
    qs, _ = admin_search_results(Article.objects.all(), "！！")
    assert qs.count() == 0


def test_headline_matches_rank_above_body_matches(archive):
    # "workers" has 职工 five times in its body; "plenum" has it once in the body, neither in a
    # headline. A new article with 职工 in its headline must come first.
    page = archive["workers"].page
    top = make_article(page=page, headline="职工书屋建设", paragraphs=["读书活动。"])
    ranked = hits("职工")
    assert ranked[0] == top.pk
    assert ranked[1:] == [archive["workers"].pk, archive["plenum"].pk]  # then relevance (frequency)


def test_newest_first(archive):
    ranked = names(archive, hits("杭州", order=NEWEST))
    assert ranked == ["policy", "plenum"]
    assert names(archive, hits("工会", order=NEWEST)) == ["station", "plenum"]


def test_count(archive):
    backend = get_backend()
    assert backend.count(parse_query("工会"), Article.objects.published()) == (2, False)
    assert backend.count(parse_query("工会"), Article.objects.all()) == (5, False)
    assert backend.count(parse_query("工会"), Article.objects.all(), cap=3) == (3, True)


def test_index_follows_orm_edits_and_deletes(archive):
    article = archive["policy"]
    article.headline = "杭州出台纾困新政"
    article.body = "<p>帮助困难行业渡过难关。</p>"
    article.save()
    assert hits("纾困") == [article.pk]
    assert hits("40条") == []
    ArticleCredit.objects.create(article=article, byline=make_byline(name="胡翀"), role="记者", order=1)
    assert hits("胡翀") == [article.pk]
    photo = Photo.objects.create(article=article, order=1, caption="服务业商户复工。")
    assert hits("复工") == [article.pk]
    photo.delete()
    assert hits("复工") == []
    article.delete()
    assert hits("纾困") == []
    # the index row is gone too, not just hidden by the join
    assert get_backend().count(parse_query("纾困"), Article.objects.all()) == (0, False)


def test_byline_rename_reindexes_their_articles(archive):
    zeng = archive["plenum"].credits.get().byline
    zeng.name = "曾晨璐"
    zeng.save()
    assert set(names(archive, hits("曾晨璐"))) == {"plenum", "station"}
    assert hits("曾晨路") == []


def test_bulk_created_articles_are_indexed_by_index_issue(db):
    issue = make_issue(date="2023-05-01")
    page = make_page(issue=issue, number=1)
    Article.objects.bulk_create(
        [
            Article(issue=issue, page=page, order=n, headline=f"第{n}篇劳模风采", status="published")
            for n in (1, 2)
        ]
    )
    assert hits("劳模") == []  # bulk_create sends no signals
    index_issue(issue.pk)
    assert len(hits("劳模")) == 2


def test_importer_indexes_the_real_seeds(db):
    call_command("import_issues", "fixtures/", verbosity=0)
    found = Article.objects.filter(pk__in=hits("史济锡")).values_list("issue__date", flat=True)
    assert sorted(str(d) for d in found) == ["2021-08-07", "2022-03-28"]
    assert {
        str(d) for d in Article.objects.filter(pk__in=hits("曾晨路")).values_list("issue__date", flat=True)
    } == {
        "2021-08-07",
        "2022-03-28",
    }
    assert len(hits("新就业形态")) >= 2
    assert len(hits("40条")) == 1
    assert hits("工会") and hits("职工")
    # the masthead is issue metadata, not article text
    assert hits("CN33") == []


def test_common_term_plan_pages_without_gaps_or_duplicates(archive, monkeypatch):
    """With tiny thresholds the backend takes its common-term path: the newest matches are ranked
    in a window, the rest follow newest first, counting stops at a cap."""
    backend = get_backend()
    page = archive["workers"].page
    made = [make_article(page=page, headline=f"劳模{n}号", paragraphs=["劳模事迹。"]) for n in range(7)]
    make_article(page=page, headline="其他", paragraphs=["劳模"])
    make_dense(backend, monkeypatch)
    monkeypatch.setattr(backend, "RANK_WINDOW", 4)
    monkeypatch.setattr(backend, "DENSE_COUNT_CAP", 5)
    q = parse_query("劳模")
    filters = Article.objects.published()
    pages = [backend.search(q, filters, offset=o, limit=3, filtered=False).hits for o in (0, 3, 6)]
    ids = [h.id for p in pages for h in p]
    assert len(ids) == len(set(ids)) == 8
    assert set(ids) >= {a.pk for a in made}
    assert backend.count(q, filters, filtered=False) == (5, True)


def make_dense(backend, monkeypatch):
    """Tiny thresholds: every query counts as common (SQLite counts, PostgreSQL estimates)."""
    monkeypatch.setattr(backend, "DENSE", 3)
    monkeypatch.setattr(backend, "DENSE_FRACTION", 0.0, raising=False)
    backend._plans.clear()


def test_common_term_under_a_narrow_filter(archive, monkeypatch):
    """A common term with a filter that leaves few articles: the filter drives the query."""
    backend = get_backend()
    issue = make_issue(date="2023-06-01")
    section = make_page(issue=issue, number=3, name="职工生活")
    other = make_page(issue=issue, number=1, name="要闻")
    inside = [make_article(page=section, headline=f"劳模{n}", paragraphs=["劳模事迹。"]) for n in range(4)]
    inside.append(make_article(page=section, headline="读书", paragraphs=["劳模读书会。"]))
    make_article(page=section, headline="无关", paragraphs=["读书。"])
    for n in range(4):
        make_article(page=other, headline=f"劳模风采{n}", paragraphs=["劳模。"])
    make_dense(backend, monkeypatch)
    monkeypatch.setattr(backend, "RANK_WINDOW", 3)
    monkeypatch.setattr(backend, "DENSE_COUNT_CAP", 100)
    filters = Article.objects.published().filter(page__name="职工生活")
    q = parse_query("劳模")
    assert backend._plan(q, filters, True)[0] == "narrow"
    found = [h for o in (0, 2, 4) for h in backend.search(q, filters, offset=o, limit=2).hits]
    assert sorted(h.id for h in found) == sorted(a.pk for a in inside)
    # within the ranked window, headline matches come first
    window = backend.search(q, filters, offset=0, limit=3).hits
    assert [h.headline_match for h in window] == sorted((h.headline_match for h in window), reverse=True)
    assert backend.count(q, filters) == (5, False)


def test_a_narrow_filter_sees_articles_added_after_a_search(archive, monkeypatch):
    """SQLite seeks the filtered ids' range, kept with the cached plan: an article saved later (a
    higher id, inside the filter) must still be found, because every save starts a new plan."""
    backend = get_backend()
    issue = make_issue(date="2023-06-01")
    section = make_page(issue=issue, number=3, name="职工生活")
    first = [make_article(page=section, headline=f"劳模{n}", paragraphs=["劳模事迹。"]) for n in range(3)]
    outside = make_page(issue=issue, number=1, name="要闻")
    make_article(page=outside, headline="劳模风采", paragraphs=["劳模。"])
    make_dense(backend, monkeypatch)
    filters = Article.objects.published().filter(page__name="职工生活")
    q = parse_query("劳模")
    assert backend._plan(q, filters, True)[0] == "narrow"
    assert sorted(h.id for h in backend.search(q, filters, limit=10).hits) == sorted(a.pk for a in first)
    later_page = make_page(issue=make_issue(date="2023-06-02"), number=3, name="职工生活")
    make_article(page=outside, headline="劳模又一篇", paragraphs=["劳模。"])  # a higher id, outside
    later = make_article(page=later_page, headline="劳模新篇", paragraphs=["劳模事迹。"])
    found = sorted(h.id for h in backend.search(q, filters, limit=10).hits)
    assert found == sorted([*(a.pk for a in first), later.pk])
    assert backend.count(q, filters) == (4, False)


def test_ranking_window_for_rarer_terms_pages_without_gaps(archive, monkeypatch):
    """PostgreSQL ranks only the newest RANK_WINDOW matches of any query (ts_rank reads documents
    back); the pages after the window continue newest first, with nothing lost or repeated."""
    backend = get_backend()
    page = archive["workers"].page
    made = [make_article(page=page, headline=f"书屋{n}", paragraphs=["职工书屋。"]) for n in range(5)]
    made.append(make_article(page=page, headline="读书", paragraphs=["书屋开放。"]))
    monkeypatch.setattr(backend, "ALWAYS_WINDOW", True)
    monkeypatch.setattr(backend, "RANK_WINDOW", 3)
    backend._plans.clear()
    q = parse_query("书屋")
    filters = Article.objects.published()
    assert backend._plan(q, filters, False)[0] == "sparse"
    pages = [backend.search(q, filters, offset=o, limit=2, filtered=False).hits for o in (0, 2, 4)]
    ids = [h.id for p in pages for h in p]
    assert len(ids) == len(set(ids)) == 6
    assert set(ids) == {a.pk for a in made}
    # the window is the three newest matches, headline matches first
    window = [h for p in pages for h in p][:3]
    assert {h.id for h in window} == {a.pk for a in made[-3:]}
    assert [h.headline_match for h in window] == [True, True, False]
    assert backend.count(q, filters, filtered=False) == (6, False)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the candidate walk is PostgreSQL's")
def test_candidate_walk_finds_exactly_the_phrase_matches_newest_first(archive, monkeypatch):
    """A query the statistics call common but loosely (every bigram frequent, the name rarer) is
    walked over the GIN candidates: same matches as the exact path, newest first, counted."""
    backend = get_backend()
    page = archive["station"].page
    scattered = make_article(
        page=page, headline="两地工会", paragraphs=["宁波市的职工，杭州市总工会的干部。"]
    )
    more = [
        make_article(page=page, headline=f"宁波市总工会第{n}次会议", paragraphs=["会议。"]) for n in range(3)
    ]
    exact = set(hits("宁波市总工会"))
    q = parse_query("宁波市总工会")
    monkeypatch.setattr(backend, "estimated_share", lambda query: 0.06)
    backend._plans.clear()
    filters = Article.objects.published()
    assert backend._plan(q, filters, False)[0] == "dense"
    assert backend._candidate_walk(q, "true", []) is not None
    used = []
    real_walk = backend._candidate_walk
    monkeypatch.setattr(backend, "_candidate_walk", lambda *a: used.append(a) or real_walk(*a))
    walked = [h.id for h in backend.search(q, filters, limit=50, filtered=False).hits]
    assert set(walked) == exact == {archive["station"].pk, *(a.pk for a in more)}
    assert scattered.pk not in walked
    assert backend.count(q, filters, filtered=False) == (len(exact), False)
    assert len(used) >= 2  # the page and the count both went through the candidate walk
