from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("稿件")

    def ready(self):
        from .search import signals as search_signals

        search_signals.connect()

        from . import signals

        signals.connect()
