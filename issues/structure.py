"""The structure editor's service: a page's lines with roles, a preview, and rebuilding its articles.

The lines come from parsing the issue's stored source text (issues/parsing/structure.py reads the
parser's output back as lines); the editor's decisions are stored on the page as overrides
(Page.structure), which the importer lays over every later parse of the issue."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles import search
from articles.body_html import body_from_paragraphs
from articles.models import Article, ArticleCredit, Byline, Photo, PhotoCredit
from issues import parsing
from issues.edits import mark_issue_edited
from issues.models import Page, Status
from issues.parsing import structure as lines_module
from issues.parsing.structure import (
    ROLES,
    StructureLine,
    apply_overrides,
    assemble,
    diff_overrides,
    group,
    page_lines,
    renumber,
)
from issues.parsing.types import Credit, ParsedArticle, ParsedIssue, ParseError, ParseWarning

ROLE_LABELS = {
    lines_module.HEADLINE: gettext_lazy("主题"),
    lines_module.KICKER: gettext_lazy("引题"),
    lines_module.SUBHEADLINE: gettext_lazy("副题"),
    lines_module.BYLINE: gettext_lazy("署名"),
    lines_module.DATELINE: gettext_lazy("电头"),
    lines_module.BODY: gettext_lazy("正文"),
    lines_module.CAPTION: gettext_lazy("图片说明"),
    lines_module.PHOTO_CREDIT: gettext_lazy("摄影署名"),
    lines_module.FURNITURE: gettext_lazy("版面信息"),
    lines_module.JUMP: gettext_lazy("转版"),
}
REVISION_COMMENT = gettext_lazy("调整版面结构前的版本")


class StructureError(Exception):
    """The page's structure cannot be read or the editor's decisions cannot be applied."""


@dataclass
class PageStructure:
    page: Page
    parsed_lines: list[StructureLine]  # as the parser made them
    lines: list[StructureLine]  # with the stored overrides applied
    unmatched: list[dict] = field(default_factory=list)  # stored overrides whose line is gone

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.parsed_lines)


@dataclass
class SaveResult:
    kept: list[int] = field(default_factory=list)
    created: list[int] = field(default_factory=list)
    removed: list[int] = field(default_factory=list)
    overrides: int = 0


def fingerprint(lines: list[StructureLine]) -> str:
    """Identifies the source lines a form was made from (a re-import in between changes it)."""
    digest = hashlib.sha256("\n".join(f"{line.number}:{line.text}" for line in lines).encode())
    return digest.hexdigest()[:16]


def _parse(page: Page) -> ParsedIssue:
    issue = page.issue
    if not issue.source_text:
        raise StructureError(_("本期没有导入的原始文本，无法按行调整结构"))
    try:
        return parsing.parse_text(issue.source_text)
    except ParseError as error:
        raise StructureError(_("本期原始文本无法解析：%(error)s") % {"error": error}) from error


def page_structure(page: Page) -> PageStructure:
    """The page's lines as the parser made them and as the editors' overrides make them."""
    parsed_lines = page_lines(_parse(page), page.number)
    applied = apply_overrides(parsed_lines, list(page.structure or []))
    return PageStructure(
        page=page, parsed_lines=parsed_lines, lines=applied.lines, unmatched=applied.unmatched
    )


def edited_lines(*, lines: list[StructureLine], decisions: dict[int, dict]) -> list[StructureLine]:
    """The lines with the editor's decisions (line number → role, start, join) laid over them."""
    result = [replace(line) for line in lines]
    keys = {line.number for line in result if not line.locked}
    for line in result:
        decision = decisions.get(line.number)
        if decision is None or line.locked:
            continue
        role = decision.get("role", line.role)
        if role not in ROLES:
            raise StructureError(
                _("第%(line)s行：未知的角色“%(role)s”") % {"line": line.number, "role": role}
            )
        line.role = role
        line.start = bool(decision.get("start", line.start))
        join = decision.get("join", line.join)
        if join is not None and join not in keys:
            raise StructureError(
                _("第%(line)s行：要并入的稿件（第%(join)s行起）不存在") % {"line": line.number, "join": join}
            )
        line.join = join if join != line.number else None
    renumber(result)
    return result


def preview(lines: list[StructureLine]) -> list[ParsedArticle]:
    return assemble(lines)[0]


# ---------------------------------------------------------------------------------------------
# Saving


def _matches(old_groups: list[list[StructureLine]], new_groups: list[list[StructureLine]]) -> dict[int, int]:
    """New group index → old group index: the same first line first, then the largest overlap."""
    matched: dict[int, int] = {}
    taken: set[int] = set()
    old_first = {lines[0].number: index for index, lines in enumerate(old_groups)}
    for index, lines in enumerate(new_groups):
        old = old_first.get(lines[0].number)
        if old is not None:
            matched[index] = old
            taken.add(old)
    old_sets = [{line.number for line in lines} for lines in old_groups]
    for index, lines in enumerate(new_groups):
        if index in matched:
            continue
        numbers = {line.number for line in lines}
        best = max(
            (o for o in range(len(old_groups)) if o not in taken),
            key=lambda o: len(numbers & old_sets[o]),
            default=None,
        )
        if best is not None and numbers & old_sets[best]:
            matched[index] = best
            taken.add(best)
    return matched


def _byline_ids(credits: list[Credit]) -> dict[str, int]:
    names = {credit.name.strip()[:64] for credit in credits if credit.name.strip()}
    found: dict[str, int] = {}
    for pk, name in Byline.objects.filter(name__in=names).order_by("id").values_list("id", "name"):
        found.setdefault(name, pk)
    for name in sorted(names - found.keys()):
        found[name] = Byline.objects.create(name=name).pk
    return found


def _write_credits(article: Article, credits: list[Credit]) -> None:
    ids = _byline_ids(credits)
    ArticleCredit.objects.filter(article=article).delete()
    ArticleCredit.objects.bulk_create(
        ArticleCredit(article=article, byline_id=ids[c.name.strip()[:64]], role=c.role[:32], order=order)
        for order, c in enumerate((c for c in credits if c.name.strip()), start=1)
    )


def _write_photos(changed: list[tuple[Article, ParsedArticle]], gone: list[Article]) -> None:
    """Photos follow their captions: a photo keeps its row (and the image an editor uploaded) when
    its caption is found again in the same article, or in another one it was moved to; else rows
    are reused by order. Photos of removed articles are in the pool too (a merge keeps them)."""
    if not changed:
        return
    pool = list(
        Photo.objects.filter(article_id__in=[a.pk for a, _ in changed] + [a.pk for a in gone]).order_by(
            "article_id", "order"
        )
    )
    Photo.objects.filter(pk__in=[p.pk for p in pool]).update(order=F("order") + 1000)  # room to reorder
    free = {photo.pk: photo for photo in pool}

    def take(test):
        photo = next((photo for photo in free.values() if test(photo)), None)
        if photo is not None:
            del free[photo.pk]
        return photo

    for article, parsed in changed:
        for order, parsed_photo in enumerate(parsed.photos, start=1):
            caption = parsed_photo.caption
            photo = (
                take(lambda p, a=article, c=caption: p.article_id == a.pk and p.caption == c)
                or take(lambda p, c=caption: p.caption == c and bool(c))
                or take(lambda p, a=article, o=order: p.article_id == a.pk and p.order == o)
                or Photo()
            )
            photo.article = article
            photo.order = order
            photo.caption = caption
            photo.credit_text = parsed_photo.credit_text[:200]
            photo.source_line = parsed_photo.line
            photo.save()
            ids = _byline_ids(parsed_photo.credits)
            PhotoCredit.objects.filter(photo=photo).delete()
            PhotoCredit.objects.bulk_create(
                PhotoCredit(photo=photo, byline_id=ids[c.name.strip()[:64]], role=c.role[:32], order=n)
                for n, c in enumerate((c for c in parsed_photo.credits if c.name.strip()), start=1)
            )
    for photo in free.values():
        photo.delete()


def _photo_key(parsed: ParsedArticle) -> list[tuple[str, str]]:
    return [(photo.caption, photo.credit_text) for photo in parsed.photos]


def _apply(article: Article, old: ParsedArticle | None, new: ParsedArticle) -> tuple[bool, bool]:
    """Set the article's fields from the new lines, keeping every field whose lines did not change
    (so words an editor corrected there survive). Returns (credits changed, photos changed)."""
    for name in ("kicker", "headline", "subheadline", "dateline"):
        if old is None or getattr(old, name) != getattr(new, name):
            limit = Article._meta.get_field(name).max_length
            setattr(article, name, getattr(new, name)[:limit])
    if old is None or old.paragraphs != new.paragraphs:
        article.body = body_from_paragraphs(new.paragraphs)
    if old is None or old.jump_pages != new.jump_pages:
        article.jump_pages = list(new.jump_pages)
    article.kind = new.kind if new.kind in Article.Kind.values else Article.Kind.ARTICLE
    article.source_text = new.source_text
    article.source_line = new.line
    credits_changed = old is None or old.bylines != new.bylines
    photos_changed = old is None or _photo_key(old) != _photo_key(new)
    return credits_changed, photos_changed


def save_page_structure(*, page: Page, decisions: dict[int, dict], fingerprint_seen: str, user) -> SaveResult:
    """Rebuild the page's articles from its lines with the editor's decisions, in one transaction.

    The issue is saved as a revision first. Articles keep their ids (and URLs) where they survive,
    matched by first line, else by the most lines in common; fields whose lines did not change keep
    what editors made of them. Articles made by hand (no source line on this page) are not touched.
    The decisions are stored as overrides on the page for later imports and re-parses."""
    from issues.importing import _snapshot

    result = SaveResult()
    with transaction.atomic():
        page = Page.objects.select_for_update().select_related("issue").get(pk=page.pk)
        current = page_structure(page)
        if fingerprint_seen != current.fingerprint:
            raise StructureError(_("本版的原始文本在您打开后已重新导入或解析，请重新打开结构编辑器"))
        before = current.lines
        after = edited_lines(lines=before, decisions=decisions)
        old_groups, new_groups = group(before), group(after)
        if not new_groups:
            raise StructureError(_("调整后本版没有任何稿件：至少要有一行不是版面信息"))
        old_parsed = [lines_module.assemble_article(lines) for lines in old_groups]
        new_parsed = [lines_module.assemble_article(lines) for lines in new_groups]
        matches = _matches(old_groups, new_groups)

        _snapshot(page.issue, user=user)
        managed_lines = {lines[0].number: index for index, lines in enumerate(old_groups)}
        articles = list(Article.objects.filter(page=page).order_by("order"))
        by_old_group = {}
        unmanaged = []
        for article in articles:
            index = managed_lines.get(article.source_line)
            if index is not None and index not in by_old_group:
                by_old_group[index] = article
            else:
                unmanaged.append(article)
        Article.objects.filter(page=page).update(order=F("order") + 1000)  # room for the new order

        used = set()
        photo_changes: list[tuple[Article, ParsedArticle]] = []
        user_id = user.pk if user is not None and getattr(user, "is_authenticated", False) else None
        for order, (index, new) in enumerate(zip(range(len(new_groups)), new_parsed, strict=True), start=1):
            old_index = matches.get(index)
            article = by_old_group.get(old_index) if old_index is not None else None
            if article is not None:
                used.add(old_index)
                old = old_parsed[old_index]
            else:
                article = Article(
                    issue=page.issue,
                    page=page,
                    status=Status.DRAFT if new.untitled else Status.PUBLISHED,
                )
                old = None
            credits_changed, photos_changed = _apply(article, old, new)
            article.order = order
            article.updated_by_id = user_id
            created = article.pk is None
            article.save()
            (result.created if created else result.kept).append(article.pk)
            if credits_changed:
                _write_credits(article, new.bylines)
            if photos_changed:
                photo_changes.append((article, new))
        gone = [article for index, article in by_old_group.items() if index not in used]
        _write_photos(photo_changes, gone)
        for article in gone:
            result.removed.append(article.pk)
            article.delete()
        for order, article in enumerate(unmanaged, start=len(new_groups) + 1):
            Article.objects.filter(pk=article.pk).update(order=order)

        page.meta_lines = assemble(after)[1]
        page.structure = diff_overrides(current.parsed_lines, after)
        page.save(update_fields=["meta_lines", "structure"])
        result.overrides = len(page.structure)
        mark_issue_edited(issue_ids=[page.issue_id])
        search.index_articles([*result.kept, *result.created, *result.removed])
    return result


def decisions_from_form(data, lines: list[StructureLine]) -> dict[int, dict]:
    """The editor's choices from the per-line form fields role-N, start-N, join-N."""
    decisions: dict[int, dict] = {}
    for line in lines:
        if line.locked:
            continue
        n = line.number
        if f"role-{n}" not in data:
            continue
        join_raw = (data.get(f"join-{n}") or "").strip()
        if join_raw and not join_raw.isdigit():
            raise StructureError(_("第%(line)s行：要并入的稿件无效") % {"line": n})
        decisions[n] = {
            "role": data.get(f"role-{n}"),
            "start": data.get(f"start-{n}") in {"on", "1", "true"},
            "join": int(join_raw) if join_raw else None,
        }
    return decisions


# ---------------------------------------------------------------------------------------------
# The importer's side


def has_stored(issue) -> bool:
    """Whether any page of the issue carries editors' structure overrides."""
    return any(Page.objects.filter(issue=issue).values_list("structure", flat=True))


def apply_stored(issue, source: ParsedIssue, result, *, discard: bool) -> bool:
    """Lay the pages' stored overrides over a new parse of the issue (in place), or discard them
    (--replace --discard-structure). Reports each page in result.structure; returns True when the
    parse was changed."""
    stored = [(n, s) for n, s in Page.objects.filter(issue=issue).values_list("number", "structure") if s]
    if not stored:
        return False
    if discard:
        Page.objects.filter(issue=issue).update(structure=[])
        for number, overrides in stored:
            result.structure.append(
                _("已丢弃第%(page)s版编辑调整的结构（%(count)s处）")
                % {"page": number, "count": len(overrides)}
            )
        return False
    report = lines_module.apply_to_issue(source, dict(stored))
    for number, overrides in stored:
        applied = report.get(number)
        if applied is None:
            result.structure.append(
                _("第%(page)s版已不在新文本中，编辑调整的结构（%(count)s处）未能沿用")
                % {"page": number, "count": len(overrides)}
            )
            continue
        result.structure.append(
            _("沿用第%(page)s版编辑调整的结构（%(count)s处）；如要丢弃，请用 --replace --discard-structure")
            % {"page": number, "count": applied.applied}
        )
        for override in applied.unmatched:
            source.warnings.append(
                ParseWarning(
                    code="structure_unmatched",
                    message=_("第%(page)s版：编辑对“%(text)s”一行的结构调整在新文本中找不到这一行，未能沿用")
                    % {"page": number, "text": str(override.get("text", ""))[:40]},
                    line=None,
                )
            )
    return bool(report)
