"""The import policy: which issues are refused (limits), which are skipped (unchanged, or edited
since import without `replace`), and the revision saved before an edited issue is overwritten."""

from __future__ import annotations

import datetime

import reversion
from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.body_html import body_from_paragraphs
from articles.models import Article, ArticleCredit, Photo, PhotoCredit
from issues import parsing
from issues import structure as page_structure
from issues.models import Issue, Page
from issues.parsing.types import Credit, ParsedIssue

from .results import ImportFailed, Outcome
from .writer import PARSER_VERSION_KEY, date_line, merge_pages

REVISION_COMMENT = gettext_lazy("导入覆盖前的版本")

# Limits (each overridable in settings as NEWSROOM_IMPORT_<NAME>). A printed issue's text is
# 15–100 KB with 10–40 articles; a file far beyond that is several issues run together, or one
# repeated, and would make a page nobody can read (a 50 MB file gave 14,000 articles).
MAX_FILE_BYTES = 4 * 1024 * 1024
MAX_ARTICLES_PER_PAGE = 100
MAX_ARTICLES_PER_ISSUE = 500
# An issue dated more than this many days after today is refused (an OCR'd year: 2099, 9999);
# one dated up to this many days ahead is imported scheduled for 00:00 of its date.
MAX_DAYS_AHEAD = 3


def limit(name: str, default: int) -> int:
    return int(getattr(settings, f"NEWSROOM_IMPORT_{name}", default))


def parser_version() -> str:
    return str(getattr(parsing, "PARSER_VERSION", ""))


# ---------------------------------------------------------------------------------------------
# Refused


def check_date(source: ParsedIssue) -> datetime.datetime | None:
    """Refuse an issue dated more than MAX_DAYS_AHEAD days after today: it would be published and
    become the front page, and such a date is nearly always a misread year. One dated up to that
    many days ahead (tomorrow's paper imported tonight) is imported, scheduled for its own date:
    the time at which readers see it is returned."""
    today = timezone.localdate()
    if source.date <= today:
        return None
    days = (source.date - today).days
    allowed = limit("MAX_DAYS_AHEAD", MAX_DAYS_AHEAD)
    if days > allowed:
        raise ImportFailed(
            _(
                "报头日期 %(date)s 比今天（%(today)s）晚%(days)s天，超过%(allowed)s天的上限，未导入："
                "多半是日期识别错误，请核对报头后再导入"
            )
            % {
                "date": source.date.isoformat(),
                "today": today.isoformat(),
                "days": days,
                "allowed": allowed,
            },
            date_line(source),
        )
    return timezone.make_aware(datetime.datetime.combine(source.date, datetime.time.min))


def check_size(source: ParsedIssue) -> None:
    """Refuse an issue with more articles than a printed paper holds (per page and in all)."""
    per_issue = limit("MAX_ARTICLES_PER_ISSUE", MAX_ARTICLES_PER_ISSUE)
    per_page = limit("MAX_ARTICLES_PER_PAGE", MAX_ARTICLES_PER_PAGE)
    total = sum(len(page.articles) for page in source.pages)
    if total > per_issue:
        raise ImportFailed(
            _(
                "本期解析出%(count)s篇文章，超过每期%(limit)s篇的上限，未导入："
                "文件可能包含多期报纸或重复的内容，请拆分或核对后再导入"
            )
            % {"count": total, "limit": per_issue}
        )
    counts: dict[int, int] = {}
    first_line: dict[int, int | None] = {}
    for page in source.pages:  # a number printed twice is one page (see merge_pages)
        counts[page.number] = counts.get(page.number, 0) + len(page.articles)
        first_line.setdefault(page.number, page.line)
    for number, count in counts.items():
        if count > per_page:
            raise ImportFailed(
                _(
                    "第%(number)s版解析出%(count)s篇文章，超过每版%(limit)s篇的上限，未导入："
                    "文件可能有重复的内容，请核对后再导入"
                )
                % {"number": number, "count": count, "limit": per_page},
                first_line[number],
            )


# ---------------------------------------------------------------------------------------------
# Skipped


def _credit_pairs(credits: list[Credit]) -> list[tuple[str, str]]:
    pairs = [((c.name or "").strip()[:64], (c.role or "").strip()[:32]) for c in credits]
    return [pair for pair in pairs if pair[0]]


def _content_of_parsed(source: ParsedIssue) -> list:
    """What the writer would store for each page and article, in comparable form (see stored_matches)."""
    notes: list = []
    content = []
    for page in merge_pages(source.pages, notes):
        content.append(("page", page.number, page.name[:100], page.editor[:100], list(page.meta_lines)))
        for order, parsed in enumerate(page.articles, start=1):
            content.append(
                (
                    page.number,
                    order,
                    parsed.kind if parsed.kind in Article.Kind.values else Article.Kind.ARTICLE,
                    parsed.kicker[:300],
                    parsed.headline[:300],
                    parsed.subheadline[:300],
                    parsed.dateline[:100],
                    body_from_paragraphs(parsed.paragraphs),
                    bool(parsed.is_correction),
                    _credit_pairs(parsed.bylines),
                    [(p.caption, p.credit_text[:200], _credit_pairs(p.credits)) for p in parsed.photos],
                )
            )
    return content


def _stored_articles(issue: Issue) -> dict[int, list]:
    """The issue's articles in comparable form, by page number (a few queries)."""
    articles = (
        Article.objects.filter(issue=issue)
        .select_related("page")
        .prefetch_related(
            Prefetch("credits", queryset=ArticleCredit.objects.select_related("byline").order_by("order")),
            Prefetch("photos", queryset=Photo.objects.order_by("order")),
            Prefetch(
                "photos__credits", queryset=PhotoCredit.objects.select_related("byline").order_by("order")
            ),
        )
        .order_by("page__number", "order")
    )
    by_page: dict[int, list] = {}
    for article in articles:
        by_page.setdefault(article.page.number, []).append(
            (
                article.page.number,
                article.order,
                article.kind,
                article.kicker,
                article.headline,
                article.subheadline,
                article.dateline,
                article.body,
                article.is_correction,
                [(c.byline.name, c.role) for c in article.credits.all()],
                [
                    (p.caption, p.credit_text, [(c.byline.name, c.role) for c in p.credits.all()])
                    for p in article.photos.all()
                ],
            )
        )
    return by_page


def stored_matches(issue: Issue, source: ParsedIssue) -> bool:
    """Whether the issue's pages and articles still hold exactly what `source` gives (a few queries)."""
    content = []
    by_page = _stored_articles(issue)
    for page in Page.objects.filter(issue=issue).order_by("number"):
        content.append(("page", page.number, page.name, page.editor, list(page.meta_lines or [])))
        content.extend(by_page.pop(page.number, []))
    if by_page:
        return False
    try:
        return content == _content_of_parsed(source)
    except ImportFailed:
        return False


def skip_reason(
    *,
    existing: Issue,
    source: ParsedIssue,
    source_sha256: str,
    version: str,
    replace: bool,
    discard_structure: bool,
) -> tuple[Outcome, str] | None:
    """Why the file is not written over `existing` (outcome, message), or None to write it."""
    edited = existing.edited_since_import
    same_file = (
        existing.source_sha256 == source_sha256
        and (existing.masthead or {}).get(PARSER_VERSION_KEY) == version
    )
    if discard_structure and page_structure.has_stored(existing):
        same_file = False  # the editors' structure is to be dropped: not "unchanged"
    if same_file:
        # The file is the one imported; "unchanged" only if the rows still hold what it gives
        # (an edit made where no edit is recorded, the shell or a migration, counts).
        if stored_matches(existing, source):
            return Outcome.UNCHANGED, _("与已导入的版本相同，未改动")
        edited = True
        if not replace:
            return Outcome.SKIPPED_EDITED, _(
                "文件与已导入的版本相同，但库中的稿件已被改动，未覆盖；如需恢复导入的文字请加 --replace"
            )
    if edited and not replace:
        when = timezone.localtime(existing.edited_at).strftime("%Y-%m-%d %H:%M")
        return Outcome.SKIPPED_EDITED, _(
            "本期在导入后已被编辑修改（%(when)s），未覆盖；如需覆盖请加 --replace"
        ) % {"when": when}
    return None


# ---------------------------------------------------------------------------------------------
# Replaced


def snapshot(issue: Issue, *, user=None) -> None:
    """Save the issue as it stands (pages, articles with credits and photos) as one revision."""
    articles = Article.objects.filter(issue=issue).prefetch_related(
        Prefetch("credits", queryset=ArticleCredit.objects.order_by("order")),
        Prefetch("photos", queryset=Photo.objects.order_by("order")),
        Prefetch("photos__credits", queryset=PhotoCredit.objects.order_by("order")),
    )
    issue = Issue.objects.prefetch_related("pages").get(pk=issue.pk)
    with reversion.create_revision(manage_manually=True, atomic=False):
        reversion.set_comment(str(REVISION_COMMENT))
        if user is not None and getattr(user, "is_authenticated", False):
            reversion.set_user(user)
        reversion.add_to_revision(issue)
        for page in issue.pages.all():
            reversion.add_to_revision(page)
        for article in articles:
            reversion.add_to_revision(article)
            for credit in article.credits.all():
                reversion.add_to_revision(credit)
            for photo in article.photos.all():
                reversion.add_to_revision(photo)
                for credit in photo.credits.all():
                    reversion.add_to_revision(credit)
