"""Reader views (placeholder until the reader site lands)."""

from django.http import Http404, HttpResponse


def home(request):
    return HttpResponse("浙江工人日报")


def issue_detail(request, year, month, day):
    raise Http404


def page_detail(request, year, month, day, page):
    raise Http404


def article_detail(request, year, month, day, page, pk):
    raise Http404
