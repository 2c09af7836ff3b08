"""`python manage.py import_issues PATH… [--replace] [--dry-run]`: OCR'd back issues into the archive."""

import sys

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils.translation import gettext

from issues.importing import OUTCOME_LABELS, ImportResult, ImportSummary, import_paths


class Command(BaseCommand):
    help = "导入报纸文本文件（可给出文件或目录，目录下递归查找 *.txt）；每个文件要么完整导入，要么不留下任何内容"  # a plain str: argparse cannot format a lazy translation

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help=gettext("文本文件或目录"))
        parser.add_argument(
            "--replace",
            action="store_true",
            help=gettext("覆盖导入后已被编辑修改过的期次（旧内容先存为修订版本）"),
        )
        parser.add_argument("--dry-run", action="store_true", help=gettext("只解析并报告，不写入数据库"))
        parser.add_argument(
            "--discard-structure",
            action="store_true",
            help=gettext("与 --replace 同用：丢弃编辑在结构编辑器中对版面结构的调整（默认沿用）"),
        )

    def handle(self, *args, paths, replace, dry_run, discard_structure=False, **options):
        if discard_structure and not replace:
            raise CommandError(gettext("--discard-structure 只能与 --replace 同用"))
        self.bar = None
        summary = ImportSummary()
        page_file_errors = 0
        results = import_paths(
            paths,
            replace=replace,
            dry_run=dry_run,
            progress=self.progress,
            discard_structure=discard_structure,
        )
        for result in results:
            summary.add(result)
            self.report(result)
            self.report_page_files(result)
            page_file_errors += len(result.page_file_errors)
        if self.bar is not None:
            self.bar.close()
        if (
            not dry_run
            and summary.outcomes["imported"] + summary.outcomes["updated"] + summary.outcomes["replaced"]
        ):
            from issues.dbstats import refresh_planner_statistics

            try:
                refresh_planner_statistics()  # the admin lists' plans need them (issues/dbstats.py)
            except DatabaseError as exc:  # e.g. the server went away: what was committed stays
                self.stderr.write(
                    gettext("未能更新数据库统计信息（已导入的内容不受影响）：%(error)s") % {"error": exc}
                )
        self.summary(summary, dry_run=dry_run)
        if summary.failed:
            raise CommandError(gettext("%(count)s 个文件未能导入") % {"count": summary.failed})
        if page_file_errors:
            raise CommandError(gettext("%(count)s 个版面文件未能附加") % {"count": page_file_errors})
        if summary.index_failed:
            raise CommandError(
                gettext("%(count)s 个文件已导入，但未建搜索索引；再运行一次导入即可补建")
                % {"count": summary.index_failed}
            )

    def progress(self, files):
        """A progress bar on stderr, only when stderr is a terminal."""
        if not sys.stderr.isatty() or len(files) < 2:
            return files
        from tqdm import tqdm

        tqdm.monitor_interval = 0  # no monitor thread: parser processes are forked
        self.bar = tqdm(
            files, desc=gettext("导入"), unit=gettext("期"), file=sys.stderr, dynamic_ncols=True, leave=False
        )
        return self.bar

    def write(self, line: str, style=None):
        if self.bar is not None:
            from tqdm import tqdm

            with tqdm.external_write_mode(file=sys.stderr):
                self.stdout.write(line, style)
        else:
            self.stdout.write(line, style)

    def report(self, result: ImportResult):
        label = OUTCOME_LABELS.get(result.outcome, result.outcome)
        if result.dry_run and result.outcome in {"imported", "updated", "replaced"}:
            label = gettext("试运行·%(label)s") % {"label": label}
        what = ""
        if result.date:
            what = f" {result.date:%Y-%m-%d}"
            if result.number:
                what += " " + gettext("总第%(number)s号") % {"number": result.number}
        if result.outcome in {"failed", "index_failed"}:
            self.write(f"[{label}] {result.source_name}：{result.message}", self.style.ERROR)
            return
        if result.outcome in {"unchanged", "skipped_edited"}:
            style = self.style.WARNING if result.outcome == "skipped_edited" else None
            self.write(f"[{label}] {result.source_name}{what}：{result.message}", style)
            return
        counts = gettext(
            "%(pages)s个版面，%(articles)s篇文章，%(photos)s张图片，新署名%(bylines)s个，警告%(warnings)s条"
        ) % {
            "pages": result.pages,
            "articles": result.articles,
            "photos": result.photos,
            "bylines": result.new_bylines,
            "warnings": len(result.warnings),
        }
        self.write(f"[{label}] {result.source_name}{what}：{counts}", self.style.SUCCESS)
        for note in result.structure:
            self.write(f"    · {note}", self.style.NOTICE)
        for warning in result.warnings:
            self.write(f"    ! {warning}", self.style.WARNING)

    def report_page_files(self, result: ImportResult):
        """Page files beside the text file (issues/pagefiles.py), one line each."""
        for line in result.page_files:
            self.write(f"    {gettext('版面文件')} {line}")
        for line in result.page_file_errors:
            self.write(f"    [{gettext('版面文件失败')}] {line}", self.style.ERROR)

    def summary(self, s: ImportSummary, *, dry_run: bool):
        o = s.outcomes
        prefix = gettext("试运行（未写入数据库）") if dry_run else gettext("完成")
        text = gettext(
            "%(prefix)s：共%(files)s个文件；新导入%(imported)s，更新%(updated)s，覆盖%(replaced)s，"
            "未变化%(unchanged)s，跳过%(skipped)s，失败%(failed)s；"
            "文章%(articles)s篇，图片%(photos)s张，新署名%(bylines)s个，警告%(warnings)s条"
        )
        self.stdout.write(
            text
            % {
                "prefix": prefix,
                "files": s.files,
                "imported": o["imported"],
                "updated": o["updated"],
                "replaced": o["replaced"],
                "unchanged": o["unchanged"],
                "skipped": o["skipped_edited"],
                "failed": o["failed"],
                "articles": s.articles,
                "photos": s.photos,
                "bylines": s.new_bylines,
                "warnings": s.warnings,
            }
        )
