"""Import files: finding them (directories searched for *.txt, every unreadable path a problem),
reading one safely (size limit, never blocking on a FIFO), and parsing and tokenising it."""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from articles import search
from issues import parsing
from issues.parsing.types import ParsedIssue, ParseError

from .policy import MAX_FILE_BYTES
from .results import ImportFailed, ImportResult, Outcome
from .writer import article_text


def _os_error(exc: OSError) -> str:
    """An OSError in Chinese (strerror is English)."""
    reasons = {
        errno.EACCES: _("权限不足"),
        errno.EPERM: _("权限不足"),
        errno.ENOENT: _("不存在"),
        errno.ELOOP: _("符号链接循环"),
        errno.EISDIR: _("是目录"),
        errno.EIO: _("输入输出错误"),
        errno.ENXIO: _("设备不存在"),
    }
    return reasons.get(exc.errno) or (exc.strerror or str(exc))


def _not_a_regular_file(mode: int) -> str | None:
    """Why a path of this st_mode cannot be imported as a file (None for a regular file)."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISFIFO(mode):
        return _("是命名管道（FIFO），不是普通文件")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return _("是设备文件，不是普通文件")
    if stat.S_ISSOCK(mode):
        return _("是套接字，不是普通文件")
    if stat.S_ISDIR(mode):
        return _("是目录，不是文件")
    return _("不是普通文件")


def _is_symlink(path: Path) -> bool:
    try:
        return stat.S_ISLNK(os.lstat(path).st_mode)
    except OSError:
        return False


def _is_dir(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except OSError:
        return False


def _path_problem(path: Path) -> str | None:
    """Why a path (named in a directory listing or on the command line) is not a readable file."""
    try:
        mode = os.stat(path).st_mode  # follows symlinks
    except OSError as exc:
        if _is_symlink(path):
            return _("符号链接指向的文件不存在或无法访问")
        if exc.errno in {errno.ENOENT, errno.ENOTDIR}:
            return _("文件或目录不存在")
        return _("无法访问：%(reason)s") % {"reason": _os_error(exc)}
    return _not_a_regular_file(mode)


def _walk(directory: Path, files: list[Path], problems: list[tuple[Path, str]]) -> None:
    """*.txt under a directory, recursively, as Path.rglob found them (symlinked directories are
    not followed), but every directory that cannot be listed and every *.txt that is not a
    readable regular file (FIFO, device, broken symlink) is a problem, never silently skipped."""
    try:
        with os.scandir(directory) as entries:
            entries = list(entries)
    except OSError as exc:
        problems.append((directory, _("无法读取目录：%(reason)s") % {"reason": _os_error(exc)}))
        return
    for entry in entries:
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
        except OSError:
            is_dir = False
        if is_dir:
            _walk(path, files, problems)
        elif path.suffix.lower() == ".txt" and not _is_dir(path):  # (a symlinked directory)
            problem = _path_problem(path)
            if problem is None:
                files.append(path)
            else:
                problems.append((path, problem))


def iter_source_files(paths: Iterable[str | Path]) -> Iterator[tuple[Path, str | None]]:
    """Each file once, in order: directories are searched recursively for *.txt, sorted.

    Yields (path, problem): problem is a message when the path cannot be read at all (missing,
    an unreadable directory, a FIFO or device, a broken symlink); the run counts it as failed."""
    seen = set()
    for raw in paths:
        path = Path(raw)
        if _is_dir(path):
            found: list[Path] = []
            problems: list[tuple[Path, str]] = []
            _walk(path, found, problems)
            yield from sorted(problems)
            files = sorted(found)
        elif problem := _path_problem(path):
            yield path, problem
            continue
        else:
            files = [path]
        for file in files:
            key = file.resolve()
            if key not in seen:
                seen.add(key)
                yield file, None


@dataclass
class LoadedFile:
    """A file read and parsed, with the search tokens of each article's text made ahead (in
    source.pages order): tokenising is most of the indexing time, and the parser processes have
    the cores for it while the writer waits on the database."""

    source: ParsedIssue
    sha256: str
    text_tokens: list[search.Tokens] = field(default_factory=list)


def max_file_bytes() -> int:
    return int(getattr(settings, "NEWSROOM_IMPORT_MAX_FILE_BYTES", MAX_FILE_BYTES))


def read_source(path: Path) -> bytes:
    """A file's bytes, refused (ImportFailed) when it is not a regular file or over the size limit.

    Opened non-blocking and checked on the open descriptor: a FIFO put in a file's place after
    the directory was listed must fail, not block the run for ever. At most limit + 1 bytes are
    read, so a file that grows while it is read cannot fill the memory either."""
    limit = max_file_bytes()
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise ImportFailed(_("无法读取文件：%(reason)s") % {"reason": _os_error(exc)}) from None
    try:
        info = os.fstat(fd)
        problem = _not_a_regular_file(info.st_mode)
        if problem:
            raise ImportFailed(_("无法导入：%(reason)s") % {"reason": problem})
        if info.st_size > limit:
            raise ImportFailed(_file_too_large(info.st_size, limit))
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise ImportFailed(_("无法读取文件：%(reason)s") % {"reason": _os_error(exc)}) from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise ImportFailed(_file_too_large(len(data), limit))
    return data


def _file_too_large(size: int, limit: int) -> str:
    return _(
        "文件过大（%(size)s），超过每个文件%(limit)s的上限：一期报纸的文本通常不到100 KB，"
        "这可能是多期合并或重复的文件，请拆分后再导入"
    ) % {"size": _megabytes(size), "limit": _megabytes(limit)}


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{size / 1024:.0f} KB"


def load_file(path: Path, *, joins: bool = True) -> LoadedFile | ImportResult:
    """Read, parse and tokenise one file, or a failed result. joins: see Tokens.of."""
    name = str(path)
    try:
        data = read_source(path)
    except ImportFailed as exc:
        return ImportResult(outcome=Outcome.FAILED, source_name=name, message=str(exc))
    sha = hashlib.sha256(data).hexdigest()
    try:
        source = parsing.parse_bytes(data)
        tokens = [
            search.Tokens.of(article_text(a), joins=joins) for page in source.pages for a in page.articles
        ]
    except ParseError as exc:
        return ImportResult(outcome=Outcome.FAILED, source_name=name, message=str(exc))
    except Exception as exc:  # a parser bug must not stop the run
        return ImportResult(
            outcome=Outcome.FAILED,
            source_name=name,
            message=_("解析出错（%(type)s）：%(error)s") % {"type": type(exc).__name__, "error": exc},
        )
    return LoadedFile(source=source, sha256=sha, text_tokens=tokens)
