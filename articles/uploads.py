"""Where uploaded images go: dated folders, non-guessable names (never the uploader's file name)."""

import secrets
from pathlib import PurePosixPath

from django.core.files.storage import storages
from django.utils import timezone
from django.utils.functional import LazyObject


def dated_random_name(folder: str, filename: str) -> str:
    suffix = PurePosixPath(filename).suffix.lower()[:6] or ".jpg"
    now = timezone.localtime()
    return f"{folder}/{now:%Y/%m/%d}/{secrets.token_urlsafe(16)}{suffix}"


def photo_upload_to(instance, filename: str) -> str:
    return dated_random_name("photos", filename)


class ArticleImageStorage(LazyObject):
    """CKEditor 5 uploads use the project's default storage (object storage by settings only)."""

    def _setup(self):
        self._wrapped = storages["default"]


# ---------------------------------------------------------------------------------------------
# Validation and metadata stripping, shared by the photo form and the CKEditor upload endpoint.

ALLOWED_IMAGE_FORMATS = {"JPEG": ".jpg", "PNG": ".png", "GIF": ".gif", "WEBP": ".webp"}


def max_image_bytes() -> int:
    from django.conf import settings

    return int(getattr(settings, "NEWSROOM_MAX_IMAGE_BYTES", 10 * 1024 * 1024))


def clean_uploaded_image(uploaded):
    """Validate an uploaded image and return it re-encoded without EXIF/GPS or other metadata.

    Raises ValidationError (in Chinese, naming the file) for anything that is not a real JPEG, PNG,
    GIF or WebP image within the size limit. Returns a ContentFile whose name carries the right suffix
    (the stored name itself is always random, see dated_random_name)."""
    from io import BytesIO

    from django.core.exceptions import ValidationError
    from django.core.files.base import ContentFile
    from django.template.defaultfilters import filesizeformat
    from django.utils.translation import gettext as _
    from PIL import Image, ImageOps, UnidentifiedImageError

    name = PurePosixPath(getattr(uploaded, "name", "") or "image").name
    limit = max_image_bytes()
    size = getattr(uploaded, "size", None)
    if size is not None and size > limit:
        raise ValidationError(
            _("图片“%(name)s”太大（%(size)s），上限为 %(limit)s。")
            % {"name": name, "size": filesizeformat(size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    not_image = ValidationError(
        _("“%(name)s”不是有效的图片文件；只接受 JPEG、PNG、GIF 或 WebP 图片。") % {"name": name},
        code="invalid_image",
    )
    try:
        uploaded.seek(0)
        data = uploaded.read()
        if len(data) > limit:
            raise ValidationError(
                _("图片“%(name)s”太大，上限为 %(limit)s。") % {"name": name, "limit": filesizeformat(limit)},
                code="too_large",
            )
        with Image.open(BytesIO(data)) as probe:
            image_format = probe.format
            probe.verify()
        if image_format not in ALLOWED_IMAGE_FORMATS:
            raise not_image
        image = Image.open(BytesIO(data))
        image.load()
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise not_image from exc

    out = BytesIO()
    if image_format == "GIF":
        frames = getattr(image, "n_frames", 1)
        image.info.pop("comment", None)
        image.save(out, format="GIF", save_all=frames > 1, optimize=False)
    else:
        if image_format == "JPEG":
            # Apply the orientation tag before dropping it, so stripped photos stay upright.
            image = ImageOps.exif_transpose(image)
            if image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
        # Drop everything Pillow carried over from the file (EXIF, GPS, XMP, ICC, text chunks);
        # save() is given no metadata, so none is written.
        keep = {"transparency"} if image.mode in ("P", "L", "RGB") else set()
        clean = image.copy()
        clean.info = {k: v for k, v in image.info.items() if k in keep}
        clean.getexif().clear()
        options = {"quality": 90} if image_format in {"JPEG", "WEBP"} else {}
        clean.save(out, format=image_format, **options)
    image.close()
    return ContentFile(out.getvalue(), name=f"image{ALLOWED_IMAGE_FORMATS[image_format]}")
