"""Page-file benchmark (not a test): what attaching one page costs, and how close the automatic
regions come to where the text was set.

For each seed's front page a one-page PDF is set from the seed text in Noto Sans CJK (the layout
of tests/pagefile_samples.py, with a real text layer), then attached ``--rounds`` times (each round
a byte-different copy, so nothing is skipped as unchanged): rendering, the six renditions and the
region proposals are timed, and the regions compared with the known boxes.

    .venv/bin/python bench/bench_pagefiles.py                      # SQLite: a fresh file under /tmp
    bash scripts/with-postgres.sh .venv/bin/python bench/bench_pagefiles.py

Needs the dev dependency fpdf2 (to make the PDFs)."""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_SQLITE = "/tmp/newsroom-bench-pagefiles.sqlite3"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    if not os.environ.get("DATABASE_URL"):
        if os.path.exists(DEFAULT_SQLITE):
            os.remove(DEFAULT_SQLITE)
        os.environ["DATABASE_URL"] = f"sqlite:///{DEFAULT_SQLITE}"
    media = tempfile.mkdtemp(prefix="newsroom-bench-media-")
    os.environ["DJANGO_MEDIA_ROOT"] = media
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from django.core.files.base import ContentFile
    from django.core.management import call_command
    from django.db import connection

    import issues.pagefiles as pagefiles
    from articles.models import Article, ArticleRegion
    from issues.importing import import_file
    from issues.models import Issue
    from tests.pagefile_samples import Box, make_page_pdf, mask_iou

    call_command("migrate", verbosity=0)
    print(f"数据库: {connection.vendor}; 存储: {media}; 每页 {args.rounds} 轮")

    timings: dict[str, list[float]] = {"render": [], "renditions": [], "regions": [], "attach": []}

    def timed(name, function):
        def wrapper(*a, **k):
            start = time.perf_counter()
            try:
                return function(*a, **k)
            finally:
                timings[name].append(time.perf_counter() - start)

        return wrapper

    pagefiles.render_pdf = timed("render", pagefiles.render_pdf)
    pagefiles.make_renditions = timed("renditions", pagefiles.make_renditions)
    pagefiles.propose_regions = timed("regions", pagefiles.propose_regions)

    ious, scores, sizes = [], [], {"webp": [], "jpeg": []}
    for seed in sorted((ROOT / "fixtures").glob("*.txt")):
        result = import_file(seed)
        page = Issue.objects.get(pk=result.issue_id).pages.get(number=1)
        articles = list(Article.objects.filter(page=page).order_by("order"))
        layout = [
            (a.pk, "\n".join(t for t in (a.kicker, a.headline, a.subheadline) if t), a.source_text)
            for a in articles
        ]
        data, expected = make_page_pdf(layout)
        for round_ in range(args.rounds):
            copy = data + f"\n% round {round_}\n".encode()
            start = time.perf_counter()
            pagefiles.attach_page_file(page=page, path_or_file=ContentFile(copy, name=f"{seed.stem}.p1.pdf"))
            timings["attach"].append(time.perf_counter() - start)
            page.refresh_from_db()
        for article in articles:
            regions = list(ArticleRegion.objects.filter(article=article, page=page))
            boxes = [Box(r.x, r.y, r.x + r.width, r.y + r.height) for r in regions]
            ious.append(mask_iou(boxes, expected[article.pk]))
            scores.extend(r.score for r in regions)
        for fmt in sizes:
            sizes[fmt].extend(os.path.getsize(Path(media) / name) for _w, name in page.renditions[fmt][-1:])
        print(f"{seed.name}: {len(articles)} 篇文章, PDF {len(data) / 1024:.0f} KiB, 区域 {len(regions)}+")

    def ms(values):
        return f"{statistics.median(values) * 1000:7.0f} ms (中位数, n={len(values)})"

    print(f"附加一页 PDF（合计）: {ms(timings['attach'])}")
    print(f"  渲染 2400 px:      {ms(timings['render'])}")
    print(f"  6 个网页尺寸图:     {ms(timings['renditions'])}")
    print(f"  自动区域:           {ms(timings['regions'])}")
    print(
        f"1600 px WebP {statistics.median(sizes['webp']) / 1024:.0f} KiB, JPEG {statistics.median(sizes['jpeg']) / 1024:.0f} KiB"
    )
    print(
        f"自动区域与排版位置的 IoU: 最小 {min(ious):.3f}, 中位数 {statistics.median(ious):.3f}; 匹配度最小 {min(scores):.3f}"
    )


if __name__ == "__main__":
    main()
