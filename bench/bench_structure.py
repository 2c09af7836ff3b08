"""The structure editor's pure part on generated issues: how often the lines read back from a parse
rebuild the parser's articles field for field, and what reading a page's lines costs (the editor's
page parses the issue and reads one page on every request). Prints figures, asserts nothing.

    python bench/bench_structure.py --issues 365
"""

from __future__ import annotations

import argparse
import datetime
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generate_archive import iter_issues  # noqa: E402
from issues import parsing  # noqa: E402
from issues.parsing.structure import assemble, page_lines  # noqa: E402


def fields(article):
    photos = [(p.caption, p.credit_text, p.credits, p.line) for p in article.photos]
    return (
        article.kicker, article.headline, article.subheadline, article.dateline, article.bylines,
        article.byline_text, article.paragraphs, photos, article.kind, article.jump_pages,
        article.source_text, article.line, article.untitled,
    )  # fmt: skip


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="结构编辑器基准：按行还原稿件的一致率与耗时")
    parser.add_argument("--issues", type=int, default=365)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    pages = articles = same = meta_same = 0
    parse_ms, page_ms = [], []
    differing = {}
    for _name, data in iter_issues(args.issues, args.seed, datetime.date(2010, 1, 1)):
        started = time.perf_counter()
        issue = parsing.parse_bytes(data)
        parse_ms.append((time.perf_counter() - started) * 1000)
        for page in issue.pages:
            started = time.perf_counter()
            lines = page_lines(issue, page.number)
            rebuilt, meta_lines = assemble(lines)
            page_ms.append((time.perf_counter() - started) * 1000)
            pages += 1
            meta_same += meta_lines == page.meta_lines
            articles += len(page.articles)
            if len(rebuilt) != len(page.articles):
                differing["article count"] = differing.get("article count", 0) + 1
                continue
            for a, b in zip(rebuilt, page.articles, strict=True):
                if fields(a) == fields(b):
                    same += 1
                    continue
                names = "kicker headline subheadline dateline bylines byline_text paragraphs photos kind jumps source line untitled"
                for name, x, y in zip(names.split(), fields(a), fields(b), strict=True):
                    if x != y:
                        differing[name] = differing.get(name, 0) + 1

    def p(values, q):
        return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else values[0]

    print(f"期数 {args.issues}，版面 {pages}，稿件 {articles}")
    print(
        f"按行还原与解析结果逐字段一致：{same}/{articles} 篇（{same / max(articles, 1):.2%}），版面信息行一致 {meta_same}/{pages} 版"
    )
    print(f"不一致的字段：{differing or '无'}")
    print(f"解析一期 p50 {p(parse_ms, 50):.1f} ms / p95 {p(parse_ms, 95):.1f} ms")
    print(f"读出一版的行并重建稿件 p50 {p(page_ms, 50):.1f} ms / p95 {p(page_ms, 95):.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
