"""Chinese labels of the import warning codes: the one place they are named, used by the admin
lists, filters and forms (and anywhere else a code is shown). An unknown code shows as itself."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

WARNING_LABELS = {
    "weekday_mismatch": _("星期与日期不符"),
    "missing_weekday": _("缺少星期"),
    "lunar_mismatch": _("农历与日期不符"),
    "missing_lunar": _("缺少农历"),
    "lunar_unchecked": _("农历无法核对"),
    "missing_number": _("缺少总期号"),
    "number_sequence": _("总期号不连续"),
    "date_outside_masthead": _("日期不在报头"),
    "page_repeated": _("版次重复"),
    "duplicate_page": _("版面重复"),
    "unplaced_text": _("无所属标题的文字"),
    "unmatched_jump": _("转版未接上"),
    "title_without_body": _("标题下无正文"),
    "title_uncertain": _("标题存疑"),
    "paragraph_unclosed": _("段落未完"),
}


def warning_label(code: str) -> str:
    label = WARNING_LABELS.get(code)
    return str(label) if label is not None else code
