"""Statistics of the accelerated skilled-worker procedure, from counts the database makes.

No row leaves the database: one aggregate query over the steps counts how many phases took how
many days (GROUP BY transition, acting body, time-split class, days), two over the applications
count them by state, occupation group and nationality, and how long closed procedures took. The
percentiles are read exactly off these histograms (`percentiles.nearest_rank`), the same on
SQLite and PostgreSQL. Every group of fewer than five is suppressed here, before anything is
shown or exported: its numbers are None and the readers say "fewer than 5".

The results hold keys and numbers only (no labels), so they are the same in every language and
may be cached; the default period (the last twelve months) is, for a few minutes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Case, Count, F, Q, Value, When
from django.db.models.functions import Substr, TruncMonth
from django.utils import timezone

from welcome.insights.percentiles import merge, nearest_rank
from welcome.insights.period import Period
from welcome.procedures import machine
from welcome.procedures.machine import State
from welcome.procedures.models import Application, Step
from welcome.procedures.phases import PHASE_OF_TRANSITION, PHASES

SUPPRESS_BELOW = 5
CACHE_SECONDS = 300
# A month that has ended changes only by a late recorded notice: its counts are kept a while.
MONTH_CACHE_SECONDS = 600
CACHE_VERSION = 2
# Time-split classes of a step's days (Step.waiting_for, and the pause).
SPLIT = ("authority", "employer", "paused")
# A step that does not leave its state (the receipt confirmation) would count the days twice.
SELF_LOOPS = frozenset(name for name, t in machine.TRANSITIONS.items() if t.target in t.sources)


@dataclass(frozen=True)
class Durations:
    """How long a group of finished phases took; all None when the group is suppressed."""

    count: int | None
    median: int | None = None
    p80: int | None = None
    p90: int | None = None
    within_share: float | None = None  # of the steps measured against a statutory deadline

    @property
    def suppressed(self) -> bool:
        return self.count is None


@dataclass(frozen=True)
class StepRow:
    phase: str
    institution: str  # the acting body's key (institution id, "ba", "mission", "employer" …)
    durations: Durations


@dataclass(frozen=True)
class PhaseRow:
    phase: str
    durations: Durations


@dataclass(frozen=True)
class MonthRow:
    month: dt.date  # the first day of the month
    durations: Durations  # filing to closing of the procedures closed in the month


@dataclass(frozen=True)
class CountRow:
    key: str
    count: int | None  # None: fewer than 5


@dataclass(frozen=True)
class SplitRow:
    key: str  # authority | employer | paused
    days: int | None
    share: float | None


@dataclass(frozen=True)
class Statistics:
    period: Period
    steps: tuple[StepRow, ...]
    phases: tuple[PhaseRow, ...]
    time_split: tuple[SplitRow, ...]
    months: tuple[MonthRow, ...]
    states: tuple[CountRow, ...]
    occupations: tuple[CountRow, ...]
    countries: tuple[CountRow, ...]


def durations(histogram: dict[int, int], within: int = 0, judged: int = 0) -> Durations:
    """Count, median, 80th and 90th percentile of a histogram, or suppressed below five."""
    total = sum(histogram.values())
    if total == 0:
        return Durations(0)
    if total < SUPPRESS_BELOW:
        return Durations(None)
    return Durations(
        count=total,
        median=nearest_rank(histogram, 50),
        p80=nearest_rank(histogram, 80),
        p90=nearest_rank(histogram, 90),
        within_share=within / judged if judged >= SUPPRESS_BELOW else None,
    )


def _count(key: str, n: int) -> CountRow:
    return CountRow(key, n if n >= SUPPRESS_BELOW else None)


# --- the steps: processing times per phase and body, and where the time goes --------------------


@dataclass
class _Group:
    histogram: dict[int, int]
    within: int = 0
    judged: int = 0

    def add(self, other: _Group) -> None:
        merge(self.histogram, other.histogram)
        self.within += other.within
        self.judged += other.judged

    def durations(self) -> Durations:
        return durations(self.histogram, self.within, self.judged)


def _step_counts(start: dt.date, end: dt.date) -> dict[tuple, list[int]]:
    """(transition, acting body, split, days) → [steps, within deadline, judged], for the steps
    taken from ``start`` to ``end``: ONE aggregate query over Step."""
    split = Case(
        When(from_state=State.DOCUMENTS_MISSING, then=Value("paused")),
        When(waiting_for=machine.EMPLOYER, then=Value("employer")),
        default=Value("authority"),
    )
    rows = (
        Step.objects.filter(on__range=(start, end))
        .annotate(split=split)
        .values_list("transition", "acting_body", "split", "days")
        .annotate(
            n=Count("*"),
            within=Count("days", filter=Q(within_deadline=True)),
            judged=Count("within_deadline"),
        )
        .order_by()
    )
    return {tuple(row[:4]): list(row[4:]) for row in rows}


def step_statistics(
    period: Period,
) -> tuple[tuple[StepRow, ...], tuple[PhaseRow, ...], tuple[SplitRow, ...]]:
    """Phases ended within the period, from the step counts of its months (`_by_month`)."""
    counts = _by_month(period, "steps", _step_counts)
    groups: dict[tuple[str, str], _Group] = {}
    split_days = dict.fromkeys(SPLIT, 0)
    split_steps = dict.fromkeys(SPLIT, 0)
    for (transition, body, kind, days), (n, within, judged) in counts.items():
        if transition in SELF_LOOPS:
            continue
        split_days[kind] += days * n
        split_steps[kind] += n
        phase = PHASE_OF_TRANSITION.get(transition)
        if phase is None:  # a pause, a refusal, a withdrawal: time, but no finished phase
            continue
        group = groups.setdefault((phase, body), _Group({}))
        group.histogram[days] = group.histogram.get(days, 0) + n
        group.within += within
        group.judged += judged

    order = {key: index for index, key in enumerate(PHASES)}
    keys = sorted(groups, key=lambda key: (order[key[0]], key[1]))
    steps = tuple(StepRow(phase, body, groups[phase, body].durations()) for phase, body in keys)
    merged: dict[str, _Group] = {}
    for phase, body in keys:  # a phase at all bodies together: exact, the histograms add up
        merged.setdefault(phase, _Group({})).add(groups[phase, body])
    phases = tuple(PhaseRow(phase, group.durations()) for phase, group in merged.items())
    total_days = sum(split_days.values())
    time_split = tuple(
        SplitRow(key, None, None)
        if 0 < split_steps[key] < SUPPRESS_BELOW
        else SplitRow(key, split_days[key], split_days[key] / total_days if total_days else None)
        for key in SPLIT
    )
    return steps, phases, time_split


# --- the applications: counts, and the whole procedure per month ---------------------------------


def _months(start: dt.date, end: dt.date) -> list[dt.date]:
    months, month = [], start.replace(day=1)
    while month <= end:
        months.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return months


def _application_counts(start: dt.date, end: dt.date) -> dict[tuple, list[int]]:
    """("filed", state, occupation group, country) → [applications filed from start to end], and
    ("closed", month, days from filing) → [procedures closed from start to end]."""
    filed = (
        Application.objects.filter(filed_on__range=(start, end))
        .annotate(major=Substr("occupation_isco", 1, 1))
        .values_list("state", "major", "worker_nationality")
        .annotate(n=Count("*"))
        .order_by()
    )
    closed = (
        Application.objects.filter(
            state=State.CLOSED, closed_on__range=(start, end), filed_on__isnull=False
        )
        .annotate(month=TruncMonth("closed_on"), took=F("closed_on") - F("filed_on"))
        .values_list("month", "took")
        .annotate(n=Count("*"))
        .order_by()
    )
    counts = {
        ("filed", state, major or "", country or ""): [n] for state, major, country, n in filed
    }
    for month, took, n in closed:
        month = month.date() if isinstance(month, dt.datetime) else month
        counts[("closed", month, took.days)] = [n]
    return counts


def application_statistics(period: Period):
    """Applications filed in the period by state, occupation group and nationality; procedures
    closed in the period: filing to closing, per month."""
    by_state: dict[str, int] = {}
    by_group: dict[str, int] = {}
    by_country: dict[str, int] = {}
    histograms: dict[dt.date, dict[int, int]] = {}
    for key, (n,) in _by_month(period, "applications", _application_counts).items():
        if key[0] == "filed":
            _kind, state, major, country = key
            by_state[state] = by_state.get(state, 0) + n
            by_group[major] = by_group.get(major, 0) + n
            by_country[country] = by_country.get(country, 0) + n
        else:
            _kind, month, days = key
            histogram = histograms.setdefault(month, {})
            histogram[days] = histogram.get(days, 0) + n
    states = tuple(_count(s, by_state[s]) for s in State.values if s in by_state)
    occupations = tuple(_count(key, by_group[key]) for key in sorted(by_group))
    countries = tuple(_count(key, by_country[key]) for key in sorted(by_country))
    months = tuple(
        MonthRow(month, durations(histograms.get(month, {})))
        for month in _months(period.start, period.end)
    )
    return months, states, occupations, countries


# --- counts by calendar month, cached for months that have ended ---------------------------------


def _by_month(period: Period, kind: str, count) -> dict[tuple, list[int]]:
    """The counts of ``count(start, end)`` over the period, added up month by month.

    Why: every figure here is a sum of counts, and sums of disjoint months add up exactly. A
    month that ended before this one and lies wholly inside the period is read from the cache
    (its key is the calendar month, never what someone typed; no personal data); the partial
    months at the edges and the current month are counted live. So a period nobody asked for
    before costs two small queries once its months are known, not a scan of a year's steps.
    """
    this_month = timezone.localdate().replace(day=1)
    total: dict[tuple, list[int]] = {}
    for month in _months(period.start, period.end):
        last = (month + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        start, end = max(period.start, month), min(period.end, last)
        if (start, end) == (month, last) and month < this_month:
            key = f"insights:{kind}:{month.isoformat()}"
            counts = cache.get(key, version=CACHE_VERSION)
            if counts is None:
                counts = count(start, end)
                cache.set(key, counts, MONTH_CACHE_SECONDS, version=CACHE_VERSION)
        else:
            counts = count(start, end)
        for key, values in counts.items():
            if key in total:
                total[key] = [a + b for a, b in zip(total[key], values, strict=True)]
            else:
                total[key] = list(values)
    return total


# --- the selectors the pages, exports and the API call -------------------------------------------


def _cache_key(period: Period) -> str:
    return f"insights:statistics:{period.start.isoformat()}:{period.end.isoformat()}"


def statistics_for_period(*, period: Period) -> Statistics:
    """Every figure of the statistics pages for ``period`` (suppressed below five).

    The default period is cached for a few minutes (it holds no personal data, and its key is
    today's date, not what someone typed); a chosen period is computed on each request.
    """
    if period.default:
        cached = cache.get(_cache_key(period), version=CACHE_VERSION)
        if cached is not None:
            return cached
    steps, phases, time_split = step_statistics(period)
    months, states, occupations, countries = application_statistics(period)
    statistics = Statistics(
        period, steps, phases, time_split, months, states, occupations, countries
    )
    if period.default:
        cache.set(_cache_key(period), statistics, CACHE_SECONDS, version=CACHE_VERSION)
    return statistics


def processing_times(*, period: Period) -> tuple[StepRow, ...]:
    """Processing time per phase and acting body (for the API); suppressed rows included."""
    if period.default:
        return statistics_for_period(period=period).steps
    return step_statistics(period)[0]
