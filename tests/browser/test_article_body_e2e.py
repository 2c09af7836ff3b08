"""An article holding everything the editors' CKEditor toolbar can produce, in a real Chromium at
phone and desktop widths: each element is styled by the reader stylesheet (not left to browser
defaults that do not suit Chinese text), nothing scrolls sideways, and a screenshot of each width
goes to the artifacts directory (docs/article-body.png is the desktop one)."""

import io

import pytest
from django.core.cache import cache
from PIL import Image

from tests.factories import make_article, make_issue, make_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EVERYTHING = (
    "<p>全省各级工会组织深入开展职工<strong>技能提升</strong>行动，<em>新就业形态劳动者</em>入会人数持续增加，"
    '详见<a href="https://www.zjgrrb.com/">浙江工人日报网</a>。<br>换行之后的一句。</p>'
    '<figure class="image image-style-side"><img src="/media/articles/side.png" alt="侧栏图" width="400" height="300">'
    "<figcaption>侧栏图片：职工在车间操作数控机床</figcaption></figure>"
    "<p>" + "会议指出，要持续深化产业工人队伍建设改革，推动职工素质整体提升。" * 4 + "</p>"
    "<h3>一、小标题</h3><p>各地工会加强服务阵地建设。</p><h4>（一）次级小标题</h4>"
    "<ul><li>户外劳动者服务站点</li><li>职工之家</li></ul><ol><li>第一项</li><li>第二项</li></ol>"
    "<blockquote><p>“让职工群众有更多获得感。”</p></blockquote>"
    '<figure class="image image-style-align-left image_resized">'
    '<img src="/media/articles/left.png" alt="左图" width="400" height="300"><figcaption>左对齐图片</figcaption></figure>'
    "<p>" + "全年共帮扶困难职工一万余人次，发放帮扶资金三千余万元。" * 3 + "</p>"
    '<figure class="image"><img src="/media/articles/full.png" alt="通栏图" width="800" height="400">'
    "<figcaption>通栏图片</figcaption></figure>"
    '<figure class="table"><table><thead><tr><th>地区</th><th colspan="2">服务站点（个）</th></tr></thead>'
    "<tbody><tr><td>杭州</td><td>1200</td><td>新增 80</td></tr><tr><td>宁波</td><td>900</td><td>新增 65</td></tr>"
    "</tbody></table></figure>"
)


def _png(width: int, height: int, colour: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_every_toolbar_element_is_styled(request, live_server, artifacts_dir, viewport):
    cache.clear()
    page_obj = make_page(issue=make_issue(date="2022-03-28"))
    article = make_article(page=page_obj, headline="工会服务阵地建设全面提速", body=EVERYTHING)
    page = request.getfixturevalue(f"{viewport}_page")
    images = {
        "side": _png(400, 300, "#b3121b"),
        "left": _png(400, 300, "#0b4f8a"),
        "full": _png(800, 400, "#555"),
    }
    page.route(
        "**/media/articles/*.png",
        lambda route: route.fulfill(
            body=images[route.request.url.rsplit("/", 1)[1][:-4]], content_type="image/png"
        ),
    )
    page.goto(live_server.url + article.get_absolute_url())
    body = page.locator(".article-body")

    def style(selector: str, prop: str) -> str:
        return body.locator(selector).first.evaluate(f"e => getComputedStyle(e).getPropertyValue('{prop}')")

    assert body.locator('figure.image.image-style-side img[alt="侧栏图"]').count() == 1  # the class survives
    assert style("em", "font-style") == "normal" and "dot" in style("em", "text-emphasis-style")
    assert style("blockquote", "border-left-style") == "solid"
    assert style("ul", "list-style-type") == "disc" and style("ol", "list-style-type") == "decimal"
    assert (
        style("td", "border-top-style") == "solid"
        and style("thead", "background-color") != "rgba(0, 0, 0, 0)"
    )
    if viewport == "desktop":
        assert style("figure.image-style-side", "float") == "right"
        assert style("figure.image-style-align-left", "float") == "left"
    else:  # at 360 px a floated image would leave a column of two characters beside it
        assert style("figure.image-style-side", "float") == "none"
    scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll_width <= inner_width
    page.screenshot(path=str(artifacts_dir / f"reader-article-body-{viewport}.png"), full_page=True)
    cache.clear()
