"""Page furniture: page markers (第3版, 03版, running heads), 责任编辑/美编/校对 lines, footers.

These lines carry page metadata and are never article text. Functions take normalised text."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from .text import HAN, normalise

CN_DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}


def chinese_number(text: str) -> int | None:
    """1–99 written in Chinese numerals ("三", "十二", "二十", "廿一") or Arabic digits."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    text = text.replace("廿", "二十").replace("卅", "三十")
    if not text or any(ch not in CN_DIGITS and ch != "十" for ch in text):
        return None
    if "十" in text:
        tens, _, units = text.partition("十")
        if "十" in units or len(tens) > 1 or len(units) > 1:
            return None
        return (CN_DIGITS[tens] if tens else 1) * 10 + (CN_DIGITS[units] if units else 0)
    return CN_DIGITS[text] if len(text) == 1 else None


DATE_RE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
CN_DATE_RE = re.compile(
    r"([〇零一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十廿卅]{1,3})\s*日"
)
WEEKDAY_RE = re.compile(r"星期\s*[一二三四五六日天]")
PAPER_RE = re.compile(f"[{HAN}]{{2,8}}(?:日报|晚报|周报)")
SENTENCE_PUNCT = set(",.;!?。，；！？")

EDITOR_LABELS = ("责任编辑", "本版责编", "本版编辑", "责编")
META_LABELS = (
    *EDITOR_LABELS,
    "美术编辑",
    "版式设计",
    "美编",
    "校对",
    "版式",
    "设计",
    "组版",
    "排版",
    "照排",
    "编辑",
)
META_LABEL_RE = re.compile("(?:本版)?(" + "|".join(META_LABELS) + r")\s*:?\s*")  # "本版责任编辑:"
META_NAME_RE = re.compile(f"[{HAN}A-Za-z·]{{1,4}}")


def meta_fields(line: str) -> list[tuple[str, str]] | None:
    """(label, value as printed) when the whole line is "责任编辑:X 美编:Y 校对:Z" (any combination)."""
    original = line.strip()
    if len(original) > 100:
        return None  # a paragraph (most lines): editor fields, even behind a running head, are short
    text = normalise(original)
    labels = list(META_LABEL_RE.finditer(text))
    if not labels:
        return None
    if labels[0].start() != 0 and not is_running_head(text[: labels[0].start()]):
        return None  # "2021年8月7日 星期六 责任编辑:吴凡": a running head may lead the editor line
    fields = []
    for index, label in enumerate(labels):
        end = labels[index + 1].start() if index + 1 < len(labels) else len(text)
        value = text[label.end() : end].strip()
        if index == len(labels) - 1:
            folio = re.search(r"\s+\d{1,3}$", value)  # "… 美编:林立 4": the page's folio ends the line
            if folio:
                value = value[: folio.start()]
        if len(value) > 40:
            return None
        names = [name for name in re.split(r"[\s、,/]+", value) if name]
        if not names or not all(META_NAME_RE.fullmatch(name) for name in names):
            return None
        if len(label.group(1)) <= 2 and label.end() == label.start(1) + 2:
            return None  # "编辑部的话", "设计师": a two-character label needs a colon or a space
        fields.append((label.group(1), (label.end(), label.end() + len(value))))
    return [(label, original[start:end]) for label, (start, end) in fields]


def editor_of(fields: list[tuple[str, str]]) -> str:
    return next((value for label, value in fields if label in EDITOR_LABELS), "")


FOOTER_RES = [
    re.compile(r"^[\d\-— ()]{7,20}$"),  # a hotline number: 88851111, 0571-88851111
    re.compile(f"^[{HAN}]{{0,8}}热线\\s*:?\\s*[\\d\\-— ]*$"),  # 新闻服务热线, 广告热线:…
    re.compile(
        r"^(?:定价|零售价|每份定价|印刷|承印|广告经营许可证|广告许可证|发行|订阅|本报地址|邮购)\s*:.{0,40}$"
    ),
]


def is_footer(line: str) -> bool:
    text = normalise(line).strip()
    return any(regex.match(text) for regex in FOOTER_RES)


@dataclass
class PageMarker:
    number: int
    name: str = ""
    editor: str = ""
    running_head: bool = False


PAGE_RE = re.compile(r"第\s*(\d{1,3}|[一二三四五六七八九十]{1,3})\s*版")
SHORT_PAGE_RE = re.compile(r"^[A-Za-z]?(\d{1,2})\s*版")
# "02版" inside a running head ("浙江工人日报 2021年8月7日 星期六 02版 综合新闻"): a page number only
# beside the paper's name, a date or a weekday, as a token of its own.
INNER_PAGE_RE = re.compile(r"(?<![\w])[A-Za-z]?(\d{1,2})\s*版(?=[\s:|·]|$)")


def _blank(match: re.Match) -> str:
    return " " * len(match.group(0))


def page_marker(line: str) -> PageMarker | None:
    """`第3版`, `第三版`, `第4版 理论与实践`, `03版`, `第3版:要闻`, or a running head with 第N版.

    Everything is blanked out with spaces of the same length, so the section name left over is
    sliced from the line as printed."""
    original = line.strip()
    text = normalise(original)
    if len(text) > 80:
        return None
    match = PAGE_RE.search(text) or SHORT_PAGE_RE.match(text)
    inner = False
    if not match:
        match = INNER_PAGE_RE.search(text)
        inner = True
    if not match:
        return None
    number = chinese_number(match.group(1))
    if not number:
        return None
    rest = text[: match.start()] + " " * (match.end() - match.start()) + text[match.end() :]
    running = False
    editor = ""
    label = META_LABEL_RE.search(rest)
    if label:
        fields = meta_fields(original[label.start() :])
        if fields is None:
            return None
        editor = editor_of(fields)
        rest = rest[: label.start()]
        running = True
    for regex in (DATE_RE, CN_DATE_RE, WEEKDAY_RE, PAPER_RE):
        rest, found = regex.subn(_blank, rest)
        running = running or bool(found)
    if not running and (inner or text[: match.start()].strip()):
        return None  # "见第3版" in a sentence
    stripped = rest.strip(" :|·-—")
    start = rest.find(stripped) if stripped else 0
    name = re.sub(r"\s+", " ", original[start : start + len(stripped)])
    if len(name) > 12 or SENTENCE_PUNCT & set(normalise(name)):
        return None
    return PageMarker(number=number, name=name, editor=editor, running_head=running)


# -- running heads without a page number, folios, section names (inside pages) -------------------

LUNAR_HEAD_RE = re.compile(
    r"(?:农历\s*)?[甲乙丙丁戊己庚辛壬癸][子丑寅卯辰巳午未申酉戌亥]\s*年\s*闰?\s*\S{1,2}月\s*\S{1,2}"
)
HEAD_TOKEN_RES = (
    DATE_RE,
    CN_DATE_RE,
    WEEKDAY_RE,
    PAGE_RE,
    re.compile(r"^[A-Za-z]?\d{1,2}\s*版"),
    LUNAR_HEAD_RE,
)
HEAD_SPLIT_RE = re.compile(r"[\s|｜·•/]+")
SECTION_RE = re.compile(f"[{HAN}]{{2,8}}")
# Who signs a notice ("本报编辑部", "浙江工人日报社", "某某有限公司"): a signature, never a section name.
SIGNER_RE = re.compile(f"[{HAN}]*(?:编辑部|报社|委员会|办公室|公司|联合会|协会)")
HEAD_HINT_RE = re.compile(r"报|年|星期|版")  # every running head has one of these: a cheap first test
FOLIO_RE = re.compile(r"^[\-—–·\s]*(?:第\s*)?\d{1,2}(?:\s*版)?[\-—–·\s]*$")


def _head_date(token: str):
    for regex, chinese in ((DATE_RE, False), (CN_DATE_RE, True)):
        for match in regex.finditer(token):
            year, month, day = match.groups()
            try:
                if chinese:
                    digits = "".join(str(CN_DIGITS.get(ch, 0)) for ch in year)
                    yield datetime.date(int(digits), chinese_number(month) or 0, chinese_number(day) or 0)
                else:
                    yield datetime.date(int(year), int(month), int(day))
            except ValueError:
                yield None


def is_running_head(line: str, date: datetime.date | None = None) -> bool:
    """A running head with no page number to start a page ("浙江工人日报 2021年8月7日 星期六 综合新闻"):
    only the paper's name, dates, weekdays, 第N版 and at most two short section names, on one line.

    The paper's name alone counts; with a section name beside it, a date or weekday must be there
    too, so that "浙江工人日报 新年献词" (a headline) is never taken for page furniture."""
    text = normalise(line).strip()
    if not text or len(text) > 60 or not HEAD_HINT_RE.search(text):
        return False
    tokens = [token for token in HEAD_SPLIT_RE.split(text) if token]
    paper = dated = False
    sections = 0
    for token in tokens:
        if PAPER_RE.fullmatch(token):
            paper = True
            continue
        if date is not None and any(found != date for found in _head_date(token)):
            return False  # another day's date: a headline or another issue, not this paper's head
        rest = token
        for regex in HEAD_TOKEN_RES:
            rest, found = regex.subn("", rest)
            dated = dated or bool(found)
        if not rest.strip(" :,-—"):
            continue
        if token.isdigit() and len(token) <= 3:
            continue  # the folio printed in the running head ("… 文体·健康 6")
        if SIGNER_RE.fullmatch(token):
            return False  # "本报编辑部 2022年3月28日": a notice's signature, not a running head
        if SECTION_RE.fullmatch(rest) and rest == token:
            sections += 1
            continue
        return False
    if dated:
        return sections <= 2
    return paper and sections == 0


def is_folio(line: str) -> bool:
    """A lone page number ("3", "- 3 -", "第3"), printed at a page's foot or left between columns."""
    return len(line) <= 12 and bool(FOLIO_RE.fullmatch(normalise(line).strip()))


def is_section_name(line: str) -> bool:
    """A short section name ("综合新闻", "副刊·百花园") as printed next to a page marker."""
    text = normalise(line).strip()
    return (
        2 <= len(text) <= 10
        and bool(re.fullmatch(f"[{HAN}·• ]+", text))
        and len(HAN_RE_LOCAL.findall(text)) >= 2
        and not SIGNER_RE.fullmatch(text)
    )


HAN_RE_LOCAL = re.compile(f"[{HAN}]")
