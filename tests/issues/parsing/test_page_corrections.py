"""更正 / correction notices: a short real article (title 更正), kept as an article and flagged."""

from __future__ import annotations

from .helpers import page_of, parse_pages, summary

CORRECTION_PAGE_2 = """第2版
要闻
责任编辑：王晓燕

更正

本报8月5日第3版《宁波户外劳动者驿站亮相》一文中，“139个”应为“193个”，特此更正，并向读者致歉。

全省工会财务工作会议召开

本报讯 记者阮向民报道 8月6日，全省工会财务工作会议在杭州召开。
"""

CORRECTION_PAGE_4 = """第4版
综合新闻
责任编辑：周伟

宁波举办职工运动会

本报讯 记者张浩星报道 8月5日，宁波市第十届职工运动会开幕。

更　正

本报8月3日第2版《我省新建职工书屋200家》一文中，“200家”应为“260家”。特此更正。

更正启事

本报7月30日第4版刊发的图片新闻，摄影作者应为“通讯员 李强”。特此更正，并致歉意。
"""


def test_correction_notice_is_a_flagged_article():
    issue = parse_pages(CORRECTION_PAGE_2)
    notice, news = page_of(issue, 2).articles
    assert summary(notice) == {
        "kind": "article",
        "kicker": "",
        "headline": "更正",
        "subheadline": "",
        "dateline": "",
        "bylines": [],
        "paragraphs": [
            "本报8月5日第3版《宁波户外劳动者驿站亮相》一文中，“139个”应为“193个”，特此更正，并向读者致歉。"
        ],
        "photos": [],
        "is_correction": True,
    }
    assert (news.headline, news.is_correction) == ("全省工会财务工作会议召开", False)


def test_spaced_title_and_correction_notice_after_news():
    issue = parse_pages(CORRECTION_PAGE_4)
    news, first, second = page_of(issue, 4).articles
    assert [(a.headline, a.is_correction) for a in (news, first, second)] == [
        ("宁波举办职工运动会", False),
        ("更　正", True),
        ("更正启事", True),
    ]
    assert first.paragraphs == [
        "本报8月3日第2版《我省新建职工书屋200家》一文中，“200家”应为“260家”。特此更正。"
    ]
    assert second.paragraphs == [
        "本报7月30日第4版刊发的图片新闻，摄影作者应为“通讯员 李强”。特此更正，并致歉意。"
    ]


def test_untitled_correction_paragraph_is_flagged():
    issue = parse_pages(
        "第2版\n\n职工书屋进社区\n\n本报讯 近日，首批职工书屋进社区。\n\n"
        "更正：本报8月6日第1版《省总工会召开党组会议》一文中，“十四届”应为“十四届九次”。\n"
    )
    news, notice = issue.articles
    assert (news.is_correction, notice.is_correction) == (False, True)
    assert notice.paragraphs == [
        "更正：本报8月6日第1版《省总工会召开党组会议》一文中，“十四届”应为“十四届九次”。"
    ]


SIGNED_CORRECTIONS_PAGE_2 = """第2版:综合新闻

温州：送法进企业

3月24日，温州市总工会组织律师志愿者走进鹿城区20家企业。（记者 林晓 通讯员 周平）

更正

本报3月25日第1版《全省工会工作会议召开》一文中，“协调小组”应为“协调领导小组”。特此更正。

本报编辑部

广告

杭州某某装饰有限公司
专业家装 品质保证
电话：0571-88888888
地址：杭州市西湖区文三路100号
"""


def test_signature_under_a_correction_belongs_to_it_not_to_an_advert_below():
    issue = parse_pages(SIGNED_CORRECTIONS_PAGE_2, head=MARCH_HEAD)
    page = page_of(issue, 2)
    news, notice = page.articles
    assert notice.paragraphs == [
        "本报3月25日第1版《全省工会工作会议召开》一文中，“协调小组”应为“协调领导小组”。特此更正。",
        "本报编辑部",
    ]
    assert notice.is_correction
    assert page.meta_lines == [
        "第2版:综合新闻",
        "广告",
        "杭州某某装饰有限公司",
        "专业家装 品质保证",
        "电话：0571-88888888",
        "地址：杭州市西湖区文三路100号",
    ]
    assert not [w for w in issue.warnings if w.code == "title_uncertain" and "更正" in w.message]


MARCH_HEAD = "壬寅年二月廿六\n2022年3月28日 星期一\n邮发代号:31-2 总第12071号\n浙江工人日报\n"


def test_signature_with_the_issue_date_on_one_line_or_two_is_not_a_running_head():
    issue = parse_pages(
        "第2版\n综合新闻\n\n更正\n\n本报3月25日第1版《全省工会工作会议召开》一文中，“协调小组”应为“协调领导小组”。"
        "特此更正。\n本报编辑部\n2022年3月28日\n\n勘误\n\n本报3月26日第3版图片说明中，“宁波”应为“舟山”。\n\n"
        "本报编辑部 2022年3月28日\n\n第3版\n要闻\n",
        head=MARCH_HEAD,
    )
    first, second = page_of(issue, 2).articles
    assert first.paragraphs[1:] == ["本报编辑部", "2022年3月28日"]
    assert second.paragraphs == ["本报3月26日第3版图片说明中，“宁波”应为“舟山”。", "本报编辑部 2022年3月28日"]
    assert (first.is_correction, second.is_correction) == (True, True)
    assert page_of(issue, 2).meta_lines == ["第2版", "综合新闻"]


def test_a_signature_right_above_the_next_page_marker_is_not_that_pages_section_name():
    issue = parse_pages(
        "第2版\n综合新闻\n\n更正\n\n本报8月5日第3版《宁波户外劳动者驿站亮相》一文中，“139个”应为“193个”。特此更正。\n\n"
        "本报编辑部\n第3版\n\n全省工会财务工作会议召开\n\n本报讯 8月6日，全省工会财务工作会议在杭州召开。\n"
    )
    [notice] = page_of(issue, 2).articles
    assert notice.paragraphs[-1] == "本报编辑部"
    assert (page_of(issue, 3).name, page_of(issue, 3).meta_lines) == ("", ["第3版"])
