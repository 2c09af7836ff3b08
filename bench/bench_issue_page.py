"""Issue page benchmark (not a test): an issue of one front page repeated until it holds ~14,000
articles (what the 50 MB file of issue 14 became), imported with the limits lifted, then the
reader's issue page rendered uncached, first and last screen, against the whole-page view
(/YYYY/MM/DD/1/, which still lists every article of its 版) standing in for the old unpaged page.
Also: how fast the default limits refuse the 50 MB file.

    .venv/bin/python bench/bench_issue_page.py [--copies 3500]
    bash scripts/with-postgres.sh .venv/bin/python bench/bench_issue_page.py

Without DATABASE_URL a fresh SQLite file in a temporary directory is used."""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SEED = ROOT / "fixtures" / "000_0abb412f47d5fc4e.txt"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=3500, help="times the front page is repeated")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="newsroom-bench-issue."))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
    os.environ.setdefault("DJANGO_DEBUG", "0")
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-" + "x" * 50)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    from articles.models import Article

    call_command("migrate", verbosity=0, interactive=False)
    if connection.vendor == "postgresql":
        call_command("flush", interactive=False, verbosity=0)
    text = SEED.read_text(encoding="utf-8")
    big = workdir / "repeated.txt"
    big.write_text("\n\n".join([text] * args.copies), encoding="utf-8")
    size_mb = big.stat().st_size / 1024 / 1024
    print(f"database: {connection.vendor}; file: {size_mb:.1f} MB, the 2021-08-07 front page × {args.copies}")

    started = time.perf_counter()
    code = 0
    try:
        call_command("import_issues", str(big), stdout=io.StringIO())
    except Exception:
        code = 1
    print(f"default limits: refused={code == 1} in {(time.perf_counter() - started) * 1000:.1f} ms")

    lifted = {
        "NEWSROOM_IMPORT_MAX_FILE_BYTES": 1 << 30,
        "NEWSROOM_IMPORT_MAX_ARTICLES_PER_PAGE": 1 << 30,
        "NEWSROOM_IMPORT_MAX_ARTICLES_PER_ISSUE": 1 << 30,
    }
    with override_settings(**lifted):
        started = time.perf_counter()
        call_command("import_issues", str(big), stdout=io.StringIO())
        print(f"imported with the limits lifted: {time.perf_counter() - started:.1f} s")
    articles = Article.objects.count()
    screens = -(-articles // 80)
    print(f"articles in the issue: {articles} ({screens} screens of 80)")

    client = Client()
    # Production settings without a collectstatic run: plain static URLs (the pages are the point).
    from django.conf import settings

    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    override_settings(STORAGES=storages).enable()
    urls = {
        "issue page, screen 1": "/2021/08/07/",
        f"issue page, screen {screens}": f"/2021/08/07/?page={screens}",
        "whole 版 (old unpaged cost)": "/2021/08/07/1/",
    }
    print(f"{'page':<30} {'p50 ms':>10} {'max ms':>10} {'queries':>8} {'KB':>8}")
    for label, url in urls.items():
        times = []
        runs = args.runs if "whole" not in label else max(1, args.runs // 5)
        for _ in range(runs):
            cache.clear()
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url, secure=True)
                times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        print(
            f"{label:<30} {statistics.median(times):>10.1f} {max(times):>10.1f} "
            f"{len(queries):>8} {len(response.content) / 1024:>8.0f}"
        )


if __name__ == "__main__":
    main()
