"""`python manage.py attach_page_files PATH…`: page PDFs and scans for issues already imported."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from issues.pagefiles import attach_paths


class Command(BaseCommand):
    help = (
        "为已导入的期次附加版面 PDF 或扫描图。文件名规则：<名称>.p<版次>.<pdf|jpg|png|webp|gif>，"
        "<名称> 是出版日期（2021-08-07）或导入时的文本文件名（不含 .txt）；也可用 --date 和 --page 指定"
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help=gettext("版面文件或目录"))
        parser.add_argument(
            "--date", type=datetime.date.fromisoformat, help=gettext("出版日期，如 2021-08-07")
        )
        parser.add_argument("--page", type=int, help=gettext("版次"))

    def handle(self, *args, paths, date, page, **options):
        if page is not None and date is None:
            raise CommandError(gettext("--page 需要与 --date 一起使用"))
        attached = unchanged = failed = 0
        for path, result, error in attach_paths(paths, date=date, page_number=page):
            if error:
                failed += 1
                self.stdout.write(f"[{gettext('失败')}] {path}：{error}", self.style.ERROR)
            elif result.changed:
                attached += 1
                self.stdout.write(f"[{gettext('已附加')}] {path}：{result}", self.style.SUCCESS)
            else:
                unchanged += 1
                self.stdout.write(f"[{gettext('未变化')}] {path}：{result}")
        self.stdout.write(
            gettext("完成：附加%(attached)s个，未变化%(unchanged)s个，失败%(failed)s个")
            % {"attached": attached, "unchanged": unchanged, "failed": failed}
        )
        if failed:
            raise CommandError(gettext("%(count)s 个版面文件未能附加") % {"count": failed})
