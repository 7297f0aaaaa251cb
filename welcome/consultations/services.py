"""Every write of the consultations app: requests, slots, bookings, waiting lists, offers.

Each service runs in a transaction, writes the audit entry, and queues its e-mail as a job after
the commit (`transaction.on_commit`), so a rolled-back write never sends anything.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

import holidays
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from welcome.audit.services import audit_log
from welcome.cases.services import case_open, case_requester_update
from welcome.consultations.models import (
    Booking,
    ConsultationRequest,
    Slot,
    SlotOffer,
    WaitingListEntry,
)
from welcome.consultations.selectors import bookable_institution_ids

# How many waiting people hear of a freed seat at once; the first to accept gets it.
OFFER_FANOUT = 3
MAX_SERIES_DAYS = 120
MAX_SERIES_SLOTS = 2000


class BookingError(Exception):
    """A booking could not be made; `message` is a full sentence for the requester."""

    MESSAGES = {
        "taken": _("Sorry, this appointment has just been taken. Please choose another one."),
        "past": _("This appointment is no longer available. Please choose another one."),
        "closed": _("This request has been withdrawn, so no appointment can be booked."),
        "unknown": _("This appointment does not exist. Please choose one from the list."),
        "not_offered": _("This appointment is not offered for your request."),
    }

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code
        self.message = self.MESSAGES[code]


@dataclass(frozen=True)
class SeriesResult:
    created: int
    skipped_existing: int
    skipped_holidays: int


def _tasks():
    # Imported late: tasks import services, and huey registers tasks on import.
    from welcome.consultations import tasks

    return tasks


# --- requests -----------------------------------------------------------------------------------


def request_submit(
    *,
    requester_kind: str,
    topic: str,
    name: str,
    email: str,
    phone: str = "",
    nationality: str = "",
    company: str = "",
    qualification: str = "",
    occupation_isco: str = "",
    municipality: str = "",
    language: str,
    channel: str,
    summary: str = "",
    consents: list[tuple[str, str]],
    profile: dict | None = None,
    ui_language: str = "de",
) -> ConsultationRequest:
    """Open a case for a public request (routed by `cases`) and queue the confirmation e-mail."""

    profile = dict(profile or {})
    with transaction.atomic():
        # The case is opened first; if anything after it fails, both roll back together.
        case = case_open(
            topic=topic,
            requester_kind=requester_kind,
            person={"name": name, "email": email, "phone": phone, "nationality": nationality},
            municipality=municipality or None,
            occupation_isco=occupation_isco or None,
            language=language,
            channel=channel,
            summary=summary,
            data={
                "pathway_check": profile,
                "request": {"qualification": qualification, "company": company},
            },
            consents=[tuple(c) for c in consents],
            source="consultation_request",
            by=None,
        )
        request = ConsultationRequest.objects.create(
            requester_kind=requester_kind,
            topic=topic,
            name=name,
            email=email,
            phone=phone,
            nationality=nationality,
            company=company,
            qualification=qualification,
            occupation_isco=occupation_isco,
            municipality=municipality,
            language=language,
            channel=channel,
            summary=summary,
            consents=[list(c) for c in consents],
            profile=profile,
            ui_language=ui_language,
            case_reference=case.reference,
            inbox_id=_inbox_id(case),
        )
        audit_log(
            actor=None,
            action="consultations.request_submitted",
            obj=request,
            case=case.reference,
            inbox=_inbox_id(case),
        )
        request_id = request.pk
        transaction.on_commit(lambda: _tasks().send_request_confirmation(request_id))
    return request


def _inbox_id(case) -> str | None:
    """`case.inbox` is the institution (a foreign key); tolerate a plain id as well."""
    inbox_id = getattr(case, "inbox_id", None)
    if inbox_id is None and case.inbox is not None:
        inbox_id = getattr(case.inbox, "pk", case.inbox)
    return inbox_id


EDITABLE_FIELDS = ("name", "email", "phone", "language", "channel", "summary")


def request_update(*, request: ConsultationRequest, **changes) -> ConsultationRequest:
    """Change the contact data, language, channel or question of an open request."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    with transaction.atomic():
        request = ConsultationRequest.objects.select_for_update().get(pk=request.pk)
        if not request.is_open:
            raise BookingError("closed")
        changed = sorted(k for k, v in changes.items() if getattr(request, k) != v)
        for key in changed:
            setattr(request, key, changes[key])
        if changed:
            request.save(update_fields=[*changed, "updated_at"])
            audit_log(
                actor=None, action="consultations.request_changed", obj=request, fields=changed
            )
            case_requester_update(reference=request.case_reference, changes=dict.fromkeys(changed))
    return request


def request_withdraw(*, request: ConsultationRequest) -> ConsultationRequest:
    """Withdraw a request: its booking is cancelled and it leaves every waiting list."""
    with transaction.atomic():
        won = ConsultationRequest.objects.filter(
            pk=request.pk, status=ConsultationRequest.Status.OPEN
        ).update(status=ConsultationRequest.Status.WITHDRAWN, withdrawn_at=timezone.now())
        if won:
            for booking in Booking.objects.filter(request=request, cancelled_at__isnull=True):
                booking_cancel(booking=booking)
            WaitingListEntry.objects.filter(request=request, left_at__isnull=True).update(
                left_at=timezone.now()
            )
            audit_log(actor=None, action="consultations.request_withdrawn", obj=request)
            case_requester_update(reference=request.case_reference, withdrawn=True, changes={})
    request.refresh_from_db()
    return request


# --- bookings -----------------------------------------------------------------------------------


def _take_seat(*, slot_id: int) -> Slot:
    """Raise the seat count only if a seat is left: one conditional UPDATE, atomic on any engine.

    PostgreSQL re-checks the WHERE clause after waiting for a concurrent writer's row lock, so
    of two concurrent bookings of the last seat exactly one updates a row.
    """
    won = Slot.objects.filter(
        pk=slot_id, booked_count__lt=F("capacity"), start__gt=timezone.now()
    ).update(booked_count=F("booked_count") + 1)
    if not won:
        slot = Slot.objects.filter(pk=slot_id).first()
        if slot is None:
            raise BookingError("unknown")
        raise BookingError("past" if slot.start <= timezone.now() else "taken")
    return Slot.objects.get(pk=slot_id)


def _release_seat(*, slot_id: int) -> None:
    Slot.objects.filter(pk=slot_id, booked_count__gt=0).update(booked_count=F("booked_count") - 1)


def slot_book(*, request: ConsultationRequest, slot_id: int) -> Booking:
    """Book a seat of a slot for a request; with an active booking, move it to the new slot."""
    with transaction.atomic():
        request = ConsultationRequest.objects.select_for_update().get(pk=request.pk)
        if not request.is_open:
            raise BookingError("closed")
        previous = Booking.objects.filter(request=request, cancelled_at__isnull=True).first()
        if previous is not None and previous.slot_id == slot_id:
            return previous
        if not Slot.objects.filter(
            pk=slot_id, institution_id__in=bookable_institution_ids(request)
        ).exists():
            raise BookingError("not_offered")
        slot = _take_seat(slot_id=slot_id)
        if previous is not None:
            _booking_cancel(booking=previous, reason="rebooked")
        try:
            with transaction.atomic():
                booking = Booking.objects.create(slot=slot, request=request)
        except IntegrityError as error:  # a parallel booking of the same request won
            raise BookingError("taken") from error
        WaitingListEntry.objects.filter(
            request=request, institution_id=slot.institution_id, left_at__isnull=True
        ).update(left_at=timezone.now())
        audit_log(
            actor=None,
            action="consultations.slot_booked",
            obj=booking,
            slot=slot.pk,
            institution=slot.institution_id,
            rebooked_from=previous.slot_id if previous else None,
        )
        booking_id = booking.pk
        transaction.on_commit(lambda: _tasks().send_booking_confirmation(booking_id))
    return booking


def _booking_cancel(*, booking: Booking, reason: str) -> bool:
    won = Booking.objects.filter(pk=booking.pk, cancelled_at__isnull=True).update(
        cancelled_at=timezone.now()
    )
    if not won:
        return False
    _release_seat(slot_id=booking.slot_id)
    audit_log(actor=None, action="consultations.booking_cancelled", obj=booking, reason=reason)
    slot_id = booking.slot_id
    transaction.on_commit(lambda: _tasks().offer_freed_slot(slot_id))
    return True


def booking_cancel(*, booking: Booking, reason: str = "cancelled by the requester") -> bool:
    """Cancel a booking and free its seat for the waiting list; False if it was cancelled before."""
    with transaction.atomic():
        return _booking_cancel(booking=booking, reason=reason)


# --- waiting list and offers ----------------------------------------------------------------------


def waiting_list_join(*, request: ConsultationRequest, institution_id: str) -> WaitingListEntry:
    """Put a request on an institution's waiting list (once; joining again changes nothing)."""
    with transaction.atomic():
        request = ConsultationRequest.objects.select_for_update().get(pk=request.pk)
        if not request.is_open:
            raise BookingError("closed")
        entry = WaitingListEntry.objects.filter(
            request=request, institution_id=institution_id, left_at__isnull=True
        ).first()
        if entry is None:
            entry = WaitingListEntry.objects.create(request=request, institution_id=institution_id)
            audit_log(
                actor=None,
                action="consultations.waiting_list_joined",
                obj=entry,
                institution=institution_id,
            )
    return entry


def waiting_list_leave(*, request: ConsultationRequest, institution_id: str) -> int:
    with transaction.atomic():
        return WaitingListEntry.objects.filter(
            request=request, institution_id=institution_id, left_at__isnull=True
        ).update(left_at=timezone.now())


def slot_offers_create(*, slot_id: int) -> list[SlotOffer]:
    """Offer a free seat to the next waiting people of its institution (once per person)."""
    with transaction.atomic():
        slot = Slot.objects.filter(pk=slot_id).first()
        if slot is None or slot.seats_left <= 0 or slot.start <= timezone.now():
            return []
        entries = (
            WaitingListEntry.objects.filter(
                institution_id=slot.institution_id,
                left_at__isnull=True,
                request__status=ConsultationRequest.Status.OPEN,
            )
            .exclude(offers__slot=slot)
            .select_related("request")
            .order_by("created_at", "id")
        )
        offers = []
        for entry in entries:
            if len(offers) >= OFFER_FANOUT * slot.seats_left:
                break
            if entry.request.bookings.filter(
                cancelled_at__isnull=True, slot__institution_id=slot.institution_id
            ).exists():
                continue
            offers.append(SlotOffer.objects.create(entry=entry, slot=slot))
        for offer in offers:
            audit_log(actor=None, action="consultations.slot_offered", obj=offer, slot=slot.pk)
            offer_id = offer.pk
            transaction.on_commit(lambda offer_id=offer_id: _tasks().send_slot_offer(offer_id))
    return offers


def slot_offer_accept(*, request: ConsultationRequest, offer_id: int) -> Booking:
    """Take the offered seat if it is still free; whoever comes second gets a clear refusal."""
    with transaction.atomic():
        offer = (
            SlotOffer.objects.select_related("slot")
            .filter(pk=offer_id, entry__request=request)
            .first()
        )
        if offer is None:
            raise BookingError("not_offered")
        booking = slot_book(request=request, slot_id=offer.slot_id)
        SlotOffer.objects.filter(pk=offer.pk, accepted_at__isnull=True).update(
            accepted_at=timezone.now()
        )
    return booking


# --- slots (staff) ------------------------------------------------------------------------------


def slot_series_create(
    *,
    institution_id: str,
    by,
    first_day: dt.date,
    last_day: dt.date,
    weekdays: set[int],
    day_start: dt.time,
    day_end: dt.time,
    duration_minutes: int,
    channel: str,
    capacity: int = 1,
    location: str = "",
    skip_holidays: bool = True,
) -> SeriesResult:
    """Create slots on the given weekdays (0 = Monday) between two local times, back to back.

    Lower Saxony public holidays are skipped unless told otherwise; a slot that exists already
    (same institution, channel and start) is left alone, so running a series twice is harmless.
    """
    if last_day < first_day:
        raise ValueError("last_day before first_day")
    if (last_day - first_day).days > MAX_SERIES_DAYS:
        raise ValueError("series too long")
    if duration_minutes < 5 or day_end <= day_start:
        raise ValueError("bad times")
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    holiday_days = holidays.Germany(subdiv="NI", years=range(first_day.year, last_day.year + 1))
    step = dt.timedelta(minutes=duration_minutes)
    wanted, skipped_holidays = [], 0
    day = first_day
    while day <= last_day:
        if day.weekday() in weekdays:
            if skip_holidays and day in holiday_days:
                skipped_holidays += 1
            else:
                start = dt.datetime.combine(day, day_start, tzinfo=zone)
                day_close = dt.datetime.combine(day, day_end, tzinfo=zone)
                while start + step <= day_close:
                    wanted.append((start, start + step))
                    start += step
        day += dt.timedelta(days=1)
    if len(wanted) > MAX_SERIES_SLOTS:
        raise ValueError("too many slots")
    with transaction.atomic():
        existing = set(
            Slot.objects.filter(
                institution_id=institution_id,
                channel=channel,
                start__in=[s for s, _e in wanted],
            ).values_list("start", flat=True)
        )
        new = [
            Slot(
                institution_id=institution_id,
                channel=channel,
                start=start,
                end=end,
                capacity=capacity,
                location=location,
                created_by=by if getattr(by, "pk", None) else None,
            )
            for start, end in wanted
            if start not in existing
        ]
        Slot.objects.bulk_create(new)
        result = SeriesResult(
            created=len(new),
            skipped_existing=len(wanted) - len(new),
            skipped_holidays=skipped_holidays,
        )
        audit_log(
            actor=by,
            action="consultations.slot_series_created",
            institution=institution_id,
            channel=channel,
            first_day=first_day.isoformat(),
            last_day=last_day.isoformat(),
            created=result.created,
        )
    return result


def slot_delete(*, slot: Slot, by) -> bool:
    """Remove a slot nobody has ever booked (a booked one must stay; False then)."""
    with transaction.atomic():
        locked = Slot.objects.select_for_update().filter(pk=slot.pk, booked_count=0).first()
        if locked is None or Booking.objects.filter(slot=locked).exists():
            return False
        SlotOffer.objects.filter(slot=locked).delete()
        slot_pk, institution_id = locked.pk, locked.institution_id
        locked.delete()
        audit_log(
            actor=by, action="consultations.slot_deleted", slot=slot_pk, institution=institution_id
        )
        return True


# --- retention ----------------------------------------------------------------------------------

PERSONAL_FIELDS = {
    "name": "",
    "email": "",
    "phone": "",
    "nationality": "",
    "company": "",
    "qualification": "",
    "summary": "",
    "profile": {},
    "consents": [],
}


def request_erase(*, request_id: int) -> bool:
    """Erase a request's personal data (its case was erased); keep an anonymous stub. Idempotent.

    Claims the row with a conditional UPDATE (... WHERE erased_at IS NULL) and acts only if it won.
    """
    now = timezone.now()
    with transaction.atomic():
        won = ConsultationRequest.objects.filter(pk=request_id, erased_at__isnull=True).update(
            erased_at=now,
            status=ConsultationRequest.Status.WITHDRAWN,
            withdrawn_at=now,
            **PERSONAL_FIELDS,
        )
        if not won:
            return False
        for booking in Booking.objects.filter(request_id=request_id, cancelled_at__isnull=True):
            _booking_cancel(booking=booking, reason="retention")
        WaitingListEntry.objects.filter(request_id=request_id, left_at__isnull=True).update(
            left_at=now
        )
        audit_log(
            actor=None,
            action="consultations.request_erased",
            obj=ConsultationRequest(pk=request_id),
            reason="retention",
        )
    return True


def requests_erase_for_erased_cases() -> int:
    """Erase the personal data of every request whose case `cases` has erased (retention)."""
    from welcome.cases.models import Case

    erased_refs = Case.objects.filter(erased_at__isnull=False).values("reference")
    ids = ConsultationRequest.objects.filter(
        erased_at__isnull=True, case_reference__in=erased_refs
    ).values_list("pk", flat=True)
    return sum(request_erase(request_id=pk) for pk in list(ids))
