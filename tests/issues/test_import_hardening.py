"""Issue 14, importer: imports that never mislead. Real files, the real command, a real database;
unreadable paths as an unprivileged user and a real kill -9 of a running import."""

import datetime
import io
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from articles.models import Article
from bench.generate_archive import generate
from issues import importing
from issues.importing import load_file
from issues.models import ImportWarning, Issue

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent.parent
SEED_DATE = "2021年8月7日"
HEADLINE = "省总工会第十五届委员会第五次全体会议在杭召开"  # page 1's first article in the 2021 seed


def run(*args):
    """Run the command; returns (exit code, output) as a shell would see them."""
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


def seed_text(seed_2021) -> str:
    return seed_2021.read_text(encoding="utf-8")


def cn_date(date: datetime.date) -> str:
    return f"{date.year}年{date.month}月{date.day}日"


# ---------------------------------------------------------------------------------------------
# 8. A masthead date in the future


@pytest.mark.parametrize("printed", ["2099年1月1日", "9999年12月31日"])
def test_issue_dated_far_ahead_is_refused_naming_file_line_and_date(tmp_path, seed_2021, printed):
    path = tmp_path / "future.txt"
    path.write_text(seed_text(seed_2021).replace(SEED_DATE, printed), encoding="utf-8")
    code, out = run(path)
    assert code == 1
    assert str(path) in out and "第6行" in out  # the masthead's date line
    assert "晚" in out and "未导入" in out and "失败1" in out
    assert not Issue.objects.exists() and not Article.objects.exists()
    # --dry-run says the same
    code, out = run("--dry-run", path)
    assert code == 1 and "未导入" in out


def test_issue_dated_tomorrow_is_scheduled_for_its_date_not_the_front_page(client, tmp_path, seed_2021):
    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    path = tmp_path / "tomorrow.txt"
    path.write_text(seed_text(seed_2021).replace(SEED_DATE, cn_date(tomorrow)), encoding="utf-8")
    code, out = run(path)
    assert code == 0, out
    issue = Issue.objects.get()
    assert issue.date == tomorrow
    assert timezone.localtime(issue.publish_at) == timezone.make_aware(
        datetime.datetime.combine(tomorrow, datetime.time.min)
    )
    assert not Issue.objects.published().exists()
    [warning] = ImportWarning.objects.filter(code="future_date")
    assert "定于" in warning.message and "发布" in warning.message
    assert "定于" in out
    # readers: not the front page, not reachable by its date until it is due
    assert HEADLINE not in client.get("/").content.decode()
    assert client.get(f"/{tomorrow:%Y/%m/%d}/").status_code == 404
    # on its day it is published with no one doing anything
    due = issue.publish_at + datetime.timedelta(seconds=1)
    assert Issue.objects.published(now=due).filter(pk=issue.pk).exists()


def test_limit_of_days_ahead_is_a_setting(tmp_path, seed_2021, settings):
    settings.NEWSROOM_IMPORT_MAX_DAYS_AHEAD = 0
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    path = tmp_path / "tomorrow.txt"
    path.write_text(seed_text(seed_2021).replace(SEED_DATE, cn_date(tomorrow)), encoding="utf-8")
    code, out = run(path)
    assert code == 1 and "超过0天" in out
    assert not Issue.objects.exists()


# ---------------------------------------------------------------------------------------------
# 9. Paths that cannot be read


def test_fifo_device_and_broken_symlink_are_failures_and_the_rest_imports(tmp_path, seed_2021, seed_2022):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(seed_2021, folder / "sub" / "good.txt")
    os.mkfifo(folder / "pipe.txt")
    (folder / "broken.txt").symlink_to(tmp_path / "gone.txt")
    os.mkfifo(tmp_path / "named.txt")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(folder / "socket.txt"))
    try:
        code, out = run(folder, tmp_path / "named.txt", "/dev/null", seed_2022)
    finally:
        server.close()
    assert code == 1
    assert f"{folder / 'pipe.txt'}：是命名管道（FIFO），不是普通文件" in out
    assert f"{tmp_path / 'named.txt'}：是命名管道（FIFO），不是普通文件" in out
    assert f"{folder / 'broken.txt'}：符号链接指向的文件不存在" in out
    assert "/dev/null：是设备文件，不是普通文件" in out
    assert f"{folder / 'socket.txt'}：是套接字，不是普通文件" in out
    assert "失败5" in out and "新导入2" in out
    assert Issue.objects.count() == 2


def test_a_fifo_reaching_the_reader_fails_at_once_instead_of_blocking(tmp_path):
    """A FIFO put in a listed file's place: opening it for reading would wait for a writer."""
    fifo = tmp_path / "late.txt"
    os.mkfifo(fifo)
    outcome = []
    reader = threading.Thread(target=lambda: outcome.append(load_file(fifo)), daemon=True)
    reader.start()
    reader.join(timeout=10)
    if reader.is_alive():  # unblock the thread, then fail
        with open(fifo, "wb"):
            pass
        pytest.fail("load_file blocked on a FIFO")
    [result] = outcome
    assert result.outcome == "failed" and "命名管道" in result.message


@pytest.fixture(scope="module")
def migrated_sqlite():
    """A migrated SQLite database file for commands run in subprocesses (copied per test)."""
    folder = Path(tempfile.mkdtemp(prefix="newsroom-h14b."))
    database = folder / "template.sqlite3"
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env["DATABASE_URL"] = f"sqlite:///{database}"
    result = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    yield database
    shutil.rmtree(folder, ignore_errors=True)


def _subprocess_env(database: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(DATABASE_URL=f"sqlite:///{database}", PYTHONUNBUFFERED="1", PYTHONPATH=str(ROOT))
    return env


# Runs import_issues as the unprivileged user `nobody` (uid/gid 65534): Django and the command
# are loaded first, as the interpreter lives under /root; the privileges are dropped for good
# before any path is looked at, so the kernel, not the test, decides what can be read.
AS_NOBODY = """
import os, sys
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
django.setup()
from django.core import checks
from django.core.management import load_command_class
checks.run_checks()
command = load_command_class("issues", "import_issues")
if os.getuid() == 0:
    os.setgroups([])
    os.setgid(65534)
    os.setuid(65534)
assert os.getuid() != 0
command.run_from_argv(["manage.py", "import_issues", "--skip-checks", *sys.argv[1:]])
"""


def test_unreadable_directory_is_a_failure_naming_it_for_a_real_unprivileged_user(
    migrated_sqlite, seed_2021, seed_2022
):
    work = Path(tempfile.mkdtemp(prefix="newsroom-h14b-perm."))
    try:
        work.chmod(0o777)
        database = work / "db.sqlite3"
        shutil.copy(migrated_sqlite, database)
        database.chmod(0o666)
        folder = work / "in"
        (folder / "locked").mkdir(parents=True)
        shutil.copy(seed_2021, folder / "locked" / "hidden.txt")
        shutil.copy(seed_2022, folder / "readable.txt")
        unreadable_file = folder / "secret.txt"
        shutil.copy(seed_2021, unreadable_file)
        (folder / "locked").chmod(0)
        unreadable_file.chmod(0)
        folder.chmod(0o755)
        result = subprocess.run(
            [sys.executable, "-c", AS_NOBODY, str(folder)],
            cwd=ROOT,
            env=_subprocess_env(database),
            capture_output=True,
            text=True,
            timeout=120,
        )
        out = result.stdout + result.stderr
        assert "Traceback" not in out
        assert result.returncode == 1, out
        assert f"[失败] {folder / 'locked'}：无法读取目录：权限不足" in out
        assert f"[失败] {unreadable_file}：无法读取文件：权限不足" in out
        assert "新导入1" in out and "失败2" in out
        assert "2 个文件未能导入" in out
    finally:
        for path in (work / "in" / "locked", work / "in" / "secret.txt"):
            if path.exists() or path.is_symlink():
                path.chmod(0o700)
        shutil.rmtree(work, ignore_errors=True)


# ---------------------------------------------------------------------------------------------
# 12. kill -9 of the command must not leave its parser process behind


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return found


def _running(pid: int) -> bool:
    """Alive and not a zombie (an orphan's zombie may wait for a reaper that never comes)."""
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in {"Z", "X"}


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_kill_9_of_the_import_ends_its_parser_process(migrated_sqlite, tmp_path):
    database = tmp_path / "db.sqlite3"
    shutil.copy(migrated_sqlite, database)
    archive = tmp_path / "archive"
    generate(archive, issues=400, seed=3, start="2010-01-01")
    proc = subprocess.Popen(
        [sys.executable, "manage.py", "import_issues", str(archive)],
        cwd=ROOT,
        env=_subprocess_env(database),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 60
        while not workers and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
            workers = _children(proc.pid)
        assert workers, "no parser process was forked (the import ended or never forked)"
        time.sleep(0.5)  # well inside the run: the worker is parsing or waiting on its pipe
        assert proc.poll() is None, "the import finished before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        deadline = time.monotonic() + 10
        while any(_running(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        left = [pid for pid in workers if _running(pid)]
        assert not left, f"parser process(es) {left} outlived the killed import"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for pid in workers:
            if _running(pid):
                os.kill(pid, signal.SIGKILL)


# ---------------------------------------------------------------------------------------------
# 13. Limits: file size, articles per page and per issue


def test_file_over_the_size_limit_is_refused_before_it_is_parsed(tmp_path, seed_2021):
    """One issue repeated until it is 5 MB (the report: 50 MB, 14,000 articles)."""
    text = seed_text(seed_2021)
    path = tmp_path / "huge.txt"
    path.write_text(text * (5 * 1024 * 1024 // len(text.encode()) + 1), encoding="utf-8")
    code, out = run(path)
    assert code == 1
    assert f"{path}：文件过大（5.0 MB），超过每个文件4.0 MB的上限" in out
    assert not Issue.objects.exists()


def test_repeated_issue_under_the_size_limit_is_refused_by_the_article_limit(tmp_path, seed_2021):
    text = seed_text(seed_2021)
    path = tmp_path / "repeated.txt"
    path.write_text("\n\n".join([text] * 60), encoding="utf-8")  # ~900 KB, ~240 articles on 第1版
    assert path.stat().st_size < importing.MAX_FILE_BYTES
    code, out = run(path)
    assert code == 1
    assert "第1版解析出" in out and "超过每版100篇的上限，未导入" in out
    assert not Issue.objects.exists() and not Article.objects.exists()


def test_article_limits_per_page_and_per_issue_are_settings(tmp_path, seed_2021, settings):
    path = tmp_path / "a.txt"
    shutil.copy(seed_2021, path)
    settings.NEWSROOM_IMPORT_MAX_ARTICLES_PER_ISSUE = 3
    code, out = run(path)
    assert code == 1 and "本期解析出4篇文章，超过每期3篇的上限" in out
    settings.NEWSROOM_IMPORT_MAX_ARTICLES_PER_ISSUE = 500
    settings.NEWSROOM_IMPORT_MAX_ARTICLES_PER_PAGE = 3
    code, out = run(path)
    assert code == 1 and "第1版解析出4篇文章，超过每版3篇的上限" in out
    settings.NEWSROOM_IMPORT_MAX_ARTICLES_PER_PAGE = 4
    settings.NEWSROOM_IMPORT_MAX_FILE_BYTES = path.stat().st_size - 1
    code, out = run(path)
    assert code == 1 and "文件过大" in out
    settings.NEWSROOM_IMPORT_MAX_FILE_BYTES = path.stat().st_size
    code, out = run(path)
    assert code == 0, out


# ---------------------------------------------------------------------------------------------
# 10. Two masthead dates, 11. zero-width and bidi characters


def test_second_masthead_date_is_warned_naming_the_date_used(tmp_path, seed_2021):
    path = tmp_path / "two-dates.txt"
    text = seed_text(seed_2021).replace(SEED_DATE + " 星期六", SEED_DATE + " 星期六\n2021年8月9日", 1)
    path.write_text(text, encoding="utf-8")
    code, out = run(path)
    assert code == 0, out
    issue = Issue.objects.get()
    assert issue.date == datetime.date(2021, 8, 7)
    [warning] = ImportWarning.objects.filter(issue=issue, code="masthead_dates")
    assert warning.line == 7
    assert "2021年8月9日" in warning.message and "按第6行的日期（2021-08-07）导入" in warning.message
    assert "2021年8月9日" in out  # printed by the command too
    assert "2021年8月9日" in issue.masthead["lines"]  # kept as printed


def test_zero_width_and_bidi_characters_are_stripped_kept_in_source_and_warned(client, tmp_path, seed_2021):
    dirty = "省总工会\u202e第十五届\u200b委员会\u2066第五次\u2069全体会议\ufeff在杭召开"
    path = tmp_path / "hidden.txt"
    path.write_text(seed_text(seed_2021).replace(HEADLINE, dirty), encoding="utf-8")
    code, out = run(path)
    assert code == 0, out
    issue = Issue.objects.get()
    article = Article.objects.get(headline=HEADLINE)
    for field in ("headline", "kicker", "subheadline", "body", "source_text"):
        assert not any(ch in getattr(article, field) for ch in "\u202e\u200b\u2066\u2069\ufeff"), field
    assert dirty in issue.source_text  # the original, as it came
    [warning] = ImportWarning.objects.filter(issue=issue, code="invisible_characters")
    assert warning.line == 27  # the headline (printed again on line 31)
    assert "U+202E" in warning.message and "U+200B" in warning.message and "已删除" in warning.message
    # search finds the headline by its words again
    response = client.get("/search/", {"q": "第十五届委员会"})
    assert article.get_absolute_url() in response.content.decode()


def test_clean_seeds_get_none_of_the_new_warnings(tmp_path, seed_2021, seed_2022):
    code, out = run(seed_2021, seed_2022)
    assert code == 0, out
    codes = set(ImportWarning.objects.values_list("code", flat=True))
    assert not codes & {"masthead_dates", "invisible_characters", "future_date"}
