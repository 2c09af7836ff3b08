"""What the reader's page view (版面图) reads: article regions on a page image, an article's crop of
its page ("原版面"), and 往年今日 (the front pages of the same day in earlier years).

Selectors beside reader/selectors.py, each a fixed number of queries whatever the size of the page or
the archive. Regions are page-relative (0..1), so the page view positions links in percent of the
image and the article crop is plain CSS over a stored rendition: no image is cut or stored here."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from articles.models import Article, ArticleRegion
from issues.models import Issue, Page

# The article crop is shown at most this wide (CSS px); `sizes` tells the browser which rendition.
CROP_DISPLAY_WIDTH = 640
SEARCH_CROP_DISPLAY_WIDTH = 160
THUMB_MIN_RATIO = 0.75  # search thumbnails: at most 4:3 tall
ON_THIS_DAY_HOME_LIMIT = 5
ON_THIS_DAY_HEADLINES = 4


def _percent(value: float) -> str:
    """A CSS percentage with enough digits for a 1600 px rendition, and a dot whatever the locale."""
    return f"{value * 100:.3f}%"


@dataclass
class PageScan:
    """The page image as the templates need it: WebP and JPEG srcsets from the stored renditions,
    a fallback src, the intrinsic size (no layout shift) and the page's PDF."""

    page: Page
    webp_srcset: str
    jpeg_srcset: str
    src: str
    width: int | None
    height: int | None
    pdf_url: str


def page_scan(page: Page, *, fallback_width: int = 960) -> PageScan | None:
    """None for a page without an image (it keeps the text layout). No query: names and sizes are
    on the page row, URLs come from the storage (S3-compatible storage gives its own URLs)."""
    if not page.image:
        return None
    return PageScan(
        page=page,
        webp_srcset=page.image_srcset("webp"),
        jpeg_srcset=page.image_srcset("jpeg"),
        src=page.image_rendition_url(fallback_width, "jpeg") or page.image.url,
        width=page.image_width,
        height=page.image_height,
        pdf_url=page.pdf.url if page.pdf else "",
    )


@dataclass
class RegionLink:
    """One clickable area of the page view: an article's rectangle, positioned in percent."""

    region: ArticleRegion
    article: Article

    @property
    def style(self) -> str:
        r = self.region
        return (
            f"left:{_percent(r.x)};top:{_percent(r.y)};width:{_percent(r.width)};height:{_percent(r.height)}"
        )


@dataclass
class RegionCrop:
    """An article's region cut out of its page by CSS: a frame with the region's aspect ratio, and
    the whole page image inside it, scaled and shifted so that only the region shows.

    `min_ratio` (width / height) keeps a thumbnail of a long narrow column from growing tall: only
    the top of the region is shown, where the headline is."""

    region: ArticleRegion
    page: Page
    display_width: int = CROP_DISPLAY_WIDTH
    min_ratio: float | None = None

    @cached_property
    def scan(self) -> PageScan | None:
        return page_scan(self.page)

    @cached_property
    def box(self) -> tuple[float, float, float, float]:
        r, page = self.region, self.page
        height = r.height
        if self.min_ratio and page.image_width and page.image_height:
            tallest = r.width * page.image_width / (self.min_ratio * page.image_height)
            height = min(height, tallest)
        return r.x, r.y, r.width, height

    @property
    def frame_style(self) -> str:
        x, y, w, h = self.box
        page = self.page
        pixel_width = w * (page.image_width or 1)
        ratio = pixel_width / max(h * (page.image_height or 1), 1e-9)
        # never drawn larger than the scan's own pixels: a narrow column is not blown up blurred
        return f"aspect-ratio:{ratio:.4f};max-width:min(100%,{max(round(pixel_width), 120)}px)"

    @property
    def image_style(self) -> str:
        x, y, w, h = self.box
        return (
            f"width:{_percent(1 / w)};height:{_percent(1 / h)};left:{_percent(-x / w)};top:{_percent(-y / h)}"
        )

    @property
    def sizes(self) -> str:
        """The width at which the whole page is drawn, so the browser picks a sharp enough rendition."""
        return f"{round(self.display_width / self.box[2])}px"


def page_region_links(page: Page, articles: list[Article]) -> list[RegionLink]:
    """The visible regions on `page` of the given (published) articles, in reading order. One query.

    `articles` is the whole issue's published articles, so an article continued here from another
    page (转版) is clickable on this page too; regions of unpublished articles never show."""
    if not page.image:
        return []
    by_id = {article.pk: article for article in articles}
    if not by_id:
        return []
    regions = (
        ArticleRegion.objects.visible().filter(page=page, article_id__in=list(by_id)).order_by("order", "id")
    )
    links = [RegionLink(region=region, article=by_id[region.article_id]) for region in regions]
    order = {article.pk: index for index, article in enumerate(articles)}
    links.sort(key=lambda link: (order[link.article.pk], link.region.order, link.region.pk))
    return links


def article_region_crops(article: Article, *, display_width: int = CROP_DISPLAY_WIDTH) -> list[RegionCrop]:
    """The article's visible regions on pages that have an image, page by page. One query."""
    regions = (
        ArticleRegion.objects.visible()
        .filter(article=article)
        .select_related("page")
        .order_by("page__number", "order", "id")
    )
    crops = []
    for region in regions:
        if not region.page.image or region.width <= 0 or region.height <= 0:
            continue
        region.page.issue = article.issue  # same issue: the page's URL costs no query
        crops.append(RegionCrop(region=region, page=region.page, display_width=display_width))
    return crops


def first_crops_by_article(articles: list[Article], *, display_width: int) -> dict[int, RegionCrop]:
    """For a list of articles (search hits): each one's first visible region with an image. One query."""
    if not articles:
        return {}
    issues = {article.pk: article.issue for article in articles}
    regions = (
        ArticleRegion.objects.visible()
        .filter(article_id__in=list(issues))
        .exclude(page__image="")
        .select_related("page")
        .order_by("article_id", "page__number", "order", "id")
    )
    crops: dict[int, RegionCrop] = {}
    for region in regions:
        if region.article_id in crops or region.width <= 0 or region.height <= 0:
            continue
        region.page.issue = issues[region.article_id]
        crops[region.article_id] = RegionCrop(
            region=region, page=region.page, display_width=display_width, min_ratio=THUMB_MIN_RATIO
        )
    return crops


@dataclass
class DayFront:
    """One earlier year's front page for 往年今日: the issue, its first page, its first headlines."""

    issue: Issue
    page: Page
    articles: list[Article]

    @cached_property
    def scan(self) -> PageScan | None:
        return page_scan(self.page)


def on_this_day(*, month: int, day: int, before_year: int, limit: int | None = None) -> list[DayFront]:
    """Front pages (第1版) of published issues of this month and day in years before `before_year`,
    newest first, each with its first published headlines. One query: the articles with their page
    and issue; a front page with no published article has nothing to show and is left out."""
    issues = Issue.objects.published().filter(date__month=month, date__day=day, date__year__lt=before_year)
    issue_ids = issues.order_by("-date").values("pk")
    if limit:
        issue_ids = issue_ids[:limit]
    articles = (
        Article.objects.published()
        .filter(issue__in=issue_ids, page__number=1)
        .select_related("page", "issue")
        .order_by("-issue__date", "order", "id")
        .only(
            "id", "order", "kind", "kicker", "headline", "subheadline", "page_id", "issue_id",
            *(f"page__{name}" for name in ("id", "number", "name", "image", "image_width", "image_height", "renditions", "pdf", "issue_id")),
            "issue__date", "issue__number",
        )
    )  # fmt: skip
    fronts: dict[int, DayFront] = {}
    for article in articles:
        front = fronts.get(article.page_id)
        if front is None:
            article.page.issue = article.issue
            front = fronts[article.page_id] = DayFront(issue=article.issue, page=article.page, articles=[])
        if len(front.articles) < ON_THIS_DAY_HEADLINES:
            article.page = front.page
            front.articles.append(article)
    return list(fronts.values())
