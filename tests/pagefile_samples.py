"""Page PDFs and scans that tests make: article text set in columns with a CJK font (Noto Sans CJK,
Debian's fonts-noto-cjk), with a real text layer, and the box each article was set in, so the
automatic regions can be checked against where the text really is."""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass

NOTO_CJK = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
NOTO_CJK_SC = 2  # the Simplified Chinese face in the collection

PAGE_WIDTH, PAGE_HEIGHT = 1000.0, 1400.0  # points
MARGIN = 40.0
COLUMNS = 4
GUTTER = 20.0
BODY_SIZE = 9.0
HEADLINE_SIZE = 16.0
LEADING = 1.35


@dataclass
class Box:
    """Page-relative (0..1, origin top left)."""

    x0: float
    y0: float
    x1: float
    y1: float


def column_width() -> float:
    return (PAGE_WIDTH - 2 * MARGIN - (COLUMNS - 1) * GUTTER) / COLUMNS


def _wrap(text: str, size: float, width: float, measure) -> list[str]:
    lines = []
    for paragraph in text.splitlines():
        paragraph = paragraph.strip()
        line = ""
        for ch in paragraph:
            if measure(line + ch, size) > width:
                lines.append(line)
                line = ch
            else:
                line += ch
        if line:
            lines.append(line)
    return lines


def make_page_pdf(articles: list[tuple[object, str, str]], *, text_layer: bool = True) -> tuple[bytes, dict]:
    """Set each (key, headline, body) in turn down the page's columns and return the PDF and
    {key: [Box, …]}: one box per column the article occupies (its text's extent there).

    ``text_layer=False`` draws the same page as an image only (a scanned PDF, no text layer).
    Made once per text for the test session (embedding the CJK font takes seconds)."""
    keys = [key for key, _headline, _body in articles]
    texts = tuple((headline, body) for _key, headline, body in articles)
    data, boxes = _page_pdf(texts, text_layer)
    return data, {key: boxes[index] for index, key in enumerate(keys) if index in boxes}


@functools.lru_cache(maxsize=16)
def _page_pdf(texts: tuple, text_layer: bool) -> tuple[bytes, dict]:
    from fpdf import FPDF

    articles = [(index, headline, body) for index, (headline, body) in enumerate(texts)]

    pdf = FPDF(unit="pt", format=(PAGE_WIDTH, PAGE_HEIGHT))
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.add_font("noto", fname=NOTO_CJK, collection_font_number=NOTO_CJK_SC)

    widths: dict = {}

    def measure(text, size):
        total = 0.0
        for ch in text:
            if ch not in widths:
                pdf.set_font("noto", size=1)
                widths[ch] = pdf.get_string_width(ch)
            total += widths[ch] * size
        return total

    boxes: dict = {}
    width = column_width()
    column, y = 0, MARGIN
    bottom = PAGE_HEIGHT - MARGIN
    for key, headline, body in articles:
        lines = [(line, HEADLINE_SIZE) for line in _wrap(headline, HEADLINE_SIZE, width, measure)]
        lines += [(line, BODY_SIZE) for line in _wrap(body, BODY_SIZE, width, measure)]
        current = None
        for text, size in lines:
            step = size * LEADING
            if y + step > bottom:
                column += 1
                y = MARGIN
                current = None
                if column >= COLUMNS:
                    raise ValueError("the articles do not fit on one page")
            x = MARGIN + column * (width + GUTTER)
            baseline = y + size
            pdf.set_font("noto", size=size)
            pdf.text(x, baseline, text)
            top, low = baseline - size * 0.88, baseline + size * 0.12
            right = x + measure(text, size)
            if current is None:
                current = [x, top, right, low]
                boxes.setdefault(key, []).append(current)
            else:
                current[1], current[2], current[3] = min(current[1], top), max(current[2], right), low
            y += step
        y += BODY_SIZE * 2  # space between articles
    data = bytes(pdf.output())
    if not text_layer:
        data = _image_only(data)
    return data, {
        key: [
            Box(b[0] / PAGE_WIDTH, b[1] / PAGE_HEIGHT, b[2] / PAGE_WIDTH, b[3] / PAGE_HEIGHT) for b in value
        ]
        for key, value in boxes.items()
    }


def _image_only(data: bytes) -> bytes:
    """The same page rasterised into a PDF with no text (what a scanner's PDF is)."""
    import pypdfium2 as pdfium
    from fpdf import FPDF

    document = pdfium.PdfDocument(data)
    image = document[0].render(scale=1).to_pil().convert("RGB")
    document.close()
    pdf = FPDF(unit="pt", format=(PAGE_WIDTH, PAGE_HEIGHT))
    pdf.add_page()
    pdf.image(image, x=0, y=0, w=PAGE_WIDTH, h=PAGE_HEIGHT)
    return bytes(pdf.output())


def make_scan(*, width: int = 1200, height: int = 1680, fmt: str = "JPEG") -> bytes:
    """A page scan: a grey page with dark blocks, in the given format."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width, height), (236, 232, 222))
    draw = ImageDraw.Draw(image)
    for i in range(8):
        draw.rectangle([60 + i * 130, 80, 160 + i * 130, height - 80], fill=(70, 70, 70))
    buffer = io.BytesIO()
    image.save(buffer, format=fmt)
    return buffer.getvalue()


def mask_iou(proposed: list[Box], expected: list[Box], grid: int = 400) -> float:
    """Intersection over union of two sets of rectangles, on a grid over the page."""

    def cells(boxes):
        covered = set()
        for b in boxes:
            for gx in range(int(b.x0 * grid), int(b.x1 * grid) + 1):
                for gy in range(int(b.y0 * grid), int(b.y1 * grid) + 1):
                    covered.add((gx, gy))
        return covered

    a, b = cells(proposed), cells(expected)
    return len(a & b) / max(1, len(a | b))
