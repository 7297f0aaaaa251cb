"""The period a statistic covers: ``from`` and ``to`` (both days included), defaults and limits.

One reading for the pages, the exports and the API: both bounds are optional; without them the
last twelve months up to today; a day outside 1900–2099, ``from`` after ``to`` or a span over ten
years is refused with a sentence for the reader.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
MAX_YEARS = 10
# Far enough for any question about the procedure; beyond, counting a year back or a day on would
# leave the calendar (year 1 or 9999) and fail.
FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(2099, 12, 31)


class PeriodError(ValueError):
    """A period that cannot be read; ``message`` is a sentence for the reader."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.message, self.field = message, field


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date
    default: bool = False  # nobody chose it: the last twelve months


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def resolve(start: dt.date | None, end: dt.date | None, *, today: dt.date) -> Period:
    """Fill in the missing bounds and check the order and the span."""
    chosen = start is not None or end is not None
    for day, field in ((start, "from"), (end, "to")):
        if day is not None and not FIRST_DAY <= day <= LAST_DAY:
            raise PeriodError(
                _("“%(field)s” must lie between %(first)s and %(last)s.")
                % {"field": field, "first": FIRST_DAY.isoformat(), "last": LAST_DAY.isoformat()},
                field,
            )
    end = end or today
    start = start or _years_before(end, 1) + dt.timedelta(days=1)
    if start > end:
        raise PeriodError(_("The start of the period must not lie after its end."), "from")
    if start < _years_before(end, MAX_YEARS):
        raise PeriodError(
            _("The period may cover at most %(years)d years.") % {"years": MAX_YEARS}, "from"
        )
    return Period(start, end, default=not chosen)


def iso_date(text: str | None, field: str) -> dt.date | None:
    """A real calendar day written YYYY-MM-DD; None when absent; PeriodError otherwise."""
    if text is None:
        return None
    if ISO_DATE.fullmatch(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    raise PeriodError(
        _("“%(field)s” must be a date written YYYY-MM-DD, e.g. 2026-03-01.") % {"field": field},
        field,
    )


def from_query(start: str | None, end: str | None, *, today: dt.date) -> Period:
    """The period of the parameters ``from`` and ``to`` as a partner system sends them."""
    return resolve(iso_date(start, "from"), iso_date(end, "to"), today=today)
