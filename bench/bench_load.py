"""Load benchmark of the reader site: the ten-year archive in PostgreSQL, the site under `make serve`.

    bash scripts/with-postgres.sh .venv/bin/python bench/bench_load.py [--issues 3650] [--duration 10]

Steps (each timed and printed): generate N synthetic issues with bench/generate_archive.py (kept in
bench/out/ for the next run), migrate, import them with `manage.py import_issues`, start
scripts/serve.sh (collectstatic, migrate, gunicorn; DJANGO_DEBUG=0) on 127.0.0.1, then run `wrk --latency`
against `/`, an issue, a page view with a scan and clickable regions, an article, a calendar month, a search and a static file of the same server, in
the same run, and print a Markdown table: requests/s, p50/p99 latency, errors.

Requests carry `X-Forwarded-Proto: https` and `Accept-Encoding: gzip, br`, as they would arrive from
the nginx in front (docs/deploy.md); without the first, production settings redirect to HTTPS.
Figures are printed, not asserted.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
OUT = ROOT / "bench" / "out"
HEADERS = {"X-Forwarded-Proto": "https", "Accept-Encoding": "gzip, br", "Host": "127.0.0.1"}


def say(message: str) -> None:
    print(message, flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    request = urllib.request.Request(
        url, headers={k: v for k, v in HEADERS.items() if k != "Accept-Encoding"}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


def generate_archive(issues: int, seed: int, start: datetime.date) -> Path:
    """The importer engineer's generator; the archive is deterministic, so it is kept between runs."""
    outdir = OUT / f"archive-{issues}-seed{seed}-{start:%Y%m%d}"
    done = outdir / ".complete"
    if done.exists():
        say(f"存档已存在，复用：{outdir}（{issues} 期）")
        return outdir
    sys.path.insert(0, str(ROOT / "bench"))
    from generate_archive import generate

    shutil.rmtree(outdir, ignore_errors=True)
    outdir.mkdir(parents=True)
    started = time.perf_counter()
    generate(outdir, issues=issues, seed=seed, start=start)
    done.write_text(str(issues))
    say(f"生成 {issues} 期：{time.perf_counter() - started:.1f} s → {outdir}")
    return outdir


def manage(env: dict[str, str], *args: str, log: Path | None = None) -> float:
    started = time.perf_counter()
    with open(log, "wb") if log else open(os.devnull, "wb") as out:
        result = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    if result.returncode != 0:
        tail = log.read_text(errors="replace")[-3000:] if log else ""
        raise SystemExit(f"manage.py {' '.join(args)} 失败（退出码 {result.returncode}）\n{tail}")
    return time.perf_counter() - started


def pick_urls(env: dict[str, str], search_query: str) -> dict[str, str]:
    """Real URLs from the imported archive: the newest issue, one in the middle, its first article."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from articles.models import Article
    from issues.models import Issue

    issues = Issue.objects.published().order_by("date")
    count = issues.count()
    if not count:
        raise SystemExit("档案为空：导入失败？")
    middle = issues[count // 2]
    article = Article.objects.published().filter(issue=middle).order_by("page__number", "order").first()
    if article is None:
        article = Article.objects.published().order_by("-issue__date").first()
    page_view = scan_page(middle)
    from django.db import connections

    connections.close_all()
    return {
        "首页 /": "/",
        "期 issue": middle.get_absolute_url(),
        "版面图 page view": page_view,
        "文章 article": article.get_absolute_url(),
        "月历 calendar month": f"/archive/{middle.date:%Y}/{middle.date:%m}/",
        "搜索 search": "/search/?" + urllib.parse.urlencode({"q": search_query}),
    }


def scan_page(issue) -> str:
    """Give the issue's first page a scan (drawn by Pillow, renditions in DJANGO_MEDIA_ROOT) and a
    region per article, as the page files and the region editor would: the page view with its
    clickable areas. Its images are the storage's URLs; the benchmark fetches only the HTML."""
    from articles.models import Article
    from tests.pageimages import add_region, attach_page_image, front_page_boxes

    page = issue.pages.order_by("number").first()
    articles = list(Article.objects.published().filter(page=page).order_by("order"))
    boxes = front_page_boxes(len(articles))
    attach_page_image(
        page, boxes=boxes, titles=[a.title for a in articles], rendition_widths=(480, 960, 1600)
    )
    page.regions.all().delete()
    for article, box in zip(articles, boxes, strict=True):
        add_region(article, box)
    say(f"版面图：{page}，{len(articles)} 个区域")
    return page.get_absolute_url()


def pick_static(base: str, home_html: str, static_root: Path) -> str:
    """The stylesheet the reader's pages link (hashed name), else a hashed admin stylesheet."""
    for href in re.findall(r'<link[^>]+rel="?stylesheet"?[^>]*href="([^"]+)"', home_html) + re.findall(
        r'<link[^>]+href="([^"]+\.css)"', home_html
    ):
        if href.startswith("/static/"):
            return href
    manifest = json.loads((static_root / "staticfiles.json").read_text())["paths"]
    return "/static/" + manifest["admin/css/base.css"]


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def to_ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip()).groups()
    return float(number) * UNITS[unit]


def run_wrk(url: str, *, duration: int, connections: int, threads: int) -> dict[str, float | str]:
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "10s"]
    for name, value in HEADERS.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = to_ms(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1))
    p99 = to_ms(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1))
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    errors = 0
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non2xx:
        errors += int(non2xx.group(1))
    return {"rps": rps, "p50": p50, "p99": p99, "requests": requests, "errors": errors, "raw": output}


def machine() -> str:
    free = subprocess.run(["free", "-h"], capture_output=True, text=True).stdout.strip()
    cpu = ""
    with contextlib.suppress(OSError, StopIteration):
        lines = Path("/proc/cpuinfo").read_text().splitlines()
        cpu = next(line.split(":", 1)[1].strip() for line in lines if line.startswith("model name"))
    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.splitlines()[:1]
    return "\n".join(
        [
            f"- nproc: {os.cpu_count()} ({cpu})",
            f"- Python {platform.python_version()}, {platform.platform()}",
            f"- {(wrk_version or ['wrk'])[0].strip()}",
            "- free -h:",
            "```",
            free,
            "```",
        ]
    )


CACHES = {
    # One machine: a file-based cache shared by all gunicorn workers (what production gets from Redis).
    "file": ("django.core.cache.backends.filebased.FileBasedCache", "{tmp}/cache"),
    # Per worker: faster (no file I/O) but each worker sees an edit within 30 s only (core/generation.py).
    "locmem": ("django.core.cache.backends.locmem.LocMemCache", "newsroom"),
}


def serve_and_measure(env: dict[str, str], urls: dict[str, str], args, tmp: Path, label: str) -> dict:
    """Start scripts/serve.sh, wrk every URL in turn, stop the server; results by label."""
    log = tmp / f"serve-{label}.log"
    port = env["GUNICORN_BIND"].rsplit(":", 1)[1]
    say(f"\n启动 make serve（scripts/serve.sh），缓存 {label}：127.0.0.1:{port}，日志 {log}")
    with log.open("wb") as out:
        server = subprocess.Popen(
            ["bash", "scripts/serve.sh"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    results = {}
    try:
        deadline = time.monotonic() + args.start_timeout
        while True:
            if server.poll() is not None:
                raise SystemExit(
                    f"serve.sh 退出（{server.returncode}）：\n{log.read_text(errors='replace')[-3000:]}"
                )
            try:
                if fetch(base + "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit("服务器未能启动")
            time.sleep(0.5)

        status, home = fetch(base + "/")
        urls = {**urls, "静态文件 static": pick_static(base, home, Path(env["DJANGO_STATIC_ROOT"]))}
        urls["对照 /healthz（Django 最小请求 + SELECT 1）"] = "/healthz"
        for name, path in urls.items():
            # Warm up every worker's view of the cache, as earlier readers would have.
            for _ in range(10):
                status, _ = fetch(base + path)
            say(f"{name}: {path} → HTTP {status}")
            result = run_wrk(
                base + path, duration=args.duration, connections=args.connections, threads=args.threads
            )
            result["status"] = status
            result["path"] = path
            results[name] = result
            say(
                f"  {result['rps']:.0f} req/s  p50 {result['p50']:.2f} ms  p99 {result['p99']:.2f} ms  "
                f"errors {result['errors']}"
            )
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
    return results


def table(results: dict, *, title: str, args) -> bool:
    static_rps = results["静态文件 static"]["rps"]
    say("")
    say(title)
    say("")
    say("| 页面 | 地址 | HTTP | 请求/秒 | p50 (ms) | p99 (ms) | 错误 | 相对静态文件 |")
    say("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for label, r in results.items():
        say(
            f"| {label} | `{r['path']}` | {r['status']} | {r['rps']:.0f} | {r['p50']:.2f} | {r['p99']:.2f} | "
            f"{r['errors']} | {r['rps'] / static_rps:.2f}× |"
        )
    failing = [
        label
        for label in ("期 issue", "版面图 page view", "文章 article")
        if results[label]["rps"] < static_rps / 2
        or results[label]["errors"]
        or results[label]["status"] != 200
    ]
    errors = [label for label, r in results.items() if r["errors"] or r["status"] != 200]
    say("")
    if failing or errors:
        say(
            f"目标未达成（期、版面图与文章 ≥ 静态文件吞吐量的一半、全部零错误）：{', '.join(failing + errors)}"
        )
    else:
        say("目标达成：期、版面图与文章页面 ≥ 静态文件吞吐量的一半，全部零错误。")
    return not (failing or errors)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--issues", type=int, default=3650, help="archive size (default: ten years)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--start", type=datetime.date.fromisoformat, default=datetime.date(2010, 1, 1))
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per URL")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers (default 2×CPU+1)")
    parser.add_argument("--search", default="工会", help="search query")
    parser.add_argument(
        "--caches", default="file,locmem", help=f"cache backends to measure, in turn: {','.join(CACHES)}"
    )
    parser.add_argument(
        "--start-timeout",
        type=int,
        default=300,
        help="seconds to wait for serve.sh (collectstatic) to answer",
    )
    parser.add_argument("--skip-import", action="store_true", help="the database already holds the archive")
    args = parser.parse_args()

    if not shutil.which("wrk"):
        raise SystemExit("wrk 未安装：apt-get install wrk（make system-deps）")
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        say("警告：DATABASE_URL 不是 PostgreSQL；请用 bash scripts/with-postgres.sh 运行本基准")

    tmp = Path(tempfile.mkdtemp(prefix="newsroom-load-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GUNICORN_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_STATIC_ROOT=str(tmp / "static"),
        DJANGO_MEDIA_ROOT=str(tmp / "media"),
        BIN=str(BIN),
    )
    if args.workers:
        env["GUNICORN_WORKERS"] = str(args.workers)
    workers = args.workers or os.cpu_count() * 2 + 1

    if not args.skip_import:
        archive = generate_archive(args.issues, args.seed, args.start)
        manage(env, "migrate", "--noinput", log=tmp / "migrate.log")
        seconds = manage(env, "import_issues", str(archive), log=tmp / "import.log")
        say(f"导入 {args.issues} 期：{seconds:.1f} s（{args.issues / seconds:.1f} 期/秒）")
    urls = pick_urls(env, args.search)

    all_results = {}
    for name in args.caches.split(","):
        backend, location = CACHES[name]
        run_env = {
            **env,
            "DJANGO_CACHE_BACKEND": backend,
            "DJANGO_CACHE_LOCATION": location.format(tmp=tmp),
            "GUNICORN_BIND": f"127.0.0.1:{free_port()}",
        }
        all_results[name] = serve_and_measure(run_env, urls, args, tmp, name)

    ok = True
    for name, results in all_results.items():
        ok &= table(
            results,
            args=args,
            title=(
                f"### 读者页面负载：{args.issues} 期档案，PostgreSQL，gunicorn {workers} sync workers，"
                f"DEBUG=0，缓存 {CACHES[name][0].rsplit('.', 1)[-1]}\n\n"
                f"`wrk -t{args.threads} -c{args.connections} -d{args.duration}s --latency`，每个地址 "
                f"{args.duration} 秒，同一服务器、同一次运行；请求带 `X-Forwarded-Proto: https`、"
                "`Accept-Encoding: gzip, br`（与 nginx 转发时相同）"
            ),
        )
    say("")
    say("机器：")
    say(machine())
    say(
        f"- 运行时负载（uptime）：{subprocess.run(['uptime'], capture_output=True, text=True).stdout.strip()}"
    )
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
