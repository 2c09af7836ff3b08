from django.conf import settings


def site(request):
    return {"PUBLICATION": settings.NEWSROOM_PUBLICATION}
