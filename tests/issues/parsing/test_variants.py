"""Hand-made variants of the seeds: every case the importer issue lists, one test (or more) each."""

from __future__ import annotations

import dataclasses
import datetime
import sys
import unicodedata

import pytest

from issues.parsing import Credit, ParseError, decode, is_closed, parse_bytes, parse_text
from issues.parsing.text import CONTROL_RE, normalise

from .helpers import SEED_2021, SEED_2022, assert_covered, assert_fits_database

SEED1 = SEED_2021.read_text(encoding="utf-8")
SEED2 = SEED_2022.read_text(encoding="utf-8")
HEAD = "辛丑年六月廿九\n2021年8月7日 星期六\n邮发代号:31-2 总第1186号\n浙江工人日报\n"


def issue_of(body: str, head: str = HEAD):
    text = head + "\n" + body
    issue = parse_text(text)
    assert_covered(issue, text)
    assert_fits_database(issue)
    return issue


def structure(issue):
    """Everything but what legitimately differs between encodings/line endings of one text."""
    return (
        [
            (
                page.number,
                page.name,
                page.editor,
                page.meta_lines,
                [dataclasses.asdict(a) for a in page.articles],
            )
            for page in issue.pages
        ],
        issue.masthead,
        issue.date,
        issue.weekday,
        issue.lunar_date,
        issue.number,
        [dataclasses.asdict(w) for w in issue.warnings],
    )


def codes(issue) -> list[str]:
    return [warning.code for warning in issue.warnings]


# -- encodings, line endings, full-width forms -----------------------------------------------------------


@pytest.mark.parametrize(
    ("encode", "encoding"),
    [
        (lambda text: text.encode("utf-8"), "utf-8"),
        (lambda text: text.encode("utf-8-sig"), "utf-8-sig"),
        (lambda text: text.encode("gb18030"), "gb18030"),
        (lambda text: text.encode("gbk"), "gb18030"),
    ],
)
@pytest.mark.parametrize("seed", [SEED1, SEED2])
def test_encodings_give_the_same_issue(seed, encode, encoding):
    issue = parse_bytes(encode(seed))
    assert issue.encoding == encoding
    assert structure(issue) == structure(parse_text(seed))
    assert issue.source_text == seed


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_crlf_and_cr_line_endings(newline):
    for seed in (SEED1, SEED2):
        converted = seed.replace("\n", newline)
        assert structure(parse_bytes(converted.encode("utf-8"))) == structure(parse_text(seed))


def test_bom_in_decoded_text_is_ignored():
    assert structure(parse_text("\ufeff" + SEED1)) == structure(parse_text(SEED1))


FULL_WIDTH = str.maketrans({",": "，", ":": "：", "(": "（", ")": "）", " ": "\u3000", ";": "；"})


def test_full_width_punctuation_and_ideographic_spaces():
    converted = "\n".join(line.translate(FULL_WIDTH) for line in SEED1.split("\n"))
    issue = parse_text(converted)
    plain = parse_text(SEED1)
    assert_covered(issue, converted)
    assert issue.masthead["电子邮箱"] == "zjgrxxw@163.com" and issue.number == 1186
    assert issue.weekday == "星期六" and not issue.warnings
    assert len(issue.articles) == len(plain.articles) == 4
    for got, want in zip(issue.articles, plain.articles, strict=True):
        # Stored as printed (full-width), equal to the half-width parse once normalised.
        assert [normalise(p) for p in got.paragraphs] == [normalise(p) for p in want.paragraphs]
        assert normalise(got.headline) == normalise(want.headline)
        assert normalise(got.subheadline) == normalise(want.subheadline)
        assert (got.dateline, got.bylines, len(got.photos)) == (want.dateline, want.bylines, len(want.photos))
    assert issue.articles[0].paragraphs[0].startswith("新目标催人奋进，新征程呼唤担当。")
    assert (
        issue.articles[3].subheadline == "（2021年8月6日\u3000浙江省总工会第十五届委员会第五次全体会议通过）"
    )
    assert issue.articles[0].photos[0].credit_text == "见习记者李国峰\u3000摄"


# -- masthead -------------------------------------------------------------------------------------------


def test_weekday_on_the_next_line():
    text = SEED1.replace("2021年8月7日 星期六", "2021年8月7日\n星期六")
    issue = parse_text(text)
    assert (issue.date, issue.weekday, issue.warnings) == (datetime.date(2021, 8, 7), "星期六", [])


def test_masthead_in_another_order_with_chinese_numeral_date():
    head = "浙江工人日报\n总第1186号\n二〇二一年八月七日 星期六\n农历辛丑年六月廿九 今日8版\n"
    issue = issue_of("标题\n\n正文。\n", head)
    assert issue.date == datetime.date(2021, 8, 7)
    assert (issue.weekday, issue.lunar_date, issue.number) == ("星期六", "辛丑年六月廿九", 1186)
    assert issue.masthead["今日版数"] == "8"
    assert issue.warnings == []


def test_wrong_weekday_is_a_warning():
    issue = parse_text(SEED1.replace("星期六", "星期五"))
    assert codes(issue) == ["weekday_mismatch"]
    assert issue.warnings[0].line == 6
    assert "星期六" in issue.warnings[0].message and "星期五" in issue.warnings[0].message
    assert issue.weekday == "星期五"  # stored as printed


def test_wrong_lunar_date_is_a_warning():
    issue = parse_text(SEED2.replace("壬寅年二月廿六", "壬寅年二月廿七"))
    assert codes(issue) == ["lunar_mismatch"]
    assert issue.warnings[0].line == 5
    assert "壬寅年二月廿六" in issue.warnings[0].message


@pytest.mark.parametrize(
    ("date", "lunar"),
    [
        ("2020年5月25日 星期一", "庚子年闰四月初三"),  # a leap month
        ("2022年1月20日 星期四", "辛丑年腊月十八"),
        ("2022年1月20日 星期四", "辛丑年十二月十八"),
        ("2021年12月20日 星期一", "辛丑年冬月十七"),
        ("2021年8月7日 星期六", "辛丑年六月二十九"),
        ("2021年8月9日 星期一", "辛丑年七月初二"),
    ],
)
def test_lunar_variants_that_are_right(date, lunar):
    issue = parse_text(f"{lunar}\n{date}\n总第1号\n\n标题\n\n正文。")
    assert issue.warnings == []


def test_missing_weekday_lunar_and_number_are_noted():
    issue = parse_text("2021年8月7日\n\n标题\n\n正文。")
    assert codes(issue) == ["missing_weekday", "missing_lunar", "missing_number"]


def test_date_only_in_a_running_head_is_used_with_a_warning():
    issue = issue_of("", head="浙江工人日报 2021年8月7日 星期六 第1版 责任编辑:周某\n\n标题\n\n正文。")
    assert issue.date == datetime.date(2021, 8, 7)
    assert issue.pages[0].editor == "周某"
    assert "date_outside_masthead" in codes(issue)


# -- bad input ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["标题\n\n这是一段没有日期的正文。", "2021年13月40日 星期六\n\n正文。", "   \n\n  ", "2021年8月 星期六"],
)
def test_no_recognisable_date_is_a_parse_error(text):
    with pytest.raises(ParseError) as caught:
        parse_text(text)
    assert caught.value.message
    assert any("\u4e00" <= ch <= "\u9fff" for ch in caught.value.message)


def test_impossible_date_names_its_line():
    with pytest.raises(ParseError) as caught:
        parse_text("\n辛丑年六月廿九\n2021年2月30日 星期六\n")
    assert caught.value.line == 3
    assert "2021年2月30日" in str(caught.value) and str(caught.value).startswith("第3行")


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "空"),
        (b" \r\n\n", "空"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "二进制"),
        (bytes(range(1, 32)) * 10, "二进制"),
        (b"2021\xe5\xb9\xb4 \xff\xfe\xff", "编码"),
        ("2021年".encode("utf-16-le"), "二进制"),
    ],
)
def test_empty_binary_undecodable_bytes(data, words):
    with pytest.raises(ParseError) as caught:
        decode(data)
    assert words in caught.value.message
    with pytest.raises(ParseError):
        parse_bytes(data)


def test_control_characters_counted_are_category_cc_except_whitespace():
    every = map(chr, range(sys.maxunicode + 1))
    expected = {ch for ch in every if ch not in "\t\n\r\f\v" and unicodedata.category(ch) == "Cc"}
    assert set(CONTROL_RE.findall("".join(map(chr, range(sys.maxunicode + 1))))) == expected
    text = "报" * 90 + "\x1c" * 11  # just over a tenth of the text
    with pytest.raises(ParseError):
        decode(text.encode())
    assert decode(("报" * 91 + "\x1c" * 9).encode())[1] == "utf-8"


def test_decode_picks_the_encoding():
    assert decode("报".encode()) == ("报", "utf-8")
    assert decode("\ufeff报".encode()) == ("报", "utf-8-sig")
    assert decode("报".encode("gb18030")) == ("报", "gb18030")


# -- pages ----------------------------------------------------------------------------------------------

A1 = "标题一\n\n本报讯 记者甲乙报道 第一篇正文。\n"


@pytest.mark.parametrize(
    ("marker", "number", "name"),
    [
        ("第3版", 3, ""),
        ("第三版", 3, ""),
        ("第十二版", 12, ""),
        ("03版", 3, ""),
        ("第4版 理论与实践", 4, "理论与实践"),
        ("第3版:要闻", 3, "要闻"),
        ("第3版：综合新闻", 3, "综合新闻"),
    ],
)
def test_page_marker_forms(marker, number, name):
    issue = issue_of(A1 + f"\n{marker}\n\n标题二\n\n第二篇正文。\n")
    assert [page.number for page in issue.pages] == [1, number]
    page = issue.pages[1]
    assert (page.name, page.meta_lines, page.line) == (name, [marker], 10)
    assert [a.headline for a in page.articles] == ["标题二"]
    assert issue.pages[0].articles[0].paragraphs == ["第一篇正文。"]


def test_running_heads_editors_and_repeats():
    body = (
        A1
        + "\n浙江工人日报 2021年8月7日 星期六 第3版 责任编辑:周某\n\n"
        + "标题二\n\n第二篇正文。\n\n"
        + "浙江工人日报 2021年8月7日 星期六 第3版 责任编辑:周某\n\n"  # repeated head: same page
        + "美编:李四 校对:王五\n\n"
        + "第二篇继续。\n\n"
        + "第4版 理论与实践\n责任编辑 陈某某 美编 李四\n\n标题三\n\n第三篇正文。\n"
    )
    issue = issue_of(body)
    assert [(p.number, p.name, p.editor) for p in issue.pages] == [
        (1, "", ""),
        (3, "", "周某"),
        (4, "理论与实践", "陈某某"),
    ]
    assert issue.pages[1].meta_lines == [
        "浙江工人日报 2021年8月7日 星期六 第3版 责任编辑:周某",
        "浙江工人日报 2021年8月7日 星期六 第3版 责任编辑:周某",
        "美编:李四 校对:王五",
    ]
    assert issue.pages[1].articles[0].paragraphs == ["第二篇正文。", "第二篇继续。"]
    assert issue.pages[2].meta_lines == ["第4版 理论与实践", "责任编辑 陈某某 美编 李四"]


def test_page_marker_for_a_page_already_seen_does_not_start_a_page():
    issue = issue_of(A1 + "\n第2版\n\n标题二\n\n正文。\n\n第1版\n\n正文续。\n")
    assert [p.number for p in issue.pages] == [1, 2]
    assert "page_repeated" in codes(issue)


def test_sentences_mentioning_pages_are_not_markers():
    issue = issue_of(A1 + "\n详见第3版\n\n今日8版\n")
    assert [p.number for p in issue.pages] == [1]


def test_footer_lines_are_page_meta():
    issue = issue_of(A1 + "\n88851111\n\n新闻服务热线\n\n广告热线:0571-85312345\n\n定价:1.00元\n")
    assert issue.pages[0].meta_lines == ["88851111", "新闻服务热线", "广告热线:0571-85312345", "定价:1.00元"]
    assert issue.articles[0].paragraphs == ["第一篇正文。"]
    assert issue.warnings == []


# -- paragraphs and photos ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "closed"),
    [
        ("会议召开。", True),
        ("他说:“好!”", True),
        ("真是省心省力又省钱……", True),
        ("是什么?", True),
        ("如下:", True),
        ("凝聚力量;", True),
        ("(完)。", True),
        ("全心全意依靠工人", False),
        ("落实走访慰问、困难帮扶、", False),
        ("新业态基层工会和", False),
        ("“浙工惠”", False),
        ("版本1.0", False),
        ("", False),
    ],
)
def test_is_closed(text, closed):
    assert is_closed(text) is closed


def test_column_break_with_photo_between_joins_the_paragraph():
    body = (
        "标题\n\n本报讯 记者甲乙报道 会议要求,要着力\n\n\n\n"
        "环卫工人在休息。\n\n通讯员 丙丁 记者 戊己 摄\n\n"
        "推进工作落实。\n\n第二段。\n"
    )
    issue = issue_of(body)
    (article,) = issue.articles
    assert article.paragraphs == ["会议要求,要着力推进工作落实。", "第二段。"]
    assert [(p.caption, p.credits) for p in article.photos] == [
        ("环卫工人在休息。", [Credit("丙丁", "通讯员"), Credit("戊己", "记者")])
    ]
    assert issue.warnings == []


@pytest.mark.parametrize(
    ("lines", "caption", "credits", "credit_text"),
    [
        (
            "环卫工人在劳动者港湾休息。 通讯员郁诗怡 摄",
            "环卫工人在劳动者港湾休息。",
            [Credit("郁诗怡", "通讯员")],
            "通讯员郁诗怡 摄",
        ),
        (
            "环卫工人在休息。(通讯员 甲乙 摄)",
            "环卫工人在休息。",
            [Credit("甲乙", "通讯员")],
            "(通讯员 甲乙 摄)",
        ),
        (
            "环卫工人在休息。\n本报记者 甲乙 丙丁 摄",
            "环卫工人在休息。",
            [Credit("甲乙", "本报记者"), Credit("丙丁", "本报记者")],
            "本报记者 甲乙 丙丁 摄",
        ),
        ("环卫工人\n在休息。\n\n甲乙 摄", "环卫工人在休息。", [Credit("甲乙", "")], "甲乙 摄"),
        (
            "骑手在休息。\n\n记者 阿依古丽·买买提 摄",
            "骑手在休息。",
            [Credit("阿依古丽·买买提", "记者")],
            "记者 阿依古丽·买买提 摄",
        ),
    ],
)
def test_photo_credit_forms(lines, caption, credits, credit_text):
    issue = issue_of(f"标题\n\n{lines}\n\n本报讯 记者甲乙报道 正文。\n")
    (article,) = issue.articles
    assert [(p.caption, p.credits, p.credit_text) for p in article.photos] == [
        (caption, credits, credit_text)
    ]
    assert article.paragraphs == ["正文。"]


def test_in_body_subheads_stay_in_the_article():
    body = "标题\n\n本报讯 记者甲乙报道 导语。\n\n一、加强组织领导\n\n各级工会要加强领导。\n\n(二)强化工作协调\n\n加强协调。\n"
    (article,) = issue_of(body).articles
    assert article.paragraphs == [
        "导语。",
        "一、加强组织领导",
        "各级工会要加强领导。",
        "(二)强化工作协调",
        "加强协调。",
    ]


def test_open_paragraph_cut_by_a_new_article_is_warned():
    body = "标题一\n\n本报讯 记者甲乙报道 会议要求,要着力\n\n标题二\n\n本报讯 记者丙丁报道 第二篇。\n"
    issue = issue_of(body)
    assert [a.headline for a in issue.articles] == ["标题一", "标题二"]
    assert issue.articles[0].paragraphs == ["会议要求,要着力"]
    assert codes(issue) == ["paragraph_unclosed"]
    assert issue.warnings[0].line == 8


def test_short_line_continuing_an_open_paragraph_is_not_a_title():
    body = "标题\n\n本报讯 记者甲乙报道 会议要求各级\n\n工会\n\n认真落实。\n"
    (article,) = issue_of(body).articles
    assert article.paragraphs == ["会议要求各级工会认真落实。"]


def test_multi_line_title_deck_and_dash_subheadline():
    body = "全力推进\n新业态新就业群体\n\n——记劳动模范张三\n\n本报讯 记者甲乙报道 正文。\n"
    (article,) = issue_of(body).articles
    assert (article.kicker, article.headline, article.subheadline) == (
        "",
        "全力推进 新业态新就业群体",
        "——记劳动模范张三",
    )


def test_four_title_blocks():
    body = "引题\n\n主题\n\n副题一\n\n副题二\n\n本报讯 正文。\n"
    (article,) = issue_of(body).articles
    assert (article.kicker, article.headline, article.subheadline) == ("引题", "主题", "副题一 副题二")
    assert (article.dateline, article.bylines, article.paragraphs) == ("本报讯", [], ["正文。"])


# -- datelines and bylines ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "dateline", "bylines", "paragraph"),
    [
        (
            "本报讯 记者甲乙 通讯员丙丁报道 正文。",
            "本报讯",
            [Credit("甲乙", "记者"), Credit("丙丁", "通讯员")],
            "正文。",
        ),
        (
            "本报讯 记者 甲乙 丙丁报道 正文。",
            "本报讯",
            [Credit("甲乙", "记者"), Credit("丙丁", "记者")],
            "正文。",
        ),
        (
            "本报杭州8月6日讯(记者 甲乙 通讯员 丙丁)正文。",
            "本报杭州8月6日讯",
            [Credit("甲乙", "记者"), Credit("丙丁", "通讯员")],
            "正文。",
        ),
        ("本报讯(本报记者 甲乙)正文。", "本报讯", [Credit("甲乙", "本报记者")], "正文。"),
        (
            "新华社北京3月27日电(记者 甲乙 丙丁)正文。",
            "新华社北京3月27日电",
            [Credit("甲乙", "记者"), Credit("丙丁", "记者")],
            "正文。",
        ),
        (
            "新华社杭州3月27日电 记者27日从杭州市政府了解到,正文。",
            "新华社杭州3月27日电",
            [],
            "记者27日从杭州市政府了解到,正文。",
        ),
        ("新华社电 记者从省公安厅获悉,正文。", "新华社电", [], "记者从省公安厅获悉,正文。"),
        ("本报讯 据新华社报道,正文。", "本报讯", [], "据新华社报道,正文。"),
        ("记者从省公安厅获悉,正文。", "", [], "记者从省公安厅获悉,正文。"),
    ],
)
def test_dateline_and_byline_formulae(first, dateline, bylines, paragraph):
    (article,) = issue_of(f"标题\n\n{first}\n\n第二段。\n").articles
    assert (article.dateline, article.bylines, article.paragraphs) == (
        dateline,
        bylines,
        [paragraph, "第二段。"],
    )


@pytest.mark.parametrize(
    ("ending", "bylines", "last"),
    [
        (
            "最后一段。(记者 甲乙 通讯员 丙丁)",
            [Credit("甲乙", "记者"), Credit("丙丁", "通讯员")],
            "最后一段。",
        ),
        (
            "最后一段。\n\n(记者 甲乙 通讯员 丙丁)",
            [Credit("甲乙", "记者"), Credit("丙丁", "通讯员")],
            "最后一段。",
        ),
        ("最后一段。\n\n本报评论员", [Credit("本报评论员", "评论员")], "最后一段。"),
        ("最后一段。\n\n□ 本报记者 甲乙", [Credit("甲乙", "本报记者")], "最后一段。"),
        (
            "最后一段。\n\n本报记者 甲乙 通讯员 丙丁",
            [Credit("甲乙", "本报记者"), Credit("丙丁", "通讯员")],
            "最后一段。",
        ),
    ],
)
def test_bylines_at_the_end_of_the_body(ending, bylines, last):
    issue = issue_of(f"评论标题\n\n第一段。\n\n{ending}\n\n下一篇标题\n\n本报讯 下一篇。\n")
    article = issue.articles[0]
    assert article.bylines == bylines
    assert article.paragraphs == ["第一段。", last]
    assert issue.articles[1].headline == "下一篇标题" and issue.articles[1].bylines == []
    assert issue.warnings == []


def test_commentator_under_the_headline():
    issue = issue_of("凝聚奋进力量\n\n本报评论员\n\n这是评论。\n")
    (article,) = issue.articles
    assert (article.headline, article.bylines, article.paragraphs) == (
        "凝聚奋进力量",
        [Credit("本报评论员", "评论员")],
        ["这是评论。"],
    )


def test_rubric_is_not_a_byline():
    (article,) = issue_of("记者走基层\n\n工地上的夏天\n\n本报讯 正文。\n").articles
    assert (article.kicker, article.headline, article.bylines) == ("记者走基层", "工地上的夏天", [])


def test_article_without_any_byline():
    (article,) = issue_of("关于开展活动的通知\n\n各市总工会:\n\n现将有关事项通知如下。\n").articles
    assert (article.dateline, article.bylines) == ("", [])
    assert article.paragraphs == ["各市总工会:", "现将有关事项通知如下。"]


# -- jumps ----------------------------------------------------------------------------------------------


def test_jump_to_another_page_and_back():
    body = (
        "头条标题\n\n本报讯 记者甲乙报道 第一段。\n\n第二段写到一半(下转第3版)\n\n"
        "第二条\n\n本报讯 另一篇。\n\n"
        "第3版\n\n别的稿件\n\n本报讯 别的正文。\n\n"
        "(上接第1版)被转到三版的后半句。\n\n最后一段。\n"
    )
    issue = issue_of(body)
    first = issue.pages[0].articles[0]
    assert first.jump_pages == [3]
    assert first.paragraphs == ["第一段。", "第二段写到一半被转到三版的后半句。", "最后一段。"]
    assert [a.headline for a in issue.pages[1].articles] == ["别的稿件"]
    assert "(上接第1版)" in first.source_text and "(下转第3版)" in first.source_text
    assert issue.warnings == []


def test_jump_lines_on_their_own_lines_with_repeated_headline():
    body = (
        "甲稿标题\n\n本报讯 甲稿开头,\n\n(下转第2版)\n\n"
        "乙稿标题\n\n本报讯 乙稿开头。\n\n(下转第2版)\n\n"
        "第2版\n\n乙稿标题\n\n(上接第1版)\n乙稿结尾。\n\n"
        "甲稿标题\n\n(上接第1版)\n\n甲稿结尾。\n"
    )
    text = HEAD + "\n" + body
    issue = parse_text(text)
    a, b = issue.pages[0].articles
    assert issue.pages[1].articles == []
    assert a.paragraphs == ["甲稿开头,甲稿结尾。"] and a.jump_pages == [2]
    assert b.paragraphs == ["乙稿开头。", "乙稿结尾。"] and b.jump_pages == [2]
    assert issue.warnings == []


def test_unmatched_jumps_are_warned_and_text_kept():
    body = "甲稿标题\n\n本报讯 甲稿开头,(下转第5版)\n\n第2版\n\n(上接第4版)无主的后半段。\n"
    issue = issue_of(body)
    assert codes(issue) == ["unmatched_jump", "unmatched_jump"]
    orphan = issue.pages[1].articles[0]
    assert orphan.untitled and orphan.paragraphs == ["(上接第4版)无主的后半段。"]
    assert issue.articles[0].jump_pages == [5]


# -- photo-only items and unplaced text -----------------------------------------------------------------


def test_photo_only_items_with_and_without_heading():
    body = (
        "标题一\n\n本报讯 第一篇正文。\n\n"
        "西湖晨景。\n\n记者 甲乙 摄\n\n"
        "夏日清凉\n\n孩子们在喷泉边嬉戏。\n\n通讯员 丙丁 摄\n\n"
        "标题二\n\n本报讯 第二篇正文。\n\n"
        "荷花盛开。 记者 戊己 摄\n"
    )
    issue = issue_of(body)
    kinds = [(a.kind, a.headline, [p.caption for p in a.photos], a.paragraphs) for a in issue.articles]
    assert kinds == [
        ("article", "标题一", [], ["第一篇正文。"]),
        ("photo", "", ["西湖晨景。"], []),
        ("photo", "夏日清凉", ["孩子们在喷泉边嬉戏。"], []),
        ("article", "标题二", [], ["第二篇正文。"]),
        ("photo", "", ["荷花盛开。"], []),
    ]
    assert issue.articles[2].photos[0].credits == [Credit("丙丁", "通讯员")]


def test_photo_followed_by_more_body_belongs_to_the_article():
    body = "标题\n\n本报讯 第一段。\n\n会场。\n\n记者 甲乙 摄\n\n第二段。\n"
    (article,) = issue_of(body).articles
    assert [p.caption for p in article.photos] == ["会场。"]
    assert article.paragraphs == ["第一段。", "第二段。"]


def test_text_that_cannot_be_placed_is_kept_and_warned():
    body = "这是一段没有标题的文字,位于第一版的顶部,它的标题大概被识别丢了。\n\n另一段。\n\n第2版\n\n第二版顶部也没有标题的一段文字,被转版截断了。\n"
    issue = issue_of(body)
    assert [(a.untitled, a.headline, a.paragraphs) for a in issue.articles] == [
        (True, "", ["这是一段没有标题的文字,位于第一版的顶部,它的标题大概被识别丢了。", "另一段。"]),
        (True, "", ["第二版顶部也没有标题的一段文字,被转版截断了。"]),
    ]
    assert codes(issue) == ["unplaced_text", "unplaced_text"]
    assert [w.line for w in issue.warnings] == [6, 12]


def test_headline_without_body_is_warned():
    issue = issue_of(A1 + "\n孤零零的标题\n")
    assert issue.articles[-1].headline == "孤零零的标题"
    assert codes(issue) == ["title_without_body"]


def test_seeds_concatenated_parse_as_the_first_issue_and_keep_all_text():
    text = SEED1 + "\n" + SEED2
    issue = parse_text(text)
    assert issue.date == datetime.date(2021, 8, 7)
    assert_covered(issue, text)
    assert codes(issue) == ["second_issue"]
    assert issue.warnings[0].line == 109 + 6  # the 2022 date line


def test_headline_ending_in_an_exclamation_mark_before_a_dateline():
    issue = issue_of(A1 + "\n奋斗正当时!\n\n本报讯 记者丙丁报道 第二篇。\n")
    assert [(a.headline, a.paragraphs) for a in issue.articles] == [
        ("标题一", ["第一篇正文。"]),
        ("奋斗正当时!", ["第二篇。"]),
    ]
    assert issue.warnings == []


def test_short_exclamation_in_the_body_stays_body():
    (article,) = issue_of(A1 + "\n真好!\n\n第二段。\n").articles
    assert article.paragraphs == ["第一篇正文。", "真好!", "第二段。"]


def test_lone_title_line_between_body_without_dateline_or_byline_is_flagged():
    issue = issue_of(A1 + "\n坚持党建引领\n\n各级工会要坚持党建引领。\n")
    assert [a.headline for a in issue.articles] == ["标题一", "坚持党建引领"]
    assert codes(issue) == ["title_uncertain"]
    assert issue.warnings[0].line == 10


def test_page_one_head_and_editor_inside_the_masthead_block():
    head = "第1版 要闻\n辛丑年六月廿九\n责任编辑:周某 美编:李四\n2021年8月7日 星期六\n总第1186号\n"
    issue = issue_of("标题\n\n本报讯 正文。\n", head)
    page = issue.pages[0]
    assert (page.number, page.name, page.editor) == (1, "要闻", "周某")
    assert page.meta_lines == ["第1版 要闻", "责任编辑:周某 美编:李四"]
    assert "lines" not in issue.masthead
    assert issue.warnings == []


def test_headlines_that_look_like_masthead_fields_stay_headlines():
    body = "市长信箱里的民生答卷\n\n本报讯 记者甲乙报道 正文。\n\n2022年3月25日 会议召开\n\n本报讯 第二篇。\n"
    issue = issue_of(body)
    assert [a.headline for a in issue.articles] == ["市长信箱里的民生答卷", "2022年3月25日 会议召开"]
    assert issue.masthead_end_line == 4 and "lines" not in issue.masthead


def test_long_title_stacks_and_zero_issue_numbers_fit_the_database():
    deck = "\n\n".join(f"第{n}行标题文字很长很长很长很长很长很长很长很长很长很长很长很长" for n in range(30))
    issue = issue_of(deck + "\n\n本报讯 正文。\n", head="2021年8月7日 星期六\n总第0号\n")
    assert issue.number is None and "missing_number" in codes(issue)
    assert issue.articles[-1].paragraphs == ["正文。"]


def content(issue):
    return [
        (
            a.kind,
            a.kicker,
            a.headline,
            a.subheadline,
            a.dateline,
            a.bylines,
            a.paragraphs,
            a.photos and [(p.caption, p.credits) for p in a.photos],
        )
        for a in issue.articles
    ]


@pytest.mark.parametrize("seed", [SEED1, SEED2])
def test_paragraphs_separated_by_single_line_breaks(seed):
    """Some OCR output has no blank lines between paragraphs: one line, one block."""
    compact = "\n".join(line for line in seed.split("\n") if line.strip())
    issue = parse_text(compact)
    assert_covered(issue, compact)
    assert content(issue) == content(parse_text(seed))
    assert issue.masthead == parse_text(seed).masthead and issue.warnings == []


def test_two_pages_built_from_both_seeds():
    body2 = "\n".join(SEED2.split("\n")[26:])  # from line 27: the 2022 page without its masthead
    text = SEED1 + "\n\n浙江工人日报 2021年8月7日 星期六 第2版 综合新闻 责任编辑:周某\n\n" + body2
    issue = parse_text(text)
    assert_covered(issue, text)
    assert [(p.number, p.name, p.editor) for p in issue.pages] == [(1, "", ""), (2, "综合新闻", "周某")]
    assert issue.pages[1].meta_lines == [
        "浙江工人日报 2021年8月7日 星期六 第2版 综合新闻 责任编辑:周某",
        "88851111",
        "新闻服务热线",
    ]
    page1 = parse_text(SEED1)
    page2 = parse_text(SEED2)
    assert content(issue)[:4] == content(page1)
    assert content(issue)[4:] == content(page2)
    assert issue.pages[1].articles[0].line == 109 + 4
    assert issue.warnings == []


def test_mixed_encodings_are_refused_with_a_clear_message():
    lines = SEED1.split("\n")
    data = "\n".join(lines[:60]).encode("utf-8") + "\n".join(lines[60:]).encode("gb18030")
    with pytest.raises(ParseError, match="混用"):
        parse_bytes(data)
    with pytest.raises(ParseError, match="UTF-16"):
        parse_bytes(SEED1.encode("utf-16"))


def test_orphaned_continuation_under_its_own_headline():
    issue = issue_of(A1 + "\n第2版\n\n失散的稿件\n\n(上接第1版)后半段。\n")
    orphan = issue.pages[1].articles[0]
    assert (orphan.headline, orphan.paragraphs, orphan.untitled) == (
        "失散的稿件",
        ["(上接第1版)后半段。"],
        False,
    )
    assert codes(issue) == ["unmatched_jump"]


def test_a_headline_above_a_continuation_must_match_to_be_its_repeat():
    body = "甲稿标题\n\n本报讯 甲稿开头,(下转第2版)\n\n第2版\n\n别的标题\n\n(上接第1版)甲稿结尾。\n"
    issue = issue_of(body)
    assert issue.pages[0].articles[0].paragraphs == ["甲稿开头,甲稿结尾。"]
    assert [a.headline for a in issue.pages[1].articles] == ["别的标题"]
    assert codes(issue) == ["title_without_body"]
