"""The row writer: one parsed issue's rows (issue, pages, articles, photos, credits, warnings),
written in bulk with a constant number of queries whatever the issue's size.

write_issue runs inside the caller's transaction and returns what it wrote (Written); it decides
nothing about whether to write (see policy.py) and indexes nothing (the caller does, from
Written.documents). Kept rows keep their ids, so page and article URLs survive an update."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from articles import search
from articles.body_html import body_from_paragraphs
from articles.models import Article, ArticleCredit, Byline, Photo, PhotoCredit
from issues.models import ImportWarning, Issue, Page, Status
from issues.parsing.text import LINE_BREAK_RE
from issues.parsing.types import Credit, ParsedArticle, ParsedIssue, ParsedPage

from . import sql
from .results import ImportFailed

PARSER_VERSION_KEY = "_parser_version"  # kept in Issue.masthead: re-parse when the parser changes

ARTICLE_UPDATE_FIELDS = [
    "kind", "kicker", "headline", "subheadline", "dateline", "body", "status",
    "source_text", "source_line", "jump_pages", "is_correction", "updated_at", "updated_by",
    "version",
]  # fmt: skip

# A note by the importer: (code, message, line, position of the article in parsed order or None).
Note = tuple[str, str, "int | None", "int | None"]


@dataclass
class Written:
    """What write_issue wrote, for the caller's result and search index."""

    issue: Issue
    pages: int
    articles: int
    photos: int
    credits: int
    new_bylines: int
    warnings: list[str]
    documents: list = field(repr=False)
    removed_article_ids: list[int] = field(repr=False)


@dataclass
class _Articles:
    """The articles as written, parallel to the parsed articles in page order."""

    ids: list[int]
    values: list[dict]
    removed: list[int]  # ids of articles no longer in the file (deleted)
    kept: list[int]  # ids of articles updated in place


@dataclass
class _Photos:
    ids: list[int]
    parsed: list  # the parsed photos, parallel to ids
    texts: list[list[tuple[str, str]]]  # (caption, credit text) by article, parallel to articles


# ---------------------------------------------------------------------------------------------
# Row values


def article_text(parsed: ParsedArticle) -> str:
    """An article's text as the search index takes it."""
    return "\n".join(parsed.paragraphs)


def date_line(source: ParsedIssue) -> int | None:
    """The line the masthead date was read from (the parser keeps the date as printed)."""
    printed = (source.masthead or {}).get("日期")
    if not printed or not source.source_text:
        return None
    for number, line in enumerate(LINE_BREAK_RE.split(source.source_text), start=1):
        if printed in line:
            return number
    return None


def fit(value: str, model, field_name: str, what: str, notes: list, line=None, article=None) -> str:
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


def merge_pages(pages: list[ParsedPage], notes: list) -> list[ParsedPage]:
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


def _sequence_message(*, number: int, date: datetime.date, other: int, days: int, earlier: bool) -> str:
    """Why `number` does not follow its neighbour (`other`, dated `date`), or "" when it does."""
    gap = number - other if earlier else other - number
    values = {"number": number, "date": date.isoformat(), "other": other, "days": days, "gap": gap}
    if gap <= 0 and earlier:
        return _("总期号%(number)s与前一期（%(date)s，总第%(other)s号）顺序不符：期号应随日期递增") % values
    if gap <= 0:
        return _("总期号%(number)s与后一期（%(date)s，总第%(other)s号）顺序不符：期号应随日期递增") % values
    if gap > days and earlier:
        return (
            _(
                "总期号%(number)s与前一期（%(date)s，总第%(other)s号）不衔接：相隔%(days)s天，期号却相差%(gap)s"
            )
            % values
        )
    if gap > days:
        return (
            _(
                "总期号%(number)s与后一期（%(date)s，总第%(other)s号）不衔接：相隔%(days)s天，期号却相差%(gap)s"
            )
            % values
        )
    return ""


def sequence_notes(source: ParsedIssue) -> list:
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
        message = _sequence_message(number=source.number, date=date, other=number, days=days, earlier=earlier)
        if message:
            notes.append(("number_sequence", message, None, None))
    return notes


def _assign(instance, values: dict) -> None:
    """Set a kept row's fields to the re-imported values (saved later by one bulk_update)."""
    for name, value in values.items():
        setattr(instance, name, value)


def _line_count(text: str) -> int:
    return text.count("\n") + 1 if text else 1


def _future_date_note(*, source: ParsedIssue, publish_at: datetime.datetime) -> Note:
    message = _("出版日期 %(date)s 晚于今天，本期定于 %(when)s 发布（此前读者看不到）") % {
        "date": source.date.isoformat(),
        "when": timezone.localtime(publish_at).strftime("%Y-%m-%d %H:%M"),
    }
    return ("future_date", message, date_line(source), None)


def _issue_fields(
    *, source: ParsedIssue, source_name: str, source_sha256: str, version: str, now, notes: list
) -> dict:
    masthead = dict(source.masthead or {})
    masthead[PARSER_VERSION_KEY] = version
    return {
        "date": source.date,
        "weekday": fit(source.weekday, Issue, "weekday", N_("星期"), notes),
        "lunar_date": fit(source.lunar_date, Issue, "lunar_date", N_("农历日期"), notes),
        "number": source.number if source.number and source.number > 0 else None,
        "publication": fit(
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


def _article_values(*, parsed: ParsedArticle, now, updated_by_id, notes: list) -> dict:
    line = parsed.line
    return {
        "kind": parsed.kind if parsed.kind in Article.Kind.values else Article.Kind.ARTICLE,
        "kicker": fit(parsed.kicker, Article, "kicker", N_("引题"), notes, line),
        "headline": fit(parsed.headline, Article, "headline", N_("主题"), notes, line),
        "subheadline": fit(parsed.subheadline, Article, "subheadline", N_("副题"), notes, line),
        "dateline": fit(parsed.dateline, Article, "dateline", N_("电头"), notes, line),
        "body": body_from_paragraphs(parsed.paragraphs),
        "status": Status.DRAFT if parsed.untitled else Status.PUBLISHED,
        "source_text": parsed.source_text,
        "source_line": line,
        "jump_pages": list(parsed.jump_pages),
        "is_correction": parsed.is_correction,
        "updated_at": now,
        "updated_by_id": updated_by_id,
    }


# ---------------------------------------------------------------------------------------------
# Rows


def _credit_rows(*, parsed_articles: list, notes: list) -> dict[int, list[tuple[str, str]]]:
    """(name, role) cut to their columns, by id() of each parsed article and photo."""

    def clean(credit: Credit, line):
        name = fit((credit.name or "").strip(), Byline, "name", N_("署名"), notes, line)
        role = fit((credit.role or "").strip(), ArticleCredit, "role", N_("署名身份"), notes, line)
        return name, role

    rows = {}
    for _page, _order, article in parsed_articles:
        rows[id(article)] = [clean(c, article.line) for c in article.bylines]
        for photo in article.photos:
            rows[id(photo)] = [clean(c, photo.line) for c in photo.credits]
    return rows


def _byline_ids(credit_rows: dict) -> tuple[dict[str, int], int]:
    """Byline ids by name, one query for the whole issue, the missing ones created in one go;
    and the number created."""
    names = {name for rows in credit_rows.values() for name, _role in rows if name}
    byline_ids: dict[str, int] = {}
    if not names:
        return byline_ids, 0
    for pk, name in Byline.objects.filter(name__in=names).order_by("id").values_list("id", "name"):
        byline_ids.setdefault(name, pk)
    missing = [Byline(name=name) for name in sorted(names - byline_ids.keys())]
    if missing:
        for byline in Byline.objects.bulk_create(missing):
            byline_ids[byline.name] = byline.pk
    return byline_ids, len(missing)


def _write_issue_row(*, existing: Issue | None, fields: dict, publish_at, now) -> Issue:
    """The issue row (bulk writes everywhere: no model signals, no per-row saves)."""
    if existing is None:
        issue = Issue(
            status=Status.PUBLISHED, publish_at=publish_at, created_at=now, updated_at=now, **fields
        )
        return Issue.objects.bulk_create([issue])[0]
    _assign(existing, fields)
    Issue.objects.filter(pk=existing.pk).update(updated_at=now, **fields)
    return existing


def _take_resolved_warnings(issue: Issue) -> dict:
    """Delete the issue's warnings, returning editors' resolutions by (code, message, line).

    Deletes here and below are raw (no per-row signals, no cascade collection): a re-import must
    not cost a query per row. Dependents go first; the search index is told by the caller."""
    resolved = {}
    for w in ImportWarning.objects.filter(issue=issue, resolved_at__isnull=False):
        resolved[(w.code, w.message, w.line)] = (w.resolved_at, w.resolved_by_id, w.resolution_note)
    sql.raw_delete(ImportWarning.objects.filter(issue=issue))
    return resolved


def _write_pages(*, issue: Issue, existing, pages: list[ParsedPage], notes: list) -> tuple[dict, list]:
    """Pages, kept by number so page URLs survive an update: (id by number, ids of stale pages)."""
    old_pages = {p.number: p for p in Page.objects.filter(issue=issue)} if existing else {}
    page_ids: dict[int, int] = {}
    pages_to_update, new_pages = [], []
    for parsed in pages:
        values = {
            "name": fit(parsed.name, Page, "name", N_("版名"), notes, parsed.line),
            "editor": fit(parsed.editor, Page, "editor", N_("责任编辑"), notes, parsed.line),
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
    for row, pk in zip(new_pages, sql.insert(Page, new_pages), strict=True):
        page_ids[row["number"]] = pk
    return page_ids, stale_pages


def _delete_articles(*, removed: list[int], stale_pages: list[int]) -> None:
    if removed:
        sql.raw_delete(PhotoCredit.objects.filter(photo__article_id__in=removed))
        sql.raw_delete(Photo.objects.filter(article_id__in=removed))
        sql.raw_delete(ArticleCredit.objects.filter(article_id__in=removed))
        sql.raw_delete(Article.objects.filter(pk__in=removed))
    if stale_pages:
        sql.raw_delete(Page.objects.filter(pk__in=stale_pages))


def _write_articles(
    *, issue: Issue, existing, parsed_articles: list, page_ids: dict, stale_pages: list, user, now, notes
) -> _Articles:
    """Articles, ids kept where (page number, order) match, so article URLs survive an update."""
    old_articles = {}
    if existing:
        for row in Article.objects.filter(issue=issue).select_related("page"):
            old_articles[(row.page.number, row.order)] = row
    updated_by_id = user.pk if user is not None and getattr(user, "is_authenticated", False) else None
    ids: list = []
    values_list, to_update, new_rows, new_positions = [], [], [], []
    for position, (parsed_page, order, parsed) in enumerate(parsed_articles):
        values = _article_values(parsed=parsed, now=now, updated_by_id=updated_by_id, notes=notes)
        values_list.append(values)
        old = old_articles.pop((parsed_page.number, order), None)
        if old is not None:
            _assign(old, values)
            old.version += 1  # an admin form opened before this update is now stale (Article.version)
            to_update.append(old)
            ids.append(old.pk)
        else:
            page_id = page_ids[parsed_page.number]
            new_rows.append(
                {"issue_id": issue.pk, "page_id": page_id, "order": order, "created_at": now, **values}
            )
            ids.append(None)
            new_positions.append(position)
    removed = [a.pk for a in old_articles.values()]
    _delete_articles(removed=removed, stale_pages=stale_pages)
    if to_update:
        Article.objects.bulk_update(to_update, ARTICLE_UPDATE_FIELDS)
    for position, pk in zip(new_positions, sql.insert(Article, new_rows), strict=True):
        ids[position] = pk
    return _Articles(ids=ids, values=values_list, removed=removed, kept=[a.pk for a in to_update])


def _write_photos(*, parsed_articles: list, articles: _Articles, notes: list) -> _Photos:
    """Photos, kept by (article, order) so images editors uploaded survive an update; the kept
    articles' and photos' credits are deleted (written again by _write_credits)."""
    old_photos = {}
    if articles.kept:
        sql.raw_delete(ArticleCredit.objects.filter(article_id__in=articles.kept))
        for photo in Photo.objects.filter(article_id__in=articles.kept):
            old_photos[(photo.article_id, photo.order)] = photo
    photos = _Photos(ids=[], parsed=[], texts=[])
    to_update, new_rows, new_positions = [], [], []
    for article_id, (_page, _order, parsed) in zip(articles.ids, parsed_articles, strict=True):
        photos.texts.append([])
        for order, parsed_photo in enumerate(parsed.photos, start=1):
            credit_text = fit(
                parsed_photo.credit_text, Photo, "credit_text", N_("摄影署名"), notes, parsed_photo.line
            )
            values = {
                "caption": parsed_photo.caption,
                "credit_text": credit_text,
                "source_line": parsed_photo.line,
            }
            photos.texts[-1].append((values["caption"], values["credit_text"]))
            old = old_photos.pop((article_id, order), None)
            if old is not None:
                _assign(old, values)
                to_update.append(old)
                photos.ids.append(old.pk)
            else:
                row = {"article_id": article_id, "order": order, "image": "", "width": None, "height": None}
                new_rows.append({**row, **values})
                new_positions.append(len(photos.ids))
                photos.ids.append(None)
            photos.parsed.append(parsed_photo)
    if old_photos:
        extra = [p.pk for p in old_photos.values()]
        sql.raw_delete(PhotoCredit.objects.filter(photo_id__in=extra))
        sql.raw_delete(Photo.objects.filter(pk__in=extra))
    if to_update:
        sql.raw_delete(PhotoCredit.objects.filter(photo_id__in=[p.pk for p in to_update]))
        Photo.objects.bulk_update(to_update, ["caption", "credit_text", "source_line"])
    for position, pk in zip(new_positions, sql.insert(Photo, new_rows), strict=True):
        photos.ids[position] = pk
    return photos


def _write_credits(
    *, parsed_articles: list, article_ids: list, photos: _Photos, credit_rows: dict, byline_ids: dict
) -> tuple[list[dict], list[dict]]:
    """Article and photo credits in printed order (names cut to nothing are left out)."""
    article_credits = [
        {"article_id": article_id, "byline_id": byline_ids[name], "role": role, "order": order}
        for article_id, (_page, _order, parsed) in zip(article_ids, parsed_articles, strict=True)
        for order, (name, role) in enumerate((r for r in credit_rows[id(parsed)] if r[0]), start=1)
    ]
    sql.insert(ArticleCredit, article_credits, returning=False)
    photo_credits = [
        {"photo_id": photo_id, "byline_id": byline_ids[name], "role": role, "order": order}
        for photo_id, parsed_photo in zip(photos.ids, photos.parsed, strict=True)
        for order, (name, role) in enumerate((r for r in credit_rows[id(parsed_photo)] if r[0]), start=1)
    ]
    sql.insert(PhotoCredit, photo_credits, returning=False)
    return article_credits, photo_credits


def _article_finder(*, parsed_articles: list, article_ids: list):
    """A function from a source line to the id of the article whose text holds it (or None)."""
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

    return article_at


def _write_warnings(
    *, issue: Issue, source: ParsedIssue, notes: list, resolved: dict, parsed_articles, article_ids, now
) -> list[str]:
    """The parser's and the importer's warnings; an editor's "checked" mark survives a re-import.
    Returns them as printed lines."""
    article_at = _article_finder(parsed_articles=parsed_articles, article_ids=article_ids)
    rows, lines = [], []
    all_notes = [(w.code, w.message, w.line, None) for w in source.warnings] + notes
    for code, message, line, position in all_notes:
        article_id = article_ids[position] if position is not None else (article_at(line) if line else None)
        resolved_at, resolved_by_id, resolution_note = resolved.get(
            (code[:40], message, line), (None, None, "")
        )
        rows.append(
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
        lines.append(_("第%(line)s行：%(message)s") % {"line": line, "message": message} if line else message)
    sql.insert(ImportWarning, rows, returning=False)
    return lines


def _documents(
    *, parsed_articles: list, articles: _Articles, photos: _Photos, article_credits, byline_ids, tokens_of
) -> list:
    """Search documents from the values just written: reading them back cost more than the writes."""
    byline_names = {pk: name for name, pk in byline_ids.items()}
    credits_of: dict[int, list[tuple[str, str]]] = {}
    for row in article_credits:
        credits_of.setdefault(row["article_id"], []).append((row["role"], byline_names[row["byline_id"]]))
    return [
        search.make_document(
            article_id,
            kicker=values["kicker"],
            headline=values["headline"],
            subheadline=values["subheadline"],
            dateline=values["dateline"],
            credits=credits_of.get(article_id, []),
            text=article_text(parsed),
            photos=photos.texts[position],
            text_tokens=tokens_of.get(id(parsed)),
        )
        for position, (article_id, values, (_page, _order, parsed)) in enumerate(
            zip(articles.ids, articles.values, parsed_articles, strict=True)
        )
    ]


# ---------------------------------------------------------------------------------------------
# The writer


def _tokens_by_article(source: ParsedIssue, text_tokens) -> dict:
    """Search tokens by id() of the parsed article (made ahead by load_file), taken before pages
    are merged; none when they do not match the articles (the page structure rebuilt them)."""
    made_ahead = [a for page in source.pages for a in page.articles]
    if text_tokens is None or len(text_tokens) != len(made_ahead):
        return {}
    return {id(a): t for a, t in zip(made_ahead, text_tokens, strict=True)}


def _importer_notes(*, existing, source: ParsedIssue, publish_at) -> tuple[list[ParsedPage], list]:
    """The pages merged by number, and the importer's own notes so far."""
    notes: list = []
    pages = merge_pages(source.pages, notes)
    notes.extend(sequence_notes(source))
    if publish_at is not None and existing is None:
        notes.append(_future_date_note(source=source, publish_at=publish_at))
    return pages, notes


def _write_content(
    *, issue: Issue, existing, pages, parsed_articles, credit_rows, byline_ids, user, now, notes
) -> tuple[_Articles, _Photos, list[dict], list[dict]]:
    """Pages, articles, photos and credits (in this order: each needs the ids of the one before)."""
    page_ids, stale_pages = _write_pages(issue=issue, existing=existing, pages=pages, notes=notes)
    articles = _write_articles(
        issue=issue,
        existing=existing,
        parsed_articles=parsed_articles,
        page_ids=page_ids,
        stale_pages=stale_pages,
        user=user,
        now=now,
        notes=notes,
    )
    photos = _write_photos(parsed_articles=parsed_articles, articles=articles, notes=notes)
    article_credits, photo_credits = _write_credits(
        parsed_articles=parsed_articles,
        article_ids=articles.ids,
        photos=photos,
        credit_rows=credit_rows,
        byline_ids=byline_ids,
    )
    return articles, photos, article_credits, photo_credits


def write_issue(
    *,
    existing: Issue | None,
    source: ParsedIssue,
    source_name: str,
    source_sha256: str,
    version: str,
    user=None,
    text_tokens: list | None = None,
    publish_at: datetime.datetime | None = None,
) -> Written:
    """Write `source` as a new issue (existing None) or over `existing`, in the caller's transaction."""
    now = timezone.now()
    pages, notes = _importer_notes(existing=existing, source=source, publish_at=publish_at)
    fields = _issue_fields(
        source=source,
        source_name=source_name,
        source_sha256=source_sha256,
        version=version,
        now=now,
        notes=notes,
    )
    parsed_articles = [(page, order, a) for page in pages for order, a in enumerate(page.articles, start=1)]
    credit_rows = _credit_rows(parsed_articles=parsed_articles, notes=notes)
    byline_ids, new_bylines = _byline_ids(credit_rows)
    issue = _write_issue_row(existing=existing, fields=fields, publish_at=publish_at, now=now)
    resolved = _take_resolved_warnings(issue) if existing else {}
    articles, photos, article_credits, photo_credits = _write_content(
        issue=issue,
        existing=existing,
        pages=pages,
        parsed_articles=parsed_articles,
        credit_rows=credit_rows,
        byline_ids=byline_ids,
        user=user,
        now=now,
        notes=notes,
    )
    warnings = _write_warnings(
        issue=issue,
        source=source,
        notes=notes,
        resolved=resolved,
        parsed_articles=parsed_articles,
        article_ids=articles.ids,
        now=now,
    )
    documents = _documents(
        parsed_articles=parsed_articles,
        articles=articles,
        photos=photos,
        article_credits=article_credits,
        byline_ids=byline_ids,
        tokens_of=_tokens_by_article(source, text_tokens),
    )
    return Written(
        issue=issue,
        pages=len(pages),
        articles=len(parsed_articles),
        photos=len(photos.ids),
        credits=len(article_credits) + len(photo_credits),
        new_bylines=new_bylines,
        warnings=warnings,
        documents=documents,
        removed_article_ids=articles.removed,
    )
