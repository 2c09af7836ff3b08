"""Import benchmark: ten years of generated issues through the real `import_issues` command.

    DATABASE_URL=… .venv/bin/python bench/bench_import.py --issues 3650

Without DATABASE_URL a fresh SQLite file in a temporary directory is used. Prints issues per
second, total time, peak memory (max RSS) after N/4 and after N issues (flat = streaming), and, in
the same run, Django's `loaddata` of the very same rows (dumpdata → flush → loaddata) for scale.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MODELS = [
    "articles.Byline",
    "issues.Issue",
    "issues.Page",
    "articles.Article",
    "articles.ArticleCredit",
    "articles.Photo",
    "articles.PhotoCredit",
    "issues.ImportWarning",
]


def maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def machine_busy_seconds() -> float:
    """CPU seconds every process on the machine has spent (user + system), from /proc/stat."""
    try:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    except OSError:
        return 0.0
    user, nice, system, _idle, _iowait, irq, softirq = (int(v) for v in fields[:7])
    return (user + nice + system + irq + softirq) / os.sysconf("SC_CLK_TCK")


def process_cpu_seconds(who) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "?"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="导入基准测试")
    parser.add_argument("--issues", type=int, default=3650)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--start", default="2010-01-01")
    parser.add_argument("--workdir", help="生成文件与 SQLite 数据库的目录（默认临时目录，结束后删除）")
    parser.add_argument("--flush", action="store_true", help="数据库非空时先清空（只用于基准测试库！）")
    parser.add_argument("--no-loaddata", action="store_true", help="不做 loaddata 对比")
    args = parser.parse_args(argv)

    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="newsroom-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
    os.environ.setdefault("DJANGO_DEBUG", "0")  # no query log kept in memory
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-" + "x" * 50)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

    import django

    django.setup()
    from django.apps import apps
    from django.core.management import call_command
    from django.db import connection

    from articles import search
    from articles.models import Article
    from bench.generate_archive import generate
    from issues.models import Issue

    # Measure (not change) the search indexing: in the writer's batches (SQLite), or behind them on
    # a second connection (PostgreSQL, see issues.importing.IndexBehind).
    index_seconds = {"index_documents": 0.0, "index_behind": 0.0}

    def timed(name):
        function = getattr(search, name)

        def wrapper(*args, **options):
            started = time.perf_counter()
            function(*args, **options)
            index_seconds[name] += time.perf_counter() - started

        setattr(search, name, wrapper)

    timed("index_documents")
    timed("index_behind")

    try:
        vendor = f"{connection.vendor} {connection.Database.sqlite_version if connection.vendor == 'sqlite' else ''}"
        print(
            f"机器：{cpu_model()}，{os.cpu_count()} 核；Python {platform.python_version()}；数据库 {vendor.strip()}"
        )

        t = time.perf_counter()
        archive = workdir / "archive"
        files = generate(archive, args.issues, args.seed, args.start)
        size = sum(p.stat().st_size for p in files) / 1e6
        print(f"生成 {len(files)} 期（{size:.0f} MB）：{time.perf_counter() - t:.1f} 秒")

        call_command("migrate", verbosity=0, interactive=False)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT version()")
                print(f"PostgreSQL：{cursor.fetchone()[0].split(',')[0]}")
        if Issue.objects.exists():
            if not args.flush:
                print("数据库不是空的：请用新库，或加 --flush（会清空整个库）")
                return 2
            call_command("flush", interactive=False, verbosity=0)

        quarter = max(1, len(files) // 4)
        log = io.StringIO()
        rss_start = maxrss_mb()
        cpu_start = [
            process_cpu_seconds(resource.RUSAGE_SELF),
            process_cpu_seconds(resource.RUSAGE_CHILDREN),
            machine_busy_seconds(),
        ]
        t0 = time.perf_counter()
        call_command("import_issues", *map(str, files[:quarter]), stdout=log, stderr=log)
        t_quarter = time.perf_counter() - t0
        rss_quarter = maxrss_mb()
        summaries = [log.getvalue().strip().splitlines()[-1]]
        log = io.StringIO()  # the command's per-file lines are not kept across batches
        call_command("import_issues", *map(str, files[quarter:]), stdout=log, stderr=log)
        t_import = time.perf_counter() - t0
        rss_full = maxrss_mb()
        cpu_main = process_cpu_seconds(resource.RUSAGE_SELF) - cpu_start[0]
        cpu_parsers = process_cpu_seconds(resource.RUSAGE_CHILDREN) - cpu_start[1]
        cpu_rest = machine_busy_seconds() - cpu_start[2] - cpu_main - cpu_parsers
        summaries.append(log.getvalue().strip().splitlines()[-1])

        counts = {label: apps.get_model(label).objects.count() for label in MODELS}
        rows = sum(counts.values())
        for summary in summaries:
            print(f"导入命令汇总：{summary}")
        print(
            "行数："
            + "，".join(f"{label.split('.')[1]} {n}" for label, n in counts.items())
            + f"；合计 {rows}"
        )
        print(
            f"导入 {len(files)} 期：{t_import:.1f} 秒，{len(files) / t_import:.1f} 期/秒，"
            f"{rows / t_import:.0f} 行/秒（前 {quarter} 期 {t_quarter:.1f} 秒）"
        )
        t_index = index_seconds["index_documents"]
        t_behind = index_seconds["index_behind"]
        if t_behind:
            print(
                f"搜索索引在第二个连接上写，与下一批的写入同时进行：共 {t_behind:.1f} 秒"
                f"（{t_behind / t_import:.0%} 的时间里在写索引）"
            )
        else:
            print(
                f"其中搜索索引（分词与写入） {t_index:.1f} 秒（{t_index / t_import:.0%}）；"
                f"不计索引：{t_import - t_index:.1f} 秒，{len(files) / (t_import - t_index):.1f} 期/秒"
            )
        print(
            f"CPU 时间：本进程 {cpu_main:.1f} 秒，解析进程 {cpu_parsers:.1f} 秒，"
            f"其余（数据库服务器与机器上其他进程）{cpu_rest:.1f} 秒；共 {os.cpu_count()} 核 × {t_import:.1f} 秒"
        )
        print(
            f"内存峰值（max RSS）：开始 {rss_start:.0f} MB，{quarter} 期后 {rss_quarter:.0f} MB，"
            f"{len(files)} 期后 {rss_full:.0f} MB"
        )

        if not args.no_loaddata:
            fixture = workdir / "fixture.json"
            t = time.perf_counter()
            call_command("dumpdata", *MODELS, output=str(fixture), verbosity=0)
            t_dump = time.perf_counter() - t
            call_command("flush", interactive=False, verbosity=0)
            t = time.perf_counter()
            call_command("loaddata", str(fixture), verbosity=0)
            t_load = time.perf_counter() - t
            reloaded = sum(apps.get_model(label).objects.count() for label in MODELS)
            t = time.perf_counter()
            search.index_queryset(Article.objects.all())  # loaddata leaves the search index empty
            t_reindex = time.perf_counter() - t
            print(
                f"loaddata 同样的 {reloaded} 行（fixture {fixture.stat().st_size / 1e6:.0f} MB，dumpdata {t_dump:.1f} 秒）："
                f"{t_load:.1f} 秒，再建搜索索引 {t_reindex:.1f} 秒"
            )
            comparison = (
                f"对比：导入命令（含解析与索引）{t_import:.1f} 秒 vs loaddata+索引 {t_load + t_reindex:.1f} 秒 → "
                f"{(t_load + t_reindex) / t_import:.2f} 倍速；"
            )
            if t_behind:  # the index overlaps the writes: the import with it vs loaddata alone
                comparison += f"导入命令 vs 单是 loaddata {t_load:.1f} 秒 → {t_load / t_import:.2f} 倍速"
            else:
                comparison += (
                    f"不计索引 {t_import - t_index:.1f} 秒 vs loaddata {t_load:.1f} 秒 → "
                    f"{t_load / (t_import - t_index):.2f} 倍速"
                )
            print(comparison)
        print(f"结束时负载 {os.getloadavg()[0]:.1f}（机器与其他进程共用时数字偏慢）")
        return 0
    finally:
        connection.close()
        if not args.workdir:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
