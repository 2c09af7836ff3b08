"""The importer's search index written behind the batches on a second connection (PostgreSQL):
committed for real (transactional tests), so the second connection sees the batches."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from articles import search
from articles.models import Article
from bench.generate_archive import generate
from issues import importing
from issues.importing import IndexBehind, import_paths

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the index is written behind on PostgreSQL"),
]


def _empty_index() -> None:
    with connection.cursor() as cursor:  # not a model: the test database's flush leaves it
        cursor.execute("TRUNCATE article_search")


@pytest.fixture(autouse=True)
def _small_batches(monkeypatch):
    """Batches of two files; the index table emptied before and after (other transactional tests,
    the browser's, leave rows in it)."""
    monkeypatch.setattr(importing.pipeline, "BATCH_FILES", 2)
    _empty_index()
    yield
    _empty_index()


@pytest.fixture
def archive(tmp_path):
    return generate(tmp_path / "archive", 7, seed=3)


def _rows() -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT article_id, headline::text, document::text FROM article_search ORDER BY 1")
        return cursor.fetchall()


def _rebuilt() -> list[tuple]:
    search.index_queryset(Article.objects.all())
    return _rows()


def test_the_index_written_behind_equals_a_rebuild(archive):
    assert IndexBehind.wanted(file_count=len(archive), dry_run=False)
    results = list(import_paths(archive, workers=0))
    assert [r.outcome for r in results] == ["imported"] * len(archive)
    written = _rows()
    assert [row[0] for row in written] == list(Article.objects.order_by("pk").values_list("pk", flat=True))
    assert len(written) > 50
    assert _rebuilt() == written


def test_a_run_indexes_what_an_earlier_run_left_unindexed(archive):
    list(import_paths(archive, workers=0))
    complete = _rows()
    lost = [row[0] for row in complete[::3]]
    search.remove_articles(lost)  # as if the run had stopped after committing those batches
    assert search.get_backend().missing_ids() == lost
    results = list(import_paths(archive, workers=0))
    assert {r.outcome for r in results} == {"unchanged"}
    assert _rows() == complete


def test_an_editors_newer_index_row_is_kept_and_a_deleted_article_gets_none(archive):
    """The importer's documents of three articles arrive after: an editor's save (which indexed the
    article anew), an article's deletion, and nothing at all (the usual case)."""
    list(import_paths(archive[:1], workers=0))  # one file: indexed in its own transaction
    edited, deleted, plain = Article.objects.order_by("pk")[:3]
    stale = search.build_documents(
        Article.objects.filter(pk__in=[edited.pk, deleted.pk, plain.pk])
        .order_by("pk")
        .prefetch_related("credits__byline", "photos")
    )
    search.remove_articles([edited.pk, deleted.pk, plain.pk])  # what the importer's batch does
    edited.headline = "编辑改正后的标题"
    edited.save()  # the signal indexes it
    editors_row = [row for row in _rows() if row[0] == edited.pk]
    deleted.delete()
    search.index_behind(stale)
    rows = {row[0]: row for row in _rows()}
    assert [rows[edited.pk]] == editors_row
    assert "编辑" in rows[edited.pk][1]  # the editor's headline, not the imported one
    assert deleted.pk not in rows
    assert plain.pk in rows
    assert len(rows) == Article.objects.count()


def test_an_index_failure_is_reported_and_the_next_run_repairs_it(archive, monkeypatch, capsys):
    index_behind = search.index_behind
    calls = []

    def fails_once(documents):
        calls.append(len(documents))
        if len(calls) == 2:
            raise RuntimeError("磁盘已满")
        index_behind(documents)

    monkeypatch.setattr(search, "index_behind", fails_once)
    with pytest.raises(CommandError, match="2 个文件已导入，但未建搜索索引"):
        call_command("import_issues", *map(str, archive))
    out = capsys.readouterr().out
    failed = [line for line in out.splitlines() if line.startswith("[索引未建]")]
    assert len(failed) == 2 and all(".txt" in line and "磁盘已满" in line for line in failed), out
    assert "共7个文件；新导入7" in out  # the files are imported, and counted once
    assert Article.objects.count() > len(_rows()) > 0

    monkeypatch.setattr(search, "index_behind", index_behind)
    call_command("import_issues", *map(str, archive))
    written = _rows()
    assert len(written) == Article.objects.count()
    assert _rebuilt() == written


def test_a_run_closed_early_waits_for_its_index_and_raises_nothing(archive, monkeypatch):
    """A consumer that stops reading (the command interrupted) closes the generator: the batches
    already committed are still indexed, and the failure of the last one (not yet reported) must
    not break the close; the next run indexes what it left out."""
    index_behind = search.index_behind
    calls = []

    def second_fails(documents):
        calls.append(len(documents))
        if len(calls) == 2:
            raise RuntimeError("连接中断")
        index_behind(documents)

    monkeypatch.setattr(search, "index_behind", second_fails)
    results = import_paths(archive, workers=0)
    first = [next(results) for _ in range(4)]  # two batches of two files, both committed
    assert [r.outcome for r in first] == ["imported"] * 4
    results.close()
    assert len(calls) == 2  # the second batch's index was tried before close() returned
    first_batch = Article.objects.filter(issue__date__in=[r.date for r in first[:2]]).count()
    assert len(_rows()) == first_batch < Article.objects.count()

    monkeypatch.setattr(search, "index_behind", index_behind)
    list(import_paths(archive, workers=0))
    assert len(_rows()) == Article.objects.count()
    assert _rebuilt() == _rows()
