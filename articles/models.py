"""Articles (稿件), their photos, and the people the paper credits (Byline)."""

import reversion
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_ckeditor_5.fields import CKEditor5Field

from core.publishing import Status, published_q
from core.renditions import RenditionsMixin

from .uploads import photo_upload_to


@reversion.register()
class Byline(models.Model):
    """A person credited in the paper: one record per person across every issue.

    The role (记者, 通讯员 …) belongs to each credit, not to the person: a 见习记者 becomes a 记者."""

    name = models.CharField(_("姓名"), max_length=64, db_index=True)
    bio = models.TextField(_("简介"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("署名")
        verbose_name_plural = _("署名")
        ordering = ["name", "id"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("byline", kwargs={"pk": self.pk})


class ArticleQuerySet(models.QuerySet):
    def published(self, now=None):
        """What readers may see: the article and its issue both published and due."""
        now = now or timezone.now()
        return self.filter(published_q(now=now) & published_q("issue__", now=now))

    def _issues(self):
        """issues.Issue's rows, reached through the foreign key: this app sits below issues."""
        return self.model._meta.get_field("issue").related_model.objects.all()

    def dates(self, field_name, kind, order="ASC"):
        """The issue dates of these articles, read from the issue table (the admin's date
        hierarchy): the same dates as a DISTINCT over every article joined to its issue, at a
        fraction of the cost on a ten-year archive."""
        if field_name == "issue__date":
            return self._issues().filter(pk__in=self.order_by().values("issue_id")).dates("date", kind, order)
        return super().dates(field_name, kind, order)

    def aggregate(self, *args, **kwargs):
        """The earliest and latest issue date of these articles (the admin's date hierarchy) from
        the issue table too: a join of every matching article costs seconds on a large archive."""
        from django.db.models import Max, Min

        def on_issue_date(value):
            return (
                isinstance(value, (Min, Max))
                and getattr(value.source_expressions[0], "name", "") == "issue__date"
            )

        if not args and kwargs and all(on_issue_date(v) for v in kwargs.values()):
            issues = self._issues().filter(pk__in=self.order_by().values("issue_id"))
            return issues.aggregate(**{k: type(v)("date") for k, v in kwargs.items()})
        return super().aggregate(*args, **kwargs)

    def in_reading_order(self):
        return self.order_by("-issue__date", "page__number", "order")


@reversion.register(follow=["credits", "photos"])
class Article(models.Model):
    class Kind(models.TextChoices):
        ARTICLE = "article", _("文章")
        PHOTO = "photo", _("图片新闻")

    issue = models.ForeignKey(
        "issues.Issue", on_delete=models.CASCADE, related_name="articles", verbose_name=_("期次")
    )
    page = models.ForeignKey(
        "issues.Page", on_delete=models.CASCADE, related_name="articles", verbose_name=_("版面")
    )
    order = models.PositiveSmallIntegerField(_("版内顺序"), default=1)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices, default=Kind.ARTICLE)

    kicker = models.CharField(_("引题"), max_length=300, blank=True)
    headline = models.CharField(_("主题"), max_length=300, blank=True)
    subheadline = models.CharField(_("副题"), max_length=300, blank=True)
    dateline = models.CharField(
        _("电头"), max_length=100, blank=True, help_text=_("如“本报讯”“新华社杭州3月27日电”")
    )
    body = CKEditor5Field(_("正文"), blank=True, config_name="default")

    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    publish_at = models.DateTimeField(_("定时发布"), null=True, blank=True)

    source_text = models.TextField(_("原始文本"), blank=True, help_text=_("导入文件中本文的原文，供校对"))
    source_line = models.PositiveIntegerField(_("原文起始行"), null=True, blank=True)
    jump_pages = models.JSONField(_("转版"), default=list, blank=True, help_text=_("本文转接到的版次"))
    is_correction = models.BooleanField(
        _("更正启事"), default=False, help_text=_("本文是一则更正（如导入的“更正”稿件）")
    )

    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("最后修改"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("最后修改人"),
    )
    # Raised by every save (model save, services, importer): the admin form carries the version it
    # was opened at, and a save from an older version is refused instead of undoing another's edit.
    version = models.PositiveIntegerField(_("版本号"), default=1, db_default=1, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("文章")
        verbose_name_plural = _("文章")
        ordering = ["-issue__date", "page__number", "order"]
        permissions = [("publish_article", _("可以发布、撤回文章和设置定时发布"))]
        constraints = [
            models.UniqueConstraint(fields=["page", "order"], name="article_unique_order_per_page"),
        ]
        indexes = [
            models.Index(fields=["issue", "page", "order"], name="article_issue_page_order"),
            models.Index(fields=["status", "publish_at"], name="article_status_publish_at"),
            # The admin list's status filter, paged by issue (IssueWalkPaginator's grouped count)
            # without reading a single article row: almost every row has the same status, so
            # the planner would otherwise read the whole table for "草稿".
            models.Index(fields=["status", "issue"], name="article_status_issue"),
        ]

    def __str__(self):
        return self.title or gettext_untitled()

    def save(self, *args, **kwargs):
        if not self._state.adding:
            self.version = (self.version or 0) + 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        d = self.issue.date
        return reverse(
            "article",
            kwargs={
                "year": d.year,
                "month": f"{d.month:02d}",
                "day": f"{d.day:02d}",
                "page": self.page.number,
                "pk": self.pk,
            },
        )

    @property
    def title(self) -> str:
        return self.headline or self.kicker or self.subheadline

    def is_visible(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.status == Status.PUBLISHED
            and (self.publish_at is None or self.publish_at <= now)
            and self.issue.is_visible(now)
        )


def gettext_untitled() -> str:
    return str(_("（无标题）"))


@reversion.register()
class ArticleCredit(models.Model):
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="credits", verbose_name=_("文章")
    )
    byline = models.ForeignKey(
        Byline, on_delete=models.PROTECT, related_name="article_credits", verbose_name=_("署名")
    )
    role = models.CharField(
        _("身份（原文）"), max_length=32, blank=True, help_text=_("如 记者、见习记者、通讯员、评论员")
    )
    order = models.PositiveSmallIntegerField(_("顺序"), default=1)

    class Meta:
        verbose_name = _("文章署名")
        verbose_name_plural = _("文章署名")
        ordering = ["article", "order"]
        constraints = [
            models.UniqueConstraint(fields=["article", "order"], name="article_credit_unique_order"),
        ]
        indexes = [models.Index(fields=["byline", "article"], name="article_credit_byline")]

    def __str__(self):
        return f"{self.role}{self.byline.name}"


@reversion.register(follow=["credits"])
class Photo(RenditionsMixin, models.Model):
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="photos", verbose_name=_("文章")
    )
    order = models.PositiveSmallIntegerField(_("顺序"), default=1)
    caption = models.TextField(_("图片说明"), blank=True)
    credit_text = models.CharField(_("摄影署名（原文）"), max_length=200, blank=True)
    image = models.ImageField(
        _("图片"),
        upload_to=photo_upload_to,
        blank=True,
        width_field="width",
        height_field="height",
    )
    width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    source_line = models.PositiveIntegerField(_("原文行号"), null=True, blank=True)

    class Meta:
        verbose_name = _("图片")
        verbose_name_plural = _("图片")
        ordering = ["article", "order"]
        constraints = [models.UniqueConstraint(fields=["article", "order"], name="photo_unique_order")]

    def __str__(self):
        return self.caption[:40] or str(_("图片"))


@reversion.register()
class PhotoCredit(models.Model):
    photo = models.ForeignKey(Photo, on_delete=models.CASCADE, related_name="credits", verbose_name=_("图片"))
    byline = models.ForeignKey(
        Byline, on_delete=models.PROTECT, related_name="photo_credits", verbose_name=_("署名")
    )
    role = models.CharField(_("身份（原文）"), max_length=32, blank=True)
    order = models.PositiveSmallIntegerField(_("顺序"), default=1)

    class Meta:
        verbose_name = _("图片署名")
        verbose_name_plural = _("图片署名")
        ordering = ["photo", "order"]
        constraints = [models.UniqueConstraint(fields=["photo", "order"], name="photo_credit_unique_order")]
        indexes = [models.Index(fields=["byline", "photo"], name="photo_credit_byline")]

    def __str__(self):
        return f"{self.role}{self.byline.name}"


class CorrectionQuerySet(models.QuerySet):
    def published(self, now=None):
        """What readers may see: the correction, its article and the article's issue all published and due."""
        now = now or timezone.now()
        return self.filter(
            published_q(now=now)
            & published_q("article__", now=now)
            & published_q("article__issue__", now=now)
        )


@reversion.register()
class Correction(models.Model):
    """A correction notice (更正) attached to an article: what was printed wrong, what is right, when.

    `notice` links the printed 更正 article (Article.is_correction) that announced it, if any."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="corrections", verbose_name=_("被更正的文章")
    )
    wrong_text = models.TextField(_("原文有误之处"), help_text=_("如：第二段“协调小组”"))
    right_text = models.TextField(_("应为"), help_text=_("如：“协调领导小组”"))
    note = models.TextField(_("说明"), blank=True, help_text=_("可选：更正的原因或补充说明"))
    corrected_on = models.DateField(_("更正日期"), default=timezone.localdate)
    notice = models.ForeignKey(
        Article,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="corrections_announced",
        limit_choices_to={"is_correction": True},
        verbose_name=_("见报的更正启事"),
        help_text=_("刊登这则更正的“更正”稿件（可选）"),
    )
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    publish_at = models.DateTimeField(_("定时发布"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("最后修改"), auto_now=True)

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("更正")
        verbose_name_plural = _("更正")
        ordering = ["-corrected_on", "-id"]
        indexes = [
            models.Index(fields=["status", "corrected_on"], name="correction_status_date"),
        ]

    def __str__(self):
        return _("%(date)s 更正：%(title)s") % {"date": self.corrected_on.isoformat(), "title": self.article}


class EditSession(models.Model):
    """Who has a desk change form open: refreshed on each load and by the form's heartbeat, and
    forgotten once it is older than EDIT_SESSION_SECONDS (an expiring lock, as in Wagtail and
    WordPress). It warns; it never blocks: the version check is what protects the text."""

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    opened_at = models.DateTimeField(_("打开时间"), default=timezone.now)
    seen_at = models.DateTimeField(_("最近活动"), default=timezone.now)

    class Meta:
        verbose_name = _("编辑中")
        verbose_name_plural = _("编辑中")
        ordering = ["opened_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "user"], name="edit_session_unique_user_object"
            ),
        ]
        indexes = [models.Index(fields=["content_type", "object_id", "seen_at"], name="edit_session_object")]

    def __str__(self):
        return f"{self.user} · {self.content_type.model} #{self.object_id}"


# An automatic proposal at or above this score is shown to readers before an editor has looked at it.
AUTO_REGION_MIN_SCORE = 0.8


class ArticleRegionQuerySet(models.QuerySet):
    def visible(self):
        """What readers see: regions an editor accepted (or drew), and automatic proposals whose
        match score is at least AUTO_REGION_MIN_SCORE that nobody has rejected yet."""
        return self.filter(
            models.Q(status=ArticleRegion.Status.ACCEPTED)
            | models.Q(
                status=ArticleRegion.Status.PROPOSED,
                source=ArticleRegion.Source.AUTO,
                score__gte=AUTO_REGION_MIN_SCORE,
            )
        )


class ArticleRegion(models.Model):
    """A rectangle of an article on its printed page, in page-relative coordinates (0..1 of the
    page image's width and height, origin top left), so it survives a re-rendered or rescaled image."""

    class Source(models.TextChoices):
        MANUAL = "manual", _("手工")
        AUTO = "auto", _("自动（PDF 文字层）")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("待确认")
        ACCEPTED = "accepted", _("已确认")
        REJECTED = "rejected", _("已否决")

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="regions", verbose_name=_("文章")
    )
    page = models.ForeignKey(
        "issues.Page", on_delete=models.CASCADE, related_name="regions", verbose_name=_("版面")
    )
    x = models.FloatField(_("左"), help_text=_("相对页宽，0–1"))
    y = models.FloatField(_("上"), help_text=_("相对页高，0–1"))
    width = models.FloatField(_("宽"), help_text=_("相对页宽，0–1"))
    height = models.FloatField(_("高"), help_text=_("相对页高，0–1"))
    order = models.PositiveSmallIntegerField(_("顺序"), default=1)
    source = models.CharField(_("来源"), max_length=8, choices=Source.choices, default=Source.MANUAL)
    score = models.FloatField(_("匹配度"), null=True, blank=True, help_text=_("自动匹配的置信度，0–1"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.ACCEPTED)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = ArticleRegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("版面区域")
        verbose_name_plural = _("版面区域")
        ordering = ["page", "order"]
        indexes = [models.Index(fields=["article", "page"], name="article_region_article_page")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(x__gte=0, y__gte=0, width__gt=0, height__gt=0),
                name="article_region_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(x__lte=1.000001 - models.F("width"), y__lte=1.000001 - models.F("height")),
                name="article_region_inside_page",
            ),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__gte=0, score__lte=1),
                name="article_region_score_range",
            ),
        ]

    def __str__(self):
        return f"{self.article} · {self.page} #{self.order}"

    @property
    def percent_box(self) -> dict:
        """left/top/width/height in percent, for positioned links and CSS crops."""
        return {
            "left": round(self.x * 100, 3),
            "top": round(self.y * 100, 3),
            "width": round(self.width * 100, 3),
            "height": round(self.height * 100, 3),
        }
