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

# What one upload may cost (issue 14): a 515 KB GIF of 60 frames of 3000×3000 used to take a worker
# 30 s and 680 MB. Limits are checked on the header (size, frame count) before any pixel is
# decoded, and bound what is decoded: at most MAX_IMAGE_PIXELS per image, at most
# MAX_ANIMATION_PIXELS (frames × width × height) and MAX_ANIMATION_FRAMES per animation. A JPEG up to
# four times the pixel limit (at most Pillow's 89 MP bomb-warning limit) is accepted: libjpeg decodes it at half scale directly (stored so), so
# it never exists in memory at full size; WebP has a lower limit (its encoder is the slowest).
# Measured: bench/bench_uploads.py.
DEFAULT_LIMITS = {
    "NEWSROOM_MAX_IMAGE_BYTES": 10 * 1024 * 1024,
    "NEWSROOM_MAX_IMAGE_PIXELS": 26_000_000,  # 6000×4000 and a little more
    "NEWSROOM_MAX_WEBP_PIXELS": 12_000_000,  # WebP encoding costs several times JPEG's per pixel
    "NEWSROOM_MAX_ANIMATION_PIXELS": 10_000_000,
    "NEWSROOM_MAX_ANIMATION_FRAMES": 200,
}
JPEG_DRAFT_SCALE = 2


def upload_limit(name: str) -> int:
    from django.conf import settings

    return int(getattr(settings, name, DEFAULT_LIMITS[name]))


def max_image_bytes() -> int:
    return upload_limit("NEWSROOM_MAX_IMAGE_BYTES")


def _megapixels(pixels: int) -> str:
    return f"{pixels / 1_000_000:.3g}"


def check_image_header(*, name: str, image_format: str, width: int, height: int, frames: int) -> int:
    """Refuse, from the header alone, an image whose decoding would cost more than the limits.

    Returns the scale to decode at (1, or JPEG_DRAFT_SCALE for a large JPEG)."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    pixels = width * height
    limit = upload_limit(
        "NEWSROOM_MAX_WEBP_PIXELS" if image_format == "WEBP" else "NEWSROOM_MAX_IMAGE_PIXELS"
    )
    scale = 1
    if pixels > limit and image_format == "JPEG" and frames == 1:
        from PIL import Image

        scale = JPEG_DRAFT_SCALE
        limit = min(limit * JPEG_DRAFT_SCALE**2, Image.MAX_IMAGE_PIXELS)  # under Pillow's bomb warning
    if pixels > limit:
        raise ValidationError(
            _(
                "图片“%(name)s”尺寸过大（%(width)d×%(height)d，%(mp)s 百万像素），上限为 %(limit)s 百万像素；"
                "请缩小后再上传。"
            )
            % {
                "name": name,
                "width": width,
                "height": height,
                "mp": _megapixels(pixels),
                "limit": _megapixels(limit),
            },
            code="too_many_pixels",
        )
    if frames > 1:
        frame_limit = upload_limit("NEWSROOM_MAX_ANIMATION_FRAMES")
        total_limit = upload_limit("NEWSROOM_MAX_ANIMATION_PIXELS")
        if frames > frame_limit or frames * pixels > total_limit:
            raise ValidationError(
                _(
                    "动图“%(name)s”太大（%(frames)d 帧，每帧 %(width)d×%(height)d，共 %(mp)s 百万像素），"
                    "上限为 %(frame_limit)d 帧、共 %(limit)s 百万像素；请减少帧数或缩小尺寸。"
                )
                % {
                    "name": name,
                    "frames": frames,
                    "width": width,
                    "height": height,
                    "mp": _megapixels(frames * pixels),
                    "frame_limit": frame_limit,
                    "limit": _megapixels(total_limit),
                },
                code="animation_too_large",
            )
    return scale


def clean_uploaded_image(uploaded):
    """Validate an uploaded image and return it re-encoded without EXIF/GPS or other metadata.

    Raises ValidationError (in Chinese, naming the file) for anything that is not a real JPEG, PNG,
    GIF or WebP image within the byte and pixel limits (checked before decoding). Returns a ContentFile whose name carries
    the right suffix (the stored name itself is always random, see dated_random_name)."""
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
        data = uploaded.read(limit + 1)
        if len(data) > limit:
            raise ValidationError(
                _("图片“%(name)s”太大，上限为 %(limit)s。") % {"name": name, "limit": filesizeformat(limit)},
                code="too_large",
            )
        # The header only: format, size and frame count (GIF frames are skipped, not decoded).
        with Image.open(BytesIO(data)) as probe:
            image_format = probe.format
            if image_format not in ALLOWED_IMAGE_FORMATS:
                raise not_image
            width, height = probe.size
            frames = getattr(probe, "n_frames", 1)
        scale = check_image_header(
            name=name, image_format=image_format, width=width, height=height, frames=frames
        )
        with Image.open(BytesIO(data)) as probe:
            probe.verify()
        image = Image.open(BytesIO(data))
        if scale > 1:
            image.draft(image.mode, (width // scale, height // scale))  # libjpeg's own downscaling
            if image.width * image.height > upload_limit("NEWSROOM_MAX_IMAGE_PIXELS"):
                # Not decodable at reduced scale (e.g. an unusual JPEG): never decoded at full size.
                check_image_header(name=name, image_format="", width=width, height=height, frames=1)
        image.load()
    except ValidationError:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        EOFError,
        Image.DecompressionBombError,
    ) as exc:
        raise not_image from exc

    out = BytesIO()
    if image_format == "GIF":
        image.info.pop("comment", None)
        image.save(out, format="GIF", save_all=frames > 1, optimize=False)
    else:
        if image_format == "JPEG":
            # Apply the orientation tag before dropping it, so stripped photos stay upright.
            ImageOps.exif_transpose(image, in_place=True)
            if image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
        # Drop everything Pillow carried over from the file (EXIF, GPS, XMP, ICC, text chunks);
        # save() is given no metadata, so none is written. In place: no second copy of the pixels.
        keep = {"transparency"} if image.mode in ("P", "L", "RGB") else set()
        image.info = {k: v for k, v in image.info.items() if k in keep}
        image.getexif().clear()
        # Encoder settings chosen for bounded time on the largest accepted image (bench_uploads).
        options = {
            "JPEG": {"quality": 90},
            "WEBP": {"quality": 90, "method": 0},
            "PNG": {"compress_level": 3},
        }.get(image_format, {})
        image.save(out, format=image_format, **options)
    image.close()
    return ContentFile(out.getvalue(), name=f"image{ALLOWED_IMAGE_FORMATS[image_format]}")
