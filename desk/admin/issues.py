"""The editors' desk for issues (期次), pages (版面) and import warnings.

Issues and pages are versioned like articles (DeskVersionAdmin). Any admin save marks the issue
as edited, so the importer will not overwrite it without --replace."""

from __future__ import annotations

import datetime
import re

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from desk import services
from desk.admin.base import DeskVersionAdmin, LeanListMixin, _count
from desk.admin.structure import structure_view
from issues.checks import issue_checks
from issues.importing import reparse_issue
from issues.models import ImportWarning, Issue, Page, Status
from issues.warning_codes import warning_label

admin.site.site_header = _("浙江工人日报 · 采编后台")
admin.site.site_title = _("浙江工人日报采编后台")
admin.site.index_title = _("编辑部")
admin.site.enable_nav_sidebar = False  # wide lists and the two-column article form need the room


def _date_filter(term: str) -> dict | None:
    """ "2021-08-07", "2021/8/7", "20210807", "2021年8月7日", "2021-08" or "2021" as a date lookup."""
    digits = [int(part) for part in re.findall(r"\d+", term)]
    if len(digits) == 1 and len(term.strip()) == 8 and term.strip().isdigit():
        value = term.strip()
        digits = [int(value[:4]), int(value[4:6]), int(value[6:])]
    if not digits or not 1800 < digits[0] < 2200 or len(digits) > 3 or re.search(r"[^\d\s\-/.年月日]", term):
        return None
    keys = ["year", "month", "day"]
    try:
        if len(digits) == 3:
            datetime.date(*digits)
    except ValueError:
        return None
    return {f"date__{key}": value for key, value in zip(keys, digits, strict=False)}


class HasOpenWarningsFilter(admin.SimpleListFilter):
    title = _("导入警告")
    parameter_name = "warnings"

    def lookups(self, request, model_admin):
        return [("open", _("有未核对的警告")), ("none", _("没有未核对的警告"))]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.filter(n_open_warnings__gt=0)
        if self.value() == "none":
            return queryset.filter(n_open_warnings=0)
        return queryset


class PageInline(admin.TabularInline):
    model = Page
    fields = ["number", "name", "editor", "article_link"]
    readonly_fields = ["article_link"]
    ordering = ["number"]
    extra = 0
    show_change_link = True

    @admin.display(description=_("本版文章"))
    def article_link(self, obj):
        if not obj.pk:
            return "—"
        url = reverse("admin:articles_article_changelist") + f"?page__id__exact={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, gettext("查看本版文章"))


@admin.register(Issue)
class IssueAdmin(DeskVersionAdmin):
    list_display = [
        "date",
        "weekday",
        "number",
        "status",
        "publish_at",
        "page_count",
        "article_count",
        "open_warning_count",
        "imported_at",
        "edited_at",
    ]
    list_filter = ["status", HasOpenWarningsFilter, "publication"]
    list_only = (
        "date",
        "weekday",
        "number",
        "publication",
        "status",
        "publish_at",
        "imported_at",
        "edited_at",
    )
    date_hierarchy = "date"
    search_fields = ["=number", "source_name", "lunar_date"]
    inlines = [PageInline]
    readonly_fields = [
        "source_name",
        "source_encoding",
        "source_sha256",
        "imported_at",
        "edited_at",
        "source_text_display",
    ]
    fieldsets = [
        (None, {"fields": [("date", "weekday", "lunar_date"), ("number", "publication")]}),
        (_("发布"), {"fields": [("status", "publish_at")]}),
        (
            _("导入"),
            {"fields": [("source_name", "source_encoding"), "source_sha256", ("imported_at", "edited_at")]},
        ),
        (_("原始文本"), {"fields": ["source_text_display"], "classes": ["collapse"]}),
    ]
    actions = ["publish_issues", "unpublish_issues", "reparse"]
    own_revision_actions = ("reparse",)
    change_form_template = "admin/issues/issue/desk_change_form.html"

    def get_queryset(self, request):

        return (
            super()
            .get_queryset(request)
            .annotate(
                n_pages=_count(Page, "issue"),
                n_articles=_count(Article, "issue"),
                n_open_warnings=_count(ImportWarning, "issue", resolved_at__isnull=True),
            )
        )

    def get_changeform_initial_data(self, request):
        """A new issue is today's, with the weekday and lunar date it will print (editable)."""
        initial = super().get_changeform_initial_data(request)
        if "date" not in initial:
            today = timezone.localdate()
            initial["date"] = today
            initial.setdefault("weekday", "星期" + "一二三四五六日"[today.weekday()])
            try:
                from lunar_python import Solar

                lunar = Solar.fromYmd(today.year, today.month, today.day).getLunar()
                initial.setdefault(
                    "lunar_date",
                    f"{lunar.getYearInGanZhi()}年{lunar.getMonthInChinese()}月{lunar.getDayInChinese()}",
                )
            except Exception:  # noqa: BLE001 — a suggestion only
                pass
            last = (
                Issue.objects.filter(number__isnull=False, date__lt=today)
                .order_by("-date")
                .values("number")[:1]
            )
            if last:
                initial.setdefault("number", last[0]["number"] + 1)
        return initial

    def get_search_results(self, request, queryset, search_term):
        """Editors search issues by date as printed or typed ("2021-08-07", "2021年8月7日")."""
        lookup = _date_filter(search_term)
        if lookup is not None:
            condition = Q(**lookup)
            if search_term.strip().isdigit():
                condition |= Q(number=int(search_term.strip()))  # 总第N号 too
            return queryset.filter(condition).defer("source_text", "masthead"), False
        queryset, duplicates = super().get_search_results(request, queryset, search_term)
        return queryset.defer("source_text", "masthead"), duplicates  # autocomplete: 20 whole issues

    @admin.display(description=_("版数"), ordering="n_pages")
    def page_count(self, obj):
        return obj.n_pages

    @admin.display(description=_("文章数"), ordering="n_articles")
    def article_count(self, obj):
        url = reverse("admin:articles_article_changelist") + f"?issue__id__exact={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, obj.n_articles)

    @admin.display(description=_("未核对警告"), ordering="n_open_warnings")
    def open_warning_count(self, obj):
        if not obj.n_open_warnings:
            return "0"
        url = reverse("admin:issues_importwarning_changelist") + f"?issue__id__exact={obj.pk}&resolved=no"
        return format_html('<a class="desk-warn-count" href="{}">{}</a>', url, obj.n_open_warnings)

    @admin.display(description=_("原始文本"))
    def source_text_display(self, obj):
        return format_html('<div class="desk-source desk-source-full">{}</div>', obj.source_text or "")

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = extra_context or {}
        if object_id and str(object_id).isdigit():
            extra_context["desk_warnings"] = list(services.unresolved_warnings_for(issue_id=int(object_id)))
            extra_context["desk_can_resolve"] = request.user.has_perm("issues.change_importwarning")
        return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if change and form.has_changed():
            obj.edited_at = timezone.now()
        super().save_model(request, obj, form, change)
        if not change or {"date", "weekday", "lunar_date", "number"} & set(form.changed_data):
            # The importer's checks for a hand-made or hand-changed issue, as warnings (not errors:
            # the paper printed what it printed).
            for code, message in issue_checks(
                date=obj.date, weekday=obj.weekday, lunar_date=obj.lunar_date, number=obj.number
            ):
                messages.warning(
                    request,
                    _("核对：%(label)s——%(message)s") % {"label": warning_label(code), "message": message},
                )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change and any(formset.has_changed() for formset in formsets):
            services.mark_issue_edited(issue_ids=[form.instance.pk])

    @admin.action(description=_("发布所选期次"), permissions=["change"])
    def publish_issues(self, request, queryset):
        count = services.set_issue_status(issues=queryset, status=Status.PUBLISHED, user=request.user)
        self.message_user(request, _("已发布 %(count)d 期。") % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("撤回所选期次为草稿"), permissions=["change"])
    def unpublish_issues(self, request, queryset):
        count = services.set_issue_status(issues=queryset, status=Status.DRAFT, user=request.user)
        self.message_user(request, _("已撤回 %(count)d 期。") % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("按保存的原始文本重新解析所选期次"), permissions=["change"])
    def reparse(self, request, queryset):

        issues = list(queryset.order_by("date"))
        if request.POST.get("post") != "yes":
            context = {
                **self.admin_site.each_context(request),
                "title": _("重新解析期次"),
                "opts": self.opts,
                "issues": issues,
                "action_name": "reparse",
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            }
            return TemplateResponse(request, "admin/issues/issue/reparse_confirmation.html", context)
        for issue in issues:
            if not issue.source_text.strip():
                self.message_user(
                    request,
                    _("%(issue)s 没有保存原始文本，无法重新解析。") % {"issue": issue},
                    messages.ERROR,
                )
                continue
            try:
                result = reparse_issue(issue=issue, user=request.user)
            except Exception as exc:  # noqa: BLE001 — one bad issue must not hide the others' results
                self.message_user(
                    request,
                    _("%(issue)s 重新解析失败：%(error)s") % {"issue": issue, "error": exc},
                    messages.ERROR,
                )
                continue
            if result.ok:
                self.message_user(
                    request,
                    _(
                        "%(issue)s 已重新解析：%(articles)d 篇文章、%(photos)d 张图片、%(warnings)d 条警告（原内容已存为历史版本）。"
                    )
                    % {
                        "issue": issue,
                        "articles": result.articles,
                        "photos": result.photos,
                        "warnings": len(result.warnings),
                    },
                    messages.SUCCESS,
                )
            else:
                self.message_user(
                    request,
                    _("%(issue)s 重新解析失败：%(error)s") % {"issue": issue, "error": result.message},
                    messages.ERROR,
                )
        return None


@admin.register(Page)
class PageAdmin(DeskVersionAdmin):
    list_display = ["issue", "number", "name", "editor"]
    list_select_related = ["issue"]
    list_only = ("issue__date", "issue__publication", "number", "name", "editor")
    ordering = ["-issue__date", "number"]
    issue_walk = ("issue_id", ("-issue__date", "number", "-pk"))
    list_filter = ["number"]
    date_hierarchy = "issue__date"
    search_fields = ["name", "editor"]
    fields = ["issue", "number", "name", "editor", "meta_lines"]
    autocomplete_fields = ["issue"]

    def get_search_results(self, request, queryset, search_term):
        """Autocomplete for the article form: "2021-08-07 3" finds page 3 of that issue."""
        queryset = queryset.select_related("issue").defer(
            "issue__source_text", "issue__masthead", "meta_lines"
        )
        issue = request.GET.get("issue", "")
        if request.GET.get("field_name") == "page" and issue.isdigit():
            queryset = queryset.filter(issue_id=int(issue))  # the article form's chosen issue
        parts = search_term.split()
        lookup = _date_filter(parts[0]) if parts else None
        if lookup is not None:
            queryset = queryset.filter(**{f"issue__{key}": value for key, value in lookup.items()})
            if len(parts) > 1 and parts[1].isdigit():
                queryset = queryset.filter(number=int(parts[1]))
            return queryset, False
        return super().get_search_results(request, queryset, search_term)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change or form.has_changed():
            services.mark_issue_edited(issue_ids=[obj.issue_id])

    def get_urls(self):

        def view(request, pk: int):
            return structure_view(self, request, pk)

        return [
            path("<int:pk>/structure/", self.admin_site.admin_view(view), name="issues_page_structure"),
            *super().get_urls(),
        ]


class ResolvedFilter(admin.SimpleListFilter):
    title = _("核对状态")
    parameter_name = "resolved"

    def lookups(self, request, model_admin):
        return [("no", _("未核对")), ("yes", _("已核对"))]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(resolved_at__isnull=True)
        if self.value() == "yes":
            return queryset.filter(resolved_at__isnull=False)
        return queryset


class WarningCodeFilter(admin.SimpleListFilter):
    """Warning types by their Chinese names (issues/warning_codes.py)."""

    title = _("类型")
    parameter_name = "code"

    def lookups(self, request, model_admin):
        codes = ImportWarning.objects.order_by("code").values_list("code", flat=True).distinct()
        return [(code, warning_label(code)) for code in codes]

    def queryset(self, request, queryset):
        return queryset.filter(code=self.value()) if self.value() else queryset


@admin.register(ImportWarning)
class ImportWarningAdmin(LeanListMixin, admin.ModelAdmin):
    list_display = ["issue", "line", "code_display", "message", "article", "resolved_at", "resolved_by"]
    list_display_links = ["message"]
    list_select_related = ["issue", "article", "resolved_by"]
    list_only = (
        "issue__date",
        "issue__publication",
        "article__kicker",
        "article__headline",
        "article__subheadline",
        "code",
        "message",
        "line",
        "resolved_at",
        "resolved_by__username",
    )
    list_filter = [ResolvedFilter, WarningCodeFilter]
    date_hierarchy = "issue__date"
    search_fields = ["message"]
    readonly_fields = [
        "issue",
        "article",
        "code_display",
        "message",
        "line",
        "resolved_at",
        "resolved_by",
        "created_at",
    ]
    fields = [
        "issue",
        "article",
        "code_display",
        "message",
        "line",
        "resolution_note",
        "resolved_at",
        "resolved_by",
        "created_at",
    ]
    actions = ["resolve"]

    @admin.display(description=_("类型"), ordering="code")
    def code_display(self, obj):
        return warning_label(obj.code)

    def save_model(self, request, obj, form, change):
        """Saving the form with a note marks the warning checked (by this editor, if not already)."""
        if obj.resolution_note.strip() and obj.resolved_at is None:
            obj.resolved_at, obj.resolved_by = timezone.now(), request.user
        super().save_model(request, obj, form, change)

    def has_add_permission(self, request):
        return False  # warnings come from the importer

    @admin.action(description=_("标记所选警告为已核对"), permissions=["change"])
    def resolve(self, request, queryset):
        count = services.resolve_warnings(warnings=queryset, user=request.user)
        self.message_user(request, _("已核对 %(count)d 条警告。") % {"count": count}, messages.SUCCESS)

    def get_urls(self):
        return [
            path(
                "<int:pk>/resolve/",
                self.admin_site.admin_view(self.resolve_view),
                name="issues_importwarning_resolve",
            ),
            *super().get_urls(),
        ]

    def resolve_view(self, request, pk: int):
        """The "mark as checked" button on the issue and article forms (POST only)."""
        return _resolve_view(self, request, pk)


def _resolve_view(model_admin: ImportWarningAdmin, request, pk: int):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    warning = get_object_or_404(ImportWarning, pk=pk)
    if not model_admin.has_change_permission(request, warning):
        raise PermissionDenied
    services.resolve_warnings(
        warnings=ImportWarning.objects.filter(pk=pk), user=request.user, note=request.POST.get("note", "")
    )
    messages.success(request, _("已标记为已核对：%(message)s") % {"message": warning.message[:60]})
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("admin:issues_issue_change", args=[warning.issue_id])
    return redirect(target)
