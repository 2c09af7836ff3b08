"""The reader's search filters (django-filter): date range, byline, page/section, photos."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from articles.models import Article, ArticleCredit, Photo, PhotoCredit
from issues.models import Page


def section_choices():
    """Page names (版名) readers can find articles under: pages holding a published, due article
    in a published, due issue; never names of unpublished or scheduled issues (issue 14)."""
    names = (
        Page.objects.exclude(name="")
        .filter(Exists(Article.objects.published().filter(page_id=OuterRef("pk"))))
        .order_by("name")
        .values_list("name", flat=True)
        .distinct()
    )
    return [(name, name) for name in names]


class ArticleSearchFilter(django_filters.FilterSet):
    date_from = django_filters.DateFilter(
        field_name="issue__date",
        lookup_expr="gte",
        label=_("起始日期"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = django_filters.DateFilter(
        field_name="issue__date",
        lookup_expr="lte",
        label=_("截止日期"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    byline = django_filters.CharFilter(method="filter_byline", label=_("署名"))
    page = django_filters.NumberFilter(field_name="page__number", label=_("版次"), min_value=1, max_value=999)
    section = django_filters.ChoiceFilter(
        field_name="page__name", label=_("版名"), choices=section_choices, empty_label=_("全部版面")
    )
    has_photos = django_filters.BooleanFilter(
        method="filter_has_photos",
        label=_("图片"),
        widget=forms.Select(choices=[("", _("不限")), ("true", _("有图片")), ("false", _("无图片"))]),
    )

    class Meta:
        model = Article
        fields = []

    def filter_byline(self, queryset, name, value):
        """Everything credited to the person: as writer or as photographer."""
        value = value.strip()
        if not value:
            return queryset
        # Uncorrelated subqueries: evaluated once from the byline name index, not once per article.
        credited = (
            ArticleCredit.objects.filter(byline__name=value)
            .order_by()
            .values("article_id")
            .union(PhotoCredit.objects.filter(byline__name=value).order_by().values("photo__article_id"))
        )
        return queryset.filter(pk__in=credited)

    def filter_has_photos(self, queryset, name, value):
        if value is None:
            return queryset
        has = Exists(Photo.objects.filter(article=OuterRef("pk")))
        return queryset.filter(has if value else ~has)

    @property
    def active(self) -> bool:
        """Whether the reader set any filter (valid ones only)."""
        return self.is_bound and any(
            v not in (None, "") for k, v in (self.form.cleaned_data if self.is_valid() else {}).items()
        )
