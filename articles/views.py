from django.http import Http404


def byline_detail(request, pk):
    raise Http404
