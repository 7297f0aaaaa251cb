"""Every write of the consultations app: requests, slots, bookings, waiting lists, offers.

Each service runs in a transaction, writes the audit entry, and queues its e-mail as a job after
the commit (`welcome.jobs.enqueue_on_commit`), so a rolled-back write never sends anything and a
queue that cannot be reached does not undo (or break) what was saved.
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
from welcome.consultations import pathway
from welcome.consultations.models import (
    Booking,
    ConsultationRequest,
    Slot,
    SlotOffer,
    WaitingListEntry,
)
from welcome.consultations.selectors import bookable_institution_ids
from welcome.jobs import enqueue_on_commit

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
        "over": _("This appointment has already begun, so it can no longer be changed."),
        "gone": _("This appointment has been cancelled already."),
        "booked": _(
            "The person already has an appointment. Move or cancel it instead of booking "
            "another one."
        ),
        "case": _(
            "Only staff of the institution holding the case can book for it, and only with the "
            "person's consent."
        ),
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
    occupation: str = "",
    occupation_isco: str = "",
    municipality: str = "",
    language: str,
    channel: str,
    summary: str = "",
    consents: list[tuple[str, str]],
    partner_purposes: tuple[str, ...] = (),
    profile: dict | None = None,
    ui_language: str = "de",
    link_base: str = "",
) -> ConsultationRequest:
    """Open a case for a public request and queue the confirmation e-mail.

    The case enters through the Welcome Center's triage with the institution the routing rules
    propose (or passes straight on where the Region's data says so); `partner_purposes` are the
    purposes the person consented to for that proposed partner. Answers carried over from the
    pathway check are kept with the result they give and the rules version that produced it.
    `link_base` is the site the confirmation links to (a staff booking's host; else SITE_URL).
    """

    profile = dict(profile or {})
    data = {
        "pathway_check": profile,
        "request": {"qualification": qualification, "company": company, "occupation": occupation},
    }
    check_result = pathway.result(profile) if profile else None
    if check_result is not None:
        data["pathway_result"] = check_result
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
            data=data,
            consents=[tuple(c) for c in consents],
            source="consultation_request",
            by=None,
            triage=True,
            consent_proposed_purposes=partner_purposes,
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
            # As recorded with the case: the proposed partner's share included.
            consents=[
                list(c)
                for c in case.consents.order_by("id").values_list("institution_id", "purpose")
            ],
            profile=profile,
            ui_language=ui_language,
            case_reference=case.reference,
            inbox_id=_responsible_id(case),
        )
        audit_log(
            actor=None,
            action="consultations.request_submitted",
            obj=request,
            case=case.reference,
            inbox=_inbox_id(case),
            proposed=case.proposed_inbox_id,
        )
        request_id = request.pk
        enqueue_on_commit(_tasks().send_request_confirmation, request_id, link_base)
    return request


def _responsible_id(case) -> str | None:
    """Where the request belongs: the proposed partner (also while the case waits in triage),
    else the inbox it landed in. The person may book there and at the Welcome Center."""
    return getattr(case, "proposed_inbox_id", None) or _inbox_id(case)


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
        enqueue_on_commit(_tasks().send_booking_confirmation, booking_id)
    return booking


def _booking_cancel(*, booking: Booking, reason: str, by=None) -> bool:
    won = Booking.objects.filter(pk=booking.pk, cancelled_at__isnull=True).update(
        cancelled_at=timezone.now()
    )
    if not won:
        return False
    _release_seat(slot_id=booking.slot_id)
    audit_log(actor=by, action="consultations.booking_cancelled", obj=booking, reason=reason)
    slot_id = booking.slot_id
    enqueue_on_commit(_tasks().offer_freed_slot, slot_id)
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
            enqueue_on_commit(_tasks().send_slot_offer, offer.pk)
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


# --- bookings by staff (the calendar) -------------------------------------------------------------

# What a phone caller agrees to when staff book for them without a case: the Welcome Center and
# the booking institution may use their details to advise them and handle the request (and, as
# on the public form, the partner the routing rules propose).
STAFF_BOOKING_PURPOSES = ("advice", "case_handling")


def _offered_language(language: str) -> str:
    """A language the site has, for the pages the person's link opens (German otherwise)."""
    codes = {code for code, _name in settings.LANGUAGES}
    return language if language in codes else settings.LANGUAGE_CODE


def _own_slot(*, slot_id: int, by) -> None:
    """Staff book, and move to, slots of their own institution only."""
    if not Slot.objects.filter(pk=slot_id, institution_id=by.institution_id).exists():
        raise BookingError("not_offered")


def _own_booking(*, booking: Booking, by) -> Booking:
    """The booking, locked, if it is active, of the user's institution and still ahead."""
    current = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("slot")
        .filter(pk=booking.pk)
        .first()
    )
    if current is None or current.slot.institution_id != by.institution_id:
        raise BookingError("unknown")
    if current.cancelled_at is not None:
        raise BookingError("gone")
    if current.slot.start <= timezone.now():
        raise BookingError("over")
    return current


def _request_for_case(*, case, person: dict, language: str, by) -> ConsultationRequest:
    """The open request behind a case, with the contact details given on the phone; a new one
    for the case when it has none (a case opened by staff, or a withdrawn request)."""
    from welcome.cases.services import has_active_consent

    if (
        case.inbox_id != by.institution_id
        or case.is_erased
        or not has_active_consent(case, by.institution_id)
    ):
        raise BookingError("case")
    request = (
        ConsultationRequest.objects.select_for_update()
        .filter(
            case_reference=case.reference,
            status=ConsultationRequest.Status.OPEN,
            erased_at__isnull=True,
        )
        .order_by("-created_at", "-id")
        .first()
    )
    contact = {
        "name": person["name"][:200],
        "email": person["email"],
        "phone": (person.get("phone") or "")[:40],
        "language": language[:10],
    }
    if request is None:
        request = ConsultationRequest.objects.create(
            requester_kind=case.requester_kind,
            topic=case.topic,
            nationality=getattr(getattr(case, "person", None), "nationality", "")[:100],
            municipality=case.municipality,
            channel=case.channel,
            consents=[
                list(c)
                for c in case.consents.filter(withdrawn_at__isnull=True)
                .order_by("id")
                .values_list("institution_id", "purpose")
            ],
            ui_language=_offered_language(language),
            case_reference=case.reference,
            inbox_id=case.inbox_id,
            **contact,
        )
        audit_log(
            actor=by,
            action="consultations.request_made_by_staff",
            obj=request,
            case=case.reference,
        )
        return request
    changed = sorted(key for key, value in contact.items() if getattr(request, key) != value)
    if changed:
        for key in changed:
            setattr(request, key, contact[key])
        request.save(update_fields=[*changed, "updated_at"])
        audit_log(actor=by, action="consultations.request_changed", obj=request, fields=changed)
    return request


def _staff_book(*, request: ConsultationRequest, slot_id: int, by, link_base: str) -> Booking:
    """Take a seat for a request (locked by the caller) at the user's institution."""
    if not request.is_open:
        raise BookingError("closed")
    if Booking.objects.filter(request=request, cancelled_at__isnull=True).exists():
        raise BookingError("booked")
    _own_slot(slot_id=slot_id, by=by)
    slot = _take_seat(slot_id=slot_id)
    try:
        with transaction.atomic():
            booking = Booking.objects.create(slot=slot, request=request)
    except IntegrityError as error:  # a parallel booking of the same request won
        raise BookingError("booked") from error
    WaitingListEntry.objects.filter(
        request=request, institution_id=slot.institution_id, left_at__isnull=True
    ).update(left_at=timezone.now())
    audit_log(
        actor=by,
        action="consultations.slot_booked",
        obj=booking,
        reason="booked by staff",
        slot=slot.pk,
        institution=slot.institution_id,
        case=request.case_reference,
    )
    booking_id = booking.pk
    enqueue_on_commit(_tasks().send_booking_confirmation, booking_id, link_base)
    return booking


def staff_booking_create(
    *,
    by,
    slot_id: int,
    person: dict,
    language: str,
    case=None,
    topic: str = "general",
    requester_kind: str = "worker",
    municipality: str = "",
    link_base: str = "",
) -> Booking:
    """Book a seat of the user's institution for a person on the phone.

    With `case` (opened from the case page; the caller checked it through the cases selector):
    the booking belongs to the case's open request, whose contact details are updated from what
    the person said; a case without one gets a request. Without a case, the request is made
    through `request_submit`, so a case is opened and routed as for the public form, with the
    consent the person gave on the phone. The confirmation goes out in the person's language
    with links to `link_base`.
    """
    with transaction.atomic():
        if case is not None:
            request = _request_for_case(case=case, person=person, language=language, by=by)
        else:
            _own_slot(slot_id=slot_id, by=by)
            slot_channel = Slot.objects.values_list("channel", flat=True).get(pk=slot_id)
            consents = [
                (institution, purpose)
                for institution in dict.fromkeys(["welcome-center", by.institution_id])
                for purpose in STAFF_BOOKING_PURPOSES
            ]
            request = request_submit(
                requester_kind=requester_kind,
                topic=topic,
                name=person["name"],
                email=person["email"],
                phone=person.get("phone") or "",
                municipality=municipality,
                language=language,
                channel=slot_channel,
                consents=consents,
                partner_purposes=STAFF_BOOKING_PURPOSES,
                ui_language=_offered_language(language),
                link_base=link_base,
            )
            audit_log(
                actor=by,
                action="consultations.request_made_by_staff",
                obj=request,
                case=request.case_reference,
            )
            request = ConsultationRequest.objects.select_for_update().get(pk=request.pk)
        return _staff_book(request=request, slot_id=slot_id, by=by, link_base=link_base)


def staff_booking_move(*, booking: Booking, slot_id: int, by, link_base: str = "") -> Booking:
    """Move an appointment of the user's institution to another of its free slots; the person
    gets one e-mail with the new time (and calendar files replacing the old one)."""
    with transaction.atomic():
        request = ConsultationRequest.objects.select_for_update().get(pk=booking.request_id)
        current = _own_booking(booking=booking, by=by)
        if current.slot_id == slot_id:
            return current
        if not request.is_open:
            raise BookingError("closed")
        _own_slot(slot_id=slot_id, by=by)
        slot = _take_seat(slot_id=slot_id)
        _booking_cancel(booking=current, reason="moved by staff", by=by)
        moved = Booking.objects.create(slot=slot, request=request)
        audit_log(
            actor=by,
            action="consultations.booking_moved",
            obj=moved,
            from_slot=current.slot_id,
            to_slot=slot.pk,
            case=request.case_reference,
        )
        moved_id, previous_id = moved.pk, current.pk
        enqueue_on_commit(_tasks().send_booking_change, moved_id, previous_id, link_base)
    return moved


def staff_booking_cancel(*, booking: Booking, by, link_base: str = "") -> bool:
    """Cancel an appointment of the user's institution: the seat goes to the waiting list and
    the person gets the cancellation in their language. False if it was cancelled already."""
    with transaction.atomic():
        ConsultationRequest.objects.select_for_update().get(pk=booking.request_id)
        try:
            current = _own_booking(booking=booking, by=by)
        except BookingError as error:
            if error.code == "gone":
                return False
            raise
        won = _booking_cancel(booking=current, reason="cancelled by staff", by=by)
        if won:
            booking_id = current.pk
            enqueue_on_commit(_tasks().send_booking_cancellation, booking_id, link_base)
    return won
