"""A page's structure as lines with roles, and articles rebuilt from such lines (no Django).

The structure editor works on the parser's OUTPUT, never on its rules: `page_lines` reads back,
for one page, which source line the parser made into which part of which article (matching the
articles' `source_text`, titles, credits and photos against the file's lines), and `assemble`
turns role-labelled lines back into ParsedArticles the way the parser would have built them.
Editors' decisions are kept as `overrides` (per line number and text) that `apply_overrides`
lays over any later parse of the same or a re-OCR'd file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from .credits import (
    byline_formula_at,
    byline_suffix_at,
    dateline_at,
    inline_photo_credit,
    parse_credits,
    photo_credit,
    standalone_byline,
)
from .pages import chinese_number
from .text import is_closed, normalise, split_lines
from .types import Credit, ParsedArticle, ParsedIssue, ParsedPage, ParsedPhoto

KICKER, HEADLINE, SUBHEADLINE = "kicker", "headline", "subheadline"
BYLINE, DATELINE, BODY = "byline", "dateline", "body"
CAPTION, PHOTO_CREDIT, FURNITURE, JUMP = "caption", "photo_credit", "furniture", "jump"
ROLES = (HEADLINE, KICKER, SUBHEADLINE, BYLINE, DATELINE, BODY, CAPTION, PHOTO_CREDIT, FURNITURE, JUMP)
TITLE_ROLES = (KICKER, HEADLINE, SUBHEADLINE)
NO_ARTICLE_ROLES = (FURNITURE,)

# Copies of the parser's jump patterns (its rules are not ours to import and change).
_PAGE_NO = r"(\d{1,3}|[一二三四五六七八九十]{1,3})"
JUMP_OUT_RE = re.compile(r"\s*[(【]?\s*(?:下转|转至|转)\s*(?:第\s*)?" + _PAGE_NO + r"\s*版\s*[)】]?\s*$")
JUMP_IN_RE = re.compile(r"^\s*(?:[(【]\s*(?:上接|接)|上接)\s*(?:第\s*)?" + _PAGE_NO + r"\s*版\s*[)】]?\s*")
END_RE = re.compile(r"^[(【]?\s*(?:完|全文完|未完待续|待续)\s*[)】]?$")


@dataclass
class StructureLine:
    """One non-blank source line of a page, with its role and the article it belongs to.

    `article` is the number of the first line of the article (a stable key on the page), None for
    page furniture. `locked` lines belong to an article of another page (a continuation after
    上接) or lie on another page (this page's article continued there): shown, never edited here."""

    number: int
    text: str
    role: str
    article: int | None = None
    start: bool = False  # a new article starts at this line
    join: int | None = None  # belongs to the article holding this line (not the one just above)
    locked: bool = False
    elsewhere: bool = False  # on another page (a continuation of this page's article)
    ends_paragraph: bool = False  # the parser ended a paragraph here (a verse line, a subhead)


# ---------------------------------------------------------------------------------------------
# Reading the parser's output back as lines


def _page_ranges(issue: ParsedIssue, numbered: list[tuple[int, str]]) -> dict[int, list[tuple[int, int]]]:
    """Line ranges of each page number: from its marker line to the next page's, after the masthead."""
    last_line = len(numbered)
    starts = sorted(
        (max(page.line or 1, issue.masthead_end_line + 1), index) for index, page in enumerate(issue.pages)
    )
    ranges: dict[int, list[tuple[int, int]]] = {}
    for position, (start, index) in enumerate(starts):
        end = starts[position + 1][0] - 1 if position + 1 < len(starts) else last_line
        ranges.setdefault(issue.pages[index].number, []).append((start, end))
    return ranges


def _title_role(text: str, remaining: dict[str, str]) -> str | None:
    """The title field this line is the next part of (consuming it), or None."""
    for role in TITLE_ROLES:
        rest = remaining[role]
        if text and rest.startswith(text):
            remaining[role] = rest[len(text) :].lstrip()
            return role
    return None


def _is_jump_line(norm: str, titles: tuple[str, ...] = ()) -> bool:
    """A line that is only a jump marker: (下转第3版) or (上接第1版), or (接第1版) followed by the
    article's headline printed again."""
    if JUMP_IN_RE.match(norm):
        rest = re.sub(r"\s+", "", JUMP_IN_RE.sub("", norm))
        if not rest or rest in {re.sub(r"\s+", "", normalise(title)) for title in titles if title}:
            return True
    return bool(JUMP_OUT_RE.search(norm) and not JUMP_OUT_RE.sub("", norm).strip())


def _ends_paragraph(article: ParsedArticle, text: str) -> bool:
    """The parser ended one of the article's paragraphs with this line's text."""
    piece = JUMP_OUT_RE.sub("", text).strip() if JUMP_OUT_RE.search(normalise(text)) else text.strip()
    return bool(piece) and any(paragraph.endswith(piece) for paragraph in article.paragraphs)


def _roles_of(article: ParsedArticle, lines: list[tuple[int, str]]) -> list[str]:
    """The role of each of an article's lines, in the order the parser read them."""
    remaining = {KICKER: article.kicker, HEADLINE: article.headline, SUBHEADLINE: article.subheadline}
    captions = [photo.caption for photo in article.photos]
    credits_text = {photo.credit_text for photo in article.photos if photo.credit_text}
    roles = []
    body_started = False
    for _number, text in lines:
        norm = normalise(text)
        if not body_started and (role := _title_role(text, remaining)):
            roles.append(role)
            continue
        titles = (
            article.headline,
            article.kicker + article.headline,
            article.headline + article.subheadline,
        )
        if _is_jump_line(norm, titles):
            roles.append(JUMP)
        elif text in credits_text and photo_credit(norm):
            roles.append(PHOTO_CREDIT)
        elif any(text in caption for caption in captions) and not (
            article.paragraphs and any(text in paragraph for paragraph in article.paragraphs)
        ):
            roles.append(CAPTION)
        elif article.dateline and text == article.dateline:
            roles.append(DATELINE)
        elif (standalone_byline(norm) or _bare_name(article, norm)) and text in article.byline_text:
            roles.append(BYLINE)
        elif body_started and text in f"{article.kicker} {article.headline} {article.subheadline}":
            roles.append(JUMP)  # the headline repeated above (上接第N版)
        else:
            roles.append(BODY)
            body_started = True
    return roles


def _bare_name(article: ParsedArticle, norm: str) -> bool:
    """An author's name printed alone ("张才方"), which the parser credited with no role."""
    return any(not credit.role and credit.name == norm.strip() for credit in article.bylines)


def page_lines(issue: ParsedIssue, page_number: int) -> list[StructureLine]:
    """The page's non-blank lines in order, each with the role and article the parser gave it.

    Lines are matched to the articles' source_text in reading order (each article's lines are a
    sequence of the file's lines); what no article of any page claims is page furniture."""
    numbered = split_lines(issue.source_text)
    ranges = _page_ranges(issue, numbered)
    own = ranges.get(page_number, [])
    in_page = {n for start, end in own for n in range(start, end + 1)}
    # Each article's expected lines, consumed in order as the file is walked.
    articles = [(page.number, article) for page in issue.pages for article in page.articles]
    expected = [[line for line in article.source_text.split("\n") if line] for _p, article in articles]
    pointers = [0] * len(articles)
    claimed: dict[int, int] = {}  # line number -> index in articles
    article_lines: list[list[tuple[int, str]]] = [[] for _ in articles]
    current = None
    for number, text in numbered:
        if not text or number <= issue.masthead_end_line:
            continue
        order = ([current] if current is not None else []) + list(range(len(articles)))
        for index in order:
            if pointers[index] < len(expected[index]) and expected[index][pointers[index]] == text:
                pointers[index] += 1
                claimed[number] = index
                article_lines[index].append((number, text))
                current = index
                break
    roles: dict[int, str] = {}
    for index, (_p, article) in enumerate(articles):
        for (number, _text), role in zip(
            article_lines[index], _roles_of(article, article_lines[index]), strict=True
        ):
            roles[number] = role
    first_line = {index: lines[0][0] for index, lines in enumerate(article_lines) if lines}

    result: list[StructureLine] = []
    previous_article = None
    for number, text in numbered:
        if not text or number not in in_page:
            continue
        index = claimed.get(number)
        if index is None:
            result.append(StructureLine(number, text, FURNITURE))
            continue
        page_of, _article = articles[index]
        key = first_line[index]
        line = StructureLine(number, text, roles[number], key, locked=page_of != page_number)
        line.ends_paragraph = roles[number] == BODY and _ends_paragraph(_article, text)
        if not line.locked:
            line.start = key == number
            if not line.start and key != previous_article:
                line.join = key  # the parser put it in an article above, not the one just before
            previous_article = key
        result.append(line)
    # This page's articles continued on other pages: their lines there, after the page's own.
    for index, (page_of, _article) in enumerate(articles):
        if page_of != page_number:
            continue
        for number, text in article_lines[index]:
            if number not in in_page:
                result.append(
                    StructureLine(number, text, roles[number], first_line[index], locked=True, elsewhere=True)
                )
    return result


# ---------------------------------------------------------------------------------------------
# Grouping lines into articles, and building the articles


def group(lines: list[StructureLine]) -> list[list[StructureLine]]:
    """Articles as lists of lines: a line starts an article when flagged, else joins the article
    holding its `join` line or, failing that, the article of the line before it."""
    groups: dict[int, list[StructureLine]] = {}
    member: dict[int, int] = {}  # line number -> group key
    current = None
    for line in lines:
        if line.role in NO_ARTICLE_ROLES or (line.locked and not line.elsewhere):
            continue
        if line.elsewhere:
            key = member.get(line.article) if line.article is not None else None
            key = key if key is not None else current
            if key is None:
                continue
        elif line.start or current is None:
            key = line.number
            groups[key] = []
            current = key
        elif line.join is not None and line.join in member:
            key = member[line.join]  # moved into an article above
        else:
            key = current
        groups[key].append(line)
        member[line.number] = key
    return list(groups.values())


def _jump_page(norm: str) -> int | None:
    match = JUMP_OUT_RE.search(norm)
    return (chinese_number(match.group(1)) or 0) if match else None


def assemble_article(lines: list[StructureLine]) -> ParsedArticle:
    """One article from its role-labelled lines, joined as the parser joins them."""
    titles: dict[str, list[str]] = {role: [] for role in TITLE_ROLES}
    article = ParsedArticle(line=lines[0].number if lines else None)
    article.source_text = "\n".join(line.text for line in lines)
    bylines_text: list[str] = []
    open_paragraph = False
    caption: list[str] = []

    def end_photo(credit_text: str = "", credits: list[Credit] | None = None) -> None:
        if caption or credit_text:
            article.photos.append(
                ParsedPhoto(caption="".join(caption), credits=credits or [], credit_text=credit_text)
            )
            article.photos[-1].line = photo_line[0]
        caption.clear()

    photo_line: list[int | None] = [None]
    for line in lines:
        text, norm, role = line.text, normalise(line.text), line.role
        if role != CAPTION and role != PHOTO_CREDIT and caption:
            end_photo()
        if role in TITLE_ROLES:
            titles[role].append(text)
        elif role == DATELINE:
            article.dateline = article.dateline or text
        elif role == BYLINE:
            found = standalone_byline(norm) or byline_formula_at(norm)
            credits = found[1] if isinstance(found, tuple) else found
            if credits is None:
                bare = norm.strip().strip("()【】〔〕[]").removesuffix("报道")
                credits = parse_credits(bare, need_role=False) or []
            article.bylines.extend(credits)
            bylines_text.append(text)
        elif role == CAPTION:
            if not caption:
                photo_line[0] = line.number
            offset = inline_photo_credit(norm)
            if offset is not None:
                caption.append(text[:offset].strip())
                found = photo_credit(norm[offset:])
                end_photo(text[offset:].strip(), found[0] if found else [])
            else:
                caption.append(text)
        elif role == PHOTO_CREDIT:
            if not caption:
                photo_line[0] = line.number
            found = photo_credit(norm)
            end_photo(text, found[0] if found else [])
        elif role == JUMP:
            page = _jump_page(norm)
            if page is not None and not JUMP_IN_RE.match(norm):
                article.jump_pages.append(page)
        elif role == BODY:
            start = 0
            if END_RE.match(norm.strip()):
                article.paragraphs.append(text)
                open_paragraph = False
                continue
            if not article.paragraphs:
                length = dateline_at(norm)
                if length and not article.dateline:
                    article.dateline = text[:length]
                    start = length
                start += len(norm[start:]) - len(norm[start:].lstrip())
                formula = byline_formula_at(norm[start:])
                if formula:
                    length, credits = formula
                    article.bylines.extend(credits)
                    bylines_text.append(text[start : start + length])
                    start += length
            jump_in = JUMP_IN_RE.match(norm, start) if start == 0 else None
            if jump_in and article.paragraphs:
                start = jump_in.end()
            end = len(norm)
            jump = JUMP_OUT_RE.search(norm, start)
            if jump:
                end = jump.start()
                article.jump_pages.append(chinese_number(jump.group(1)) or 0)
            piece = text[start:end].strip()
            if piece:
                if article.paragraphs and open_paragraph:
                    article.paragraphs[-1] += piece
                else:
                    article.paragraphs.append(piece)
                open_paragraph = not is_closed(piece) and not line.ends_paragraph
    if caption:
        end_photo()
    if article.paragraphs:
        suffix = byline_suffix_at(normalise(article.paragraphs[-1]))
        if suffix:
            start, credits = suffix
            last = article.paragraphs[-1]
            article.bylines.extend(credits)
            bylines_text.append(last[start:].strip())
            rest = last[:start].rstrip()
            if rest:
                article.paragraphs[-1] = rest
            else:
                article.paragraphs.pop()
    article.byline_text = " ".join(bylines_text)
    kicker, headline, subheadline = (" ".join(titles[role]) for role in TITLE_ROLES)
    if not headline and (kicker or subheadline):
        headline, kicker = (kicker, "") if kicker else (subheadline, kicker)
        subheadline = "" if headline == subheadline else subheadline
    article.kicker, article.headline, article.subheadline = kicker, headline, subheadline
    if article.photos and not article.paragraphs:
        article.kind = "photo"
    article.untitled = article.kind != "photo" and not (kicker or headline or subheadline)
    return article


def assemble(lines: list[StructureLine]) -> tuple[list[ParsedArticle], list[str]]:
    """The page's articles and its furniture (meta_lines) from role-labelled lines."""
    articles = [assemble_article(group_lines) for group_lines in group(lines)]
    meta_lines = [line.text for line in lines if line.role == FURNITURE and not line.locked]
    return articles, meta_lines


# ---------------------------------------------------------------------------------------------
# Overrides: the editor's decisions, kept by line number and text


@dataclass
class Applied:
    lines: list[StructureLine]
    applied: int = 0
    unmatched: list[dict] = field(default_factory=list)


def _decisions(line: StructureLine) -> tuple[str, bool, int | None]:
    return line.role, line.start, line.join


def diff_overrides(parsed: list[StructureLine], edited: list[StructureLine]) -> list[dict]:
    """What the editor changed against the parser's lines, as storable overrides.

    Each override names its line by number and text; `join` names the article a line was moved
    into by that article's first line (number and text), so it can be found again after re-OCR."""
    by_number = {line.number: line for line in edited}
    text_of = {line.number: line.text for line in parsed}
    overrides = []
    for before in parsed:
        after = by_number.get(before.number)
        if after is None or before.locked or after.locked:
            continue
        if _decisions(before) == _decisions(after):
            continue
        override: dict = {"line": before.number, "text": before.text}
        if after.role != before.role:
            override["role"] = after.role
        if after.start != before.start:
            override["start"] = after.start
        if after.join != before.join:
            override["join"] = (
                {"line": after.join, "text": text_of.get(after.join, "")} if after.join else None
            )
        if len(override) > 2:
            overrides.append(override)
    return overrides


def _find(lines: list[StructureLine], number: int, text: str, taken: set[int]) -> StructureLine | None:
    """The line with this number and text, else the nearest unclaimed line with this text."""
    exact = [line for line in lines if line.number == number and line.text == text]
    if exact and exact[0].number not in taken:
        return exact[0]
    same_text = [line for line in lines if line.text == text and line.number not in taken]
    return min(same_text, key=lambda line: abs(line.number - number)) if same_text else None


def apply_overrides(lines: list[StructureLine], overrides: list[dict]) -> Applied:
    """Lay stored decisions over (freshly parsed) lines; overrides whose line is gone are returned."""
    lines = [replace(line) for line in lines]
    result = Applied(lines=lines)
    taken: set[int] = set()
    editable = [line for line in lines if not line.locked]
    for override in overrides:
        line = _find(editable, int(override.get("line") or 0), str(override.get("text") or ""), taken)
        if line is None:
            result.unmatched.append(override)
            continue
        taken.add(line.number)
        if override.get("role") in ROLES:
            line.role = override["role"]
        if "start" in override:
            line.start = bool(override["start"])
        if "join" in override:
            join = override["join"]
            target = None
            if isinstance(join, dict):
                target = _find(editable, int(join.get("line") or 0), str(join.get("text") or ""), set())
            line.join = target.number if target is not None else None
        result.applied += 1
    renumber(lines)
    return result


def renumber(lines: list[StructureLine]) -> None:
    """Set each line's `article` to the first line of the article it ends up in (after edits)."""
    for group_lines in group(lines):
        key = group_lines[0].number
        for line in group_lines:
            line.article = key
    for line in lines:
        if line.role in NO_ARTICLE_ROLES and not line.locked:
            line.article = None
            line.start = False


def restructure_page(issue: ParsedIssue, page_number: int, overrides: list[dict]) -> Applied:
    """The page's lines with the stored overrides applied."""
    return apply_overrides(page_lines(issue, page_number), overrides)


def apply_to_issue(issue: ParsedIssue, overrides_by_page: dict[int, list[dict]]) -> dict[int, Applied]:
    """Rebuild the pages that carry overrides (in place) and say what was applied on each."""
    report = {}
    for number, overrides in overrides_by_page.items():
        pages: list[ParsedPage] = [page for page in issue.pages if page.number == number]
        if not overrides or not pages:
            continue
        applied = restructure_page(issue, number, overrides)
        articles, meta_lines = assemble(applied.lines)
        corrections = {a.line for page in pages for a in page.articles if a.is_correction}
        for article in articles:
            article.is_correction = article.line in corrections  # a 更正 stays one where it starts
        pages[0].articles = articles
        pages[0].meta_lines = meta_lines
        for extra in pages[1:]:
            issue.pages.remove(extra)
        report[number] = applied
    return report
