"""The editors' desk speaks Simplified Chinese whatever the browser asks for.

LocaleMiddleware follows Accept-Language, so an editor with an English browser got Django's admin
in English around our Chinese labels. Under /admin/ this middleware (placed after LocaleMiddleware)
activates zh-hans for the request instead; the reader site is left as it is."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation

DESK_LANGUAGE = "zh-hans"


class AdminChineseMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = None

    def __call__(self, request):
        if self.prefix is None:
            self.prefix = reverse("admin:index")
        if request.path.startswith(self.prefix):
            translation.activate(DESK_LANGUAGE)
            request.LANGUAGE_CODE = DESK_LANGUAGE
            response = self.get_response(request)
            response.headers["Content-Language"] = DESK_LANGUAGE
            return response
        return self.get_response(request)
