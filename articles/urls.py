from django.urls import path

from . import views

urlpatterns = [
    path("bylines/<int:pk>/", views.byline_detail, name="byline"),
]
