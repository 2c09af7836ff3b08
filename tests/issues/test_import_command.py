"""`import_issues` end to end: real seed files, the real parser, a real database."""

import datetime
import io
import shutil

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from reversion.models import Version

from articles.models import Article, ArticleCredit, Byline, Photo, PhotoCredit
from bench.generate_archive import generate
from issues.importing import import_file, import_paths, reparse_issue
from issues.models import ImportWarning, Issue, Page

pytestmark = pytest.mark.django_db

MODELS = (Issue, Page, Article, ArticleCredit, Photo, PhotoCredit, Byline, ImportWarning)


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def run(*args):
    """Run the command; returns (exit code, stdout) as a shell would see them."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_issues", *map(str, args), stdout=out, stderr=err)
        code = 0
    except CommandError as exc:
        err.write(str(exc))
        code = 1
    text = out.getvalue() + err.getvalue()
    assert "Traceback" not in text
    return code, text


@pytest.fixture
def seeds(tmp_path, seed_2021, seed_2022):
    folder = tmp_path / "seeds" / "nested"
    folder.mkdir(parents=True)
    shutil.copy(seed_2021, folder / "b.txt")
    shutil.copy(seed_2022, tmp_path / "seeds" / "a.txt")
    return tmp_path / "seeds"


def test_imports_a_directory_recursively(seeds):
    code, out = run(seeds)
    assert code == 0, out
    assert set(Issue.objects.values_list("number", flat=True)) == {1186, 12071}
    assert "a.txt" in out and "b.txt" in out
    assert "2021-08-07" in out and "2022-03-28" in out
    assert "新导入2" in out and "失败0" in out
    assert Byline.objects.filter(name="曾晨路").count() == 1
    assert ArticleCredit.objects.filter(byline__name="曾晨路").count() == 2
    # a.txt (2022) is imported first; b.txt (2021) then finds a neighbour whose number is far off
    [warning] = ImportWarning.objects.filter(code="number_sequence")
    assert "12071" in warning.message and "1186" in warning.message
    assert warning.message in out


def test_same_files_again_change_nothing(seeds):
    run(seeds)
    before = counts()
    ids = sorted(Article.objects.values_list("id", flat=True))
    code, out = run(seeds)
    assert code == 0
    assert counts() == before
    assert sorted(Article.objects.values_list("id", flat=True)) == ids
    assert "未变化2" in out


def test_changed_file_updates_the_issue_in_place(tmp_path, seed_2021):
    path = tmp_path / "x.txt"
    path.write_bytes(seed_2021.read_bytes())
    run(path)
    article = Article.objects.get(headline="我省在全国率先推出电子居住证")
    path.write_text(seed_2021.read_text("utf-8").replace("流动人口2984万", "流动人口2985万"), "utf-8")
    code, out = run(path)
    assert code == 0 and "已更新" in out
    article.refresh_from_db()
    assert "流动人口2985万" in article.body and "2984万" not in article.body
    assert Issue.objects.count() == 1


def test_edited_issue_is_skipped_then_replaced_with_a_revision(tmp_path, seed_2021):
    path = tmp_path / "x.txt"
    path.write_bytes(seed_2021.read_bytes())
    run(path)
    article = Article.objects.get(headline="我省在全国率先推出电子居住证")
    article.body = article.body.replace("2984万", "2984万（编辑核对）")
    article.save()
    issue = Issue.objects.get()
    issue.edited_at = timezone.now()
    issue.save()
    path.write_text(seed_2021.read_text("utf-8").replace("990万张", "991万张"), "utf-8")

    code, out = run(path)
    assert code == 0 and "已跳过" in out and "--replace" in out
    article.refresh_from_db()
    assert "编辑核对" in article.body

    code, out = run(path, "--replace")
    assert code == 0 and "已覆盖" in out
    article.refresh_from_db()
    assert "编辑核对" not in article.body and "991万张" in article.body
    [version] = Version.objects.get_for_object(article)
    assert "编辑核对" in version.serialized_data
    assert version.revision.comment == "导入覆盖前的版本"


@pytest.mark.parametrize("recorded", [True, False], ids=["edit-recorded", "edit-unrecorded"])
def test_replace_with_the_same_file_restores_the_imported_text(tmp_path, seed_2021, recorded):
    """The file has not changed since it was imported, but an editor's edit has: the plain run must
    not call that "unchanged", and --replace must put the file's text back (the edit kept as a revision)."""
    path = tmp_path / "x.txt"
    path.write_bytes(seed_2021.read_bytes())
    run(path)
    article = Article.objects.get(headline="我省在全国率先推出电子居住证")
    original = article.body
    Article.objects.filter(pk=article.pk).update(
        body=original.replace("2984万", "2984万（编辑核对）"), headline="编辑改过的标题"
    )
    if recorded:
        Issue.objects.update(edited_at=timezone.now() + datetime.timedelta(seconds=1))

    code, out = run(path)
    assert code == 0 and "[未变化]" not in out and "未改动" not in out and "未变化0" in out
    assert "[已跳过]" in out and "--replace" in out
    assert Article.objects.get(pk=article.pk).headline == "编辑改过的标题"

    code, out = run(path, "--replace")
    assert code == 0 and "[已覆盖]" in out and "[未变化]" not in out, out
    article.refresh_from_db()
    assert article.headline == "我省在全国率先推出电子居住证" and article.body == original
    [version] = Version.objects.get_for_object(article)
    assert "编辑核对" in version.serialized_data and "编辑改过的标题" in version.serialized_data

    code, out = run(path, "--replace")  # now the rows hold the file's text again: nothing to do
    assert code == 0 and "[未变化]" in out and "未变化1" in out
    assert Version.objects.get_for_object(article).count() == 1


def test_dry_run_writes_nothing(seeds):
    code, out = run(seeds, "--dry-run")
    assert code == 0
    assert counts() == dict.fromkeys(counts(), 0)
    assert "试运行" in out and "新导入2" in out


def test_bad_files_get_one_line_each_and_the_rest_imports(tmp_path, seed_2021):
    (tmp_path / "1_empty.txt").write_bytes(b"")
    (tmp_path / "2_binary.txt").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "3_nodate.txt").write_text("浙江工人日报\n\n今天没有日期的一段文字。\n", "utf-8")
    shutil.copy(seed_2021, tmp_path / "4_good.txt")
    code, out = run(tmp_path, tmp_path / "missing.txt")
    assert code == 1
    lines = out.splitlines()
    for name in ("1_empty.txt", "2_binary.txt", "3_nodate.txt", "missing.txt"):
        [line] = [line for line in lines if name in line]
        assert "失败" in line
    assert "新导入1" in out and "失败4" in out
    assert Issue.objects.get().number == 1186


def test_gb18030_and_crlf_files_import(tmp_path, seed_2021):
    text = seed_2021.read_text("utf-8")
    (tmp_path / "gb.txt").write_bytes(text.replace("\n", "\r\n").encode("gb18030"))
    code, out = run(tmp_path)
    assert code == 0, out
    issue = Issue.objects.get()
    assert issue.number == 1186 and issue.source_encoding.lower().replace("-", "") == "gb18030"
    assert Article.objects.filter(headline="我省在全国率先推出电子居住证").exists()


def test_two_files_for_one_date_in_one_run(tmp_path, seed_2021):
    shutil.copy(seed_2021, tmp_path / "a.txt")
    (tmp_path / "b.txt").write_text(seed_2021.read_text("utf-8").replace("2984万", "2000万"), "utf-8")
    code, out = run(tmp_path)
    assert code == 1
    [line] = [line for line in out.splitlines() if "b.txt" in line]
    assert "日期重复" in line and "a.txt" in line
    assert "2984万" in Article.objects.get(headline="我省在全国率先推出电子居住证").body


def test_one_transaction_per_file(tmp_path, seed_2021, seed_2022, monkeypatch):
    """A failure late in file 2 (after all its rows are written) leaves file 1 whole and nothing of file 2."""
    shutil.copy(seed_2021, tmp_path / "1.txt")
    shutil.copy(seed_2022, tmp_path / "2.txt")
    from articles import search

    real = search.index_documents

    def fail_for_2022(documents, **options):
        documents = list(documents)
        if Article.objects.filter(pk__in=[d.id for d in documents], issue__number=12071).exists():
            raise RuntimeError("索引服务不可用")
        real(documents, **options)

    monkeypatch.setattr(search, "index_documents", fail_for_2022)
    code, out = run(tmp_path)
    assert code == 1
    [line] = [line for line in out.splitlines() if "2.txt" in line]
    assert "索引服务不可用" in line
    assert list(Issue.objects.values_list("number", flat=True)) == [1186]
    assert not Article.objects.exclude(issue__number=1186).exists()
    assert not Page.objects.exclude(issue__number=1186).exists()
    assert Article.objects.filter(issue__number=1186).count() >= 3


def test_reparse_issue_leaves_a_revision(tmp_path, seed_2021):
    shutil.copy(seed_2021, tmp_path / "a.txt")
    run(tmp_path)
    article = Article.objects.get(headline="我省在全国率先推出电子居住证")
    Article.objects.filter(pk=article.pk).update(headline="编辑改过的标题")
    result = reparse_issue(issue=Issue.objects.get())
    assert result.outcome == "replaced"
    article.refresh_from_db()
    assert article.headline == "我省在全国率先推出电子居住证"  # same id: its URL survives
    [version] = Version.objects.get_for_object(article)
    assert "编辑改过的标题" in version.serialized_data


def test_import_query_count_does_not_grow_with_the_issue(tmp_path, django_assert_max_num_queries):
    """Generated issues of very different sizes cost the same bounded number of queries (an insert
    that has no rows, e.g. no warnings, is skipped, hence the tolerance of one)."""
    performed = {}
    for path in generate(tmp_path / "gen", 6, seed=5, start="2015-06-01"):
        with django_assert_max_num_queries(30) as ctx:
            result = import_file(path)
        assert result.outcome == "imported", result.message
        performed[result.articles] = len(ctx)
    assert max(performed) - min(performed) >= 10  # articles per issue vary widely
    assert max(performed.values()) - min(performed.values()) <= 1, performed


def test_parsing_ahead_in_another_process_gives_the_same_results(tmp_path):
    """The command parses in a second process on big runs; results come back in file order."""
    files = generate(tmp_path / "gen", 10, seed=9, start="2012-02-27")
    results = list(import_paths([tmp_path / "gen"], workers=1))
    assert [r.source_name for r in results] == [str(p) for p in files]
    assert all(r.outcome == "imported" for r in results), [r.message for r in results]
    assert Issue.objects.count() == 10
    assert sorted(Issue.objects.values_list("number", flat=True)) == list(range(1000, 1010))
    again = list(import_paths([tmp_path / "gen"], workers=0))
    assert {r.outcome for r in again} == {"unchanged"}


def test_generator_is_deterministic_and_in_the_seeds_format(tmp_path):
    """bench/generate_archive.py: same seed, same bytes; correct calendar data; mixed encodings."""
    first = generate(tmp_path / "a", 40, seed=3, start="2021-08-07")
    second = generate(tmp_path / "b", 40, seed=3, start="2021-08-07")
    other = generate(tmp_path / "c", 40, seed=4, start="2021-08-07")
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    assert [p.read_bytes() for p in first] != [p.read_bytes() for p in other]
    texts = []
    for path in first:
        data = path.read_bytes()
        try:
            texts.append((data.decode("utf-8-sig"), "utf-8"))
        except UnicodeDecodeError:
            texts.append((data.decode("gb18030"), "gb18030"))
    assert {encoding for _text, encoding in texts} == {"utf-8", "gb18030"}
    assert any("\r\n" in text for text, _encoding in texts)
    text = texts[0][0]
    assert "辛丑年六月廿九" in text and "2021年8月7日" in text and "星期六" in text and "总第1000号" in text
    assert "总第1039号" in texts[-1][0]
    assert " 摄" in text and "本报讯" in text


@pytest.mark.parametrize("command", ["import_issues", "export_issues"])
def test_help_prints_in_chinese(command):
    """argparse formats help itself: a lazy translation there used to crash `--help`."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "manage.py", command, "--help"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert ("导入" if command == "import_issues" else "导出") in done.stdout


def test_files_are_written_in_batches_and_a_failing_file_fails_alone(tmp_path, monkeypatch):
    """Several files per transaction, each in its own savepoint, indexed once per batch: a file
    that fails while being written leaves nothing of itself and the rest of its batch imports."""
    from articles import search
    from issues import importing

    files = generate(tmp_path / "gen", 5, seed=3, start="2016-03-01")
    bad_date = importing.load_file(files[2]).source.date
    real_insert = importing.sql.insert

    def failing_insert(model, rows, **kwargs):
        # after the issue, its pages and articles are written
        if model is ArticleCredit and Article.objects.filter(pk=rows[0]["article_id"], issue__date=bad_date):
            raise importing.ImportFailed("写到一半出错")
        return real_insert(model, rows, **kwargs)

    index_calls = []
    real_index = search.index_documents
    monkeypatch.setattr(importing.sql, "insert", failing_insert)
    monkeypatch.setattr(importing.pipeline, "BATCH_FILES", 2)  # batches: 1–2, 3–4, 5
    monkeypatch.setattr(
        search, "index_documents", lambda docs, **kw: index_calls.append(1) or real_index(docs, **kw)
    )

    results = list(import_paths([tmp_path / "gen"], workers=0))
    assert [r.outcome for r in results] == ["imported", "imported", "failed", "imported", "imported"]
    assert "写到一半出错" in results[2].message
    assert len(index_calls) == 3  # once per batch
    assert not Issue.objects.filter(date=bad_date).exists()
    assert Issue.objects.count() == 4
    assert Article.objects.count() == sum(r.articles for r in results if r.ok)
    found = search.get_backend().count(search.parse_query("工会"))[0]
    assert found > 0


def test_replace_in_a_batch_keeps_a_revision_of_each_issue(tmp_path, seed_2021, seed_2022):
    """--replace over several files (one batch): each edited issue is snapshotted, then replaced."""
    for name, seed in (("a.txt", seed_2021), ("b.txt", seed_2022)):
        (tmp_path / name).write_bytes(seed.read_bytes())
    assert run(tmp_path)[0] == 0
    Issue.objects.update(edited_at=timezone.now())
    for name in ("a.txt", "b.txt"):
        path = tmp_path / name
        path.write_text(path.read_text("utf-8").replace("工会", "工会组织", 1), "utf-8")

    code, out = run(tmp_path, "--replace")
    assert code == 0 and out.count("[已覆盖]") == 2, out
    for issue in Issue.objects.all():
        assert len(Version.objects.get_for_object(issue)) == 1
    assert Issue.objects.filter(source_text__contains="工会组织").count() == 2
