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
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from welcome.accounts.models import User
from welcome.law.periods import add_working_days
from welcome.procedures import notifications, services
from welcome.procedures.models import Application, Deadline

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


# Deadlines claimed per round trip: each claim walks the due range past the rows claimed before
# (the flag is not in the index), so few large batches beat many small ones (37,588 reminders:
# 1.8 s in batches of 500, see bench/procedures_deadlines.py). Applications deemed approved per
# statement set: DEEM_BATCH.
BATCH = 5000
DEEM_BATCH = 500


def _claim_batch(
    due: QuerySet[Deadline], field_name: str, now: dt.datetime
) -> list[tuple[int, dt.date, str | None]]:
    """Claim up to BATCH due deadlines in one round trip; answers (id, due date, acting
    institution) of each — plain values, since most of them are only counted in a digest.

    On PostgreSQL one UPDATE … RETURNING claims rows picked with FOR UPDATE SKIP LOCKED, so two
    runs at once never claim the same deadline and neither waits for the other; on SQLite, whose
    writes are serialised anyway, the conditional UPDATE keeps that true.
    """
    with transaction.atomic():
        pick = due.select_for_update(skip_locked=True).order_by().values("pk")[:BATCH]
        if connection.vendor == "postgresql":
            claimed = _claim_returning(pick, field_name, now)
        else:
            ids = [row["pk"] for row in pick]
            Deadline.objects.filter(pk__in=ids, **{f"{field_name}__isnull": True}).update(
                **{field_name: now}
            )
            claimed = Deadline.objects.filter(pk__in=ids, **{field_name: now}).values_list(
                "pk", "due_on", "application__mode", "application__authority_id"
            )
        return [
            (pk, due_on, services.authority_actor_of(mode, authority_id))
            for pk, due_on, mode, authority_id in claimed
        ]


def _claim_returning(pick: QuerySet, field_name: str, now: dt.datetime) -> list[tuple]:
    """Set ``field_name`` on the picked deadlines and read back what the digests need, in one
    statement (three before, with a 5,000-id IN list twice: 1.7 s for 37,588 reminders)."""
    pick_sql, params = pick.query.sql_with_params()
    column = connection.ops.quote_name(Deadline._meta.get_field(field_name).column)
    deadlines = connection.ops.quote_name(Deadline._meta.db_table)
    applications = connection.ops.quote_name(Application._meta.db_table)
    # Table and column names come from the models, values are parameters.
    # The pick is a materialised CTE: as an IN (…) subquery PostgreSQL may run it again per
    # row and so claim past its LIMIT.
    sql = (
        f"WITH picked AS MATERIALIZED ({pick_sql}) "  # noqa: S608
        f"UPDATE {deadlines} AS d SET {column} = %s FROM picked, {applications} AS a "
        f"WHERE d.id = picked.pk AND d.{column} IS NULL AND a.id = d.application_id "
        "RETURNING d.id, d.due_on, a.mode, a.authority_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, now])
        return cursor.fetchall()


def _notify_claimed(due: QuerySet[Deadline], field_name: str, kind: str, role: str = "") -> int:
    """Claim every due deadline, then send ONE digest per acting institution (not one mail per
    deadline); a digest the mail server refuses releases its claims for the next run.
    Answers how many deadlines were notified."""
    now = timezone.now()
    by_institution: dict[str | None, list[tuple[dt.date, int]]] = defaultdict(list)
    while True:
        batch = _claim_batch(due, field_name, now)
        for pk, due_on, institution_id in batch:
            by_institution[institution_id].append((due_on, pk))
        if len(batch) < BATCH:
            break
    notified = 0
    for institution_id, claimed in by_institution.items():
        ids = [pk for _due_on, pk in sorted(claimed)]
        addresses = notifications.staff_addresses(institution_id, role=role)
        if not addresses:
            logger.warning(
                "No %s recipients at %s for %d deadlines; nothing sent.",
                role or "staff",
                institution_id,
                len(ids),
            )
            continue
        try:
            notifications.send_deadline_digest(ids, addresses, kind=kind)
        except Exception:
            Deadline.objects.filter(pk__in=ids).update(**{field_name: None})
            logger.exception("Could not send the %s digest to %s.", kind, institution_id)
            continue
        notified += len(ids)
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
    week ended, DEEM_BATCH applications per statement set; answers how many moved on. Safe to run
    twice."""
    today = today or services.today()
    deemed = 0
    while True:
        try:
            moved = services.applications_deem_approval(on=today, limit=DEEM_BATCH)
        except Exception:
            logger.exception("Could not deem BA approvals given; the next sweep tries again.")
            break
        deemed += len(moved)
        if len(moved) < DEEM_BATCH:
            break
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
