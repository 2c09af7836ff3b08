"""Writes N synthetic issue files in the seeds' format, for benchmarks and fuzzing.

    python bench/generate_archive.py OUTDIR --issues N --seed S [--start 2010-01-01]

Articles are recombined from the two real front pages in fixtures/ (titles, paragraphs, captions),
with a pool of ~200 generated names for bylines, 4–8 pages per issue with the page markers the
importer knows, photos with credit lines, column breaks mid-sentence, and some GB18030 and CRLF
files. Deterministic for a seed value; streaming: one issue in memory at a time.
"""

from __future__ import annotations

import argparse
import datetime
import random
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from lunar_python import Solar

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "fixtures").glob("*.txt"))
WEEKDAYS = "一二三四五六日"
CLOSERS = tuple("。！？!?”」』）)")
CREDIT_LINE = re.compile(r"^(?:见习记者|记者|通讯员)\s*\S{2,4}\s*摄$")
FIRST_FORMULA = re.compile(
    r"^(?:本报讯\s*(?:记者\S{2,4}\s*)?(?:通讯员\S{2,4}\s*)?报道\s*|新华社\S{2,12}电\s*)"
)

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁沈任姚卢傅钟姜崔谭陆汪范金石廖贾夏韦方邹孟熊秦邱江尹薛阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "晨路国峰诗怡浩星翀向民伟锋志良兆都海瑜建华丽娟明杰文静晓东子涵雨欣思远立新佳琪宇航俊杰婷婷雪梅春燕秋云永强卫东红霞家豪梓萱一鸣"
SECTIONS = [
    "综合新闻",
    "要闻",
    "理论与实践",
    "工会视点",
    "职工生活",
    "法治在线",
    "文化副刊",
    "经济观察",
    "劳模风采",
    "地方传真",
]
CITIES = ["杭州", "宁波", "温州", "嘉兴", "湖州", "绍兴", "金华", "衢州", "舟山", "台州", "丽水", "北京"]


@dataclass
class Material:
    titles: list[str]
    paragraphs: list[str]
    captions: list[str]


def read_seed(path: Path) -> str:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", "replace")


def load_material(seeds: list[Path] = SEEDS) -> Material:
    """Titles, paragraphs (column breaks rejoined, datelines stripped) and captions of the seeds."""
    titles, paragraphs, captions = [], [], []
    for path in seeds:
        lines = [line.strip().replace("\u3000", " ") for line in read_seed(path).splitlines()]
        body_start = next((i + 1 for i, line in enumerate(lines) if line.startswith("社址")), 0)
        lines = [line for line in lines[body_start:] if line]
        pending = ""
        for i, line in enumerate(lines):
            nxt = lines[i + 1] if i + 1 < len(lines) else ""
            if CREDIT_LINE.match(line) or re.fullmatch(r"[\d\s-]{6,}|新闻服务热线", line):
                continue
            if CREDIT_LINE.match(nxt):
                captions.append(line)
                continue
            if pending:
                pending += line
            elif len(line) <= 60 and not line.endswith(CLOSERS[:3]):
                titles.append(line)
                continue
            else:
                pending = line
            if pending.endswith(CLOSERS):
                paragraphs.append(FIRST_FORMULA.sub("", pending))
                pending = ""
        if pending:
            paragraphs.append(pending)
    titles = [t for t in titles if not t.endswith(("的", "在", "、", "，", ","))]
    return Material(titles=titles, paragraphs=[p for p in paragraphs if len(p) >= 20], captions=captions)


def name_pool(seed: int, size: int = 200) -> list[str]:
    rng = random.Random(f"names-{seed}")
    names: set[str] = set()
    while len(names) < size:
        given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
        names.add(rng.choice(SURNAMES) + given)
    return sorted(names)


def lunar_text(date: datetime.date) -> str:
    lunar = Solar.fromYmd(date.year, date.month, date.day).getLunar()
    return f"{lunar.getYearInGanZhi()}年{lunar.getMonthInChinese()}月{lunar.getDayInChinese()}"


def chinese_date(date: datetime.date) -> str:
    return f"{date.year}年{date.month}月{date.day}日"


def column_break(rng: random.Random, paragraph: str) -> list[str]:
    """Split a paragraph mid-sentence after 的/在/、, as a column break in the OCR does."""
    spots = [i + 1 for i, ch in enumerate(paragraph) if ch in "的在、" and 60 <= i < len(paragraph) - 30]
    if not spots:
        return [paragraph]
    cut = rng.choice(spots)
    return [paragraph[:cut], paragraph[cut:]]


def masthead(rng: random.Random, date: datetime.date, number: int, pages: int) -> list[str]:
    weekday = f"星期{WEEKDAYS[date.weekday()]}"
    date_lines = [f"{chinese_date(date)} {weekday}"] if rng.random() < 0.5 else [chinese_date(date), weekday]
    return [
        "",
        lunar_text(date),
        *date_lines,
        "",
        "电子版:www.zjgrb.com" if rng.random() < 0.5 else "电子版: www.zjgrrb.com",
        rng.choice(["电子邮箱:zjgrxw@163.com", "电子信箱: zjgrxw@163.com"]),
        "国内统一刊号:CN33-0012",
        f"邮发代号:31-2 总第{number}号",
        "",
        "浙江工人日报",
        "",
        "倾情关注劳动群体 全心服务工会组织",
        "",
        "浙工之家 掌上娘家",
        "",
        "浙江省总工会官方微信公众号",
        "",
        f"社址:杭州市学院路{rng.choice((107, 117))}号 邮编:310012",
        "",
        f"今日{pages}版",
        "",
    ]


def page_marker(rng: random.Random, number: int, date: datetime.date, editor: str) -> list[str]:
    style = rng.randrange(4)
    if style == 0:
        return [f"第{number}版"]
    if style == 1:
        return [f"第{number}版 {rng.choice(SECTIONS)}"]
    if style == 2:
        return [f"{number:02d}版"]
    weekday = f"星期{WEEKDAYS[date.weekday()]}"
    return [f"浙江工人日报 {chinese_date(date)} {weekday} 第{number}版 责任编辑:{editor}"]


def article_lines(rng: random.Random, material: Material, names: list[str], date: datetime.date) -> list[str]:
    out: list[str] = []
    if rng.random() < 0.06:  # 图片新闻: a photo with a small heading
        out += [
            rng.choice(material.titles),
            "",
            rng.choice(material.captions),
            "",
            photo_credit(rng, names),
            "",
        ]
        return out
    titles = rng.sample(material.titles, rng.choice((1, 2, 2, 3)))
    for title in titles:
        out += [title, ""]
    photos = [
        [rng.choice(material.captions), "", photo_credit(rng, names), ""]
        for _ in range(rng.choice((0, 0, 0, 1, 1, 2)))
    ]
    if photos and rng.random() < 0.5:
        out += photos.pop()
    paragraphs = [rng.choice(material.paragraphs) for _ in range(rng.randint(2, 8))]
    reporter, other = rng.sample(names, 2)
    formula = rng.random()
    tail = ""
    if formula < 0.55:
        paragraphs[0] = f"本报讯 记者{reporter}报道 {paragraphs[0]}"
    elif formula < 0.75:
        paragraphs[0] = f"本报讯 记者{reporter} 通讯员{other}报道 {paragraphs[0]}"
    elif formula < 0.85:
        paragraphs[0] = f"新华社{rng.choice(CITIES)}{date.month}月{date.day}日电 {paragraphs[0]}"
    elif formula < 0.95:
        tail = f"(记者 {reporter} 通讯员 {other})"
    for i, paragraph in enumerate(paragraphs):
        if i == len(paragraphs) - 1 and tail:
            paragraph += tail
        parts = column_break(rng, paragraph) if rng.random() < 0.3 else [paragraph]
        out += [parts[0], ""]
        if len(parts) == 2:
            if photos:
                out += photos.pop()  # a photo falls between the two halves
            out += ["", parts[1], ""]
    for block in photos:
        out += block
    return out + [""]


def photo_credit(rng: random.Random, names: list[str]) -> str:
    return f"{rng.choice(('记者', '记者', '通讯员', '见习记者'))}{rng.choice(names)} 摄"


def issue_text(index: int, *, seed: int, start: datetime.date, material: Material, names: list[str]):
    """The text of issue `index` (0-based) and how it is written: (text, encoding, newline)."""
    rng = random.Random(f"{seed}-{index}")
    date = start + datetime.timedelta(days=index)
    pages = rng.randint(4, 8)
    lines = masthead(rng, date, 1000 + index, pages)
    for number in range(1, pages + 1):
        editor = rng.choice(names)
        if number > 1:
            lines += ["", *page_marker(rng, number, date, editor), ""]
            if rng.random() < 0.5:
                lines += [f"责任编辑:{editor} 美编:{rng.choice(names)} 校对:{rng.choice(names)}", ""]
        for _ in range(rng.randint(2, 5)):
            lines += article_lines(rng, material, names, date)
    lines += ["88851111", "", "新闻服务热线", ""]
    text = "\n".join(lines)
    roll = rng.random()
    encoding = "gb18030" if roll < 0.1 else "utf-8-sig" if roll < 0.15 else "utf-8"
    newline = "\r\n" if rng.random() < 0.1 else "\n"
    return date, text, encoding, newline


def iter_issues(issues: int, seed: int, start: datetime.date) -> Iterator[tuple[str, bytes]]:
    """(relative path, file bytes) for each issue, one at a time."""
    material = load_material()
    names = name_pool(seed)
    for index in range(issues):
        date, text, encoding, newline = issue_text(
            index, seed=seed, start=start, material=material, names=names
        )
        data = text.replace("\n", newline).encode(encoding)
        token = random.Random(f"{seed}-name-{index}").getrandbits(64)
        yield f"{date.year}/{index:05d}_{token:016x}.txt", data


def generate(
    outdir: str | Path, issues: int, seed: int = 1, start: datetime.date | str = "2010-01-01"
) -> list[Path]:
    """Write the files and return their paths (sorted = date order)."""
    if isinstance(start, str):
        start = datetime.date.fromisoformat(start)
    outdir = Path(outdir)
    written = []
    for relative, data in iter_issues(issues, seed, start):
        path = outdir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    return written


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="生成合成的报纸文本文件（与样刊同一格式）")
    parser.add_argument("outdir")
    parser.add_argument("--issues", type=int, default=3650)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--start", default="2010-01-01", help="第一期的日期 YYYY-MM-DD")
    args = parser.parse_args(argv)
    paths = generate(args.outdir, args.issues, args.seed, args.start)
    size = sum(p.stat().st_size for p in paths)
    print(f"已生成 {len(paths)} 期，共 {size / 1e6:.1f} MB，目录 {args.outdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
