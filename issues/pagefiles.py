"""Page files (版面 PDF and scans): attach them to pages, render PDFs, make web renditions, and
propose article regions from a PDF's text layer.

Naming rule for files beside an issue's text file (what `import_issues` and `attach_page_files`
pick up): ``<stem>.p<N>.<ext>`` where ``<stem>.txt`` is the issue, ``N`` the page number (版次,
leading zeros allowed) and ext one of pdf, jpg, jpeg, png, webp, gif, e.g. ``2021-08-07.txt``,
``2021-08-07.p1.pdf``, ``2021-08-07.p2.jpg``. Only ``*.txt`` files are issues, so page files never
reach the text importer.

PDFs are read with pypdfium2 (Google's PDFium, Apache-2.0/BSD-3-Clause: a newspaper can deploy it
as a web service without opening its own code, unlike PyMuPDF's AGPL-3.0). Renditions are made by
django-imagekit's ImageSpec (pilkit processors, no database tables) and stored through Django's
default storage; their names are kept on the row (see core/renditions.py, which also makes them)."""

from __future__ import annotations

import functools
import hashlib
import io
import logging
import math
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from articles.models import Article, ArticleRegion
from articles.uploads import clean_uploaded_image
from core.generation import bump_site_generation
from core.renditions import delete_files, make_renditions, rendition_names
from issues.models import Issue, Page

log = logging.getLogger(__name__)

PDF_SUFFIXES = {".pdf"}
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".gif"}
PAGE_FILE_RE = re.compile(r"^(?P<stem>.+)\.p(?P<number>\d{1,3})(?P<suffix>\.[A-Za-z]+)$")

# The page image rendered from a PDF: wide enough for the 1600 px rendition and sharp crops.
PDF_RENDER_WIDTH = 2400


class PageFileError(Exception):
    """A page file that cannot be attached; the message is Chinese and names the file."""


@dataclass
class PageFileName:
    path: Path
    number: int
    kind: str  # "pdf" | "image"


@dataclass
class AttachResult:
    name: str
    page_number: int
    kind: str
    changed: bool
    regions: int = 0
    messages: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        what = _("第%(number)s版 %(kind)s") % {
            "number": self.page_number,
            "kind": "PDF" if self.kind == "pdf" else _("版面图"),
        }
        if not self.changed:
            return _("%(what)s：%(name)s 未变化") % {"what": what, "name": self.name}
        text = _("%(what)s：已附加 %(name)s") % {"what": what, "name": self.name}
        if self.kind == "pdf":
            text += _("，自动建议文章区域%(count)s个") % {"count": self.regions}
        return text


def kind_of(name: str) -> str | None:
    suffix = Path(name).suffix.lower()
    if suffix in PDF_SUFFIXES:
        return "pdf"
    if suffix in IMAGE_SUFFIXES:
        return "image"
    return None


def find_page_files(text_path: Path) -> list[PageFileName]:
    """The page files beside an issue's text file, by the naming rule, in page order (PDF first)."""
    text_path = Path(text_path)
    try:
        mtime = text_path.parent.stat().st_mtime_ns
    except OSError:
        return []
    return list(_page_files_in(str(text_path.parent), mtime).get(text_path.stem, ()))


@functools.lru_cache(maxsize=8)
def _page_files_in(directory: str, mtime_ns: int) -> dict[str, list[PageFileName]]:
    """A directory's page files by stem, listed once per directory (and again when it changes):
    an import of a directory of thousands of issues must not list it once per issue."""
    by_stem: dict[str, list[PageFileName]] = {}
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return {}
    for entry in entries:
        match = PAGE_FILE_RE.match(entry.name)
        kind = kind_of(entry.name) if match else None
        if kind and entry.is_file():
            by_stem.setdefault(match["stem"], []).append(
                PageFileName(path=Path(entry.path), number=int(match["number"]), kind=kind)
            )
    for found in by_stem.values():
        found.sort(key=lambda f: (f.number, f.kind != "pdf", f.path.name))
    return by_stem


def max_page_file_bytes() -> int:
    return int(getattr(settings, "NEWSROOM_MAX_PAGE_FILE_BYTES", 50 * 1024 * 1024))


def _read(path_or_file, name: str | None) -> tuple[bytes, str]:
    limit = max_page_file_bytes()
    if isinstance(path_or_file, str | Path):
        path = Path(path_or_file)
        name = name or path.name
        try:
            size = path.stat().st_size
            if size > limit:
                raise PageFileError(
                    _("“%(name)s”太大（%(size)s 字节），上限为 %(limit)s 字节")
                    % {"name": name, "size": size, "limit": limit}
                )
            return path.read_bytes(), name
        except OSError as exc:
            raise PageFileError(
                _("无法读取“%(name)s”：%(error)s") % {"name": name, "error": exc.strerror or exc}
            ) from exc
    name = name or Path(getattr(path_or_file, "name", "") or "page").name
    if hasattr(path_or_file, "seek"):
        path_or_file.seek(0)
    data = path_or_file.read(limit + 1)
    if len(data) > limit:
        raise PageFileError(_("“%(name)s”太大，上限为 %(limit)s 字节") % {"name": name, "limit": limit})
    return data, name


# ---------------------------------------------------------------------------------------------
# PDF


@dataclass
class PdfWord:
    """One character of a PDF's text layer with its box, page-relative (0..1, origin top left)."""

    char: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass
class RenderedPdf:
    image: object  # PIL.Image.Image
    chars: list[PdfWord]
    page_count: int


def render_pdf(*, data: bytes, name: str, width: int = PDF_RENDER_WIDTH) -> RenderedPdf:
    """Render the PDF's (only) page to an RGB image ``width`` px wide and read its text layer.

    Raises PageFileError for anything that is not a readable one-page PDF."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    if not data.startswith(b"%PDF-") and b"%PDF-" not in data[:1024]:
        raise PageFileError(_("“%(name)s”不是 PDF 文件") % {"name": name})
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise PageFileError(_("“%(name)s”不是有效的 PDF：%(error)s") % {"name": name, "error": exc}) from exc
    try:
        page_count = len(document)
        if page_count != 1:
            raise PageFileError(
                _("“%(name)s”有 %(count)s 页；每个版面文件应只含一页") % {"name": name, "count": page_count}
            )
        page = document[0]
        page_width, page_height = page.get_size()
        if page_width <= 0 or page_height <= 0:
            raise PageFileError(_("“%(name)s”的页面尺寸无效") % {"name": name})
        scale = width / page_width
        image = page.render(scale=scale).to_pil().convert("RGB")
        textpage = page.get_textpage()
        chars = []
        for index in range(textpage.count_chars()):
            code = pdfium_c.FPDFText_GetUnicode(textpage.raw, index)
            if not code:
                continue
            char = chr(code)
            if char.isspace():
                continue
            left, bottom, right, top = textpage.get_charbox(index)
            if right <= left or top <= bottom:
                continue
            chars.append(
                PdfWord(
                    char=char,
                    x0=max(0.0, left / page_width),
                    y0=max(0.0, 1 - top / page_height),
                    x1=min(1.0, right / page_width),
                    y1=min(1.0, 1 - bottom / page_height),
                )
            )
        textpage.close()
        page.close()
    except pdfium.PdfiumError as exc:
        raise PageFileError(_("“%(name)s”无法渲染：%(error)s") % {"name": name, "error": exc}) from exc
    finally:
        document.close()
    return RenderedPdf(image=image, chars=chars, page_count=page_count)


def pdf_chars(*, data: bytes, name: str = "page.pdf") -> list[PdfWord]:
    """The text layer alone (renders a small image only to share render_pdf's checks)."""
    return render_pdf(data=data, name=name, width=200).chars


# ---------------------------------------------------------------------------------------------
# Attaching


def _validated_image(data: bytes, name: str) -> ContentFile:
    """Pillow checks, exactly as for uploads (articles.uploads: type, size, pixel limits, metadata
    stripped); a page scan is an upload that came by another door."""

    try:
        cleaned = clean_uploaded_image(ContentFile(data, name=name))
    except ValidationError as exc:
        raise PageFileError("；".join(exc.messages)) from exc
    cleaned.seek(0)
    return ContentFile(cleaned.read(), name=getattr(cleaned, "name", None) or name)


def attach_page_file(*, page, path_or_file, kind: str | None = None, name: str | None = None) -> AttachResult:
    """Attach a PDF or a scan to a page: validated, stored, rendered (PDF), renditions made,
    regions proposed (PDF with a text layer). All or nothing: on any error the page is as it was
    and the files written so far are deleted. The same file attached again changes nothing.

    A scan, once attached, is the page image; a PDF then only gives the download and the regions.
    A changed file replaces the old one (its files are deleted after the commit); regions an
    editor drew or decided on are kept, automatic proposals are made again."""
    data, name = _read(path_or_file, name)
    kind = kind or kind_of(name)
    if kind not in {"pdf", "image"}:
        raise PageFileError(
            _("“%(name)s”不是可用的版面文件（只接受 PDF、JPEG、PNG、WebP、GIF）") % {"name": name}
        )
    digest = hashlib.sha256(data).hexdigest()
    result = AttachResult(name=name, page_number=page.number, kind=kind, changed=False)
    if digest == (page.pdf_sha256 if kind == "pdf" else page.image_sha256):
        return result

    written: list[str] = []
    old_files: list[str] = []
    try:
        # Checked and rendered before the page row is locked: that takes the longest.
        rendered = render_pdf(data=data, name=name) if kind == "pdf" else None
        image = _validated_image(data, name) if kind == "image" else None
        with transaction.atomic():
            page = Page.objects.select_for_update().select_related("issue").get(pk=page.pk)
            chars = None
            if rendered is not None:
                chars = rendered.chars
                old_files.append(page.pdf.name)
                page.pdf.save(f"page{Path(name).suffix.lower()}", ContentFile(data), save=False)
                written.append(page.pdf.name)
                # The PDF's rendering is the page image unless there is a scan (or an image put
                # there by hand): a rendered image carries the PDF's digest.
                if not page.image or page.image_sha256 == page.pdf_sha256:
                    page.image_sha256 = digest
                    buffer = io.BytesIO()
                    rendered.image.save(buffer, format="JPEG", quality=88, optimize=True)
                    old_files.append(page.image.name)
                    old_files.extend(rendition_names(page.renditions))
                    page.image.save("page.jpg", ContentFile(buffer.getvalue()), save=False)
                    written.append(page.image.name)
                    renditions = make_renditions(instance=page, save=False, source_bytes=buffer.getvalue())
                    written.extend(rendition_names(renditions))
                page.pdf_sha256 = digest
            else:
                old_files.append(page.image.name)
                old_files.extend(rendition_names(page.renditions))
                image.seek(0)
                source_bytes = image.read()
                page.image.save(image.name, ContentFile(source_bytes), save=False)
                written.append(page.image.name)
                page.image_sha256 = digest
                renditions = make_renditions(instance=page, save=False, source_bytes=source_bytes)
                written.extend(rendition_names(renditions))
            page.save()
            if chars is not None:
                result.regions = len(propose_regions(page=page, chars=chars))
    except PageFileError:
        delete_files(written)
        raise
    except Exception as exc:
        delete_files(written)
        raise PageFileError(
            _("“%(name)s”未能附加（%(type)s）：%(error)s")
            % {"name": name, "type": type(exc).__name__, "error": exc}
        ) from exc
    transaction.on_commit(lambda: delete_files(n for n in old_files if n and n not in written))
    result.changed = True
    return result


def attach_files_beside(*, text_path: Path, issue) -> tuple[list[AttachResult], list[str]]:
    """Attach the page files named after ``text_path`` to ``issue``'s pages.

    Returns (attached, errors): each error a Chinese line naming the file. A file for a page the
    issue does not have is an error; the other files are still attached."""
    pages = {p.number: p for p in issue.pages.all()}
    attached, errors = [], []
    for found in find_page_files(Path(text_path)):
        page = pages.get(found.number)
        if page is None:
            errors.append(
                _("%(file)s：本期没有第%(number)s版") % {"file": found.path, "number": found.number}
            )
            continue
        try:
            attached.append(attach_page_file(page=page, path_or_file=found.path, kind=found.kind))
        except PageFileError as exc:
            errors.append(f"{found.path}：{exc}")
        page.refresh_from_db()
    return attached, errors


# ---------------------------------------------------------------------------------------------
# Automatic regions from the text layer

GRAM = 4
MIN_BLOCK_CHARS = 4


def _normalise(text: str) -> str:
    """What matching compares: NFKC (full-width forms), no whitespace or punctuation, lower case."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch.lower() for ch in text if ch.isalnum())


def article_match_text(article) -> str:
    import html

    body = article.source_text
    if not body:
        body = html.unescape(re.sub(r"<[^>]+>", "", article.body or ""))
    return "\n".join(t for t in (article.kicker, article.headline, article.subheadline, body) if t)


@dataclass
class _Box:
    x0: float
    y0: float
    x1: float
    y1: float
    chars: int = 1

    def add(self, other: _Box) -> None:
        self.x0, self.y0 = min(self.x0, other.x0), min(self.y0, other.y0)
        self.x1, self.y1 = max(self.x1, other.x1), max(self.y1, other.y1)
        self.chars += other.chars


def _horizontal_overlap(a: _Box, b: _Box) -> float:
    overlap = min(a.x1, b.x1) - max(a.x0, b.x0)
    return overlap / max(1e-9, min(a.x1 - a.x0, b.x1 - b.x0))


def _blocks(boxes: list[_Box]) -> list[_Box]:
    """Character boxes (in reading order) → lines → column blocks → rectangles.

    A line is a run of characters on one baseline; a line joins the block above it when they
    overlap horizontally and the gap is under two line heights; then blocks side by side with
    the same top and bottom (the columns of one article) become one rectangle."""
    lines: list[_Box] = []
    for box in boxes:
        if lines:
            line = lines[-1]
            height = max(line.y1 - line.y0, box.y1 - box.y0)
            same_line = abs((line.y0 + line.y1) / 2 - (box.y0 + box.y1) / 2) < height * 0.5
            near = box.x0 - line.x1 < height * 3 and box.x0 > line.x0 - height * 0.5
            if same_line and near:
                line.add(box)
                continue
        lines.append(_Box(box.x0, box.y0, box.x1, box.y1))
    blocks: list[_Box] = []
    for line in sorted(lines, key=lambda b: b.y0):
        height = line.y1 - line.y0
        for block in blocks:
            near = block.y0 - height <= line.y0 <= block.y1 + height * 3
            if near and _horizontal_overlap(block, line) > 0.5:
                block.add(line)
                break
        else:
            blocks.append(_Box(line.x0, line.y0, line.x1, line.y1, line.chars))
    blocks = [b for b in blocks if b.chars >= MIN_BLOCK_CHARS]
    merged = True
    while merged:
        merged = False
        blocks.sort(key=lambda b: (b.y0, b.x0))
        for i, a in enumerate(blocks):
            for b in blocks[i + 1 :]:
                tolerance = 0.02
                same_rows = abs(a.y0 - b.y0) < tolerance and abs(a.y1 - b.y1) < tolerance
                touching = min(abs(b.x0 - a.x1), abs(a.x0 - b.x1)) < 0.03
                stacked = _horizontal_overlap(a, b) > 0.5 and min(abs(b.y0 - a.y1), abs(a.y0 - b.y1)) < 0.02
                overlapping = min(a.x1, b.x1) > max(a.x0, b.x0) and min(a.y1, b.y1) > max(a.y0, b.y0)
                if (same_rows and touching) or stacked or overlapping:
                    a.add(b)
                    blocks.remove(b)
                    merged = True
                    break
            if merged:
                break
    return blocks


def match_articles(*, articles, chars: list[PdfWord]) -> dict[int, tuple[float, list[_Box]]]:
    """Map each article (by pk) to (score, rectangles) from the text layer's characters.

    Every character n-gram of the page that occurs in exactly one article's text is given to that
    article; score = the share of the article's n-grams found on the page."""
    page_chars = [(w, n) for w in chars for n in _normalise(w.char)]
    page_text = "".join(n for _w, n in page_chars)
    page_grams = {page_text[i : i + GRAM] for i in range(len(page_text) - GRAM + 1)}
    owners: dict[str, set[int]] = {}
    grams_of: dict[int, set[str]] = {}
    for article in articles:
        text = _normalise(article_match_text(article))
        grams = {text[i : i + GRAM] for i in range(len(text) - GRAM + 1)}
        grams_of[article.pk] = grams
        for gram in grams:
            owners.setdefault(gram, set()).add(article.pk)
    # First the n-grams only one article has; then an n-gram several articles share (a quoted
    # title, a phrase) goes to the article of the text around it, when that article has it too.
    owner_at: list[int | None] = [None] * len(page_text)
    shared: list[tuple[int, set[int]]] = []
    for i in range(len(page_text) - GRAM + 1):
        owner = owners.get(page_text[i : i + GRAM])
        if owner and len(owner) == 1:
            pk = next(iter(owner))
            for j in range(i, i + GRAM):
                owner_at[j] = pk
        elif owner:
            shared.append((i, owner))
    for _round in range(2):
        for i, owner in shared:
            before = next((owner_at[j] for j in range(i - 1, max(-1, i - 40), -1) if owner_at[j]), None)
            after = next(
                (owner_at[j] for j in range(i + GRAM, min(len(page_text), i + GRAM + 40)) if owner_at[j]),
                None,
            )
            pk = before if before in owner else after if after in owner else None
            if pk is not None:
                for j in range(i, i + GRAM):
                    owner_at[j] = owner_at[j] or pk
    taken: dict[int, set[int]] = {}
    for i, pk in enumerate(owner_at):
        if pk is not None:
            taken.setdefault(pk, set()).add(i)
    results = {}
    for pk, grams in grams_of.items():
        if not grams or pk not in taken:
            continue
        score = len(grams & page_grams) / len(grams)
        boxes = []
        last_word = None
        for i in sorted(taken[pk]):
            word = page_chars[i][0]
            if word is last_word:  # one PDF character normalised to several (e.g. ㈠)
                continue
            last_word = word
            boxes.append(_Box(word.x0, word.y0, word.x1, word.y1))
        blocks = _blocks(boxes)
        if blocks:
            results[pk] = (round(min(1.0, score), 4), blocks)
    return results


def propose_regions(*, page, chars: list[PdfWord] | None = None, padding: float = 0.004) -> list:
    """Propose regions for the page's articles from its PDF's text layer (read from page.pdf when
    ``chars`` is not given). Replaces earlier automatic proposals nobody has decided on; an article
    with a region an editor drew, accepted or rejected on this page gets no new proposal."""

    if chars is None:
        page = type(page).objects.get(pk=page.pk)  # the stored PDF, not a stale instance's
        if not page.pdf:
            return []
        page.pdf.open("rb")
        try:
            chars = pdf_chars(data=page.pdf.read(), name=Path(page.pdf.name).name)
        finally:
            page.pdf.close()
    with transaction.atomic():
        decided = set(
            ArticleRegion.objects.filter(page=page)
            .exclude(source=ArticleRegion.Source.AUTO, status=ArticleRegion.Status.PROPOSED)
            .values_list("article_id", flat=True)
        )
        ArticleRegion.objects.filter(
            page=page, source=ArticleRegion.Source.AUTO, status=ArticleRegion.Status.PROPOSED
        ).delete()
        articles = [a for a in Article.objects.filter(page=page) if a.pk not in decided]
        if not chars or not articles:
            return []
        rows = []
        for pk, (score, blocks) in match_articles(articles=articles, chars=chars).items():
            blocks.sort(key=lambda b: (b.x0, b.y0))
            for order, block in enumerate(blocks, start=1):
                x0, y0 = round(max(0.0, block.x0 - padding), 5), round(max(0.0, block.y0 - padding), 5)
                x1, y1 = min(1.0, block.x1 + padding), min(1.0, block.y1 + padding)
                rows.append(
                    ArticleRegion(
                        article_id=pk,
                        page=page,
                        x=x0,
                        y=y0,
                        width=math.floor((x1 - x0) * 1e5) / 1e5,
                        height=math.floor((y1 - y0) * 1e5) / 1e5,
                        order=order,
                        source=ArticleRegion.Source.AUTO,
                        status=ArticleRegion.Status.PROPOSED,
                        score=score,
                    )
                )
        created = ArticleRegion.objects.bulk_create(rows)

        bump_site_generation()
        return created


def attach_beside(result) -> None:
    """The importer's hook: attach the page files beside a text file just imported (or found
    unchanged, or skipped as edited: its pages are there all the same) and note the outcome on the
    ImportResult. A dry run only lists the files it would attach."""
    if result.outcome not in {"imported", "updated", "replaced", "unchanged", "skipped_edited"}:
        return
    text_path = Path(result.source_name)
    if result.dry_run:
        result.page_files = [
            _("第%(number)s版：%(name)s") % {"number": f.number, "name": f.path.name}
            for f in find_page_files(text_path)
        ]
        return
    # The directory listing first (cached per directory): a text file without page files costs
    # no query, and an import whose database has gone away reports that once, as a failed file.
    if not result.issue_id or not find_page_files(text_path):
        return
    try:
        issue = Issue.objects.filter(pk=result.issue_id).first()
        if issue is None:
            return
        attached, errors = attach_files_beside(text_path=text_path, issue=issue)
    except DatabaseError as exc:
        result.page_file_errors = [
            _("%(name)s：版面文件未能附加：%(error)s") % {"name": text_path, "error": exc}
        ]
        return
    result.page_files = [str(a) for a in attached]
    result.page_file_errors = errors


# ---------------------------------------------------------------------------------------------
# The attach command's engine

DATE_STEM_RE = re.compile(r"^(?P<y>\d{4})-?(?P<m>\d{2})-?(?P<d>\d{2})$")


def issue_for_stem(stem: str):
    """The issue a page file's stem names: a date (2021-08-07 or 20210807), or the name of the
    text file the issue was imported from (its stem). None when there is none, or several."""
    import datetime

    from django.db.models import Q

    match = DATE_STEM_RE.match(stem)
    if match:
        try:
            date = datetime.date(int(match["y"]), int(match["m"]), int(match["d"]))
        except ValueError:
            date = None
        if date:
            return Issue.objects.filter(date=date).first()
    found = list(
        Issue.objects.filter(Q(source_name__iexact=f"{stem}.txt") | Q(source_name__iendswith=f"/{stem}.txt"))[
            :2
        ]
    )
    return found[0] if len(found) == 1 else None


def iter_page_file_paths(paths) -> list[tuple[Path, str | None]]:
    """Files named by the rule, from files and directories (searched recursively), each once."""
    out, seen = [], set()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            candidates = sorted(p for p in path.rglob("*") if p.is_file() and PAGE_FILE_RE.match(p.name))
            candidates = [p for p in candidates if kind_of(p.name)]
        elif path.is_file():
            candidates = [path]
        else:
            out.append((path, _("文件或目录不存在")))
            continue
        for candidate in candidates:
            if candidate.resolve() not in seen:
                seen.add(candidate.resolve())
                out.append((candidate, None))
    return out


def attach_paths(paths, *, date=None, page_number: int | None = None):
    """Yield (path, AttachResult | None, error | None) for each page file under ``paths``.

    Without ``date``/``page_number`` the issue and page come from the file name (the naming rule;
    the stem is the issue's date or its text file's stem); with them, one file of any name."""
    for path, problem in iter_page_file_paths(paths):
        if problem:
            yield path, None, problem
            continue
        match = PAGE_FILE_RE.match(path.name)
        if date is not None:
            issue = Issue.objects.filter(date=date).first()
            if issue is None:
                yield path, None, _("没有 %(date)s 这一期") % {"date": date.isoformat()}
                continue
        elif match is None:
            yield path, None, _("文件名不符合“<名称>.p<版次>.<扩展名>”的规则，请用 --date 和 --page 指定")
            continue
        else:
            issue = issue_for_stem(match["stem"])
            if issue is None:
                yield (
                    path,
                    None,
                    _("找不到“%(stem)s”对应的期次（文件名应为出版日期或导入时的文本文件名）")
                    % {"stem": match["stem"]},
                )
                continue
        number = page_number or (int(match["number"]) if match else None)
        if number is None:
            yield path, None, _("请用 --page 指定版次")
            continue
        page = issue.pages.filter(number=number).first()
        if page is None:
            yield (
                path,
                None,
                _("%(date)s 没有第%(number)s版") % {"date": issue.date.isoformat(), "number": number},
            )
            continue
        try:
            yield path, attach_page_file(page=page, path_or_file=path), None
        except PageFileError as exc:
            yield path, None, str(exc)
