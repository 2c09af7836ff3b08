"""The command's engine (import_paths): files in order, parsed ahead in a second process,
written BATCH_FILES to a transaction, and indexed for search behind the writer on a second
connection (IndexBehind). Each file is written by services.write_parsed."""

from __future__ import annotations

import ctypes
import datetime
import functools
import itertools
import multiprocessing
import os
import queue
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from django.db import connection, connections, transaction
from django.utils.translation import gettext as _

from articles import search
from core.generation import bump_site_generation
from issues.pagefiles import attach_beside

from .files import LoadedFile, iter_source_files, load_file
from .results import ImportResult, Outcome
from .services import index_written, write_parsed

BATCH_FILES = 16  # files written per transaction (see _write_batch)
# Parsed issues waiting for the writer, at most: memory stays flat. Two batches' worth, so the
# parser process has work while the writer writes a batch (with one batch's worth it idled).
PARSE_AHEAD = 2 * BATCH_FILES


def parse_workers(file_count: int) -> int:
    """Parse in a second process while this one writes, when there is a core for it and enough files."""
    if file_count < 8 or (os.cpu_count() or 1) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return 0
    return 1


PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def end_with_parent(parent_pid: int) -> None:
    """In a parser process: die when the importing process dies, even by kill -9.

    A forked worker inherits both ends of its task pipe, so its parent's death never shows as an
    end of file: it would wait for work for ever. Linux sends the worker SIGKILL when the thread
    that forked it ends (prctl PR_SET_PDEATHSIG); a parent that died before the call is caught by
    the getppid() check. Elsewhere (no prctl) nothing is set."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        prctl = libc.prctl
    except (OSError, AttributeError):
        return
    prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent_pid:
        os._exit(1)


def _loaded_files(files: Iterable[Path], workers: int) -> Iterator[tuple[Path, LoadedFile | ImportResult]]:
    """(path, load_file(path)) in order; with workers, files are read and parsed ahead in other
    processes (the parser is pure Python and CPU-bound), never more than PARSE_AHEAD at a time."""
    load = functools.partial(load_file, joins=search.get_backend().uses_joins)
    if workers <= 0:
        for path in files:
            yield path, load(path)
        return
    # fork: the workers only run the parser (no Django, no database); they end with os._exit.
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=end_with_parent,
        initargs=(os.getpid(),),
    ) as pool:
        pending: deque = deque()
        remaining = iter(files)
        for path in itertools.islice(remaining, PARSE_AHEAD):
            pending.append((path, pool.submit(load, path)))
        while pending:
            path, future = pending.popleft()
            following = next(remaining, None)
            if following is not None:
                pending.append((following, pool.submit(load, following)))
            try:
                loaded = future.result()
            except Exception:  # a worker died (e.g. out of memory): parse here instead
                loaded = load(path)
            yield path, loaded


class IndexBehind:
    """Writes each committed batch's search index on a second database connection while the
    writer writes the next batch (PostgreSQL). On PostgreSQL the index is more than half of an
    import's server work, and one connection runs one statement at a time: with the index behind,
    both cores work (ten years on two cores: 80.7 → 64.3 s).

    Not atomic with the batch: a run that stops between the two leaves articles unindexed, so each
    run begins by indexing whatever has no index row (search.index_missing). An editor's save in
    between is not overwritten (see SearchBackend.index_behind). At most QUEUED batches wait, so
    memory stays flat; a failure is kept with the batch's file names for the writer to report.
    Django's connections are per thread: the thread opens its own and closes it when done."""

    QUEUED = 2

    def __init__(self):
        self._queue: queue.Queue = queue.Queue(maxsize=self.QUEUED)
        self._failures: queue.SimpleQueue = queue.SimpleQueue()
        self._thread: threading.Thread | None = None

    @staticmethod
    def wanted(*, file_count: int, dry_run: bool) -> bool:
        """Only for a run of more than one batch outside any transaction: inside one (a caller's,
        a test's), a second connection would not see the uncommitted articles."""
        return (
            not dry_run
            and file_count > BATCH_FILES
            and not connection.in_atomic_block
            and search.get_backend().indexes_behind
        )

    def submit(self, names: list[str], documents: list) -> None:
        """Queue a committed batch; waits while QUEUED batches are waiting."""
        if self._thread is None:
            # Started with the first batch, after the parser process is forked: a fork copies only
            # the forking thread, and a lock another thread held would stay held in the child.
            self._thread = threading.Thread(target=self._run, name="index-behind", daemon=True)
            self._thread.start()
        if not self._put((names, documents)):
            self._failures.put((names, RuntimeError(_("索引线程已停止"))))

    def _put(self, item) -> bool:
        while self._thread.is_alive():
            try:
                self._queue.put(item, timeout=1.0)
                return True
            except queue.Full:
                continue
        return False

    def failures(self) -> list[tuple[list[str], Exception]]:
        """The failed batches so far: (file names, error)."""
        out = []
        while not self._failures.empty():
            out.append(self._failures.get())
        return out

    def close(self) -> list[tuple[list[str], Exception]]:
        """Wait for the queued batches; returns the failures not yet collected."""
        if self._thread is not None and self._put(None):
            self._thread.join()
        return self.failures()

    def _run(self) -> None:
        try:
            while (item := self._queue.get()) is not None:
                names, documents = item
                try:
                    with transaction.atomic():
                        search.prepare_bulk_writes()
                        search.index_behind(documents)
                        bump_site_generation()  # cached search results may lack these articles
                except Exception as exc:
                    connection.close_if_unusable_or_obsolete()
                    self._failures.put((names, exc))
        finally:
            connections.close_all()  # this thread's connections


def _index_failures(failures) -> Iterator[ImportResult]:
    for names, exc in failures:
        message = " ".join(str(exc).split())[:300]
        for name in names:
            yield ImportResult(
                outcome=Outcome.INDEX_FAILED,
                source_name=name,
                message=_("已导入，但搜索索引写入出错（%(type)s）：%(error)s；下次运行导入时会补建")
                % {"type": type(exc).__name__, "error": message},
            )


def import_paths(
    paths: Iterable[str | Path],
    *,
    replace: bool = False,
    dry_run: bool = False,
    user=None,
    progress: Callable[[list[Path]], Iterable[Path]] | None = None,
    workers: int | None = None,
    discard_structure: bool = False,
) -> Iterator[ImportResult]:
    """Import files in order, a batch at a time (never the archive in memory), yielding one result
    per file, and an "index_failed" one more for each file whose search index (written behind the
    batches, see IndexBehind) could not be written.

    `progress` wraps the file list (e.g. with tqdm). `workers`: parser processes (default: one
    when there are enough files and cores). A second file for a date already seen in this run is
    reported as a duplicate, not merged."""
    files: list[Path] = []
    for path, problem in iter_source_files(paths):
        if problem:
            yield ImportResult(outcome=Outcome.FAILED, source_name=str(path), message=problem)
        else:
            files.append(path)
    if workers is None:
        workers = parse_workers(len(files))
    indexer = None
    if IndexBehind.wanted(file_count=len(files), dry_run=dry_run):
        try:
            search.index_missing()  # what an earlier run committed and did not index
        except Exception as exc:  # the database is away: the writes will say so, file by file
            connection.close_if_unusable_or_obsolete()
            yield from _index_failures([([_("（补建上次未完成的搜索索引）")], exc)])
        else:
            indexer = IndexBehind()
    try:
        for result in _import_files(
            files,
            workers=workers,
            indexer=indexer,
            progress=progress,
            replace=replace,
            dry_run=dry_run,
            user=user,
            discard_structure=discard_structure,
        ):
            attach_beside(result)  # page files named after the text file (issues/pagefiles.py)
            yield result
        unreported = indexer.close() if indexer is not None else []
    finally:
        # Interrupted too, the run waits for the index of what it committed (close is idempotent).
        # No yield here (a generator being closed must not yield): an interrupted run's last index
        # failure goes unreported, and the next run's index_missing writes that index.
        if indexer is not None:
            indexer.close()
    yield from _index_failures(unreported)


def _import_files(files, *, workers, indexer, progress, **options) -> Iterator[ImportResult]:
    """The files' results in order: loaded ahead, batched, a duplicate date failed alone."""
    seen_dates: dict[datetime.date, str] = {}
    ordered = progress(files) if progress else files
    options["indexer"] = indexer
    batch: list[tuple[str, LoadedFile]] = []
    for path, loaded in _loaded_files(ordered, workers):
        name = str(path)
        if isinstance(loaded, ImportResult):
            yield from _write_batch(batch, **options)
            batch = []
            yield loaded
            continue
        source = loaded.source
        if source.date in seen_dates:
            yield from _write_batch(batch, **options)
            batch = []
            yield ImportResult(
                outcome=Outcome.FAILED,
                source_name=name,
                date=source.date,
                message=_("日期重复：%(date)s 已由本次的 %(other)s 导入，未合并")
                % {"date": source.date.isoformat(), "other": seen_dates[source.date]},
            )
            continue
        seen_dates[source.date] = name
        batch.append((name, loaded))
        if len(batch) >= BATCH_FILES:
            yield from _write_batch(batch, **options)
            batch = []
    yield from _write_batch(batch, **options)


def _write_batch(
    batch: list[tuple[str, LoadedFile]], indexer: IndexBehind | None = None, **options
) -> list[ImportResult]:
    """Write up to BATCH_FILES files in one transaction, each in its own savepoint (a file that
    fails leaves nothing of itself), and index them together before the commit, or, with an
    indexer (PostgreSQL, see IndexBehind), on its connection while the next batch is written.

    Why: a commit per file cost about a quarter of a ten-year import (SQLite's full-text index
    writes a segment per commit, PostgreSQL flushes its log). If the batch as a whole fails (the
    index, the commit), its files are written again one per transaction, so a failure is reported
    for the file that caused it and the others are imported."""
    if len(batch) == 1:
        name, loaded = batch[0]
        return [write_parsed(loaded, name=name, **options)]
    if not batch:
        return []
    try:
        with transaction.atomic():
            results = [write_parsed(loaded, name=name, index=False, **options) for name, loaded in batch]
            documents = [d for r in results for d in r.documents]
            if options.get("dry_run"):
                documents = []  # rolled back: nothing to index
            elif indexer is None:
                index_written(documents)
            else:
                # Old rows of rewritten articles go with this commit; the new ones follow.
                search.remove_articles([d.id for d in documents])
                bump_site_generation()
    except Exception:
        if not connection.in_atomic_block:
            connection.close_if_unusable_or_obsolete()
        return [write_parsed(loaded, name=name, **options) for name, loaded in batch]
    for result in results:
        result.documents = []
    if indexer is not None:
        if documents:
            indexer.submit([name for name, _loaded in batch], documents)
        results.extend(_index_failures(indexer.failures()))
    return results
