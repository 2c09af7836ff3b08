"""What every desk ModelAdmin shares: lean change lists (capped search, the issue-walk paginator),
the versioned admin base (`DeskVersionAdmin`: revisions, stale-save refusal), labelled autocomplete,
the revert permission check and correlated counts for list columns."""

from __future__ import annotations

import datetime
from contextlib import contextmanager

from django.contrib import admin, messages
from django.contrib.admin.utils import quote, unquote
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.views.main import SEARCH_VAR, ChangeList
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from reversion.models import Version
from reversion_compare.admin import CompareVersionAdmin

from desk import editing, services
from desk.forms import RevisionGuardMixin
from issues.models import Issue


def _count(model, field: str, **filters) -> Coalesce:
    """A correlated COUNT subquery: one list query, however many issues are shown."""
    rows = (
        model.objects.filter(**{field: OuterRef("pk")}, **filters)
        .order_by()
        .values(field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


class LeanChangeList(ChangeList):
    """The list loads only the columns it shows (ModelAdmin.list_only): the article body, its OCR
    text and its issue's whole OCR text are megabytes per page of a ten-year archive."""

    def __init__(self, request, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        if self.query:
            # A search's date drill-down would run the search twice more (dates, first/last): on
            # a common word over ten years that costs more than the search itself.
            self.date_hierarchy = None

    def get_queryset(self, request, exclude_parameters=None):
        queryset = super().get_queryset(request, exclude_parameters)
        only = getattr(self.model_admin, "list_only", None)
        return queryset.only(*only) if only else queryset

    def get_results(self, request):
        super().get_results(request)
        if getattr(self.paginator, "capped", False):
            if not self.multi_page:  # (a cap below one page) the list is the capped page, not the queryset
                self.result_list = self.paginator.page(1).object_list
            messages.info(
                request,
                gettext("匹配“%(q)s”的超过 %(n)s 条，只列出最新的 %(n)s 条；可加筛选或换更具体的词缩小范围。")
                % {"q": self.query, "n": self.paginator.cap},
            )


# A search lists at most this many of its newest matches (50 pages): enough to find an article,
# and counting them stays cheap however common the word is.
SEARCH_LIST_CAP = 2_500


class IssueWalkPaginator(Paginator):
    """Pages of a list sorted newest issue first, found without sorting the whole table.

    One grouped count per issue (an index-only scan, which also gives the total), the issues'
    dates, and then only the one or two issues whose rows make up the requested page are sorted.
    Sorting every article by its issue's date (a join) cost seconds per page on a ten-year archive
    and depended on the query planner's statistics."""

    def __init__(self, object_list, per_page, *, issue_field: str, cap: int | None = None, **kwargs):
        if cap is not None:
            # A search: only the newest `cap` matches (by id, as the reader's capped counts) are
            # counted and listed. Grouping every match of a common word by issue ran the full-text
            # match over the whole archive for each page view (seconds on ten years).
            # The rows are then read by id from the capped set alone: the list's own filters (the
            # match among them) inside the cap only, or the match would be materialised twice.
            newest = object_list.order_by("-pk").values("pk")[:cap]
            capped = object_list.model._default_manager.filter(pk__in=Subquery(newest))
            capped.query.select_related = object_list.query.select_related
            capped.query.deferred_loading = object_list.query.deferred_loading
            object_list = capped.order_by(*object_list.query.order_by).prefetch_related(
                *object_list._prefetch_related_lookups
            )
        super().__init__(object_list, per_page, **kwargs)
        self.issue_field = issue_field
        self.cap = cap

    @property
    def capped(self) -> bool:
        """Whether there are (probably) more matches than were counted: "more than N"."""
        return self.cap is not None and self.count >= self.cap

    @cached_property
    def issue_counts(self) -> list[tuple[int, int]]:
        counts = dict(
            self.object_list.order_by()
            .values(self.issue_field)
            .annotate(n=Count("pk"))
            .values_list(self.issue_field, "n")
        )
        dates = dict(Issue.objects.values_list("pk", "date"))  # a few thousand small rows
        return sorted(counts.items(), key=lambda item: dates.get(item[0]) or datetime.date.min, reverse=True)

    @cached_property
    def count(self):
        return sum(n for _issue, n in self.issue_counts)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        chosen, seen, skip = [], 0, 0
        for issue_id, n in self.issue_counts:
            if seen + n <= bottom:
                seen += n
                continue
            if not chosen:
                skip = bottom - seen
            chosen.append(issue_id)
            seen += n
            if seen >= top:
                break
        rows = self.object_list.filter(**{f"{self.issue_field}__in": chosen})[skip : skip + (top - bottom)]
        return self._get_page(rows, number, self)


class LeanListMixin:
    list_only: tuple[str, ...] = ()
    show_full_result_count = False  # one COUNT over the whole table per page view is enough
    # (issue field, the ordering it serves): lists in that order are paged by IssueWalkPaginator
    issue_walk: tuple[str, tuple[str, ...]] | None = None

    def get_changelist(self, request, **kwargs):
        return LeanChangeList

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        if self.issue_walk is not None:
            issue_field, ordering = self.issue_walk
            # (ModelAdmin.ordering reaches the query twice: once from get_queryset, once from the list)
            if tuple(dict.fromkeys(queryset.query.order_by)) == ordering and not queryset.query.distinct:
                return IssueWalkPaginator(
                    queryset,
                    per_page,
                    issue_field=issue_field,
                    cap=SEARCH_LIST_CAP if request.GET.get(SEARCH_VAR, "").strip() else None,
                    orphans=orphans,
                    allow_empty_first_page=allow_empty_first_page,
                )
        return super().get_paginator(request, queryset, per_page, orphans, allow_empty_first_page)


def nothing_changed(request) -> bool:
    return getattr(request, "_desk_nothing_changed", False)


class DeskVersionAdmin(LeanListMixin, CompareVersionAdmin):
    """Versioned admin. Imported content has no revision yet, so before an object's first admin
    edit its current state is saved as a baseline revision: the history then shows a readable diff
    of exactly what the editor changed, and the imported text can be restored with one click."""

    object_history_template = "admin/desk/object_history.html"
    compare_template = "admin/desk/compare.html"
    compare_exclude = ["updated_at", "created_at", "edited_at", "version"]
    # Actions whose services write their own revisions. Inside the changelist's revision block they
    # would be merged into one, and reversion drops versions of objects deleted by then (the merged
    # bylines, the articles a re-parse replaces), losing exactly what must be kept.
    own_revision_actions: tuple[str, ...] = ()

    @contextmanager
    def create_revision(self, request):
        if request.method == "POST" and request.POST.get("action") in self.own_revision_actions:
            yield
            return
        with super().create_revision(request):
            yield

    # --- reverting and recovering: the same field permissions as the change form --------------
    # reversion's views restore every field of every object in the revision, then show the change
    # form over the restored object. A field the change form shows read-only to this user (status
    # and publish time for a 校对) is not in the form, so the restored value would be saved as it
    # is. Such fields keep their current values (a recovered object gets the field's default, as the
    # add form would), and a revision that would touch objects the user may not change, add or
    # delete is refused with a message.

    def permission_protected_fields(self, request, obj=None) -> list:
        """Model fields read-only for this user only (not the ones read-only for everyone)."""
        always = set(self.readonly_fields)
        return [
            field
            for field in self.model._meta.concrete_fields
            if field.name in set(self.get_readonly_fields(request, obj)) - always
        ]

    def revision_view(self, request, object_id, version_id, extra_context=None):
        version = get_object_or_404(Version, pk=version_id, object_id=unquote(object_id))
        current = self.model._default_manager.filter(pk=unquote(object_id)).first()
        return self._guarded_revert(request, version, current, super().revision_view, object_id, version_id)

    def recover_view(self, request, version_id, extra_context=None):
        version = get_object_or_404(Version, pk=version_id)
        return self._guarded_revert(request, version, None, super().recover_view, version_id)

    def _guarded_revert(self, request, version, current, view, *args):
        request._desk_reverting = True  # the form's initial is the old version: "unchanged" is a revert
        refusal = revert_refusal(request.user, version)
        if refusal:
            self.message_user(request, refusal, messages.ERROR)
            opts = self.opts
            if current is not None:
                return redirect(f"admin:{opts.app_label}_{opts.model_name}_history", quote(current.pk))
            return redirect(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        request.desk_revert_kept = {
            field.attname: getattr(current, field.attname) if current is not None else field.get_default()
            for field in self.permission_protected_fields(request, current)
        }
        return view(request, *args)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        kept = getattr(request, "desk_revert_kept", None)
        if obj is not None and kept:
            for attname, value in kept.items():
                setattr(obj, attname, value)
        return obj

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Outside VersionAdmin.change_view's revision block, so the baseline is its own revision.
        baseline = None
        if request.method == "POST" and self.has_change_permission(request):
            baseline = services.snapshot_baseline(model=self.model, object_id=unquote(object_id))
        response = super().change_view(request, object_id, form_url, extra_context)
        if baseline and nothing_changed(request):
            services.discard_baseline(revision_id=baseline)
        return response

    # A save that changes nothing writes nothing: no row update, no revision, no log entry, and
    # the issue is not marked as edited (so the importer still treats it as untouched).

    def save_model(self, request, obj, form, change):
        if change and not form.has_changed() and not getattr(request, "_desk_reverting", False):
            request._desk_unsaved = obj  # saved in save_related after all if an inline changed
            return
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        if getattr(request, "_desk_unsaved", None) is form.instance:
            if not any(formset.has_changed() for formset in formsets):
                request._desk_nothing_changed = True
                for formset in formsets:  # what construct_change_message reads from saved formsets
                    formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
                messages.info(request, _("没有任何修改，未生成新的历史版本。"))
                return
            super().save_model(request, form.instance, form, change)
        super().save_related(request, form, formsets, change)

    def log_change(self, request, obj, message):
        if nothing_changed(request):
            return None
        return super().log_change(request, obj, message)

    # --- who else has this form open (desk.editing) ----------------------------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/editing/",
                self.admin_site.admin_view(self.editing_view),
                name="{}_{}_editing".format(*info),
            ),
            *super().get_urls(),
        ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None and "version" not in form.base_fields:  # articles carry their own version
            form = type(form.__name__, (RevisionGuardMixin, form), {})
        return form

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if change and obj is not None:
            editing.touch_edit_session(model=self.model, object_id=obj.pk, user=request.user)
            info = self.opts.app_label, self.opts.model_name
            context["desk_other_editors"] = editing.other_editors(
                model=self.model, object_id=obj.pk, user=request.user
            )
            context["desk_editing_url"] = reverse("admin:{}_{}_editing".format(*info), args=[obj.pk])
            context["desk_heartbeat_seconds"] = editing.HEARTBEAT_SECONDS
        return super().render_change_form(request, context, add, change, form_url, obj)

    def editing_view(self, request, object_id):
        """The change form's heartbeat (POST): refresh this editor's session and answer who else is
        editing, and the object's version where it has one; `release` ends the session."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_view_or_change_permission(request, obj):
            return JsonResponse({"error": gettext("没有这条记录或无权查看")}, status=404)
        if request.POST.get("release"):
            editing.release_edit_session(model=self.model, object_id=obj.pk, user=request.user)
            return JsonResponse({"released": True})
        editing.touch_edit_session(model=self.model, object_id=obj.pk, user=request.user)
        others = editing.other_editors(model=self.model, object_id=obj.pk, user=request.user)
        return JsonResponse(
            {
                "others": others,
                "text": editing.others_text(others),
                "version": getattr(obj, "version", None),
                "version_text": gettext(
                    "本文已被另一位编辑保存为第 %(version)s 版：您现在保存会被拒绝，并看到对方的改动。"
                )
                % {"version": getattr(obj, "version", "")},
            },
            json_dumps_params={"ensure_ascii": False},
        )


class DeskAutocompleteJsonView(AutocompleteJsonView):
    """The admin's autocomplete, with a label a ModelAdmin may give each result of a page
    (`autocomplete_labels(objects) -> {pk: text}`, one query per page)."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        labeller = getattr(self.model_admin, "autocomplete_labels", None)
        if labeller is not None:
            objects = list(context["object_list"])
            context["object_list"] = objects
            self.labels = labeller(objects)
        return context

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        label = getattr(self, "labels", {}).get(obj.pk)
        if label:
            result["text"] = label
        return result


def _desk_autocomplete_view(self, request):
    return DeskAutocompleteJsonView.as_view(admin_site=self)(request)


admin.site.autocomplete_view = _desk_autocomplete_view.__get__(admin.site)


def revert_refusal(user, version) -> str | None:
    """Why this user may not restore the revision `version` belongs to, or None.

    Restoring changes every object in the revision that exists, re-creates those that were deleted
    since, and deletes objects that joined the followed relations since (revert(delete=True))."""
    needed: dict[type, set[str]] = {}
    saved = set()
    for member in version.revision.version_set.all():
        model = member._model
        if model is None:
            continue
        obj = model._default_manager.filter(pk=member.object_id).first()
        needed.setdefault(model, set()).add("change" if obj is not None else "add")
        if obj is not None:
            saved.add(obj)
    try:
        from reversion.models import _follow_relations_recursive
    except ImportError:  # pragma: no cover - private helper of django-reversion
        _follow_relations_recursive = None
    if _follow_relations_recursive is not None:
        for obj in saved:
            for related in _follow_relations_recursive(obj):
                if related not in saved:
                    needed.setdefault(type(related), set()).add("delete")
    for model, actions in needed.items():
        opts = model._meta
        for action in sorted(actions):
            if not user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}"):
                verb = {"change": gettext("修改"), "add": gettext("新建"), "delete": gettext("删除")}[action]
                return gettext(
                    "不能恢复这个版本：恢复需要%(verb)s“%(model)s”，您没有这项权限。请联系编辑处理。"
                ) % {
                    "verb": verb,
                    "model": opts.verbose_name,
                }
    return None
