"""The desk app's config: a model-less app whose admin modules (desk/admin/) Django's autodiscovery loads."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    name = "desk"
    verbose_name = _("编辑部")
