"""Template helpers for the reader site: Chinese dates, credits, excerpts and JSON-LD (the body: articles.body_html)."""

from __future__ import annotations

import datetime
import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from articles.body_html import paragraphs_from_html

register = template.Library()

WEEKDAYS = [
    _lazy("星期一"),
    _lazy("星期二"),
    _lazy("星期三"),
    _lazy("星期四"),
    _lazy("星期五"),
    _lazy("星期六"),
    _lazy("星期日"),
]

JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def cn_date(value: datetime.date | None) -> str:
    if not value:
        return ""
    return _("%(year)s年%(month)s月%(day)s日") % {"year": value.year, "month": value.month, "day": value.day}


@register.filter
def cn_month(value: datetime.date | None) -> str:
    if not value:
        return ""
    return _("%(year)s年%(month)s月") % {"year": value.year, "month": value.month}


@register.filter
def weekday_cn(value: datetime.date | None) -> str:
    return str(WEEKDAYS[value.weekday()]) if value else ""


@register.filter
def page_label(number) -> str:
    return _("第%(number)s版") % {"number": number}


@register.filter
def excerpt(html: str, length=None) -> str:
    """The first lines of an article, as plain text."""
    text = "".join(paragraphs_from_html(html))
    length = int(length or 90)
    return text if len(text) <= length else text[:length].rstrip() + "……"


@register.filter
def json_ld(data: dict) -> str:
    """<script type="application/ld+json"> with <, > and & escaped: no text can close the tag."""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308


@register.inclusion_tag("articles/_credits.html")
def credits(credit_list, photo: bool = False):
    """Role as printed, then the linked name: 记者<a>曾晨路</a>."""
    return {"credits": list(credit_list), "photo": photo}


@register.filter
def issue_url(value: datetime.date) -> str:
    from django.urls import reverse

    return reverse("issue", kwargs={"year": value.year, "month": value.month, "day": value.day})


@register.filter
def month_url(value: datetime.date) -> str:
    from django.urls import reverse

    return reverse("archive-month", kwargs={"year": value.year, "month": value.month})


@register.filter
def subhead(text: str) -> str:
    """A subheadline is printed after a dash: ——副题 (never two dashes)."""
    text = (text or "").lstrip("—－-─ 　")
    return f"——{text}" if text else ""


@register.filter
def lunar_cn(value: datetime.date | None) -> str:
    """The lunar date for issues whose masthead did not print one (typed in by editors)."""
    if not value:
        return ""
    from lunar_python import Solar

    lunar = Solar.fromYmd(value.year, value.month, value.day).getLunar()
    return f"{lunar.getYearInGanZhi()}年{lunar.getMonthInChinese()}月{lunar.getDayInChinese()}"
