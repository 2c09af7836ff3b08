"""The archive's exchange format (stub until the importer work lands)."""


def export_issue(issue) -> dict:
    raise NotImplementedError


def export_issues(queryset) -> list[dict]:
    raise NotImplementedError
