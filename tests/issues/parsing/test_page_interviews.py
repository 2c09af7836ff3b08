"""Interviews and explainers: ——访… subheadlines, 本报记者 甲 on its own line, Q&A turns as
paragraphs, numbered item headings inside the body, and a 相关链接 box that ends the article."""

from __future__ import annotations

from .helpers import page_of, parse_pages, summary

INTERVIEW_PAGE_4 = """第4版
特别报道
责任编辑：吴凡

让每一名职工都有技能成长的通道

——访全国劳动模范、杭州某汽车零部件公司高级技师王建华

本报记者 邹伟锋

记者：您从一名普通学徒成长为高级技师，最重要的经验是什么？

王建华：我觉得是肯下笨功夫。刚进厂那几年，我每天比别人早到一个小时，把图纸一张张吃透。

记者：现在您带徒弟，有什么不一样的做法？

王建华：我们成立了劳模创新工作室，徒弟们有想法就拿到工作室来试，失败了也不要紧。

记者：对年轻职工有什么寄语？

王建华：沉下心来，把一件事做到极致。

相关链接

劳模创新工作室

劳模创新工作室是以劳动模范名字命名、由劳模领衔的技术创新团队。截至目前，我省已命名省级劳模创新工作室300余家。

职工技能提升计划今起实施

本报讯 记者张浩星报道 记者从省人力社保厅获悉，我省职工技能提升计划今起实施。
"""

EXPLAINER_PAGE_5 = """第5版
政策解读
责任编辑：吴凡

新修订的《浙江省职工权益保障条例》有哪些亮点

本报记者 胡翀

问：条例修订的背景是什么？

答：原条例实施已有十余年，新就业形态劳动者大量出现，需要与时俱进。

问：新条例在哪些方面加强了保障？

答：主要有三个方面。

一、明确新就业形态劳动者的入会权利

条例规定，工会应当积极吸收新就业形态劳动者入会，依法维护其合法权益。

二、完善劳动争议调解机制

条例要求各级工会设立劳动争议调解组织，为职工提供免费法律服务。

三、加大违法行为惩处力度

对拒不改正的用人单位，有关部门可依法予以处罚。

相关链接

条例将于今年10月1日起施行，全文可在省总工会官网查阅。
"""


def test_interview_with_fangwen_subheadline_qa_turns_and_a_link_box():
    issue = parse_pages(INTERVIEW_PAGE_4)
    interview, news = page_of(issue, 4).articles
    assert summary(interview) == {
        "kind": "article",
        "kicker": "",
        "headline": "让每一名职工都有技能成长的通道",
        "subheadline": "——访全国劳动模范、杭州某汽车零部件公司高级技师王建华",
        "dateline": "",
        "bylines": [("邹伟锋", "本报记者")],
        "paragraphs": [
            "记者：您从一名普通学徒成长为高级技师，最重要的经验是什么？",
            "王建华：我觉得是肯下笨功夫。刚进厂那几年，我每天比别人早到一个小时，把图纸一张张吃透。",
            "记者：现在您带徒弟，有什么不一样的做法？",
            "王建华：我们成立了劳模创新工作室，徒弟们有想法就拿到工作室来试，失败了也不要紧。",
            "记者：对年轻职工有什么寄语？",
            "王建华：沉下心来，把一件事做到极致。",
            "相关链接",
            "劳模创新工作室",
            "劳模创新工作室是以劳动模范名字命名、由劳模领衔的技术创新团队。截至目前，我省已命名省级劳模创新工作室300余家。",
        ],
        "photos": [],
        "is_correction": False,
    }
    assert interview.byline_text == "本报记者 邹伟锋"
    assert (news.headline, news.dateline, [(c.name, c.role) for c in news.bylines]) == (
        "职工技能提升计划今起实施",
        "本报讯",
        [("张浩星", "记者")],
    )
    assert news.paragraphs == ["记者从省人力社保厅获悉，我省职工技能提升计划今起实施。"]
    assert not issue.warnings


def test_explainer_with_wen_da_turns_and_numbered_headings():
    issue = parse_pages(EXPLAINER_PAGE_5)
    [explainer] = page_of(issue, 5).articles
    assert (explainer.headline, explainer.subheadline, explainer.kicker) == (
        "新修订的《浙江省职工权益保障条例》有哪些亮点",
        "",
        "",
    )
    assert [(c.name, c.role) for c in explainer.bylines] == [("胡翀", "本报记者")]
    assert explainer.paragraphs == [
        "问：条例修订的背景是什么？",
        "答：原条例实施已有十余年，新就业形态劳动者大量出现，需要与时俱进。",
        "问：新条例在哪些方面加强了保障？",
        "答：主要有三个方面。",
        "一、明确新就业形态劳动者的入会权利",
        "条例规定，工会应当积极吸收新就业形态劳动者入会，依法维护其合法权益。",
        "二、完善劳动争议调解机制",
        "条例要求各级工会设立劳动争议调解组织，为职工提供免费法律服务。",
        "三、加大违法行为惩处力度",
        "对拒不改正的用人单位，有关部门可依法予以处罚。",
        "相关链接",
        "条例将于今年10月1日起施行，全文可在省总工会官网查阅。",
    ]


def test_short_unpunctuated_answers_stay_turns_of_the_interview():
    issue = parse_pages(
        "第4版\n\n车间里的“金手指”\n\n本报记者 李娜\n\n记者：您干这行多少年了？\n\n"
        "张师傅：整整三十年\n\n记者：还想再干下去吗\n\n张师傅：干到干不动为止\n"
    )
    [interview] = issue.articles
    assert interview.paragraphs == [
        "记者：您干这行多少年了？",
        "张师傅：整整三十年",
        "记者：还想再干下去吗",
        "张师傅：干到干不动为止",
    ]


INTERVIEW_ONE_BLOCK_PAGE_3 = """第3版:要闻·访谈

为一线职工撑起“保护伞”
——访省总工会法律工作部负责人

本报记者 曾晨路

记者：今年法律援助工作有哪些新举措？

负责人：我们将推进“工会+法院”诉调对接，让职工维权少跑腿。

一、扩大援助范围

今年将把新就业形态劳动者纳入法律援助范围。

相关链接

截至2021年底，全省已建立工会法律服务站点1200余个。

工匠精神
薪火相传
——记全国技术能手、宁波某船厂电焊班长陈海

本报记者 邹伟锋　通讯员 李强

清晨六点半，陈海已经站在船坞边，检查当天要焊接的分段。
"""


def test_fangwen_and_ji_lines_typed_under_the_headline_are_subheadlines():
    """——访…/——记… in the headline's own block (no blank line) is the subheadline, not more headline."""
    interview, profile = page_of(parse_pages(INTERVIEW_ONE_BLOCK_PAGE_3), 3).articles
    assert (interview.kicker, interview.headline, interview.subheadline) == (
        "",
        "为一线职工撑起“保护伞”",
        "——访省总工会法律工作部负责人",
    )
    assert [(c.name, c.role) for c in interview.bylines] == [("曾晨路", "本报记者")]
    assert interview.paragraphs[:2] == [
        "记者：今年法律援助工作有哪些新举措？",
        "负责人：我们将推进“工会+法院”诉调对接，让职工维权少跑腿。",
    ]
    assert interview.paragraphs[-2:] == ["相关链接", "截至2021年底，全省已建立工会法律服务站点1200余个。"]
    assert (profile.kicker, profile.headline, profile.subheadline) == (
        "",
        "工匠精神 薪火相传",
        "——记全国技术能手、宁波某船厂电焊班长陈海",
    )
    assert profile.paragraphs == ["清晨六点半，陈海已经站在船坞边，检查当天要焊接的分段。"]
