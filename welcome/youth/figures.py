"""The Region's figures of the youth programmes: referrals and what became of them.

Counted per month, programme and municipality from the referrals' anonymous rows (the personal
data may be long erased): each step in the month and year it happened — a referral when sent,
a first contact, a start, a completion or a drop-out on the day the programme recorded. The
time to first contact is measured in calendar days from the day the referral was sent, for the
first contacts in the period.

Small groups are suppressed, as in the statistics of the accelerated procedure: a count of 1 to
4 is not shown (`None`), and neither is a median of fewer than 5 measurements. Where only one
group of a column would be hidden, the total would give it away, so the next smallest is hidden
too (complementary suppression).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from django.db.models import Q
from django.utils import timezone

from welcome.insights.selectors import SUPPRESS_BELOW
from welcome.youth.models import Referral

COUNTS = ("referrals", "contacted", "started", "completed", "dropped_out")


@dataclass
class Tally:
    """The steps of one group (a month, a programme, a municipality) in the period."""

    referrals: int = 0
    contacted: int = 0
    started: int = 0
    completed: int = 0
    dropped_out: int = 0
    days_to_contact: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Row:
    """A group as shown: each count, or None where it is suppressed; the median days to first
    contact (None: suppressed or nothing measured) and how many it was measured on."""

    key: str
    counts: dict[str, int | None]
    median_days: float | None
    measured: int | None


@dataclass(frozen=True)
class Figures:
    year: int
    months: list[tuple[dt.date, Row]]
    programmes: list[Row]
    municipalities: list[Row]
    total: Row


def _shown(count: int) -> int | None:
    return None if 0 < count < SUPPRESS_BELOW else count


def _row(key: str, tally: Tally) -> Row:
    measured = len(tally.days_to_contact)
    enough = measured >= SUPPRESS_BELOW
    return Row(
        key=key,
        counts={name: _shown(getattr(tally, name)) for name in COUNTS},
        median_days=statistics.median(tally.days_to_contact) if enough else None,
        measured=_shown(measured),
    )


def _protect(rows: list[Row]) -> list[Row]:
    """Complementary suppression: in a column with exactly one hidden group, hide the smallest
    other non-zero group too, so the total does not reveal the hidden one."""
    rows = list(rows)
    for name in COUNTS:
        hidden = [r for r in rows if r.counts[name] is None]
        if len(hidden) != 1:
            continue
        others = [(r.counts[name], i) for i, r in enumerate(rows) if r.counts[name]]
        if others:
            _count, index = min(others)
            row = rows[index]
            rows[index] = replace(row, counts={**row.counts, name: None})
    return rows


def _local_day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def figures(*, year: int) -> Figures:
    """The year's figures; programmes are keyed by slug, stable in exports."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    rows = Referral.objects.filter(
        Q(referred_at__year=year)
        | Q(contacted_on__year=year)
        | Q(started_on__year=year)
        | Q(ended_on__year=year)
    ).values_list(
        "programme__slug",
        "municipality",
        "referred_at",
        "contacted_on",
        "started_on",
        "ended_on",
        "status",
    )
    months: dict[int, Tally] = defaultdict(Tally)
    programmes: dict[str, Tally] = defaultdict(Tally)
    places: dict[str, Tally] = defaultdict(Tally)
    total = Tally()
    for slug, place, referred_at, contacted, started, ended, status in rows:
        sent = _local_day(referred_at)
        steps: list[tuple[str, dt.date | None]] = [
            ("referrals", sent),
            ("contacted", contacted),
            ("started", started),
            ("completed" if status == Referral.Status.COMPLETED else "dropped_out", ended),
        ]
        tallies = (total, programmes[slug], places[place])
        for name, day in steps:
            if day is None or not start <= day <= end:
                continue
            for tally in (*tallies, months[day.month]):
                setattr(tally, name, getattr(tally, name) + 1)
            if name == "contacted":
                for tally in (*tallies, months[day.month]):
                    tally.days_to_contact.append((day - sent).days)
    month_rows = _protect([_row(f"{year}-{m:02d}", months[m]) for m in range(1, 13)])
    return Figures(
        year=year,
        months=[
            (dt.date(year, m, 1), row) for m, row in zip(range(1, 13), month_rows, strict=True)
        ],
        programmes=_protect([_row(k, t) for k, t in sorted(programmes.items())]),
        municipalities=_protect([_row(k, t) for k, t in sorted(places.items())]),
        total=_row("total", total),
    )


def years_with_referrals() -> list[int]:
    """The years the page offers: every year with a referral, newest first (at least this one)."""
    years = {d.year for d in Referral.objects.dates("referred_at", "year")}
    return sorted(years | {timezone.localdate().year}, reverse=True)


def csv_rows(rows: Iterable[Row], labels: dict[str, str]) -> list[list[str]]:
    """The rows of a CSV export: key, name, each count ("<5" where suppressed), median days."""
    hidden = f"<{SUPPRESS_BELOW}"
    out = []
    for row in rows:
        counts = [hidden if row.counts[n] is None else str(row.counts[n]) for n in COUNTS]
        median = "" if row.median_days is None else f"{row.median_days:g}"
        out.append([row.key, labels.get(row.key, row.key), *counts, median])
    return out
