"""`python manage.py export_issues [YYYY-MM-DD …]`: the archive's exchange format, as a JSON array."""

import datetime
import json
import os
import sys
import textwrap

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from issues.exporting import export_issues
from issues.models import Issue

BATCH = 100  # issues per prefetch round: memory stays flat for the whole archive


class Command(BaseCommand):
    help = "以 JSON 数组导出期次（不给日期则导出全部），含未发布内容"  # a plain str: argparse cannot format a lazy translation

    def add_arguments(self, parser):
        parser.add_argument("dates", nargs="*", metavar="YYYY-MM-DD", help=gettext("出版日期"))

    def handle(self, *args, dates, **options):
        wanted = []
        for text in dates:
            try:
                wanted.append(datetime.date.fromisoformat(text))
            except ValueError:
                raise CommandError(
                    gettext("日期格式不对：%(text)s（应为 YYYY-MM-DD）") % {"text": text}
                ) from None
        if wanted:
            found = set(Issue.objects.filter(date__in=wanted).values_list("date", flat=True))
            missing = [d.isoformat() for d in wanted if d not in found]
            if missing:
                raise CommandError(gettext("没有这一天的报纸：%(dates)s") % {"dates": "、".join(missing)})
            ids = list(Issue.objects.filter(date__in=wanted).order_by("date").values_list("id", flat=True))
        else:
            ids = list(Issue.objects.order_by("date").values_list("id", flat=True))
        try:
            self.write_array(ids)
        except BrokenPipeError:  # `export_issues | head`: the reader has gone, nothing to report
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keeps the interpreter's final flush quiet

    def write_array(self, ids):
        """Same text as json.dumps(list, indent=2), written in batches so memory stays flat."""
        self.stdout.write("[" if ids else "[]", ending="")
        for start in range(0, len(ids), BATCH):
            batch = export_issues(Issue.objects.filter(id__in=ids[start : start + BATCH]))
            for i, obj in enumerate(batch):
                sep = "\n" if start == 0 and i == 0 else ",\n"
                text = textwrap.indent(json.dumps(obj, ensure_ascii=False, indent=2), "  ")
                self.stdout.write(sep + text, ending="")
        self.stdout.write("\n]" if ids else "")
