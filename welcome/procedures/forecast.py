"""When an open § 81a application is expected to reach its next goal, and why.

The remaining path is walked phase by phase (the flags ``needs_recognition`` and
``needs_ba_approval`` decide whether the recognition body and the BA take part). Each phase ends:

1. on the due day of its statutory deadline, when one is running (a BA week ends at the latest
   on the day its approval is deemed given, § 36 Abs. 2 BeschV);
2. else after the durations observed for that phase at that body — the median for the earliest
   date, the 80th percentile for the latest — once at least five of the last 50 are known;
3. else after the statutory period or the planning figure of `law/parameters/procedure.yaml`,
   counted as the law counts periods (`welcome.law.periods`).

The goal is the visa decision; after it, the residence permit. While documents are missing the
clock is paused and no date is given. Observed durations are read once per phase and body for a
whole list (`expected_many`), running deadlines in one query. The phases themselves are the
procedure's vocabulary (`phases.py`), shared with the statistics.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.cache import cache
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from welcome.accounts.models import Company
from welcome.insights.percentiles import nearest_rank
from welcome.law import parameters
from welcome.law.periods import next_working_day, period_end
from welcome.procedures import machine
from welcome.procedures.actors import acting_body
from welcome.procedures.machine import State
from welcome.procedures.models import Application, Deadline, Step
from welcome.procedures.phases import Phase, path
from welcome.region.jurisdiction import (
    ACCELERATED_PROCEDURE,
    competent_institution,
    find_municipality,
)

S = State
OBSERVED_LAST = 50  # the newest finished phases that speak for the next one
OBSERVED_MIN = 5  # fewer say nothing (and would speak about single people)
# Observed durations are shared by every application in the same phase at the same body and
# hold no personal data: a dashboard of 500 reads them from the cache, not 20 queries a time.
OBSERVED_CACHE_SECONDS = 300


@dataclass(frozen=True)
class Part:
    """A phase on the remaining path: when it is expected to end, and on what basis."""

    phase: str
    label: str
    earliest: dt.date | None
    latest: dt.date | None
    basis: str  # deadline | observed | statutory | estimate | without_delay | today | unknown
    sentence: str


@dataclass(frozen=True)
class Forecast:
    """The expected range for the goal (no dates when nothing can be said), the reason in the
    reader's language — the parts' sentences — and the parts for display."""

    earliest: dt.date | None
    latest: dt.date | None
    reason: str
    parts: tuple[Part, ...] = ()


def remaining(application: Application) -> tuple[Phase, ...]:
    """The phases still ahead, the current one first; up to the visa decision while it is
    pending, then up to the residence permit. Empty when nothing can be forecast."""
    phases = path(application)
    states = [phase.state for phase in phases]
    if application.state not in states:
        return ()
    start = states.index(application.state)
    goal = states.index(S.VISA_APPOINTMENT) if start <= states.index(S.VISA_APPOINTMENT) else None
    return phases[start : None if goal is None else goal + 1]


def expected(application: Application, *, on: dt.date | None = None) -> Forecast:
    """The expected date range for one application (see the module's docstring)."""
    return expected_many([application], on=on)[application.pk]


def expected_many(
    applications: Iterable[Application], *, on: dt.date | None = None
) -> dict[int, Forecast]:
    """Forecasts for many applications: running deadlines in one query, observed durations once
    per phase and body (at most one small indexed query each), whatever the number."""
    on = on or timezone.localdate()
    applications = list(applications)
    plans = {a.pk: phases for a in applications if _open(a) and (phases := remaining(a))}
    authorities = _authorities([a for a in applications if a.pk in plans], on)
    running: dict[int, dict[str, Deadline]] = {}
    for deadline in Deadline.objects.filter(application_id__in=list(plans), met_on__isnull=True):
        running.setdefault(deadline.application_id, {})[deadline.step] = deadline
    keys = {
        (
            phase.state,
            phase.ends_with,
            acting_body(a, phase.waiting_for, authority=authorities[a.pk]),
        )
        for a in applications
        for phase in plans.get(a.pk, ())
    }
    walker = _Walker(on, {key: _observed(*key) for key in keys})
    return {
        a.pk: walker.forecast(a, plans[a.pk], authorities[a.pk], running.get(a.pk, {}))
        if a.pk in plans
        else _no_forecast(a)
        for a in applications
    }


def _open(application: Application) -> bool:
    return application.state not in machine.FINAL and application.state not in (
        S.DRAFT,
        S.DOCUMENTS_MISSING,
    )


def _no_forecast(application: Application) -> Forecast:
    if application.state in machine.FINAL:
        reason = _("The procedure has ended; no date is expected any more.")
    elif application.state == S.DOCUMENTS_MISSING:
        reason = _("The clock is paused until the missing documents arrive; then dates follow.")
    else:
        reason = _("An expected date is shown once the pre-check has been requested.")
    return Forecast(None, None, reason)


def _authorities(applications: list[Application], on: dt.date) -> dict[int, str]:
    """The authority acting on each application: the one it was filed with, or — before
    filing — the one competent today at the company's establishment."""
    answer = {a.pk: a.authority_id or "" for a in applications}
    unfiled = [a for a in applications if not a.authority_id]
    if unfiled:
        places = dict(
            Company.objects.filter(pk__in={a.company_id for a in unfiled}).values_list(
                "pk", "municipality"
            )
        )
        for application in unfiled:
            municipality = find_municipality(places.get(application.company_id) or "")
            institution = (
                competent_institution(municipality, ACCELERATED_PROCEDURE, on)
                if municipality
                else None
            )
            answer[application.pk] = institution.id if institution else ""
    return answer


def _observed(state: str, ends_with: tuple[str, ...], body: str) -> list[int]:
    """Days the last 50 applications spent in ``state`` at ``body`` before ``ends_with``
    (served by the index ``proc_step_phase``)."""
    if not ends_with or not body:
        return []
    key = f"procedures:observed:{state}:{'+'.join(ends_with)}:{body}"
    days = cache.get(key)
    if days is None:
        days = list(
            Step.objects.filter(from_state=state, acting_body=body, transition__in=ends_with)
            .order_by("-on", "-id")
            .values_list("days", flat=True)[:OBSERVED_LAST]
        )
        cache.set(key, days, OBSERVED_CACHE_SECONDS)
    return days


def _day(day: dt.date) -> str:
    return date_format(day, "DATE_FORMAT")


def _period_text(period: dict[str, int]) -> str:
    (unit, amount), *_rest = period.items()
    if unit == "months":
        return ngettext("%(n)d month", "%(n)d months", amount) % {"n": amount}
    if unit == "weeks":
        return ngettext("%(n)d week", "%(n)d weeks", amount) % {"n": amount}
    return ngettext("%(n)d day", "%(n)d days", amount) % {"n": amount}


def _period_sentence(label: str, figure: parameters.Figure) -> tuple[str, str]:
    """The basis and the sentence for a period of the law or a planning figure."""
    values = {"phase": label, "period": _period_text(figure.value), "reference": figure.reference}
    if figure.verified:
        return "statutory", _("%(phase)s: statutory period of %(period)s (%(reference)s).") % values
    return "estimate", _(
        "%(phase)s: planned with %(period)s — a planning figure, not a statutory period."
    ) % values


class _Walker:
    """Walks applications along their remaining phases. What does not depend on one
    application — a phase's observed percentiles, its sentences — is worked out once."""

    def __init__(self, on: dt.date, observed: dict[tuple, list[int]]):
        self.on, self.observed, self.memo = on, observed, {}

    def _once(self, key, make):
        if key not in self.memo:
            self.memo[key] = make()
        return self.memo[key]

    def forecast(self, application, phases, authority, running) -> Forecast:
        parts: list[Part] = []
        earliest = latest = application.state_since
        for index, phase in enumerate(phases):
            body = acting_body(application, phase.waiting_for, authority=authority)
            part = self._part(phase, body, earliest, latest, running, current=index == 0)
            parts.append(part)
            if part.earliest is None:
                break
            earliest, latest = part.earliest, part.latest
        reason = " ".join(p.sentence for p in parts)
        if parts[-1].earliest is None:
            return Forecast(None, None, reason, tuple(parts))
        return Forecast(earliest, latest, reason, tuple(parts))

    def _part(self, phase, body, start_early, start_late, running, *, current) -> Part:
        label = self._once(phase.key, lambda: phase.label)
        deadline = running.get(phase.deadline) if current and phase.deadline else None
        if deadline is not None:
            return self._deadline_part(phase, label, deadline)
        if phase.state == S.PRE_CHECKED and current:
            day = next_working_day(self.on)
            sentence = _("%(phase)s: counted from today, as if the application were filed today.")
            return Part(phase.key, label, day, day, "today", sentence % {"phase": label})
        key = (phase.state, phase.ends_with, body)
        observed = self._once(("observed", key), lambda: self._observed(key, label))
        if observed is not None:
            median, p80, sentence = observed
            early = self._end(start_early + dt.timedelta(days=median), phase, start_early, current)
            late = self._end(start_late + dt.timedelta(days=p80), phase, start_late, current)
            return Part(phase.key, label, early, late, "observed", sentence)
        if phase.period:
            figure = parameters.value(phase.period, start_early)
            early = self._end(period_end(start_early, figure.value), phase, start_early, current)
            late_end = period_end(start_late, parameters.value(phase.period, start_late).value)
            if phase.key == "ba_approval":  # silence: the approval is deemed given a day later
                late_end += dt.timedelta(days=1)
            late = self._end(late_end, phase, start_late, current)
            basis, sentence = self._once(
                ("period", phase.key, figure.name, figure.valid_from),
                lambda: _period_sentence(label, figure),
            )
            return Part(phase.key, label, early, late, basis, sentence)
        if phase.waiting_for == machine.AUTHORITY and phase.key.endswith("_request"):
            early = self._end(start_early, phase, start_early, current)
            late = self._end(start_late, phase, start_late, current)
            sentence = _("%(phase)s: the authority forwards the application without delay.")
            return Part(phase.key, label, early, late, "without_delay", sentence % {"phase": label})
        sentence = _(
            "%(phase)s: too few procedures have passed this step yet to estimate how long it takes."
        )
        return Part(phase.key, label, None, None, "unknown", sentence % {"phase": label})

    def _observed(self, key, label) -> tuple[int, int, str] | None:
        """Median and 80th percentile of the last durations, with the sentence saying so."""
        days = self.observed.get(key, [])
        if len(days) < OBSERVED_MIN:
            return None
        histogram: dict[int, int] = {}
        for value in days:
            histogram[value] = histogram.get(value, 0) + 1
        median, p80 = nearest_rank(histogram, 50), nearest_rank(histogram, 80)
        sentence = ngettext(
            "%(phase)s took %(median)d day in the median of the last %(count)d "
            "procedures, at most %(p80)d days in four out of five.",
            "%(phase)s took %(median)d days in the median of the last %(count)d "
            "procedures, at most %(p80)d days in four out of five.",
            median,
        ) % {"phase": label, "median": median, "count": len(days), "p80": p80}
        return median, p80, sentence

    def _end(self, day: dt.date, phase: Phase, start: dt.date, current: bool) -> dt.date:
        """A phase ends on a working day, never before today, and the BA's at the latest on
        the day its approval is deemed given."""
        if phase.key == "ba_approval":
            figure = parameters.value(phase.period, start)
            day = min(day, period_end(start, figure.value) + dt.timedelta(days=1))
        day = next_working_day(day) if phase.key != "ba_approval" else day
        return max(day, self.on) if current else day

    def _deadline_part(self, phase: Phase, label: str, deadline: Deadline) -> Part:
        due = deadline.due_on
        late = due + dt.timedelta(days=1) if phase.key == "ba_approval" else due
        early, late = max(due, self.on), max(late, self.on)
        if phase.key == "ba_approval" and deadline.due_on >= self.on:
            sentence = _(
                "The BA's deadline ends on %(date)s; if it does not answer, its approval is "
                "deemed given on %(deemed)s (§ 36 Abs. 2 BeschV)."
            ) % {"date": _day(due), "deemed": _day(due + dt.timedelta(days=1))}
        elif due >= self.on:
            sentence = _("%(phase)s: the statutory deadline ends on %(date)s (%(citation)s).") % {
                "phase": label,
                "date": _day(due),
                "citation": deadline.citation.split(";")[0],
            }
        else:
            sentence = _("%(phase)s: the statutory deadline ended on %(date)s; it is overdue.") % {
                "phase": label,
                "date": _day(due),
            }
        return Part(phase.key, label, early, late, "deadline", sentence)
