"""The region editor of the editors' desk: an article's rectangles on its page image.

On the article form, an inline lists the article's regions as numbers (left, top, width, height:
0–1 of the page; the keyboard-accessible way) under the page image, on which static/js/
region_editor.js lets the editor draw a new rectangle, or move and resize one, which fills the same
fields. A changed automatic proposal becomes the editor's own (manual, accepted). A list of all
regions lets editors accept or reject automatic proposals in bulk."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from articles.models import ArticleRegion
from desk.regions import review_regions
from issues.models import Page

GEOMETRY = ("x", "y", "width", "height")
EDITOR_IMAGE_WIDTH = 960  # the rendition drawn on; coordinates are page-relative, so any size works


class ArticleRegionForm(forms.ModelForm):
    class Meta:
        model = ArticleRegion
        fields = ["page", "order", "x", "y", "width", "height", "status"]
        widgets = {
            name: forms.NumberInput(
                attrs={"step": "0.0001", "min": "0", "max": "1", "class": "region-number"}
            )
            for name in GEOMETRY
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["page"].required = False
        self.fields["page"].help_text = _("留空即本文所在版面")

    def clean(self):
        data = super().clean()
        values = [data.get(name) for name in GEOMETRY]
        if any(value is None for value in values):
            return data
        x, y, width, height = values
        if min(x, y) < 0 or max(x, y) > 1:
            raise forms.ValidationError(_("左、上须在 0 到 1 之间（相对版面的宽和高）。"))
        if width <= 0 or height <= 0:
            raise forms.ValidationError(_("宽和高须大于 0。"))
        if x + width > 1.000001 or y + height > 1.000001:
            raise forms.ValidationError(_("区域超出了版面：左 + 宽、上 + 高都不能大于 1。"))
        if data.get("page") is None and self.instance.article_id:
            data["page"] = self.instance.article.page
        return data

    def save(self, commit=True):
        region = self.instance
        if region.page_id is None:
            region.page = region.article.page
        corrected = region.pk and any(name in self.changed_data for name in GEOMETRY)
        if corrected and region.source == ArticleRegion.Source.AUTO:
            # the editor corrected a proposal: it is now theirs, and accepted unless they rejected it
            region.source = ArticleRegion.Source.MANUAL
            if region.status == ArticleRegion.Status.PROPOSED:
                region.status = ArticleRegion.Status.ACCEPTED
        return super().save(commit)


class RegionFormSet(BaseInlineFormSet):
    """Knows the page image the drawing widget shows (the article's own page).

    A POST without this inline's management form (a form opened before the region editor existed,
    a script posting the other fields) leaves the regions as they are instead of failing."""

    def __init__(self, data=None, files=None, *args, prefix=None, **kwargs):
        if data is not None:
            key = f"{prefix or self.get_default_prefix()}-"
            if key + "TOTAL_FORMS" not in data:
                data = data.copy()
                data[key + "TOTAL_FORMS"] = data[key + "INITIAL_FORMS"] = "0"
        super().__init__(data, files, *args, prefix=prefix, **kwargs)

    @property
    def editor_page(self) -> Page | None:
        article = self.instance
        if not article.pk or not article.page_id:
            return None
        page = article.page
        return page if page.image else None

    @property
    def editor_image_url(self) -> str:
        page = self.editor_page
        if page is None:
            return ""
        return page.image_rendition_url(EDITOR_IMAGE_WIDTH, "jpeg") or page.image.url


class ArticleRegionInline(admin.TabularInline):
    model = ArticleRegion
    form = ArticleRegionForm
    formset = RegionFormSet
    fields = ["page", "order", "x", "y", "width", "height", "status", "source", "score"]
    readonly_fields = ["source", "score"]
    ordering = ["page__number", "order"]
    extra = 0
    template = "admin/articles/article/region_inline.html"
    verbose_name = _("版面区域")
    verbose_name_plural = _("版面区域（在版面图上画出本文的位置；数值为相对版面宽高的 0–1）")

    class Media:
        js = ["js/region_editor.js"]
        css = {"all": ["css/region_editor.css"]}

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        page_field = formset.form.base_fields["page"]
        page_field.queryset = (
            Page.objects.filter(issue_id=obj.issue_id).select_related("issue") if obj else Page.objects.none()
        )
        return formset

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("page__issue")


@admin.register(ArticleRegion)
class ArticleRegionAdmin(admin.ModelAdmin):
    """All regions, to review the automatic proposals in bulk; drawing is on the article form."""

    list_display = ["article", "page", "order", "status", "source", "score"]
    list_filter = ["status", "source", ("page__number", admin.AllValuesFieldListFilter)]
    list_select_related = ["article", "page__issue"]
    date_hierarchy = "page__issue__date"
    search_fields = ["article__headline"]
    raw_id_fields = ["article", "page"]
    actions = ["accept", "reject"]
    list_per_page = 100

    @admin.action(description=_("确认所选区域（读者可见）"), permissions=["change"])
    def accept(self, request, queryset):
        count = review_regions(regions=queryset, status=ArticleRegion.Status.ACCEPTED)
        self.message_user(request, _("已确认 %(count)d 个区域。") % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("否决所选区域（读者不可见）"), permissions=["change"])
    def reject(self, request, queryset):
        count = review_regions(regions=queryset, status=ArticleRegion.Status.REJECTED)
        self.message_user(request, _("已否决 %(count)d 个区域。") % {"count": count}, messages.SUCCESS)
