"""Warnings for dates after today: a submission date or an ``--as-of`` that has not happened yet.

Both are legal (a programme may be planned ahead), but both usually mean a typing slip — 2091 for
2019, a day and month swapped — and they change which dated rule values apply. So the run goes on
and says so in one line on stderr.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from kcscore.i18n import render

_LISTED = 5


def _day(value: dt.date, lang: str) -> str:
    return value.strftime(render("format.date", lang))


def as_of_warning(day: dt.date | None, lang: str, today: dt.date | None = None) -> str | None:
    """The warning for an ``--as-of`` after today, or None."""
    today = today or dt.date.today()
    if day is None or day <= today:
        return None
    return render("dates.as_of_future", lang, day=_day(day, lang), today=_day(today, lang))


def submitted_warning(entries: Iterable[tuple[str, dt.date | None]], lang: str,
                      today: dt.date | None = None) -> str | None:
    """One warning naming the applicants (id) whose submission date is after today, or None."""
    today = today or dt.date.today()
    late = [(ident, day) for ident, day in entries if isinstance(day, dt.date) and day > today]
    if not late:
        return None
    shown = ", ".join(f"{ident} ({_day(day, lang)})" for ident, day in late[:_LISTED])
    if len(late) > _LISTED:
        shown += f", … (+{len(late) - _LISTED})"
    return render("dates.submitted_future", lang, n=len(late), today=_day(today, lang), shown=shown)
