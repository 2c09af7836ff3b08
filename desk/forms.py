"""Admin forms of the editors' desk: the article body is sanitised, uploaded photos validated and
stripped of EXIF/GPS metadata before they are stored."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from articles.body_html import sanitize_html
from articles.models import Article, Byline, Photo
from articles.uploads import clean_uploaded_image
from desk import editing


class ArticleAdminForm(forms.ModelForm):
    # The version the editor opened (rendered by the change form template): a save from an older
    # version is refused, so a second editor never silently undoes the first one's fix.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        fields = [
            "issue",
            "page",
            "order",
            "kind",
            "kicker",
            "headline",
            "subheadline",
            "dateline",
            "body",
            "status",
            "publish_at",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.stale_save = None  # desk.editing.StaleSave when the save was refused
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean_body(self):
        return sanitize_html(self.cleaned_data.get("body"))

    @cached_property
    def changed_data(self):
        """The body counts as changed only if its sanitised HTML differs: CKEditor re-serialises
        the markup it loads, and a save with no real change must leave no history entry."""
        changed = [name for name in super().changed_data if name != "version"]  # bookkeeping, not an edit
        if "body" in changed and self.instance.pk and self.is_bound:
            submitted = self.data.get(self.add_prefix("body"), "") or ""
            if _markup_key(submitted) == _markup_key(self.initial.get("body") or ""):
                changed = [name for name in changed if name != "body"]
        return changed

    def clean(self):
        """A page belongs to one issue: a page of another issue is refused, not saved silently (the
        page picker is filtered by the chosen issue with JavaScript; this is the check without it).
        A save from a stale version is refused (desk.editing)."""
        cleaned = super().clean()
        issue, page = cleaned.get("issue"), cleaned.get("page")
        if issue is not None and page is not None and page.issue_id != issue.pk:
            self.add_error(
                "page",
                _("所选版面（%(page)s）不属于所选期次（%(issue)s）。请选择本期的版面，或先为本期新建版面。")
                % {"page": page, "issue": issue},
            )
        opened = cleaned.get("version")
        if self.instance.pk and opened is not None:
            self._refuse_if_stale(opened)
        return cleaned

    def _refuse_if_stale(self, opened: int) -> None:
        now_version = editing.current_version(article_id=self.instance.pk)
        if now_version is None or now_version == opened:
            return
        current = Article.objects.select_related("updated_by").get(pk=self.instance.pk)
        self.stale_save = editing.describe_stale_save(
            article=current, opened_version=opened, submitted=self.data
        )
        # The editor's text stays in the form; the form now carries the current version, so saving
        # again after reading the other editor's changes is a deliberate decision, not an accident.
        data = self.data.copy()
        data[self.add_prefix("version")] = str(now_version)
        self.data = data
        when = timezone.localtime(current.updated_at).strftime("%H:%M") if current.updated_at else ""
        raise ValidationError(
            _(
                "未保存：您打开本文之后，%(who)s 于 %(when)s 保存了修改（第 %(opened)d 版 → 第 %(current)d 版）。"
                "为免覆盖对方的修改，本次保存已被拒绝。您的修改仍在下面的表单中：请对照上方列出的对方改动，"
                "合并后再次保存。"
            ),
            code="stale",
            params={
                "who": self.stale_save.changed_by or _("其他编辑"),
                "when": when,
                "opened": opened,
                "current": now_version,
            },
        )


def _markup_key(html: str) -> str:
    """Sanitised HTML with the white space around tags dropped: what CKEditor changes by merely
    loading and re-serialising a body, and what a reader never sees."""
    return re.sub(r"\s*(<[^>]+>)\s*", r"\1", re.sub(r"\s+", " ", sanitize_html(html))).strip()


class RevisionGuardMixin:
    """For desk forms of models without a version number (photos, bylines, issues, pages): the form
    carries the id of the object's latest revision when it was opened, and a save after someone
    else's is refused like a stale article save (desk.editing)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.stale_save = None
        model_name = self._meta.model._meta.model_name
        self.fields["desk_revision"] = forms.IntegerField(
            widget=forms.HiddenInput(attrs={"form": f"{model_name}_form"}), required=False
        )
        if self.instance.pk:
            self.fields["desk_revision"].initial = editing.latest_revision_id(obj=self.instance)

    def clean(self):
        cleaned = super().clean()
        opened = cleaned.get("desk_revision")
        if not self.instance.pk or opened is None:
            return cleaned
        stale = editing.stale_since_revision(
            obj=self.instance, opened_revision_id=opened, field_names=list(self.fields), submitted=self.data
        )
        if stale is None:
            return cleaned
        self.stale_save = stale
        data = self.data.copy()
        data[self.add_prefix("desk_revision")] = str(stale.current_version)
        self.data = data
        when = timezone.localtime(stale.changed_at).strftime("%H:%M") if stale.changed_at else ""
        raise ValidationError(
            _(
                "未保存：您打开此页之后，%(who)s 于 %(when)s 保存了修改。为免覆盖对方的修改，本次保存已被拒绝。"
                "您的修改仍在下面的表单中：请对照上方列出的对方改动，合并后再次保存。"
            ),
            code="stale",
            params={"who": stale.changed_by or _("其他编辑"), "when": when},
        )


class PhotoAdminForm(forms.ModelForm):
    class Meta:
        model = Photo
        fields = ["article", "order", "image", "caption", "credit_text"]

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if isinstance(image, UploadedFile):
            cleaned = clean_uploaded_image(image)
            return UploadedFile(
                file=cleaned, name=cleaned.name, content_type=image.content_type, size=cleaned.size
            )
        return image


class BylineMergeForm(forms.Form):
    """The confirmation page of the merge action: which record survives."""

    target = forms.ModelChoiceField(
        queryset=Byline.objects.none(),
        widget=forms.RadioSelect,
        label=_("保留哪一条署名记录"),
        help_text=_("其余记录的全部署名将转到这一条，然后删除其余记录。"),
    )

    def __init__(self, *args, bylines, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = bylines
