"""A small archive built through the ORM (so the signal handlers index it)."""

import datetime

import pytest
from django.utils import timezone

from issues.models import Status
from tests.factories import make_article, make_byline, make_issue, make_page, make_photo


@pytest.fixture
def archive(db):
    zeng = make_byline(name="曾晨路")
    li = make_byline(name="李国峰")
    ruan = make_byline(name="阮向民")
    i2021 = make_issue(date="2021-08-07")
    i2022 = make_issue(date="2022-03-28")
    p1 = make_page(issue=i2021, number=1, name="要闻")
    q1 = make_page(issue=i2022, number=1, name="要闻")
    q2 = make_page(issue=i2022, number=2, name="基层工会")
    a = {}
    a["plenum"] = make_article(
        page=p1,
        kicker="扛起政治责任 勇担历史使命",
        headline="省总工会第十五届委员会第五次全体会议在杭召开",
        paragraphs=[
            "8月6日，省总工会第十五届委员会第五次全体会议在杭州召开。省人大常委会副主任、省总工会主席史济锡在会上强调，全省各级工会要团结动员广大职工。",
            "史济锡指出，要着力发挥工会组织助推高质量发展建设共同富裕示范区的独特优势。",
        ],
        credits=[(zeng, "记者")],
    )
    make_photo(
        article=a["plenum"],
        caption="省人大常委会副主任、省总工会主席史济锡讲话。",
        credits=[(li, "见习记者")],
    )
    a["policy"] = make_article(
        page=q1,
        headline="杭州推出促进服务业领域困难行业恢复发展40条政策",
        paragraphs=[
            "记者27日从杭州市政府了解到，2022年3月，杭州推出促进服务业领域困难行业恢复发展40条政策。"
        ],
        dateline="新华社杭州3月27日电",
    )
    a["station"] = make_article(
        page=q2,
        kicker="工会“亮”品牌",
        headline="宁波户外劳动者驿站亮相",
        paragraphs=["环卫工人、快递员等户外劳动者有了歇脚的驿站。宁波市总工会在全市建成驿站120个。"],
        credits=[(ruan, "记者"), (zeng, "通讯员")],
    )
    a["workers"] = make_article(
        page=q1,
        headline="推进“产改”向纵深发展",
        paragraphs=["职工技能素质提升，让每一个职工都成为企业发展的参与者。职工职工职工。"],
        credits=[(ruan, "记者")],
    )
    a["draft"] = make_article(
        page=q2,
        headline="职工驿站草稿史济锡",
        status=Status.DRAFT,
        paragraphs=["尚未发布的工会稿件，宁波驿站。"],
    )
    a["scheduled"] = make_article(
        page=q2,
        headline="明日见报的工会驿站稿件",
        publish_at=timezone.now() + datetime.timedelta(days=1),
        paragraphs=["定时发布，史济锡。"],
    )
    draft_issue = make_issue(date="2022-03-29", status=Status.DRAFT)
    a["draft_issue"] = make_article(
        page=make_page(issue=draft_issue, number=1), headline="未发布期次里的工会驿站", paragraphs=["史济锡"]
    )
    return a
