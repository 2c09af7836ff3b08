"""Photo credits edited inline on the article form, as printed ("通讯员王丹　记者邹伟锋 摄").

The admin has no nested inlines, so the photo inline's 摄影署名（原文） field is the editor's way
to set the photo's PhotoCredit rows: the text is read with the parser's own credit rules
(issues/parsing/credits.py) into (role, name) pairs, each name is matched to one Byline record and
the rows are rewritten in printed order. The text is stored as printed. A name shared by several
records must be chosen with its record number ("王丹#12"); only a 编辑 (add_byline) may create a
new person. Rows are written only when the text changes, so credits set on the photo's own page
are never overwritten by an unrelated save."""

from __future__ import annotations

import re
from dataclasses import dataclass

import reversion
from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.models import Byline, Photo, PhotoCredit
from issues.parsing.credits import parse_credits, photo_credit
from issues.parsing.text import normalise

ADD_BYLINE_PERMISSION = "articles.add_byline"
# "王丹#12" / "王丹＃12": the record number that picks one of several people of that name
RECORD_MARK_RE = re.compile(r"\s*[#＃]\s*(\d+)")


@dataclass(frozen=True)
class CreditChoice:
    """One credit as the editor wrote it: the role as printed and the person (None: a new record)."""

    role: str
    name: str
    byline: Byline | None


def parse_printed_credit(text: str) -> tuple[str, list[tuple[str, str, int | None]]]:
    """The credit line as printed (record marks removed) and its (role, name, record number) triples.

    Raises ValidationError in Chinese when the text is not a photo credit the parser can read."""
    marks: list[int] = []

    def take_mark(match: re.Match) -> str:
        marks.append(int(match.group(1)))
        return f"\x00{len(marks) - 1}\x00"

    printed = RECORD_MARK_RE.sub("", text).strip()
    marked = RECORD_MARK_RE.sub(take_mark, text).strip()
    if not printed:
        return "", []
    plain = normalise(re.sub(r"\x00\d+\x00", "", marked))
    found = photo_credit(plain)
    credits = found[0] if found else parse_credits(plain, need_role=False)
    if not credits:
        raise ValidationError(
            gettext("无法从“%(text)s”中读出摄影者。请按见报原文填写，如“通讯员王丹　记者邹伟锋 摄”。")
            % {"text": printed},
            code="unreadable_credit",
        )
    # Which name carried which mark: a mark follows its name directly in the text.
    mark_of: dict[int, int] = {}
    for match in re.finditer(r"\x00(\d+)\x00", marked):
        before = normalise(re.sub(r"\x00\d+\x00", "", marked[: match.start()])).rstrip()
        for index, credit in enumerate(credits):
            if before.endswith(credit.name) and index not in mark_of:
                mark_of[index] = marks[int(match.group(1))]
                break
    return printed, [(c.role, c.name, mark_of.get(i)) for i, c in enumerate(credits)]


def resolve_credits(
    *, triples: list[tuple[str, str, int | None]], photo: Photo | None, user
) -> list[CreditChoice]:
    """Match each name to one Byline: the record already credited on this photo, the one record of
    that name, or the record number written after the name. Unknown names become new records, for
    a 编辑 only. Every problem is collected into one Chinese ValidationError."""
    names = {name for _role, name, _mark in triples}
    records: dict[str, list[Byline]] = {}
    for byline in Byline.objects.filter(name__in=names).order_by("pk"):
        records.setdefault(byline.name, []).append(byline)
    current = {}
    if photo is not None and photo.pk:
        for credit in PhotoCredit.objects.filter(photo=photo).select_related("byline"):
            current.setdefault(credit.byline.name, credit.byline)
    choices, errors = [], []
    for role, name, mark in triples:
        candidates = records.get(name, [])
        if mark is not None:
            chosen = next((b for b in candidates if b.pk == mark), None)
            if chosen is None:
                errors.append(gettext("“%(name)s#%(pk)s”：没有这条署名记录。") % {"name": name, "pk": mark})
                continue
        elif name in current:
            chosen = current[name]
        elif len(candidates) == 1:
            chosen = candidates[0]
        elif len(candidates) > 1:
            labels = _labels(candidates)
            listing = "；".join(f"{name}#{b.pk}（{labels.get(b.pk, b.name)}）" for b in candidates)
            errors.append(
                gettext(
                    "“%(name)s”有 %(n)s 条署名记录：%(listing)s。请在姓名后写上编号选定，如“%(example)s”。"
                )
                % {
                    "name": name,
                    "n": len(candidates),
                    "listing": listing,
                    "example": f"{name}#{candidates[0].pk}",
                }
            )
            continue
        elif not user.has_perm(ADD_BYLINE_PERMISSION):
            errors.append(
                gettext("署名库中没有“%(name)s”。只有编辑可以新建署名记录，请联系编辑或改正姓名。")
                % {"name": name}
            )
            continue
        else:
            chosen = None
        choices.append(CreditChoice(role=role, name=name, byline=chosen))
    if errors:
        raise ValidationError(errors)
    return choices


def _labels(bylines: list[Byline]) -> dict[int, str]:
    """The admin autocomplete's labels ("王丹 · 记者 · 2022-03-28 第1版") to tell namesakes apart."""
    model_admin = admin.site._registry.get(Byline)
    labeller = getattr(model_admin, "autocomplete_labels", None)
    return labeller(bylines) if labeller else {}


@transaction.atomic
def set_photo_credits(*, photo: Photo, choices: list[CreditChoice]) -> list[PhotoCredit]:
    """Replace the photo's credits with these, in printed order (new people get a Byline record)."""
    PhotoCredit.objects.filter(photo=photo).delete()
    rows = []
    for order, choice in enumerate(choices, start=1):
        byline = choice.byline or Byline.objects.create(name=choice.name)
        rows.append(PhotoCredit(photo=photo, byline=byline, role=choice.role[:32], order=order))
    rows = PhotoCredit.objects.bulk_create(rows)
    if reversion.is_active():
        # The photo joined the article's revision when it was saved, with the old credits (bulk
        # writes send no post_save): the history must show the new ones.
        for row in rows:
            reversion.add_to_revision(row)
    return rows


class InlinePhotoCreditsMixin(forms.ModelForm):
    """For the article form's photo inline: 摄影署名（原文） also sets the photo's credit rows."""

    credit_user = None  # set per request by photo_inline_form()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.credit_choices: list[CreditChoice] | None = None
        field = self.fields.get("credit_text")
        if field is not None:
            field.help_text = _(
                "按见报原文填写，如“通讯员王丹　记者邹伟锋 摄”，保存时据此更新摄影署名。"
                "同名的几个人请在姓名后写编号选定，如“王丹#12”（编号不写入原文）。"
            )

    def clean_credit_text(self):
        text = self.cleaned_data.get("credit_text") or ""
        if "credit_text" not in self.changed_data:
            return text
        printed, triples = parse_printed_credit(text)
        self.credit_choices = resolve_credits(triples=triples, photo=self.instance, user=self.credit_user)
        return printed

    def _save_m2m(self):
        super()._save_m2m()
        if self.credit_choices is not None and self.instance.pk:
            set_photo_credits(photo=self.instance, choices=self.credit_choices)


def photo_inline_form(base_form: type[forms.ModelForm], *, user) -> type[forms.ModelForm]:
    """The photo inline's form class for this request's user (who may or may not add bylines)."""
    return type("InlinePhotoForm", (InlinePhotoCreditsMixin, base_form), {"credit_user": user})
