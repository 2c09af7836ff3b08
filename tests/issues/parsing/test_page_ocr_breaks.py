"""OCR breaks: a headline split over two lines mid-phrase, a number split by a column break
(joined without a separator), and mastheads with OCR-garbled fields (corn for com, O for 0)."""

from __future__ import annotations

import datetime

from issues.parsing import parse_text

from .helpers import SEED_2021, assert_covered, page_of, parse_pages

BROKEN_PAGE_3 = """第3版
综合新闻
责任编辑：周伟

全省首批“浙江

工匠”培育对象名单公布

本报讯 记者张浩星报道 日前，省人力社保厅公布全省首批“浙江工匠”培育对象名单，共有1,0

00名一线技术工人入选。

入选者将获得为期三年的重点培养，培养期满考核合格的，优先推荐参评“浙江杰出工匠”。

杭州市总工会启动职工疗休养
季活动

本报讯 记者曾晨路报道 8月6日，杭州市总工会启动今年下半年职工疗休养季活动，预计惠及职工2

万人次。
"""

BROKEN_PAGE_5 = """第5版
职工之家
责任编辑：李娜

嘉兴为新就业形态劳动者建成暖心驿站2,0

00余个

本报讯 记者沈李骏报道 截至7月底，嘉兴市已建成各类户外劳动者服务站点2,0

00余个，实现镇街全覆盖。

“最美
职工”评选结果揭晓

本报讯 8月5日，第三届“最美职工”评选结果揭晓，10名职工获此称号。
"""


def test_headlines_broken_mid_phrase_and_numbers_split_by_a_column_break():
    issue = parse_pages(BROKEN_PAGE_3)
    first, second = page_of(issue, 3).articles
    assert (first.kicker, first.headline) == ("", "全省首批“浙江工匠”培育对象名单公布")
    assert first.paragraphs == [
        "日前，省人力社保厅公布全省首批“浙江工匠”培育对象名单，共有1,000名一线技术工人入选。",
        "入选者将获得为期三年的重点培养，培养期满考核合格的，优先推荐参评“浙江杰出工匠”。",
    ]
    assert (second.kicker, second.headline) == ("", "杭州市总工会启动职工疗休养季活动")
    assert second.paragraphs == ["8月6日，杭州市总工会启动今年下半年职工疗休养季活动，预计惠及职工2万人次。"]
    assert not issue.warnings


def test_a_number_split_inside_a_headline_and_an_open_quote_at_a_line_end():
    issue = parse_pages(BROKEN_PAGE_5)
    first, second = page_of(issue, 5).articles
    assert (first.kicker, first.headline) == ("", "嘉兴为新就业形态劳动者建成暖心驿站2,000余个")
    assert first.paragraphs == ["截至7月底，嘉兴市已建成各类户外劳动者服务站点2,000余个，实现镇街全覆盖。"]
    assert (second.kicker, second.headline) == ("", "“最美职工”评选结果揭晓")


def test_a_kicker_over_a_headline_is_not_taken_for_a_broken_headline():
    issue = parse_pages("第3版\n\n工会“亮”品牌\n\n宁波户外劳动者驿站亮相\n\n本报讯 记者甲乙报道 正文。\n")
    [article] = issue.articles
    assert (article.kicker, article.headline) == ("工会“亮”品牌", "宁波户外劳动者驿站亮相")


def test_masthead_with_ocr_garbled_fields_still_gives_date_and_number():
    seed = SEED_2021.read_text(encoding="utf-8")
    garbled = (
        seed.replace("2021年8月7日", "2O21年8月7日")
        .replace("总第1186号", "总第1l86号")
        .replace("www.zjgrbb.com", "www.zjgrbb.corn")
        .replace("zjgrxxw@163.com", "zjgrxxw@163.corn")
    )
    issue = parse_text(garbled)
    assert_covered(issue, garbled)
    assert (issue.date, issue.number) == (datetime.date(2021, 8, 7), 1186)
    assert issue.masthead["日期"] == "2O21年8月7日"  # stored as printed
    assert issue.masthead["总号"] == "总第1l86号"
    assert issue.masthead["电子版"] == "www.zjgrbb.corn"
    assert issue.masthead["电子邮箱"] == "zjgrxxw@163.corn"
    original = parse_text(seed)
    assert [a.headline for a in issue.articles] == [a.headline for a in original.articles]
    assert not issue.warnings


def test_a_garbled_date_with_letters_for_two_digits():
    head = "辛丑年六月廿九\n2O2l年8月7日 星期六\n邮发代号:31-2 总第11O6号\n浙江工人日报\n"
    issue = parse_pages("第2版\n\n标题\n\n本报讯 正文。\n", head=head)
    assert (issue.date, issue.number) == (datetime.date(2021, 8, 7), 1106)


SKILLS_PAGE_8 = """第8版
要闻

全省职工职业技能大赛
决赛在杭举行

本报讯 记者张浩星报道 8月6日，全省职工职业技能大赛决赛在杭州举行，来自全省的1,2

00余名选手参加12个工种的比拼。

大赛共产生一等奖24名，二等奖48名。获得一等奖的选手将被授予“浙江省技术能手”称号，并按规定晋升职业技能等级
8
证书。

“十四五”期间我省将培养
高技能人才50万名

本报讯 记者沈李骏报道 记者从省人力社保厅获悉，“十四五”期间我省将培养高技能人才50万名。
"""


def test_two_line_headlines_a_number_split_by_a_column_break_and_a_folio_mid_paragraph():
    first, second = page_of(parse_pages(SKILLS_PAGE_8), 8).articles
    assert (first.kicker, first.headline) == ("", "全省职工职业技能大赛 决赛在杭举行")
    assert first.paragraphs == [
        "8月6日，全省职工职业技能大赛决赛在杭州举行，来自全省的1,200余名选手参加12个工种的比拼。",
        "大赛共产生一等奖24名，二等奖48名。获得一等奖的选手将被授予“浙江省技术能手”称号，并按规定晋升职业技能等级证书。",
    ]
    assert (second.kicker, second.headline) == ("", "“十四五”期间我省将培养 高技能人才50万名")
    assert page_of(parse_pages(SKILLS_PAGE_8), 8).meta_lines == ["第8版", "要闻", "8"]
