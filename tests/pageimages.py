"""Page images for tests, drawn with Pillow: a white page with a grey block per article at a known
place, its web renditions saved through the default storage, and the fields set directly (the way
h12a's attach service leaves a page), so reader tests need neither a PDF nor the attach command."""

from __future__ import annotations

import io

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageDraw, ImageFont

from articles.models import Article, ArticleRegion
from issues.models import Page

BLOCK_COLOURS = ["#c9d6e8", "#e8d3c9", "#d3e8c9", "#e3c9e8", "#e8e3c9", "#c9e8e3"]
CJK_FONT = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc"  # fonts-noto-cjk (scripts/system-deps.sh)


def front_page_boxes(count: int) -> list[tuple[float, float, float, float]]:
    """A plausible front page layout below a masthead: the lead across the top, the rest in three
    columns. Known boxes, so tests can check where each article's area is."""
    if count <= 0:
        return []
    boxes = [(0.04, 0.16, 0.92, 0.3)]
    rest = count - 1
    rows = max(1, -(-rest // 3))
    row_height = 0.48 / rows
    for index in range(rest):
        column, row = index % 3, index // 3
        boxes.append((0.04 + column * 0.31, 0.49 + row * row_height, 0.29, row_height - 0.015))
    return boxes


def draw_page(
    width: int,
    height: int,
    boxes: list[tuple[float, float, float, float]],
    *,
    titles: list[str] = (),
    masthead: str = "",
) -> Image.Image:
    """A page: a red masthead rule (and name), and one tinted block with grey 'lines of text' per
    box, its title printed in it with a CJK font when one is given."""
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, width, int(height * 0.012)], fill="#b3121b")
    font = ImageFont.truetype(CJK_FONT, max(12, width // 40)) if titles or masthead else None
    if masthead:
        big = ImageFont.truetype(CJK_FONT, width // 12)
        draw.text((width * 0.04, height * 0.03), masthead, fill="#b3121b", font=big)
        draw.line(
            [0, int(height * 0.14), width, int(height * 0.14)], fill="#b3121b", width=max(2, width // 300)
        )
    for index, (x, y, w, h) in enumerate(boxes):
        left, top = int(x * width), int(y * height)
        right, bottom = int((x + w) * width) - 1, int((y + h) * height) - 1
        draw.rectangle(
            [left, top, right, bottom], fill=BLOCK_COLOURS[index % len(BLOCK_COLOURS)], outline="#555"
        )
        step = max(6, height // 60)
        for line_top in range(top + step * 2, bottom - step // 2, step):
            draw.line([left + 6, line_top, right - 6, line_top], fill="#888", width=max(1, step // 4))
        title = titles[index] if index < len(titles) else ""
        if title and font is not None:
            # the headline, cut to the block's width, on a white band
            size = font.size
            fits = max(1, int((right - left - 16) // size))
            draw.rectangle([left + 4, top + 4, right - 4, top + size + 14], fill="white")
            draw.text((left + 8, top + 6), title[:fits], fill="#111", font=font)
        else:
            draw.rectangle([left + 6, top + 4, right - 6, top + step + 2], fill="#333")  # the headline
    return image


def attach_page_image(
    page: Page,
    *,
    boxes: list[tuple[float, float, float, float]] = (),
    width: int = 1000,
    height: int = 1400,
    rendition_widths: tuple[int, ...] = (480, 960),
    titles: list[str] = (),
    masthead: str = "",
) -> Page:
    """Set page.image (PNG), image_width/height and renditions (WebP + JPEG) as the interface defines."""
    image = draw_page(width, height, list(boxes), titles=list(titles), masthead=masthead)
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
