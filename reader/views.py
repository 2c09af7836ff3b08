"""Reader views for issues, pages (版) and the archive calendars.

Thin function views over reader/selectors.py; every page costs a constant number of queries and is
cached per site generation (core/generation.py)."""

from __future__ import annotations

import calendar
import datetime

from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from issues.models import Issue
from reader import pageview, selectors
from reader.caching import reader_cache

# Monday first, as Chinese calendars print
WEEKDAY_HEADERS = [_lazy("一"), _lazy("二"), _lazy("三"), _lazy("四"), _lazy("五"), _lazy("六"), _lazy("日")]


def _date_or_404(year: int, month: int, day: int) -> datetime.date:
    try:
        return datetime.date(year, month, day)
    except ValueError as exc:
        raise Http404(_("没有这一天")) from exc


def _issue_not_found(request, date: datetime.date):
    """A real 404 that helps: the nearest issues before and after the date asked for."""
    before, after = selectors.neighbour_issues(date)
    context = {"missing_date": date, "before": before, "after": after}
    return render(request, "issues/issue_not_found.html", context, status=404)


def _page_context(contents: selectors.IssueContents, page) -> dict:
    issue = contents.issue
    before, after = selectors.neighbour_issues(issue.date)
    index = contents.pages.index(page)
    return {
        "issue": issue,
        "pages": contents.pages,
        "page": page,
        "previous_page": contents.pages[index - 1] if index > 0 else None,
        "next_page": contents.pages[index + 1] if index + 1 < len(contents.pages) else None,
        "previous_issue": before,
        "next_issue": after,
        "scan": pageview.page_scan(page),
        "region_links": pageview.page_region_links(page, contents.articles),
    }


@reader_cache
def home(request):
    """The latest published issue's front page, with the whole issue's contents beside it."""
    issue = selectors.latest_issue()
    if issue is None:
        return render(request, "issues/empty.html")
    contents = selectors.issue_contents(issue, with_photos=True)
    if not contents.pages:
        return render(request, "issues/empty.html")
    context = _page_context(contents, contents.pages[0])
    context["is_home"] = True
    context["on_this_day_link"] = reverse(
        "on-this-day-date", kwargs={"month": issue.date.month, "day": issue.date.day}
    )
    context["on_this_day"] = pageview.on_this_day(
        month=issue.date.month,
        day=issue.date.day,
        before_year=issue.date.year,
        limit=pageview.ON_THIS_DAY_HOME_LIMIT,
    )
    return render(request, "issues/page_detail.html", context)


# Articles per screen of an issue's table of contents: a printed issue has 10–40, so nearly
# every issue is one screen; a huge one (an import of 14,000 articles took 24 s) is paged.
ISSUE_SCREEN_ARTICLES = 80


@reader_cache
def issue_detail(request, year, month, day):
    date = _date_or_404(year, month, day)
    issue = selectors.published_issue(date)
    if issue is None:
        return _issue_not_found(request, date)
    try:
        number = int(request.GET.get("page", "1"))
    except ValueError:
        number = 0
    if number < 1:
        raise Http404(_("没有这一页"))
    screen = selectors.issue_screen(issue, number=number, size=ISSUE_SCREEN_ARTICLES)
    if number > screen.count:
        raise Http404(_("没有这一页"))
    before, after = selectors.neighbour_issues(date)
    context = {
        "issue": issue,
        "pages": screen.pages,
        "screen": screen,
        "previous_issue": before,
        "next_issue": after,
    }
    return render(request, "issues/issue_detail.html", context)


@reader_cache
def page_detail(request, year, month, day, page):
    date = _date_or_404(year, month, day)
    issue = selectors.published_issue(date)
    if issue is None:
        return _issue_not_found(request, date)
    contents = selectors.issue_contents(issue, with_photos=True)
    current = contents.page(page)
    if current is None:
        raise Http404(_("本期没有这个版面"))
    return render(request, "issues/page_detail.html", _page_context(contents, current))


def on_this_day_today(request):
    """/on-this-day/ → today's /on-this-day/MM-DD/: the dated page is what is cached, so a cached
    rendering never outlives its day. No query."""
    today = timezone.localdate()
    return redirect("on-this-day-date", month=today.month, day=today.day)


@reader_cache
def on_this_day(request, month, day):
    """往年今日: the front pages of this month and day in every earlier year, newest first."""
    try:
        day_date = datetime.date(2000, month, day)  # a leap year: 02-29 is a day too
    except ValueError as exc:
        raise Http404(_("没有这一天")) from exc
    # 往年: years before this one (this year's issue is the paper itself, at / and in the archive)
    fronts = pageview.on_this_day(month=month, day=day, before_year=timezone.localdate().year)
    context = {
        "fronts": fronts,
        "month": month,
        "day": day,
        "previous_day": day_date - datetime.timedelta(days=1),
        "next_day": day_date
        + datetime.timedelta(days=1),  # 12-31 → 01-01 (of 2001: only month and day count)
    }
    return render(request, "issues/on_this_day.html", context)


# ---------------------------------------------------------------------------------------------
# Archive calendars: one query for the issue dates, Python's calendar module for the layout.


def _month_weeks(year: int, month: int, issues_by_date: dict) -> list[list[dict | None]]:
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        weeks.append(
            [{"date": d, "issue": issues_by_date.get(d)} if d.month == month else None for d in week]
        )
    return weeks


def _issues_by_date(queryset) -> dict:
    return {row["date"]: row for row in queryset.values("date", "number").order_by("date")}


@reader_cache
def archive_index(request):
    years = list(
        Issue.objects.published()
        .annotate(year=ExtractYear("date"))
        .values("year")
        .annotate(count=Count("id"))
        .order_by("-year")
    )
    return render(request, "issues/archive_index.html", {"years": years})


@reader_cache
def archive_year(request, year):
    published = Issue.objects.published()
    issues_by_date = _issues_by_date(published.filter(date__year=year))
    if not issues_by_date:
        raise Http404(_("这一年没有报纸"))
    months = []
    for month in range(1, 13):
        count = sum(1 for d in issues_by_date if d.month == month)
        months.append(
            {
                "month": month,
                "count": count,
                "weeks": _month_weeks(year, month, issues_by_date) if count else None,
            }
        )
    previous_year = (
        published.filter(date__year__lt=year).order_by("-date").values_list("date", flat=True).first()
    )
    next_year = published.filter(date__year__gt=year).order_by("date").values_list("date", flat=True).first()
    context = {
        "year": year,
        "months": months,
        "issue_count": len(issues_by_date),
        "weekday_headers": WEEKDAY_HEADERS,
        "previous_year": previous_year.year if previous_year else None,
        "next_year": next_year.year if next_year else None,
    }
    return render(request, "issues/archive_year.html", context)


@reader_cache
def archive_month(request, year, month):
    if not 1 <= month <= 12:
        raise Http404(_("没有这个月份"))
    published = Issue.objects.published()
    first = datetime.date(year, month, 1)
    following = datetime.date(year + (month == 12), month % 12 + 1, 1)
    issues_by_date = _issues_by_date(published.filter(date__gte=first, date__lt=following))
    if not issues_by_date:
        raise Http404(_("这个月没有报纸"))
    previous = published.filter(date__lt=first).order_by("-date").values_list("date", flat=True).first()
    after = published.filter(date__gte=following).order_by("date").values_list("date", flat=True).first()
    context = {
        "year": year,
        "month": month,
        "month_start": first,
        "weeks": _month_weeks(year, month, issues_by_date),
        "issues": list(issues_by_date.values()),
        "weekday_headers": WEEKDAY_HEADERS,
        "previous_month": previous,
        "next_month": after,
    }
    return render(request, "issues/archive_month.html", context)
