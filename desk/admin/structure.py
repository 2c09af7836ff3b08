"""The structure editor's admin page (/admin/issues/page/<id>/structure/): thin, the work is in
issues/structure.py. A form per line works without JavaScript; structure_editor.js adds keys."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from issues import structure
from issues.models import Page
from issues.parsing.structure import FURNITURE, ROLES, StructureLine, group

PALETTE = 8  # article colours, cycled (structure.html's .art-N classes)
SHORTCUT_KEYS = "1234567890"  # one per role, in ROLES order


def can_edit_structure(user) -> bool:
    """编辑 and 档案管理员 (and superusers) may change pages; 校对 may only view them."""
    return user.is_active and user.has_perm("issues.change_page")


def _rows(lines: list[StructureLine]) -> tuple[list[dict], list[dict]]:
    """Table rows (line, colour, article label) and the articles a line can be moved into."""
    groups = group(lines)
    colour = {}
    articles = []
    for index, group_lines in enumerate(groups):
        key = group_lines[0].number
        colour[key] = index % PALETTE
        title = next((line.text for line in group_lines if line.role == "headline"), group_lines[0].text)
        articles.append({"key": key, "number": index + 1, "label": title[:24]})
    number_of = {a["key"]: a["number"] for a in articles}
    rows = []
    for line in lines:
        key = line.article
        rows.append(
            {
                "line": line,
                "colour": colour.get(key) if key is not None and line.role != FURNITURE else None,
                "article_number": number_of.get(key) if line.role != FURNITURE else None,
            }
        )
    return rows, articles


def structure_view(model_admin, request, pk: int):
    page = get_object_or_404(Page.objects.select_related("issue"), pk=pk)
    if not can_edit_structure(request.user):
        raise PermissionDenied
    status = 200
    try:
        current = structure.page_structure(page)
    except structure.StructureError as error:
        messages.error(request, str(error))
        return redirect("admin:issues_page_change", page.pk)
    lines = current.lines
    previewing = False
    if request.method == "POST":
        try:
            decisions = structure.decisions_from_form(request.POST, current.lines)
            if "_save" in request.POST:
                result = structure.save_page_structure(
                    page=page,
                    decisions=decisions,
                    fingerprint_seen=request.POST.get("fingerprint", ""),
                    user=request.user,
                )
                messages.success(
                    request,
                    _(
                        "已按调整后的结构重建本版稿件：保留%(kept)s篇，新建%(created)s篇，删除%(removed)s篇"
                        "（原状态已存为历史版本）；本版共%(overrides)s处结构调整，重新导入时沿用。"
                    )
                    % {
                        "kept": len(result.kept),
                        "created": len(result.created),
                        "removed": len(result.removed),
                        "overrides": result.overrides,
                    },
                )
                return redirect("admin:issues_page_structure", page.pk)
            lines = structure.edited_lines(lines=current.lines, decisions=decisions)
            previewing = True
        except structure.StructureError as error:
            messages.error(request, str(error))
            status = 400
    rows, articles = _rows(lines)
    role_choices = [
        (role, structure.ROLE_LABELS[role], key) for role, key in zip(ROLES, SHORTCUT_KEYS, strict=True)
    ]
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("调整版面结构：%(page)s") % {"page": page},
        "subtitle": None,
        "page_obj": page,
        "rows": rows,
        "articles": articles,
        "preview": structure.preview(lines),
        "previewing": previewing,
        "role_choices": role_choices,
        "fingerprint": current.fingerprint,
        "unmatched": current.unmatched,
        "stored_overrides": len(page.structure or []),
        "palette": range(PALETTE),
    }
    return TemplateResponse(request, "admin/issues/page/structure.html", context, status=status)
