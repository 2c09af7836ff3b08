"""Shared checks for the parser tests: the "nothing is ever dropped" coverage property."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from issues.parsing import ParsedIssue
from issues.parsing.text import normalise, split_lines

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures"
SEED_2021 = FIXTURES / "000_0abb412f47d5fc4e.txt"
SEED_2022 = FIXTURES / "002_eec9bc72a36272fd.txt"

HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
JUMP_MARK_RE = re.compile(
    r"[(（【]?\s*(?:下转|转至|转|上接|接)\s*(?:第\s*)?[\d一二三四五六七八九十]{1,3}\s*版\s*[)）】]?"
)
# OCR'd masthead labels are stored under one normalised key ("电子信箱" → "电子邮箱").
LABEL_VARIANTS = "信箱件邮政码单位农历公"


def seed_lines(path: Path) -> dict[int, str]:
    """The seed's lines by 1-based number, edges trimmed (what the parser stores)."""
    return dict(split_lines(path.read_text(encoding="utf-8")))


def han(text: str) -> list[str]:
    return HAN_RE.findall(text)


def masthead_strings(issue: ParsedIssue) -> list[str]:
    strings = [issue.weekday, issue.lunar_date, issue.publication]
    for key, value in issue.masthead.items():
        strings.append(key)
        strings.extend(value if isinstance(value, list) else [str(value)])
    return strings


def content_strings(issue: ParsedIssue) -> list[str]:
    strings: list[str] = []
    for page in issue.pages:
        strings.extend(page.meta_lines)
        for article in page.articles:
            strings += [article.kicker, article.headline, article.subheadline, article.dateline]
            strings.append(article.byline_text)
            strings.extend(article.paragraphs)
            for photo in article.photos:
                strings += [photo.caption, photo.credit_text]
    return strings


def assert_covered(issue: ParsedIssue, text: str) -> None:
    """Every non-blank input line ends in the masthead, a page's meta lines or an article.

    Masthead lines: each Han character is found in the masthead fields (labels are normalised).
    Every other line: the multiset of Han characters of all those lines (jump marks removed, they
    become jump_pages) is contained in the multiset of the articles' and pages' text, so a dropped
    line shows up as missing characters."""
    masthead_han = set(han("".join(masthead_strings(issue)) + LABEL_VARIANTS))
    body_input: Counter[str] = Counter()
    for number, line in split_lines(text):
        if not line:
            continue
        if number <= issue.masthead_end_line:
            missing = set(han(line)) - masthead_han - set(han("".join(issue.pages[0].meta_lines)))
            assert not missing, f"line {number} {line!r}: {sorted(missing)} not in the masthead"
        else:
            body_input.update(han(JUMP_MARK_RE.sub("", normalise(line))))
    output = Counter(han("".join(content_strings(issue))))
    missing = body_input - output
    assert not missing, f"characters dropped: {dict(missing)}"


def assert_fits_database(issue: ParsedIssue) -> None:
    """What the parser hands the importer always fits the models' columns and constraints."""
    assert len(issue.weekday) <= 16 and len(issue.lunar_date) <= 32 and len(issue.publication) <= 64
    assert issue.number is None or 0 < issue.number < 2**31
    numbers = [page.number for page in issue.pages]
    assert len(numbers) == len(set(numbers)) and all(0 < number < 2**15 for number in numbers)
    for page in issue.pages:
        assert len(page.name) <= 100 and len(page.editor) <= 100
        for article in page.articles:
            assert max(len(article.kicker), len(article.headline), len(article.subheadline)) <= 300
            assert len(article.dateline) <= 100
            assert article.kind in ("article", "photo")
            credits = list(article.bylines)
            for photo in article.photos:
                assert len(photo.credit_text) <= 200
                credits += photo.credits
            for credit in credits:
                assert 0 < len(credit.name) <= 64 and len(credit.role) <= 32


INSIDE_HEAD = "辛丑年六月廿九\n2021年8月7日 星期六\n邮发代号:31-2 总第1186号\n浙江工人日报\n"


def parse_pages(body: str, head: str = INSIDE_HEAD, *, covered: bool = True) -> ParsedIssue:
    """An issue made of a masthead and the given (inside) pages, checked for lost text and fit.

    covered=False for a repeated headline over a continuation (kept in source_text only)."""
    from issues.parsing import parse_text

    text = head + "\n" + body
    issue = parse_text(text)
    if covered:
        assert_covered(issue, text)
    assert_fits_database(issue)
    return issue


def page_of(issue: ParsedIssue, number: int):
    [page] = [page for page in issue.pages if page.number == number]
    return page


def summary(article) -> dict:
    """An article as an editor reads it: titles, dateline, credits, paragraphs, photos, flags."""
    return {
        "kind": article.kind,
        "kicker": article.kicker,
        "headline": article.headline,
        "subheadline": article.subheadline,
        "dateline": article.dateline,
        "bylines": [(credit.name, credit.role) for credit in article.bylines],
        "paragraphs": article.paragraphs,
        "photos": [
            (photo.caption, photo.credit_text, [(c.name, c.role) for c in photo.credits])
            for photo in article.photos
        ],
        "is_correction": article.is_correction,
    }


def searchable_text(issue: ParsedIssue) -> str:
    """Everything that becomes article text (and so search text)."""
    return "\n".join(
        "\n".join([a.kicker, a.headline, a.subheadline, *a.paragraphs, *(p.caption for p in a.photos)])
        for a in issue.articles
    )
