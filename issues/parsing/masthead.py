"""The masthead block (报头): date, weekday, lunar date, 总第N号 and the other fields, by shape.

OCR garbles the masthead (the seeds disagree on the web address, the street number, CN33-0012 vs
CN33-001E, 邮箱 vs 信箱), so fields are recognised by their labels and shapes, never by exact text,
and stored as printed. Unrecognised lines inside the block (slogans, QR-code captions) are kept in
masthead["lines"]: every line of the block is issue metadata, never article text."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from functools import lru_cache

from lunar_python import LunarYear, Solar

from .credits import byline_formula_at, dateline_at
from .pages import (
    CN_DATE_RE,
    CN_DIGITS,
    DATE_RE,
    PAPER_RE,
    WEEKDAY_RE,
    chinese_number,
    meta_fields,
    page_marker,
)
from .text import HAN_RE, is_closed, normalise
from .types import ParseError, ParseWarning

MAX_MASTHEAD_LINES = 40

LUNAR_RE = re.compile(
    r"(?:农历\s*)?(?P<gz>[甲乙丙丁戊己庚辛壬癸][子丑寅卯辰巳午未申酉戌亥])\s*年\s*(?P<leap>闰)?\s*"
    r"(?P<month>[正元冬腊]|十[一二]|[一二三四五六七八九十])\s*月\s*"
    r"(?P<day>初[一二三四五六七八九十]|二十[一二三四五六七八九]?|廿[一二三四五六七八九]?|三十|卅"
    r"|十[一二三四五六七八九]?|[一二三四五六七八九])"
)

# Label + value of a plausible shape; labels that also occur in headlines ("市长信箱", "主办")
# need a colon or an e-mail-like value, so a headline never reads as a masthead field.
FIELD_RES: list[tuple[str, re.Pattern[str]]] = [
    ("电子版", re.compile(r"电子版\s*:?\s*([A-Za-z0-9][\w.\-/:]*)")),
    (
        "电子邮箱",
        re.compile(
            r"(?:(?:电子邮箱|电子信箱|电子邮件|[Ee]-?mail)\s*:?\s*|(?:邮箱|信箱)\s*:\s*)(\S+@\S+|[\w.\-]+)"
        ),
    ),
    ("国内统一刊号", re.compile(r"(?:国内统一刊号|统一刊号|国内刊号)\s*:?\s*(\S+)")),
    ("国际标准刊号", re.compile(r"国际标准(?:连续出版物)?刊?号\s*:?\s*(\S+)")),
    ("邮发代号", re.compile(r"邮发代号\s*:?\s*([0-9][0-9\-—–]*)")),
    ("总号", re.compile(r"(总第\s*\d{1,9}\s*[号期])")),
    ("社址", re.compile(r"社址\s*:?\s*(\S(?:.*?\S)??)(?=\s*邮(?:政)?编|\s*电话|\s*$)")),
    ("邮编", re.compile(r"邮(?:政)?编(?:码)?\s*:?\s*(\d{5,6})")),
    ("今日版数", re.compile(r"今日\s*(\d{1,3}|[一二三四五六七八九十]{1,3})\s*版")),
    ("主办", re.compile(r"^主办(?:单位)?\s*:\s*(\S+)")),
]
WEEKDAY_NUMBERS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}


@dataclass
class Masthead:
    end: int = 0  # index (into the numbered line list) just past the masthead block
    date: datetime.date | None = None
    date_line: int | None = None
    weekday: str = ""
    weekday_line: int | None = None
    lunar_date: str = ""
    lunar_line: int | None = None
    lunar_parts: tuple[str, bool, int, int] | None = None  # (干支, 闰, month, day)
    number: int | None = None
    publication: str = ""
    fields: dict[str, object] = field(default_factory=dict)
    page_one_heads: list[int] = field(default_factory=list)  # 第1版 heads / 责任编辑 lines in the block
    other_dates: list[tuple[datetime.date, int, str]] = field(default_factory=list)  # (date, line, printed)


OCR_DIGIT_RE = re.compile(r"(?<=\d)[OoDIl|](?=[\dOoIl年月日号期\-—])|[OoIl](?=\d)")
OCR_DIGITS = str.maketrans({"O": "0", "o": "0", "D": "0", "I": "1", "l": "1", "|": "1"})


def masthead_norm(text: str) -> str:
    """normalise(), plus the OCR's letters for digits inside numbers ("2O21年", "总第1l86号") read as
    the digits; one character for one, so spans still slice the line as printed."""
    norm = normalise(text)
    for _ in range(3):  # "2OO1": each pass fixes the letters next to a digit
        fixed = OCR_DIGIT_RE.sub(lambda m: m.group(0).translate(OCR_DIGITS), norm)
        if fixed == norm:
            break
        norm = fixed
    return norm


def _date_from(match: re.Match[str], chinese: bool) -> datetime.date | None:
    year_text, month_text, day_text = match.groups()
    if chinese:
        year = int("".join(str(CN_DIGITS[ch]) for ch in year_text))
        month, day = chinese_number(month_text), chinese_number(day_text)
        if month is None or day is None:
            return None
    else:
        year, month, day = int(year_text), int(month_text), int(day_text)
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def find_dates(norm: str) -> list[tuple[re.Match[str], datetime.date | None]]:
    found = [(m, _date_from(m, False)) for m in DATE_RE.finditer(norm)]
    found += [(m, _date_from(m, True)) for m in CN_DATE_RE.finditer(norm)]
    return sorted(found, key=lambda pair: pair[0].start())


def _blank(text: str, regex: re.Pattern[str]) -> str:
    return regex.sub(lambda m: " " * len(m.group(0)), text)


def is_masthead_line(norm: str) -> bool:
    """A line that can only belong to a masthead (its labels or its shape say so)."""
    text = norm.strip()
    if not text or len(text) > 80:  # masthead lines are short; paragraphs are not
        return False
    if any(regex.search(text) for _, regex in FIELD_RES):
        return True
    if LUNAR_RE.search(text) and len(text) <= 24:
        return True
    if WEEKDAY_RE.fullmatch(text):
        return True
    if PAPER_RE.fullmatch(text.replace(" ", "")):
        return True
    if find_dates(text):
        rest = text
        for regex in (DATE_RE, CN_DATE_RE, WEEKDAY_RE, LUNAR_RE, PAPER_RE, FIELD_RES[8][1]):
            rest = _blank(rest, regex)
        return len(HAN_RE.findall(rest)) <= 2 and len(text) <= 40
    return False


def _body_like(norm: str) -> bool:
    text = norm.strip()
    return bool(
        dateline_at(text)
        or byline_formula_at(text)
        or len(text) > 60
        or (len(text) >= 20 and is_closed(text))
    )


def read_masthead(lines: list[tuple[int, str]]) -> Masthead:
    """Find the masthead block at the top of page 1 and read its fields."""
    masthead = Masthead()
    last = -1
    seen = 0
    page_one: list[int] = []
    for index, (_, text) in enumerate(lines):
        if not text:
            continue
        seen += 1
        if seen > MAX_MASTHEAD_LINES:
            break
        norm = masthead_norm(text)
        marker = page_marker(text)
        if marker:
            if marker.number != 1:
                break
            page_one.append(index)
            continue
        if meta_fields(text) is not None:  # 责任编辑 of page 1 printed by the masthead
            page_one.append(index)
            continue
        if is_masthead_line(norm):
            last = index
            continue
        if _body_like(norm):
            break
    masthead.end = last + 1
    masthead.page_one_heads = [index for index in page_one if index <= last]
    extra: list[str] = []
    for index in range(masthead.end):
        number, text = lines[index]
        if text and index not in masthead.page_one_heads and not _read_line(masthead, number, text):
            extra.append(text)
    if extra:
        masthead.fields["lines"] = extra
    return masthead


def _read_line(masthead: Masthead, number: int, text: str) -> bool:
    """Read one masthead line's fields; True when every part of it was recognised."""
    norm = masthead_norm(text)
    covered = [False] * len(norm)

    def cover(start: int, end: int) -> None:
        for i in range(start, end):
            covered[i] = True

    for key, regex in FIELD_RES:
        for match in regex.finditer(norm):
            if key in masthead.fields:
                continue
            masthead.fields[key] = text[match.start(1) : match.end(1)]
            cover(match.start(), match.end())
            if key == "总号":
                masthead.number = int(re.sub(r"\D", "", match.group(1))) or None
    for match, date in find_dates(norm):
        if date and masthead.date is None:
            masthead.date, masthead.date_line = date, number
            masthead.fields["日期"] = text[match.start() : match.end()]
            cover(match.start(), match.end())
        elif date and date != masthead.date:  # left uncovered: the line is kept in "lines"
            masthead.other_dates.append((date, number, text[match.start() : match.end()]))
    for match in WEEKDAY_RE.finditer(norm):
        if not masthead.weekday:
            masthead.weekday, masthead.weekday_line = text[match.start() : match.end()], number
            cover(match.start(), match.end())
    for match in LUNAR_RE.finditer(norm):
        if not masthead.lunar_date:
            masthead.lunar_date = text[match.start("gz") : match.end()]
            masthead.lunar_line = number
            month = {"正": 1, "元": 1, "冬": 11, "腊": 12}.get(match["month"]) or chinese_number(
                match["month"]
            )
            day = chinese_number(match["day"].removeprefix("初"))
            masthead.lunar_parts = (match["gz"], bool(match["leap"]), month or 0, day or 0)
            cover(match.start(), match.end())
    compact = norm.strip()
    if not masthead.publication and PAPER_RE.fullmatch(compact.replace(" ", "")):
        masthead.publication = text.strip()
        cover(0, len(norm))
    rest = "".join(ch for i, ch in enumerate(norm) if not covered[i])
    return not rest.strip(" :|·-—,;/")


def fallback_date(lines: list[tuple[int, str]]) -> tuple[datetime.date, int, str] | None:
    """No date in the masthead block: take one from a running head or a date-only line."""
    for number, text in lines:
        if not text:
            continue
        norm = normalise(text)
        marker = page_marker(text)
        if marker and marker.running_head or is_masthead_line(norm):
            for match, date in find_dates(norm):
                if date:
                    return date, number, text[match.start() : match.end()]
    return None


def invalid_date_error(lines: list[tuple[int, str]]) -> ParseError:
    """The error for a file with no usable date, naming an impossible date if one was printed."""
    for number, text in lines:
        for match, date in find_dates(normalise(text)):
            if date is None and is_masthead_line(normalise(text)):
                return ParseError(f"报头日期不存在：{text[match.start() : match.end()]}", line=number)
    first = next((number for number, text in lines if text), None)
    return ParseError("找不到出版日期（报头应有形如“2021年8月7日”的日期）", line=first)


# lunar_python keeps one LunarYear (about 14 ms to compute) and a Gregorian date needs its lunar
# year and the one before, so an archive import recomputed years over and over: 12% of parsing.
# Years are immutable once computed; keep a few.
_lunar_year = lru_cache(maxsize=8)(LunarYear)
LunarYear.fromYear = staticmethod(_lunar_year)


def calendar_warnings(masthead: Masthead) -> list[ParseWarning]:
    """Weekday and lunar date checked against the Gregorian date; missing fields noted."""
    warnings: list[ParseWarning] = []
    date = masthead.date
    assert date is not None
    line = masthead.date_line
    if not masthead.weekday:
        warnings.append(ParseWarning("missing_weekday", "报头没有星期", line))
    else:
        printed = WEEKDAY_NUMBERS.get(masthead.weekday.strip()[-1])
        if printed != date.weekday():
            expected = "星期" + "一二三四五六日"[date.weekday()]
            warnings.append(
                ParseWarning(
                    "weekday_mismatch",
                    f"星期与日期不符：{date.year}年{date.month}月{date.day}日是{expected}，报头印为{masthead.weekday}",
                    masthead.weekday_line,
                )
            )
    if not masthead.lunar_date or not masthead.lunar_parts:
        warnings.append(ParseWarning("missing_lunar", "报头没有农历日期", line))
    else:
        try:
            lunar = Solar.fromYmd(date.year, date.month, date.day).getLunar()
            expected_parts = (
                lunar.getYearInGanZhi(),
                lunar.getMonth() < 0,
                abs(lunar.getMonth()),
                lunar.getDay(),
            )
            expected = f"{lunar.getYearInGanZhi()}年{lunar.getMonthInChinese()}月{lunar.getDayInChinese()}"
        except Exception:  # the calendar library cannot compute this date: nothing to compare
            expected_parts = None
        if expected_parts is None:
            warnings.append(ParseWarning("lunar_unchecked", "无法核对农历日期（日期超出历法库范围）", line))
        elif expected_parts != masthead.lunar_parts:
            warnings.append(
                ParseWarning(
                    "lunar_mismatch",
                    f"农历与日期不符：{date.year}年{date.month}月{date.day}日是农历{expected}，报头印为{masthead.lunar_date}",
                    masthead.lunar_line,
                )
            )
    if masthead.number is None:
        warnings.append(ParseWarning("missing_number", "报头没有期号（总第N号）", line))
    if masthead.other_dates:
        # The first date is used (the one the checks above compare with); the others are named.
        others = "、".join(f"第{n}行的{printed}" for _, n, printed in masthead.other_dates[:3])
        warnings.append(
            ParseWarning(
                "masthead_dates",
                f"报头有不同的日期：第{line}行的{masthead.fields.get('日期', '')}与{others}；"
                f"本期按第{line}行的日期（{date.isoformat()}）导入，请核对",
                masthead.other_dates[0][1],
            )
        )
    return warnings
