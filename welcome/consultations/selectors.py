"""Reads of the consultations app, each with its access rule built in.

Public side: a request is reached only through its signed link (`request_get_by_token`).
Staff side: an institution's staff see only their institution's slots and bookings
(`slot_list_for_user`, `slot_get_for_user`). Refusals ("not allowed", "unknown", "expired") look
the same to the caller — None, which views turn into a 404 — and are all logged.
"""

from __future__ import annotations

import datetime as dt
import logging
import zoneinfo
from dataclasses import dataclass, field
from typing import NamedTuple

from django.conf import settings
from django.db.models import Count, F, FilteredRelation, Prefetch, Q, QuerySet, Sum, Window
from django.db.models.functions import RowNumber, TruncDate
from django.utils import timezone

from welcome.audit.services import audit_log
from welcome.consultations.models import (
    Booking,
    ConsultationRequest,
    Slot,
    SlotOffer,
    WaitingListEntry,
)
from welcome.consultations.tokens import public_id_from_token
from welcome.prepared import Prepared

logger = logging.getLogger("welcome.consultations")

# First advice is always possible at the Welcome Center, whatever inbox the case landed in.
FIRST_ADVICE_INSTITUTION = "welcome-center"
BOOKING_HORIZON = dt.timedelta(days=60)


def request_get_by_token(*, token: str) -> ConsultationRequest | None:
    """The request a signed link names; None (and a log line) for forged, expired or unknown."""
    public_id = public_id_from_token(token)
    if public_id is None:
        logger.warning("consultations: refused a request link (bad or expired signature)")
        return None
    request = (
        ConsultationRequest.objects.select_related("inbox")
        .filter(public_id=public_id, erased_at__isnull=True)
        .first()
    )
    if request is None:
        logger.warning("consultations: refused a request link (no such request)")
    return request


def bookable_institution_ids(request: ConsultationRequest) -> list[str]:
    """Where a requester may book: the institution the case landed at, and the Welcome Center."""
    ids = [request.inbox_id] if request.inbox_id else []
    if FIRST_ADVICE_INSTITUTION not in ids:
        ids.append(FIRST_ADVICE_INSTITUTION)
    return ids


class FreeSlot(NamedTuple):
    """A free slot as the requester's page lists it: no model instances for the 100-odd rows
    (with them and their institutions the list took a third of the page)."""

    pk: int
    institution_id: str
    start: dt.datetime
    end: dt.datetime
    channel: str


def free_slots_for_request(
    *, request: ConsultationRequest, per_institution: int | None = None
) -> list[FreeSlot]:
    """Free seats in the coming weeks at the institutions the requester may book, by start;
    with `per_institution`, only the earliest so many of each institution (chosen in the
    database: the weeks ahead hold hundreds)."""
    now = timezone.now()
    slots = Slot.objects.filter(
        institution_id__in=bookable_institution_ids(request),
        start__gt=now,
        start__lte=now + BOOKING_HORIZON,
        booked_count__lt=F("capacity"),
    )
    if per_institution is not None:
        slots = slots.annotate(
            place=Window(
                RowNumber(),
                partition_by=F("institution_id"),
                order_by=(F("start").asc(), F("channel").asc(), F("id").asc()),
            )
        ).filter(place__lte=per_institution)
    rows = slots.order_by("start", "institution_id", "channel").values_list(
        "pk", "institution_id", "start", "end", "channel"
    )
    return [FreeSlot(*row) for row in rows]


def active_booking(*, request: ConsultationRequest) -> Booking | None:
    return (
        Booking.objects.select_related("slot", "slot__institution")
        .filter(request=request, cancelled_at__isnull=True)
        .first()
    )


def waiting_entries(*, request: ConsultationRequest) -> QuerySet[WaitingListEntry]:
    return WaitingListEntry.objects.select_related("institution").filter(
        request=request, left_at__isnull=True
    )


def offer_get_for_request(*, request: ConsultationRequest, offer_id: int) -> SlotOffer | None:
    offer = (
        SlotOffer.objects.select_related("slot", "slot__institution")
        .filter(pk=offer_id, entry__request=request)
        .first()
    )
    if offer is None:
        logger.warning("consultations: refused an offer link (not this request's offer)")
    return offer


def slot_list_for_user(*, user, start_from: dt.datetime | None = None) -> QuerySet[Slot]:
    """The user's institution's slots from `start_from` on, with their active bookings."""
    if not getattr(user, "is_partner_staff", False):
        return Slot.objects.none()
    start_from = start_from or timezone.now() - dt.timedelta(hours=1)
    active = Booking.objects.filter(cancelled_at__isnull=True).select_related("request")
    return (
        Slot.objects.filter(institution_id=user.institution_id, start__gte=start_from)
        .prefetch_related(Prefetch("bookings", queryset=active, to_attr="active_bookings"))
        .order_by("start", "channel")
    )


def slot_get_for_user(*, user, slot_id: int) -> Slot | None:
    slot = Slot.objects.filter(
        pk=slot_id, institution_id=getattr(user, "institution_id", None) or "-"
    ).first()
    if slot is None:
        logger.warning(
            "consultations: refused slot %s to user %s", slot_id, getattr(user, "pk", None)
        )
    return slot


def bookings_for_case(*, reference: str) -> list[Booking]:
    """Every appointment (also cancelled ones) of the requests behind a case, earliest first.

    For the back office's case page only, after `cases.selectors.case_get_for_user` granted the
    reader the person's data (that read is audited there): this function checks nothing itself.
    """
    if not reference:
        return []
    return list(_case_bookings(reference).select_related("slot", "request"))


def _case_bookings(reference: str) -> QuerySet[Booking]:
    return Booking.objects.filter(
        request__case_reference=reference, request__erased_at__isnull=True
    ).order_by("slot__start", "id")


_APPOINTMENT_ROWS = Prepared(  # compiled once (welcome/prepared.py)
    lambda reference: _case_bookings(reference).values_list(
        "id",
        "cancelled_at",
        "slot__institution_id",
        "slot__start",
        "slot__end",
        "slot__channel",
        "slot__location",
    ),
    str,
)


def appointment_rows_for_case(*, reference: str) -> list[tuple]:
    """``bookings_for_case`` as the rows the case page shows, earliest first: (booking id,
    cancelled at, slot's institution id, start, end, channel, location) — no model instances,
    the same guarantees."""
    return _APPOINTMENT_ROWS(reference) if reference else []


# --- the staff calendar ---------------------------------------------------------------------------

CALENDAR_PAGE_SIZE = 100  # slots per page; a busy week (2,000 appointments) has many pages
FREE_SLOTS_LIMIT = 60  # free slots offered when booking or moving: the earliest from a day on


@dataclass
class CalendarDay:
    day: dt.date
    slots: int = 0
    seats: int = 0
    booked: int = 0

    @property
    def free(self) -> int:
        return self.seats - self.booked


@dataclass(frozen=True)
class CalendarBooking:
    """Who holds a seat (read as plain values: a busy week has thousands)."""

    id: int
    name: str
    email: str
    phone: str
    language: str
    reference: str


@dataclass
class CalendarSlot:
    id: int
    channel: str
    start: dt.datetime
    end: dt.datetime
    capacity: int
    booked_count: int
    location: str
    bookings: list[CalendarBooking] = field(default_factory=list)

    @property
    def free(self) -> int:
        return self.capacity - self.booked_count


@dataclass
class CalendarPage:
    """One keyset page of an institution's slots in a period, each with its active bookings,
    and the seats of every day of the period."""

    first_day: dt.date
    days: list[CalendarDay]
    slots: list[CalendarSlot] = field(default_factory=list)
    next_cursor: str = ""


def _local_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))


def _parse_calendar_cursor(cursor: str) -> tuple[dt.datetime, int] | None:
    try:
        stamp, pk = cursor.rsplit("|", 1)
        moment = dt.datetime.fromisoformat(stamp)
        return (moment, int(pk)) if timezone.is_aware(moment) else None
    except (ValueError, TypeError):
        return None


SLOT_COLUMNS = ("id", "channel", "start", "end", "capacity", "booked_count", "location")
BOOKING_COLUMNS = (
    "active__id",
    "active__request__name",
    "active__request__email",
    "active__request__phone",
    "active__request__language",
    "active__request__case_reference",
)


def calendar_for_user(
    *, user, first_day: dt.date, days: int, after: str = "", summary: bool = True
) -> CalendarPage:
    """The user's institution's slots from `first_day` for `days` days, CALENDAR_PAGE_SIZE at a
    time in the order of their start (`after`: the cursor of the previous page), each with who
    holds its seats; with `summary`, per day the slots, seats and booked seats of the whole
    period (one grouped query, whatever the page).

    The page is one query: its slots (a LIMITed subquery along the index on start) joined to
    their active bookings and requests, read as values, not models (a busy week has thousands).
    Names of the people booked are personal data: each page that shows any is audited.
    """
    period = [first_day + dt.timedelta(days=n) for n in range(days)]
    empty = [CalendarDay(day=d) for d in period]
    if not getattr(user, "is_partner_staff", False):
        return CalendarPage(first_day=first_day, days=empty)
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    in_period = Slot.objects.filter(
        institution_id=user.institution_id,
        start__gte=_local_midnight(period[0]),
        start__lt=_local_midnight(period[-1] + dt.timedelta(days=1)),
    )
    totals = {}
    if summary:
        totals = {
            day: (slots, seats or 0, booked or 0)
            for day, slots, seats, booked in in_period.annotate(day=TruncDate("start", tzinfo=zone))
            .order_by()
            .values("day")
            .annotate(slots=Count("id"), seats=Sum("capacity"), booked=Sum("booked_count"))
            .values_list("day", "slots", "seats", "booked")
        }
    cursor = _parse_calendar_cursor(after) if after else None
    listed = in_period
    if cursor:
        moment, pk = cursor
        listed = listed.filter(Q(start__gt=moment) | Q(start=moment, id__gt=pk))
    page_ids = listed.order_by("start", "id").values("id")[: CALENDAR_PAGE_SIZE + 1]
    rows = (
        Slot.objects.filter(id__in=page_ids)
        .annotate(
            active=FilteredRelation("bookings", condition=Q(bookings__cancelled_at__isnull=True))
        )
        .order_by("start", "id", "active__id")
        .values_list(*SLOT_COLUMNS, *BOOKING_COLUMNS)
    )
    slots: list[CalendarSlot] = []
    width = len(SLOT_COLUMNS)
    for row in rows:
        if not slots or slots[-1].id != row[0]:
            slots.append(CalendarSlot(*row[:width]))
        if row[width] is not None:
            slots[-1].bookings.append(CalendarBooking(*row[width:]))
    next_cursor = ""
    if len(slots) > CALENDAR_PAGE_SIZE:
        slots = slots[:CALENDAR_PAGE_SIZE]
        last = slots[-1]
        next_cursor = f"{last.start.isoformat()}|{last.id}"
    shown = sum(len(slot.bookings) for slot in slots)
    if shown:
        audit_log(
            actor=user,
            action="consultations.bookings_viewed",
            reason="calendar",
            bookings=shown,
            first_day=first_day.isoformat(),
        )
    return CalendarPage(
        first_day=first_day,
        days=[CalendarDay(day, *totals.get(day, (0, 0, 0))) for day in period] if summary else [],
        slots=slots,
        next_cursor=next_cursor,
    )


def free_slots_for_user(
    *, user, start_from: dt.datetime | None = None, limit: int = FREE_SLOTS_LIMIT
) -> list[Slot]:
    """The earliest free slots of the user's institution from `start_from` (or now) on."""
    if not getattr(user, "is_partner_staff", False):
        return []
    now = timezone.now()
    start_from = max(start_from or now, now)
    return list(
        Slot.objects.filter(
            institution_id=user.institution_id,
            start__gt=start_from,
            booked_count__lt=F("capacity"),
        ).order_by("start", "id")[:limit]
    )


def booking_get_for_user(
    *, user, booking_id, purpose: str | None = "consultations.booking_viewed"
) -> Booking | None:
    """A booking at the user's institution (any state); None, logged, for any other. A page
    that shows the person's details is audited as `purpose` (None: the service audits)."""
    try:
        pk = int(booking_id)
    except (TypeError, ValueError):
        pk = None
    if pk is not None and not 0 < pk < 2**63:
        pk = None
    booking = (
        Booking.objects.select_related("slot", "request")
        .filter(
            pk=pk,
            slot__institution_id=getattr(user, "institution_id", None) or "-",
            request__erased_at__isnull=True,
        )
        .first()
        if pk is not None and getattr(user, "is_partner_staff", False)
        else None
    )
    if booking is None:
        logger.warning(
            "consultations: refused booking %s to user %s", booking_id, getattr(user, "pk", None)
        )
    elif purpose:
        audit_log(actor=user, action=purpose, obj=booking)
    return booking


def open_request_for_case(*, reference: str) -> ConsultationRequest | None:
    """The latest open request behind a case (for the contact details of a booking by staff);
    like `bookings_for_case`, only after the cases selector granted the person's data."""
    if not reference:
        return None
    return (
        ConsultationRequest.objects.filter(
            case_reference=reference,
            status=ConsultationRequest.Status.OPEN,
            erased_at__isnull=True,
        )
        .order_by("-created_at", "-id")
        .first()
    )
