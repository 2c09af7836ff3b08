"""Jumps worded （转第N版） / （接第N版） as well as 下转 / 上接, with Chinese or Arabic page numbers."""

from __future__ import annotations

from .helpers import page_of, parse_pages

JUMP_PAGES = """第1版
要闻

全省产业工人队伍建设改革推进会召开

本报讯 记者曾晨路报道 8月6日，全省产业工人队伍建设改革推进会在杭州召开。会议总结了近年来我省产业工人队伍建设改革的做法和成效，部署下一阶段重点任务。

会议指出，要把产业工人队伍建设改革放在更加突出的位置，着力提升产业工人的思想政治素质和技能（转第4版）

职工书屋进工地

本报讯 记者胡翀报道 日前，首批50个“工地职工书屋”在全省重点工程项目建成。（转第二版）

第2版
综合新闻

（接第1版）每个书屋配备图书500余册，并开通数字阅读服务，方便一线建设者利用休息时间阅读。

第4版
专题

全省产业工人队伍建设改革推进会召开

（接第1版）水平，推动更多产业工人成长为高技能人才。
"""


def test_zhuan_and_jie_jumps_join_the_parts_of_each_article():
    issue = parse_pages(JUMP_PAGES, covered=False)  # the repeated headline is kept in source_text only
    reform, books = page_of(issue, 1).articles
    assert reform.headline == "全省产业工人队伍建设改革推进会召开" and reform.jump_pages == [4]
    assert reform.paragraphs == [
        "8月6日，全省产业工人队伍建设改革推进会在杭州召开。会议总结了近年来我省产业工人队伍建设改革的做法和成效，"
        "部署下一阶段重点任务。",
        "会议指出，要把产业工人队伍建设改革放在更加突出的位置，着力提升产业工人的思想政治素质和技能水平，"
        "推动更多产业工人成长为高技能人才。",
    ]
    assert "（转第4版）" in reform.source_text and "（接第1版）" in reform.source_text
    assert reform.source_text.count("全省产业工人队伍建设改革推进会召开") == 2
    assert books.jump_pages == [2]
    assert books.paragraphs == [
        "日前，首批50个“工地职工书屋”在全省重点工程项目建成。",
        "每个书屋配备图书500余册，并开通数字阅读服务，方便一线建设者利用休息时间阅读。",
    ]
    assert page_of(issue, 2).articles == [] and page_of(issue, 4).articles == []
    assert not issue.warnings


def test_xiazhuan_shangjie_and_mixed_wording():
    body = (
        "第1版\n\n职工医疗互助保障扩面\n\n本报讯 记者胡翀报道 今年以来，全省参加职工医疗互助保障的人数持续增加，"
        "截至7月底已达\n\n下转第3版\n\n"
        "第3版\n\n上接第1版 500余万人，比去年同期增长12%。\n\n"
        "衢州工会驿站\n\n本报讯 通讯员徐丽 近日，衢州新建工会驿站30家。（转第五版）\n\n"
        "第5版\n\n【接第3版】驿站均配备饮水机、微波炉等设施。\n"
    )
    issue = parse_pages(body)
    insurance = page_of(issue, 1).articles[0]
    assert insurance.jump_pages == [3]
    assert insurance.paragraphs == [
        "今年以来，全省参加职工医疗互助保障的人数持续增加，截至7月底已达500余万人，比去年同期增长12%。"
    ]
    station = page_of(issue, 3).articles[0]
    assert station.headline == "衢州工会驿站" and station.jump_pages == [5]
    assert station.paragraphs[-1] == "驿站均配备饮水机、微波炉等设施。"
    assert page_of(issue, 5).articles == []
    assert not [w for w in issue.warnings if w.code == "unmatched_jump"]


SAME_LINE_REPEAT = """第01版:要闻

我省出台职工技能提升三年行动计划

本报讯 记者 曾晨路 报道 8月6日，省政府办公厅印发《浙江省职工技能提升三年行动计划》，提出到2023年新增技能人才100万人。

计划明确，各级工会要广泛开展劳动和技能竞赛，（转第2版）

第02版:综合新闻
责任编辑：吴凡

{mark}我省出台职工技能提升三年行动计划

推动形成崇尚技能的良好氛围。

计划还提出，要完善技能人才激励机制。

职工食堂“上新”了

本报讯（通讯员 何晓）近日，衢州某企业职工食堂推出20余道新菜品，受到职工欢迎。
"""


def test_headline_repeated_on_the_continuation_line_is_not_body_text():
    for mark in ("（接第1版）", "（上接第一版）", "上接第1版 "):
        issue = parse_pages(SAME_LINE_REPEAT.format(mark=mark), covered=False)
        [article] = page_of(issue, 1).articles
        assert article.jump_pages == [2]
        assert article.paragraphs == [
            "8月6日，省政府办公厅印发《浙江省职工技能提升三年行动计划》，提出到2023年新增技能人才100万人。",
            "计划明确，各级工会要广泛开展劳动和技能竞赛，推动形成崇尚技能的良好氛围。",
            "计划还提出，要完善技能人才激励机制。",
        ], mark
        assert f"{mark}我省出台职工技能提升三年行动计划" in article.source_text
        assert [a.headline for a in page_of(issue, 2).articles] == ["职工食堂“上新”了"]
        assert not [w for w in issue.warnings if w.code == "unmatched_jump"]
