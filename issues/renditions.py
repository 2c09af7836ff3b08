"""Web sizes of page images and photos, shared by issues.Page and articles.Photo.

The names of the renditions are stored on the row (a JSONField), so a reader's page builds its
``srcset`` from the row it already loaded: no query and no storage lookup per image."""

from django.core.files.storage import default_storage
from django.db import models
from django.utils.translation import gettext_lazy as _

RENDITION_WIDTHS = (480, 960, 1600)
RENDITION_FORMATS = ("webp", "jpeg")


class RenditionsMixin(models.Model):
    """Abstract: ``renditions`` = {"webp": [[480, name], …], "jpeg": [[480, name], …]}, widths ascending."""

    renditions = models.JSONField(
        _("网页尺寸图"),
        default=dict,
        db_default=models.Value({}, output_field=models.JSONField()),  # rows inserted by raw SQL too
        blank=True,
        editable=False,
        help_text=_("存储中的文件名，按宽度"),
    )

    class Meta:
        abstract = True

    def _rendition_list(self, fmt: str) -> list:
        return sorted((self.renditions or {}).get(fmt) or [], key=lambda pair: pair[0])

    def image_srcset(self, fmt: str = "jpeg") -> str:
        """A ready ``srcset`` value ("url 480w, url 960w, …"); empty when there are no renditions."""
        return ", ".join(f"{default_storage.url(name)} {width}w" for width, name in self._rendition_list(fmt))

    @property
    def webp_srcset(self) -> str:
        """For templates, which cannot pass arguments."""
        return self.image_srcset("webp")

    @property
    def jpeg_srcset(self) -> str:
        return self.image_srcset("jpeg")

    def image_rendition_url(self, width: int, fmt: str = "jpeg") -> str:
        """URL of the smallest rendition at least ``width`` px wide, else the largest; "" when none."""
        pairs = self._rendition_list(fmt)
        if not pairs:
            return ""
        for rendition_width, name in pairs:
            if rendition_width >= width:
                return default_storage.url(name)
        return default_storage.url(pairs[-1][1])
