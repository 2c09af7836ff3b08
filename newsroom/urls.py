"""URL scheme. Reserved early because the export reports article URLs:
/YYYY/MM/DD/ an issue, /YYYY/MM/DD/<page>/ a page (版), /YYYY/MM/DD/<page>/<id>/ an article."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("ckeditor5/", include("articles.ckeditor_urls")),
    path("", include("articles.urls")),
    path("", include("issues.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
