"""Page images for tests, drawn with Pillow: a white page with a grey block per article at a known
place, its web renditions saved through the default storage, and the fields set directly (the way
h12a's attach service leaves a page), so reader tests need neither a PDF nor the attach command."""

from __future__ import annotations

import io

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageDraw

from articles.models import Article, ArticleRegion
from issues.models import Page

BLOCK_COLOURS = ["#c9d6e8", "#e8d3c9", "#d3e8c9", "#e3c9e8", "#e8e3c9", "#c9e8e3"]


def draw_page(width: int, height: int, boxes: list[tuple[float, float, float, float]]) -> Image.Image:
    """A page: a red masthead rule, and one tinted block with grey 'lines of text' per box."""
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, width, int(height * 0.012)], fill="#b3121b")
    for index, (x, y, w, h) in enumerate(boxes):
        left, top = int(x * width), int(y * height)
        right, bottom = int((x + w) * width) - 1, int((y + h) * height) - 1
        draw.rectangle(
            [left, top, right, bottom], fill=BLOCK_COLOURS[index % len(BLOCK_COLOURS)], outline="#555"
        )
        step = max(6, height // 60)
        for line_top in range(top + step * 2, bottom - step // 2, step):
            draw.line([left + 6, line_top, right - 6, line_top], fill="#888", width=max(1, step // 4))
        draw.rectangle([left + 6, top + 4, right - 6, top + step + 2], fill="#333")  # the headline
    return image


def attach_page_image(
    page: Page,
    *,
    boxes: list[tuple[float, float, float, float]] = (),
    width: int = 1000,
    height: int = 1400,
    rendition_widths: tuple[int, ...] = (480, 960),
) -> Page:
    """Set page.image (PNG), image_width/height and renditions (WebP + JPEG) as the interface defines."""
    image = draw_page(width, height, list(boxes))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    page.image.save(f"p{page.number}.png", ContentFile(buffer.getvalue()), save=False)
    renditions: dict[str, list] = {"webp": [], "jpeg": []}
    for target in rendition_widths:
        scaled = image.resize((target, round(height * target / width)))
        for fmt, pil_format, suffix in (("webp", "WEBP", "webp"), ("jpeg", "JPEG", "jpg")):
            out = io.BytesIO()
            scaled.save(out, pil_format, quality=80)
            name = default_storage.save(
                f"renditions/test/p{page.pk}-{target}.{suffix}", ContentFile(out.getvalue())
            )
            renditions[fmt].append([target, name])
    page.renditions = renditions
    page.save()
    return page


def add_region(
    article: Article,
    box: tuple[float, float, float, float],
    *,
    page: Page | None = None,
    order: int = 1,
    **fields,
) -> ArticleRegion:
    x, y, w, h = box
    return ArticleRegion.objects.create(
        article=article, page=page or article.page, x=x, y=y, width=w, height=h, order=order, **fields
    )
