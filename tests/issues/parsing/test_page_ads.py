"""Advertisements (广告 labels, phone numbers, addresses, promotional lines): page furniture kept
on the page as printed, never an article, never in search."""

from __future__ import annotations

from .helpers import page_of, parse_pages, searchable_text

AD_PAGE_8 = """第8版
综合
责任编辑：方圆

杭州职工疗休养基地揭牌

本报讯 记者曾晨路报道 8月6日，杭州市职工疗休养基地在淳安千岛湖揭牌，首批200名一线职工将入住疗养。

广告

千岛湖度假酒店
职工疗休养定点接待单位
团队入住享八折优惠！

预订电话：0571-64881234
地址：淳安县千岛湖镇环湖北路88号

浙江某某律师事务所

专业处理劳动争议 工伤赔偿
咨询电话：0571-87651234
网址：www.zjlawyer.corn
"""

AD_PAGE_6 = """第6版
生活服务
责任编辑：方圆

老字号眼镜店

配镜满500元送太阳镜

地址：杭州市上城区解放路120号

电话：13805710000

【广告】

诚聘

某机械制造有限公司招聘数控操作工20名，月薪8000元以上，包吃住

联系人：王先生 0571-88886666

夏季职工健康提示

本报讯 记者胡翀报道 连日高温，省职业病防治院提醒户外作业职工注意防暑降温，合理安排作息时间。
"""


def test_labelled_advertisements_under_a_news_item_are_page_furniture():
    issue = parse_pages(AD_PAGE_8)
    page = page_of(issue, 8)
    [news] = page.articles
    assert (news.headline, news.paragraphs) == (
        "杭州职工疗休养基地揭牌",
        ["8月6日，杭州市职工疗休养基地在淳安千岛湖揭牌，首批200名一线职工将入住疗养。"],
    )
    assert page.meta_lines == [
        "第8版",
        "综合",
        "责任编辑：方圆",
        "广告",
        "千岛湖度假酒店",
        "职工疗休养定点接待单位",
        "团队入住享八折优惠！",
        "预订电话：0571-64881234",
        "地址：淳安县千岛湖镇环湖北路88号",
        "浙江某某律师事务所",
        "专业处理劳动争议 工伤赔偿",
        "咨询电话：0571-87651234",
        "网址：www.zjlawyer.corn",
    ]
    text = searchable_text(issue)
    assert "千岛湖度假酒店" not in text and "律师事务所" not in text and "0571" not in text
    assert not issue.warnings


def test_unlabelled_shop_advert_and_a_labelled_job_advert_above_a_news_item():
    issue = parse_pages(AD_PAGE_6)
    page = page_of(issue, 6)
    [news] = page.articles
    assert (news.headline, news.dateline, news.paragraphs) == (
        "夏季职工健康提示",
        "本报讯",
        ["连日高温，省职业病防治院提醒户外作业职工注意防暑降温，合理安排作息时间。"],
    )
    assert page.meta_lines[3:] == [
        "老字号眼镜店",
        "配镜满500元送太阳镜",
        "地址：杭州市上城区解放路120号",
        "电话：13805710000",
        "【广告】",
        "诚聘",
        "某机械制造有限公司招聘数控操作工20名，月薪8000元以上，包吃住",
        "联系人：王先生 0571-88886666",
    ]
    assert "眼镜" not in searchable_text(issue) and "诚聘" not in searchable_text(issue)


def test_a_hotline_sentence_in_a_news_item_is_not_an_advertisement():
    issue = parse_pages(
        "第3版\n\n省总工会开通职工法律援助专线\n\n本报讯 记者甲乙报道 即日起，省总工会开通职工法律援助专线。\n\n"
        "咨询电话：0571-85100000\n\n宁波工会送清凉\n\n本报讯 7月下旬，宁波市总工会走访一线。\n"
    )
    first, second = issue.articles
    assert first.paragraphs == ["即日起，省总工会开通职工法律援助专线。", "咨询电话：0571-85100000"]
    assert second.headline == "宁波工会送清凉"


def test_label_printed_under_its_advert_and_a_page_of_advertising():
    issue = parse_pages(
        "第3版\n\n职工之家开放日\n\n本报讯 8月6日，省职工之家举行开放日活动。\n\n"
        "鑫源家具城\n\n品牌家具 厂家直销\n\n电话：0571-86001234\n\n（广告）\n\n"
        "第8版 广告\n\n东方名表城\n\n全场名表八五折\n\n城东装饰\n\n好设计 好生活\n"
    )
    assert [a.headline for a in issue.articles] == ["职工之家开放日"]
    assert page_of(issue, 3).meta_lines == [
        "第3版",
        "鑫源家具城",
        "品牌家具 厂家直销",
        "电话：0571-86001234",
        "（广告）",
    ]
    assert page_of(issue, 8).meta_lines == [
        "第8版 广告",
        "东方名表城",
        "全场名表八五折",
        "城东装饰",
        "好设计 好生活",
    ]


NOTICES_PAGE_7 = """第7版 公告·服务
责任编辑：方圆

启事

本报定于8月10日至12日开展“最美职工”读者评选活动，欢迎广大读者踊跃参与投票。

浙江工人日报社
2021年8月7日

遗失声明

杭州某某建筑有限公司遗失营业执照副本一份，统一社会信用代码91330100MA2XXXXX1X，声明作废。

杭州某某建筑有限公司
2021年8月6日

关于召开浙江省总工会第十五届委员会第三次全体会议的公告

经研究，决定于2021年8月20日在杭州召开浙江省总工会第十五届委员会第三次全体会议。

浙江省总工会
2021年8月5日

【广告】

浙江某某职业技能培训学校
电工 焊工 叉车 考证培训
报名热线：0571-86661234
地址：杭州市拱墅区莫干山路200号

诚聘英才

某物流公司招聘货车司机10名
要求：持A2驾照，三年以上驾龄
联系电话：13905711234

"""


def test_notices_with_their_signatures_are_articles_and_adverts_stay_furniture_in_order():
    """启事/声明/公告 are printed notices: articles whose signer and date close them, as printed;
    the labelled adverts below (a hotline line among their copy) are page furniture, in order."""
    issue = parse_pages(NOTICES_PAGE_7)
    page = page_of(issue, 7)
    assert [(a.headline, a.paragraphs[1:]) for a in page.articles] == [
        ("启事", ["浙江工人日报社", "2021年8月7日"]),
        ("遗失声明", ["杭州某某建筑有限公司", "2021年8月6日"]),
        ("关于召开浙江省总工会第十五届委员会第三次全体会议的公告", ["浙江省总工会", "2021年8月5日"]),
    ]
    assert page.meta_lines == [
        "第7版 公告·服务",
        "责任编辑：方圆",
        "【广告】",
        "浙江某某职业技能培训学校",
        "电工 焊工 叉车 考证培训",
        "报名热线：0571-86661234",
        "地址：杭州市拱墅区莫干山路200号",
        "诚聘英才",
        "某物流公司招聘货车司机10名",
        "要求：持A2驾照，三年以上驾龄",
        "联系电话：13905711234",
    ]
    assert not [w for w in issue.warnings if w.code == "second_issue"]
    assert "考证培训" not in searchable_text(issue)


def test_a_news_items_enquiry_line_over_the_page_footer_stays_in_the_item():
    issue = parse_pages(
        "第2版\n\n职工免费体检开始预约\n\n本报讯 8月6日起，省总工会为一线职工提供免费体检。\n\n"
        "咨询电话：0571-86001234\n新闻服务热线：88851111\n"
    )
    [article] = page_of(issue, 2).articles
    assert article.paragraphs[-1] == "咨询电话：0571-86001234"
    assert page_of(issue, 2).meta_lines == ["第2版", "新闻服务热线：88851111"]
