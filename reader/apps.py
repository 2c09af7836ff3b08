"""The reader app's config: wires the cache invalidation (reader/signals.py) when Django starts."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReaderConfig(AppConfig):
    name = "reader"
    verbose_name = _("读者网站")

    def ready(self):
        from reader.signals import connect_cache_invalidation

        connect_cache_invalidation()
