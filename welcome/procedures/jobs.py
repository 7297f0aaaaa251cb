"""The due-date jobs of the § 81a procedure: the BA approval deemed given, escalation of passed
deadlines, reminders before a deadline ends.

Why set-based: every job first reads the ids of the deadlines that are due by one range query on
the partial index `proc_deadline_running` (open and not paused, by due date), so a sweep over a
million running procedures reads the few rows due now and does nothing for the others.

Why claim-then-send: a notice is claimed with a conditional UPDATE (`reminded_at` /
`escalated_at` IS NULL, still open and running) before it is sent, and released only when the
mail server refuses. A job killed halfway and run again sends nothing twice; a job run by two
processes at once sends each notice once. (A kill between the claim and the send loses that one
notice — at most once, never twice.)

Called from the periodic task in `tasks.py` (huey consumer, or `manage.py run_due_jobs` in the
embedded default).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet
from django.utils import timezone

from welcome.accounts.models import User
from welcome.law.periods import add_working_days
from welcome.procedures import notifications, services
from welcome.procedures.models import Deadline

logger = logging.getLogger("welcome.procedures")

DEFAULT_REMINDER_WORKING_DAYS = 2


def reminder_working_days() -> int:
    """How many working days before a deadline ends its institution is reminded (setting
    PROCEDURES_REMINDER_WORKING_DAYS); a malformed value is refused, not guessed."""
    value = getattr(settings, "PROCEDURES_REMINDER_WORKING_DAYS", DEFAULT_REMINDER_WORKING_DAYS)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 20:
        raise ImproperlyConfigured(
            "PROCEDURES_REMINDER_WORKING_DAYS must be a whole number of working days from 0 to 20."
        )
    return value


def _running() -> QuerySet[Deadline]:
    """Open deadlines whose clock runs: exactly the rows of the partial index."""
    return Deadline.objects.filter(met_on__isnull=True, paused_since__isnull=True)


def reminders_due(today: dt.date) -> QuerySet[Deadline]:
    """Running deadlines that end within the next N working days (today included) and whose
    institution has not been reminded. A deadline ending on ``due`` is reminded from the working
    day N working days before it: exactly when ``due`` ≤ the N-th working day after today."""
    horizon = add_working_days(today, reminder_working_days())
    return _running().filter(due_on__gte=today, due_on__lte=horizon, reminded_at__isnull=True)


def escalations_due(today: dt.date) -> QuerySet[Deadline]:
    """Running deadlines whose last day has passed and that no team lead has heard of."""
    return _running().filter(due_on__lt=today, escalated_at__isnull=True)


def _claim(deadline_id: int, field_name: str, now: dt.datetime) -> bool:
    """Win the right to send one notice: only one caller turns the field from NULL to now."""
    return (
        _running()
        .filter(pk=deadline_id, **{f"{field_name}__isnull": True})
        .update(**{field_name: now})
        == 1
    )


def _release(deadline_id: int, field_name: str) -> None:
    Deadline.objects.filter(pk=deadline_id).update(**{field_name: None})


@dataclass
class _Recipients:
    """Addresses per (institution, role), read once per sweep, not once per deadline."""

    role: str = ""
    known: dict[str | None, list[str]] = field(default_factory=dict)

    def __call__(self, institution_id: str | None) -> list[str]:
        if institution_id not in self.known:
            self.known[institution_id] = notifications.staff_addresses(
                institution_id, role=self.role
            )
        return self.known[institution_id]


def _notify_claimed(ids: list[int], field_name: str, send, recipients: _Recipients) -> int:
    """Claim each due deadline, send its notice, release the claim if sending fails."""
    sent = 0
    for deadline_id in ids:
        if not _claim(deadline_id, field_name, timezone.now()):
            continue  # another run took it, or it was met or paused meanwhile
        try:
            deadline = Deadline.objects.select_related("application").get(pk=deadline_id)
            actor = services.authority_actor(deadline.application)
            addresses = recipients(actor)
            if not addresses:
                logger.warning(
                    "No %s recipients at %s for deadline %s; nothing sent.",
                    recipients.role or "staff",
                    actor,
                    deadline_id,
                )
            sent += send(deadline, addresses)
        except Exception:
            _release(deadline_id, field_name)
            logger.exception("Could not send the %s of deadline %s.", field_name, deadline_id)
    return sent


def send_reminders(today: dt.date | None = None) -> int:
    """Remind the acting institution's staff of deadlines that end soon; answers mails sent."""
    ids = list(reminders_due(today or services.today()).values_list("pk", flat=True))
    return _notify_claimed(ids, "reminded_at", notifications.send_deadline_reminder, _Recipients())


def send_escalations(today: dt.date | None = None) -> int:
    """Tell the acting institution's team leads of deadlines that passed; answers mails sent."""
    ids = list(escalations_due(today or services.today()).values_list("pk", flat=True))
    return _notify_claimed(
        ids,
        "escalated_at",
        notifications.send_deadline_escalation,
        _Recipients(role=User.Role.TEAM_LEAD),
    )


def deem_approvals(today: dt.date | None = None) -> int:
    """Record the BA approval as deemed given (§ 36 Abs. 2 BeschV) on the day after the BA's
    week ended; answers how many applications moved on. Safe to run twice."""
    today = today or services.today()
    application_ids = list(
        services.deemed_approvals_due(today).values_list("application_id", flat=True)
    )
    deemed = 0
    for application_id in application_ids:
        try:
            deemed += services.application_deem_approval(application_id=application_id, on=today)
        except Exception:
            logger.exception("Could not deem the BA approval of application %s.", application_id)
    return deemed


def sweep(today: dt.date | None = None) -> dict[str, int]:
    """Every due-date job once, in the order that matters: a BA deadline that the fiction meets
    today is neither escalated nor reminded."""
    today = today or services.today()
    return {
        "deemed": deem_approvals(today),
        "escalated": send_escalations(today),
        "reminded": send_reminders(today),
    }
