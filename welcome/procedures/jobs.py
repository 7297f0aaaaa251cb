"""The due-date jobs of the § 81a procedure: the BA approval deemed given, escalation of passed
deadlines, reminders before a deadline ends.

Why set-based: every job first reads the ids of the deadlines that are due by one range query on
the partial index `proc_deadline_running` (open and not paused, by due date), so a sweep over a
million running procedures reads the few rows due now and does nothing for the others.

Why claim-then-send: due deadlines are claimed in batches (`reminded_at` / `escalated_at` set
by one UPDATE, rows locked with SKIP LOCKED on PostgreSQL) before anything is sent, and released
only when the mail server refuses. A job killed halfway and run again sends nothing twice; two
processes at once send each notice once. (A kill between the claim and the send loses those
notices — at most once, never twice.)

Why digests: each acting institution gets one message per run listing its deadlines, not one
per deadline — a team with forty deadlines ending this week reads one mail, and a sweep costs a
few round trips per 500 deadlines however many are due.

Called from the periodic task in `tasks.py` (huey consumer, or `manage.py run_due_jobs` in the
embedded default).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
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


# Deadlines claimed per round trip, and the most a digest lists (the inbox shows the rest).
BATCH = 500


def _claim_batch(due: QuerySet[Deadline], field_name: str, now: dt.datetime) -> list[Deadline]:
    """Claim up to BATCH due deadlines in one round trip and return them with their application.

    On PostgreSQL the rows are locked and rows another run holds are skipped, so two runs at once
    never claim the same deadline; the conditional UPDATE keeps that true on SQLite, whose writes
    are serialised anyway.
    """
    with transaction.atomic():
        ids = list(
            due.select_for_update(skip_locked=True).order_by().values_list("pk", flat=True)[:BATCH]
        )
        if ids:
            Deadline.objects.filter(pk__in=ids, **{f"{field_name}__isnull": True}).update(
                **{field_name: now}
            )
    return list(
        Deadline.objects.filter(pk__in=ids, **{field_name: now})
        .select_related("application")
        .order_by("due_on", "id")
    )


def _notify_claimed(due: QuerySet[Deadline], field_name: str, kind: str, role: str = "") -> int:
    """Claim every due deadline, then send ONE digest per acting institution (not one mail per
    deadline); a digest the mail server refuses releases its claims for the next run.
    Answers how many deadlines were notified."""
    now = timezone.now()
    by_institution: dict[str | None, list[Deadline]] = defaultdict(list)
    while True:
        batch = _claim_batch(due, field_name, now)
        for deadline in batch:
            by_institution[services.authority_actor(deadline.application)].append(deadline)
        if len(batch) < BATCH:
            break
    notified = 0
    for institution_id, deadlines in by_institution.items():
        addresses = notifications.staff_addresses(institution_id, role=role)
        if not addresses:
            logger.warning(
                "No %s recipients at %s for %d deadlines; nothing sent.",
                role or "staff",
                institution_id,
                len(deadlines),
            )
            continue
        try:
            notifications.send_deadline_digest(deadlines, addresses, kind=kind)
        except Exception:
            Deadline.objects.filter(pk__in=[d.pk for d in deadlines]).update(**{field_name: None})
            logger.exception("Could not send the %s digest to %s.", kind, institution_id)
            continue
        notified += len(deadlines)
    return notified


def send_reminders(today: dt.date | None = None) -> int:
    """Remind the acting institution's staff of deadlines that end soon (one digest each)."""
    return _notify_claimed(reminders_due(today or services.today()), "reminded_at", "reminder")


def send_escalations(today: dt.date | None = None) -> int:
    """Tell the acting institution's team leads of deadlines that passed (one digest each)."""
    return _notify_claimed(
        escalations_due(today or services.today()),
        "escalated_at",
        "escalation",
        role=User.Role.TEAM_LEAD,
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
