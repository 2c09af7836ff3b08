"""Admin forms of the editors' desk: the article body is sanitised, uploaded photos validated and
stripped of EXIF/GPS metadata before they are stored."""

from __future__ import annotations

import re

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from .models import Article, Byline, Photo
from .sanitize import sanitize_html
from .uploads import clean_uploaded_image


class ArticleAdminForm(forms.ModelForm):
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

    def clean_body(self):
        return sanitize_html(self.cleaned_data.get("body"))

    @cached_property
    def changed_data(self):
        """The body counts as changed only if its sanitised HTML differs: CKEditor re-serialises
        the markup it loads, and a save with no real change must leave no history entry."""
        changed = super().changed_data
        if "body" in changed and self.instance.pk and self.is_bound:
            submitted = self.data.get(self.add_prefix("body"), "") or ""
            if _markup_key(submitted) == _markup_key(self.initial.get("body") or ""):
                changed = [name for name in changed if name != "body"]
        return changed

    def clean(self):
        """A page belongs to one issue: a page of another issue is refused, not saved silently (the
        page picker is filtered by the chosen issue with JavaScript; this is the check without it)."""
        cleaned = super().clean()
        issue, page = cleaned.get("issue"), cleaned.get("page")
        if issue is not None and page is not None and page.issue_id != issue.pk:
            self.add_error(
                "page",
                _("所选版面（%(page)s）不属于所选期次（%(issue)s）。请选择本期的版面，或先为本期新建版面。")
                % {"page": page, "issue": issue},
            )
        return cleaned


def _markup_key(html: str) -> str:
    """Sanitised HTML with the white space around tags dropped: what CKEditor changes by merely
    loading and re-serialising a body, and what a reader never sees."""
    return re.sub(r"\s*(<[^>]+>)\s*", r"\1", re.sub(r"\s+", " ", sanitize_html(html))).strip()


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
