"""What the parser produces: plain dataclasses, no Django.

Text is kept as printed (the OCR's own punctuation and characters); only line-edge whitespace is
trimmed and column-broken paragraphs are rejoined."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field


class ParseError(Exception):
    """The file cannot become an issue (empty, binary, undecodable, no recognisable date)."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line

    def __str__(self) -> str:
        return f"第{self.line}行: {self.message}" if self.line else self.message


@dataclass(frozen=True)
class Credit:
    """One credited person, with the role as printed ("记者", "见习记者", "通讯员", "评论员", or "")."""

    name: str
    role: str = ""


@dataclass
class ParsedPhoto:
    caption: str
    credits: list[Credit] = field(default_factory=list)
    credit_text: str = ""  # the credit line as printed, e.g. "见习记者李国峰 摄"
    line: int | None = None  # 1-based line of the caption in the source


@dataclass
class ParsedArticle:
    kicker: str = ""  # 引题
    headline: str = ""  # 主题
    subheadline: str = ""  # 副题
    dateline: str = ""  # 电头: "本报讯", "新华社杭州3月27日电"
    bylines: list[Credit] = field(default_factory=list)
    byline_text: str = ""  # the byline formulae as printed, e.g. "记者曾晨路报道" (space-joined if several)
    paragraphs: list[str] = field(default_factory=list)
    photos: list[ParsedPhoto] = field(default_factory=list)
    kind: str = "article"  # "article" or "photo" (图片新闻: photos, no body)
    jump_pages: list[int] = field(default_factory=list)  # pages this article continues on (下转第N版)
    source_text: str = ""  # the article's lines as they stand in the file (all parts, jumps included)
    line: int | None = None  # 1-based first line in the source
    untitled: bool = False  # text the parser could not attach to a headline (kept, flagged)
    is_correction: bool = False  # a 更正 notice (a real article, marked so desk and readers can show it)


@dataclass
class ParsedPage:
    number: int
    name: str = ""  # section as printed, e.g. "综合新闻"
    editor: str = ""  # 责任编辑
    meta_lines: list[str] = field(default_factory=list)  # running heads, 美编/校对, hotline … as printed
    articles: list[ParsedArticle] = field(default_factory=list)
    line: int | None = None


@dataclass
class ParseWarning:
    code: str  # machine-readable: "weekday_mismatch", "lunar_mismatch", "unplaced_text", …
    message: str  # for editors, in Chinese
    line: int | None = None


@dataclass
class ParsedIssue:
    date: datetime.date
    weekday: str = ""  # as printed, "星期六"
    lunar_date: str = ""  # as printed, "辛丑年六月廿九"
    number: int | None = None  # 总第N号 as printed
    publication: str = "浙江工人日报"
    masthead: dict[str, object] = field(default_factory=dict)  # other masthead fields, as printed
    pages: list[ParsedPage] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)
    source_text: str = ""  # the decoded text, whole
    encoding: str = ""  # "utf-8", "utf-8-sig", "gb18030"
    masthead_end_line: int = 0  # 1-based last line of the masthead block (0: none found)

    @property
    def articles(self) -> list[ParsedArticle]:
        return [article for page in self.pages for article in page.articles]
