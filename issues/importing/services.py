"""The write services: one parsed issue (or file) written in one transaction, by the rules in
policy.py, through the row writer, then indexed for search.

import_issue takes a parsed issue; write_parsed a file that load_file read and parsed ahead
(the path import_paths, and so `manage.py import_issues`, takes); import_file reads one file;
reparse_issue re-parses an issue's stored text (the desk's action). All four end in _import."""

from __future__ import annotations

from pathlib import Path

from django.db import connection, transaction
from django.utils.translation import gettext as _

from articles import search
from core.generation import bump_site_generation
from issues import parsing
from issues import structure as page_structure
from issues.models import Issue
from issues.parsing.types import ParsedIssue

from . import policy
from .files import LoadedFile, load_file
from .results import ImportFailed, ImportResult, Outcome
from .sql import lock_importer
from .writer import Written, write_issue


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
    """Write one parsed issue in one transaction (a savepoint inside a caller's), by the rules of
    policy.py: an issue edited since import is skipped unless `replace`, and a replacement first
    saves the old content as a revision.

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
    search index to the caller (the pipeline's batch), in the same transaction."""
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
        return ImportResult(outcome=Outcome.FAILED, source_name=name, date=source.date, message=str(exc))
    except Exception as exc:  # database errors included: one line, and the run goes on
        if not connection.in_atomic_block:
            connection.close_if_unusable_or_obsolete()
        message = " ".join(str(exc).split())[:300]
        return ImportResult(
            outcome=Outcome.FAILED,
            source_name=name,
            date=source.date,
            message=_("写入数据库出错（%(type)s）：%(error)s")
            % {"type": type(exc).__name__, "error": message},
        )


def index_written(documents) -> None:
    """Index what the current transaction has written and end readers' cached pages."""
    if documents:
        search.prepare_bulk_writes()
        # The issues' rows are locked (select_for_update) and their articles were written by this
        # transaction: nobody else can be indexing them.
        search.index_documents(documents, exclusive=True)
    bump_site_generation()  # bulk writes send no signals: readers' cached pages end here


def _result_of(
    *, written: Written, outcome: Outcome, source_name: str, dry_run: bool, structure
) -> ImportResult:
    return ImportResult(
        outcome=outcome,
        source_name=source_name,
        issue_id=written.issue.pk,
        date=written.issue.date,
        number=written.issue.number,
        pages=written.pages,
        articles=written.articles,
        photos=written.photos,
        new_bylines=written.new_bylines,
        credits=written.credits,
        warnings=written.warnings,
        dry_run=dry_run,
        removed_article_ids=written.removed_article_ids,
        structure=structure,
        documents=written.documents,
    )


def _over_existing(*, existing: Issue | None, source, replace, user, discard_structure):
    """Before writing over an issue: its revision (replace) and the editors' page structure laid
    over the new parse. Returns (outcome, structure report, whether the articles were rebuilt)."""
    applied = ImportResult(outcome=Outcome.IMPORTED)  # apply_stored reports in .structure
    if existing is None:
        return applied.outcome, applied.structure, False
    applied.outcome = Outcome.REPLACED if replace else Outcome.UPDATED
    if replace:
        policy.snapshot(existing, user=user)
    rebuilt = page_structure.apply_stored(existing, source, applied, discard=discard_structure)
    return applied.outcome, applied.structure, rebuilt


def _finish(result: ImportResult, *, new: bool, dry_run: bool, index: bool) -> ImportResult:
    """In the import's transaction: roll a dry run back, or index what was written (unless the
    caller indexes result.documents itself, in the same transaction)."""
    if dry_run:
        transaction.set_rollback(True)
        if new:
            result.issue_id = None  # the row is rolled back
    else:
        if result.removed_article_ids:
            search.remove_articles(result.removed_article_ids)
        if not index:
            return result
        index_written(result.documents)
    result.documents = []
    return result


def _import(
    *,
    source: ParsedIssue,
    source_name: str,
    source_sha256: str,
    replace: bool,
    dry_run: bool,
    user,
    force: bool,
    text_tokens=None,
    index: bool = True,
    discard_structure: bool = False,
) -> ImportResult:
    """The one path every write takes. force (reparse_issue): no limits, no skipping."""
    version = policy.parser_version()
    publish_at = None
    if not force:
        policy.check_size(source)
        publish_at = policy.check_date(source)
    with transaction.atomic():
        lock_importer()
        existing = Issue.objects.select_for_update().filter(date=source.date).first()
        skipped = None
        if existing is not None and not force:
            skipped = policy.skip_reason(
                existing=existing,
                source=source,
                source_sha256=source_sha256,
                version=version,
                replace=replace,
                discard_structure=discard_structure,
            )
        if skipped is not None:
            outcome, message = skipped
            return ImportResult(
                outcome=outcome,
                message=message,
                source_name=source_name,
                issue_id=existing.pk,
                date=source.date,
                number=source.number,
                dry_run=dry_run,
            )
        outcome, structure, rebuilt = _over_existing(
            existing=existing, source=source, replace=replace, user=user, discard_structure=discard_structure
        )
        written = write_issue(
            existing=existing,
            source=source,
            source_name=source_name,
            source_sha256=source_sha256,
            version=version,
            user=user,
            text_tokens=None if rebuilt else text_tokens,  # made ahead for the parser's articles
            publish_at=publish_at,
        )
        result = _result_of(
            written=written, outcome=outcome, source_name=source_name, dry_run=dry_run, structure=structure
        )
        return _finish(result, new=existing is None, dry_run=dry_run, index=index)
