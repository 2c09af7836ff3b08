"""Inside pages: running heads and page furniture in any order, on one line or several, at the top
or the foot of a page, and a stray folio between the halves of a paragraph: all page metadata."""

from __future__ import annotations

from .helpers import page_of, parse_pages, searchable_text, summary

PAGE_2 = """第1版
要闻

省总工会召开党组会议

本报讯 记者曾晨路报道 8月6日，省总工会党组召开会议，传达学习省委十四届九次全会精神。

2021年8月7日　星期六
浙江工人日报
第2版
综合新闻
责任编辑：王晓燕　　美编：陈洁　　校对：刘明

全省职工技能大赛决赛在杭州开幕

本报讯　记者张浩星　通讯员李敏报道　8月6日，2021年浙江省职工职业技能大赛决赛在杭州开幕，来自全省11个设区市的600余名选手参加比赛。

本次大赛设电工、焊工、数控车工等12个工种，比赛分理论考试和实际操作两部分。省总工会相关负责人表示，大赛旨在为广大职工搭建展示技能、切磋技艺的平台，推动形成崇尚技能、尊重劳动的社会

2

氛围。

据悉，各工种决赛第一名选手，将按规定申报“浙江金蓝领”称号。

版式：赵婷　　校对：孙强
"""

PAGES_3_4 = """03版　工会工作　　2021年8月7日　星期六
责任编辑：周伟

温州推行“工会+法院”劳动争议调解

本报讯（通讯员 陈静 记者 邹伟锋）近日，温州市总工会与市中级人民法院联合出台意见，在全市推行劳动争议诉调对接工作。

根据意见，各级工会将在法院设立劳动争议调解工作室，选派专职调解员入驻，今年以来已成功调解劳动争议案件1,2

00余件，涉及金额3000余万元。

浙江工人日报　2021年8月7日

工会工作
第04版
美编：林芳　版式：郑凯

嘉兴职工书屋建设再上新台阶

本报讯 记者沈李骏报道 日前，嘉兴市总工会命名第三批市级职工书屋示范点，全市职工书屋总数已达1200余家。

- 4 -
"""


def test_running_head_over_several_lines_and_a_folio_mid_paragraph():
    issue = parse_pages(PAGE_2)
    assert [page.number for page in issue.pages] == [1, 2]
    front, page = page_of(issue, 1), page_of(issue, 2)
    assert front.meta_lines == ["第1版", "要闻"]
    assert (page.name, page.editor) == ("综合新闻", "王晓燕")
    assert page.meta_lines == [
        "2021年8月7日　星期六",
        "浙江工人日报",
        "第2版",
        "综合新闻",
        "责任编辑：王晓燕　　美编：陈洁　　校对：刘明",
        "2",
        "版式：赵婷　　校对：孙强",
    ]
    [article] = page.articles
    assert summary(article) == {
        "kind": "article",
        "kicker": "",
        "headline": "全省职工技能大赛决赛在杭州开幕",
        "subheadline": "",
        "dateline": "本报讯",
        "bylines": [("张浩星", "记者"), ("李敏", "通讯员")],
        "paragraphs": [
            "8月6日，2021年浙江省职工职业技能大赛决赛在杭州开幕，来自全省11个设区市的600余名选手参加比赛。",
            "本次大赛设电工、焊工、数控车工等12个工种，比赛分理论考试和实际操作两部分。省总工会相关负责人表示，"
            "大赛旨在为广大职工搭建展示技能、切磋技艺的平台，推动形成崇尚技能、尊重劳动的社会氛围。",
            "据悉，各工种决赛第一名选手，将按规定申报“浙江金蓝领”称号。",
        ],
        "photos": [],
        "is_correction": False,
    }
    assert "浙江工人日报" not in searchable_text(issue) and "王晓燕" not in searchable_text(issue)
    assert not issue.warnings


def test_one_line_running_heads_a_foot_head_a_section_above_the_marker_and_a_split_number():
    issue = parse_pages(PAGES_3_4)
    assert [page.number for page in issue.pages] == [1, 3, 4]
    assert page_of(issue, 1).articles == []
    three, four = page_of(issue, 3), page_of(issue, 4)
    assert (three.name, three.editor) == ("工会工作", "周伟")
    assert three.meta_lines == [
        "03版　工会工作　　2021年8月7日　星期六",
        "责任编辑：周伟",
        "浙江工人日报　2021年8月7日",
    ]
    assert (four.name, four.editor) == ("工会工作", "")
    assert four.meta_lines == ["工会工作", "第04版", "美编：林芳　版式：郑凯", "- 4 -"]
    [wenzhou] = three.articles
    assert summary(wenzhou)["bylines"] == [("陈静", "通讯员"), ("邹伟锋", "记者")]
    assert wenzhou.paragraphs == [
        "近日，温州市总工会与市中级人民法院联合出台意见，在全市推行劳动争议诉调对接工作。",
        "根据意见，各级工会将在法院设立劳动争议调解工作室，选派专职调解员入驻，今年以来已成功调解劳动争议案件1,200余件，"
        "涉及金额3000余万元。",
    ]
    [jiaxing] = four.articles
    assert (jiaxing.headline, jiaxing.dateline, jiaxing.paragraphs) == (
        "嘉兴职工书屋建设再上新台阶",
        "本报讯",
        ["日前，嘉兴市总工会命名第三批市级职工书屋示范点，全市职工书屋总数已达1200余家。"],
    )
    assert not issue.warnings


def test_a_headline_with_the_papers_name_or_another_date_is_not_a_running_head():
    issue = parse_pages(
        "第2版\n\n浙江工人日报 新年献词\n\n本报评论员\n\n新的一年，我们与全省职工一道出发。\n\n"
        "2020年5月1日 那一天\n\n本报讯 记者甲乙报道 去年的今天，工厂复工了。\n"
    )
    assert [a.headline for a in issue.articles] == ["浙江工人日报 新年献词", "2020年5月1日 那一天"]
