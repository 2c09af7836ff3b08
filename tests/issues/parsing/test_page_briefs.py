"""简讯 / news-briefs columns: a column label over several short items, each a short headline and
usually one paragraph; bylines in the dateline, trailing in brackets, or none at all."""

from __future__ import annotations

from .helpers import page_of, parse_pages, summary

BRIEFS_PAGE_3 = """第3版
工会动态
责任编辑：李娜

简讯

宁波开展夏季送清凉活动

本报讯（通讯员 王明）7月下旬，宁波市总工会组织慰问组，走访了全市42个重点工程项目，为一线职工送去防暑降温用品。

湖州举办职工羽毛球赛

日前，湖州市第六届职工羽毛球比赛在市体育中心举行，来自全市各行业的32支代表队参加比赛。（通讯员 李华 张强）

义乌职工书屋添新书

近日，义乌市总工会为全市50家职工书屋配送新书1万余册，内容涵盖政治理论、技术技能、文学艺术等。

衢州工会为新就业形态劳动者体检

本报讯 8月5日，衢州市总工会联合市人民医院为200名快递员、外卖送餐员提供免费健康体检。（记者 邹伟锋 通讯员 徐丽）
"""

BRIEFS_PAGE_5 = """第5版
职工生活
责任编辑：陈军

短波

舟山渔嫂技能培训班开班

本报讯（记者 毛雷君）8月3日，舟山市首期渔嫂电商技能培训班在普陀开班，50名渔嫂参加为期一周的培训。

丽水表彰一批金牌工人

丽水市总工会日前表彰了30名“丽水金牌工人”，每人获得一次性奖励5000元。

温岭发放困难职工助学金

近日，温岭市总工会向126名困难职工子女发放助学金共计37.8万元。（通讯员 林晓）

绍兴职工文艺汇演落幕

本报讯（通讯员 沈一鸣 陈洁）8月4日晚，绍兴市第十届职工文艺汇演在市文化馆落下帷幕。
"""


def items(issue, number):
    return [
        (a.kicker, a.headline, a.dateline, [(c.name, c.role) for c in a.bylines], a.paragraphs, a.kind)
        for a in page_of(issue, number).articles
    ]


def test_briefs_with_dateline_trailing_and_no_bylines():
    issue = parse_pages(BRIEFS_PAGE_3)
    page = page_of(issue, 3)
    assert (page.name, page.editor, page.meta_lines) == (
        "工会动态",
        "李娜",
        ["第3版", "工会动态", "责任编辑：李娜"],
    )
    assert items(issue, 3) == [
        (
            "简讯",
            "宁波开展夏季送清凉活动",
            "本报讯",
            [("王明", "通讯员")],
            ["7月下旬，宁波市总工会组织慰问组，走访了全市42个重点工程项目，为一线职工送去防暑降温用品。"],
            "article",
        ),
        (
            "",
            "湖州举办职工羽毛球赛",
            "",
            [("李华", "通讯员"), ("张强", "通讯员")],
            ["日前，湖州市第六届职工羽毛球比赛在市体育中心举行，来自全市各行业的32支代表队参加比赛。"],
            "article",
        ),
        (
            "",
            "义乌职工书屋添新书",
            "",
            [],
            ["近日，义乌市总工会为全市50家职工书屋配送新书1万余册，内容涵盖政治理论、技术技能、文学艺术等。"],
            "article",
        ),
        (
            "",
            "衢州工会为新就业形态劳动者体检",
            "本报讯",
            [("邹伟锋", "记者"), ("徐丽", "通讯员")],
            ["8月5日，衢州市总工会联合市人民医院为200名快递员、外卖送餐员提供免费健康体检。"],
            "article",
        ),
    ]
    assert [a.byline_text for a in issue.articles] == [
        "（通讯员 王明）",
        "（通讯员 李华 张强）",
        "",
        "（记者 邹伟锋 通讯员 徐丽）",
    ]
    assert not any(a.untitled for a in issue.articles)


def test_short_wave_column_item_without_byline_is_still_an_article():
    issue = parse_pages(BRIEFS_PAGE_5)
    assert items(issue, 5) == [
        (
            "短波",
            "舟山渔嫂技能培训班开班",
            "本报讯",
            [("毛雷君", "记者")],
            ["8月3日，舟山市首期渔嫂电商技能培训班在普陀开班，50名渔嫂参加为期一周的培训。"],
            "article",
        ),
        (
            "",
            "丽水表彰一批金牌工人",
            "",
            [],
            ["丽水市总工会日前表彰了30名“丽水金牌工人”，每人获得一次性奖励5000元。"],
            "article",
        ),
        (
            "",
            "温岭发放困难职工助学金",
            "",
            [("林晓", "通讯员")],
            ["近日，温岭市总工会向126名困难职工子女发放助学金共计37.8万元。"],
            "article",
        ),
        (
            "",
            "绍兴职工文艺汇演落幕",
            "本报讯",
            [("沈一鸣", "通讯员"), ("陈洁", "通讯员")],
            ["8月4日晚，绍兴市第十届职工文艺汇演在市文化馆落下帷幕。"],
            "article",
        ),
    ]


def test_briefs_without_blank_lines_between_items():
    """The same column typed with no blank lines: each line is a block, the items are the same."""
    compact = "\n".join(line for line in BRIEFS_PAGE_3.splitlines() if line.strip())
    assert items(parse_pages(compact), 3) == items(parse_pages(BRIEFS_PAGE_3), 3)


def test_headline_typed_directly_over_its_item_without_a_blank_line():
    text = (
        "第3版\n工会动态\n\n宁波开展夏季送清凉活动\n本报讯（通讯员 王明）7月下旬，宁波市总工会组织慰问组，"
        "走访了全市42个重点工程项目，为一线职工送去防暑降温用品。\n\n义乌职工书屋添新书\n"
        "近日，义乌市总工会为全市50家职工书屋配送新书1万余册，内容涵盖政治理论、技术技能、文学艺术等。\n"
    )
    assert items(parse_pages(text), 3) == [
        (
            "",
            "宁波开展夏季送清凉活动",
            "本报讯",
            [("王明", "通讯员")],
            ["7月下旬，宁波市总工会组织慰问组，走访了全市42个重点工程项目，为一线职工送去防暑降温用品。"],
            "article",
        ),
        (
            "",
            "义乌职工书屋添新书",
            "",
            [],
            ["近日，义乌市总工会为全市50家职工书屋配送新书1万余册，内容涵盖政治理论、技术技能、文学艺术等。"],
            "article",
        ),
    ]


SPORTS_HEALTH_PAGE_6 = """第6版 文体·健康
责任编辑：孙丽

简讯

省职工乒乓球赛落幕　8月5日，2021年浙江省职工乒乓球赛在湖州落幕，来自全省的32支代表队参赛。（通讯员 吴芳）

杭州职工合唱节开幕

8月4日，杭州市第三届职工合唱节开幕，60支合唱团参加展演。（记者 胡翀 通讯员 王丹）

夏季防暑小常识

高温天气要多喝水，避免在午后高温时段长时间户外作业。（省职业病防治院供稿）

图片新闻

8月6日，职工在健身房锻炼。

通讯员王丹　记者邹伟锋　见习记者李国峰　摄

职工参加广场舞比赛。

（通讯员 陈静 吴芳 摄）

浙江工人日报 2021年8月7日 星期六 文体·健康 6
"""


def test_run_in_headlines_trailing_bylines_a_photo_group_and_a_running_head_at_the_foot():
    """简讯 items printed as `headline　body` on one line, bylines trailing in brackets, a 图片新闻
    group with a three-person credit, and the running head (with its folio) at the page's foot."""
    page = page_of(parse_pages(SPORTS_HEALTH_PAGE_6), 6)
    assert page.meta_lines == [
        "第6版 文体·健康",
        "责任编辑：孙丽",
        "浙江工人日报 2021年8月7日 星期六 文体·健康 6",
    ]
    table_tennis, choir, tips, photos = page.articles
    assert summary(table_tennis) == {
        "kind": "article",
        "kicker": "简讯",
        "headline": "省职工乒乓球赛落幕",
        "subheadline": "",
        "dateline": "",
        "bylines": [("吴芳", "通讯员")],
        "paragraphs": ["8月5日，2021年浙江省职工乒乓球赛在湖州落幕，来自全省的32支代表队参赛。"],
        "photos": [],
        "is_correction": False,
    }
    # the printed line stays whole in the source (the structure editor matches lines by text)
    assert table_tennis.source_text.split("\n") == [
        "简讯",
        "省职工乒乓球赛落幕　8月5日，2021年浙江省职工乒乓球赛在湖州落幕，来自全省的32支代表队参赛。（通讯员 吴芳）",
    ]
    assert (choir.headline, [(c.name, c.role) for c in choir.bylines]) == (
        "杭州职工合唱节开幕",
        [("胡翀", "记者"), ("王丹", "通讯员")],
    )
    assert (tips.headline, tips.paragraphs) == (
        "夏季防暑小常识",
        ["高温天气要多喝水，避免在午后高温时段长时间户外作业。（省职业病防治院供稿）"],
    )
    assert summary(photos)["photos"] == [
        (
            "8月6日，职工在健身房锻炼。",
            "通讯员王丹\u3000记者邹伟锋\u3000见习记者李国峰\u3000摄",
            [("王丹", "通讯员"), ("邹伟锋", "记者"), ("李国峰", "见习记者")],
        ),
        ("职工参加广场舞比赛。", "（通讯员 陈静 吴芳 摄）", [("陈静", "通讯员"), ("吴芳", "通讯员")]),
    ]
    assert (photos.kind, photos.headline) == ("photo", "图片新闻")


def test_a_sentence_with_an_ideographic_space_is_not_a_run_in_headline():
    issue = parse_pages(
        "第6版\n\n职工书屋上新\n\n本报讯 8月6日，省职工书屋新添图书2000册。通讯员王丹　记者邹伟锋 摄影的作品同时展出。\n"
    )
    [article] = page_of(issue, 6).articles
    assert article.paragraphs == [
        "8月6日，省职工书屋新添图书2000册。通讯员王丹　记者邹伟锋 摄影的作品同时展出。"
    ]


def test_numbered_articles_set_apart_by_an_ideographic_space_are_not_run_in_headlines():
    issue = parse_pages(
        "第6版\n\n浙江省职工权益保障条例（摘要）\n\n本报讯 8月6日，省人大常委会公布新修订的条例。\n\n"
        "第十二条　用人单位应当依法保障职工休息休假的权利，不得强迫职工加班。\n\n"
        "一、加强领导　各级工会要把职工权益保障工作摆上重要位置。\n"
    )
    [article] = page_of(issue, 6).articles
    assert article.paragraphs == [
        "8月6日，省人大常委会公布新修订的条例。",
        "第十二条　用人单位应当依法保障职工休息休假的权利，不得强迫职工加班。",
        "一、加强领导　各级工会要把职工权益保障工作摆上重要位置。",
    ]
