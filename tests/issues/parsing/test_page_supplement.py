"""副刊 / literary supplement: a column label above a title, □ bylines with no role, 编者按
paragraphs, (作者单位：…) closing lines, and poems: one paragraph per line, whose last line is
never the title of the next piece."""

from __future__ import annotations

from .helpers import page_of, parse_pages, summary

SUPPLEMENT_PAGE_6 = """第6版
副刊
责任编辑：钱静　美编：叶子

“我的师傅”征文选登

师傅的那双手

□ 张建国

编者按：本报“我的师傅”征文活动开展以来，收到来稿300余篇。今起选登部分来稿，以飨读者。

1998年我进厂当学徒，第一次见到师傅，是在车间的机床旁。他的手上全是老茧，指甲缝里嵌着洗不掉的机油。

师傅话不多，教我的时候只说一句：“看好了。”然后一遍遍地做给我看。

如今师傅退休了，我也带了徒弟。每当我握住徒弟的手校正姿势，总会想起师傅那双手。

（作者单位：杭州汽轮机股份有限公司）

夜班

□ 李小梅

车间的灯亮了
机器的歌唱起来
我们把星星
一颗一颗拧进螺丝

天快亮的时候
露水落在安全帽上
师傅说
这就是我们的早晨

（作者单位：宁波钢铁有限公司）
"""

SUPPLEMENT_PAGE_8 = """第8版
百花园
责任编辑：钱静

劳动者之歌

□ 王海

焊花飞溅的地方
有我年轻的模样
汗水浇铸的钢梁
撑起城市的脊梁

我们不说辛苦
只把明天擦亮

写给母亲的信

文/陈晓燕

妈妈，今年春节我又不能回家了。工地上的活儿赶得紧，等工程完工，我一定回去看您。

您总说不要惦记家里，可我知道，您的腰疼又犯了。

（作者系浙江建工集团职工）

编辑部的话

□ 钱静

感谢读者朋友们的来稿，本版将继续刊登职工原创作品，来稿请注明作者单位。
"""


def pieces(issue, number):
    return [
        (a.kicker, a.headline, [(c.name, c.role) for c in a.bylines], a.paragraphs)
        for a in page_of(issue, number).articles
    ]


def test_essay_under_a_column_label_and_a_poem_with_stanzas():
    issue = parse_pages(SUPPLEMENT_PAGE_6)
    page = page_of(issue, 6)
    assert (page.name, page.editor) == ("副刊", "钱静")
    assert pieces(issue, 6) == [
        (
            "“我的师傅”征文选登",
            "师傅的那双手",
            [("张建国", "")],
            [
                "编者按：本报“我的师傅”征文活动开展以来，收到来稿300余篇。今起选登部分来稿，以飨读者。",
                "1998年我进厂当学徒，第一次见到师傅，是在车间的机床旁。他的手上全是老茧，指甲缝里嵌着洗不掉的机油。",
                "师傅话不多，教我的时候只说一句：“看好了。”然后一遍遍地做给我看。",
                "如今师傅退休了，我也带了徒弟。每当我握住徒弟的手校正姿势，总会想起师傅那双手。",
                "（作者单位：杭州汽轮机股份有限公司）",
            ],
        ),
        (
            "",
            "夜班",
            [("李小梅", "")],
            [
                "车间的灯亮了",
                "机器的歌唱起来",
                "我们把星星",
                "一颗一颗拧进螺丝",
                "天快亮的时候",
                "露水落在安全帽上",
                "师傅说",
                "这就是我们的早晨",
                "（作者单位：宁波钢铁有限公司）",
            ],
        ),
    ]
    assert [a.byline_text for a in issue.articles] == ["□ 张建国", "□ 李小梅"]
    assert not [w for w in issue.warnings if w.code != "title_uncertain"]


def test_poem_without_closing_line_then_a_letter_with_wen_byline():
    issue = parse_pages(SUPPLEMENT_PAGE_8)
    assert pieces(issue, 8) == [
        (
            "",
            "劳动者之歌",
            [("王海", "")],
            [
                "焊花飞溅的地方",
                "有我年轻的模样",
                "汗水浇铸的钢梁",
                "撑起城市的脊梁",
                "我们不说辛苦",
                "只把明天擦亮",
            ],
        ),
        (
            "",
            "写给母亲的信",
            [("陈晓燕", "")],
            [
                "妈妈，今年春节我又不能回家了。工地上的活儿赶得紧，等工程完工，我一定回去看您。",
                "您总说不要惦记家里，可我知道，您的腰疼又犯了。",
                "（作者系浙江建工集团职工）",
            ],
        ),
        (
            "",
            "编辑部的话",
            [("钱静", "")],
            ["感谢读者朋友们的来稿，本版将继续刊登职工原创作品，来稿请注明作者单位。"],
        ),
    ]
    assert page_of(issue, 8).meta_lines == ["第8版", "百花园", "责任编辑：钱静"]


def test_a_poems_last_line_on_its_own_is_not_the_next_title():
    text = SUPPLEMENT_PAGE_8.replace("我们不说辛苦\n只把明天擦亮", "我们不说辛苦\n\n只把明天擦亮")
    issue = parse_pages(text)
    poem, letter, _ = page_of(issue, 8).articles
    assert poem.paragraphs[-2:] == ["我们不说辛苦", "只把明天擦亮"]
    assert (letter.kicker, letter.headline) == ("", "写给母亲的信")


def test_poem_without_a_byline_three_short_lines_are_a_stanza_not_a_subheadline():
    issue = parse_pages(
        "第7版\n\n春天的车间\n\n第一缕阳光\n照在车床上\n我们开始了一天\n\n零件在手中\n慢慢变亮\n"
    )
    [poem] = issue.articles
    assert (poem.headline, poem.subheadline) == ("春天的车间", "")
    assert poem.paragraphs == ["第一缕阳光", "照在车床上", "我们开始了一天", "零件在手中", "慢慢变亮"]


def test_poem_in_a_file_without_blank_lines():
    compact = "\n".join(line for line in SUPPLEMENT_PAGE_6.splitlines() if line.strip())
    issue = parse_pages(compact)
    assert pieces(issue, 6) == pieces(parse_pages(SUPPLEMENT_PAGE_6), 6)


THEORY_PAGE_5 = """第5版 理论·评论
责任编辑：陈思远　版式：刘洋

让劳动者共享发展成果

本报评论员

共同富裕是社会主义的本质要求。在高质量发展中促进共同富裕，必须坚持以人民为中心的发展思想，让广大劳动者共享发展成果。

各级工会要在推动共同富裕中找准定位，发挥作用。

新时代产业工人队伍建设的三重维度

□ 张志强

编者按：产业工人是工人阶级的主体力量。本期刊发一篇来稿，探讨新时代产业工人队伍建设，供读者参考。

一、思想引领

要把思想政治引领放在首位，用党的创新理论武装产业工人头脑。

二、技能提升

要健全技能人才培养、使用、评价、激励制度。

（作者单位：浙江工业大学马克思主义学院）

"""


def test_commentary_by_the_papers_commentator_and_a_contributed_essay():
    commentary, essay = page_of(parse_pages(THEORY_PAGE_5), 5).articles
    assert (commentary.headline, commentary.byline_text) == ("让劳动者共享发展成果", "本报评论员")
    assert commentary.paragraphs == [
        "共同富裕是社会主义的本质要求。在高质量发展中促进共同富裕，必须坚持以人民为中心的发展思想，让广大劳动者共享发展成果。",
        "各级工会要在推动共同富裕中找准定位，发挥作用。",
    ]
    assert summary(essay) == {
        "kind": "article",
        "kicker": "",
        "headline": "新时代产业工人队伍建设的三重维度",
        "subheadline": "",
        "dateline": "",
        "bylines": [("张志强", "")],
        "paragraphs": [
            "编者按：产业工人是工人阶级的主体力量。本期刊发一篇来稿，探讨新时代产业工人队伍建设，供读者参考。",
            "一、思想引领",
            "要把思想政治引领放在首位，用党的创新理论武装产业工人头脑。",
            "二、技能提升",
            "要健全技能人才培养、使用、评价、激励制度。",
            "（作者单位：浙江工业大学马克思主义学院）",
        ],
        "photos": [],
        "is_correction": False,
    }


ESSAY_CONTEST_PAGE_3 = """第03版:文化

“我的师傅”征文选登

师傅的烟斗

□ 钱红

编者按：本报“我的师傅”征文启动以来，收到来稿300余篇。本期选登两篇。

师傅爱抽烟斗，却从不在车间里点上。

（作者单位：杭州汽轮机集团）

“我的师傅”征文选登

夜班

□ 赵小川

机器的轰鸣
是师傅的摇篮曲

他守着仪表盘
像守着一片星空

公益广告

文明出行 从我做起

浙江省文明办 宣

2021年8月7日 星期六　责任编辑：吴凡　校对：陈立
03
"""


def test_contest_label_over_each_piece_a_poem_before_a_public_service_ad_and_a_combined_foot_line():
    issue = parse_pages(ESSAY_CONTEST_PAGE_3)
    page = page_of(issue, 3)
    essay, poem = page.articles
    assert (essay.kicker, essay.headline, essay.byline_text) == ("“我的师傅”征文选登", "师傅的烟斗", "□ 钱红")
    assert essay.paragraphs == [
        "编者按：本报“我的师傅”征文启动以来，收到来稿300余篇。本期选登两篇。",
        "师傅爱抽烟斗，却从不在车间里点上。",
        "（作者单位：杭州汽轮机集团）",
    ]
    assert (poem.kicker, poem.headline, [(c.name, c.role) for c in poem.bylines]) == (
        "“我的师傅”征文选登",
        "夜班",
        [("赵小川", "")],
    )
    assert poem.paragraphs == ["机器的轰鸣", "是师傅的摇篮曲", "他守着仪表盘", "像守着一片星空"]
    assert page.editor == "吴凡"
    assert sorted(page.meta_lines) == sorted(
        [
            "第03版:文化",
            "2021年8月7日 星期六\u3000责任编辑：吴凡\u3000校对：陈立",
            "03",
            "公益广告",
            "文明出行 从我做起",
            "浙江省文明办 宣",
        ]
    )


def test_a_contest_label_is_never_merged_into_a_short_title_below_it():
    issue = parse_pages(
        "第4版\n副刊\n\n“我的师傅”主题征文作品选登\n\n夜班\n\n□ 赵小川\n\n机器的轰鸣\n是师傅的摇篮曲\n\n"
        "他守着仪表盘\n像守着一片星空\n"
    )
    [poem] = page_of(issue, 4).articles
    assert (poem.kicker, poem.headline) == ("“我的师傅”主题征文作品选登", "夜班")
    assert poem.paragraphs == ["机器的轰鸣", "是师傅的摇篮曲", "他守着仪表盘", "像守着一片星空"]
