"""Reader URLs for issues, pages and articles (views live in issues/views.py)."""

from django.urls import path, register_converter

from . import views


class FourDigitYear:
    regex = r"[0-9]{4}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):04d}"


class TwoDigit:
    regex = r"[0-9]{2}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):02d}"


register_converter(FourDigitYear, "yyyy")
register_converter(TwoDigit, "mm")

urlpatterns = [
    path("", views.home, name="home"),
    path("<yyyy:year>/<mm:month>/<mm:day>/", views.issue_detail, name="issue"),
    path("<yyyy:year>/<mm:month>/<mm:day>/<int:page>/", views.page_detail, name="page"),
    path("<yyyy:year>/<mm:month>/<mm:day>/<int:page>/<int:pk>/", views.article_detail, name="article"),
]
