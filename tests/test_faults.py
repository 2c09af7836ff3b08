"""Faults against a real PostgreSQL server: the server killed in the middle of an import, and two
imports of overlapping directories at the same time.

Each test runs the real `manage.py import_issues` in subprocesses against a SEPARATE throwaway
PostgreSQL cluster that the test starts (the same recipe as scripts/with-postgres.sh), so the
test can kill that server without touching the one the rest of the suite uses."""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from bench.generate_archive import generate
from issues import parsing

pytestmark = pytest.mark.postgres_only

ROOT = Path(__file__).resolve().parent.parent
ARCHIVE_ISSUES = 100


SKIP_REASON = "需要 PostgreSQL：本测试要在导入中途杀掉数据库服务器、并发写同一数据库（SQLite 没有服务器可杀）"


def _require_postgres() -> None:
    if connection.vendor != "postgresql":
        pytest.skip(SKIP_REASON)


def _pg_bin() -> Path:
    candidates = [os.environ.get("NEWSROOM_PG_BIN", "")] + sorted(
        (str(p) for p in Path("/usr/lib/postgresql").glob("*/bin")),
        key=lambda s: [int(x) for x in s.split("/")[-2].split(".")],
    )[::-1]
    for candidate in candidates:
        if candidate and (Path(candidate) / "initdb").exists():
            return Path(candidate)
    pytest.fail("PostgreSQL server binaries not found (make system-deps)")


class Cluster:
    """A throwaway PostgreSQL cluster on a free port; as root, the server runs as `postgres`."""

    def __init__(self):
        self.bin = _pg_bin()
        self.dir = Path(tempfile.mkdtemp(prefix="newsroom-faults-pg."))
        self.data = self.dir / "data"
        self.log = self.dir / "server.log"
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.root = os.getuid() == 0
        if self.root:
            shutil.chown(self.dir, "postgres", "postgres")
        self._run(
            "initdb", "-D", str(self.data), "-E", "UTF8", "--locale=C.UTF-8", "-U", "postgres", "--auth=trust"
        )
        self.start()

    def _run(self, tool: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        command = [str(self.bin / tool), *args]
        if self.root:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if check and result.returncode != 0:
            log = self.log.read_text() if self.log.exists() else ""
            pytest.fail(f"{tool} failed: {result.stdout}{result.stderr}\n{log[-2000:]}")
        return result

    def start(self) -> None:
        options = (
            # synchronous_commit stays on: a commit the importer reported must survive the crash.
            # fsync off is safe here: the test kills the server, not the machine.
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c full_page_writes=off -c max_connections=50"
        )
        self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", "-o", options, "start"
        )

    def kill(self) -> None:
        """What a crash looks like: no shutdown checkpoint, every connection cut."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "stop")

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def sql(self, query: str, database: str = "postgres", params=None):
        with psycopg.connect(
            self.url(database).replace("postgres://", "postgresql://"), autocommit=True
        ) as conn:
            cursor = conn.execute(query, params)
            return cursor.fetchall() if cursor.description else None

    def destroy(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "stop", check=False)
        shutil.rmtree(self.dir, ignore_errors=True)


def manage_env(database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(DATABASE_URL=database_url, PYTHONUNBUFFERED="1", DJANGO_CONN_MAX_AGE="0")
    return env


def manage(database_url: str, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=manage_env(database_url),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture(scope="module")
def cluster():
    _require_postgres()
    cluster = Cluster()
    try:
        # One migrated template database; each test copies it (CREATE DATABASE … TEMPLATE) in a second.
        cluster.sql("CREATE DATABASE template_newsroom")
        result = manage(cluster.url("template_newsroom"), "migrate", "--noinput", "-v0")
        assert result.returncode == 0, result.stderr
        yield cluster
    finally:
        cluster.destroy()


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """100 generated issues (~2,500 articles), and what a fresh parse says each one must become."""
    _require_postgres()
    outdir = tmp_path_factory.mktemp("archive")
    files = generate(outdir, issues=ARCHIVE_ISSUES, seed=7, start="2015-03-01")
    expected = {}
    for path in files:
        parsed = parsing.parse_bytes(path.read_bytes())
        expected[parsed.date] = (len({p.number for p in parsed.pages}), len(parsed.articles))
    assert len(expected) == ARCHIVE_ISSUES
    return outdir, files, expected


def new_database(cluster: Cluster, name: str) -> str:
    cluster.sql(f"CREATE DATABASE {name} TEMPLATE template_newsroom")
    return cluster.url(name)


def assert_archive_complete(cluster: Cluster, database: str, expected: dict) -> None:
    """Every date exactly once; each issue with exactly the pages and articles a fresh parse gives."""
    rows = cluster.sql(
        """
        SELECT i.date, count(*) OVER (PARTITION BY i.date),
               (SELECT count(*) FROM issues_page p WHERE p.issue_id = i.id),
               (SELECT count(*) FROM articles_article a WHERE a.issue_id = i.id)
        FROM issues_issue i
        """,
        database,
    )
    dates = [row[0] for row in rows]
    assert len(dates) == len(set(dates)), "duplicate issues"
    assert set(dates) == set(expected), "missing or unexpected dates"
    for date, _copies, pages, articles in rows:
        assert (pages, articles) == expected[date], f"{date}: half-written issue"
    # no orphans: every page and article belongs to an issue that exists, articles to their issue's pages
    orphans = cluster.sql(
        """
        SELECT
          (SELECT count(*) FROM articles_article a JOIN issues_page p ON p.id = a.page_id
             WHERE p.issue_id <> a.issue_id),
          (SELECT count(*) FROM articles_articlecredit c LEFT JOIN articles_article a ON a.id = c.article_id
             WHERE a.id IS NULL)
        """,
        database,
    )
    assert orphans == [(0, 0)]
    # The search index (written behind the batches, on a second connection): one row per article.
    index = cluster.sql(
        """
        SELECT (SELECT count(*) FROM articles_article a
                  WHERE NOT EXISTS (SELECT 1 FROM article_search s WHERE s.article_id = a.id)),
               (SELECT count(*) FROM article_search s
                  WHERE NOT EXISTS (SELECT 1 FROM articles_article a WHERE a.id = s.article_id))
        """,
        database,
    )
    assert index == [(0, 0)], "articles missing from the search index, or index rows of no article"


def test_database_killed_mid_import_then_second_run_completes(cluster, archive):
    outdir, files, expected = archive
    url = new_database(cluster, "killed")
    log = Path(cluster.dir) / "import-killed.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "manage.py", "import_issues", str(outdir)],
            cwd=ROOT,
            env=manage_env(url),
            stdout=out,
            stderr=subprocess.STDOUT,
            text=True,
        )
    # Kill the server once the run is well under way, but far from done.
    deadline = time.monotonic() + 120
    imported = 0
    while imported < 10:
        assert proc.poll() is None, (
            "the import finished before the server could be killed:\n" + log.read_text()
        )
        assert time.monotonic() < deadline, "import too slow to start"
        time.sleep(0.05)
        imported = cluster.sql("SELECT count(*) FROM issues_issue", "killed")[0][0]
    cluster.kill()
    assert proc.wait(timeout=300) != 0
    output = log.read_text()
    assert "Traceback" not in output, output[-3000:]
    failures = [line for line in output.splitlines() if line.startswith("[失败]")]
    assert failures, output[-3000:]
    # The first failure names the file it was writing and says the database was the problem.
    assert str(outdir) in failures[0] and ".txt" in failures[0], failures[0]
    assert "数据库" in failures[0], failures[0]
    assert "未能导入" in output  # the run's summary says so

    cluster.start()
    partial = cluster.sql("SELECT count(*) FROM issues_issue", "killed")[0][0]
    assert 10 <= partial < ARCHIVE_ISSUES
    # Whatever was committed before the crash is complete already.
    rows = cluster.sql(
        """SELECT i.date, (SELECT count(*) FROM issues_page p WHERE p.issue_id = i.id),
                  (SELECT count(*) FROM articles_article a WHERE a.issue_id = i.id) FROM issues_issue i""",
        "killed",
    )
    for date, pages, articles in rows:
        assert (pages, articles) == expected[date], f"{date}: half-written issue after the crash"

    second = manage(url, "import_issues", str(outdir))
    assert second.returncode == 0, (second.stdout + second.stderr)[-3000:]
    assert "Traceback" not in second.stdout + second.stderr
    assert_archive_complete(cluster, "killed", expected)


def _split_overlapping(files: list[Path], root: Path) -> tuple[Path, Path, int]:
    """Two directories sharing the middle third of the archive (copies, with other names).

    The shared files sort first in both directories, so the two runs reach the same dates at the
    same moment: the race on the unique date is real, not a matter of luck."""
    first, second = root / "batch-a", root / "batch-b"
    first.mkdir()
    second.mkdir()
    third = len(files) // 3
    for index, path in enumerate(files):
        shared = third <= index < 2 * third
        name = f"{'a' if shared else 'b'}-{index:04d}.txt"
        if index < 2 * third:
            shutil.copy(path, first / name)
        if index >= third:
            shutil.copy(path, second / f"x{name}")
    return first, second, third


def _dates(files: list[Path]) -> set:
    return {parsing.parse_bytes(path.read_bytes()).date for path in files}


def test_two_overlapping_imports_at_the_same_time(cluster, archive, tmp_path):
    outdir, files, expected = archive
    url = new_database(cluster, "concurrent")
    files = files[:60]
    dates = _dates(files)
    expected = {date: counts for date, counts in expected.items() if date in dates}
    first, second, shared = _split_overlapping(files, tmp_path)
    procs = [
        subprocess.Popen(
            [sys.executable, "manage.py", "import_issues", str(directory)],
            cwd=ROOT,
            env=manage_env(url),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for directory in (first, second)
    ]
    outputs = [proc.communicate(timeout=300)[0] for proc in procs]
    for proc, output in zip(procs, outputs, strict=True):
        assert "Traceback" not in output, output[-3000:]
        assert proc.returncode == 0, output[-3000:]
    # Each date of the overlap was imported by one run and found unchanged by the other.
    assert sum(output.count("[未变化]") for output in outputs) == shared
    assert_archive_complete(cluster, "concurrent", expected)


def test_rerun_after_complete_import_changes_nothing(cluster, archive):
    outdir, files, expected = archive
    url = new_database(cluster, "rerun")
    small = sorted(files)[:20]
    first = manage(url, "import_issues", *map(str, small))
    assert first.returncode == 0, first.stdout + first.stderr
    before = cluster.sql("SELECT count(*), max(id) FROM articles_article", "rerun")
    again = manage(url, "import_issues", *map(str, small))
    assert again.returncode == 0
    assert again.stdout.count("[未变化]") == len(small)
    assert cluster.sql("SELECT count(*), max(id) FROM articles_article", "rerun") == before
