"""Writes of referrals: a young person (or an adviser for them) asks a programme to get in touch;
the programme's staff record each step; the personal data goes when the person withdraws or
the retention period ends.

The same rules as cases (welcome.cases): consent is recorded with the very words agreed to; the
personal data lives apart from the referral (`ReferralPerson`) so the anonymous row stays for
the figures; every write is audited; erasure claims its row with a conditional UPDATE, so two
runs never collide. A young person under 16 who sends their own request needs a parent's or
guardian's agreement (Art. 8 Abs. 1 DSGVO: Germany keeps the age of 16).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from welcome.audit.services import audit_log
from welcome.jobs import enqueue_on_commit
from welcome.region.models import Institution
from welcome.youth.models import (
    Organisation,
    Programme,
    Referral,
    ReferralPerson,
    ReferralStatusChange,
)

Status = Referral.Status
# Art. 8 Abs. 1 DSGVO: below this age a child's own consent needs a parent's or guardian's.
DIGITAL_CONSENT_AGE = 16
# Where each status may lead; completed and dropped out are final.
NEXT = {
    Status.RECEIVED: (Status.CONTACTED, Status.STARTED, Status.DROPPED_OUT),
    Status.CONTACTED: (Status.STARTED, Status.DROPPED_OUT),
    Status.STARTED: (Status.COMPLETED, Status.DROPPED_OUT),
    Status.COMPLETED: (),
    Status.DROPPED_OUT: (),
}


class ReferralError(Exception):
    """A step that is not possible; `message` is for the user, in their language."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class Consent:
    """What the sender agreed to: the words shown, and for an adviser how the young person's
    agreement was recorded; a parent's or guardian's agreement for a young person under 16."""

    text: str
    recorded_how: str = ""
    guardian: bool = False


def organisation_inbox_ensure(organisation: Organisation) -> Institution:
    """The institution whose staff work the organisation's referrals (made once, kept)."""
    if organisation.institution_id:
        return organisation.institution
    institution, _created = Institution.objects.get_or_create(
        id=f"youth-{organisation.slug}"[:40],
        defaults={
            "name": organisation.name,
            "short_name": organisation.name[:80],
            "kind": Institution.Kind.YOUTH_PROGRAMME,
        },
    )
    Organisation.objects.filter(pk=organisation.pk).update(institution=institution)
    organisation.institution = institution
    return institution


def _reference(referral: Referral) -> str:
    return f"JR-{referral.referred_at.year}-{referral.pk:06d}"


@transaction.atomic
def referral_send(
    *,
    programme: Programme,
    municipality: str,
    sent_by: str,
    language: str,
    person: dict,
    consent: Consent,
    now: dt.datetime | None = None,
) -> Referral:
    """Send a referral to the published version of `programme`, into its organisation's inbox.

    `person`: name, phone, email, age, school, has_training_place, message, and for an adviser
    adviser_name, adviser_organisation, adviser_contact.
    """
    version = programme.published_version
    if version is None or version.state != version.State.PUBLISHED:
        raise ReferralError(_("This programme is not offered at the moment."))
    inbox = version.organisation.institution
    if inbox is None:
        raise ReferralError(_("This programme does not take requests here. Please contact it."))
    if not version.min_age <= person["age"] <= version.max_age or (
        municipality not in version.municipalities
    ):
        raise ReferralError(
            _(
                "This programme is for %(min)s to %(max)s-year-olds in the towns it serves. "
                "Please look for another programme in the finder."
            )
            % {"min": version.min_age, "max": version.max_age}
        )
    if sent_by == Referral.Sender.ADVISER and not consent.recorded_how:
        raise ReferralError(_("Please say how the young person agreed."))
    if (
        sent_by == Referral.Sender.YOUNG_PERSON
        and person["age"] < DIGITAL_CONSENT_AGE
        and not consent.guardian
    ):
        raise ReferralError(_("Under 16, a parent or guardian must agree to the request."))
    now = now or timezone.now()
    public_id = uuid.uuid4()
    referral = Referral.objects.create(
        reference=public_id.hex[:20],  # unique until the number is known, a moment later
        public_id=public_id,
        programme=programme,
        version=version,
        inbox=inbox,
        municipality=municipality,
        sent_by=sent_by,
        language=(language or "de")[:10],
        referred_at=now,
        last_activity_at=now,
    )
    referral.reference = _reference(referral)
    Referral.objects.filter(pk=referral.pk).update(reference=referral.reference)
    ReferralPerson.objects.create(
        referral=referral,
        consent_text=consent.text,
        consent_given_at=now,
        consent_recorded_how=consent.recorded_how,
        guardian_consent=consent.guardian,
        **person,
    )
    ReferralStatusChange.objects.create(
        referral=referral, status=Status.RECEIVED, on=timezone.localdate(now), at=now
    )
    from welcome.youth import tasks  # the jobs import this module

    enqueue_on_commit(tasks.send_referral_confirmation, referral.pk)
    enqueue_on_commit(tasks.notify_referral_inbox, referral.pk)
    audit_log(
        actor=None,
        action="youth.referral_sent",
        obj=referral,
        inbox=inbox.pk,
        programme=programme.slug,
        sent_by=sent_by,
    )
    return referral


def _last_day(referral: Referral) -> dt.date:
    days = [timezone.localdate(referral.referred_at)]
    days += [d for d in (referral.contacted_on, referral.started_on, referral.ended_on) if d]
    return max(days)


@transaction.atomic
def referral_status_set(*, referral: Referral, status: str, on: dt.date, by) -> Referral:
    """Record that the referral reached `status` on day `on` — only by the inbox's staff, only
    forward, never in the future nor before the previous step. Starting implies first contact."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if not getattr(by, "is_programme_staff", False) or by.institution_id != referral.inbox_id:
        raise ReferralError(_("Only the programme's staff can change this referral."))
    if referral.is_erased:
        raise ReferralError(_("This referral was withdrawn or erased."))
    if status not in NEXT[Status(referral.status)]:
        raise ReferralError(
            _("A referral that is “%(current)s” cannot become “%(new)s”.")
            % {"current": Status(referral.status).label, "new": Status(status).label}
        )
    today = timezone.localdate()
    if on > today:
        raise ReferralError(_("The date cannot be in the future."))
    if on < _last_day(referral):
        raise ReferralError(_("The date cannot be before the previous step."))
    if status in (Status.CONTACTED, Status.STARTED) and referral.contacted_on is None:
        referral.contacted_on = on
    if status == Status.STARTED:
        referral.started_on = on
    if status in (Status.COMPLETED, Status.DROPPED_OUT):
        referral.ended_on = on
    previous = referral.status
    referral.status = status
    referral.last_activity_at = timezone.now()
    referral.save(
        update_fields=["status", "contacted_on", "started_on", "ended_on", "last_activity_at"]
    )
    ReferralStatusChange.objects.create(
        referral=referral, status=status, on=on, by=by, at=referral.last_activity_at
    )
    audit_log(
        actor=by,
        action="youth.referral_status_set",
        obj=referral,
        previous=previous,
        status=status,
        on=on.isoformat(),
    )
    return referral


def _erase(referral_id: int, *, reason: str, by=None, condition=None) -> bool:
    """Delete the personal data of one referral, keeping its anonymous row; idempotent."""
    now = timezone.now()
    with transaction.atomic():
        claimed = Referral.objects.filter(pk=referral_id, erased_at__isnull=True)
        if condition is not None:
            claimed = claimed.filter(condition)
        if not claimed.update(erased_at=now):
            return False
        ReferralPerson.objects.filter(referral_id=referral_id).delete()
        ReferralStatusChange.objects.filter(referral_id=referral_id).update(by=None)
        audit_log(actor=by, action="youth.referral_erased", reason=reason, referral=referral_id)
    return True


def referral_withdraw(*, referral: Referral) -> bool:
    """The young person withdraws: their data goes at once; the programme sees "withdrawn"."""
    return _erase(referral.pk, reason="withdrawn")


def _inactive_since(now: dt.datetime | None) -> Q:
    """Inactive longer than settings.RETENTION_DAYS."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=settings.RETENTION_DAYS)
    return Q(last_activity_at__lt=cutoff)


def expired_referrals(*, now: dt.datetime | None = None):
    """Referrals inactive longer than settings.RETENTION_DAYS whose personal data still exists."""
    return Referral.objects.filter(_inactive_since(now), erased_at__isnull=True)


def referrals_erase_expired(*, now: dt.datetime | None = None) -> int:
    """The nightly retention run (youth.tasks): erase every expired referral's personal data;
    each row is claimed only while it is still expired."""
    still_expired = _inactive_since(now)
    return sum(
        _erase(pk, reason="retention", condition=still_expired)
        for pk in expired_referrals(now=now).values_list("pk", flat=True).iterator()
    )
