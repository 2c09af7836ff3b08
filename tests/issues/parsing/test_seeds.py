"""The two real front pages, parsed in full: every title line, byline, photo and paragraph.

Expected paragraphs are written as the seed's line numbers that make them up (a column-broken
paragraph is several lines joined with ""), so the assertions read against `cat -n` of the seed."""

from __future__ import annotations

import datetime

import pytest

from issues import parsing
from issues.parsing import Credit, parse_bytes

from .helpers import SEED_2021, SEED_2022, assert_covered, seed_lines

S1 = seed_lines(SEED_2021)
S2 = seed_lines(SEED_2022)


def joined(lines: dict[int, str], *numbers: int) -> str:
    return "".join(lines[number] for number in numbers)


def source(lines: dict[int, str], first: int, last: int) -> str:
    return "\n".join(lines[n] for n in range(first, last + 1) if lines[n])


@pytest.fixture(scope="module")
def issue_2021():
    return parse_bytes(SEED_2021.read_bytes())


@pytest.fixture(scope="module")
def issue_2022():
    return parse_bytes(SEED_2022.read_bytes())


def test_api_constants():
    assert parsing.PARSER_VERSION == "3"
    assert callable(parsing.parse_text) and callable(parsing.parse_bytes) and callable(parsing.decode)


def test_2021_masthead(issue_2021):
    issue = issue_2021
    assert issue.date == datetime.date(2021, 8, 7)
    assert issue.weekday == "星期六"
    assert issue.lunar_date == "辛丑年六月廿九"
    assert issue.number == 1186
    assert issue.publication == "浙江工人日报"
    assert issue.encoding == "utf-8"
    assert issue.source_text == SEED_2021.read_text(encoding="utf-8")
    assert issue.masthead == {
        "日期": "2021年8月7日",
        "电子版": "www.zjgrbb.com",
        "电子邮箱": "zjgrxxw@163.com",
        "国内统一刊号": "CN33-0012",
        "邮发代号": "31-2",
        "总号": "总第1186号",
        "社址": "杭州市学院路107号",
        "邮编": "310012",
        "lines": ["倾情关注劳动群体 全心服务工会组织", "浙工之家 掌上娘家", "浙江省总工会官方微信公众号"],
    }
    assert issue.masthead_end_line == 23
    assert issue.warnings == []


def test_2022_masthead(issue_2022):
    issue = issue_2022
    assert issue.date == datetime.date(2022, 3, 28)
    assert issue.weekday == "星期一"
    assert issue.lunar_date == "壬寅年二月廿六"
    assert issue.number == 12071
    assert issue.publication == "浙江工人日报"
    assert issue.masthead == {
        "日期": "2022年3月28日",
        "电子版": "www.zjgrrb.com",
        "电子邮箱": "zjgrxw@163.com",
        "国内统一刊号": "CN33-001E",
        "邮发代号": "31-2",
        "总号": "总第12071号",
        "社址": "杭州市学院路117号",
        "邮编": "311012",
        "lines": ["倾情关注劳动群体 全心服务工会组织", "浙工之家 掌上娘家人", "浙江省总工会官方微信公众账号"],
    }
    assert issue.masthead_end_line == 25
    assert issue.warnings == []


def test_2021_pages(issue_2021):
    assert [(page.number, page.name, page.editor, page.meta_lines) for page in issue_2021.pages] == [
        (1, "", "", [])
    ]
    assert len(issue_2021.articles) == 4
    assert all(article.kind == "article" and not article.untitled for article in issue_2021.articles)


def test_2021_article_1(issue_2021):
    article = issue_2021.articles[0]
    assert article.kicker == "扛起政治责任 勇担历史使命 为实现宏伟壮丽的共富蓝图 贡献工会智慧与力量"
    assert article.headline == "省总工会第十五届委员会第五次全体会议在杭召开"
    assert article.subheadline == ""
    assert article.dateline == "本报讯"
    assert article.bylines == [Credit(name="曾晨路", role="记者")]
    assert article.byline_text == "记者曾晨路报道"
    assert [(p.caption, p.credits, p.credit_text, p.line) for p in article.photos] == [
        (
            "8月6日,浙江省总工会第十五届委员会第五次全体会议在杭召开。",
            [Credit("李国峰", "见习记者")],
            "见习记者李国峰 摄",
            31,
        ),
        (
            "省人大常委会副主任、省总工会主席史济锡讲话。",
            [Credit("李国峰", "见习记者")],
            "见习记者李国峰 摄",
            37,
        ),
    ]
    assert article.paragraphs[0].startswith("新目标催人奋进,新征程呼唤担当。8月6日,省总工会第十五届委员会")
    assert article.paragraphs == [
        S1[41].removeprefix("本报讯 记者曾晨路报道 "),
        S1[43],
        S1[45],
        S1[47],
        joined(S1, 49, 51, 53),
        S1[55],
        S1[57],
        S1[59],
    ]
    assert "坚持全心全意依靠工人阶级方针" in article.paragraphs[4]
    assert article.line == 25
    assert article.jump_pages == []
    assert article.source_text == source(S1, 25, 59)


def test_2021_article_2(issue_2021):
    article = issue_2021.articles[1]
    assert (article.kicker, article.headline, article.subheadline) == (
        "",
        "我省在全国率先推出电子居住证",
        "申领、生成、使用全流程数字化",
    )
    assert article.dateline == "本报讯"
    assert article.bylines == [Credit("胡翀", "记者")]
    assert article.photos == []
    assert article.paragraphs[0].startswith("“这次办理居住证,没想到")
    assert article.paragraphs == [S1[65].removeprefix("本报讯 记者胡翀报道 "), S1[67], S1[69], S1[71], S1[73]]
    assert article.source_text == source(S1, 61, 73)


def test_2021_article_3(issue_2021):
    article = issue_2021.articles[2]
    assert (article.kicker, article.headline, article.subheadline) == (
        "工会“亮”品牌",
        "宁波户外劳动者驿站亮相",
        "",
    )
    assert article.dateline == "本报讯"
    assert article.bylines == [Credit("张浩星", "记者")]
    assert [(p.caption, p.credits) for p in article.photos] == [
        ("环卫工人在劳动者港湾休息。", [Credit("郁诗怡", "通讯员")])
    ]
    assert article.paragraphs == [S1[85].removeprefix("本报讯 记者张浩星报道 "), S1[87]]
    assert article.paragraphs[0].startswith("长期以来,环卫工人")


def test_2021_article_4_resolution_without_byline(issue_2021):
    article = issue_2021.articles[3]
    assert article.kicker == ""
    assert (
        article.headline
        == "浙江省总工会关于团结引领 广大职工群众发挥主力军作用 助推高质量发展 建设共同富裕示范区的决议"
    )
    assert article.subheadline == "(2021年8月6日 浙江省总工会第十五届委员会第五次全体会议通过)"
    assert article.dateline == ""
    assert article.bylines == []
    assert article.photos == []
    assert article.paragraphs == [
        S1[93],
        S1[95],
        joined(S1, 97, 99),
        S1[101],
        joined(S1, 103, 105),
        S1[107],
        S1[109],
    ]
    assert article.paragraphs[2].endswith("应有的作用。")


def test_2022_pages_and_footer(issue_2022):
    assert [(page.number, page.meta_lines) for page in issue_2022.pages] == [
        (1, ["88851111", "新闻服务热线"])
    ]
    assert len(issue_2022.articles) == 4
    for article in issue_2022.articles:
        assert not any(
            "88851111" in paragraph or "新闻服务热线" in paragraph for paragraph in article.paragraphs
        )


def test_2022_article_1_photo_inside_column_break(issue_2022):
    article = issue_2022.articles[0]
    assert article.kicker == "推进新时代浙江产业工人队伍建设改革工作协调小组成员单位 第四次(扩大)会议提出"
    assert article.headline == "高站位高质量高标准 推进“产改”向纵深发展"
    assert article.subheadline == ""
    assert article.dateline == "本报讯"
    assert article.bylines == [Credit("阮向民", "记者")]
    assert [(p.caption, p.credits, p.credit_text) for p in article.photos] == [
        (S2[45], [Credit("邹伟锋", "记者")], "记者邹伟锋 摄"),
    ]
    assert article.paragraphs == [
        S2[31].removeprefix("本报讯 记者阮向民报道 "),
        S2[33],
        S2[35],
        joined(S2, 37, 39),
        joined(S2, 41, 49),
        joined(S2, 51, 53),
        S2[55],
        S2[57],
    ]
    assert "着力破解企业主体责任落实不够的问题" in article.paragraphs[4]
    assert article.source_text == source(S2, 27, 57)


def test_2022_article_2_three_title_blocks(issue_2022):
    article = issue_2022.articles[1]
    assert article.kicker == "聚焦解决急难愁盼 加大服务保障力度"
    assert article.headline == "省总工会启动“浙工惠——2022年新就业形态劳动者温暖行动”"
    assert article.subheadline == "全力推进、突出加强 新业态新就业群体 建会入会、权益保障工作"
    assert article.bylines == [Credit("阮向民", "记者")]
    assert article.paragraphs == [
        S2[67].removeprefix("本报讯 记者阮向民报道 "),
        joined(S2, 69, 71),
        joined(S2, 73, 75, 77),
        S2[79],
    ]


def test_2022_article_3_xinhua_dateline_no_byline(issue_2022):
    article = issue_2022.articles[2]
    assert (article.kicker, article.headline, article.subheadline) == (
        "",
        "杭州推出促进 服务业领域困难行业 恢复发展40条政策",
        "",
    )
    assert article.dateline == "新华社杭州3月27日电"
    assert article.bylines == []  # "记者27日从杭州市政府了解到" is body text, not a credit
    assert article.paragraphs[0].startswith("记者27日从杭州市政府了解到,")
    assert article.paragraphs == [
        S2[83].removeprefix("新华社杭州3月27日电 "),
        S2[85],
        joined(S2, 87, 89),
        S2[91],
    ]


def test_2022_article_4(issue_2022):
    article = issue_2022.articles[3]
    assert (article.kicker, article.headline) == (
        "省总工会召开专题视频会",
        "深化新就业形态劳动者 工会工作集中行动",
    )
    assert article.bylines == [Credit("曾晨路", "记者")]
    assert article.paragraphs == [
        S2[97].removeprefix("本报讯 记者曾晨路报道 "),
        S2[99],
        joined(S2, 101, 103),
        joined(S2, 105, 107, 109),
        S2[111],
    ]
    assert article.source_text == source(S2, 93, 111)


def test_seeds_lose_no_text(issue_2021, issue_2022):
    assert_covered(issue_2021, SEED_2021.read_text(encoding="utf-8"))
    assert_covered(issue_2022, SEED_2022.read_text(encoding="utf-8"))


def test_coverage_check_catches_a_dropped_paragraph(issue_2022):
    """The coverage property is a real check: drop one paragraph and it fails."""
    fresh = parse_bytes(SEED_2022.read_bytes())
    fresh.articles[2].paragraphs.pop(1)
    with pytest.raises(AssertionError, match="characters dropped"):
        assert_covered(fresh, SEED_2022.read_text(encoding="utf-8"))
    fresh = parse_bytes(SEED_2022.read_bytes())
    fresh.masthead["lines"].pop()
    with pytest.raises(AssertionError, match="not in the masthead"):
        assert_covered(fresh, SEED_2022.read_text(encoding="utf-8"))
