"""Values every template may use. No database queries here: they would run on every page."""

from django.conf import settings


def site(request):
    return {
        "PUBLICATION": settings.NEWSROOM_PUBLICATION,
        "SITE_URL": settings.NEWSROOM_SITE_URL.rstrip("/"),
    }
