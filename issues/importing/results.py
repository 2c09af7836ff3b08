"""What an import reports: the outcome of each file, one-line failures, and a run's totals."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class Outcome(models.TextChoices):
    """What became of one file (a str: compares equal to its value)."""

    IMPORTED = "imported", gettext_lazy("新导入")
    UPDATED = "updated", gettext_lazy("已更新")
    REPLACED = "replaced", gettext_lazy("已覆盖")
    UNCHANGED = "unchanged", gettext_lazy("未变化")
    SKIPPED_EDITED = "skipped_edited", gettext_lazy("已跳过")
    FAILED = "failed", gettext_lazy("失败")
    # Not a file of its own: a file imported by a batch whose search index could not be written.
    INDEX_FAILED = "index_failed", gettext_lazy("索引未建")


OUTCOME_LABELS = dict(Outcome.choices)
WRITTEN = frozenset({Outcome.IMPORTED, Outcome.UPDATED, Outcome.REPLACED})


class ImportFailed(Exception):
    """A parsed issue that cannot be written (reported as one line, like a parse error)."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line

    def __str__(self) -> str:
        return (
            _("第%(line)s行: %(message)s") % {"line": self.line, "message": self.message}
            if self.line
            else self.message
        )


@dataclass
class ImportResult:
    outcome: Outcome
    source_name: str = ""
    issue_id: int | None = None
    date: datetime.date | None = None
    number: int | None = None
    pages: int = 0
    articles: int = 0
    photos: int = 0
    new_bylines: int = 0
    credits: int = 0
    warnings: list[str] = field(default_factory=list)
    message: str = ""
    dry_run: bool = False
    removed_article_ids: list[int] = field(default_factory=list, repr=False)
    structure: list[str] = field(default_factory=list)  # editors' page structure applied or discarded
    documents: list = field(default_factory=list, repr=False)  # search documents of what was written
    page_files: list[str] = field(
        default_factory=list
    )  # page files beside the text file (issues/pagefiles.py)
    page_file_errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.outcome not in {Outcome.FAILED, Outcome.INDEX_FAILED}


@dataclass
class ImportSummary:
    files: int = 0
    outcomes: dict[str, int] = field(default_factory=lambda: dict.fromkeys(Outcome.values, 0))
    articles: int = 0
    photos: int = 0
    new_bylines: int = 0
    warnings: int = 0

    def add(self, result: ImportResult) -> None:
        if result.outcome != Outcome.INDEX_FAILED:  # reported after the file's own result
            self.files += 1
        key = str(result.outcome)
        self.outcomes[key] = self.outcomes.get(key, 0) + 1
        if result.outcome in WRITTEN:
            self.articles += result.articles
            self.photos += result.photos
            self.new_bylines += result.new_bylines
            self.warnings += len(result.warnings)

    @property
    def failed(self) -> int:
        return self.outcomes.get(Outcome.FAILED, 0)

    @property
    def index_failed(self) -> int:
        return self.outcomes.get(Outcome.INDEX_FAILED, 0)
