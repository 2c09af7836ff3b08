"""The reader site's JSON API: the list of published issues, and one issue in the export format.

`/api/issues/YYYY-MM-DD/` serves exactly what `export_issue` produces (published content only),
so the archive's exchange format has one definition."""

from __future__ import annotations

import datetime

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from issues.exporting import export_issue, issues_for_export
from issues.models import Issue
from reader.caching import reader_cache

PAGE_SIZE = 50
JSON_PARAMS = {"ensure_ascii": False}


def _error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": message}, status=status, json_dumps_params=JSON_PARAMS)


def _page_url(request, number: int | None) -> str | None:
    if number is None:
        return None
    return request.build_absolute_uri(f"{reverse('api-issues')}?page={number}")


@reader_cache
def issue_list(request):
    paginator = Paginator(Issue.objects.published().order_by("-date").values("date", "number"), PAGE_SIZE)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except (EmptyPage, PageNotAnInteger):
        return _error(_("没有这一页"), 404)
    results = []
    for row in page:
        day = row["date"]
        path_kwargs = {"year": day.year, "month": day.month, "day": day.day}
        results.append(
            {
                "date": day.isoformat(),
                "number": row["number"],
                "url": reverse("issue", kwargs=path_kwargs),
                "api_url": reverse("api-issue", kwargs={"date": day}),
            }
        )
    data = {
        "count": paginator.count,
        "page": page.number,
        "num_pages": paginator.num_pages,
        "next": _page_url(request, page.next_page_number() if page.has_next() else None),
        "previous": _page_url(request, page.previous_page_number() if page.has_previous() else None),
        "results": results,
    }
    return JsonResponse(data, json_dumps_params=JSON_PARAMS)


@reader_cache
def issue_detail(request, date: datetime.date):
    issue = issues_for_export(Issue.objects.published().filter(date=date), published_only=True).first()
    if issue is None:
        return _error(_("这一天没有报纸"), 404)
    return JsonResponse(export_issue(issue), json_dumps_params=JSON_PARAMS)
