"""理论 pages: the author's name printed alone under the headline ("张才方"), decorated subheads
("■ 把牢政治方向") inside the body, and "（作者系…）" closing the piece."""

from __future__ import annotations

from .helpers import page_of, parse_pages, summary

THEORY_PAGE_3 = """第03版:理论·学习

以高质量工会工作助推共同富裕

张才方

共同富裕是社会主义的本质要求，是人民群众的共同期盼。工会组织在推动共同富裕中肩负着重要使命。

■ 把牢政治方向

工会是党领导的工人阶级群众组织。推动共同富裕，首先要坚持党的领导，确保工会工作始终沿着正确方向前进。

■ 发挥主力军作用

要团结动员广大职工在建设共同富裕示范区中建功立业，深入开展劳动和技能竞赛。

（作者系省总工会党组书记、副主席）

学习札记

读懂“共同富裕”的四重逻辑

□ 李明远

理论逻辑、历史逻辑、现实逻辑、发展逻辑，构成了我们理解共同富裕的四个维度。
"""

ESSAY_PAGE_5 = """第5版
理论·评论

新时代产业工人的技能之路

陈晓东

技能是立业之本。一个国家的制造业水平，很大程度上取决于产业工人的技能水平。

● 技能提升要有制度保障

要健全技能人才培养、使用、评价、激励制度，让技能人才有奔头。

● 技能成长要有平台支撑

各级工会要搭建职工创新工作室等平台，为技能人才成长创造条件。

（作者单位：浙江工业大学）
"""


def test_theory_page_bare_author_name_and_decorated_subheads():
    issue = parse_pages(THEORY_PAGE_3)
    essay, notes = page_of(issue, 3).articles
    assert summary(essay) == {
        "kind": "article",
        "kicker": "",
        "headline": "以高质量工会工作助推共同富裕",
        "subheadline": "",
        "dateline": "",
        "bylines": [("张才方", "")],
        "paragraphs": [
            "共同富裕是社会主义的本质要求，是人民群众的共同期盼。工会组织在推动共同富裕中肩负着重要使命。",
            "■ 把牢政治方向",
            "工会是党领导的工人阶级群众组织。推动共同富裕，首先要坚持党的领导，确保工会工作始终沿着正确方向前进。",
            "■ 发挥主力军作用",
            "要团结动员广大职工在建设共同富裕示范区中建功立业，深入开展劳动和技能竞赛。",
            "（作者系省总工会党组书记、副主席）",
        ],
        "photos": [],
        "is_correction": False,
    }
    assert essay.byline_text == "张才方"
    assert (notes.kicker, notes.headline) == ("学习札记", "读懂“共同富裕”的四重逻辑")
    assert [(c.name, c.role) for c in notes.bylines] == [("李明远", "")]
    assert not [w for w in issue.warnings if w.code == "title_uncertain"]


def test_essay_page_with_round_bullet_subheads():
    issue = parse_pages(ESSAY_PAGE_5)
    [essay] = page_of(issue, 5).articles
    assert essay.headline == "新时代产业工人的技能之路"
    assert [(c.name, c.role) for c in essay.bylines] == [("陈晓东", "")]
    assert essay.paragraphs[1] == "● 技能提升要有制度保障"
    assert essay.paragraphs[3] == "● 技能成长要有平台支撑"
    assert essay.paragraphs[-1] == "（作者单位：浙江工业大学）"
    assert len(essay.paragraphs) == 6


def test_a_short_headline_tail_is_not_taken_for_a_name():
    issue = parse_pages(
        "第2版\n\n省总工会召开全省工会数字化改革现场推进\n\n大会\n\n本报讯 8月6日，省总工会在宁波召开全省工会数字化改革现场推进大会。\n"
    )
    [article] = page_of(issue, 2).articles
    assert article.headline == "省总工会召开全省工会数字化改革现场推进大会"
    assert article.bylines == []
