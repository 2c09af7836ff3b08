"""The OCR parser: an issue's text in, a ParsedIssue out (plain Python, no Django, fuzzed alone).

Rules, in the order they apply (decisions and their reasons: issues/parsing/README.md):
 1. Bytes: UTF-8 (BOM or not) first, then GB18030 (a superset of GBK); NUL bytes or >10% control
    characters mean binary. Empty, binary and undecodable input raise ParseError in Chinese.
 2. Lines (LF, CRLF or CR) are the unit and keep their 1-based numbers. Matching runs on a copy with
    full-width ASCII folded to ASCII and U+3000 to a space (1:1, so spans slice the original); what
    is stored is the text as printed, edges trimmed. Blank lines separate blocks.
 3. Masthead: from the top, through the last line of definite masthead shape (date, 星期, lunar date,
    电子版/邮箱/信箱, 刊号, 邮发代号 总第N号, the paper's name, 社址/邮编, 今日N版) within 40 non-blank
    lines, stopping at body-like text or a page marker. All of it is issue metadata; unrecognised
    lines go to masthead["lines"]. No valid date anywhere → ParseError (with the line).
 4. Checks: weekday and lunar date against the Gregorian date (lunar_python), missing 星期/农历/期号.
 5. Pages: `第3版`, `第三版`, `03版`, `第4版 理论与实践`, `第3版:要闻` or a running head (paper, date,
    第N版, 责任编辑…) start a page; the same number again does not. Marker lines, 责任编辑/美编/校对
    lines and footers (hotline numbers, 新闻服务热线, 定价…) are page meta_lines, not article text.
 6. Paragraphs end at closing punctuation (。！？…；： through closing quotes/brackets). An open
    paragraph (column break) continues with the next body line, joined with "", even across a
    photo, which then belongs to the same article.
 7. Photos: a caption block followed by a credit line `(ROLE) NAME(S) 摄`, or both on one line.
 8. Titles: after a closed paragraph (or at page start) a short unclosed block without sentence
    punctuation is a title; consecutive ones form a group: 1 → headline; 2 → kicker+headline, or
    headline+subheadline when the second starts with a dash, is bracketed, or alone has 、; 3+ →
    kicker, headline, the rest joined as subheadline. Lines of one title block join with " ".
    An open paragraph is cut short only by a title group leading to a dateline (warned); a line
    ending in ！/？ is a title only when a dateline follows.
 9. Dateline (本报讯, 本报杭州8月6日讯, 新华社杭州3月27日电) and byline formula (记者甲 通讯员乙报道,
    (记者 甲 乙)) are stripped from the first paragraph; a bracketed byline ending the body, or a
    byline on its own line (本报评论员, □ 本报记者 甲), also becomes credits.
10. Jumps: `(下转第3版)` ends a part (stripped, jump_pages); `(上接第1版)`, possibly under a repeated
    headline, continues that article. Unmatched jumps are warned about and their text kept.
11. A photo after a closed paragraph followed by a title or the page end is a photo-only item
    (kind="photo") with the heading above it, if any, as headline.
12. Text with no title and no 上接 line becomes an untitled article with a warning; nothing is
    dropped: every non-blank line ends in the masthead, a page's meta_lines or an article.
13. In-body subheads (一、… / (一)… / 1.…) never start an article.
14. Inside pages (README "Inside pages"): running heads without 第N版, folios and section names are
    page meta; advertisements are page meta; □/文 bylines have no role; verse is one paragraph per
    line; Q&A turns and 相关链接 boxes stay in their article; titles 更正 flag a correction.
15. Warnings (code, Chinese message, line): weekday_mismatch, lunar_mismatch, missing_weekday,
    missing_lunar, missing_number, date_outside_masthead, page_repeated, unplaced_text,
    paragraph_unclosed, unmatched_jump, title_without_body, title_uncertain, lunar_unchecked,
    second_issue (another masthead date further down: two issues in one file?),
    invisible_characters (zero-width/bidi controls removed), masthead_dates (two dates in the masthead).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .credits import (
    PAREN_CLOSE,
    byline_formula_at,
    byline_suffix_at,
    dateline_at,
    inline_photo_credit,
    photo_credit,
    standalone_byline,
)
from .masthead import (
    calendar_warnings,
    fallback_date,
    find_dates,
    invalid_date_error,
    is_masthead_line,
    read_masthead,
)
from .pages import (
    chinese_number,
    editor_of,
    is_folio,
    is_footer,
    is_running_head,
    is_section_name,
    meta_fields,
    page_marker,
)
from .text import (
    CLOSERS,
    HAN,
    HAN_RE,
    Line,
    decode,
    invisible_characters_warning,
    is_closed,
    normalise,
    split_lines,
)
from .types import Credit, ParsedArticle, ParsedIssue, ParsedPage, ParsedPhoto, ParseError, ParseWarning

PARSER_VERSION = "3"
DEFAULT_PUBLICATION = "浙江工人日报"

PAGE_NO = r"(\d{1,3}|[一二三四五六七八九十]{1,3})"
JUMP_OUT_RE = re.compile(r"\s*[(【]?\s*(?:下转|转至|转)\s*(?:第\s*)?" + PAGE_NO + r"\s*版\s*[)】]?\s*$")
JUMP_IN_RE = re.compile(r"^\s*(?:[(【]\s*(?:上接|接)|上接)\s*(?:第\s*)?" + PAGE_NO + r"\s*版\s*[)】]?\s*")
END_RE = re.compile(r"^[(【]?\s*(?:完|全文完|未完待续|待续)\s*[)】]?$")
ENUM_RE = re.compile(
    r"^(?:[一二三四五六七八九十]+\s*[、.]|[(【]\s*[一二三四五六七八九十\d]+\s*[)】]|\d{1,2}\s*[、.]|第[一二三四五六七八九十]+[章节条部])"
)
TEXTUAL_RE = re.compile(f"[{HAN}A-Za-z0-9]")
VERSE_LINE_MAX = 24  # a line of verse; prose lines of the OCR are whole paragraphs, far longer
PROSE_LINE_MIN = 40  # a line this long is prose: after a title it proves the title starts a piece
SPEAKER_RE = re.compile(r"^(?:本报记者|记者|问|答|主持人|Q|A)\s*:")
NAMED_SPEAKER_RE = re.compile(f"^[{HAN}]{{2,4}}\\s*:")
LINK_BOX_RE = re.compile(
    r"^[【\[(〔]?\s*(?:相关链接|新闻链接|背景链接|知识链接|资料链接|链接|延伸阅读|小贴士|名词解释)\s*[】\])〕]?\s*:?$"
)
NOTE_LINE_RE = re.compile(
    r"^[(【〔\[]\s*(?:作者单位|作者系|作者为|作者是|作者简介|本文作者|作者|摘自|来源|原载|本文)[^)】〕\]]*[)】〕\]]$"
)
EDITOR_NOTE_RE = re.compile(r"^[【\[(]?\s*(?:编者按|编者的话|编后|编后语|编者)\s*[】\])]?\s*:")
CORRECTION_START_RE = re.compile(r"^[【\[(]?\s*更\s*正\s*[】\])]?\s*:")  # "更正：本报…" with no title
CORRECTION_TITLES = frozenset(
    {"更正", "更正启事", "更正声明", "更正说明", "更正与说明", "勘误", "致歉与更正"}
)
AD_LABEL_RE = re.compile(r"^[(【\[〔]?\s*(?:广告|分类广告|广告专版|公益广告|商业广告|广而告之)\s*[)】\]〕]?$")
CONTACT_RE = re.compile(
    r"^(?:联系|咨询|报名|订购|订餐|预约|预订|服务|客服|招商|销售|加盟|售后|投诉|订房|门店)?\s*"
    r"(?:电话|热线|手机|传真|微信号?|QQ|网址|官网|地址|联系人|营业时间|邮箱|公众号)\s*:"
)
AD_HINT_RE = re.compile(
    r"广告|广而告之|电话|热线|手机|传真|微信|QQ|网址|官网|地址|联系人|营业时间|邮箱|公众号|\d{7}"
)
PHONE_RE = re.compile(r"\d{3,4}-\d{7,8}|(?<!\d)1[3-9]\d{9}(?!\d)|400-?\d{3}-?\d{4}")
# A column label over the items of a column (简讯, 图片新闻, "我的师傅"征文选登…): always the start of
# something new, never the last line of the piece before it.
COLUMN_LABEL_RE = re.compile(
    r"^[■□◆◇●○▲△★☆▶►]?\s*[【\[(〔]?\s*(?:图片新闻|新闻图片|图片报道|图说新闻|图说|组图|简讯|简讯速递|综合简讯|工会简讯|工会动态|"
    r"基层动态|各地动态|短波|一线传真|基层传真|新闻速递|信息速递|快讯|要闻简报|资讯|职工之声|读者来信|"
    r"[“\"][^”\"]{1,16}[”\"]\s*[\u4e00-\u9fff]{0,6}征文[\u4e00-\u9fff]{0,4}|"
    r"[\u4e00-\u9fff·]{0,12}征文(?:作品)?选[登刊])\s*[】\])〕]?$"
)
# A notice's closing signature ("本报编辑部", "本报编辑部 2022年3月28日", "某某公司 2022年3月28日").
SIGN_DATE = r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
SIGNATURE_RE = re.compile(
    rf"^(?:(?:[{HAN}]{{0,20}}(?:编辑部|报社|委员会|办公室|公司|联合会|协会|工会))\s*(?:{SIGN_DATE})?|{SIGN_DATE})$"
)
PAPER_SIGNATURE_RE = re.compile(rf"^(?:本报|本刊|[{HAN}]{{2,8}}日报)?(?:编辑部|报社)")
NOTICE_TITLE_RE = re.compile(
    r"更\s*正|勘误|致歉|启\s*事|公\s*告|声\s*明|通\s*知|通\s*告|告读者|倡议书|公开信"
)
# Surnames of most bylines: a line of two or three Han characters starting with one, between a
# headline and its prose, is the author's name printed alone (理论 and 评论 pages).
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾肖董袁潘蒋蔡余杜叶程苏魏吕丁沈姚"
    "卢姜崔钟谭陆汪范廖贾夏韦邹孟熊秦邱薛闫段雷侯史陶黎贺顾郝龚邵钱严覃戴莫孔汤俞楼裘童应柴"
)
TITLE_BREAK_END = "的之与和及并而或在对把被为向从让将“‘《(【"
DIGIT_COMMA_RE = re.compile(r"(?<=\d),(?=\d)")  # "2,000": a thousands separator, not a clause
TITLE_MAX_ONE_LINE = 60
TITLE_MAX_DECK = 80
MAX_TITLE_FIELD = 300  # the database's kicker/headline/subheadline length


@dataclass
class Block:
    lines: list[Line]
    shapes: dict[tuple[bool, bool], bool] = field(default_factory=dict, compare=False, repr=False)

    @property
    def first(self) -> Line:
        return self.lines[0]

    @property
    def number(self) -> int:
        return self.lines[0].number

    @property
    def title_text(self) -> str:
        return join_title_lines([line.text for line in self.lines])

    @property
    def title_norm(self) -> str:
        return " ".join(line.norm for line in self.lines)


def join_title_lines(texts: list[str]) -> str:
    """A title printed over lines: each line a phrase, joined with a space as the seeds print
    them, except where a line breaks mid-phrase (see broken_title): joined with nothing."""
    joined = texts[0] if texts else ""
    for text in texts[1:]:
        joined += ("" if broken_title(joined, text) else " ") + text
    return joined


DASH_SUBHEAD_RE = re.compile(r"^(?:—|--|─|-)+\s*\S")


def block_title_texts(block: Block) -> list[str]:
    """A title block's titles: a line opening with a dash ("——访…", "——记…") under the headline in
    the same block is the subheadline, not more of the headline."""
    parts: list[list[str]] = [[]]
    for line in block.lines:
        if parts[-1] and DASH_SUBHEAD_RE.match(line.norm.strip()):
            parts.append([])
        parts[-1].append(line.text)
    return [join_title_lines(part) for part in parts]


def broken_title(first: str, second: str) -> bool:
    """Two title blocks that are one headline broken mid-phrase, not a kicker over a headline:
    a number split in two, a first part ending in a particle or an open quote/bracket, or a
    tail of a few characters under a long first part."""
    a, b = normalise(first).strip(), normalise(second).strip()
    if not a or not b or b[0] in "—-─(【":
        return False
    if (a[-1].isdigit() or a[-1] == ",") and b[0].isdigit():
        return True
    if a[-1] in TITLE_BREAK_END or a.count("“") > a.count("”") or a.count("《") > a.count("》"):
        return True
    return len(HAN_RE.findall(b)) <= 4 and len(b) <= 4 and len(HAN_RE.findall(a)) >= 10


def prose_line(line: Line) -> bool:
    """A line of body text: longer than any title, or a sentence (with 。) of a short item."""
    text = line.norm.strip()
    return _kind(line) == "text" and (len(text) > PROSE_LINE_MIN or (len(text) >= 15 and "。" in text))


def bare_name_over_prose(blocks: list[Block], j: int) -> bool:
    """Block j is an author's name alone ("张才方") with prose under it."""
    block = blocks[j]
    text = block.first.norm.strip()
    if len(block.lines) != 1 or not 2 <= len(text) <= 3 or text[0] not in SURNAMES:
        return False
    if len(HAN_RE.findall(text)) != len(text) or j + 1 >= len(blocks):
        return False
    return prose_line(blocks[j + 1].first)


def merge_broken_titles(texts: list[str]) -> list[str]:
    merged: list[str] = []
    for text in texts:
        if (
            merged
            and broken_title(merged[-1], text)
            and not COLUMN_LABEL_RE.match(normalise(merged[-1]).strip())
        ):
            merged[-1] = merged[-1] + text
        else:
            merged.append(text)
    return merged


def split_block(lines: list[Line]) -> list[list[Line]]:
    """A block typed without a blank line between a headline and its body: a dateline, byline or
    上接 line always starts a block of its own, and a short headline-shaped first line over a long
    prose line is a block of its own (a paragraph's OCR lines are full width but the last)."""
    if len(lines) == 1:
        return [list(lines)]
    parts: list[list[Line]] = [[lines[0]]]
    for k, line in enumerate(lines[1:], start=1):
        if _kind(line) in ("dateline", "byline", "jump_in"):
            parts.append([line])
        elif closed_paragraph(lines[k - 1].norm.strip()) and _head_over_prose(line, lines, k):
            parts.append([line])  # a brief's headline typed between two items with no blank line
        else:
            parts[-1].append(line)
    if len(parts[0]) >= 2 and COLUMN_LABEL_RE.match(parts[0][0].norm.strip()):
        parts[0:1] = [[parts[0][0]], parts[0][1:]]  # "图片新闻" typed right above its first caption
    first = parts[0]
    if len(first) >= 2 and _head_over_prose(first[0], first, 0):
        parts[0:1] = [[first[0]], first[1:]]
    return parts


def _head_over_prose(line: Line, lines: list[Line], k: int) -> bool:
    """Inside a block, after a closed paragraph: a short unpunctuated line over a sentence."""
    if k + 1 >= len(lines) or _kind(line) != "text":
        return False
    head, nxt = line.norm.strip(), lines[k + 1].norm.strip()
    if is_closed(head) or any(mark in head for mark in ",;。") or len(head) > 30:
        return False
    if len(nxt) > PROSE_LINE_MIN:
        return True  # the rule for a block's first line since the first version
    # A brief's body may be shorter than a prose line: then the head must look like a headline
    # (4+ characters, no colon) and the line under it like a sentence.
    return (
        len(head) >= 4
        and ":" not in head
        and not COLUMN_LABEL_RE.match(head)
        and len(nxt) >= 15
        # a sentence, or a line longer than verse with a clause in it: a poem's lines stay together
        and ("。" in nxt or ("," in nxt and len(nxt) > VERSE_LINE_MAX))
    )


RUN_IN_RE = re.compile(r"^([^\s,，;；:：。!！?？]{4,20})\u3000+(?=\S)")


def run_in_title(line: Line) -> int | None:
    """Where the body starts after a run-in headline ("省职工乒乓球赛落幕　8月5日，…"): a short
    title set apart by an ideographic space before a prose sentence, as 简讯 columns print items."""
    match = RUN_IN_RE.match(line.text)
    if match is None:
        return None
    head, rest = line.norm[: match.end(1)].strip(), line.norm[match.end() :].strip()
    if len(HAN_RE.findall(head)) < 4 or len(rest) < 15 or not any(mark in rest for mark in ",。"):
        return None
    if ENUM_RE.match(head):
        return None  # "第十二条　…", "一、加强领导　…": a numbered paragraph, not an item
    if _kind(line) != "text" or dateline_at(head) or standalone_byline(head) or photo_credit(rest):
        return None
    return match.end()


def in_advert(pending: list[Line], done: list[Block]) -> bool:
    """Whether the lines being gathered are a labelled advert's copy: a 广告 label in them or as the
    block just before (a hotline line there is the advert's own). A contact line alone is not
    enough: a news item's own 咨询电话 line must not pull a page footer into an advert zone."""
    lines = list(pending)
    if any(AD_LABEL_RE.match(line.norm.strip()) for line in lines):
        return True
    # Up the advert's copy (short lines, no sentence of news) to its label, a few blocks above.
    for block in reversed(done[-8:]):
        if any(AD_LABEL_RE.match(line.norm.strip()) for line in block.lines):
            return True
        if not all(ad_line(line) or contact_line(line) for line in block.lines):
            return False
    return False


def closed_paragraph(norm: str) -> bool:
    """Ends at closing punctuation, or with a bracketed note after it ("…参加比赛。（通讯员 甲）")."""
    if is_closed(norm):
        return True
    text = norm.rstrip()
    if not text or text[-1] not in PAREN_CLOSE:
        return False
    start = max(text.rfind(ch) for ch in "(【〔[")
    return start > 0 and is_closed(text[:start])


def verse_shaped(block: Block) -> bool:
    """Short lines of text with no sentence inside a line: a stanza (or a line) of a poem."""
    for line in block.lines:
        text = line.norm.strip()
        if len(text) > VERSE_LINE_MAX or not TEXTUAL_RE.search(text) or "。" in text[:-1]:
            return False
        if _kind(line) != "text":
            return False
    return True


def ad_line(line: Line) -> bool:
    """Shaped like advertising copy: short, not a sentence of news (no 。 at its end)."""
    text = line.norm.strip()
    bare = text.rstrip(CLOSERS + " ")
    return len(text) <= 60 and not bare.endswith("。") and _kind(line) == "text"


def contact_line(line: Line) -> bool:
    text = line.norm.strip()
    if len(text) > 60:
        return False
    return bool(CONTACT_RE.match(text)) or (
        len(text) <= 40 and bool(PHONE_RE.search(text)) and not text.rstrip(CLOSERS).endswith("。")
    )


@dataclass
class Jump:
    article: ParsedArticle
    from_page: int
    to_page: int
    line: int
    matched: bool = False


@dataclass
class FoundPhoto:
    photo: ParsedPhoto
    consumed: int
    lines: list[Line] = field(default_factory=list)


@lru_cache(maxsize=8192)
def _kind(line: Line) -> str:
    """What a single line is on its own: a jump, a byline, an end mark, a dateline, or text."""
    norm = line.norm.strip()
    if JUMP_IN_RE.match(norm):
        return "jump_in"
    if JUMP_OUT_RE.search(norm):
        return "jump_out"  # "(下转第3版)" alone or ending a paragraph
    if END_RE.match(norm):
        return "end"
    if dateline_at(norm):
        return "dateline"
    if photo_credit(norm):
        return "credit"
    if standalone_byline(norm):
        return "byline"
    return "text"


def title_shaped(block: Block, *, in_article: bool, loose: bool = False) -> bool:
    """Short, unclosed, no sentence punctuation: the shape of a kicker, headline or subheadline.

    `loose` also admits a headline ending in ！ or ？ ("奋斗正当时!"); the caller only uses it when
    a dateline follows, since such a line is otherwise a closed sentence."""
    key = (in_article, loose)
    if key not in block.shapes:
        block.shapes[key] = _title_shaped(block, in_article=in_article, loose=loose)
    return block.shapes[key]


def _title_shaped(block: Block, *, in_article: bool, loose: bool) -> bool:
    if any(_kind(line) != "text" for line in block.lines):
        return False
    text = block.title_norm.strip()
    if not TEXTUAL_RE.search(text) or text.endswith((",", "、")):
        return False
    if is_closed(text):
        bare = text.rstrip(CLOSERS + " ")
        if not (loose and bare.endswith(("!", "?")) and "。" not in text):
            return False
    limit = TITLE_MAX_ONE_LINE if len(block.lines) == 1 else TITLE_MAX_DECK
    if len(text) > limit:
        return False
    if any(mark in DIGIT_COMMA_RE.sub("", text) for mark in ",;。") and len(text) > 16:
        return False
    if (
        SPEAKER_RE.match(text)
        or LINK_BOX_RE.match(text)
        or AD_LABEL_RE.match(text)
        or NOTE_LINE_RE.match(text)
        or CONTACT_RE.match(text)
    ):
        return False
    return not (in_article and ENUM_RE.match(text))


def subheadline_shaped(second: str, first: str) -> bool:
    second = normalise(second).strip()
    first = normalise(first)
    if second.startswith(("—", "--", "-", "─")):
        return True
    if second[:1] in "(【" and second[-1:] in PAREN_CLOSE:
        return True
    return "、" in second and "、" not in first


def assign_titles(texts: list[str]) -> tuple[str, str, str]:
    """(kicker, headline, subheadline) for a title group, as printed."""
    if not texts:
        return "", "", ""
    if len(texts) == 1:
        return "", texts[0], ""
    if len(texts) == 2:
        if subheadline_shaped(texts[1], texts[0]):
            return "", texts[0], texts[1]
        return texts[0], texts[1], ""
    return texts[0], texts[1], " ".join(texts[2:])


class _IssueBuilder:
    """Walks the pages' blocks with the state a reader keeps: the article being read, whether its
    last paragraph is still open, and the jumps waiting for their continuation."""

    def __init__(self, issue: ParsedIssue, run_in: dict[int, str] | None = None):
        self.run_in = run_in or {}  # line number -> the printed line of a run-in headline and body
        self.issue = issue
        self.jumps: list[Jump] = []
        self.open: dict[int, bool] = {}
        self.sources: dict[int, list[Line]] = {}
        self.last_line: dict[int, int] = {}
        self.page: ParsedPage | None = None
        self.current: ParsedArticle | None = None
        self.pending_bylines: list[tuple[Line, list]] = []
        self.uncertain: set[int] = set()
        self.photos: dict[int, FoundPhoto | None] = {}
        self.verse: set[int] = set()  # articles read as poems: one paragraph per line
        self.boxed: set[int] = set()  # articles in their 相关链接 box: a new piece needs a clear start
        self.interview: set[int] = set()  # articles with Q&A turns ("记者：…")

    # -- helpers -------------------------------------------------------------------------------
    def warn(self, code: str, message: str, line: int | None) -> None:
        self.issue.warnings.append(ParseWarning(code, message, line))

    def source(self, article: ParsedArticle, lines: list[Line]) -> None:
        self.sources[id(article)].extend(lines)
        if lines:
            self.last_line[id(article)] = lines[-1].number

    def new_article(
        self, line: int, *, titles: list[Block] | None = None, untitled: bool = False
    ) -> ParsedArticle:
        assert self.page is not None
        kicker, headline, subheadline = assign_titles(
            merge_broken_titles([text for block in titles or [] for text in block_title_texts(block)])
        )
        article = ParsedArticle(
            kicker=kicker, headline=headline, subheadline=subheadline, line=line, untitled=untitled
        )
        self.page.articles.append(article)
        self.open[id(article)] = False
        self.sources[id(article)] = []
        for block in titles or []:
            self.source(article, block.lines)
        for byline_line, credits in self.pending_bylines:
            article.bylines.extend(credits)
            self._add_byline_text(article, byline_line.text)
            self.source(article, [byline_line])
        self.pending_bylines = []
        return article

    def _add_byline_text(self, article: ParsedArticle, text: str) -> None:
        article.byline_text = f"{article.byline_text} {text}".strip()

    def untitled(self, line: int) -> ParsedArticle:
        self.warn("unplaced_text", f"第{line}行起的文字找不到所属标题，已单列为无标题稿件，请核对", line)
        return self.new_article(line, untitled=True)

    # -- photos --------------------------------------------------------------------------------
    def photo_at(self, blocks: list[Block], i: int) -> FoundPhoto | None:
        """The photo starting at block i (looked up again and again while looking ahead: cached)."""
        if i not in self.photos:
            self.photos[i] = self._photo_at(blocks, i)
        return self.photos[i]

    def _photo_at(self, blocks: list[Block], i: int) -> FoundPhoto | None:
        if i >= len(blocks):
            return None
        block = blocks[i]
        kinds = [_kind(line) for line in block.lines]
        last = block.lines[-1]
        if kinds[-1] == "credit":
            if any(kind not in ("text", "credit") for kind in kinds[:-1]):
                return None
            return FoundPhoto(self._photo(block.lines[:-1], last), 1, list(block.lines))
        if any(kind != "text" for kind in kinds):
            return None
        if i + 1 < len(blocks) and len(blocks[i + 1].lines) == 1 and _kind(blocks[i + 1].first) == "credit":
            credit_line = blocks[i + 1].first
            return FoundPhoto(self._photo(block.lines, credit_line), 2, [*block.lines, credit_line])
        offset = inline_photo_credit(last.norm)
        if offset is not None:
            caption_lines = [line.text for line in block.lines[:-1]] + [last.text[:offset].strip()]
            credits = photo_credit(last.norm[offset:])
            photo = ParsedPhoto(
                caption="".join(caption_lines),
                credits=credits[0] if credits else [],
                credit_text=last.text[offset:].strip(),
                line=block.number,
            )
            return FoundPhoto(photo, 1, list(block.lines))
        return None

    @staticmethod
    def _photo(caption_lines: list[Line], credit_line: Line) -> ParsedPhoto:
        found = photo_credit(credit_line.norm)
        credits = found[0] if found else []
        return ParsedPhoto(
            caption="".join(line.text for line in caption_lines),
            credits=credits,
            credit_text=credit_line.text,
            line=(caption_lines[0] if caption_lines else credit_line).number,
        )

    def photo_run(self, blocks: list[Block], i: int) -> tuple[list[FoundPhoto], int]:
        found: list[FoundPhoto] = []
        while (photo := self.photo_at(blocks, i)) is not None:
            found.append(photo)
            i += photo.consumed
        return found, i

    def attach_photos(self, article: ParsedArticle, photos: list[FoundPhoto]) -> None:
        for found in photos:
            article.photos.append(found.photo)
            self.source(article, found.lines)

    # -- the walk ------------------------------------------------------------------------------
    def walk_page(self, page: ParsedPage, blocks: list[Block]) -> None:
        self.page = page
        self.current = None
        self.pending_bylines = []
        self.photos = {}
        ads = self.advertisements(blocks)
        i = 0
        while i < len(blocks):
            if i in ads:  # page furniture as printed, never an article
                page.meta_lines.extend(line.text for line in blocks[i].lines)
                i += 1
                continue
            i = self.step(blocks, i)
        if self.pending_bylines:
            line = self.pending_bylines[0][0].number
            self.untitled(line)

    def step(self, blocks: list[Block], i: int) -> int:
        block = blocks[i]
        current = self.current
        is_open = current is not None and self.open[id(current)]
        first_kind = _kind(block.first)

        if first_kind == "jump_in":
            return self.continue_jump(blocks, i, repeated=[], photos=[])

        photos, after = self.photo_run(blocks, i)
        if photos:
            if current is not None and (
                is_open or (after < len(blocks) and not self.starts_item(blocks, after))
            ):
                self.attach_photos(current, photos)
            else:
                for found in photos:  # 图片新闻 without a heading: one item per photo
                    item = self.new_article(found.photo.line or block.number)
                    item.kind = "photo"
                    self.attach_photos(item, [found])
                self.current = None
            return after

        if len(block.lines) == 1 and COLUMN_LABEL_RE.match(block.first.norm.strip()):
            # A column label (图片新闻, 简讯, "…"征文选登) heads what follows: never the last line of
            # a poem or the tail of an open paragraph before it.
            return self.title_group(blocks, i)
        if current is not None and not is_open and self.signature_of(current, block):
            for line in block.lines:  # "本报编辑部 / 2022年3月28日" closes its notice, line by line
                self.open[id(current)] = False
                self.body_line(current, line)
            self.open[id(current)] = False
            return i + 1

        if current is not None and not is_open and self.closing_note(current, block):
            # "（浙江某某律师事务所 李明）" under an answer: the piece's last paragraph, never the
            # kicker of the next title. It ends a poem or a 相关链接 box as "（作者单位：…）" does.
            self.body_line(current, block.first)
            self.open[id(current)] = False
            self.verse.discard(id(current))
            self.boxed.discard(id(current))
            return i + 1

        if current is not None:
            key = id(current)
            text = block.first.norm.strip()
            if key in self.verse or key in self.boxed:
                # Inside a poem or a 相关链接 box a title must be followed by a clear start (byline,
                # dateline, 编者按, prose). In a poem a stanza (two or more lines) is never a title,
                # and lone lines over the next title are the poem's last lines: the next piece's
                # title group is its headline alone, or kicker + headline over a ——/bracketed
                # subheadline.
                prose = key in self.verse  # in a 相关链接 box, a term over its definition is no piece
                titles = self.piece_start_ahead(blocks, i, prose=prose)
                last_line = False
                if key in self.verse and verse_shaped(block):
                    if len(block.lines) >= 2:
                        last_line = True
                    elif titles:
                        end = blocks[i + titles - 1].title_text
                        group = min(titles, 3) if titles > 1 and subheadline_shaped(end, "") else 1
                        last_line = titles != group
                if title_shaped(block, in_article=False) and titles and not last_line:
                    return self.title_group(blocks, i)
                if key in self.verse and verse_shaped(block):
                    return self.verse_lines(current, block, i)
                if title_shaped(block, in_article=False) and not self.open[key]:
                    self.body_block(current, block, i)  # a subhead inside the box: its own paragraph
                    self.open[key] = False
                    return i + 1
                return self.body_block(current, block, i)
            if (
                not current.paragraphs
                and current.kind == "article"
                and (
                    len(block.lines) >= 3
                    or (len(block.lines) == 2 and any(not credit.role for credit in current.bylines))
                    or self.single_verse_lines(current, blocks, i)
                )
                and verse_shaped(block)
            ):
                return self.verse_lines(current, block, i)  # the first stanza of a poem
            if len(block.lines) == 1 and LINK_BOX_RE.match(text):
                self.body_line(current, block.first)
                self.open[key] = False
                self.boxed.add(key)
                return i + 1
            if SPEAKER_RE.match(text) or (key in self.interview and NAMED_SPEAKER_RE.match(text)):
                return self.body_block(current, block, i)  # a Q&A turn, never a headline

        if (
            current is not None
            and current.kind == "article"
            and current.headline
            and not current.paragraphs
            and not current.bylines
            and bare_name_over_prose(blocks, i)
        ):
            current.bylines.append(Credit(name=block.first.norm.strip(), role=""))
            self._add_byline_text(current, block.first.text.strip())
            self.source(current, block.lines)
            return i + 1
        if (
            current is not None
            and not is_open
            and current.kind == "article"
            and self.marked_subhead(blocks, i)
        ):
            self.body_line(current, block.first)  # "■ 把牢政治方向": a paragraph of its own
            self.open[id(current)] = False
            return i + 1
        if title_shaped(block, in_article=current is not None) and (
            not is_open or self.article_start_ahead(blocks, i)
        ):
            return self.title_group(blocks, i)
        if title_shaped(block, in_article=current is not None, loose=True) and self.article_start_ahead(
            blocks, i, loose=True
        ):
            return self.title_group(blocks, i, loose=True)

        if (
            current is not None
            and not is_open
            and ENUM_RE.match(block.title_norm.strip())
            and title_shaped(block, in_article=False)
        ):
            # An in-body subhead ("一、加强组织领导"): a paragraph of its own, never a new article.
            for line in block.lines:
                self.body_line(current, line)
            self.open[id(current)] = False
            return i + 1

        if len(block.lines) == 1 and first_kind == "byline" and current is None:
            self.pending_bylines.append((block.first, standalone_byline(block.first.norm) or []))
            return i + 1

        starts_notice = first_kind == "dateline" or bool(CORRECTION_START_RE.match(block.first.norm))
        if starts_notice and current is not None and current.paragraphs:
            # A new 消息 with no headline of its own.
            current = self.untitled(block.number)
            self.current = current
        if current is None:
            current = self.untitled(block.number)
            self.current = current
        for line in block.lines:
            self.body_line(current, line)
        return i + 1

    @staticmethod
    def signature_of(article: ParsedArticle, block: Block) -> bool:
        """A notice's signature under its last paragraph: the paper's own (本报编辑部) under any
        article, another signer or a date alone only under a notice (更正, 启事, 公告…)."""
        if article.kind != "article" or not article.paragraphs or len(block.lines) > 2:
            return False
        texts = [line.norm.strip() for line in block.lines]
        if not all(SIGNATURE_RE.match(text) for text in texts):
            return False
        return bool(PAPER_SIGNATURE_RE.match(texts[0]) or NOTICE_TITLE_RE.search(normalise(article.headline)))

    @staticmethod
    def marked_subhead(blocks: list[Block], i: int) -> bool:
        """ "■ 把牢政治方向" over prose inside an article: a decorated subhead of its body. A column
        label (■一线传真) or a byline (■本报评论员) keeps its own rule; a decorated line over a
        title or a dateline heads something new."""
        block = blocks[i]
        text = block.first.norm.strip()
        if len(block.lines) != 1 or text[:1] not in "■●◆▲★▶►" or i + 1 >= len(blocks):
            return False
        if COLUMN_LABEL_RE.match(text) or _kind(block.first) != "text":
            return False
        return prose_line(blocks[i + 1].first)

    @staticmethod
    def closing_note(article: ParsedArticle, block: Block) -> bool:
        """One line wholly in round brackets under a closed paragraph: a source, an answerer or an
        author's note closing the piece above. Bylines, jumps and advert labels keep their rules."""
        if article.kind != "article" or not article.paragraphs or len(block.lines) != 1:
            return False
        text = block.first.norm.strip()
        return (
            len(text) <= TITLE_MAX_ONE_LINE
            and text.startswith("(")
            and text.endswith(")")
            and text.count("(") == 1
            and _kind(block.first) == "text"
            and not AD_LABEL_RE.match(text)
            and bool(TEXTUAL_RE.search(text))
        )

    def body_block(self, article: ParsedArticle, block: Block, i: int) -> int:
        for line in block.lines:
            self.body_line(article, line)
        return i + 1

    def verse_lines(self, article: ParsedArticle, block: Block, i: int) -> int:
        """Verse: one paragraph per printed line, never joined to the next."""
        self.verse.add(id(article))
        for line in block.lines:
            self.open[id(article)] = False
            self.body_line(article, line)
        self.open[id(article)] = False
        return i + 1

    def single_verse_lines(self, article: ParsedArticle, blocks: list[Block], i: int) -> bool:
        """Under a role-less byline (□ 作者), two short unclosed lines in a row, each a block of its
        own (a file without blank lines): verse, not a title over the next line."""
        if not any(not credit.role for credit in article.bylines) or i + 1 >= len(blocks):
            return False
        here, after = blocks[i], blocks[i + 1]
        return (
            len(here.lines) == 1
            and not is_closed(here.first.norm)
            and verse_shaped(after)
            and not self.piece_start_ahead(blocks, i + 1)
        )

    def piece_start_ahead(self, blocks: list[Block], i: int, *, prose: bool = True) -> int:
        """Up to three title blocks, photos, then a byline, dateline, 上接, 编者按 or a prose line:
        the number of title blocks of that start, 0 when block i starts no piece."""
        j = i
        while j < len(blocks) and j - i < 3 and title_shaped(blocks[j], in_article=False):
            if self.photo_at(blocks, j):
                break
            j += 1
        titles = j - i
        if not titles:
            return 0
        _, j = self.photo_run(blocks, j)
        if j >= len(blocks):
            return 0
        first = blocks[j].first
        if _kind(first) in ("dateline", "jump_in", "byline"):
            return titles
        text = first.norm.strip()
        return titles if EDITOR_NOTE_RE.match(text) or (prose and len(text) > PROSE_LINE_MIN) else 0

    def advertisements(self, blocks: list[Block]) -> set[int]:
        """Blocks of advertising: from a 广告 label, or around contact lines (电话：/地址：/网址…),
        over neighbouring short copy; a zone needs a label or two contact lines. News ends its
        sentences with 。, which ends a zone; so does a title that leads into an article."""
        ads: set[int] = set()
        count = len(blocks)
        if self.page is not None and AD_LABEL_RE.match(normalise(self.page.name).strip()):
            return set(range(count))  # a page of advertising (第8版 广告)
        short = "\n".join(line.norm for block in blocks for line in block.lines if len(line.norm) <= 60)
        if not AD_HINT_RE.search(short):
            return ads  # no label, contact word or phone number on any short line of the page
        labelled = [any(AD_LABEL_RE.match(line.norm.strip()) for line in b.lines) for b in blocks]
        contacts = [sum(contact_line(line) for line in b.lines) for b in blocks]
        if not any(labelled) and sum(contacts) < 2:
            return ads
        adlike = [all(ad_line(line) for line in b.lines) for b in blocks]
        i = 0
        while i < count:
            if not (labelled[i] or contacts[i]) or i in ads:
                i += 1
                continue
            start = i
            label_under = (
                labelled[i]
                and AD_LABEL_RE.match(blocks[i].lines[-1].norm.strip())
                and (
                    len(blocks[i].lines) > 1
                    or i + 1 >= count
                    or labelled[i + 1]
                    or not (contacts[i + 1] or adlike[i + 1])
                    or self.news_start(blocks, i + 1)
                )
            )  # a label with its advert's copy below it heads that copy, it takes nothing above
            if not labelled[i] or label_under:
                # copy above a contact line, or above a label printed under its advert ("（广告）")
                while start > 0 and adlike[start - 1] and not labelled[start - 1] and start - 1 not in ads:
                    if not (contacts[start - 1] or self.ad_copy_before(blocks, start - 1)):
                        break
                    start -= 1
            end = i + 1
            while end < count and not labelled[end] and (contacts[end] or adlike[end]):
                if not contacts[end] and self.news_start(blocks, end):
                    break
                end += 1
            zone = range(start, end)
            if any(labelled[k] for k in zone) or sum(contacts[k] for k in zone) >= 2:
                ads.update(zone)
            i = end
        return ads

    def ad_copy_before(self, blocks: list[Block], k: int) -> bool:
        """Short copy above a contact line (a shop's name, a slogan), not the end of a news item."""
        if any(PAPER_SIGNATURE_RE.match(line.norm.strip()) for line in blocks[k].lines):
            return False  # "本报编辑部": the signature of the notice above, not a shop's name
        return k == 0 or not self.news_start(blocks, k)

    def news_start(self, blocks: list[Block], k: int) -> bool:
        """Block k begins (or is the body of) news: a title followed by a dateline, byline or prose."""
        nxt = blocks[k + 1] if k + 1 < len(blocks) else None
        if nxt is None:
            return False
        text = nxt.first.norm.strip()
        return (
            _kind(nxt.first) in ("dateline", "byline", "jump_in")
            or (len(text) > PROSE_LINE_MIN and not contact_line(nxt.first))
            or text.rstrip(CLOSERS).endswith("。")
        )

    def starts_item(self, blocks: list[Block], i: int) -> bool:
        """Whether block i begins something new (a title, a continuation), not more body."""
        block = blocks[i]
        return _kind(block.first) == "jump_in" or title_shaped(block, in_article=True)

    def article_start_ahead(self, blocks: list[Block], i: int, *, loose: bool = False) -> bool:
        """A title group, then optional photos and byline, then a dateline or a 上接 line."""
        j = i
        while j < len(blocks) and j - i < 5 and title_shaped(blocks[j], in_article=False, loose=loose):
            if self.photo_at(blocks, j):
                break
            j += 1
        if j == i:
            return False
        _, j = self.photo_run(blocks, j)
        if j < len(blocks) and _kind(blocks[j].first) == "byline" and len(blocks[j].lines) == 1:
            j += 1
        return j < len(blocks) and _kind(blocks[j].first) in ("dateline", "jump_in")

    def title_group(self, blocks: list[Block], i: int, *, loose: bool = False) -> int:
        group: list[Block] = []
        j = i
        while j < len(blocks) and (
            title_shaped(blocks[j], in_article=not group and self.current is not None, loose=loose)
            or (group and len(group) < 3 and self.question_title(blocks, j))
        ):
            if self.photo_at(blocks, j):
                break
            if (
                len(" ".join(b.title_text for b in [*group[2:], blocks[j]])) > MAX_TITLE_FIELD
                and len(group) >= 2
            ):
                break  # the subheadline would outgrow its field: what follows starts afresh
            if group and len(" ".join(b.title_text for b in group)) >= 6 and bare_name_over_prose(blocks, j):
                break  # "张才方" under the headline: the author, read as a byline next
            if group and len(blocks[j].lines) >= 3 and verse_shaped(blocks[j]):
                nxt = blocks[j + 1].first if j + 1 < len(blocks) else None
                if nxt is None or _kind(nxt) not in ("dateline", "byline", "jump_in"):
                    break  # three short lines after a title, not leading to a dateline: a stanza
            group.append(blocks[j])
            j += 1
        photos, k = self.photo_run(blocks, j)
        if k < len(blocks) and _kind(blocks[k].first) == "jump_in" and self.find_jump(blocks[k], group):
            return self.continue_jump(blocks, k, repeated=group, photos=photos)
        self.current = None
        article = self.new_article(group[0].number, titles=group)
        self.attach_photos(article, photos)
        if photos and (k >= len(blocks) or self.starts_item(blocks, k)):
            article.kind = "photo"  # 图片新闻 under a small heading
            self.current = None
        else:
            self.current = article
            if (
                k < len(blocks)
                and len(group) == 1
                and not photos
                and _kind(blocks[k].first) == "text"
                and len(self.page.articles) > 1
            ):
                # One short line between two stretches of body: a headline, or an in-body subhead
                # or a column-broken fragment? Decided at the end, once bylines are known.
                self.uncertain.add(id(article))
        return k

    @staticmethod
    def question_title(blocks: list[Block], j: int) -> bool:
        """Under a title already begun (a column label such as 职工说法, a kicker), one short line
        ending in ？ or ！ with a dateline, byline or prose under it is the headline ("加班费该怎么
        算？"), not the first paragraph. Alone, such a line stays text: a rhetorical question is a
        paragraph of its own in commentaries."""
        block = blocks[j]
        if len(block.lines) != 1 or len(block.first.norm.strip()) > 30 or j + 1 >= len(blocks):
            return False
        if not title_shaped(block, in_article=False, loose=True):
            return False
        after = blocks[j + 1].first
        return _kind(after) in ("dateline", "byline") or len(after.norm.strip()) > PROSE_LINE_MIN

    def find_jump(self, block: Block, repeated: list[Block]) -> Jump | None:
        """The waiting `(下转…)` that a `(上接第N版)` block continues: from that page to this one, in
        order; under a repeated headline, only an article whose titles hold that headline."""
        assert self.page is not None
        match = JUMP_IN_RE.match(block.first.norm)
        if match is None:
            return None
        from_page = chinese_number(match.group(1)) or 0
        candidates = [
            jump
            for jump in self.jumps
            if not jump.matched and jump.from_page == from_page != self.page.number
        ]
        here = [jump for jump in candidates if jump.to_page == self.page.number] or candidates
        if repeated:
            wanted = set(HAN_RE.findall("".join(b.title_text for b in repeated)))
            here = [
                jump
                for jump in here
                if wanted
                <= set(HAN_RE.findall(jump.article.kicker + jump.article.headline + jump.article.subheadline))
            ]
        return here[0] if here else None

    def continue_jump(
        self, blocks: list[Block], k: int, *, repeated: list[Block], photos: list[FoundPhoto]
    ) -> int:
        assert self.page is not None
        block = blocks[k]
        match = JUMP_IN_RE.match(block.first.norm)
        assert match is not None
        jump = self.find_jump(block, repeated)
        previous = self.current
        self.current = None
        if jump:
            jump.matched = True
            article = jump.article
            for group_block in repeated:  # the repeated headline: kept in the source only
                self.source(article, group_block.lines)
            self.attach_photos(article, photos)
            self.current = article
            if self.repeats_title(article, block.first.norm[match.end() :]):
                self.source(article, [block.first])  # "（接第1版）<the headline again>": source only
            else:
                self.body_line(article, block.first, start=match.end())
        else:
            self.warn(
                "unmatched_jump",
                f"“{block.first.text[: match.end()].strip()}”找不到对应的“下转第{self.page.number}版”，文字已保留",
                block.number,
            )
            if (
                previous is not None
                and previous.headline
                and not previous.paragraphs
                and previous.kind == "article"
            ):
                article = previous  # the headline printed above the orphaned continuation
            else:
                article = self.new_article(block.number, untitled=True)
            self.attach_photos(article, photos)
            self.current = article
            self.body_line(article, block.first)
        for line in block.lines[1:]:
            self.body_line(self.current or article, line)
        return k + 1

    @staticmethod
    def repeats_title(article: ParsedArticle, rest: str) -> bool:
        """The text after a 上接/接 mark is the article's headline printed again (on one line)."""
        squeezed = re.sub(r"\s+", "", rest)
        if not squeezed:
            return False
        titles = [article.headline, article.kicker + article.headline, article.headline + article.subheadline]
        return any(squeezed == re.sub(r"\s+", "", normalise(title)) for title in titles if title)

    def body_line(self, article: ParsedArticle, line: Line, *, start: int = 0) -> None:
        """One body line: formulae at the start of the first paragraph, jumps, bylines, joining."""
        self.source(article, [line])
        norm, text = line.norm, line.text
        kind = _kind(line) if start == 0 else "text"
        if kind == "byline":
            article.bylines.extend(standalone_byline(norm) or [])
            self._add_byline_text(article, text)
            return
        if kind == "end":
            article.paragraphs.append(text)
            self.open[id(article)] = False
            return
        if not article.paragraphs:
            length = dateline_at(norm[start:])
            if length and not article.dateline:
                article.dateline = text[start : start + length]
                start += length
            start += len(norm[start:]) - len(norm[start:].lstrip())
            formula = byline_formula_at(norm[start:])
            if formula:
                length, credits = formula
                article.bylines.extend(credits)
                self._add_byline_text(article, text[start : start + length])
                start += length
        end = len(norm)
        jump = JUMP_OUT_RE.search(norm, start)
        if jump:
            end = jump.start()
        piece = text[start:end].strip()
        if piece:
            piece_norm = norm[start:end].strip()  # normalisation is 1:1: the same span, normalised
            note = bool(NOTE_LINE_RE.match(piece_norm))
            turn = bool(
                SPEAKER_RE.match(piece_norm)
                or (id(article) in self.interview and NAMED_SPEAKER_RE.match(piece_norm))
            )
            # "相关链接" typed in one block with its box (no blank lines): the label is a paragraph
            # of its own, and in the box a term stands over its definition.
            box = bool(LINK_BOX_RE.match(piece_norm))
            term = id(article) in self.boxed and len(piece_norm) <= 20 and not closed_paragraph(piece_norm)
            if article.paragraphs and self.open[id(article)] and not note and not turn and not box:
                article.paragraphs[-1] += piece
            else:
                article.paragraphs.append(piece)
            self.open[id(article)] = not (note or box or term) and not closed_paragraph(piece_norm)
            if box:
                self.boxed.add(id(article))
            if turn:
                self.interview.add(id(article))
            if note:  # "（作者单位：…）" closes a piece: what follows is read afresh
                self.verse.discard(id(article))
                self.boxed.discard(id(article))
        if jump:
            assert self.page is not None
            to_page = chinese_number(jump.group(1)) or 0
            article.jump_pages.append(to_page)
            self.jumps.append(Jump(article, self.page.number, to_page, line.number))
            if self.current is article:
                self.current = None

    # -- the end -------------------------------------------------------------------------------
    def finish(self) -> None:
        for jump in self.jumps:
            if not jump.matched:
                self.warn(
                    "unmatched_jump",
                    f"“下转第{jump.to_page}版”找不到对应的“上接第{jump.from_page}版”",
                    jump.line,
                )
        for page in self.issue.pages:
            for article in page.articles:
                self.finish_article(article)

    def finish_article(self, article: ParsedArticle) -> None:
        key = id(article)
        if article.paragraphs:
            suffix = byline_suffix_at(normalise(article.paragraphs[-1]))
            if suffix:
                start, credits = suffix
                last = article.paragraphs[-1]
                article.bylines.extend(credits)
                self._add_byline_text(article, last[start:].strip())
                rest = last[:start].rstrip()
                if rest:
                    article.paragraphs[-1] = rest
                    self.open[key] = not is_closed(rest)
                else:
                    article.paragraphs.pop()
                    self.open[key] = bool(article.paragraphs) and not is_closed(article.paragraphs[-1])
        if re.sub(r"\s", "", normalise(article.headline)) in CORRECTION_TITLES or (
            not article.headline
            and article.paragraphs
            and CORRECTION_START_RE.match(normalise(article.paragraphs[0]))
        ):
            article.is_correction = True
        if article.kind == "article" and article.headline and not article.paragraphs and not article.photos:
            self.warn("title_without_body", f"标题“{article.headline}”下没有正文", article.line)
        if (
            key in self.uncertain
            and not article.dateline
            and not article.bylines
            and not article.is_correction
        ):
            self.warn(
                "title_uncertain",
                f"“{article.headline}”被当作新稿件的标题（无电头、无署名），也可能是上一篇的小标题或分栏截断的文字，请核对",
                article.line,
            )
        jumped = any(not jump.matched and jump.article is article for jump in self.jumps)
        if self.open.get(key) and article.paragraphs and not jumped:
            self.warn(
                "paragraph_unclosed",
                f"“{article.headline or article.paragraphs[-1][:12]}”的最后一段没有结束标点，可能缺文字或分段有误",
                self.last_line.get(key, article.line),
            )
        printed: list[str] = []
        previous = None
        # In file order: a byline printed above the headline (■本报评论员) is read after it.
        for line in sorted(self.sources.get(key, []), key=lambda line: line.number):
            if line.number in self.run_in:
                if previous != line.number:  # a run-in headline and its body: one printed line
                    printed.append(self.run_in[line.number])
            else:
                printed.append(line.text)
            previous = line.number
        article.source_text = "\n".join(printed)


def parse_bytes(data: bytes) -> ParsedIssue:
    text, encoding = decode(data)
    return parse_text(text, encoding=encoding)


def parse_text(text: str, *, encoding: str = "") -> ParsedIssue:
    """Parse one issue's decoded text. Raises ParseError (Chinese message, line) and nothing else."""
    if "\x00" in text:
        raise ParseError("文件是二进制数据，不是文本（含有空字节）")
    numbered = split_lines(text)
    if not any(line for _, line in numbered):
        raise ParseError("文件为空")
    masthead = read_masthead(numbered)
    warnings: list[ParseWarning] = []
    if masthead.date is None:
        found = fallback_date(numbered)
        if found is None:
            raise invalid_date_error(numbered)
        masthead.date, masthead.date_line, printed = found
        masthead.fields.setdefault("日期", printed)
        warnings.append(
            ParseWarning("date_outside_masthead", f"报头中没有日期，采用第{found[1]}行的日期", found[1])
        )
    issue = ParsedIssue(
        date=masthead.date,
        weekday=masthead.weekday,
        lunar_date=masthead.lunar_date,
        number=masthead.number,
        publication=masthead.publication or DEFAULT_PUBLICATION,
        masthead=masthead.fields,
        source_text=text,
        encoding=encoding,
        masthead_end_line=numbered[masthead.end - 1][0] if masthead.end else 0,
    )
    issue.warnings.extend(calendar_warnings(masthead))
    issue.warnings.extend(warnings)
    if invisible := invisible_characters_warning(text):
        issue.warnings.append(invisible)

    first_line = next((number for number, line in numbered if line), 1)
    page = ParsedPage(number=1, line=first_line)
    issue.pages.append(page)
    blocks: dict[int, list[Block]] = {1: []}
    pending: list[Line] = []
    run_in: dict[int, str] = {}  # lines split into a run-in headline and its body

    def flush() -> None:
        if any(is_closed(line.norm) for line in pending[:-1]):
            # Paragraphs separated by line breaks alone (no blank lines): a line is a block.
            blocks[page.number].extend(Block([line]) for line in pending)
        elif pending:
            blocks[page.number].extend(Block(part) for part in split_block(pending))
        pending.clear()

    def meta(target: ParsedPage, text_line: str) -> None:
        target.meta_lines.append(text_line)

    def section_before(target: ParsedPage) -> None:
        """A lone section name right above page furniture ("综合新闻" over "第3版") is furniture too."""
        if len(pending) == 1 and is_section_name(pending[0].text):
            meta(target, pending[0].text)
            target.name = target.name or pending[0].text
            pending.clear()

    second_issue_seen = False
    head_zone = False  # the previous line was page furniture, with no blank line since
    trailing: list[str] = []  # running-head lines just added to page.meta_lines, no blank since
    foot = False  # an editor line of this page above, no blank since: running heads are its foot
    for index, (number, raw) in enumerate(numbered):
        if index < masthead.end and index not in masthead.page_one_heads:
            continue
        if not raw:
            flush()
            head_zone = False
            trailing.clear()
            foot = False
            continue
        if head_zone and not page.name and not pending and not blocks[page.number] and is_section_name(raw):
            meta(page, raw)  # "第3版" then "综合新闻" on the next line: the page's section
            page.name = page.name or raw
            trailing.append(raw)
            continue
        marker = page_marker(raw)
        if marker:
            head_zone = True
            if marker.number != page.number and not any(p.number == marker.number for p in issue.pages):
                moved = pending[0].text if len(pending) == 1 and is_section_name(pending[0].text) else ""
                if moved:
                    pending.clear()
            else:
                moved = ""
            flush()
            if marker.number == page.number:
                meta(page, raw)
            elif any(existing.number == marker.number for existing in issue.pages):
                meta(page, raw)
                issue.warnings.append(
                    ParseWarning("page_repeated", f"第{marker.number}版再次出现，按当前版的版头处理", number)
                )
                continue
            else:
                page = ParsedPage(number=marker.number, line=number)
                issue.pages.append(page)
                blocks[page.number] = []
                previous = issue.pages[-2]
                if trailing and previous.meta_lines[-len(trailing) :] == trailing:
                    # "浙江工人日报" / "2021年8月7日" printed just above "第2版": the new page's head
                    del previous.meta_lines[-len(trailing) :]
                    page.meta_lines.extend(trailing)
                if moved:
                    meta(page, moved)
                    page.name = moved
                meta(page, raw)
            page.name = page.name or marker.name
            page.editor = page.editor or marker.editor
            trailing.clear()
            continue
        fields = meta_fields(raw)
        # "报名热线：…" inside an advert's copy is no page footer: it stays in the advert, in order.
        footer = fields is None and is_footer(raw)
        if fields is not None or (footer and not in_advert(pending, blocks[page.number])):
            section_before(page)
            head_zone = True
            trailing.clear()
            foot = bool(blocks[page.number] or pending)  # under the page's text: its foot
            flush()
            meta(page, raw)
            if fields:
                page.editor = page.editor or editor_of(fields)
            continue
        norm = normalise(raw)
        signed = bool(pending) and bool(SIGNATURE_RE.match(pending[-1].norm.strip()))  # a notice's date
        if not second_issue_seen and not signed and is_masthead_line(norm):
            other = next((date for _, date in find_dates(norm) if date and date != issue.date), None)
            if other:
                second_issue_seen = True
                issue.warnings.append(
                    ParseWarning(
                        "second_issue",
                        f"第{number}行又出现报头日期（{other.year}年{other.month}月{other.day}日），"
                        "文件可能包含不止一期报纸，后面的内容已按本期处理，请核对",
                        number,
                    )
                )
        if (is_running_head(raw, issue.date) and not signed) or is_folio(raw):
            # A running head without 第N版 (paper, date, section) or a lone page number: furniture.
            if not is_folio(raw):
                section_before(page)
                head_zone = True
                if not foot:
                    trailing.append(raw)
            flush()
            meta(page, raw)
            continue
        head_zone = False
        trailing.clear()
        foot = False
        line = Line(number, raw, norm)
        cut = run_in_title(line)
        if cut is not None:
            # A run-in headline starts an item: a block of its own, its body the next block.
            run_in[number] = raw
            flush()
            pending.append(Line(number, raw[:cut].rstrip(), norm[:cut].rstrip()))
            flush()
            line = Line(number, raw[cut:].lstrip(), norm[cut:].lstrip())
        pending.append(line)
    flush()

    builder = _IssueBuilder(issue, run_in)
    for parsed_page in issue.pages:
        builder.walk_page(parsed_page, blocks[parsed_page.number])
    builder.finish()
    return issue


__all__ = ["PARSER_VERSION", "decode", "parse_bytes", "parse_text"]
