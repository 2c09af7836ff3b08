"""Inside pages whose only page marker is the running head ("浙江工人日报 2021年8月7日 星期六 02版
综合新闻"), and 简讯 items typed with no blank line between one item and the next headline."""

from __future__ import annotations

from .helpers import page_of, parse_pages, summary

COMPACT_PAGE_2 = """浙江工人日报 2021年8月7日 星期六 02版 综合新闻
责任编辑：吴凡　版式：陈丽　校对：张敏
工会动态
湖州：职工疗休养活动启动
本报讯（通讯员 沈佳）近日，湖州市总工会2021年度职工疗休养活动正式启动，首批200名一线职工前往安吉疗休养。
嘉兴送清凉进工地
7月以来，嘉兴市各级工会共开展送清凉活动300余场次，慰问一线职工2,0
00人次。（通讯员 陆华 李冬）
舟山举办职工摄影展
8月3日，舟山市职工摄影作品展在市工人文化宫开幕，共展出作品120幅。
2
"""

TWO_PAGES = """浙江工人日报 2021年8月7日 星期六 02版 要闻

省总工会召开数字化改革推进会

本报讯 记者 曾晨路 报道 8月5日，省总工会召开数字化改革推进会，部署下一阶段工作。

2021年8月7日 星期六 浙江工人日报 A3版 文体·健康

省职工乒乓球赛落幕

本报讯（记者 王强）8月6日，全省职工乒乓球赛在金华落幕。
"""


def test_compact_briefs_page_numbered_by_its_running_head():
    issue = parse_pages(COMPACT_PAGE_2)
    page = page_of(issue, 2)
    assert (page.name, page.editor) == ("综合新闻", "吴凡")
    assert page.meta_lines == [
        "浙江工人日报 2021年8月7日 星期六 02版 综合新闻",
        "责任编辑：吴凡\u3000版式：陈丽\u3000校对：张敏",
        "2",
    ]
    first, second, third = page.articles
    assert (first.kicker, first.headline, first.dateline) == (
        "工会动态",
        "湖州：职工疗休养活动启动",
        "本报讯",
    )
    assert summary(second) == {
        "kind": "article",
        "kicker": "",
        "headline": "嘉兴送清凉进工地",
        "subheadline": "",
        "dateline": "",
        "bylines": [("陆华", "通讯员"), ("李冬", "通讯员")],
        "paragraphs": ["7月以来，嘉兴市各级工会共开展送清凉活动300余场次，慰问一线职工2,000人次。"],
        "photos": [],
        "is_correction": False,
    }
    assert (third.headline, third.paragraphs) == (
        "舟山举办职工摄影展",
        ["8月3日，舟山市职工摄影作品展在市工人文化宫开幕，共展出作品120幅。"],
    )


def test_the_running_heads_page_number_starts_each_page():
    issue = parse_pages(TWO_PAGES)
    two, three = page_of(issue, 2), page_of(issue, 3)
    assert two.name == "要闻" and three.name == "文体·健康"
    assert [a.headline for a in two.articles] == ["省总工会召开数字化改革推进会"]
    assert [a.headline for a in three.articles] == ["省职工乒乓球赛落幕"]
    assert three.meta_lines == ["2021年8月7日 星期六 浙江工人日报 A3版 文体·健康"]


def test_a_page_number_in_a_sentence_is_no_marker():
    issue = parse_pages(
        "第2版\n\n本报将在3版刊登\n\n本报讯 8月6日，本报将在明天的3版刊登全省职工技能大赛获奖名单。\n"
    )
    assert [page.number for page in issue.pages if page.articles] == [2]


COMPACT_PAGE_5 = """2021年8月7日 星期六 第05版:职工生活 责任编辑：王丽

图片新闻

工地上的“清凉驿站”

8月5日，杭州某地铁项目工地，工人们在“清凉驿站”领取防暑饮品。（记者 邹伟锋 摄）

嘉兴某纺织企业为一线职工送上西瓜。
通讯员 李华　记者 张浩星 摄

在劳动中绽放青春
——访全国五一劳动奖章获得者、快递员李明
本报记者 胡翀

记者：您每天要送多少件快递？
李明：旺季的时候一天能送三四百件。
记者：这么多件，怎么保证不出错？
答：靠的是细心。每一件我都会核对两遍。

相关链接
全国五一劳动奖章
全国五一劳动奖章是中华全国总工会设立的奖项，授予在社会主义建设中作出突出贡献的职工。
"""


def test_compact_photo_group_and_interview_with_its_link_box():
    issue = parse_pages(COMPACT_PAGE_5)
    page = page_of(issue, 5)
    assert (page.name, page.editor) == ("职工生活", "王丽")
    photos, interview = page.articles
    assert (photos.kind, photos.kicker, photos.headline) == ("photo", "图片新闻", "工地上的“清凉驿站”")
    assert [(p.credit_text, [(c.name, c.role) for c in p.credits]) for p in photos.photos] == [
        ("（记者 邹伟锋 摄）", [("邹伟锋", "记者")]),
        ("通讯员 李华\u3000记者 张浩星 摄", [("李华", "通讯员"), ("张浩星", "记者")]),
    ]
    assert (interview.headline, interview.subheadline) == (
        "在劳动中绽放青春",
        "——访全国五一劳动奖章获得者、快递员李明",
    )
    assert [(c.name, c.role) for c in interview.bylines] == [("胡翀", "本报记者")]
    assert interview.paragraphs == [
        "记者：您每天要送多少件快递？",
        "李明：旺季的时候一天能送三四百件。",
        "记者：这么多件，怎么保证不出错？",
        "答：靠的是细心。每一件我都会核对两遍。",
        "相关链接",
        "全国五一劳动奖章",
        "全国五一劳动奖章是中华全国总工会设立的奖项，授予在社会主义建设中作出突出贡献的职工。",
    ]
