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


GRASSROOTS_PAGE_3 = """第3版
基层

■一线传真

舟山：渔嫂学技能

舟山市总工会日前举办渔嫂技能培训班，50余名渔嫂参加。

（通讯员 陈静 吴芳）

丽水：送清凉

丽水市总工会为高温下坚守岗位的职工送去清凉物品。

◆图片新闻

劳模工作室揭牌

8月5日，宁波某企业劳模创新工作室揭牌。

记者 张浩星 摄

职工技能比武

8月6日，职工在比武现场。

通讯员 李强 摄

工匠精神
薪火相传
——记全国技术能手陈海

本报记者 邹伟锋　通讯员 李强

清晨六点半，陈海已经站在船坞边，检查当天要焊接的分段。

本版责任编辑：王晓燕　美编：李华
浙江工人日报　2021年8月7日　星期六
第4版
副刊
"""


def test_foot_of_a_page_with_benban_editor_and_running_head_stays_on_that_page():
    """本版责任编辑 at the foot, the running head under it and 第4版 right below: the foot lines are
    page 3's furniture (they follow its editor line), page 4 starts at its marker."""
    issue = parse_pages(GRASSROOTS_PAGE_3)
    three, four = page_of(issue, 3), page_of(issue, 4)
    assert three.meta_lines == [
        "第3版",
        "基层",
        "本版责任编辑：王晓燕\u3000美编：李华",
        "浙江工人日报\u30002021年8月7日\u3000星期六",
    ]
    assert (three.editor, four.meta_lines, four.name) == ("王晓燕", ["第4版", "副刊"], "副刊")
    heads = [(a.kind, a.kicker, a.headline, a.subheadline) for a in three.articles]
    assert heads == [
        ("article", "■一线传真", "舟山：渔嫂学技能", ""),
        ("article", "", "丽水：送清凉", ""),
        ("photo", "◆图片新闻", "劳模工作室揭牌", ""),
        ("photo", "", "职工技能比武", ""),
        ("article", "", "工匠精神 薪火相传", "——记全国技术能手陈海"),
    ]
    assert [(c.name, c.role) for c in three.articles[0].bylines] == [("陈静", "通讯员"), ("吴芳", "通讯员")]
    assert [(c.name, c.role) for c in three.articles[-1].bylines] == [
        ("邹伟锋", "本报记者"),
        ("李强", "通讯员"),
    ]
