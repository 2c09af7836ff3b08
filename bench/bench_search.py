"""Search benchmark (not a test): a synthetic archive of ≥100,000 articles made from the seed texts,
the search index built over it, and p50/p95 latency of ≥30 realistic queries through the search
backend, side by side with a plain `icontains` scan of the same queries.

    .venv/bin/python bench/bench_search.py                 # SQLite: a fresh file under /tmp
    bash scripts/with-postgres.sh .venv/bin/python bench/bench_search.py

DATABASE_URL picks the database (default: a fresh SQLite file under /tmp, never the dev db.sqlite3).
--articles N scales it (default 100000)."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_SQLITE = "/tmp/newsroom-bench-search.sqlite3"

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国志明海燕晨路济锡国峰翀诗怡向民浩星伟锋颖琳晓东宇航佳怡子涵梓轩一诺欣怡浩然"
CITIES = [
    "杭州",
    "宁波",
    "温州",
    "嘉兴",
    "湖州",
    "绍兴",
    "金华",
    "衢州",
    "舟山",
    "台州",
    "丽水",
    "义乌",
    "余姚",
    "海宁",
]
TOPICS = [
    "共同富裕",
    "新就业形态",
    "产业工人",
    "劳动模范",
    "职工书屋",
    "工匠精神",
    "户外劳动者驿站",
    "集体协商",
    "安全生产",
    "技能竞赛",
    "困难职工帮扶",
    "农民工工资",
    "职工疗休养",
    "数字化改革",
    "女职工权益",
]
SECTIONS = ["要闻", "综合新闻", "基层工会", "劳动保障", "理论与实践", "职工生活", "文化副刊", "图片新闻"]
WORDS = [
    "推进",
    "开展",
    "举办",
    "座谈会",
    "培训班",
    "企业",
    "职工代表",
    "服务中心",
    "活动",
    "基层",
    "社区",
    "项目",
    "平台",
    "机制",
    "保障",
    "创新",
    "帮扶",
    "维权",
    "调研",
    "表彰大会",
    "志愿者",
    "岗位",
    "收入",
    "文化",
    "健康",
    "疫情防控",
    "复工复产",
    "数字经济",
    "乡村振兴",
    "高温",
    "慰问",
    "一线",
    "环卫工人",
    "快递小哥",
    "外卖骑手",
    "网约车司机",
    "医护人员",
    "教师",
    "制造业",
    "园区",
    "码头",
    "港口",
    "高铁",
    "民营企业",
    "合同",
    "培训",
    "比赛",
    "冠军",
    "书法",
    "摄影展",
    "读书会",
    "健步走",
    "篮球赛",
    "相亲会",
    "法律援助",
    "心理咨询",
]
ROLES = ["记者", "记者", "记者", "见习记者", "通讯员", "通讯员", "评论员"]

# (query, filters): two-character words, names, phrases, rare and common terms, mixed scripts,
# exclusions, with and without filters. Filters: dict for the reader FilterSet.
QUERIES: list[tuple[str, dict]] = [
    ("工会", {}),
    ("职工", {}),
    ("劳动", {}),
    ("发展", {}),
    ("浙江", {}),
    ("史济锡", {}),
    ("曾晨路", {}),
    ("阮向民", {}),
    ("李国峰", {}),
    ("共同富裕", {}),
    ("新就业形态", {}),
    ("宁波市总工会", {}),
    ("居住证", {}),
    ("驿站", {}),
    ('"高质量发展建设共同富裕示范区"', {}),
    ('"产业工人队伍建设改革"', {}),
    ("工会 职工", {}),
    ("共同富裕 宁波", {}),
    ("工会 -职工", {}),
    ("新就业形态 -杭州", {}),
    ("2022年", {}),
    ("40条", {}),
    ("CN33", {}),
    ("8月6日", {}),
    ("电子居住证 温州", {}),
    ("工匠精神 劳动模范", {}),
    ("户外劳动者", {}),
    ("农民工工资", {}),
    ("工会", {"date_from": "2019-01-01", "date_to": "2019-12-31"}),
    ("职工", {"section": "基层工会"}),
    ("共同富裕", {"has_photos": "true"}),
    ("史济锡", {"date_from": "2020-01-01"}),
    ("劳动", {"page": "1"}),
    ("工会", {"byline": "曾晨路"}),
    ("工会", {"order": "newest"}),
    ("新就业形态", {"order": "newest", "date_from": "2018-01-01"}),
]


def configure(reuse=False):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    if not os.environ.get("DATABASE_URL"):
        for suffix in ("", "-wal", "-shm") if not reuse else ():
            Path(DEFAULT_SQLITE + suffix).unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{DEFAULT_SQLITE}"
    import django

    django.setup()


def seed_material():
    """Sentences, titles and names of the two real seed issues (imported with the real importer)."""
    from django.core.management import call_command

    from articles.body_html import html_to_text
    from articles.models import Article, Byline

    call_command("import_issues", str(ROOT / "fixtures"), verbosity=0)
    sentences, titles = [], []
    for a in Article.objects.all():
        for part in (a.kicker, a.headline, a.subheadline):
            if part:
                titles.append(part)
        for para in html_to_text(a.body).split("\n"):
            sentences += [s for s in re.split(r"(?<=[。；！？])", para) if len(s) > 4]
    names = list(Byline.objects.values_list("name", flat=True))
    return sentences, titles, names


def filler(rng: random.Random, names: list[str]) -> str:
    """A generated sentence in the paper's register, so that terms have realistic frequencies."""
    w = rng.sample(WORDS, 4)
    return rng.choice(
        [
            f"{rng.choice(CITIES)}{w[0]}{w[1]}，{rng.randint(2, 900)}名{w[2]}参加{w[3]}。",
            f"{rng.randint(2013, 2023)}年{rng.randint(1, 12)}月，{rng.choice(names)}带队到{rng.choice(CITIES)}{w[0]}{w[1]}。",
            f"{w[0]}{w[1]}{w[2]}，{rng.choice(CITIES)}已建成{rng.randint(3, 300)}个{w[3]}。",
            f"{rng.choice(TOPICS)}{w[0]}，{w[1]}{w[2]}取得实效。",
        ]
    )


def build_archive(n_articles: int, rng: random.Random):
    from django.db import connection, transaction
    from django.utils import timezone

    from articles.body_html import body_from_paragraphs
    from articles.models import Article, ArticleCredit, Byline, Photo
    from issues.models import Issue, Page, Status

    sentences, titles, seed_names = seed_material()
    names = list(
        dict.fromkeys(
            seed_names + [rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN) for _ in range(400)]
        )
    )
    per_issue = 28
    n_issues = n_articles // per_issue + 1
    start = dt.date(2014, 1, 1)
    now = timezone.now()
    t0 = time.perf_counter()
    with transaction.atomic():
        bylines = Byline.objects.bulk_create(
            [Byline(name=n) for n in names if not Byline.objects.filter(name=n).exists()]
        )
        bylines = list(Byline.objects.all())
        taken = set(Issue.objects.values_list("date", flat=True))
        dates = [
            d for d in (start + dt.timedelta(days=i) for i in range(n_issues + len(taken))) if d not in taken
        ]
        issues = Issue.objects.bulk_create(
            [
                Issue(date=d, number=20000 + i, status=Status.PUBLISHED)
                for i, d in enumerate(dates[:n_issues])
            ],
            batch_size=1000,
        )
        pages = Page.objects.bulk_create(
            [Page(issue=iss, number=p + 1, name=SECTIONS[p]) for iss in issues for p in range(8)],
            batch_size=2000,
        )
        pages_by_issue: dict[int, list] = {}
        for p in pages:
            pages_by_issue.setdefault(p.issue_id, []).append(p)
        made = 0
        for iss in issues:
            if made >= n_articles:
                break
            count = min(per_issue, n_articles - made)
            batch = []
            for k in range(count):
                page = pages_by_issue[iss.pk][k % 8]
                city, topic = rng.choice(CITIES), rng.choice(TOPICS)
                head = rng.choice(titles)
                if rng.random() < 0.5:
                    head = f"{city}{rng.choice(WORDS)}{rng.choice(['工作取得新成效', '再出新招', '见闻', '交出新答卷', '观察'])}"
                body_sents = rng.sample(sentences, rng.randint(1, 4)) + [
                    filler(rng, names) for _ in range(rng.randint(3, 7))
                ]
                rng.shuffle(body_sents)
                if rng.random() < 0.3:
                    body_sents.insert(
                        rng.randrange(len(body_sents) + 1), f"{rng.choice(names)}在{city}调研{topic}工作。"
                    )
                paras, cur = [], []
                for s in body_sents:
                    cur.append(s)
                    if rng.random() < 0.4:
                        paras.append("".join(cur))
                        cur = []
                if cur:
                    paras.append("".join(cur))
                r = rng.random()
                status = Status.DRAFT if r < 0.01 else Status.PUBLISHED
                publish_at = now + dt.timedelta(days=1) if 0.01 <= r < 0.02 else None
                batch.append(
                    Article(
                        issue=iss,
                        page=page,
                        order=k // 8 + 1,
                        kicker=rng.choice(titles) if rng.random() < 0.3 else "",
                        headline=head,
                        subheadline=rng.choice(titles) if rng.random() < 0.2 else "",
                        dateline="本报讯",
                        body=body_from_paragraphs(paras),
                        status=status,
                        publish_at=publish_at,
                    )
                )
            arts = Article.objects.bulk_create(batch)
            made += len(arts)
            credits, photos = [], []
            for a in arts:
                for o in range(rng.choice([0, 1, 1, 1, 2, 2, 3])):
                    credits.append(
                        ArticleCredit(
                            article=a, byline=rng.choice(bylines), role=rng.choice(ROLES), order=o + 1
                        )
                    )
                if rng.random() < 0.2:
                    photos.append(
                        Photo(article=a, order=1, caption=rng.choice(sentences), credit_text="记者 摄")
                    )
            ArticleCredit.objects.bulk_create(credits)
            Photo.objects.bulk_create(photos)
    if connection.vendor == "postgresql":
        with connection.cursor() as c:
            c.execute("ANALYZE")
    return time.perf_counter() - t0


def build_index() -> tuple[float, int]:
    from django.db import connection

    from articles.models import Article
    from articles.search import index_queryset

    with connection.cursor() as c:
        if connection.vendor == "postgresql":
            c.execute("DROP INDEX IF EXISTS article_search_document")
            c.execute("TRUNCATE article_search")
            c.execute("SET maintenance_work_mem = '512MB'")
        else:
            c.execute("DELETE FROM article_search")
    t0 = time.perf_counter()
    index_queryset(Article.objects.all())
    print(f"  分词并写入：{time.perf_counter() - t0:.1f} 秒")
    with connection.cursor() as c:
        if connection.vendor == "postgresql":
            c.execute("CREATE INDEX article_search_document ON article_search USING gin (document)")
            print(f"  建 GIN 索引后：{time.perf_counter() - t0:.1f} 秒")
            c.execute("VACUUM ANALYZE article_search")
        else:
            c.execute("INSERT INTO article_search(article_search) VALUES ('optimize')")
            c.execute("ANALYZE")
    elapsed = time.perf_counter() - t0
    return elapsed, index_size()


def index_size() -> int:
    from django.db import connection

    with connection.cursor() as c:
        if connection.vendor == "postgresql":
            c.execute("SELECT pg_total_relation_size('article_search')")
            return c.fetchone()[0]
        c.execute("SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'article_search%'")
        return c.fetchone()[0] or 0


def run_search(q: str, params: dict):
    """What the search page costs apart from the template: count, one page of ranked ids, the
    page's articles, highlighted headlines and snippets."""
    from django.http import QueryDict

    from articles.models import Article
    from articles.search import NEWEST, RELEVANCE, get_backend, parse_query
    from core.generation import current_generation
    from reader.search_filters import ArticleSearchFilter
    from reader.search_views import LazyHits, search_results

    qd = QueryDict(mutable=True)
    qd.update({k: v for k, v in params.items() if k != "order"})
    fs = ArticleSearchFilter(qd or None, queryset=Article.objects.published())
    query = parse_query(q)
    hits = LazyHits(
        backend=get_backend(),
        query=query,
        filters=fs.qs,
        order=NEWEST if params.get("order") == NEWEST else RELEVANCE,
        filtered=fs.active,
        generation=current_generation().token,  # as the search page passes it
    )
    t0 = time.perf_counter()
    total = hits.count()
    page = hits[0:20]
    t1 = time.perf_counter()
    results = search_results(hits=page, query=query)
    t2 = time.perf_counter()
    return total, [r["article"].pk for r in results], (t1 - t0) * 1000, (t2 - t0) * 1000


def run_scan(q: str, params: dict):
    """The naive alternative: icontains over the title and body columns, same filters and visibility."""
    from django.db.models import Q
    from django.http import QueryDict

    from articles.models import Article
    from articles.search import parse_query
    from reader.search_filters import ArticleSearchFilter

    qd = QueryDict(mutable=True)
    qd.update({k: v for k, v in params.items() if k != "order"})
    qs = ArticleSearchFilter(qd or None, queryset=Article.objects.published()).qs
    query = parse_query(q)

    def cond(t):
        return Q(headline__icontains=t.text) | Q(kicker__icontains=t.text) | Q(body__icontains=t.text)

    for t in query.terms:
        qs = qs.filter(cond(t))
    for t in query.exclusions:
        qs = qs.exclude(cond(t))
    total = qs.count()
    ids = list(qs.order_by("-issue__date", "page__number", "order").values_list("pk", flat=True)[:20])
    return total, ids


def pct(values, p):
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(p / 100 * (len(values) - 1))))
    return values[k]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per query (search)")
    parser.add_argument("--seed", type=int, default=20240807)
    parser.add_argument("--reuse", action="store_true", help="query the archive already in the database")
    parser.add_argument("--reindex", action="store_true", help="with --reuse: build the index again")
    args = parser.parse_args()
    configure(reuse=args.reuse)
    from django.core.management import call_command
    from django.db import connection

    vendor_name = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
    call_command("migrate", verbosity=0)
    with connection.cursor() as c:
        c.execute("SELECT sqlite_version()" if connection.vendor == "sqlite" else "SHOW server_version")
        version = c.fetchone()[0].split()[0]
    print(f"数据库：{vendor_name.get(connection.vendor, connection.vendor)} {version}")
    from articles.models import Article

    if args.reuse and Article.objects.exists():
        build_s, size = build_index() if args.reindex else (float("nan"), index_size())
    else:
        gen = build_archive(args.articles, random.Random(args.seed))
        print(f"合成档案：{Article.objects.count():,} 篇文章，生成 {gen:.1f} 秒")
        build_s, size = build_index()
    print(f"索引构建：{build_s:.1f} 秒；索引大小：{size / 1024 / 1024:.1f} MiB")

    rows = []
    index_all, page_all, scan_all = [], [], []
    for q, params in QUERIES:
        run_search(q, params)  # warm
        times, page_times = [], []
        for _ in range(args.repeat):
            total, ids, t_index, t_page = run_search(q, params)
            times.append(t_index)
            page_times.append(t_page)
        t0 = time.perf_counter()
        scan_total, _ = run_scan(q, params)
        scan_ms = (time.perf_counter() - t0) * 1000
        index_all += times
        page_all += page_times
        scan_all.append(scan_ms)
        rows.append(
            (q, params, total, scan_total, statistics.median(times), statistics.median(page_times), scan_ms)
        )
    print()
    print("| 查询 | 筛选 | 索引命中 | 扫描命中 | 索引 ms | 含摘要 ms | icontains 扫描 ms |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for q, params, total, scan_total, med, page_med, scan_ms in rows:
        f = " ".join(f"{k}={v}" for k, v in params.items())
        print(f"| {q} | {f} | {total:,} | {scan_total:,} | {med:.1f} | {page_med:.1f} | {scan_ms:.0f} |")
    p50, p95 = pct(index_all, 50), pct(index_all, 95)
    g50, g95 = pct(page_all, 50), pct(page_all, 95)
    s50, s95 = pct(scan_all, 50), pct(scan_all, 95)
    name = vendor_name.get(connection.vendor)
    print()
    print(
        "索引 = 计数 + 一页 20 个按相关度排好的 id（扫描做同样的事）；含摘要 = 再取这 20 篇并生成高亮标题与摘要。"
    )
    print()
    print(
        "| 数据库 | 文章 | 索引构建 s | 索引 MiB | 索引 p50 / p95 ms | 含摘要 p50 / p95 ms | 扫描 p50 / p95 ms | 快多少倍（p50 / p95） |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    print(
        f"| {name} {version} | {Article.objects.count():,} | {build_s:.1f} | {size / 1024 / 1024:.0f} | "
        f"{p50:.1f} / {p95:.1f} | {g50:.1f} / {g95:.1f} | {s50:.0f} / {s95:.0f} | {s50 / p50:.0f}× / {s95 / p95:.0f}× |"
    )


if __name__ == "__main__":
    main()
