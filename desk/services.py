"""The editors' desk services: publishing, byline merges, and recording who edited what.

Plain functions with keyword-only arguments; the admin stays thin and calls these. Writes that use
QuerySet.update() send no signals, so these functions end the reader cache generation and keep the
search index current themselves."""

from __future__ import annotations

from collections.abc import Iterable

import reversion
from django.db import transaction
from django.db.models import Count, F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from articles.models import Article, ArticleCredit, Byline, PhotoCredit
from articles.search import index_articles
from core.generation import bump_site_generation
from issues.edits import mark_issue_edited  # also the desk's, re-exported here
from issues.models import ImportWarning, Issue, Status


def record_article_edit(*, article: Article, user) -> None:
    """An editor saved an article (or its credits/photos): who, and that its issue was edited."""
    fields = {"updated_at": timezone.now()}
    if user is not None and user.is_authenticated:
        fields["updated_by"] = user
    Article.objects.filter(pk=article.pk).update(**fields)
    for name, value in fields.items():
        setattr(article, name, value)
    mark_issue_edited(issue_ids=[article.issue_id])


def _set_status(*, articles: QuerySet, status: str, user, comment: str) -> int:
    now = timezone.now()
    ids = list(articles.values_list("pk", flat=True))
    if not ids:
        return 0
    with transaction.atomic(), reversion.create_revision(atomic=False):
        fields = {"status": status, "updated_at": now, "version": F("version") + 1}  # open forms go stale
        if user is not None and user.is_authenticated:
            fields["updated_by"] = user
            reversion.set_user(user)
        reversion.set_comment(comment)
        Article.objects.filter(pk__in=ids).update(**fields)
        changed = list(Article.objects.filter(pk__in=ids))
        for article in changed:
            reversion.add_to_revision(article)
        mark_issue_edited(issue_ids={a.issue_id for a in changed}, when=now)
    bump_site_generation()
    return len(ids)


def publish_articles(*, articles: QuerySet, user=None) -> int:
    """Publish the articles. Those with a future publish_at become scheduled: readers see them
    when the time comes, with no scheduler process (readers' queries exclude what is not yet due)."""
    return _set_status(articles=articles, status=Status.PUBLISHED, user=user, comment=_("批量发布"))


def unpublish_articles(*, articles: QuerySet, user=None) -> int:
    """Take the articles back to draft: readers no longer see them."""
    return _set_status(articles=articles, status=Status.DRAFT, user=user, comment=_("批量撤回为草稿"))


def resolve_warnings(*, warnings: QuerySet, user, note: str = "") -> int:
    """Mark import warnings as checked by this editor (unresolved ones only; the first check counts),
    with the editor's note on what was checked, if any."""
    fields = {
        "resolved_at": timezone.now(),
        "resolved_by": user if user is not None and user.is_authenticated else None,
    }
    if note.strip():
        fields["resolution_note"] = note.strip()
    return warnings.filter(resolved_at__isnull=True).update(**fields)


def merge_bylines(*, target: Byline, others: Iterable[Byline], user=None) -> dict:
    """Merge duplicate Byline records into `target`: every article and photo credit is re-pointed to
    it, keeping each credit's role and order; the duplicates are then deleted. Nothing is lost: the
    duplicates are saved in a revision before they go (recoverable from the admin history), and
    differing biographies are appended to the target's.

    Returns counts: {"bylines": n, "article_credits": n, "photo_credits": n}."""
    others = [b for b in others if b.pk != target.pk]
    if not others:
        return {"bylines": 0, "article_credits": 0, "photo_credits": 0}
    other_ids = [b.pk for b in others]
    with transaction.atomic():
        # Lock the rows so a concurrent edit cannot credit a byline that is about to disappear.
        list(Byline.objects.select_for_update().filter(pk__in=[target.pk, *other_ids]))
        with reversion.create_revision(atomic=False):
            if user is not None and user.is_authenticated:
                reversion.set_user(user)
            reversion.set_comment(_("合并前的署名记录（将被合并进“%(name)s”）") % {"name": target.name})
            for byline in others:
                reversion.add_to_revision(byline)

        article_ids = list(
            ArticleCredit.objects.filter(byline_id__in=other_ids)
            .values_list("article_id", flat=True)
            .distinct()
        )
        # An article (or photo) credited to two of the merged records would end up crediting the
        # one person twice: its state goes into a revision, and one credit is kept (the target's,
        # else the first in printed order).
        doubled = _drop_doubled_credits(ArticleCredit, "article_id", [target.pk, *other_ids], target, user)
        doubled += _drop_doubled_credits(PhotoCredit, "photo_id", [target.pk, *other_ids], target, user)
        article_credits = ArticleCredit.objects.filter(byline_id__in=other_ids).update(byline=target)
        photo_credits = PhotoCredit.objects.filter(byline_id__in=other_ids).update(byline=target)
        photo_article_ids = list(
            PhotoCredit.objects.filter(byline=target).values_list("photo__article_id", flat=True).distinct()
        )

        bios = [target.bio.strip()] if target.bio.strip() else []
        for byline in others:
            if byline.bio.strip() and byline.bio.strip() not in bios:
                bios.append(byline.bio.strip())
        target.bio = "\n\n".join(bios)
        with reversion.create_revision(atomic=False):
            if user is not None and user.is_authenticated:
                reversion.set_user(user)
            reversion.set_comment(
                _("合并署名：%(names)s → %(name)s")
                % {"names": "、".join(f"{b.name}(#{b.pk})" for b in others), "name": target.name}
            )
            target.save()
        Byline.objects.filter(pk__in=other_ids).delete()
        touched = set(article_ids) | {pk for pk in photo_article_ids if pk}
        if touched:
            index_articles(sorted(touched))
            mark_issue_edited(
                issue_ids=set(Article.objects.filter(pk__in=touched).values_list("issue_id", flat=True))
            )
    bump_site_generation()
    return {
        "bylines": len(others),
        "article_credits": article_credits,
        "photo_credits": photo_credits,
        "doubled_credits": doubled,
    }


def shared_credits(*, byline_ids: Iterable[int]) -> list:
    """Articles and photos credited to more than one of these records: merging them would credit
    one person twice (the merge keeps one credit; the confirmation page lists them first)."""
    ids = list(byline_ids)
    found = []
    for model, owner in ((ArticleCredit, "article"), (PhotoCredit, "photo")):
        owners = (
            model.objects.filter(byline_id__in=ids)
            .values(f"{owner}_id")
            .annotate(n=Count("byline_id", distinct=True))
            .filter(n__gt=1)
            .values_list(f"{owner}_id", flat=True)
        )
        owner_model = model._meta.get_field(owner).related_model
        found += list(owner_model.objects.filter(pk__in=list(owners[:50])))
    return found


def _drop_doubled_credits(model, owner_field: str, byline_ids: list[int], target: Byline, user) -> int:
    owners = list(
        model.objects.filter(byline_id__in=byline_ids)
        .values(owner_field)
        .annotate(n=Count("byline_id", distinct=True))
        .filter(n__gt=1)
        .values_list(owner_field, flat=True)
    )
    if not owners:
        return 0
    with reversion.create_revision(atomic=False):
        if user is not None and user.is_authenticated:
            reversion.set_user(user)
        reversion.set_comment(_("合并署名前的署名（同一人在同一稿件上重复，合并后只保留一条）"))
        owner_model = model._meta.get_field(owner_field.removesuffix("_id")).related_model
        for owner in owner_model.objects.filter(pk__in=owners):
            reversion.add_to_revision(owner)
    drop = []
    for owner_id in owners:
        credits = sorted(
            model.objects.filter(**{owner_field: owner_id}, byline_id__in=byline_ids),
            key=lambda c: (c.byline_id != target.pk, c.order, c.pk),
        )
        drop += [c.pk for c in credits[1:]]
    model.objects.filter(pk__in=drop).delete()
    return len(drop)


def unresolved_warnings_for(*, issue_id: int) -> QuerySet:
    return (
        ImportWarning.objects.filter(issue_id=issue_id, resolved_at__isnull=True)
        .select_related("article")
        .order_by("line", "id")
    )


def set_issue_status(*, issues: QuerySet, status: str, user=None) -> int:
    """Publish or withdraw whole issues (readers see an article only when its issue is visible too)."""
    now = timezone.now()
    ids = list(issues.values_list("pk", flat=True))
    if not ids:
        return 0
    with transaction.atomic(), reversion.create_revision(atomic=False):
        if user is not None and user.is_authenticated:
            reversion.set_user(user)
        reversion.set_comment(_("批量发布期次") if status == Status.PUBLISHED else _("批量撤回期次"))
        Issue.objects.filter(pk__in=ids).update(status=status, edited_at=now)
        for issue in Issue.objects.filter(pk__in=ids):
            reversion.add_to_revision(issue)
    bump_site_generation()
    return len(ids)


BASELINE_COMMENT = _lazy("编辑前的版本（导入时的内容）")


def snapshot_baseline(*, model, object_id) -> int | None:
    """Save the object's current state as a revision if it has none yet (imported content).
    Not attributed to the editor about to change it: it is what was there before them.

    Returns the new revision's id when a baseline was written (else None)."""
    from reversion.models import Version

    obj = model._default_manager.filter(pk=object_id).first()
    if obj is None or Version.objects.get_for_object(obj).exists():
        return None
    with reversion.create_revision():
        reversion.set_comment(str(BASELINE_COMMENT))
        reversion.add_to_revision(obj)
    version = Version.objects.get_for_object(obj).order_by("-pk").first()
    return version.revision_id if version else None


def discard_baseline(*, revision_id: int) -> None:
    """Remove a baseline written for a save that turned out to change nothing: a save with no
    change leaves no history entry (the next real edit writes the baseline again)."""
    from reversion.models import Revision

    Revision.objects.filter(pk=revision_id).delete()
