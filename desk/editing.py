"""Concurrent editing on the desk: stale-save detection and who else has a change form open.

Two editors may open the same article. Each form carries the article's `version` as it was when
the form was opened; a save from an older version is refused (never a silent overwrite) and the
editor is shown what the other editor changed since, with their own text kept in the form.

Edit sessions are an expiring "who is here" list, as in Wagtail and WordPress: refreshed when a
change form loads and by its heartbeat, forgotten after EDIT_SESSION_SECONDS. They inform and never
block: the version check is what protects the text."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from reversion_compare.helpers import html_diff

from articles.body_html import paragraphs_from_html
from articles.models import Article, EditSession
from desk.services import BASELINE_COMMENT

EDIT_SESSION_SECONDS = 120  # a form whose heartbeat (every 30 s) stopped is forgotten after this
HEARTBEAT_SECONDS = 30

# The article form's fields an editor can change, in the order the diff lists them.
DIFF_FIELDS = ["issue", "page", "order", "kind", "kicker", "headline", "subheadline", "dateline", "body"]
DIFF_FIELDS += ["status", "publish_at"]


@dataclass(frozen=True)
class FieldChange:
    name: str
    label: str
    diff: SafeString  # <ins>/<del> markup


@dataclass(frozen=True)
class StaleSave:
    """What the stale editor is shown: who saved meanwhile, and the field-by-field changes."""

    opened_version: int
    current_version: int
    changed_by: str
    changed_at: datetime.datetime | None
    changes: list[FieldChange]
    since_opened: bool  # False: the opened state was not recorded, changes are current vs. submitted
    numbered: bool = True  # versions are Article.version numbers (else revision ids, not shown)


def current_version(*, article_id: int, lock: bool = True) -> int | None:
    """The article's version now; with lock, its row stays locked until the transaction ends, so
    no other save can slip in between the check and the write (a no-op on SQLite, whose writes
    are serialised anyway)."""
    queryset = Article.objects.filter(pk=article_id)
    if lock and transaction.get_connection().in_atomic_block:
        queryset = queryset.select_for_update(of=("self",))
    return queryset.values_list("version", flat=True).first()


def _as_text(name: str, value) -> str:
    if value is None:
        return ""
    if name == "body":
        return "\n".join(paragraphs_from_html(value))
    return str(value)


def _opened_state(article: Article, opened_version: int) -> dict | None:
    """The article's fields as they were at `opened_version`, from its revisions (newest match)."""
    from reversion.models import Version

    for version in Version.objects.get_for_object(article).order_by("-pk").only("serialized_data", "format"):
        if version.format != "json":
            continue
        try:
            fields = json.loads(version.serialized_data)[0]["fields"]
        except (ValueError, LookupError, TypeError):
            continue
        if int(fields.get("version", 1)) == opened_version:
            return fields
    return None


def highest_recorded_version(*, article: Article) -> int:
    """The highest version the article ever had (its revisions and the row). A revert restores an
    old revision's fields, its version number among them: the save after it continues from here,
    so a version number is never used twice and an older form can never match a newer state."""
    from reversion.models import Version

    highest = Article.objects.filter(pk=article.pk).values_list("version", flat=True).first() or 0
    for data in (
        Version.objects.get_for_object(article)
        .filter(format="json")
        .values_list("serialized_data", flat=True)
    ):
        try:
            highest = max(highest, int(json.loads(data)[0]["fields"].get("version", 1)))
        except (ValueError, LookupError, TypeError):
            continue
    return highest


def describe_stale_save(*, article: Article, opened_version: int, submitted: dict) -> StaleSave:
    """What changed between the version the editor opened and the article as saved now. When that
    version was never recorded as a revision, compare the current article with what was submitted."""
    opened = _opened_state(article, opened_version)
    since_opened = opened is not None
    changes = []
    for name in DIFF_FIELDS:
        field = Article._meta.get_field(name)
        now_value = getattr(article, field.attname)
        before = opened.get(name) if since_opened else submitted.get(name)
        if since_opened and field.get_internal_type() == "DateTimeField" and before:
            before = field.to_python(before)
        old_text, new_text = _as_text(name, before), _as_text(name, now_value)
        if old_text != new_text:
            changes.append(
                FieldChange(name=name, label=str(field.verbose_name), diff=html_diff(old_text, new_text))
            )
    who = (
        article.updated_by.get_full_name() or article.updated_by.get_username() if article.updated_by else ""
    )
    return StaleSave(
        opened_version=opened_version,
        current_version=article.version,
        changed_by=who,
        changed_at=article.updated_at,
        changes=changes,
        since_opened=since_opened,
    )


def render_changes(changes: list[FieldChange]) -> SafeString:
    rows = "".join(
        f'<tr><th scope="row">{escape(change.label)}</th><td class="desk-stale-diff">{change.diff}</td></tr>'
        for change in changes
    )
    return mark_safe(f'<table class="desk-stale-changes">{rows}</table>')  # noqa: S308 - escaped parts


# ---------------------------------------------------------------------------------------------
# Who has a form open


def _session_key(model, object_id) -> dict:
    return {"content_type": ContentType.objects.get_for_model(model), "object_id": str(object_id)}


def touch_edit_session(*, model, object_id, user, now: datetime.datetime | None = None) -> None:
    """Record (or refresh) that `user` has the change form of this object open."""
    if user is None or not user.is_authenticated:
        return
    now = now or timezone.now()
    key = {**_session_key(model, object_id), "user": user}
    if EditSession.objects.filter(**key).update(seen_at=now):
        return
    try:
        with transaction.atomic():
            EditSession.objects.create(**key, opened_at=now, seen_at=now)
    except IntegrityError:  # the same user's other tab created it meanwhile
        EditSession.objects.filter(**key).update(seen_at=now)
    forget_expired_sessions(now=now)  # rare (a new session): keeps the table small


def release_edit_session(*, model, object_id, user) -> None:
    """The user left the form (closed the tab, went elsewhere): others stop seeing them at once."""
    if user is None or not user.is_authenticated:
        return
    EditSession.objects.filter(**_session_key(model, object_id), user=user).delete()


def other_editors(*, model, object_id, user, now: datetime.datetime | None = None) -> list[dict]:
    """Everyone else whose form of this object is still alive, first opened first (one query)."""
    now = now or timezone.now()
    sessions = (
        EditSession.objects.filter(
            **_session_key(model, object_id),
            seen_at__gte=now - datetime.timedelta(seconds=EDIT_SESSION_SECONDS),
        )
        .exclude(user_id=getattr(user, "pk", None))
        .select_related("user")
    )
    return [
        {
            "name": session.user.get_full_name() or session.user.get_username(),
            "opened_at": timezone.localtime(session.opened_at).strftime("%H:%M"),
        }
        for session in sessions
    ]


def forget_expired_sessions(*, now: datetime.datetime | None = None) -> int:
    """Delete sessions nobody refreshed for a day (the list shown already ignores expired ones)."""
    now = now or timezone.now()
    deleted, _ = EditSession.objects.filter(seen_at__lt=now - datetime.timedelta(days=1)).delete()
    return deleted


def others_text(others: list[dict]) -> str:
    """The change form's notice, e.g. “张编辑（16:40 打开）也打开了此页……”; empty when alone."""
    from django.utils.translation import gettext

    if not others:
        return ""
    names = "、".join(
        gettext("%(name)s（%(time)s 打开）") % {"name": other["name"], "time": other["opened_at"]}
        for other in others
    )
    return gettext(
        "%(names)s 也打开了此页。两人都保存时，后保存的一方会被拒绝并看到对方的改动，不会互相覆盖。"
    ) % {"names": names}


# ---------------------------------------------------------------------------------------------
# The same protection for the other desk forms (photos, bylines, issues, pages), which have no
# version number: the form carries the id of the object's latest revision when it was opened.


def latest_revision_id(*, obj) -> int:
    from reversion.models import Version

    return Version.objects.get_for_object(obj).order_by("-pk").values_list("pk", flat=True).first() or 0


def stale_since_revision(
    *, obj, opened_revision_id: int, field_names: list[str], submitted: dict
) -> StaleSave | None:
    """None if nobody saved `obj` since the form was opened; else who did and what changed. The
    baseline snapshot that the first admin save of imported content writes is not an edit."""
    from reversion.models import Version

    versions = Version.objects.get_for_object(obj).select_related("revision__user").order_by("pk")
    newer = [
        version
        for version in versions.filter(pk__gt=opened_revision_id)
        if version.revision.comment != str(BASELINE_COMMENT)
    ]
    if not newer:
        return None
    if opened_revision_id:
        opened = versions.filter(pk=opened_revision_id).first()
    else:  # opened before any revision: the baseline written by the other editor's save is that state
        first = versions.first()
        opened = first if first is not None and first.revision.comment == str(BASELINE_COMMENT) else None
    before = opened.field_dict if opened is not None else submitted
    changes = []
    for name in field_names:
        try:
            field = obj._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if not getattr(field, "concrete", False) or field.many_to_many:
            continue
        old = before.get(field.attname, before.get(name))
        old_text, new_text = _as_text(name, old), _as_text(name, getattr(obj, field.attname))
        if old_text != new_text:
            changes.append(
                FieldChange(name=name, label=str(field.verbose_name), diff=html_diff(old_text, new_text))
            )
    last = newer[-1]
    user = last.revision.user
    return StaleSave(
        opened_version=opened_revision_id,
        current_version=last.pk,
        changed_by=(user.get_full_name() or user.get_username()) if user else "",
        changed_at=last.revision.date_created,
        changes=changes,
        since_opened=opened is not None,
        numbered=False,
    )
