"""Security of the public site: what anonymous readers can reach, and XSS payloads that arrive through
an imported OCR file or an editor's input staying inert on every reader page, feed, API and sitemap."""

import datetime
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db.models.fields.files import FieldFile
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Byline
from issues.models import Issue, Page, Status

ROOT = Path(__file__).resolve().parent.parent
SEED_2021 = ROOT / "fixtures" / "000_0abb412f47d5fc4e.txt"
SEED_2022 = ROOT / "fixtures" / "002_eec9bc72a36272fd.txt"

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
JS_URL = "javascript:alert(1)"
RAW_PAYLOADS = [SCRIPT, IMG, "onerror=alert(1)>", '<a href="javascript:']


def xss_issue_text() -> str:
    """The 2021-08-07 front page with payloads where OCR text goes: headline, caption, body."""
    text = SEED_2021.read_text(encoding="utf-8-sig")
    replacements = [
        (
            "省总工会第十五届委员会第五次全体会议在杭召开\n",
            f"省总工会第十五届委员会第五次全体会议{SCRIPT}在杭召开\n",
        ),
        (
            "8月6日,浙江省总工会第十五届委员会第五次全体会议在杭召开。",
            f"8月6日,浙江省总工会{IMG}全体会议在杭召开。",
        ),
        ("新目标催人奋进,新征程呼唤担当。", f"新目标催人奋进,{IMG}新征程呼唤担当。详见{JS_URL} {SCRIPT}"),
    ]
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data"}


class DangerFinder(HTMLParser):
    """Walks HTML as a browser tokenizer would and notes anything that could run script."""

    SAFE_SCRIPT_TYPES = {"application/ld+json", "application/json"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._in_script: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            url = re.sub(r"[\s\x00-\x1f]", "", value or "").lower()
            if name in URL_ATTRIBUTES and url.startswith(("javascript:", "vbscript:", "data:text/html")):
                self.problems.append(f"<{tag} {name}={value!r}>")
        if tag == "script":
            if "src" in attributes:
                if not (attributes["src"] or "").startswith("/static/"):
                    self.problems.append(f"<script src={attributes['src']!r}>")
                self._in_script = "src"
            elif (attributes.get("type") or "").lower() in self.SAFE_SCRIPT_TYPES:
                self._in_script = "json"
            else:
                self.problems.append("inline <script>")
                self._in_script = "inline"
        if tag in {"iframe", "object", "embed", "base"}:
            self.problems.append(f"<{tag}>")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = None

    def handle_data(self, data):
        if self._in_script == "json" and data.strip():
            try:
                json.loads(data)
            except ValueError:
                self.problems.append("JSON-LD that is not JSON (something broke out of it)")


def assert_inert_html(html: str, where: str) -> None:
    for payload in RAW_PAYLOADS:
        assert payload not in html, f"{where}: raw payload {payload!r} in the page"
    finder = DangerFinder()
    finder.feed(html)
    finder.close()
    assert finder.problems == [], f"{where}: {finder.problems}"


@pytest.fixture
def xss_archive(db, tmp_path):
    path = tmp_path / "xss.txt"
    path.write_text(xss_issue_text(), encoding="utf-8")
    call_command("import_issues", str(path), str(SEED_2022), stdout=io.StringIO())
    issue = Issue.objects.get(date=datetime.date(2021, 8, 7))
    assert Issue.objects.count() == 2
    return issue


def reader_urls(issues) -> list[str]:
    urls = [
        reverse("home"),
        reverse("archive"),
        reverse("search") + "?q=alert",
        reverse("search") + "?q=script",
        reverse("search") + "?q=" + SCRIPT,
        reverse("search") + "?q=" + IMG,
        reverse("search") + "?q=共同富裕",
    ]
    for issue in issues:
        urls += [
            issue.get_absolute_url(),
            reverse("archive-year", kwargs={"year": issue.date.year}),
            reverse("archive-month", kwargs={"year": issue.date.year, "month": issue.date.month}),
        ]
        urls += [page.get_absolute_url() for page in issue.pages.all()]
        urls += [a.get_absolute_url() for a in Article.objects.published().filter(issue=issue)]
    for byline in Byline.objects.all():
        urls.append(byline.get_absolute_url())
    return urls


def test_imported_payloads_are_inert_on_every_reader_page(client, xss_archive):
    issues = list(Issue.objects.all())
    urls = reader_urls(issues)
    assert len(urls) > 20
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("text/html"), url
        assert_inert_html(response.content.decode(), url)
    # The payload did reach the reader: shown as text, escaped, on its article page.
    article = Article.objects.get(issue=xss_archive, headline__contains="<script>")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_imported_payloads_are_inert_in_feeds_and_sitemap(client, xss_archive):
    feed_urls = [reverse("feed")] + [
        reverse("byline-feed", kwargs={"pk": b.pk}) for b in Byline.objects.all()[:5]
    ]
    for url in feed_urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        for payload in RAW_PAYLOADS:
            assert payload not in body, url
        tree = ElementTree.fromstring(response.content)  # well-formed XML: nothing broke out
        for element in tree.iter():
            if element.tag.endswith(("description", "content", "summary")) and element.text:
                # Feed readers render descriptions as HTML.
                assert_inert_html(element.text, f"{url} <{element.tag}>")
    headlines = [
        el.text or "" for el in ElementTree.fromstring(client.get(reverse("feed")).content).iter("title")
    ]
    assert any(SCRIPT in title for title in headlines), "the payload headline is in the feed, as text"

    response = client.get(reverse("sitemap"))
    assert response.status_code == 200
    for section in re.findall(r"<loc>[^<]*?(/sitemap-[^<]+\.xml)</loc>", response.content.decode()):
        body = client.get(section).content.decode()
        ElementTree.fromstring(body)
        for payload in RAW_PAYLOADS:
            assert payload not in body


def test_api_json_carries_payloads_as_data_only(client, xss_archive):
    for url in [reverse("api-issues"), reverse("api-issue", kwargs={"date": xss_archive.date})]:
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/json")
        assert response["X-Content-Type-Options"] == "nosniff"  # never sniffed into HTML
        json.loads(response.content)
    data = client.get(reverse("api-issue", kwargs={"date": xss_archive.date})).json()
    headlines = [a["headline"] for page in data["pages"] for a in page["articles"]]
    assert any(SCRIPT in h for h in headlines), "text as printed, as a JSON string"


def test_editor_payloads_are_inert_on_reader_pages(client, xss_archive):
    """Editor input that bypasses the admin form (ORM, a script, a future API) is still inert."""
    article = Article.objects.published().filter(issue=xss_archive).order_by("page__number", "order").last()
    article.headline = f"编辑{IMG}标题"
    article.kicker = SCRIPT
    article.body = (
        f'<p>正文{SCRIPT}</p><p><img src="x" onerror="alert(1)"><a href="{JS_URL}">链接</a>'
        f'<a href=" JaVaScRiPt:alert(1)">二</a></p><iframe src="https://example.com"></iframe>'
        '<p style="background:url(javascript:alert(1))" onclick="alert(1)">段落</p>'
        "<svg><script>alert(1)</script></svg><math><mtext><script>alert(1)</script></mtext></math>"
    )
    article.save()
    for url in [
        article.get_absolute_url(),
        article.page.get_absolute_url(),
        xss_archive.get_absolute_url(),
        reverse("home"),
        reverse("search") + "?q=编辑",
    ] + [credit.byline.get_absolute_url() for credit in article.credits.all()]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_inert_html(response.content.decode(), url)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "段落" in html and "链接" in html  # the text survives, the script does not


# --- what anonymous readers cannot reach --------------------------------------------------------


@pytest.fixture
def hidden_content(db):
    """A published issue with a draft and a scheduled article; a draft issue; a scheduled issue."""
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    live = Issue.objects.create(date=datetime.date(2022, 3, 28), status=Status.PUBLISHED, number=12071)
    live_page = Page.objects.create(issue=live, number=1)
    visible = Article.objects.create(
        issue=live, page=live_page, order=1, headline="公开的稿件", status=Status.PUBLISHED
    )
    draft = Article.objects.create(
        issue=live,
        page=live_page,
        order=2,
        headline="草稿稿件机密",
        body="<p>草稿正文机密</p>",
        status=Status.DRAFT,
    )
    scheduled = Article.objects.create(
        issue=live,
        page=live_page,
        order=3,
        headline="明日见报机密",
        status=Status.PUBLISHED,
        publish_at=tomorrow,
    )
    draft_issue = Issue.objects.create(date=datetime.date(2022, 3, 29), status=Status.DRAFT)
    draft_issue_page = Page.objects.create(issue=draft_issue, number=1)
    in_draft_issue = Article.objects.create(
        issue=draft_issue, page=draft_issue_page, order=1, headline="未发布期次机密", status=Status.PUBLISHED
    )
    future_issue = Issue.objects.create(
        date=datetime.date(2022, 3, 30), status=Status.PUBLISHED, publish_at=tomorrow
    )
    future_page = Page.objects.create(issue=future_issue, number=1)
    in_future_issue = Article.objects.create(
        issue=future_issue, page=future_page, order=1, headline="定时期次机密", status=Status.PUBLISHED
    )
    byline = Byline.objects.create(name="保密人")
    for article in (visible, draft, scheduled, in_draft_issue, in_future_issue):
        article.credits.create(byline=byline, role="记者", order=1)
    return {
        "visible": visible,
        "hidden_articles": [draft, scheduled, in_draft_issue, in_future_issue],
        "hidden_issues": [draft_issue, future_issue],
        "byline": byline,
    }


def test_anonymous_cannot_reach_drafts_or_scheduled_content(client, hidden_content):
    assert client.get(hidden_content["visible"].get_absolute_url()).status_code == 200
    for article in hidden_content["hidden_articles"]:
        assert client.get(article.get_absolute_url()).status_code == 404, article.headline
    for issue in hidden_content["hidden_issues"]:
        assert client.get(issue.get_absolute_url()).status_code == 404
        assert client.get(issue.pages.get().get_absolute_url()).status_code == 404
        assert client.get(reverse("api-issue", kwargs={"date": issue.date})).status_code == 404


def test_feeds_api_search_sitemap_expose_published_content_only(client, hidden_content):
    byline = hidden_content["byline"]
    bodies = {
        "feed": client.get(reverse("feed")).content.decode(),
        "byline feed": client.get(reverse("byline-feed", kwargs={"pk": byline.pk})).content.decode(),
        "byline page": client.get(byline.get_absolute_url()).content.decode(),
        "api list": client.get(reverse("api-issues")).content.decode(),
        "api issue": client.get(
            reverse("api-issue", kwargs={"date": datetime.date(2022, 3, 28)})
        ).content.decode(),
        "search": client.get(reverse("search") + "?q=稿件").content.decode(),
        "archive": client.get(reverse("archive-month", kwargs={"year": 2022, "month": 3})).content.decode(),
        "home": client.get(reverse("home")).content.decode(),
    }
    sitemap = client.get(reverse("sitemap")).content.decode()
    bodies["sitemap"] = sitemap + "".join(
        client.get(section).content.decode()
        for section in re.findall(r"<loc>[^<]*?(/sitemap-[^<]+\.xml)</loc>", sitemap)
    )
    for where in ("feed", "byline feed", "byline page", "api issue", "home"):
        assert "公开的稿件" in bodies[where], where
    assert "公开的" in bodies["search"]  # the query term itself is highlighted: 公开的<mark>稿件</mark>
    for where, body in bodies.items():
        assert "机密" not in body, where
        assert "2022-03-29" not in body and "2022/03/29" not in body, where
        assert "2022-03-30" not in body and "2022/03/30" not in body, where
    api = json.loads(bodies["api list"])
    assert [row["date"] for row in api["results"]] == ["2022-03-28"]


def test_anonymous_is_sent_to_login_for_the_admin(client, hidden_content):
    login = reverse("admin:login")
    for url in [
        reverse("admin:index"),
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_change", args=[hidden_content["hidden_articles"][0].pk]),
        reverse("admin:issues_issue_changelist"),
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(login), url


def test_anonymous_cannot_upload(client, db):
    png = (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
        b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
    )
    url = reverse("ck_editor_5_upload_file")
    response = client.post(url, {"upload": SimpleUploadedFile("x.png", png, content_type="image/png")})
    assert response.status_code == 403
    assert client.get(url).status_code in {403, 405}


def test_anonymous_cannot_preview_drafts(client, hidden_content):
    """The desk's preview shows drafts: anonymous readers are sent to log in, never shown the draft."""
    for article in hidden_content["hidden_articles"]:
        response = client.get(reverse("article-preview", kwargs={"pk": article.pk}))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
        assert "机密" not in response.content.decode()


def test_editor_payloads_through_the_admin_form_are_inert(admin_client, client, xss_archive):
    """The real editor path: the admin change form, then every reader page of that article."""
    article = Article.objects.published().filter(issue=xss_archive).order_by("page__number", "order").first()
    url = reverse("admin:articles_article_change", args=[article.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        if hasattr(value, "pk"):
            value = value.pk
        if isinstance(value, datetime.datetime):
            data[f"{name}_0"] = value.strftime("%Y-%m-%d")
            data[f"{name}_1"] = value.strftime("%H:%M:%S")
            continue
        data[name] = value
    for formset in response.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[f"{management.prefix}-{name}"] = management.initial.get(name, management[name].value())
        for inline_form in formset.formset.forms:
            for name in inline_form.fields:
                value = inline_form[name].value()
                if isinstance(value, FieldFile):
                    continue  # no new upload: the admin keeps the stored file (or none)
                if value is not None and value is not False:
                    data[inline_form.add_prefix(name)] = value.pk if hasattr(value, "pk") else value
    data.update(
        headline=f"表单{IMG}标题",
        body=f'<p>表单正文{SCRIPT}<a href="{JS_URL}">链接</a><img src="x" onerror="alert(1)"></p>',
        status=Status.PUBLISHED,
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, getattr(response.context.get("adminform"), "form", None).errors
    article.refresh_from_db()
    assert "<script" not in article.body  # sanitised on save
    assert "onerror" not in article.body
    for reader_url in [
        article.get_absolute_url(),
        article.page.get_absolute_url(),
        xss_archive.get_absolute_url(),
    ]:
        response = client.get(reader_url)
        assert response.status_code == 200, reader_url
        html = response.content.decode()
        assert_inert_html(html, reader_url)
        assert "表单正文" in html or reader_url != article.get_absolute_url()
