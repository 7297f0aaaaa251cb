"""Notifications to staff: who hears of a new, handed-over, assigned or overdue case, the in-app
list, and the daily e-mail digest.

A notice names the case and what happened, nothing of the person: the digest carries references
and links only, so a mailbox never holds personal data (the case page, with its access check and
audit entry, does). Who is told:
- a case arrives in an inbox (opened there, passed through, triaged or handed over): the
  institution's case workers and team leads, except whoever moved it;
- a case is assigned: the assignee, unless they assigned it to themselves;
- a case passes its due date: the assignee, or the inbox's team leads while nobody holds it
  (the case workers where there is no team lead) — once per case and due date.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import Exists, OuterRef, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from welcome.accounts.models import User
from welcome.cases.models import Case, Notification
from welcome.prepared import Prepared

logger = logging.getLogger("welcome.cases")

RECIPIENT_ROLES = (User.Role.CASE_WORKER, User.Role.TEAM_LEAD)
LIST_SIZE = 50
# Read notices are kept this long, then pruned by the nightly job.
KEEP_READ_DAYS = 90
# Overdue notices are made for due dates this recent: the morning job catches up a missed week,
# but its first run on an old database does not bury everyone under years of overdue cases (the
# team overview counts those).
OVERDUE_LOOKBACK_DAYS = 7


def _staff(institution_id: str) -> QuerySet[User]:
    return User.objects.filter(
        kind=User.Kind.STAFF,
        institution_id=institution_id,
        is_active=True,
        role__in=RECIPIENT_ROLES,
    )


def notify_inbox(case: Case, kind: str, *, institution_id: str, actor=None) -> int:
    """Tell the staff of the inbox the case just arrived in (not the one who moved it)."""
    recipients = _staff(institution_id)
    if actor is not None and actor.pk:
        recipients = recipients.exclude(pk=actor.pk)
    notices = [
        Notification(recipient_id=pk, case=case, kind=kind)
        for pk in recipients.values_list("pk", flat=True)
    ]
    return len(Notification.objects.bulk_create(notices))


def notify_assignee(case: Case, *, assignee, actor) -> int:
    if assignee.pk == getattr(actor, "pk", None):
        return 0
    Notification.objects.create(recipient=assignee, case=case, kind=Notification.Kind.ASSIGNED)
    return 1


def notify_overdue(*, today: dt.date | None = None) -> int:
    """Notices for cases past their due date that have none for that due date yet."""
    today = today or timezone.localdate()
    told = Notification.objects.filter(
        case=OuterRef("pk"), kind=Notification.Kind.OVERDUE, due_on=OuterRef("due_on")
    )
    overdue = (
        Case.objects.filter(
            due_on__lt=today,
            due_on__gte=today - dt.timedelta(days=OVERDUE_LOOKBACK_DAYS),
            erased_at__isnull=True,
        )
        .exclude(status=Case.Status.CLOSED)
        .exclude(Exists(told))
        .values_list("pk", "inbox_id", "assignee_id", "due_on", "assignee__is_active")
    )
    leads: dict[str, list[int]] = {}

    def responsible(inbox_id: str) -> list[int]:
        if inbox_id not in leads:
            staff = list(_staff(inbox_id).values_list("pk", "role"))
            leads[inbox_id] = [pk for pk, role in staff if role == User.Role.TEAM_LEAD] or [
                pk for pk, _role in staff
            ]
        return leads[inbox_id]

    created, batch = 0, []
    for case_id, inbox_id, assignee_id, due_on, assignee_active in overdue.iterator(2000):
        recipients = [assignee_id] if assignee_id and assignee_active else responsible(inbox_id)
        batch += [
            Notification(
                recipient_id=pk, case_id=case_id, kind=Notification.Kind.OVERDUE, due_on=due_on
            )
            for pk in recipients
        ]
        if len(batch) >= 2000:
            created += len(Notification.objects.bulk_create(batch, ignore_conflicts=True))
            batch = []
    created += len(Notification.objects.bulk_create(batch, ignore_conflicts=True))
    return created


# --- the in-app list -----------------------------------------------------------------------------


# On every back-office page: Django's count() compiled an aggregation anew each time, two thirds
# of its cost (bench/README).
_UNREAD = Prepared(
    lambda pk: (
        Notification.objects.filter(recipient_id=pk, read_at__isnull=True)
        .order_by()
        .values_list("id")
    )
)


def unread_count(user) -> int:
    return _UNREAD.count(user.pk)


def notifications_for(user) -> list[Notification]:
    """The latest notices of the user, with their cases' reference and topic (no personal data)."""
    return list(
        Notification.objects.filter(recipient=user)
        .select_related("case")
        .only(
            "kind", "due_on", "created_at", "read_at", "case__reference", "case__topic", "case_id"
        )[:LIST_SIZE]
    )


def mark_read(user, notification_id: int | None = None) -> int:
    """Mark one notice (or all) of the user as read; another user's notice is left alone."""
    notices = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_id is not None:
        notices = notices.filter(pk=notification_id)
    return notices.update(read_at=timezone.now())


def prune(*, now: dt.datetime | None = None) -> int:
    cutoff = (now or timezone.now()) - dt.timedelta(days=KEEP_READ_DAYS)
    deleted, _by_model = Notification.objects.filter(read_at__lt=cutoff).delete()
    return deleted


# --- the e-mail digest ---------------------------------------------------------------------------


def send_digests(*, now: dt.datetime | None = None) -> int:
    """One e-mail per staff member who asked for it, listing their unread notices not yet mailed.

    Each user's notices are claimed (emailed_at set) before the mail is built; a refused mail
    releases the claim, so the next run tries again. Returns the number of e-mails sent.
    """
    now = now or timezone.now()
    pending = Notification.objects.filter(read_at__isnull=True, emailed_at__isnull=True)
    users = User.objects.filter(
        notification_digest=True, is_active=True, email__gt="", kind=User.Kind.STAFF
    ).filter(Exists(pending.filter(recipient=OuterRef("pk"))))
    sent = 0
    for user in users.iterator():
        ids = list(pending.filter(recipient=user).values_list("pk", flat=True))
        claimed = Notification.objects.filter(pk__in=ids, emailed_at__isnull=True)
        if not claimed.update(emailed_at=now):
            continue
        try:
            _send_digest(user, ids)
            sent += 1
        except Exception:
            logger.exception("Notification digest to user %s failed", user.pk)
            Notification.objects.filter(pk__in=ids, emailed_at=now).update(emailed_at=None)
    return sent


def _send_digest(user, ids: list[int]) -> None:
    notices = list(
        Notification.objects.filter(pk__in=ids).select_related("case").order_by("created_at")
    )
    spoken = user.language in dict(settings.LANGUAGES)
    with translation.override(user.language if spoken else settings.LANGUAGE_CODE):
        base = settings.SITE_URL.rstrip("/")
        lines = [
            {
                "reference": notice.case.reference,
                "what": notice.get_kind_display(),
                "link": base + reverse("cases:detail", kwargs={"case_id": notice.case_id}),
            }
            for notice in notices
        ]
        subject = ngettext(
            "Welcome Center back office: %(count)d new notification",
            "Welcome Center back office: %(count)d new notifications",
            len(lines),
        ) % {"count": len(lines)}
        body = render_to_string(
            "cases/emails/digest.txt",
            {
                "user": user,
                "lines": lines,
                "list_link": base + reverse("cases:notifications"),
                "settings_hint": _(
                    "You receive this digest because you asked for it; switch it off on your "
                    "notifications page."
                ),
            },
        )
    EmailMessage(subject=subject, body=body, to=[user.email]).send()
