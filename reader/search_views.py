"""The reader's search page: /search/?q=…"""

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import render

from articles.models import Article, ArticleCredit, Photo
from articles.search import NEWEST, RELEVANCE, get_backend, parse_query
from articles.search.backends import COUNT_CAP
from articles.search.documents import body_text
from articles.search.highlight import highlight, highlight_pattern, snippet
from core.generation import current_generation
from reader import pageview
from reader.search_filters import ArticleSearchFilter

PER_PAGE = 20


class LazyHits:
    """What Paginator needs (count, slicing); the backend ranks and limits in the database, so only
    the page shown is fetched."""

    def __init__(self, *, backend, query, filters, order, filtered=True, generation=None):
        self.backend, self.query, self.filters, self.order = backend, query, filters, order
        self.filtered, self.generation = filtered, generation
        self._count = None
        self.capped = False

    def count(self) -> int:
        if self._count is None:
            if self.query:
                self._count, self.capped = self.backend.count(
                    self.query,
                    self.filters,
                    cap=COUNT_CAP,
                    filtered=self.filtered,
                    generation=self.generation,
                )
            else:
                self._count = self.filters.order_by()[:COUNT_CAP].count()
                self.capped = self._count >= COUNT_CAP
        return self._count

    def __len__(self):
        return self.count()

    def __getitem__(self, item: slice):
        offset, stop = item.start or 0, item.stop
        if self.query:
            return self.backend.search(
                self.query,
                self.filters,
                order=self.order,
                offset=offset,
                limit=stop - offset,
                filtered=self.filtered,
                generation=self.generation,
            ).hits
        pks = self.filters.order_by("-issue__date", "page__number", "order").values_list("pk", flat=True)
        return [SearchHitView(pk) for pk in pks[offset:stop]]


class SearchHitView:
    def __init__(self, pk):
        self.id = pk
        self.snippet = None
        self.headline_match = False


def search_results(*, hits, query) -> list[dict]:
    """The page's articles in hit order, with highlighted headline and snippet (one query per table)."""
    articles = Article.objects.select_related("issue", "page").prefetch_related(
        Prefetch("credits", queryset=ArticleCredit.objects.select_related("byline").order_by("order")),
        Prefetch("photos", queryset=Photo.objects.order_by("order")),
    )
    by_id = {a.pk: a for a in articles.filter(pk__in=[h.id for h in hits]).order_by()}
    pattern = highlight_pattern(query)
    crops = pageview.first_crops_by_article(
        list(by_id.values()), display_width=pageview.SEARCH_CROP_DISPLAY_WIDTH
    )
    results = []
    for hit in hits:
        article = by_id.get(hit.id)
        if article is None:
            continue
        article.page.issue = article.issue  # the same row: page links need no query of their own
        results.append(
            {
                "article": article,
                "headline": highlight(article.title, query, pattern),
                "kicker": highlight(article.kicker, query, pattern) if article.headline else "",
                "subheadline": highlight(article.subheadline, query, pattern) if article.headline else "",
                "snippet": hit.snippet or snippet(body_text(article), query, pattern),
                "headline_match": hit.headline_match,
                "photos": len(article.photos.all()),
                "crop": crops.get(article.pk),
            }
        )
    return results


def search(request):
    query = parse_query(request.GET.get("q"))
    order = request.GET.get("order")
    order = order if order in (RELEVANCE, NEWEST) else RELEVANCE
    filterset = ArticleSearchFilter(
        request.GET or None, queryset=Article.objects.published(), request=request
    )
    filters = filterset.qs
    searching = bool(query) or filterset.active
    page_obj = results = None
    if searching:
        hits = LazyHits(
            backend=get_backend(),
            query=query,
            filters=filters,
            order=order,
            filtered=filterset.active,
            generation=current_generation().token,  # plans are remembered for as long as pages are
        )
        page_obj = Paginator(hits, PER_PAGE).get_page(request.GET.get("page"))
        results = search_results(hits=page_obj.object_list, query=query)
    return render(
        request,
        "articles/search.html",
        {
            "q": query.raw,
            "query": query,
            "only_exclusions": bool(query.exclusions) and not query.terms,
            "order": order,
            "filter": filterset,
            "searching": searching,
            "page_obj": page_obj,
            "results": results,
            "count_capped": bool(page_obj) and page_obj.paginator.object_list.capped,
            "RELEVANCE": RELEVANCE,
            "NEWEST": NEWEST,
        },
    )
