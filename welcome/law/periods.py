"""How the law counts a period: § 31 VwVfG with §§ 187–193 BGB, on Lower Saxony's holidays.

- § 187 Abs. 1 BGB: when a period starts with an event, the day of the event is not counted.
- § 188 Abs. 2 BGB: a period of weeks ends with the day of the last week that by its name
  corresponds to the day of the event; a period of months with the day of the last month that by
  its number corresponds to it. § 188 Abs. 3 BGB: if that day is missing in the last month, the
  period ends with the month's last day (31 Dec + 2 months = 28/29 Feb).
- § 193 BGB (§ 31 Abs. 3 VwVfG): if the last day is a Saturday, Sunday or a public holiday at the
  place where the act is due, the period ends with the next working day.
- An event at a moment counts on its date in Europe/Berlin (a filing at 00:30 local time after a
  daylight-saving change belongs to that day, not to the UTC day before).

Internal service targets (not periods of the law) count working days on the same calendar.
Pure functions: no Django, so a jurist can read them and the law's tests run without a database.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

BERLIN = ZoneInfo("Europe/Berlin")
LOWER_SAXONY = "NI"


def local_date(moment: datetime) -> date:
    """The calendar day of ``moment`` in Europe/Berlin (where every body here has its seat)."""
    if moment.tzinfo is None:
        raise ValueError("A moment without a time zone cannot be placed on a calendar day.")
    return moment.astimezone(BERLIN).date()


@lru_cache(maxsize=32)  # a few years at a time; bounded, since the year can come from input
def _holidays(year: int, subdivision: str) -> frozenset[date]:
    return frozenset(holidays.Germany(subdiv=subdivision, years=year))


def is_holiday(day: date, subdivision: str = LOWER_SAXONY) -> bool:
    """A public holiday of federal state ``subdivision`` (§ 193 BGB: at the place of the act)."""
    return day in _holidays(day.year, subdivision)


def is_working_day(day: date, subdivision: str = LOWER_SAXONY) -> bool:
    """Monday to Friday and not a public holiday (§ 193 BGB)."""
    return day.weekday() < 5 and not is_holiday(day, subdivision)


def next_working_day(day: date, subdivision: str = LOWER_SAXONY) -> date:
    """``day`` itself if it is a working day, else the next one (§ 193 BGB)."""
    while not is_working_day(day, subdivision):
        day += timedelta(days=1)
    return day


def nominal_end(event: date, period: dict[str, int]) -> date:
    """The last day of ``period`` after ``event`` by §§ 187 Abs. 1, 188 Abs. 2 and 3 BGB,
    before § 193 BGB moves it off a weekend or holiday.

    ``period`` is ``{"days": n}``, ``{"weeks": n}`` or ``{"months": n}`` (as in the parameter
    files). Days: the n-th day after the event. Weeks: the same weekday n weeks later. Months: the
    same day number n months later, or that month's last day.
    """
    if set(period) - {"days", "weeks", "months"} or not period:
        raise ValueError(f"A period is given in days, weeks or months, not {period!r}.")
    end = event + timedelta(days=period.get("days", 0) + 7 * period.get("weeks", 0))
    months = period.get("months", 0)
    if months:
        index = end.month - 1 + months
        year, month = end.year + index // 12, index % 12 + 1
        if year > date.max.year:  # as date arithmetic does, not replace()'s ValueError
            raise OverflowError("date value out of range")
        end = end.replace(
            year=year, month=month, day=min(end.day, calendar.monthrange(year, month)[1])
        )
    return end


def period_end(
    event: date,
    period: dict[str, int],
    *,
    paused_days: int = 0,
    subdivision: str = LOWER_SAXONY,
) -> date:
    """The day a period that started with ``event`` ends (§ 31 VwVfG, §§ 187–193 BGB).

    ``paused_days``: days during which the period did not run (documents missing; by analogy to
    § 209 BGB the time of the pause is not counted), added before § 193 BGB applies.
    """
    if paused_days < 0:
        raise ValueError("A pause cannot last a negative number of days.")
    return next_working_day(nominal_end(event, period) + timedelta(days=paused_days), subdivision)


def add_working_days(day: date, count: int, subdivision: str = LOWER_SAXONY) -> date:
    """The ``count``-th working day after ``day`` (internal service targets, never calendar days).

    ``count`` 0 gives ``day`` itself if it is a working day, else the next working day.
    """
    if count < 0:
        raise ValueError("Working days are counted forward only.")
    day = next_working_day(day, subdivision) if count == 0 else day
    while count:
        day += timedelta(days=1)
        if is_working_day(day, subdivision):
            count -= 1
    return day


def working_days_between(start: date, end: date, subdivision: str = LOWER_SAXONY) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when ``end`` ≤ ``start``)."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += is_working_day(day, subdivision)
    return count


_ISO_UNITS = {"days": "D", "weeks": "W", "months": "M"}


def iso_duration(period: dict[str, int]) -> str:
    """The period as an ISO 8601 duration (``P2W``, ``P2M``, ``P14D``), for partner systems."""
    (unit, amount), *rest = period.items()
    if rest:
        raise ValueError(f"A period has one unit, not {period!r}.")
    return f"P{amount}{_ISO_UNITS[unit]}"
