"""Reads of the consultations app, each with its access rule built in.

Public side: a request is reached only through its signed link (`request_get_by_token`).
Staff side: an institution's staff see only their institution's slots and bookings
(`slot_list_for_user`, `slot_get_for_user`). Refusals ("not allowed", "unknown", "expired") look
the same to the caller — None, which views turn into a 404 — and are all logged.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db.models import F, Prefetch, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from welcome.consultations.models import (
    Booking,
    ConsultationRequest,
    Slot,
    SlotOffer,
    WaitingListEntry,
)
from welcome.consultations.tokens import public_id_from_token

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


def free_slots_for_request(
    *, request: ConsultationRequest, per_institution: int | None = None
) -> QuerySet[Slot]:
    """Free seats in the coming weeks at the institutions the requester may book; with
    `per_institution`, only the earliest so many of each institution (chosen in the database:
    the weeks ahead hold hundreds)."""
    now = timezone.now()
    slots = Slot.objects.select_related("institution").filter(
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
    return slots.order_by("start", "institution_id", "channel")


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
