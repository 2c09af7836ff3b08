"""The importer's write side: OCR'd issue files become issues, pages and articles.

One module per job:

- results.py   what an import reports (Outcome, ImportResult, ImportSummary, ImportFailed)
- policy.py    refused, skipped or replaced: limits, "unchanged", "edited since import", revisions
- writer.py    the row writer: one parsed issue's rows in bulk (write_issue)
- sql.py       raw SQL: multi-row INSERT, DELETE without signals, the PostgreSQL advisory lock
- services.py  one issue or file in one transaction (import_issue, write_parsed, import_file,
               reparse_issue), indexed for search
- files.py     finding, reading and parsing files (iter_source_files, read_source, load_file)
- pipeline.py  the command's engine (import_paths): parse-ahead process, batches, IndexBehind

This package re-exports exactly the names the rest of the project imports from it (tests that
monkeypatch a module-level name patch the submodule that uses it: sql.insert, pipeline.BATCH_FILES).
"""

from .files import load_file
from .pipeline import IndexBehind, import_paths
from .policy import MAX_FILE_BYTES, REVISION_COMMENT, parser_version
from .policy import snapshot as _snapshot
from .results import OUTCOME_LABELS, ImportFailed, ImportResult, ImportSummary, Outcome
from .services import import_file, import_issue, reparse_issue
from .writer import PARSER_VERSION_KEY
from .writer import sequence_notes as _sequence_notes

__all__ = [
    "MAX_FILE_BYTES",
    "OUTCOME_LABELS",
    "PARSER_VERSION_KEY",
    "REVISION_COMMENT",
    "ImportFailed",
    "ImportResult",
    "ImportSummary",
    "IndexBehind",
    "Outcome",
    "_sequence_notes",  # issues/checks.py
    "_snapshot",  # issues/structure.py
    "import_file",
    "import_issue",
    "import_paths",
    "load_file",
    "parser_version",
    "reparse_issue",
]
