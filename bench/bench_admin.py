"""Admin benchmark: every list and search of the editors' desk on the ten-year archive.

    env -u DATABASE_URL .venv/bin/python bench/bench_admin.py --issues 3650
    bash scripts/with-postgres.sh .venv/bin/python bench/bench_admin.py --issues 3650

Generates the archive with bench/generate_archive.py (kept in bench/out/ like bench_load.py),
imports it with the real `import_issues` into a fresh database (SQLite in a temporary directory
unless DATABASE_URL is set), logs in as a superuser with Django's test client and requests each
admin list, a deep page of the article list, and the admin searches, each several times (DEBUG
off). Prints one Markdown table: median and slowest time, queries, rows shown. Figures are printed,
not asserted (the tests assert the query counts).
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def admin_urls(*, Article, Byline, Issue, ImportWarning) -> list[tuple[str, str]]:
    """(label, URL) of every admin list and search, with real ids from the imported archive."""
    from django.urls import reverse

    def changelist(name: str, query: str = "") -> str:
        return reverse(f"admin:{name}_changelist") + (f"?{query}" if query else "")

    middle = Issue.objects.order_by("date").values_list("pk", "date")
    count = middle.count()
    issue_pk, issue_date = middle[count // 2]
    byline_pk = Byline.objects.order_by("pk").values_list("pk", flat=True).first()
    deep = max(1, min(1000, Article.objects.count() // 50 - 1))  # page 1000 on the ten-year archive
    return [
        ("文章列表", changelist("articles_article")),
        (f"文章列表 第{deep}页", changelist("articles_article", f"p={deep}")),
        ("文章搜索 工会", changelist("articles_article", "q=%E5%B7%A5%E4%BC%9A")),
        (
            "文章搜索 “宁波市总工会”",
            changelist("articles_article", "q=%E5%AE%81%E6%B3%A2%E5%B8%82%E6%80%BB%E5%B7%A5%E4%BC%9A"),
        ),
        ("文章 按期次筛选", changelist("articles_article", f"issue__id__exact={issue_pk}")),
        ("文章 按署名筛选", changelist("articles_article", f"credits__byline__id__exact={byline_pk}")),
        ("文章 草稿", changelist("articles_article", "status__exact=draft")),
        ("文章 本文有未核对警告", changelist("articles_article", "warnings=article")),
        ("文章 按日期（年）", changelist("articles_article", f"issue__date__year={issue_date.year}")),
        ("图片列表", changelist("articles_photo")),
        ("图片搜索 工会", changelist("articles_photo", "q=%E5%B7%A5%E4%BC%9A")),
        ("署名列表", changelist("articles_byline")),
        ("署名搜索", changelist("articles_byline", "q=%E6%9B%BE")),
        ("期次列表", changelist("issues_issue")),
        ("期次搜索 日期", changelist("issues_issue", f"q={issue_date:%Y-%m-%d}")),
        ("期次 有未核对警告", changelist("issues_issue", "warnings=open")),
        ("版面列表", changelist("issues_page")),
        ("版面搜索", changelist("issues_page", "q=%E8%A6%81%E9%97%BB")),
        ("导入警告列表", changelist("issues_importwarning")),
        ("导入警告 未核对", changelist("issues_importwarning", "resolved=no")),
        ("导入警告搜索", changelist("issues_importwarning", "q=%E6%80%BB%E7%AC%AC")),
        (
            "署名自动完成",
            reverse("admin:autocomplete")
            + "?app_label=articles&model_name=articlecredit&field_name=byline&term=%E6%9B%BE",
        ),
        (
            "版面自动完成",
            reverse("admin:autocomplete")
            + f"?app_label=articles&model_name=article&field_name=page&term={issue_date:%Y-%m-%d}",
        ),
    ]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="后台列表与搜索基准")
    parser.add_argument("--issues", type=int, default=3650)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--start", type=datetime.date.fromisoformat, default=datetime.date(2010, 1, 1))
    parser.add_argument("--repeat", type=int, default=5, help="requests per URL (the first warms caches)")
    parser.add_argument("--workdir", help="SQLite 数据库的目录（默认临时目录，结束后删除）")
    args = parser.parse_args(argv)

    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="newsroom-bench-admin-"))
    workdir.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
    os.environ["DJANGO_DEBUG"] = "0"  # no query log, templates cached: as in production
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-" + "x" * 50)
    os.environ["DJANGO_SECURE_SSL_REDIRECT"] = "0"
    os.environ["DJANGO_SECURE_COOKIES"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    os.environ.setdefault("DJANGO_STATIC_ROOT", str(workdir / "static"))

    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from articles.models import Article, Byline
    from bench.bench_load import generate_archive
    from issues.models import ImportWarning, Issue

    plain_static = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    try:
        archive = generate_archive(args.issues, args.seed, args.start)
        call_command("migrate", verbosity=0, interactive=False)
        if not Issue.objects.exists():
            started = time.perf_counter()
            with open(os.devnull, "w") as quiet:
                call_command("import_issues", str(archive), verbosity=0, stdout=quiet)
            print(f"导入 {args.issues} 期：{time.perf_counter() - started:.1f} 秒")
        print(
            f"档案：{Issue.objects.count()} 期，{Article.objects.count()} 篇文章，{Byline.objects.count()} 个署名，"
            f"{ImportWarning.objects.count()} 条警告；数据库 {connection.vendor}"
        )
        user = User.objects.filter(username="bench-admin").first() or User.objects.create_superuser(
            "bench-admin", "bench@example.com", "bench-pass-123"
        )
        client = Client()
        client.force_login(user)
        rows = []
        with override_settings(STORAGES=plain_static):
            for label, url in admin_urls(
                Article=Article, Byline=Byline, Issue=Issue, ImportWarning=ImportWarning
            ):
                times, sql_times = [], []
                for _ in range(args.repeat):
                    with CaptureQueriesContext(connection) as queries:
                        started = time.perf_counter()
                        response = client.get(url)
                        times.append(time.perf_counter() - started)
                    sql_times.append(sum(float(q["time"]) for q in queries.captured_queries))
                    if response.status_code != 200:
                        raise SystemExit(f"{label} {url} → HTTP {response.status_code}")
                shown = response.content.count(b'class="action-checkbox"') or response.content.count(b'"id":')
                rows.append(
                    (
                        label,
                        url,
                        statistics.median(times[1:] or times),
                        max(times),
                        statistics.median(sql_times[1:] or sql_times),
                        len(queries),
                        shown,
                    )
                )
                print(f"  {label}: {statistics.median(times[1:] or times) * 1000:.0f} ms", flush=True)
        print()
        print(
            f"### 后台列表与搜索：{args.issues} 期档案，{connection.vendor}，每个地址 {args.repeat} 次"
            "（中位数不计第一次），DEBUG=0"
        )
        print()
        print("| 列表 | 地址 | 中位数 (ms) | 最慢 (ms) | 其中 SQL (ms) | 查询数 | 行数 |")
        print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
        for label, url, median, slowest, sql, n_queries, shown in rows:
            print(
                f"| {label} | `{url}` | {median * 1000:.0f} | {slowest * 1000:.0f} | {sql * 1000:.0f} | "
                f"{n_queries} | {shown} |"
            )
        slow = [label for label, _url, median, *_ in rows if median >= 1.0]
        print()
        print(
            "目标未达成（≥ 1 秒）：" + "、".join(slow) if slow else "目标达成：每个列表与搜索都在 1 秒以内。"
        )
        print(
            f"机器：{platform.processor() or platform.machine()}，{os.cpu_count()} 核；负载 {os.getloadavg()[0]:.1f}"
            "（负载高于核数时，时间多半花在等 CPU 上；SQL 一栏是数据库查询本身的时间）"
        )
        return 0
    finally:
        connection.close()
        if not args.workdir:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
