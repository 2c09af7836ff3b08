"""图片新闻 groups: one heading over several photos, each with its own caption and credit; credits
naming several people, on their own line, bracketed, or at the end of the caption."""

from __future__ import annotations

from .helpers import page_of, parse_pages, summary

PHOTO_PAGE_7 = """第7版
图片新闻
责任编辑：孙丽

高温下的坚守

7月28日，国网杭州供电公司员工在35℃高温下检修线路。

通讯员王丹　记者邹伟锋　摄

8月1日，宁波舟山港的桥吊司机在驾驶室内作业，室内温度超过40℃。

通讯员 李强 摄

环卫工人在劳动者港湾休息。　本报记者 胡翀 摄

劳模进校园

8月5日，全国劳模王建华走进杭州某职业学校，为学生演示数控加工技术。

记者 张浩星 摄
"""

PHOTO_PAGE_8 = """第8版
视觉
责任编辑：孙丽

图片新闻

8月3日，温州职工在“乐业温州”技能大赛上比拼砌筑技艺。

通讯员 陈静　摄

8月4日，湖州一家企业的女职工在学习插花。

（通讯员 吴芳 记者 沈李骏 摄）

金华举办职工篮球赛

本报讯（通讯员 郑毅）8月2日，金华市第五届职工篮球赛开赛，32支队伍参赛。
"""


def test_one_heading_over_three_photos_and_a_second_group():
    issue = parse_pages(PHOTO_PAGE_7)
    heat, school = page_of(issue, 7).articles
    assert summary(heat) == {
        "kind": "photo",
        "kicker": "",
        "headline": "高温下的坚守",
        "subheadline": "",
        "dateline": "",
        "bylines": [],
        "paragraphs": [],
        "photos": [
            (
                "7月28日，国网杭州供电公司员工在35℃高温下检修线路。",
                "通讯员王丹　记者邹伟锋　摄",
                [("王丹", "通讯员"), ("邹伟锋", "记者")],
            ),
            (
                "8月1日，宁波舟山港的桥吊司机在驾驶室内作业，室内温度超过40℃。",
                "通讯员 李强 摄",
                [("李强", "通讯员")],
            ),
            ("环卫工人在劳动者港湾休息。", "本报记者 胡翀 摄", [("胡翀", "本报记者")]),
        ],
        "is_correction": False,
    }
    assert (school.kind, school.headline) == ("photo", "劳模进校园")
    assert summary(school)["photos"] == [
        (
            "8月5日，全国劳模王建华走进杭州某职业学校，为学生演示数控加工技术。",
            "记者 张浩星 摄",
            [("张浩星", "记者")],
        )
    ]
    assert not issue.warnings


def test_picture_news_label_bracketed_credit_then_a_news_item():
    issue = parse_pages(PHOTO_PAGE_8)
    photos, news = page_of(issue, 8).articles
    assert (photos.kind, photos.headline, photos.paragraphs) == ("photo", "图片新闻", [])
    assert summary(photos)["photos"] == [
        ("8月3日，温州职工在“乐业温州”技能大赛上比拼砌筑技艺。", "通讯员 陈静　摄", [("陈静", "通讯员")]),
        (
            "8月4日，湖州一家企业的女职工在学习插花。",
            "（通讯员 吴芳 记者 沈李骏 摄）",
            [("吴芳", "通讯员"), ("沈李骏", "记者")],
        ),
    ]
    assert (news.kind, news.headline, news.dateline, news.photos) == (
        "article",
        "金华举办职工篮球赛",
        "本报讯",
        [],
    )
    assert [(c.name, c.role) for c in news.bylines] == [("郑毅", "通讯员")]


PHOTO_AFTER_POEM_PAGE_4 = """第4版:副刊

春天的工地

□ 李明

春风吹过脚手架
塔吊伸向蓝天

汗水落进泥土
长出高楼一片

图片新闻

工人们在生产线上忙碌。
通讯员王丹　记者邹伟锋　摄

技术人员调试设备。
记者邹伟锋 摄
"""


def test_picture_news_label_after_a_poem_heads_one_item_with_every_photo():
    """The label is not the poem's last verse line, and the photos under it are one item."""
    poem, photos = page_of(parse_pages(PHOTO_AFTER_POEM_PAGE_4), 4).articles
    assert poem.paragraphs == ["春风吹过脚手架", "塔吊伸向蓝天", "汗水落进泥土", "长出高楼一片"]
    assert summary(photos) == {
        "kind": "photo",
        "kicker": "",
        "headline": "图片新闻",
        "subheadline": "",
        "dateline": "",
        "bylines": [],
        "paragraphs": [],
        "photos": [
            (
                "工人们在生产线上忙碌。",
                "通讯员王丹\u3000记者邹伟锋\u3000摄",
                [("王丹", "通讯员"), ("邹伟锋", "记者")],
            ),
            ("技术人员调试设备。", "记者邹伟锋 摄", [("邹伟锋", "记者")]),
        ],
        "is_correction": False,
    }


def test_picture_news_label_typed_under_a_poems_last_line_without_blank_lines():
    issue = parse_pages(
        "第3版\n副刊\n\n雨夜\n\n□ 周小雨\n\n雨落在屋檐\n灯亮在窗前\n师傅还在车间\n图片新闻\n"
        "一线职工坚守岗位。\n记者邹伟锋 摄\n"
    )
    poem, photos = page_of(issue, 3).articles
    assert poem.paragraphs == ["雨落在屋檐", "灯亮在窗前", "师傅还在车间"]
    assert (photos.kind, photos.headline) == ("photo", "图片新闻")
    assert [(p.caption, p.credit_text) for p in photos.photos] == [("一线职工坚守岗位。", "记者邹伟锋 摄")]


def test_a_column_label_after_an_open_paragraph_is_not_swallowed():
    issue = parse_pages(
        "第2版\n\n职工书屋上新\n\n本报讯 8月6日，省职工书屋新添图书2000册，欢迎职工借阅\n\n图片新闻\n\n"
        "职工在书屋里阅读。\n\n通讯员 李强 摄\n"
    )
    news, photos = page_of(issue, 2).articles
    assert news.paragraphs == ["8月6日，省职工书屋新添图书2000册，欢迎职工借阅"]
    assert (photos.kind, photos.headline) == ("photo", "图片新闻")
    assert [(p.caption, p.credit_text) for p in photos.photos] == [("职工在书屋里阅读。", "通讯员 李强 摄")]
