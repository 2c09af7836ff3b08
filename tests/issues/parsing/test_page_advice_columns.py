"""Advice and commentary columns (维权, 律师说法, 时评): a column label over a question headline
("加班费该怎么算？"), a reader's letter and an answer, and the answerer's bracketed signature
under the answer ("（浙江某某律师事务所 李明）"), which closes the piece and never becomes the
kicker of the next one. A rhetorical question alone between paragraphs stays a paragraph."""

from __future__ import annotations

from .helpers import page_of, parse_pages, summary

RIGHTS_PAGE_3 = """第03版:评论·维权
本版责任编辑：周敏　美编：林立

职工说法

加班费该怎么算？

读者张先生来信：我在一家物流公司工作，公司经常安排周末加班，但只给调休，不发加班费。请问这样做合法吗？

律师答：根据劳动法第四十四条规定，休息日安排劳动者工作又不能安排补休的，应当支付不低于工资的百分之二百的工资报酬。

（浙江某某律师事务所 李明）

体坛快讯

省职工篮球赛落幕

本报讯（记者 王强）8月8日，2021年全省职工篮球赛在温州落幕，杭州代表队获得冠军。
"""

RIGHTS_PAGE_6 = """第6版
维权·法苑
责任编辑：吴凡

律师说法

试用期被辞退能拿补偿吗！

本报记者 胡翀

小王入职一家电子厂，试用期第二个月被告知“不符合录用条件”，公司没有给任何补偿。小王向市总工会法律援助中心求助。

法律援助律师说，用人单位在试用期解除劳动合同，应当向劳动者说明理由，并举证证明不符合录用条件。

（本文由市总工会法律援助中心供稿）

工会动态

温州开展夏送清凉活动

本报讯 8月5日，温州市总工会走访慰问高温下坚守岗位的一线职工。
"""

COMMENT_PAGE_2 = """第2版
评论
责任编辑：周敏

■本报评论员

让劳模精神在新时代闪光

劳模是民族的精英、人民的楷模。在新的历史条件下，我们要大力弘扬劳模精神、劳动精神、工匠精神。

为什么这样说？

因为新时代的伟大事业，需要千千万万的劳动者用勤劳和智慧去创造，劳模正是他们中的佼佼者和带头人。

各级工会要把学习宣传劳模作为重要任务，创新方式方法，讲好劳模故事。
"""


def test_question_headline_under_a_column_label_with_the_answerers_signature():
    issue = parse_pages(RIGHTS_PAGE_3)
    answer, news = page_of(issue, 3).articles
    assert summary(answer) == {
        "kind": "article",
        "kicker": "职工说法",
        "headline": "加班费该怎么算？",
        "subheadline": "",
        "dateline": "",
        "bylines": [],
        "paragraphs": [
            "读者张先生来信：我在一家物流公司工作，公司经常安排周末加班，但只给调休，不发加班费。请问这样做合法吗？",
            "律师答：根据劳动法第四十四条规定，休息日安排劳动者工作又不能安排补休的，应当支付不低于工资的百分之二百的工资报酬。",
            "（浙江某某律师事务所 李明）",
        ],
        "photos": [],
        "is_correction": False,
    }
    assert (news.kicker, news.headline, news.dateline) == ("体坛快讯", "省职工篮球赛落幕", "本报讯")
    assert [(c.name, c.role) for c in news.bylines] == [("王强", "记者")]
    assert news.paragraphs == ["8月8日，2021年全省职工篮球赛在温州落幕，杭州代表队获得冠军。"]


def test_exclaiming_headline_over_a_byline_and_a_source_note_closing_the_piece():
    issue = parse_pages(RIGHTS_PAGE_6)
    case, brief = page_of(issue, 6).articles
    assert (case.kicker, case.headline) == ("律师说法", "试用期被辞退能拿补偿吗！")
    assert [(c.name, c.role) for c in case.bylines] == [("胡翀", "本报记者")]
    assert case.paragraphs[-1] == "（本文由市总工会法律援助中心供稿）"
    assert len(case.paragraphs) == 3
    assert (brief.kicker, brief.headline, brief.dateline) == ("工会动态", "温州开展夏送清凉活动", "本报讯")


def test_a_rhetorical_question_alone_stays_a_paragraph_of_the_commentary():
    issue = parse_pages(COMMENT_PAGE_2)
    [comment] = page_of(issue, 2).articles
    assert comment.headline == "让劳模精神在新时代闪光"
    assert comment.paragraphs[1] == "为什么这样说？"
    assert len(comment.paragraphs) == 4
