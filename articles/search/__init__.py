"""Search behind a small backend interface (stub until the search work lands).

The importer calls index_issue() after writing an issue; admin edits are indexed by signals."""


def index_issue(issue_id: int) -> None:
    """(Re)index every article of one issue. Called by the importer after bulk writes."""


def index_articles(article_ids) -> None:
    """(Re)index these articles."""


def remove_articles(article_ids) -> None:
    """Drop these articles from the index."""


def admin_search_results(queryset, search_term: str):
    """For ArticleAdmin.get_search_results: returns (queryset, may_have_duplicates)."""
    return queryset.filter(headline__icontains=search_term), False
