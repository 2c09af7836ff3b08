"""A feature page (专副刊) with an advert whose hotline is printed a few lines under its 广告 label,
a 更正 signed by 本报编辑部, and a foot line that is a running head, the editor line and the folio
in one ("2021年8月7日 星期六　责任编辑：孙雯　美编：林立　4")."""

from __future__ import annotations

from .helpers import page_of, parse_pages

FEATURE_PAGE_4 = """第4版 专副刊

职工书屋里的“充电”时光

本报记者 张浩星　通讯员 李丽

走进宁波某机械厂的职工书屋，十几名职工正在安静地阅读。“下了班来这里看看书，是一种享受。”钳工小刘说。

据了解，该厂职工书屋藏书5000余册，每年借阅量超过1.2万人次。

（广告）

杭州某某口腔医院

种植牙 矫正 洁牙

职工凭工会会员卡享九折优惠

咨询热线：0571-88888888

地址：杭州市西湖区某某路88号

更　正

本报8月5日第3版《工匠精神代代传》一文中，“高级技师王建华”应为“高级技师王建平”。特此更正，并向读者致歉。

本报编辑部

2021年8月7日 星期六　责任编辑：孙雯　美编：林立　4
"""

SPORTS_PAGE_6 = """第6版
文体·健康

广告

浙江某某体育用品有限公司

专业运动装备 团体订购优惠

订购热线：400-888-6666

全省职工羽毛球赛开拍

本报讯（记者 王强）8月6日，全省职工羽毛球赛在衢州开拍，来自各行业的300余名选手参赛。

本版责任编辑：吴凡　校对：陈立　6
"""


def test_feature_page_advert_correction_and_foot_line():
    issue = parse_pages(FEATURE_PAGE_4)
    page = page_of(issue, 4)
    assert (page.name, page.editor) == ("专副刊", "孙雯")
    assert page.meta_lines == [
        "第4版 专副刊",
        "2021年8月7日 星期六\u3000责任编辑：孙雯\u3000美编：林立\u30004",
        "（广告）",
        "杭州某某口腔医院",
        "种植牙 矫正 洁牙",
        "职工凭工会会员卡享九折优惠",
        "咨询热线：0571-88888888",
        "地址：杭州市西湖区某某路88号",
    ]
    feature, correction = page.articles
    assert feature.headline == "职工书屋里的“充电”时光"
    assert [(c.name, c.role) for c in feature.bylines] == [("张浩星", "本报记者"), ("李丽", "通讯员")]
    assert len(feature.paragraphs) == 2
    assert correction.is_correction and correction.headline == "更\u3000正"
    assert correction.paragraphs[-1] == "本报编辑部"
    assert not issue.warnings


def test_sports_page_advert_hotline_stays_in_the_advert_and_the_foot_is_meta():
    issue = parse_pages(SPORTS_PAGE_6)
    page = page_of(issue, 6)
    assert page.editor == "吴凡"
    assert "本版责任编辑：吴凡\u3000校对：陈立\u30006" in page.meta_lines
    ad = page.meta_lines[page.meta_lines.index("广告") :]
    assert ad[:4] == [
        "广告",
        "浙江某某体育用品有限公司",
        "专业运动装备 团体订购优惠",
        "订购热线：400-888-6666",
    ]
    [news] = page.articles
    assert (news.headline, news.dateline) == ("全省职工羽毛球赛开拍", "本报讯")
