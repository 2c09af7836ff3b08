"""The article HTML allow-list against real XSS payloads, on every save path."""

import pytest

from articles.body_html import sanitize_html
from articles.models import Article
from tests.factories import make_article, make_issue, make_page

PAYLOADS = [
    '<script>alert("xss")</script>',
    "<SCRIPT SRC=//evil.example/xss.js></SCRIPT>",
    '<img src=x onerror="alert(1)">',
    '<img src="javascript:alert(1)">',
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    '<a href="javascript:alert(1)">点我</a>',
    '<a href="JaVaScRiPt:alert(1)">点我</a>',
    '<a href="  javascript:alert(1)">点我</a>',
    '<a href="java&#x09;script:alert(1)">点我</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">点我</a>',
    '<a href="vbscript:msgbox(1)">点我</a>',
    "<svg onload=alert(1)><circle r=10></circle></svg>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mi xlink:href=javascript:alert(1)>x</mi></math>",
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<iframe src="https://evil.example/"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="evil.swf"></object><embed src="evil.swf">',
    '<form action="https://evil.example/"><input name=q><button>go</button></form>',
    '<body onload="alert(1)">',
    '<div onmouseover="alert(1)">悬停</div>',
    '<details open ontoggle="alert(1)">x</details>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="https://evil.example/">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    "<!--<script>alert(1)</script>-->",
    '<p title="x" onclick="alert(1)" id="steal" class="evil">正文</p>',
    '<table><tr><td background="javascript:alert(1)" onclick="alert(1)">表</td></tr></table>',
    '<img src="x" alt="" onload=alert(1)//">',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "<template><script>alert(1)</script></template>",
]

DANGEROUS = [
    "<script",
    "onerror",
    "onload",
    "onclick",
    "onmouseover",
    "ontoggle",
    "javascript:",
    "vbscript:",
    "data:",
    "<svg",
    "<style",
    "style=",
    "<iframe",
    "<object",
    "<embed",
    "<form",
    "<meta",
    "<base",
    "<link",
    "<math",
    "<body",
    "<details",
    "<!--",
    "<noscript",
    "<template",
    "srcdoc",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_is_made_inert(payload):
    cleaned = sanitize_html(f"<p>开头</p>{payload}<p>结尾</p>")
    lowered = cleaned.lower()
    for marker in DANGEROUS:
        assert marker not in lowered, f"{marker!r} survived in {cleaned!r}"
    assert "<p>开头</p>" in cleaned and "<p>结尾</p>" in cleaned


def test_toolbar_output_is_kept_as_is():
    html = (
        "<h3>小标题</h3><h4>次级</h4><p><strong>粗</strong><em>斜</em><br>换行</p>"
        '<p><a href="https://www.zjgrrb.com/x">链接</a></p><ul><li>一</li></ul><ol><li>二</li></ol>'
        "<blockquote><p>引用</p></blockquote>"
        '<figure class="image"><img src="/media/articles/2021/08/07/abc.jpg" alt="说明" width="800" height="600">'
        "<figcaption>图片说明</figcaption></figure>"
        '<figure class="table"><table><thead><tr><th>项目</th></tr></thead>'
        '<tbody><tr><td colspan="2">数值</td></tr></tbody></table></figure>'
    )
    cleaned = sanitize_html(html)
    for fragment in [
        "<h3>小标题</h3>",
        "<h4>次级</h4>",
        "<strong>粗</strong>",
        "<em>斜</em>",
        "<br>",
        '<a href="https://www.zjgrrb.com/x" rel="noopener noreferrer">链接</a>',
        "<ul><li>一</li></ul>",
        "<ol><li>二</li></ol>",
        "<blockquote><p>引用</p></blockquote>",
        '<figure class="image"><img src="/media/articles/2021/08/07/abc.jpg" alt="说明" width="800" height="600">',
        "<figcaption>图片说明</figcaption>",
        '<td colspan="2">数值</td>',
        "<thead><tr><th>项目</th></tr></thead>",
    ]:
        assert fragment in cleaned


def test_unknown_tags_are_unwrapped_but_text_kept():
    assert sanitize_html("<p><span>正</span><font>文</font></p>") == "<p>正文</p>"
    assert "大标题" in sanitize_html("<h1>大标题</h1>") and "<h1" not in sanitize_html("<h1>大标题</h1>")


def test_text_as_printed_is_untouched():
    text = "<p>“产改”向纵深发展，职工（记者 曾晨路）&amp; 40条</p>"
    assert sanitize_html(text) == text


@pytest.mark.django_db
def test_orm_save_path_is_sanitised_too():
    """Imports and shell edits do not go through the admin form: the pre_save hook cleans them."""
    page = make_page(issue=make_issue())
    article = make_article(page=page, body="<p>正文</p><script>alert(1)</script><img src=x onerror=alert(1)>")
    stored = Article.objects.get(pk=article.pk).body
    assert "<script" not in stored and "onerror" not in stored
    assert stored.startswith("<p>正文</p>")
    article.body = '<p><a href="javascript:alert(1)">x</a></p>'
    article.save()
    assert "javascript:" not in Article.objects.get(pk=article.pk).body


# ---------------------------------------------------------------- one allow-list, styled
def _body_selectors() -> list[str]:
    """Every selector of the reader stylesheet that applies inside an article body."""
    import re
    from pathlib import Path

    from django.conf import settings

    css = (Path(settings.BASE_DIR) / "static" / "css" / "reader.css").read_text(encoding="utf-8")
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    selectors = []
    for prelude in re.findall(r"([^{}]+)\{[^{}]*\}", css):
        selectors += [s.strip() for s in prelude.split(",") if s.strip().startswith(".article-body")]
    return selectors


def test_the_reader_stylesheet_styles_every_allowed_tag_and_class():
    """What the editor can produce is what the reader sees styled: no allowed tag or class lacks a rule."""
    import re

    from articles.body_html import ALLOWED_CLASSES, ALLOWED_TAGS

    selectors = _body_selectors()
    unstyled = [
        tag
        for tag in sorted(ALLOWED_TAGS)
        if not any(re.search(rf"(^|[\s>+~]){tag}(?![\w-])", s[len(".article-body") :]) for s in selectors)
    ]
    assert not unstyled, f"no .article-body rule for {unstyled}"
    for tag, classes in ALLOWED_CLASSES.items():
        for name in sorted(classes):
            assert any(re.search(rf"{tag}\.{re.escape(name)}(?![\w-])", s) for s in selectors), (
                f"no .article-body rule for <{tag} class={name!r}>"
            )


def test_render_uses_the_same_allow_list_as_save():
    """The issue's bug: the reader filter stripped the class the desk keeps (image-style-side)."""
    from articles.body_html import render_body

    html = (
        '<figure class="image image-style-side"><img src="/media/a.jpg" alt="说明">'
        "<figcaption>说明</figcaption></figure><p>正文</p>"
    )
    assert render_body(html) == sanitize_html(html)
    assert 'class="image image-style-side"' in render_body(html)


def test_paragraphs_round_trip():
    from articles.body_html import body_from_paragraphs, html_to_text, paragraphs_from_html

    paragraphs = ["第一段 <决议> & 规划", "第二段"]
    html = body_from_paragraphs(paragraphs)
    assert html == "<p>第一段 &lt;决议&gt; &amp; 规划</p><p>第二段</p>"
    assert paragraphs_from_html(html) == paragraphs
    assert html_to_text(html) == "\n".join(paragraphs)
    assert sanitize_html(html) == html
