"""CKEditor 5's upload endpoint. The editors' desk wraps it with permission checks."""

from django.urls import include, path

urlpatterns = [path("", include("django_ckeditor_5.urls"))]
