"""What a team lead sees of their institution's inbox: workload per person, overdue cases by
age, and intake and closings per week. Counts only — no personal data, no case opened — so the
page reads no person's data and writes no audit entry per case.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from welcome.accounts.models import User
from welcome.cases.models import Case, Event, Handover

WEEKS = 12
# Days past the due date, as (first day, last day or None); a case is in the first bucket it fits.
OVERDUE_AGES = ((1, 7), (8, 14), (15, 30), (31, 60), (61, None))


@dataclass(frozen=True)
class Workload:
    user_id: int | None  # None: the cases nobody holds yet
    name: str
    open: int
    waiting: int
    overdue: int


@dataclass(frozen=True)
class Week:
    monday: dt.date
    intake: int
    closed: int


@dataclass(frozen=True)
class Overview:
    workload: list[Workload]
    overdue_by_age: list[tuple[tuple[int, int | None], int]]
    weeks: list[Week]
    open_total: int
    overdue_total: int


def team_overview(*, institution_id: str, today: dt.date | None = None) -> Overview:
    today = today or timezone.localdate()
    open_cases = Case.objects.filter(inbox_id=institution_id).exclude(status=Case.Status.CLOSED)
    overdue = Q(due_on__lt=today)
    per_person = {
        row["assignee"]: row
        for row in open_cases.values("assignee").annotate(
            open=Count("pk"),
            waiting=Count("pk", filter=Q(status=Case.Status.WAITING)),
            overdue=Count("pk", filter=overdue),
        )
    }
    staff = (
        User.objects.filter(kind=User.Kind.STAFF, institution_id=institution_id, is_active=True)
        .filter(Q(role__in=(User.Role.CASE_WORKER, User.Role.TEAM_LEAD)) | Q(pk__in=per_person))
        .order_by("last_name", "first_name", "username")
    )
    workload = [
        _workload(user.pk, user.get_full_name() or user.username, per_person.get(user.pk))
        for user in staff
    ]
    # Cases held by someone who has left the institution count as nobody's.
    known = {row.user_id for row in workload}
    rest = [row for key, row in per_person.items() if key is None or key not in known]
    workload.append(
        _workload(
            None,
            "",
            {name: sum(row[name] for row in rest) for name in ("open", "waiting", "overdue")},
        )
    )
    ages = open_cases.aggregate(
        **{
            f"age_{first}": Count(
                "pk",
                filter=Q(due_on__lte=today - dt.timedelta(days=first))
                & (Q(due_on__gte=today - dt.timedelta(days=last)) if last else Q()),
            )
            for first, last in OVERDUE_AGES
        }
    )
    return Overview(
        workload=workload,
        overdue_by_age=[(age, ages[f"age_{age[0]}"]) for age in OVERDUE_AGES],
        weeks=weekly(institution_id=institution_id, today=today),
        open_total=sum(row.open for row in workload),
        overdue_total=sum(row.overdue for row in workload),
    )


def _workload(user_id, name, row) -> Workload:
    row = row or {}
    return Workload(user_id, name, row.get("open", 0), row.get("waiting", 0), row.get("overdue", 0))


def _per_week(queryset, field: str, since: dt.datetime) -> dict[dt.date, int]:
    """Rows of ``queryset`` per Monday of the (Hannover) day in ``field``, from ``since`` on."""
    weeks: dict[dt.date, int] = {}
    days = (
        queryset.filter(**{f"{field}__gte": since})
        .annotate(day=TruncDate(field))
        .values("day")
        .annotate(n=Count("pk"))
    )
    for row in days:
        monday = row["day"] - dt.timedelta(days=row["day"].weekday())
        weeks[monday] = weeks.get(monday, 0) + row["n"]
    return weeks


def weekly(*, institution_id: str, today: dt.date) -> list[Week]:
    """Cases that arrived in the inbox (opened or triaged there, or handed over to it) and cases
    it closed, per week (Monday to Sunday, Hannover time) for the last WEEKS weeks."""
    first = today - dt.timedelta(days=today.weekday() + 7 * (WEEKS - 1))
    since = timezone.make_aware(dt.datetime.combine(first, dt.time.min))
    opened = _per_week(
        Event.objects.filter(kind=Event.Kind.ROUTED, institution_id=institution_id), "at", since
    )
    handed = _per_week(Handover.objects.filter(to_institution_id=institution_id), "at", since)
    closed = _per_week(Case.objects.filter(inbox_id=institution_id), "closed_at", since)
    return [
        Week(monday, opened.get(monday, 0) + handed.get(monday, 0), closed.get(monday, 0))
        for monday in (first + dt.timedelta(weeks=i) for i in range(WEEKS))
    ]
