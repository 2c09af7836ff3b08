"""The importer's quality checks applied to an issue an editor made or changed by hand: weekday and
lunar date against the Gregorian date (issues/parsing/masthead.py) and 总第N号 against the
neighbouring issues (the importer's sequence check). The same functions, called, not copied."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

from .parsing.masthead import Masthead, _read_line, calendar_warnings


def issue_checks(
    *, date: datetime.date, weekday: str, lunar_date: str, number: int | None
) -> list[tuple[str, str]]:
    """(code, message) for each check the issue fails, in the importer's words."""
    from .importing import _sequence_notes

    masthead = Masthead(date=date, number=number)
    for printed in (weekday, lunar_date):
        if printed and printed.strip():
            _read_line(masthead, 0, printed)  # the masthead reader's own patterns
    masthead.date, masthead.number = date, number
    if weekday.strip() and not masthead.weekday:
        masthead.weekday = weekday.strip()
    found = [(w.code, w.message) for w in calendar_warnings(masthead)]
    if lunar_date.strip() and not masthead.lunar_parts:
        found = [(code, message) for code, message in found if code != "missing_lunar"]
        found.append(("lunar_mismatch", f"农历“{lunar_date}”无法识别"))
    found += [
        (code, message) for code, message, *_ in _sequence_notes(SimpleNamespace(date=date, number=number))
    ]
    return found
