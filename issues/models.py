"""Issues (期) and pages (版) of the paper, as the importer or the editors made them."""

import reversion
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.publishing import Status, published_q
from core.renditions import RenditionsMixin


class IssueQuerySet(models.QuerySet):
    def published(self, now=None):
        return self.filter(published_q(now=now))


@reversion.register(follow=["pages"])
class Issue(models.Model):
    date = models.DateField(_("出版日期"), unique=True)
    weekday = models.CharField(_("星期（原文）"), max_length=16, blank=True)
    lunar_date = models.CharField(_("农历（原文）"), max_length=32, blank=True)
    number = models.PositiveIntegerField(_("总期号"), null=True, blank=True, help_text=_("总第N号，按原文"))
    publication = models.CharField(_("报名"), max_length=64, default="浙江工人日报")
    masthead = models.JSONField(_("报头信息"), default=dict, blank=True)

    # A hand-made issue starts as a draft (an empty issue saved for tomorrow must not become the
    # front page); the importer publishes imported back issues explicitly.
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    publish_at = models.DateTimeField(_("定时发布"), null=True, blank=True)

    source_text = models.TextField(
        _("原始文本"), blank=True, help_text=_("导入文件的全文，原样保存，可据此重新解析")
    )
    source_name = models.CharField(_("来源文件"), max_length=500, blank=True)
    source_sha256 = models.CharField(_("来源文件指纹"), max_length=64, blank=True)
    source_encoding = models.CharField(_("来源编码"), max_length=32, blank=True)
    imported_at = models.DateTimeField(_("导入时间"), null=True, blank=True)
    edited_at = models.DateTimeField(
        _("编辑修改时间"), null=True, blank=True, help_text=_("编辑在导入后最近一次修改本期内容的时间")
    )

    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = IssueQuerySet.as_manager()

    class Meta:
        verbose_name = _("期次")
        verbose_name_plural = _("期次")
        ordering = ["-date"]
        indexes = [models.Index(fields=["status", "date"], name="issue_status_date")]
        constraints = [
            models.CheckConstraint(
                condition=Q(number__isnull=True) | Q(number__gt=0), name="issue_number_positive"
            ),
        ]

    def __str__(self):
        return f"{self.publication} {self.date:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse(
            "issue",
            kwargs={"year": self.date.year, "month": f"{self.date.month:02d}", "day": f"{self.date.day:02d}"},
        )

    @property
    def edited_since_import(self) -> bool:
        return bool(self.edited_at and (not self.imported_at or self.edited_at > self.imported_at))

    def is_visible(self, now=None) -> bool:
        now = now or timezone.now()
        return self.status == Status.PUBLISHED and (self.publish_at is None or self.publish_at <= now)


class PageQuerySet(models.QuerySet):
    def dates(self, field_name, kind, order="ASC"):
        """The admin's date hierarchy: the dates from the issue table, not a DISTINCT over a join."""
        if field_name == "issue__date":
            return Issue.objects.filter(pk__in=self.order_by().values("issue_id")).dates("date", kind, order)
        return super().dates(field_name, kind, order)


def page_file_upload_to(instance, filename: str) -> str:
    """pages/YYYY/MM/DD/p<N>-<random>.<ext>: one folder per issue date, names not guessable."""
    import secrets
    from pathlib import PurePosixPath

    suffix = PurePosixPath(filename).suffix.lower()[:6]
    d = instance.issue.date
    return f"pages/{d:%Y/%m/%d}/p{instance.number}-{secrets.token_urlsafe(8)}{suffix}"


@reversion.register()
class Page(RenditionsMixin, models.Model):
    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="pages", verbose_name=_("期次"))
    number = models.PositiveSmallIntegerField(_("版次"))
    name = models.CharField(_("版名"), max_length=100, blank=True, help_text=_("按原文，如“综合新闻”"))
    editor = models.CharField(_("责任编辑"), max_length=100, blank=True)
    meta_lines = models.JSONField(
        _("版面信息行"), default=list, blank=True, help_text=_("眉头、美编、校对、热线等非正文行，原样保存")
    )
    structure = models.JSONField(
        _("结构调整"),
        default=list,
        blank=True,
        help_text=_("编辑在结构编辑器中对本版行角色和分稿的调整（按行号和行文），重新导入或重新解析时沿用"),
    )

    # db_default: the importer writes pages with its own multi-row INSERT that names only its columns.
    pdf = models.FileField(
        _("版面 PDF"), upload_to=page_file_upload_to, blank=True, max_length=255, default="", db_default=""
    )
    image = models.ImageField(
        _("版面图"),
        upload_to=page_file_upload_to,
        blank=True,
        max_length=255,
        default="",
        db_default="",
        width_field="image_width",
        height_field="image_height",
        help_text=_("扫描件，或由版面 PDF 生成"),
    )
    image_width = models.PositiveIntegerField(_("版面图宽度"), null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(_("版面图高度"), null=True, blank=True, editable=False)
    # SHA-256 of the file as it arrived: attaching the same file again changes nothing.
    pdf_sha256 = models.CharField(
        _("PDF 校验和"), max_length=64, blank=True, editable=False, default="", db_default=""
    )
    image_sha256 = models.CharField(
        _("版面图校验和"), max_length=64, blank=True, editable=False, default="", db_default=""
    )

    objects = PageQuerySet.as_manager()

    class Meta:
        verbose_name = _("版面")
        verbose_name_plural = _("版面")
        ordering = ["issue", "number"]
        constraints = [
            models.UniqueConstraint(fields=["issue", "number"], name="page_unique_number_per_issue"),
            models.CheckConstraint(condition=Q(number__gt=0), name="page_number_positive"),
        ]

    def __str__(self):
        label = _("第%(number)s版") % {"number": self.number}
        return f"{self.issue.date:%Y-%m-%d} {label} {self.name}".strip()

    def get_absolute_url(self):
        d = self.issue.date
        return reverse(
            "page",
            kwargs={"year": d.year, "month": f"{d.month:02d}", "day": f"{d.day:02d}", "page": self.number},
        )


class ImportWarning(models.Model):
    """Something the importer wants an editor to look at. Resolvable: editors mark it checked."""

    issue = models.ForeignKey(
        Issue, on_delete=models.CASCADE, related_name="warnings", verbose_name=_("期次")
    )
    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="import_warnings",
        verbose_name=_("文章"),
    )
    code = models.CharField(_("类型"), max_length=40)
    message = models.TextField(_("内容"))
    line = models.PositiveIntegerField(_("原文行号"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("核对时间"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("核对人"),
    )
    resolution_note = models.TextField(
        _("核对说明"), blank=True, default="", help_text=_("核对时的说明，如“已按原报核实，无误”")
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("导入警告")
        verbose_name_plural = _("导入警告")
        ordering = ["issue", "line", "id"]
        indexes = [models.Index(fields=["issue", "resolved_at"], name="warning_issue_resolved")]

    def __str__(self):
        return self.message

    @property
    def code_label(self) -> str:
        from .warning_codes import warning_label

        return warning_label(self.code)

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None
