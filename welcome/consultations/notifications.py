"""The e-mails of the consultations app, each sent once.

Every sender first claims its row with a conditional UPDATE (`... WHERE <sent_at> IS NULL`) and
writes only if it won the row: a job that is run twice, or by two workers at once, sends one
e-mail. The claim is held in a transaction until the mail server has taken the message: if the
server refuses, or the worker dies halfway (huey takes a job off the queue before it runs it, so
a killed job is gone), the claim rolls back with it and the row is due again. A periodic sweep
(`send_unsent`) sends what a lost job left undone. Only a worker killed in the instant between
the server's acceptance and the commit can cause a second e-mail.

Each e-mail is written in the person's language (`_language`: the language they asked to be
advised in, where we have a translation). Its links point at `link_base` when the job was given
one — the address of the site that served the staff member who booked, moved or cancelled
(`request.build_absolute_uri`), carried in the job's arguments — and at `settings.SITE_URL`
otherwise (public pages, reminders).
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from welcome.consultations import ics
from welcome.consultations.models import Booking, ConsultationRequest, SlotOffer
from welcome.consultations.tokens import request_token
from welcome.region.data import region

logger = logging.getLogger("welcome.consultations")
REMINDER_LEAD = dt.timedelta(days=1)


def _claim(model, pk: int, field: str) -> bool:
    return (
        model.objects.filter(pk=pk, **{f"{field}__isnull": True}).update(**{field: timezone.now()})
        == 1
    )


def _language(request: ConsultationRequest) -> str:
    """The person's language: the one they asked to be advised in (`language`) where the site has
    it, else the language of the pages they used, else German.

    It used to be the pages' language first, so a Spanish speaker who filled in the form on the
    English pages (or changed their language later, or was booked by staff) got English.
    """
    codes = {code for code, _name in settings.LANGUAGES}
    for code in (request.language, request.ui_language):
        if code in codes:
            return code
    return settings.LANGUAGE_CODE


def _absolute(path: str, link_base: str = "") -> str:
    return (link_base or settings.SITE_URL).rstrip("/") + path


def request_link(
    request: ConsultationRequest,
    name: str = "consultations:request",
    *,
    link_base: str = "",
    **kw,
) -> str:
    """The person's signed link, in the active language, on `link_base` (else SITE_URL)."""
    return _absolute(reverse(name, kwargs={"token": request_token(request), **kw}), link_base)


def when(slot) -> str:
    local = timezone.localtime(slot.start)
    return _("%(day)s, %(start)s–%(end)s") % {
        "day": formats.date_format(local, "DATE_FORMAT"),
        "start": formats.time_format(local, "TIME_FORMAT"),
        "end": formats.time_format(timezone.localtime(slot.end), "TIME_FORMAT"),
    }


def where(slot, request: ConsultationRequest) -> str:
    institution = region().institutions.get(slot.institution_id)
    name = institution.name if institution else slot.institution_id
    if slot.channel == "phone":
        return _("%(institution)s will call you at %(phone)s") % {
            "institution": name,
            "phone": request.phone or _("the number you gave us"),
        }
    if slot.channel == "video":
        return _("Video call with %(institution)s (you will receive the link by e-mail)") % {
            "institution": name
        }
    address = slot.location or (institution.address if institution else "")
    return f"{name}, {address}" if address else name


def _send(
    *, to: str, subject: str, template: str, context: dict, attachment=None, attachments=()
) -> None:
    body = render_to_string(template, context)
    message = EmailMessage(subject=subject, body=body, to=[to])
    for item in [attachment, *attachments]:
        if item:
            message.attach(*item)
    message.send()


def claimed_send(model, pk: int, field: str, build) -> bool:
    """Claim the row and send; the claim commits only with a sent message (or with `build`'s
    decision that there is nothing to send, `False`). A concurrent sender waits for the row."""
    with transaction.atomic():
        if not _claim(model, pk, field):
            return False
        sent = build()
    return sent is not False


def send_request_confirmation(request_id: int, link_base: str = "") -> bool:
    def build():
        request = ConsultationRequest.objects.select_related("inbox").get(pk=request_id)
        with translation.override(_language(request)):
            _send(
                to=request.email,
                subject=_("Your consultation request %(reference)s")
                % {"reference": request.case_reference},
                template="consultations/emails/request_confirmation.txt",
                context={"request": request, "link": request_link(request, link_base=link_base)},
            )

    return claimed_send(ConsultationRequest, request_id, "confirmation_sent_at", build)


def booking_calendar(booking: Booking, *, cancelled: bool = False, link_base: str = "") -> str:
    slot, request = booking.slot, booking.request
    return ics.event(
        uid=f"booking-{booking.pk}@{settings.SITE_URL.split('://')[-1].split('/')[0]}",
        start=slot.start,
        end=slot.end,
        stamp=timezone.now(),
        summary=_("Consultation %(reference)s") % {"reference": request.case_reference},
        location=where(slot, request),
        description=_("Change or cancel: %(link)s")
        % {"link": request_link(request, link_base=link_base)},
        # A calendar replaces an event only by a higher sequence: the cancellation is the second.
        sequence=1 if cancelled else 0,
        cancelled=cancelled,
    )


def send_booking_confirmation(booking_id: int, link_base: str = "") -> bool:
    def build():
        booking = Booking.objects.select_related("slot", "request").get(pk=booking_id)
        if not booking.is_active:
            return False
        request = booking.request
        with translation.override(_language(request)):
            _send(
                to=request.email,
                subject=_("Your appointment on %(when)s") % {"when": when(booking.slot)},
                template="consultations/emails/booking_confirmation.txt",
                context={
                    "request": request,
                    "when": when(booking.slot),
                    "where": where(booking.slot, request),
                    "link": request_link(request, link_base=link_base),
                },
                attachment=(
                    "appointment.ics",
                    booking_calendar(booking, link_base=link_base),
                    "text/calendar",
                ),
            )

    return claimed_send(Booking, booking_id, "confirmation_sent_at", build)


def send_booking_change(booking_id: int, previous_id: int, link_base: str = "") -> bool:
    """Staff moved an appointment: the new time, with calendar files that add the new one and
    remove the old one. Claims the new booking's confirmation, so it is sent once (and no separate
    confirmation goes out for the new booking)."""

    def build():
        booking = Booking.objects.select_related("slot", "request").get(pk=booking_id)
        previous = Booking.objects.select_related("slot", "request").get(pk=previous_id)
        if not booking.is_active:
            return False
        request = booking.request
        with translation.override(_language(request)):
            _send(
                to=request.email,
                subject=_("Your appointment has been moved to %(when)s")
                % {"when": when(booking.slot)},
                template="consultations/emails/booking_changed.txt",
                context={
                    "request": request,
                    "when": when(booking.slot),
                    "where": where(booking.slot, request),
                    "before": when(previous.slot),
                    "link": request_link(request, link_base=link_base),
                },
                attachments=[
                    (
                        "appointment.ics",
                        booking_calendar(booking, link_base=link_base),
                        "text/calendar",
                    ),
                    (
                        "cancelled-appointment.ics",
                        booking_calendar(previous, cancelled=True, link_base=link_base),
                        "text/calendar",
                    ),
                ],
            )

    return claimed_send(Booking, booking_id, "confirmation_sent_at", build)


def _claim_cancellation_notice(booking: Booking) -> bool:
    """Claim the cancellation notice of a cancelled booking; True once.

    The claim is `confirmation_sent_at` stamped at or after `cancelled_at`: the confirmation the
    person last received about this booking is then the cancellation. A compare-and-set on the
    value the field had, so two runs of the job send one notice. A confirmation claimed after
    the cancellation was never sent (its job skips a cancelled booking), so there is nothing to
    take back: no notice then.
    """
    previous = booking.confirmation_sent_at
    if booking.cancelled_at is None or (previous is not None and previous >= booking.cancelled_at):
        return False
    same = (
        {"confirmation_sent_at__isnull": True}
        if previous is None
        else {"confirmation_sent_at": previous}
    )
    stamp = max(timezone.now(), booking.cancelled_at)
    return Booking.objects.filter(pk=booking.pk, **same).update(confirmation_sent_at=stamp) == 1


def send_booking_cancellation(booking_id: int, link_base: str = "") -> bool:
    """Staff cancelled an appointment: tell the person, with a calendar file that removes it and
    their link to book another one. If the mail server refuses, the claim is rolled back."""
    booking = Booking.objects.select_related("slot", "request").get(pk=booking_id)
    with transaction.atomic():
        if not _claim_cancellation_notice(booking):
            return False
        request = booking.request
        with translation.override(_language(request)):
            _send(
                to=request.email,
                subject=_("Your appointment on %(when)s has been cancelled")
                % {"when": when(booking.slot)},
                template="consultations/emails/booking_cancelled.txt",
                context={
                    "request": request,
                    "when": when(booking.slot),
                    "where": where(booking.slot, request),
                    "link": request_link(request, link_base=link_base),
                    "open": request.is_open,
                },
                attachment=(
                    "cancelled-appointment.ics",
                    booking_calendar(booking, cancelled=True, link_base=link_base),
                    "text/calendar",
                ),
            )
    return True


def due_reminder_ids(now: dt.datetime | None = None) -> list[int]:
    """Active bookings starting within a day that were made more than a day ahead."""
    now = now or timezone.now()
    return list(
        Booking.objects.filter(
            cancelled_at__isnull=True,
            reminder_sent_at__isnull=True,
            request__status=ConsultationRequest.Status.OPEN,
            slot__start__gt=now,
            slot__start__lte=now + REMINDER_LEAD,
            created_at__lt=F("slot__start") - REMINDER_LEAD,
        ).values_list("pk", flat=True)
    )


def send_booking_reminder(booking_id: int) -> bool:
    def build():
        booking = Booking.objects.select_related("slot", "request").get(pk=booking_id)
        if not booking.is_active or booking.slot.start <= timezone.now():
            return False
        request = booking.request
        with translation.override(_language(request)):
            _send(
                to=request.email,
                subject=_("Reminder: your appointment on %(when)s") % {"when": when(booking.slot)},
                template="consultations/emails/booking_reminder.txt",
                context={
                    "request": request,
                    "when": when(booking.slot),
                    "where": where(booking.slot, request),
                    "link": request_link(request),
                },
            )

    return claimed_send(Booking, booking_id, "reminder_sent_at", build)


def send_slot_offer(offer_id: int) -> bool:
    def build():
        offer = SlotOffer.objects.select_related("slot", "entry__request").get(pk=offer_id)
        request = offer.entry.request
        if offer.slot.seats_left <= 0 or offer.entry.left_at or not request.is_open:
            return False
        with translation.override(_language(request)):
            _send(
                to=request.email,
                subject=_("An appointment has become free: %(when)s") % {"when": when(offer.slot)},
                template="consultations/emails/slot_offer.txt",
                context={
                    "request": request,
                    "when": when(offer.slot),
                    "where": where(offer.slot, request),
                    "link": request_link(request, "consultations:offer", offer_id=offer.pk),
                },
            )

    return claimed_send(SlotOffer, offer_id, "sent_at", build)


# The sweep leaves rows younger than SWEEP_AFTER to the job their service queued (it may link to
# the site a staff member used, or tell of a moved appointment rather than confirm a new one),
# and rows older than SWEEP_WITHIN alone: a confirmation days late helps nobody, and a first run
# on an old database floods nobody.
SWEEP_AFTER = dt.timedelta(minutes=2)
SWEEP_WITHIN = dt.timedelta(days=2)


def unsent(now: dt.datetime | None = None) -> list[tuple]:
    """(sender, id) of every confirmation and offer a lost job left unsent."""
    now = now or timezone.now()
    window = {"created_at__lte": now - SWEEP_AFTER, "created_at__gt": now - SWEEP_WITHIN}
    requests = ConsultationRequest.objects.filter(
        confirmation_sent_at__isnull=True,
        status=ConsultationRequest.Status.OPEN,
        erased_at__isnull=True,
        **window,
    )
    bookings = Booking.objects.filter(
        confirmation_sent_at__isnull=True, cancelled_at__isnull=True, slot__start__gt=now, **window
    )
    offers = SlotOffer.objects.filter(sent_at__isnull=True, accepted_at__isnull=True, **window)
    return [
        (sender, pk)
        for sender, rows in (
            (send_request_confirmation, requests),
            (send_booking_confirmation, bookings),
            (send_slot_offer, offers),
        )
        for pk in rows.order_by("pk").values_list("pk", flat=True)
    ]


def send_unsent(now: dt.datetime | None = None) -> int:
    """Send what a lost job left undone — a worker killed mid-job, or a queue that could not be
    reached when the row was saved. Each e-mail is claimed as its job claims it, so a job still
    queued sends nothing twice. A refused e-mail is logged and tried again on the next run.
    Returns the number of e-mails sent."""
    sent = 0
    for sender, pk in unsent(now):
        try:
            sent += sender(pk)
        except Exception:
            logger.exception(
                "E-mail %s(%s) failed; the next sweep tries again.", sender.__name__, pk
            )
    return sent
