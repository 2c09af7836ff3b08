"""Fuzzing the import COMMAND (not just the parser): whatever bytes a file holds, the run either makes
a complete issue, consistent with a fresh parse of the same bytes, or reports one clear line naming
the file — never a traceback, never a partial issue, never an orphan row."""

import io
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import F
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from articles.models import Article, ArticleCredit, Photo, PhotoCredit
from issues import parsing
from issues.models import ImportWarning, Issue, Page
from issues.parsing.types import ParseError

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "fixtures").glob("*.txt"))
SEED_BYTES = [p.read_bytes() for p in SEEDS]
SEED_TEXTS = [b.decode("utf-8-sig") for b in SEED_BYTES]


def _mixed_encoding(text: str, cut: int) -> bytes:
    """The first part GB18030, the rest UTF-8 — an OCR batch saved by two different tools."""
    cut = cut % (len(text) + 1)
    return text[:cut].encode("gb18030") + text[cut:].encode("utf-8")


seed_index = st.integers(min_value=0, max_value=len(SEEDS) - 1)
fuzzed_files = st.one_of(
    st.binary(max_size=3000),
    st.text(max_size=2000).map(lambda t: t.encode("utf-8")),
    st.text(alphabet=st.characters(min_codepoint=0x3000, max_codepoint=0x9FFF), max_size=800).map(
        lambda t: t.encode("gb18030")
    ),
    # truncated real issues (bytes: may cut a UTF-8 sequence in half)
    st.tuples(seed_index, st.floats(min_value=0, max_value=1)).map(
        lambda a: SEED_BYTES[a[0]][: int(len(SEED_BYTES[a[0]]) * a[1])]
    ),
    # two real issues concatenated (two dates, two mastheads in one file)
    st.tuples(seed_index, seed_index, st.booleans()).map(
        lambda a: SEED_BYTES[a[0]] + (b"\r\n" if a[2] else b"\n") + SEED_BYTES[a[1]]
    ),
    # mixed encodings: part GB18030, part UTF-8
    st.tuples(seed_index, st.integers(min_value=0, max_value=20000)).map(
        lambda a: _mixed_encoding(SEED_TEXTS[a[0]], a[1])
    ),
    # a real issue with random junk spliced in
    st.tuples(seed_index, st.integers(min_value=0, max_value=20000), st.binary(min_size=1, max_size=200)).map(
        lambda a: SEED_BYTES[a[0]][: a[1]] + a[2] + SEED_BYTES[a[0]][a[1] :]
    ),
)


def run_import(path: Path) -> tuple[bool, str]:
    """call_command as the CLI would run it; CommandError is the command's clean failure path."""
    out, err = io.StringIO(), io.StringIO()
    failed = False
    try:
        call_command("import_issues", str(path), stdout=out, stderr=err)
    except CommandError as exc:
        failed = True
        err.write(f"CommandError: {exc}\n")
    return failed, out.getvalue() + err.getvalue()


def fresh_parse(data: bytes):
    try:
        return parsing.parse_bytes(data)
    except ParseError:
        return None


def assert_no_orphans() -> None:
    assert not Page.objects.filter(issue__isnull=True).exists()
    assert not Article.objects.exclude(page__issue_id=F("issue_id")).exists(), (
        "article on another issue's page"
    )
    assert not ArticleCredit.objects.filter(article__isnull=True).exists()
    assert not Photo.objects.filter(article__isnull=True).exists()
    assert not PhotoCredit.objects.filter(photo__isnull=True).exists()
    assert not ImportWarning.objects.filter(issue__isnull=True).exists()
    for issue in Issue.objects.all():
        assert issue.pages.exists(), f"issue {issue.date} without pages"


def check_one_file(data: bytes, directory: Path, *, fuzzing: bool = False) -> None:
    path = directory / "样刊.txt"
    path.write_bytes(data)
    with transaction.atomic():
        failed, output = run_import(path)
        assert "Traceback" not in output, output
        issues = list(Issue.objects.all())
        parsed = fresh_parse(data)
        if fuzzing:
            event("failed" if failed else "imported")  # --hypothesis-show-statistics: both branches hit
        if failed:
            # One clear line naming the file, and nothing written.
            lines = [line for line in output.splitlines() if line.startswith("[失败]")]
            assert len(lines) == 1, output
            assert str(path) in lines[0], output
            assert lines[0].split("：", 1)[1].strip(), output  # a reason is given
            assert issues == []
            assert Page.objects.count() == Article.objects.count() == 0
            assert ImportWarning.objects.count() == 0
        else:
            # A complete issue, exactly what a fresh parse of the same bytes says.
            assert parsed is not None, output
            assert len(issues) == 1, output
            issue = issues[0]
            assert issue.date == parsed.date
            assert issue.source_text == parsed.source_text
            assert issue.pages.count() == len({p.number for p in parsed.pages})
            assert issue.articles.count() == len(parsed.articles)
            assert Photo.objects.filter(article__issue=issue).count() == sum(
                len(a.photos) for a in parsed.articles
            )
            assert str(path) in output
        assert_no_orphans()
        transaction.set_rollback(True)


@pytest.mark.django_db
@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
    derandomize=False,
)
@given(data=fuzzed_files)
def test_import_command_never_crashes_and_never_half_imports(data):
    with tempfile.TemporaryDirectory() as tmp:
        check_one_file(data, Path(tmp), fuzzing=True)


@pytest.mark.django_db
@pytest.mark.parametrize("seed", range(len(SEEDS)))
def test_real_issues_import_completely(seed, tmp_path):
    """The fuzzer's success branch is exercised for sure: each real seed imports whole."""
    check_one_file(SEED_BYTES[seed], tmp_path)
    failed, output = run_import(SEEDS[seed])
    assert not failed, output
    assert Issue.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [b"", b"\x00\x01\x02\xff" * 100, "没有日期的一段文字。\n".encode(), SEED_BYTES[0][:40]],
    ids=["empty", "binary", "no-date", "truncated-masthead"],
)
def test_bad_files_fail_with_one_line(data, tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    failed, output = run_import(path)
    assert failed
    assert "Traceback" not in output
    assert any(line.startswith("[失败]") and str(path) in line for line in output.splitlines()), output
    assert Issue.objects.count() == 0


def test_cli_reports_bad_files_without_traceback(tmp_path):
    """The real CLI in a subprocess: exit 1, one line per bad file, the good file still imported."""
    (tmp_path / "a.txt").write_bytes(b"\xff\xfe\x00\x00binary")
    (tmp_path / "b.txt").write_bytes(SEED_BYTES[0][: len(SEED_BYTES[0]) // 3])
    (tmp_path / "c.txt").write_bytes("前一半".encode("gb18030") + "后一半".encode())
    (tmp_path / "good.txt").write_bytes(SEED_BYTES[1])
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "PATH": "/usr/bin:/bin"}
    migrate = subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert migrate.returncode == 0, migrate.stderr
    result = subprocess.run(
        [sys.executable, "manage.py", "import_issues", str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    failures = [line for line in output.splitlines() if line.startswith("[失败]")]
    assert {line.split("：")[0].split("] ", 1)[1] for line in failures} >= {str(tmp_path / "a.txt")}
    assert any("good.txt" in line and not line.startswith("[失败]") for line in output.splitlines()), output
