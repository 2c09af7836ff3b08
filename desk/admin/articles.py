"""The editors' desk for articles, photos and bylines.

Every admin save is a revision (django-reversion via reversion_compare's CompareVersionAdmin: who,
when, a readable diff, one-click revert). Saving sets `updated_by` and marks the article's issue as
edited, so a later import does not overwrite corrections without --replace (desk.services)."""

from __future__ import annotations

import re

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Subquery
from django.forms.formsets import INITIAL_FORM_COUNT, TOTAL_FORM_COUNT
from django.forms.models import BaseInlineFormSet
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from reversion_compare.helpers import html_diff

from articles.body_html import paragraphs_from_html
from articles.models import Article, ArticleCredit, Byline, Correction, Photo, PhotoCredit
from articles.search import admin_search_results
from desk import editing, services
from desk.admin.base import (  # _count: correlated counts, no GROUP BY
    DeskVersionAdmin,
    _count,
    nothing_changed,
)
from desk.admin.regions import ArticleRegionInline  # the region editor (and the regions' own list)
from desk.forms import ArticleAdminForm, BylineMergeForm, PhotoAdminForm
from desk.photo_credits import photo_inline_form
from issues.models import ImportWarning, Status

PUBLISH_PERMISSION = "articles.publish_article"


def thumbnail(photo: Photo | None, size: int = 120):
    if photo is None or not photo.image:
        return gettext("（无图片）")
    return format_html(
        '<a href="{}" target="_blank" rel="noopener"><img src="{}" alt="" class="desk-thumb" '
        'style="max-width:{}px;max-height:{}px" loading="lazy"></a>',
        photo.image.url,
        photo.image.url,
        size,
        size,
    )


# ---------------------------------------------------------------------------------------------
# Bylines


@admin.register(Byline)
class BylineAdmin(DeskVersionAdmin):
    list_display = ["name", "article_count", "photo_count", "created_at"]
    search_fields = ["name"]
    ordering = ["name", "id"]
    actions = ["merge_bylines"]
    own_revision_actions = ("merge_bylines",)

    list_only = ("name", "created_at")

    def get_queryset(self, request):

        qs = super().get_queryset(request)
        return qs.annotate(n_articles=_count(ArticleCredit, "byline"), n_photos=_count(PhotoCredit, "byline"))

    def autocomplete_labels(self, bylines) -> dict[int, str]:
        """ "张三 · 记者 · 2022-03-28 第1版": each person's latest credit tells namesakes apart."""
        latest = ArticleCredit.objects.filter(byline_id=OuterRef("pk")).order_by(
            "-article__issue__date", "-article_id"
        )
        credit_ids = dict(
            Byline.objects.filter(pk__in=[b.pk for b in bylines])
            .annotate(latest=Subquery(latest.values("pk")[:1]))
            .values_list("pk", "latest")
        )
        credits = {
            c.byline_id: c
            for c in ArticleCredit.objects.filter(pk__in=[pk for pk in credit_ids.values() if pk])
            .select_related("article__issue", "article__page")
            .only("byline_id", "role", "article__issue__date", "article__page__number")
        }
        labels = {}
        for byline in bylines:
            credit = credits.get(byline.pk)
            if credit is None:
                labels[byline.pk] = f"{byline.name} · {gettext('暂无署名稿件')}"
                continue
            where = gettext("%(date)s 第%(page)s版") % {
                "date": credit.article.issue.date.strftime("%Y-%m-%d"),
                "page": credit.article.page.number,
            }
            labels[byline.pk] = " · ".join(part for part in (byline.name, credit.role, where) if part)
        return labels

    @admin.display(description=_("文章署名数"), ordering="n_articles")
    def article_count(self, obj):
        url = reverse("admin:articles_article_changelist") + f"?credits__byline__id__exact={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, obj.n_articles)

    @admin.display(description=_("图片署名数"), ordering="n_photos")
    def photo_count(self, obj):
        return obj.n_photos

    def has_merge_permission(self, request):
        opts = self.opts
        return request.user.has_perm(f"{opts.app_label}.change_byline") and request.user.has_perm(
            f"{opts.app_label}.delete_byline"
        )

    @admin.action(description=_("合并所选署名（同一人）"), permissions=["merge"])
    def merge_bylines(self, request, queryset):
        bylines = queryset.order_by("-n_articles", "-n_photos", "pk")
        if bylines.count() < 2:
            self.message_user(request, _("请至少选择两条署名记录再合并。"), messages.WARNING)
            return None
        if request.POST.get("post") == "yes":
            form = BylineMergeForm(request.POST, bylines=bylines)
            if form.is_valid():
                target = form.cleaned_data["target"]
                counts = services.merge_bylines(
                    target=target, others=[b for b in bylines if b.pk != target.pk], user=request.user
                )
                if counts["doubled_credits"]:
                    self.message_user(
                        request,
                        _(
                            "有 %(count)d 条重复署名（同一人在同一稿件上署了两次）已去掉，只保留一条；原状态已存为历史版本。"
                        )
                        % {"count": counts["doubled_credits"]},
                        messages.WARNING,
                    )
                self.message_user(
                    request,
                    _(
                        "已将 %(bylines)d 条署名记录合并进“%(name)s”：转移文章署名 %(articles)d 条、图片署名 %(photos)d 条。"
                    )
                    % {
                        "bylines": counts["bylines"],
                        "name": target.name,
                        "articles": counts["article_credits"],
                        "photos": counts["photo_credits"],
                    },
                    messages.SUCCESS,
                )
                return None
        else:
            form = BylineMergeForm(bylines=bylines, initial={"target": bylines.first()})
        context = {
            **self.admin_site.each_context(request),
            "title": _("合并署名"),
            "opts": self.opts,
            "bylines": bylines,
            "form": form,
            "shared": services.shared_credits(byline_ids=[b.pk for b in bylines]),
            "action_name": "merge_bylines",
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "media": self.media,
        }
        return TemplateResponse(request, "admin/articles/byline/merge_confirmation.html", context)


# ---------------------------------------------------------------------------------------------
# Articles


class CreditInline(admin.TabularInline):
    """Credits in printed order, the person picked by autocomplete (or created with the + link)."""

    fields = ["order", "role", "byline"]
    autocomplete_fields = ["byline"]
    ordering = ["order"]
    extra = 0


class ArticleCreditInline(CreditInline):
    model = ArticleCredit
    verbose_name = _("署名")
    verbose_name_plural = _("署名（按见报顺序）")


class PhotoInline(admin.StackedInline):
    model = Photo
    form = PhotoAdminForm
    fields = [("order", "thumbnail"), "image", "caption", "credit_text", "credits_summary"]
    readonly_fields = ["thumbnail", "credits_summary"]
    ordering = ["order"]
    extra = 0
    show_change_link = True
    verbose_name_plural = _("图片")

    def get_formset(self, request, obj=None, **kwargs):
        # 摄影署名（原文） also sets the photo's credit rows (desk/photo_credits.py)
        kwargs["form"] = photo_inline_form(self.form, user=request.user)
        return super().get_formset(request, obj, **kwargs)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch("credits", queryset=PhotoCredit.objects.select_related("byline").order_by("order"))
            )
        )

    @admin.display(description=_("缩略图"))
    def thumbnail(self, obj):
        return thumbnail(obj)

    @admin.display(description=_("摄影署名"))
    def credits_summary(self, obj):
        if not obj.pk:
            return "—"
        credits = list(obj.credits.all())
        if not credits:
            return gettext("（无）")
        return "、".join(f"{c.role}{c.byline.name}" for c in credits)


class CorrectionFormSet(BaseInlineFormSet):
    """A POST without this inline's management form (a change form opened before corrections existed,
    a script) leaves the article's corrections as they are instead of failing the whole save."""

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        total = self.add_prefix(TOTAL_FORM_COUNT)
        if self.is_bound and total not in self.data:
            self.data = self.data.copy()
            self.data[total] = self.data[self.add_prefix(INITIAL_FORM_COUNT)] = "0"


class CorrectionInline(admin.StackedInline):
    """Correction notices (更正) of this article. Readers see published ones of a published article:
    on its page, in its JSON-LD, the feeds, the API and /corrections/."""

    model = Correction
    formset = CorrectionFormSet
    fk_name = "article"
    fields = [("corrected_on", "status", "publish_at"), "wrong_text", "right_text", "note", "notice"]
    autocomplete_fields = ["notice"]
    extra = 0
    verbose_name_plural = _("更正（发布后，读者在文章页、“更正”页、RSS 和 API 中看到）")
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 80})}}

    def get_readonly_fields(self, request, obj=None):
        if request.user.has_perm(PUBLISH_PERMISSION):
            return []
        return ["status", "publish_at"]  # a proofreader drafts it; an editor publishes it


class AnnouncedCorrectionInline(CorrectionInline):
    """On a printed 更正 article (is_correction, as imported): link it to the articles it corrects."""

    fk_name = "notice"
    fields = [("corrected_on", "status", "publish_at"), "article", "wrong_text", "right_text", "note"]
    autocomplete_fields = ["article"]
    verbose_name_plural = _("本更正启事所更正的文章（每条链接到被更正的文章）")


class UnresolvedWarningsFilter(admin.SimpleListFilter):
    title = _("导入警告")
    parameter_name = "warnings"

    def lookups(self, request, model_admin):
        return [
            ("article", _("本文有未核对的警告")),
            ("issue", _("所在期次有未核对的警告")),
            ("none", _("所在期次没有未核对的警告")),
        ]

    def queryset(self, request, queryset):
        open_warnings = ImportWarning.objects.filter(resolved_at__isnull=True)
        on_article = Exists(open_warnings.filter(article_id=OuterRef("pk")))
        on_issue = Exists(open_warnings.filter(issue_id=OuterRef("issue_id")))
        if self.value() == "article":
            return queryset.filter(on_article)
        if self.value() == "issue":
            return queryset.filter(on_issue)
        if self.value() == "none":
            return queryset.exclude(on_issue)
        return queryset


class BylineFilter(admin.SimpleListFilter):
    """Articles credited to one person (the byline column and the byline list link here). Not a
    list of every person: that would be a scan of all credits on each page view of the list."""

    title = _("署名")
    parameter_name = "credits__byline__id__exact"

    def lookups(self, request, model_admin):
        value = self.value()
        if not value:
            return []  # no sidebar list of every person
        names = Byline.objects.filter(pk=value).values_list("name", flat=True) if str(value).isdigit() else []
        return [(str(value), next(iter(names), value))]  # shown (and applied) even when unknown

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        if not str(value).isdigit():
            return queryset.none()
        return queryset.filter(pk__in=ArticleCredit.objects.filter(byline_id=value).values("article_id"))


@admin.register(Article)
class ArticleAdmin(DeskVersionAdmin):
    form = ArticleAdminForm
    inlines = [
        ArticleCreditInline,
        PhotoInline,
        ArticleRegionInline,
        CorrectionInline,
        AnnouncedCorrectionInline,
    ]
    list_display = [
        "issue_date",
        "page_number",
        "order_display",
        "title_display",
        "bylines_display",
        "status_display",
        "updated_by",
        "updated_when",
    ]
    list_display_links = ["title_display"]
    list_select_related = ["issue", "page", "updated_by"]
    list_only = (
        "issue__date",
        "page__number",
        "order",
        "kicker",
        "headline",
        "subheadline",
        "status",
        "publish_at",
        "updated_by__username",
        "updated_at",
    )
    issue_walk = ("issue_id", ("-issue__date", "page__number", "order", "-pk"))
    list_filter = [
        "status",
        UnresolvedWarningsFilter,
        ("page__number", admin.AllValuesFieldListFilter),
        "kind",
        BylineFilter,
        "updated_at",
    ]
    date_hierarchy = "issue__date"
    search_fields = ["headline"]  # the search itself is articles.search (see get_search_results)
    search_help_text = _("在标题、正文和署名中检索；“带引号”为短语，-词 为排除")
    list_per_page = 50
    readonly_fields = ["source_display", "updated_by", "updated_at", "created_at"]
    autocomplete_fields = ["issue", "page"]
    fieldsets = [
        (None, {"fields": [("issue", "page", "order", "kind")]}),
        (_("标题"), {"fields": ["kicker", "headline", "subheadline", "dateline"]}),
        (
            _("正文（右侧为导入原文，供对照校对）"),
            {"fields": [("body", "source_display")], "classes": ["desk-body"]},
        ),
        (_("发布"), {"fields": [("status", "publish_at")]}),
        (_("记录"), {"fields": [("updated_by", "updated_at", "created_at")], "classes": ["collapse"]}),
    ]
    actions = ["publish", "unpublish"]
    change_form_template = "admin/articles/article/desk_change_form.html"
    compare_exclude = [*DeskVersionAdmin.compare_exclude, "issue", "page", "jump_pages"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch(
                    "credits",
                    queryset=ArticleCredit.objects.select_related("byline")
                    .only("article_id", "byline_id", "role", "order", "byline__name")
                    .order_by("order"),
                )
            )
        )

    def get_search_results(self, request, queryset, search_term):
        return admin_search_results(queryset, search_term)

    def get_inlines(self, request, obj):
        inlines = super().get_inlines(request, obj)
        if obj is None or not obj.is_correction:  # only a 更正 article announces corrections
            inlines = [inline for inline in inlines if inline is not AnnouncedCorrectionInline]
        return inlines

    def lookup_allowed(self, lookup, value, request=None):
        if lookup == BylineFilter.parameter_name:  # the filter's own parameter, not a raw lookup
            return True
        return super().lookup_allowed(lookup, value, request)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.has_perm(PUBLISH_PERMISSION):
            fields += ["status", "publish_at"]
        return fields

    def has_publish_permission(self, request):
        return request.user.has_perm(PUBLISH_PERMISSION)

    # --- list columns -----------------------------------------------------------------------

    @admin.display(description=_("日期"), ordering="issue__date")
    def issue_date(self, obj):
        return obj.issue.date.strftime("%Y-%m-%d")

    @admin.display(description=_("版"), ordering="page__number")
    def page_number(self, obj):
        return obj.page.number

    @admin.display(description=_("序"), ordering="order")
    def order_display(self, obj):
        return obj.order

    @admin.display(description=_("标题"), ordering="headline")
    def title_display(self, obj):
        return str(obj)

    @admin.display(description=_("署名"))
    def bylines_display(self, obj):
        url = reverse("admin:articles_article_changelist")
        return format_html_join(
            "、",
            '<a href="{}?credits__byline__id__exact={}">{}{}</a>',
            ((url, c.byline_id, c.role, c.byline.name) for c in obj.credits.all()),
        )

    @admin.display(description=_("最后修改时间"), ordering="updated_at")
    def updated_when(self, obj):
        return _local(obj.updated_at)

    @admin.display(description=_("状态"), ordering="status")
    def status_display(self, obj):
        if obj.status == Status.DRAFT:
            return format_html('<span class="desk-status desk-draft">{}</span>', obj.get_status_display())
        if obj.publish_at and obj.publish_at > timezone.now():
            return format_html(
                '<span class="desk-status desk-scheduled">{}</span>',
                gettext("定时 %(when)s") % {"when": _local(obj.publish_at)},
            )
        return format_html('<span class="desk-status desk-published">{}</span>', obj.get_status_display())

    def compare_body(self, obj_compare):
        """The body diff as text, one paragraph a line (HTML only when just the markup changed)."""
        old, new = obj_compare.value1 or "", obj_compare.value2 or ""
        old_text, new_text = "\n".join(paragraphs_from_html(old)), "\n".join(paragraphs_from_html(new))
        if old_text == new_text:
            old_text, new_text = _block_lines(old), _block_lines(new)
        return html_diff(old_text, new_text)

    # --- form -------------------------------------------------------------------------------

    @admin.display(description=_("导入原文"))
    def source_display(self, obj):
        if obj is None or not obj.source_text:
            return format_html(
                '<div class="desk-source desk-source-empty">{}</div>', gettext("（无导入原文）")
            )
        where = gettext("原文第 %(line)s 行起") % {"line": obj.source_line} if obj.source_line else ""
        return format_html(
            '<div class="desk-source-where">{}</div><div class="desk-source" lang="zh-Hans">{}</div>',
            where,
            obj.source_text,
        )

    def view_on_site(self, obj):
        """Published and due: the reader page; otherwise the draft preview."""
        if obj.is_visible():
            return obj.get_absolute_url()
        return reverse("article-preview", kwargs={"pk": obj.pk})

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = extra_context or {}
        if object_id:
            article = Article.objects.filter(pk=object_id).only("pk", "issue_id").first()
            if article is not None:
                extra_context["desk_warnings"] = list(
                    services.unresolved_warnings_for(issue_id=article.issue_id)
                )
                extra_context["desk_can_resolve"] = request.user.has_perm("issues.change_importwarning")
                extra_context["desk_preview_url"] = reverse("article-preview", kwargs={"pk": article.pk})
                extra_context["desk_issue_url"] = reverse(
                    "admin:issues_issue_change", args=[article.issue_id]
                )
        return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        if change and getattr(request.resolver_match, "url_name", "").endswith("_revision"):  # a revert
            obj.version = editing.highest_recorded_version(article=obj)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not nothing_changed(request):
            services.record_article_edit(article=form.instance, user=request.user)

    # --- actions ----------------------------------------------------------------------------

    @admin.action(description=_("发布所选文章（有定时的到时发布）"), permissions=["publish"])
    def publish(self, request, queryset):
        count = services.publish_articles(articles=queryset, user=request.user)
        self.message_user(request, _("已发布 %(count)d 篇文章。") % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("撤回所选文章为草稿"), permissions=["publish"])
    def unpublish(self, request, queryset):
        count = services.unpublish_articles(articles=queryset, user=request.user)
        self.message_user(request, _("已撤回 %(count)d 篇文章。") % {"count": count}, messages.SUCCESS)


def _block_lines(html: str) -> str:
    return re.sub(r"(</(?:p|h3|h4|li|blockquote|figure|tr)>)", r"\1\n", html)


def _local(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


# ---------------------------------------------------------------------------------------------
# Photos (with their credits: nested inlines are not native to the admin, so photo credits are
# edited here, linked from the article form's photo inline)


class PhotoCreditInline(CreditInline):
    model = PhotoCredit
    verbose_name = _("摄影署名")
    verbose_name_plural = _("摄影署名（按见报顺序）")


@admin.register(Photo)
class PhotoAdmin(DeskVersionAdmin):
    form = PhotoAdminForm
    inlines = [PhotoCreditInline]
    list_display = ["list_thumbnail", "caption_short", "article", "issue_date", "credit_text"]
    list_select_related = ["article", "article__issue"]
    list_only = (
        "article__issue__date",
        "article__kicker",
        "article__headline",
        "article__subheadline",
        "order",
        "caption",
        "credit_text",
        "image",
        "width",
        "height",
    )
    # Newest issue first, in reading order; Photo's own ordering ("article") would sort by the
    # article's ordering through two joins anyway, and pull each article's whole body into the sort.
    ordering = ["-article__issue__date", "article__page__number", "article__order", "order"]
    issue_walk = (
        "article__issue_id",
        ("-article__issue__date", "article__page__number", "article__order", "order", "-pk"),
    )
    search_fields = ["caption", "credit_text", "article__headline"]
    autocomplete_fields = ["article"]
    fields = ["article", "order", "thumbnail_large", "image", "caption", "credit_text", ("width", "height")]
    readonly_fields = ["thumbnail_large", "width", "height"]

    @admin.display(description=_("缩略图"))
    def list_thumbnail(self, obj):
        return thumbnail(obj, 80)

    @admin.display(description=_("预览"))
    def thumbnail_large(self, obj):
        return thumbnail(obj, 320)

    @admin.display(description=_("图片说明"))
    def caption_short(self, obj):
        return obj.caption[:40]

    @admin.display(description=_("日期"), ordering="article__issue__date")
    def issue_date(self, obj):
        return obj.article.issue.date.strftime("%Y-%m-%d")

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not nothing_changed(request):
            services.record_article_edit(article=form.instance.article, user=request.user)


# ---------------------------------------------------------------------------------------------
# Corrections (更正): edited inline on the corrected article; this list finds them all.


@admin.register(Correction)
class CorrectionAdmin(DeskVersionAdmin):
    list_display = ["corrected_on", "article", "wrong_text_short", "right_text_short", "notice", "status"]
    list_select_related = ["article", "notice"]
    list_filter = ["status", "corrected_on"]
    search_fields = ["wrong_text", "right_text", "note", "article__headline"]
    autocomplete_fields = ["article", "notice"]
    fields = [
        "article",
        ("corrected_on", "status", "publish_at"),
        "wrong_text",
        "right_text",
        "note",
        "notice",
    ]
    formfield_overrides = CorrectionInline.formfield_overrides

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .defer("article__body", "article__source_text", "notice__body", "notice__source_text")
        )

    def get_readonly_fields(self, request, obj=None):
        return CorrectionInline.get_readonly_fields(self, request, obj)

    @admin.display(description=_("原文有误之处"))
    def wrong_text_short(self, obj):
        return obj.wrong_text[:40]

    @admin.display(description=_("应为"))
    def right_text_short(self, obj):
        return obj.right_text[:40]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.mark_issue_edited(issue_ids=[obj.article.issue_id])
