"""Writes parsed issues to the database: the importer's write side (HackSoft-style services).

A file becomes a whole issue or nothing: import_issue writes one in one transaction (a savepoint
inside a caller's), and the command's engine (import_paths) writes BATCH_FILES files per
transaction, each in its own savepoint. Writes are bulk (a constant number of queries per issue
whatever its size), so a ten-year archive imports in minutes. Editors' corrections are never
overwritten silently: an issue edited since import is skipped unless `replace` is given, and a
replacement first snapshots the old content into a django-reversion revision.
"""

from __future__ import annotations

import ctypes
import datetime
import errno
import functools
import hashlib
import itertools
import multiprocessing
import os
import queue
import signal
import stat
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import reversion
from django.conf import settings
from django.db import connection, connections, transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_noop as N_

from articles import search
from articles.body_html import body_from_paragraphs
from articles.models import Article, ArticleCredit, Byline, Photo, PhotoCredit
from issues import parsing
from issues import structure as page_structure
from issues.caching import bump_site_generation
from issues.models import ImportWarning, Issue, Page, Status
from issues.pagefiles import attach_beside
from issues.parsing.text import LINE_BREAK_RE
from issues.parsing.types import Credit, ParsedArticle, ParsedIssue, ParsedPage, ParseError

PARSER_VERSION_KEY = "_parser_version"  # kept in Issue.masthead: re-parse when the parser changes
REVISION_COMMENT = gettext_lazy("导入覆盖前的版本")
_PG_LOCK_KEY = 7_202_108_071  # one importer at a time on PostgreSQL (per transaction)

# Limits (each overridable in settings as NEWSROOM_IMPORT_<NAME>). A printed issue's text is
# 15–100 KB with 10–40 articles; a file far beyond that is several issues run together, or one
# repeated, and would make a page nobody can read (a 50 MB file gave 14,000 articles).
MAX_FILE_BYTES = 4 * 1024 * 1024
MAX_ARTICLES_PER_PAGE = 100
MAX_ARTICLES_PER_ISSUE = 500
# An issue dated more than this many days after today is refused (an OCR'd year: 2099, 9999);
# one dated up to this many days ahead is imported scheduled for 00:00 of its date.
MAX_DAYS_AHEAD = 3


def _limit(name: str, default: int) -> int:
    return int(getattr(settings, f"NEWSROOM_IMPORT_{name}", default))


# "imported" | "updated" | "replaced" | "unchanged" | "skipped_edited" | "failed" | "index_failed"
Outcome = str

OUTCOME_LABELS = {
    "imported": gettext_lazy("新导入"),
    "updated": gettext_lazy("已更新"),
    "replaced": gettext_lazy("已覆盖"),
    "unchanged": gettext_lazy("未变化"),
    "skipped_edited": gettext_lazy("已跳过"),
    "failed": gettext_lazy("失败"),
    # Not a file of its own: a file imported by a batch whose search index could not be written.
    "index_failed": gettext_lazy("索引未建"),
}


class ImportFailed(Exception):
    """A parsed issue that cannot be written (reported as one line, like a parse error)."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line

    def __str__(self) -> str:
        return (
            _("第%(line)s行: %(message)s") % {"line": self.line, "message": self.message}
            if self.line
            else self.message
        )


@dataclass
class ImportResult:
    outcome: Outcome
    source_name: str = ""
    issue_id: int | None = None
    date: datetime.date | None = None
    number: int | None = None
    pages: int = 0
    articles: int = 0
    photos: int = 0
    new_bylines: int = 0
    credits: int = 0
    warnings: list[str] = field(default_factory=list)
    message: str = ""
    dry_run: bool = False
    removed_article_ids: list[int] = field(default_factory=list, repr=False)
    structure: list[str] = field(default_factory=list)  # editors' page structure applied or discarded
    documents: list = field(default_factory=list, repr=False)  # search documents of what was written
    page_files: list[str] = field(
        default_factory=list
    )  # page files beside the text file (issues/pagefiles.py)
    page_file_errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.outcome not in {"failed", "index_failed"}


@dataclass
class ImportSummary:
    files: int = 0
    outcomes: dict[str, int] = field(default_factory=lambda: dict.fromkeys(OUTCOME_LABELS, 0))
    articles: int = 0
    photos: int = 0
    new_bylines: int = 0
    warnings: int = 0

    def add(self, result: ImportResult) -> None:
        if result.outcome != "index_failed":  # reported after the file's own result
            self.files += 1
        self.outcomes[result.outcome] = self.outcomes.get(result.outcome, 0) + 1
        if result.outcome in {"imported", "updated", "replaced"}:
            self.articles += result.articles
            self.photos += result.photos
            self.new_bylines += result.new_bylines
            self.warnings += len(result.warnings)

    @property
    def failed(self) -> int:
        return self.outcomes.get("failed", 0)

    @property
    def index_failed(self) -> int:
        return self.outcomes.get("index_failed", 0)


def parser_version() -> str:
    return str(getattr(parsing, "PARSER_VERSION", ""))


# ---------------------------------------------------------------------------------------------
# Services


def import_issue(
    *,
    source: ParsedIssue,
    source_name: str,
    source_sha256: str,
    replace: bool = False,
    dry_run: bool = False,
    user=None,
    text_tokens: list[search.Tokens] | None = None,
    discard_structure: bool = False,
) -> ImportResult:
    """Write one parsed issue in one transaction; see the module docstring for the rules.

    text_tokens: Tokens.of(article_text(a)) for each article in source.pages order, if made
    ahead (load_file does); otherwise they are made here."""
    return _import(
        source=source,
        source_name=source_name,
        source_sha256=source_sha256,
        replace=replace,
        dry_run=dry_run,
        user=user,
        force=False,
        text_tokens=text_tokens,
        discard_structure=discard_structure,
    )


def reparse_issue(*, issue: Issue, user=None) -> ImportResult:
    """Re-parse the stored source text and replace the issue's content (an editors' desk action).

    Like --replace, the current content is first saved as a revision."""
    source = parsing.parse_text(issue.source_text)
    if source.date != issue.date:
        raise ImportFailed(
            _("重新解析得到的日期 %(parsed)s 与本期日期 %(date)s 不符")
            % {"parsed": source.date.isoformat(), "date": issue.date.isoformat()}
        )
    source.encoding = issue.source_encoding or source.encoding
    return _import(
        source=source,
        source_name=issue.source_name,
        source_sha256=issue.source_sha256,
        replace=True,
        dry_run=False,
        user=user,
        force=True,
    )


def _import(
    *,
    source,
    source_name,
    source_sha256,
    replace,
    dry_run,
    user,
    force,
    text_tokens=None,
    index=True,
    discard_structure=False,
):
    version = parser_version()
    result = ImportResult(outcome="imported", source_name=source_name, date=source.date, dry_run=dry_run)
    result.number = source.number
    publish_at = None
    if not force:
        _check_size(source)
        publish_at = _check_date(source)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_LOCK_KEY])
        existing = Issue.objects.select_for_update().filter(date=source.date).first()
        if existing is not None and not force:
            result.issue_id = existing.pk
            edited = existing.edited_since_import
            same_file = (
                existing.source_sha256 == source_sha256
                and (existing.masthead or {}).get(PARSER_VERSION_KEY) == version
            )
            if discard_structure and page_structure.has_stored(existing):
                same_file = False  # the editors' structure is to be dropped: not "unchanged"
            if same_file:
                # The file is the one imported; "unchanged" only if the rows still hold what it
                # gives (an edit made where no edit is recorded, the shell or a migration, counts).
                if _stored_matches(existing, source):
                    result.outcome = "unchanged"
                    result.message = _("与已导入的版本相同，未改动")
                    return result
                edited = True
                if not replace:
                    result.outcome = "skipped_edited"
                    result.message = _(
                        "文件与已导入的版本相同，但库中的稿件已被改动，未覆盖；如需恢复导入的文字请加 --replace"
                    )
                    return result
            if edited and not replace:
                when = timezone.localtime(existing.edited_at).strftime("%Y-%m-%d %H:%M")
                result.outcome = "skipped_edited"
                result.message = _("本期在导入后已被编辑修改（%(when)s），未覆盖；如需覆盖请加 --replace") % {
                    "when": when
                }
                return result
        if existing is not None:
            result.outcome = "replaced" if replace else "updated"
            if replace:
                _snapshot(existing, user=user)
            if page_structure.apply_stored(existing, source, result, discard=discard_structure):
                text_tokens = None  # made ahead for the parser's articles, not the rebuilt ones
        _write(existing, source, source_name, source_sha256, version, result, user, text_tokens, publish_at)
        if dry_run:
            transaction.set_rollback(True)
            if existing is None:
                result.issue_id = None  # the row is rolled back
        else:
            if result.removed_article_ids:
                search.remove_articles(result.removed_article_ids)
            if not index:
                return result  # the caller indexes result.documents in this transaction
            _index_written(result.documents)
        result.documents = []
    return result


def _date_line(source: ParsedIssue) -> int | None:
    """The line the masthead date was read from (the parser keeps the date as printed)."""
    printed = (source.masthead or {}).get("日期")
    if not printed or not source.source_text:
        return None
    for number, line in enumerate(LINE_BREAK_RE.split(source.source_text), start=1):
        if printed in line:
            return number
    return None


def _check_date(source: ParsedIssue) -> datetime.datetime | None:
    """Refuse an issue dated more than MAX_DAYS_AHEAD days after today: it would be published and
    become the front page, and such a date is nearly always a misread year. One dated up to that
    many days ahead (tomorrow's paper imported tonight) is imported, scheduled for its own date:
    the time at which readers see it is returned."""
    today = timezone.localdate()
    if source.date <= today:
        return None
    days = (source.date - today).days
    allowed = _limit("MAX_DAYS_AHEAD", MAX_DAYS_AHEAD)
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
            _date_line(source),
        )
    return timezone.make_aware(datetime.datetime.combine(source.date, datetime.time.min))


def _check_size(source: ParsedIssue) -> None:
    """Refuse an issue with more articles than a printed paper holds (per page and in all)."""
    per_issue = _limit("MAX_ARTICLES_PER_ISSUE", MAX_ARTICLES_PER_ISSUE)
    per_page = _limit("MAX_ARTICLES_PER_PAGE", MAX_ARTICLES_PER_PAGE)
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
    for page in source.pages:  # a number printed twice is one page (see _merge_pages)
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


def _credit_pairs(credits: list[Credit]) -> list[tuple[str, str]]:
    pairs = [((c.name or "").strip()[:64], (c.role or "").strip()[:32]) for c in credits]
    return [pair for pair in pairs if pair[0]]


def _content_of_parsed(source: ParsedIssue) -> list:
    """What _write would store for each page and article, in comparable form (see _stored_matches)."""
    notes: list = []
    content = []
    for page in _merge_pages(source.pages, notes):
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


def _stored_matches(issue: Issue, source: ParsedIssue) -> bool:
    """Whether the issue's pages and articles still hold exactly what `source` gives (a few queries)."""
    content = []
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
    for page in Page.objects.filter(issue=issue).order_by("number"):
        content.append(("page", page.number, page.name, page.editor, list(page.meta_lines or [])))
        content.extend(by_page.pop(page.number, []))
    if by_page:
        return False
    try:
        return content == _content_of_parsed(source)
    except ImportFailed:
        return False


def _index_written(documents) -> None:
    """Index what the current transaction has written and end readers' cached pages."""
    if documents:
        search.prepare_bulk_writes()
        # The issues' rows are locked (select_for_update) and their articles were written by this
        # transaction: nobody else can be indexing them.
        search.index_documents(documents, exclusive=True)
    bump_site_generation()  # bulk writes send no signals: readers' cached pages end here


def _snapshot(issue: Issue, *, user=None) -> None:
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


# ---------------------------------------------------------------------------------------------
# The writer


def _fit(value: str, model, field_name: str, what: str, notes: list, line=None, article=None) -> str:
    """Cut a value to its column (PostgreSQL would refuse it); the whole text stays in source_text."""
    value = value or ""
    limit = model._meta.get_field(field_name).max_length
    if limit and len(value) > limit:
        notes.append(
            (
                "field_truncated",
                _("%(what)s过长（%(length)s字），已截断为%(limit)s字，全文见原始文本")
                % {"what": _(what), "length": len(value), "limit": limit},
                line,
                article,
            )
        )
        return value[:limit]
    return value


def _merge_pages(pages: list[ParsedPage], notes: list) -> list[ParsedPage]:
    """One Page per number: a number printed twice becomes one page (with a warning)."""
    by_number: dict[int, ParsedPage] = {}
    merged = []
    for page in pages:
        number = page.number
        if not isinstance(number, int) or number <= 0 or number > 32767:
            raise ImportFailed(_("版次无效：%(number)r") % {"number": number}, page.line)
        if number in by_number:
            first = by_number[number]
            message = _("第%(number)s版出现两次，已合并为一版") % {"number": number}
            notes.append(("duplicate_page", message, page.line, None))
            first.articles = [*first.articles, *page.articles]
            first.meta_lines = [*first.meta_lines, *page.meta_lines]
            continue
        copy = ParsedPage(
            number=number,
            name=page.name,
            editor=page.editor,
            meta_lines=list(page.meta_lines),
            articles=list(page.articles),
            line=page.line,
        )
        by_number[number] = copy
        merged.append(copy)
    return merged


def _sequence_notes(source: ParsedIssue) -> list:
    """Issue numbers must grow with the date, by no more than the number of days between issues."""
    if source.number is None:
        return []
    notes = []
    qs = Issue.objects.filter(number__isnull=False).values_list("date", "number")
    before = qs.filter(date__lt=source.date).order_by("-date").first()
    after = qs.filter(date__gt=source.date).order_by("date").first()
    for neighbour_row, earlier in ((before, True), (after, False)):
        if neighbour_row is None:
            continue
        date, number = neighbour_row
        days = abs((source.date - date).days)
        gap = source.number - number if earlier else number - source.number
        values = {
            "number": source.number,
            "date": date.isoformat(),
            "other": number,
            "days": days,
            "gap": gap,
        }
        if gap <= 0 and earlier:
            message = (
                _("总期号%(number)s与前一期（%(date)s，总第%(other)s号）顺序不符：期号应随日期递增") % values
            )
        elif gap <= 0:
            message = (
                _("总期号%(number)s与后一期（%(date)s，总第%(other)s号）顺序不符：期号应随日期递增") % values
            )
        elif gap > days and earlier:
            message = (
                _(
                    "总期号%(number)s与前一期（%(date)s，总第%(other)s号）不衔接：相隔%(days)s天，期号却相差%(gap)s"
                )
                % values
            )
        elif gap > days:
            message = (
                _(
                    "总期号%(number)s与后一期（%(date)s，总第%(other)s号）不衔接：相隔%(days)s天，期号却相差%(gap)s"
                )
                % values
            )
        else:
            continue
        notes.append(("number_sequence", message, None, None))
    return notes


def _assign(instance, values: dict) -> None:
    """Set a kept row's fields to the re-imported values (saved later by one bulk_update)."""
    for name, value in values.items():
        setattr(instance, name, value)


def _raw_delete(queryset) -> None:
    """DELETE … WHERE, one statement: no model signals (the search index's per-row handlers)."""
    queryset._raw_delete(queryset.db)


def _line_count(text: str) -> int:
    return text.count("\n") + 1 if text else 1


ARTICLE_UPDATE_FIELDS = [
    "kind", "kicker", "headline", "subheadline", "dateline", "body", "status",
    "source_text", "source_line", "jump_pages", "is_correction", "updated_at", "updated_by",
    "version",
]  # fmt: skip


def _write(
    existing: Issue | None,
    source: ParsedIssue,
    source_name,
    source_sha256,
    version,
    result,
    user,
    text_tokens,
    publish_at=None,
):
    now = timezone.now()
    # Search tokens by article (made ahead by load_file), taken before pages are merged.
    made_ahead = [a for page in source.pages for a in page.articles]
    tokens_of = {}
    if text_tokens is not None and len(text_tokens) == len(made_ahead):
        tokens_of = {id(a): t for a, t in zip(made_ahead, text_tokens, strict=True)}
    notes: list[tuple[str, str, int | None, object]] = []  # (code, message, line, article) by the importer
    pages = _merge_pages(source.pages, notes)
    notes.extend(_sequence_notes(source))
    if publish_at is not None and existing is None:
        notes.append(
            (
                "future_date",
                _("出版日期 %(date)s 晚于今天，本期定于 %(when)s 发布（此前读者看不到）")
                % {
                    "date": source.date.isoformat(),
                    "when": timezone.localtime(publish_at).strftime("%Y-%m-%d %H:%M"),
                },
                _date_line(source),
                None,
            )
        )

    masthead = dict(source.masthead or {})
    masthead[PARSER_VERSION_KEY] = version
    issue_fields = {
        "date": source.date,
        "weekday": _fit(source.weekday, Issue, "weekday", N_("星期"), notes),
        "lunar_date": _fit(source.lunar_date, Issue, "lunar_date", N_("农历日期"), notes),
        "number": source.number if source.number and source.number > 0 else None,
        "publication": _fit(
            source.publication or settings.NEWSROOM_PUBLICATION, Issue, "publication", N_("报名"), notes
        ),
        "masthead": masthead,
        "source_text": source.source_text,
        "source_name": source_name[-500:],
        "source_sha256": source_sha256,
        "source_encoding": (source.encoding or "")[:32],
        "imported_at": now,
        "edited_at": None,
    }

    # Bylines: one query for the whole issue, the missing ones created in one go.
    def clean_credit(credit: Credit, line):
        name = _fit((credit.name or "").strip(), Byline, "name", N_("署名"), notes, line)
        role = _fit((credit.role or "").strip(), ArticleCredit, "role", N_("署名身份"), notes, line)
        return name, role

    parsed_articles: list[tuple[ParsedPage, int, ParsedArticle]] = [
        (page, index, article) for page in pages for index, article in enumerate(page.articles, start=1)
    ]
    credit_rows = {}  # id(parsed article or photo) -> [(name, role)]
    for _page, _index, article in parsed_articles:
        credit_rows[id(article)] = [clean_credit(c, article.line) for c in article.bylines]
        for photo in article.photos:
            credit_rows[id(photo)] = [clean_credit(c, photo.line) for c in photo.credits]
    names = {name for rows in credit_rows.values() for name, _role in rows if name}
    byline_ids: dict[str, int] = {}
    if names:
        for pk, name in Byline.objects.filter(name__in=names).order_by("id").values_list("id", "name"):
            byline_ids.setdefault(name, pk)
        missing = [Byline(name=name) for name in sorted(names - byline_ids.keys())]
        if missing:
            for byline in Byline.objects.bulk_create(missing):
                byline_ids[byline.name] = byline.pk
        result.new_bylines = len(missing)

    # The issue row (bulk writes everywhere: no model signals, no per-row saves).
    if existing is None:
        issue = Issue.objects.bulk_create(
            [
                Issue(
                    status=Status.PUBLISHED,
                    publish_at=publish_at,
                    created_at=now,
                    updated_at=now,
                    **issue_fields,
                )
            ]
        )[0]
    else:
        issue = existing
        _assign(issue, issue_fields)
        Issue.objects.filter(pk=issue.pk).update(updated_at=now, **issue_fields)
    result.issue_id = issue.pk
    result.number = issue_fields["number"]

    # Deletes below are raw (no per-row signals, no cascade collection): a re-import must not
    # cost a query per row. Dependents go first; the search index is told in _import.
    resolved = {}
    if existing:
        for w in ImportWarning.objects.filter(issue=issue, resolved_at__isnull=False):
            resolved[(w.code, w.message, w.line)] = (w.resolved_at, w.resolved_by_id, w.resolution_note)
        _raw_delete(ImportWarning.objects.filter(issue=issue))

    # Pages: kept by number, so page URLs survive an update.
    old_pages = {p.number: p for p in Page.objects.filter(issue=issue)} if existing else {}
    page_ids: dict[int, int] = {}
    pages_to_update, new_pages = [], []
    for parsed in pages:
        values = {
            "name": _fit(parsed.name, Page, "name", N_("版名"), notes, parsed.line),
            "editor": _fit(parsed.editor, Page, "editor", N_("责任编辑"), notes, parsed.line),
            "meta_lines": list(parsed.meta_lines),
        }
        old = old_pages.get(parsed.number)
        if old is not None:
            _assign(old, values)
            pages_to_update.append(old)
            page_ids[parsed.number] = old.pk
        else:
            new_pages.append({"issue_id": issue.pk, "number": parsed.number, "structure": [], **values})
    parsed_numbers = {parsed.number for parsed in pages}
    stale_pages = [p.pk for number, p in old_pages.items() if number not in parsed_numbers]
    if pages_to_update:
        Page.objects.bulk_update(pages_to_update, ["name", "editor", "meta_lines"])
    for row, pk in zip(new_pages, _insert(Page, new_pages), strict=True):
        page_ids[row["number"]] = pk

    # Articles: ids kept where (page number, order) match, so article URLs survive an update.
    old_articles = {}
    if existing:
        for row in Article.objects.filter(issue=issue).select_related("page"):
            old_articles[(row.page.number, row.order)] = row
    updated_by_id = user.pk if user is not None and getattr(user, "is_authenticated", False) else None
    article_ids: list[int | None] = []  # parallel to parsed_articles
    articles_to_update, new_articles, new_positions = [], [], []
    article_values = []  # parallel to parsed_articles
    for position, (parsed_page, order, parsed) in enumerate(parsed_articles):
        values = {
            "kind": parsed.kind if parsed.kind in Article.Kind.values else Article.Kind.ARTICLE,
            "kicker": _fit(parsed.kicker, Article, "kicker", N_("引题"), notes, parsed.line),
            "headline": _fit(parsed.headline, Article, "headline", N_("主题"), notes, parsed.line),
            "subheadline": _fit(parsed.subheadline, Article, "subheadline", N_("副题"), notes, parsed.line),
            "dateline": _fit(parsed.dateline, Article, "dateline", N_("电头"), notes, parsed.line),
            "body": body_from_paragraphs(parsed.paragraphs),
            "status": Status.DRAFT if parsed.untitled else Status.PUBLISHED,
            "source_text": parsed.source_text,
            "source_line": parsed.line,
            "jump_pages": list(parsed.jump_pages),
            "is_correction": parsed.is_correction,
            "updated_at": now,
            "updated_by_id": updated_by_id,
        }
        article_values.append(values)
        old = old_articles.pop((parsed_page.number, order), None)
        if old is not None:
            _assign(old, values)
            old.version += 1  # an admin form opened before this update is now stale (Article.version)
            articles_to_update.append(old)
            article_ids.append(old.pk)
        else:
            page_id = page_ids[parsed_page.number]
            new_articles.append(
                {"issue_id": issue.pk, "page_id": page_id, "order": order, "created_at": now, **values}
            )
            article_ids.append(None)
            new_positions.append(position)
    removed = [a.pk for a in old_articles.values()]
    if removed:
        _raw_delete(PhotoCredit.objects.filter(photo__article_id__in=removed))
        _raw_delete(Photo.objects.filter(article_id__in=removed))
        _raw_delete(ArticleCredit.objects.filter(article_id__in=removed))
        _raw_delete(Article.objects.filter(pk__in=removed))
    if stale_pages:
        _raw_delete(Page.objects.filter(pk__in=stale_pages))
    kept_ids = [a.pk for a in articles_to_update]
    if articles_to_update:
        Article.objects.bulk_update(articles_to_update, ARTICLE_UPDATE_FIELDS)
    for position, pk in zip(new_positions, _insert(Article, new_articles), strict=True):
        article_ids[position] = pk

    # Photos: kept by (article, order) too, so images editors uploaded survive an update.
    old_photos = {}
    if kept_ids:
        _raw_delete(ArticleCredit.objects.filter(article_id__in=kept_ids))
        for photo in Photo.objects.filter(article_id__in=kept_ids):
            old_photos[(photo.article_id, photo.order)] = photo
    photo_ids: list[int | None] = []
    photo_parsed = []
    photos_to_update, new_photos, new_photo_positions = [], [], []
    article_credits = []
    photo_texts: list[list[tuple[str, str]]] = []  # parallel to parsed_articles
    for position, (_page, _order, parsed) in enumerate(parsed_articles):
        article_id = article_ids[position]
        photo_texts.append([])
        for order, (name, role) in enumerate((r for r in credit_rows[id(parsed)] if r[0]), start=1):
            article_credits.append(
                {"article_id": article_id, "byline_id": byline_ids[name], "role": role, "order": order}
            )
        for order, parsed_photo in enumerate(parsed.photos, start=1):
            values = {
                "caption": parsed_photo.caption,
                "credit_text": _fit(
                    parsed_photo.credit_text, Photo, "credit_text", N_("摄影署名"), notes, parsed_photo.line
                ),
                "source_line": parsed_photo.line,
            }
            photo_texts[-1].append((values["caption"], values["credit_text"]))
            old = old_photos.pop((article_id, order), None)
            if old is not None:
                _assign(old, values)
                photos_to_update.append(old)
                photo_ids.append(old.pk)
            else:
                new_photos.append(
                    {
                        "article_id": article_id,
                        "order": order,
                        "image": "",
                        "width": None,
                        "height": None,
                        **values,
                    }
                )
                new_photo_positions.append(len(photo_ids))
                photo_ids.append(None)
            photo_parsed.append(parsed_photo)
    if old_photos:
        extra = [p.pk for p in old_photos.values()]
        _raw_delete(PhotoCredit.objects.filter(photo_id__in=extra))
        _raw_delete(Photo.objects.filter(pk__in=extra))
    if photos_to_update:
        _raw_delete(PhotoCredit.objects.filter(photo_id__in=[p.pk for p in photos_to_update]))
        Photo.objects.bulk_update(photos_to_update, ["caption", "credit_text", "source_line"])
    for position, pk in zip(new_photo_positions, _insert(Photo, new_photos), strict=True):
        photo_ids[position] = pk
    _insert(ArticleCredit, article_credits, returning=False)
    photo_credits = [
        {"photo_id": photo_id, "byline_id": byline_ids[name], "role": role, "order": order}
        for photo_id, parsed_photo in zip(photo_ids, photo_parsed, strict=True)
        for order, (name, role) in enumerate((r for r in credit_rows[id(parsed_photo)] if r[0]), start=1)
    ]
    _insert(PhotoCredit, photo_credits, returning=False)

    # Warnings: the parser's and the importer's; an editor's "checked" mark survives a re-import.
    spans = sorted(
        (parsed.line, parsed.line + _line_count(parsed.source_text) - 1, position)
        for position, (_page, _order, parsed) in enumerate(parsed_articles)
        if parsed.line
    )

    def article_at(line):
        found = None
        for start, end, position in spans:
            if start > line:
                break
            if line <= end:
                found = article_ids[position]
        return found

    warnings = []
    all_notes = [(w.code, w.message, w.line, None) for w in source.warnings] + notes
    for code, message, line, position in all_notes:
        article_id = article_ids[position] if position is not None else (article_at(line) if line else None)
        resolved_at, resolved_by_id, resolution_note = resolved.get(
            (code[:40], message, line), (None, None, "")
        )
        warnings.append(
            {
                "issue_id": issue.pk,
                "article_id": article_id,
                "code": code[:40],
                "message": message,
                "line": line,
                "resolved_at": resolved_at,
                "resolved_by_id": resolved_by_id,
                "resolution_note": resolution_note,
                "created_at": now,
            }
        )
        result.warnings.append(
            _("第%(line)s行：%(message)s") % {"line": line, "message": message} if line else message
        )
    _insert(ImportWarning, warnings, returning=False)

    # Search documents from the values just written: reading them back cost more than the writes.
    byline_names = {pk: name for name, pk in byline_ids.items()}
    credits_of: dict[int, list[tuple[str, str]]] = {}
    for row in article_credits:
        credits_of.setdefault(row["article_id"], []).append((row["role"], byline_names[row["byline_id"]]))
    result.documents = [
        search.make_document(
            article_id,
            kicker=values["kicker"],
            headline=values["headline"],
            subheadline=values["subheadline"],
            dateline=values["dateline"],
            credits=credits_of.get(article_id, []),
            text=article_text(parsed),
            photos=photo_texts[position],
            text_tokens=tokens_of.get(id(parsed)),
        )
        for position, (article_id, values, (_page, _order, parsed)) in enumerate(
            zip(article_ids, article_values, parsed_articles, strict=True)
        )
    ]

    result.pages = len(pages)
    result.articles = len(parsed_articles)
    result.photos = len(photo_ids)
    result.credits = len(article_credits) + len(photo_credits)
    result.removed_article_ids = removed
    return issue


def _insert(model, rows: list[dict], *, returning: bool = True) -> list[int]:
    """Multi-row INSERT … RETURNING id, what bulk_create does without building a model instance per
    row (that cost most of the import's time). Rows are dicts with the same keys (field attnames)."""
    if not rows:
        return []
    opts = model._meta
    names = list(rows[0])
    fields = [opts.get_field(name) for name in names]
    prepare = [
        field if field.get_internal_type() in {"JSONField", "DateTimeField"} else None for field in fields
    ]
    qn = connection.ops.quote_name
    columns = ", ".join(qn(field.column) for field in fields)
    limit = connection.features.max_query_params or 30000
    batch = max(1, min(1000, limit // len(fields)))
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    suffix = f" RETURNING {qn(opts.pk.column)}" if returning else ""
    prepared: dict = {}  # the same datetime (now) recurs on every row: adapt it once
    ids: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch):
            chunk = rows[start : start + batch]
            params = []
            for row in chunk:
                for name, field in zip(names, prepare, strict=True):
                    value = row[name]
                    if field is None or value is None:
                        params.append(value)
                    elif isinstance(value, datetime.datetime):
                        key = (field.column, value)
                        if key not in prepared:
                            prepared[key] = field.get_db_prep_save(value, connection)
                        params.append(prepared[key])
                    else:
                        params.append(field.get_db_prep_save(value, connection))
            sql = (
                f"INSERT INTO {qn(opts.db_table)} ({columns}) VALUES {', '.join([one] * len(chunk))}{suffix}"
            )
            cursor.execute(sql, params)
            if returning:
                ids.extend(row[0] for row in cursor.fetchall())
    return ids


# ---------------------------------------------------------------------------------------------
# Files and directories (the command's engine)


def _os_error(exc: OSError) -> str:
    """An OSError in Chinese (strerror is English)."""
    reasons = {
        errno.EACCES: _("权限不足"),
        errno.EPERM: _("权限不足"),
        errno.ENOENT: _("不存在"),
        errno.ELOOP: _("符号链接循环"),
        errno.EISDIR: _("是目录"),
        errno.EIO: _("输入输出错误"),
        errno.ENXIO: _("设备不存在"),
    }
    return reasons.get(exc.errno) or (exc.strerror or str(exc))


def _not_a_regular_file(mode: int) -> str | None:
    """Why a path of this st_mode cannot be imported as a file (None for a regular file)."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISFIFO(mode):
        return _("是命名管道（FIFO），不是普通文件")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return _("是设备文件，不是普通文件")
    if stat.S_ISSOCK(mode):
        return _("是套接字，不是普通文件")
    if stat.S_ISDIR(mode):
        return _("是目录，不是文件")
    return _("不是普通文件")


def _is_symlink(path: Path) -> bool:
    try:
        return stat.S_ISLNK(os.lstat(path).st_mode)
    except OSError:
        return False


def _is_dir(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except OSError:
        return False


def _path_problem(path: Path) -> str | None:
    """Why a path (named in a directory listing or on the command line) is not a readable file."""
    try:
        mode = os.stat(path).st_mode  # follows symlinks
    except OSError as exc:
        if _is_symlink(path):
            return _("符号链接指向的文件不存在或无法访问")
        if exc.errno in {errno.ENOENT, errno.ENOTDIR}:
            return _("文件或目录不存在")
        return _("无法访问：%(reason)s") % {"reason": _os_error(exc)}
    return _not_a_regular_file(mode)


def _walk(directory: Path, files: list[Path], problems: list[tuple[Path, str]]) -> None:
    """*.txt under a directory, recursively, as Path.rglob found them (symlinked directories are
    not followed), but every directory that cannot be listed and every *.txt that is not a
    readable regular file (FIFO, device, broken symlink) is a problem, never silently skipped."""
    try:
        with os.scandir(directory) as entries:
            entries = list(entries)
    except OSError as exc:
        problems.append((directory, _("无法读取目录：%(reason)s") % {"reason": _os_error(exc)}))
        return
    for entry in entries:
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
        except OSError:
            is_dir = False
        if is_dir:
            _walk(path, files, problems)
        elif path.suffix.lower() == ".txt" and not _is_dir(path):  # (a symlinked directory)
            problem = _path_problem(path)
            if problem is None:
                files.append(path)
            else:
                problems.append((path, problem))


def iter_source_files(paths: Iterable[str | Path]) -> Iterator[tuple[Path, str | None]]:
    """Each file once, in order: directories are searched recursively for *.txt, sorted.

    Yields (path, problem): problem is a message when the path cannot be read at all (missing,
    an unreadable directory, a FIFO or device, a broken symlink); the run counts it as failed."""
    seen = set()
    for raw in paths:
        path = Path(raw)
        if _is_dir(path):
            found: list[Path] = []
            problems: list[tuple[Path, str]] = []
            _walk(path, found, problems)
            yield from sorted(problems)
            files = sorted(found)
        elif problem := _path_problem(path):
            yield path, problem
            continue
        else:
            files = [path]
        for file in files:
            key = file.resolve()
            if key not in seen:
                seen.add(key)
                yield file, None


@dataclass
class LoadedFile:
    """A file read and parsed, with the search tokens of each article's text made ahead (in
    source.pages order): tokenising is most of the indexing time, and the parser processes have
    the cores for it while the writer waits on the database."""

    source: ParsedIssue
    sha256: str
    text_tokens: list[search.Tokens] = field(default_factory=list)


def article_text(parsed: ParsedArticle) -> str:
    """An article's text as the search index takes it."""
    return "\n".join(parsed.paragraphs)


def max_file_bytes() -> int:
    return int(getattr(settings, "NEWSROOM_IMPORT_MAX_FILE_BYTES", MAX_FILE_BYTES))


def read_source(path: Path) -> bytes:
    """A file's bytes, refused (ImportFailed) when it is not a regular file or over the size limit.

    Opened non-blocking and checked on the open descriptor: a FIFO put in a file's place after
    the directory was listed must fail, not block the run for ever. At most limit + 1 bytes are
    read, so a file that grows while it is read cannot fill the memory either."""
    limit = max_file_bytes()
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise ImportFailed(_("无法读取文件：%(reason)s") % {"reason": _os_error(exc)}) from None
    try:
        info = os.fstat(fd)
        problem = _not_a_regular_file(info.st_mode)
        if problem:
            raise ImportFailed(_("无法导入：%(reason)s") % {"reason": problem})
        if info.st_size > limit:
            raise ImportFailed(_file_too_large(info.st_size, limit))
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise ImportFailed(_("无法读取文件：%(reason)s") % {"reason": _os_error(exc)}) from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise ImportFailed(_file_too_large(len(data), limit))
    return data


def _file_too_large(size: int, limit: int) -> str:
    return _(
        "文件过大（%(size)s），超过每个文件%(limit)s的上限：一期报纸的文本通常不到100 KB，"
        "这可能是多期合并或重复的文件，请拆分后再导入"
    ) % {"size": _megabytes(size), "limit": _megabytes(limit)}


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{size / 1024:.0f} KB"


def load_file(path: Path, *, joins: bool = True) -> LoadedFile | ImportResult:
    """Read, parse and tokenise one file, or a failed result. joins: see Tokens.of."""
    name = str(path)
    try:
        data = read_source(path)
    except ImportFailed as exc:
        return ImportResult(outcome="failed", source_name=name, message=str(exc))
    sha = hashlib.sha256(data).hexdigest()
    try:
        source = parsing.parse_bytes(data)
        tokens = [
            search.Tokens.of(article_text(a), joins=joins) for page in source.pages for a in page.articles
        ]
    except ParseError as exc:
        return ImportResult(outcome="failed", source_name=name, message=str(exc))
    except Exception as exc:  # a parser bug must not stop the run
        return ImportResult(
            outcome="failed",
            source_name=name,
            message=_("解析出错（%(type)s）：%(error)s") % {"type": type(exc).__name__, "error": exc},
        )
    return LoadedFile(source=source, sha256=sha, text_tokens=tokens)


def import_file(path: Path, *, replace: bool = False, dry_run: bool = False, user=None) -> ImportResult:
    """Read, parse and write one file; every failure becomes a one-line result, never an exception."""
    loaded = load_file(path)
    if isinstance(loaded, ImportResult):
        return loaded
    return write_parsed(loaded, name=str(path), replace=replace, dry_run=dry_run, user=user)


def write_parsed(
    loaded: LoadedFile,
    *,
    name: str,
    replace=False,
    dry_run=False,
    user=None,
    index=True,
    discard_structure=False,
):
    """import_issue for a loaded file, every failure a one-line result. index=False leaves the
    search index to the caller (_write_batch), in the same transaction."""
    source = loaded.source
    try:
        return _import(
            source=source,
            source_name=name,
            source_sha256=loaded.sha256,
            replace=replace,
            dry_run=dry_run,
            user=user,
            force=False,
            text_tokens=loaded.text_tokens,
            index=index,
            discard_structure=discard_structure,
        )
    except ImportFailed as exc:
        return ImportResult(outcome="failed", source_name=name, date=source.date, message=str(exc))
    except Exception as exc:  # database errors included: one line, and the run goes on
        if not connection.in_atomic_block:
            connection.close_if_unusable_or_obsolete()
        message = " ".join(str(exc).split())[:300]
        return ImportResult(
            outcome="failed",
            source_name=name,
            date=source.date,
            message=_("写入数据库出错（%(type)s）：%(error)s")
            % {"type": type(exc).__name__, "error": message},
        )


BATCH_FILES = 16  # files written per transaction (see _write_batch)
# Parsed issues waiting for the writer, at most: memory stays flat. Two batches' worth, so the
# parser process has work while the writer writes a batch (with one batch's worth it idled).
PARSE_AHEAD = 2 * BATCH_FILES


def parse_workers(file_count: int) -> int:
    """Parse in a second process while this one writes, when there is a core for it and enough files."""
    if file_count < 8 or (os.cpu_count() or 1) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return 0
    return 1


PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def end_with_parent(parent_pid: int) -> None:
    """In a parser process: die when the importing process dies, even by kill -9.

    A forked worker inherits both ends of its task pipe, so its parent's death never shows as an
    end of file: it would wait for work for ever. Linux sends the worker SIGKILL when the thread
    that forked it ends (prctl PR_SET_PDEATHSIG); a parent that died before the call is caught by
    the getppid() check. Elsewhere (no prctl) nothing is set."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        prctl = libc.prctl
    except (OSError, AttributeError):
        return
    prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent_pid:
        os._exit(1)


def _loaded_files(files: Iterable[Path], workers: int) -> Iterator[tuple[Path, LoadedFile | ImportResult]]:
    """(path, load_file(path)) in order; with workers, files are read and parsed ahead in other
    processes (the parser is pure Python and CPU-bound), never more than PARSE_AHEAD at a time."""
    load = functools.partial(load_file, joins=search.get_backend().uses_joins)
    if workers <= 0:
        for path in files:
            yield path, load(path)
        return
    # fork: the workers only run the parser (no Django, no database); they end with os._exit.
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=end_with_parent,
        initargs=(os.getpid(),),
    ) as pool:
        pending: deque = deque()
        remaining = iter(files)
        for path in itertools.islice(remaining, PARSE_AHEAD):
            pending.append((path, pool.submit(load, path)))
        while pending:
            path, future = pending.popleft()
            following = next(remaining, None)
            if following is not None:
                pending.append((following, pool.submit(load, following)))
            try:
                loaded = future.result()
            except Exception:  # a worker died (e.g. out of memory): parse here instead
                loaded = load(path)
            yield path, loaded


class IndexBehind:
    """Writes each committed batch's search index on a second database connection while the
    writer writes the next batch (PostgreSQL). On PostgreSQL the index is more than half of an
    import's server work, and one connection runs one statement at a time: with the index behind,
    both cores work (ten years on two cores: 80.7 → 64.3 s).

    Not atomic with the batch: a run that stops between the two leaves articles unindexed, so each
    run begins by indexing whatever has no index row (search.index_missing). An editor's save in
    between is not overwritten (see SearchBackend.index_behind). At most QUEUED batches wait, so
    memory stays flat; a failure is kept with the batch's file names for the writer to report.
    Django's connections are per thread: the thread opens its own and closes it when done."""

    QUEUED = 2

    def __init__(self):
        self._queue: queue.Queue = queue.Queue(maxsize=self.QUEUED)
        self._failures: queue.SimpleQueue = queue.SimpleQueue()
        self._thread: threading.Thread | None = None

    @staticmethod
    def wanted(*, file_count: int, dry_run: bool) -> bool:
        """Only for a run of more than one batch outside any transaction: inside one (a caller's,
        a test's), a second connection would not see the uncommitted articles."""
        return (
            not dry_run
            and file_count > BATCH_FILES
            and not connection.in_atomic_block
            and search.get_backend().indexes_behind
        )

    def submit(self, names: list[str], documents: list) -> None:
        """Queue a committed batch; waits while QUEUED batches are waiting."""
        if self._thread is None:
            # Started with the first batch, after the parser process is forked: a fork copies only
            # the forking thread, and a lock another thread held would stay held in the child.
            self._thread = threading.Thread(target=self._run, name="index-behind", daemon=True)
            self._thread.start()
        if not self._put((names, documents)):
            self._failures.put((names, RuntimeError(_("索引线程已停止"))))

    def _put(self, item) -> bool:
        while self._thread.is_alive():
            try:
                self._queue.put(item, timeout=1.0)
                return True
            except queue.Full:
                continue
        return False

    def failures(self) -> list[tuple[list[str], Exception]]:
        """The failed batches so far: (file names, error)."""
        out = []
        while not self._failures.empty():
            out.append(self._failures.get())
        return out

    def close(self) -> list[tuple[list[str], Exception]]:
        """Wait for the queued batches; returns the failures not yet collected."""
        if self._thread is not None and self._put(None):
            self._thread.join()
        return self.failures()

    def _run(self) -> None:
        try:
            while (item := self._queue.get()) is not None:
                names, documents = item
                try:
                    with transaction.atomic():
                        search.prepare_bulk_writes()
                        search.index_behind(documents)
                        bump_site_generation()  # cached search results may lack these articles
                except Exception as exc:
                    connection.close_if_unusable_or_obsolete()
                    self._failures.put((names, exc))
        finally:
            connections.close_all()  # this thread's connections


def _index_failures(failures) -> Iterator[ImportResult]:
    for names, exc in failures:
        message = " ".join(str(exc).split())[:300]
        for name in names:
            yield ImportResult(
                outcome="index_failed",
                source_name=name,
                message=_("已导入，但搜索索引写入出错（%(type)s）：%(error)s；下次运行导入时会补建")
                % {"type": type(exc).__name__, "error": message},
            )


def import_paths(
    paths: Iterable[str | Path],
    *,
    replace: bool = False,
    dry_run: bool = False,
    user=None,
    progress: Callable[[list[Path]], Iterable[Path]] | None = None,
    workers: int | None = None,
    discard_structure: bool = False,
) -> Iterator[ImportResult]:
    """Import files in order, a batch at a time (never the archive in memory), yielding one result
    per file, and an "index_failed" one more for each file whose search index (written behind the
    batches, see IndexBehind) could not be written.

    `progress` wraps the file list (e.g. with tqdm). `workers`: parser processes (default: one
    when there are enough files and cores). A second file for a date already seen in this run is
    reported as a duplicate, not merged."""
    files: list[Path] = []
    for path, problem in iter_source_files(paths):
        if problem:
            yield ImportResult(outcome="failed", source_name=str(path), message=problem)
        else:
            files.append(path)
    if workers is None:
        workers = parse_workers(len(files))
    indexer = None
    if IndexBehind.wanted(file_count=len(files), dry_run=dry_run):
        try:
            search.index_missing()  # what an earlier run committed and did not index
        except Exception as exc:  # the database is away: the writes will say so, file by file
            connection.close_if_unusable_or_obsolete()
            yield from _index_failures([([_("（补建上次未完成的搜索索引）")], exc)])
        else:
            indexer = IndexBehind()
    try:
        for result in _import_files(
            files,
            workers,
            indexer,
            progress,
            replace=replace,
            dry_run=dry_run,
            user=user,
            discard_structure=discard_structure,
        ):
            attach_beside(result)  # page files named after the text file (issues/pagefiles.py)
            yield result
        unreported = indexer.close() if indexer is not None else []
    finally:
        # Interrupted too, the run waits for the index of what it committed (close is idempotent).
        # No yield here (a generator being closed must not yield): an interrupted run's last index
        # failure goes unreported, and the next run's index_missing writes that index.
        if indexer is not None:
            indexer.close()
    yield from _index_failures(unreported)


def _import_files(files, workers, indexer, progress, **options) -> Iterator[ImportResult]:
    seen_dates: dict[datetime.date, str] = {}
    ordered = progress(files) if progress else files
    options["indexer"] = indexer
    batch: list[tuple[str, LoadedFile]] = []
    for path, loaded in _loaded_files(ordered, workers):
        name = str(path)
        if isinstance(loaded, ImportResult):
            yield from _write_batch(batch, **options)
            batch = []
            yield loaded
            continue
        source = loaded.source
        if source.date in seen_dates:
            yield from _write_batch(batch, **options)
            batch = []
            yield ImportResult(
                outcome="failed",
                source_name=name,
                date=source.date,
                message=_("日期重复：%(date)s 已由本次的 %(other)s 导入，未合并")
                % {"date": source.date.isoformat(), "other": seen_dates[source.date]},
            )
            continue
        seen_dates[source.date] = name
        batch.append((name, loaded))
        if len(batch) >= BATCH_FILES:
            yield from _write_batch(batch, **options)
            batch = []
    yield from _write_batch(batch, **options)


def _write_batch(
    batch: list[tuple[str, LoadedFile]], indexer: IndexBehind | None = None, **options
) -> list[ImportResult]:
    """Write up to BATCH_FILES files in one transaction, each in its own savepoint (a file that
    fails leaves nothing of itself), and index them together before the commit, or, with an
    indexer (PostgreSQL, see IndexBehind), on its connection while the next batch is written.

    Why: a commit per file cost about a quarter of a ten-year import (SQLite's full-text index
    writes a segment per commit, PostgreSQL flushes its log). If the batch as a whole fails (the
    index, the commit), its files are written again one per transaction, so a failure is reported
    for the file that caused it and the others are imported."""
    if len(batch) == 1:
        name, loaded = batch[0]
        return [write_parsed(loaded, name=name, **options)]
    if not batch:
        return []
    try:
        with transaction.atomic():
            results = [write_parsed(loaded, name=name, index=False, **options) for name, loaded in batch]
            documents = [d for r in results for d in r.documents]
            if options.get("dry_run"):
                documents = []  # rolled back: nothing to index
            elif indexer is None:
                _index_written(documents)
            else:
                # Old rows of rewritten articles go with this commit; the new ones follow.
                search.remove_articles([d.id for d in documents])
                bump_site_generation()
    except Exception:
        if not connection.in_atomic_block:
            connection.close_if_unusable_or_obsolete()
        return [write_parsed(loaded, name=name, **options) for name, loaded in batch]
    for result in results:
        result.documents = []
    if indexer is not None:
        if documents:
            indexer.submit([name for name, _loaded in batch], documents)
        results.extend(_index_failures(indexer.failures()))
    return results


def summarize(results: Iterable[ImportResult]) -> ImportSummary:
    summary = ImportSummary()
    for result in results:
        summary.add(result)
    return summary
