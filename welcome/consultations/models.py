"""Pre-consultation requests, appointment slots, bookings and waiting lists.

A request is the public side of a case (the case itself lives in `welcome.cases`); the requester
reaches it through a signed link, without an account. Slots belong to an institution; a booking
takes one seat of a slot. Seats are counted in `Slot.booked_count`, raised only by a conditional
UPDATE (`booked_count < capacity`), so two people can never take the last seat, whatever the
database engine or the number of workers.
"""

import uuid

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from welcome.cases.vocabulary import Channel, RequesterKind, Topic, public_label, slot_choices


class ConsultationRequest(models.Model):
    """A pre-consultation request by a skilled worker or an employer, sent from the public form.

    Holds the contact data needed to write to the requester (personal data; erased with the case)
    and the reference of the case opened for it. `public_id` is what the signed link carries.
    """

    class Status(models.TextChoices):
        # Contexts: "Open" is also a button (a verb), "Withdrawn" also a consent's state.
        OPEN = "open", pgettext_lazy("request status", "Open")
        WITHDRAWN = "withdrawn", pgettext_lazy("request status", "Withdrawn")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    requester_kind = models.CharField(_("requester"), max_length=10, choices=RequesterKind.choices)
    topic = models.CharField(_("topic"), max_length=30, choices=Topic.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    nationality = models.CharField(_("country or nationality"), max_length=100, blank=True)
    company = models.CharField(_("company"), max_length=200, blank=True)
    qualification = models.CharField(_("qualification"), max_length=300, blank=True)
    occupation_isco = models.CharField(_("occupation (ISCO-08)"), max_length=4, blank=True)
    municipality = models.CharField(_("planned municipality"), max_length=100, blank=True)
    language = models.CharField(_("preferred language"), max_length=10)
    channel = models.CharField(_("preferred channel"), max_length=10, choices=Channel.choices)
    summary = models.TextField(_("your question"), blank=True)
    consents = models.JSONField(_("consents"), default=list, blank=True)
    profile = models.JSONField(_("pathway-check answers"), default=dict, blank=True)
    ui_language = models.CharField(_("language of the pages"), max_length=10, default="de")
    case_reference = models.CharField(_("case reference"), max_length=40, blank=True)
    inbox = models.ForeignKey(
        "region.Institution",
        verbose_name=_("responsible institution"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultation_requests",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("consultation request")
        verbose_name_plural = _("consultation requests")
        indexes = [
            # The case page reads a case's appointments through its requests by reference:
            # without it, 80 ms of a parallel scan per case page at 750,000 requests.
            models.Index(fields=["case_reference"], name="consultation_request_case"),
        ]

    def __str__(self) -> str:
        return self.case_reference or str(self.public_id)

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    # The requester reads these pages: the public words for the shared vocabulary.
    @property
    def topic_label(self) -> str:
        return public_label(Topic, self.topic)

    @property
    def channel_label(self) -> str:
        return public_label(Channel, self.channel)


class Slot(models.Model):
    """An appointment slot an institution offers: channel, start, end and how many seats."""

    institution = models.ForeignKey(
        "region.Institution",
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="consultation_slots",
    )
    channel = models.CharField(_("channel"), max_length=10, choices=slot_choices())
    start = models.DateTimeField(_("start"), db_index=True)
    end = models.DateTimeField(_("end"))
    capacity = models.PositiveSmallIntegerField(_("capacity"), default=1)
    booked_count = models.PositiveSmallIntegerField(_("booked"), default=0)
    location = models.CharField(_("location"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["start", "institution_id", "channel"]
        verbose_name = _("appointment slot")
        verbose_name_plural = _("appointment slots")
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "channel", "start"], name="one_slot_per_start_and_channel"
            ),
            models.CheckConstraint(name="slot_ends_after_start", condition=Q(end__gt=F("start"))),
            models.CheckConstraint(name="slot_has_seats", condition=Q(capacity__gte=1)),
            models.CheckConstraint(
                name="slot_never_overbooked",
                condition=Q(booked_count__gte=0) & Q(booked_count__lte=F("capacity")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.institution_id} {self.start:%Y-%m-%d %H:%M} {self.channel}"

    @property
    def seats_left(self) -> int:
        return self.capacity - self.booked_count


class Booking(models.Model):
    """One seat of a slot taken by a request. A request holds at most one active booking."""

    slot = models.ForeignKey(
        Slot, verbose_name=_("slot"), on_delete=models.PROTECT, related_name="bookings"
    )
    request = models.ForeignKey(
        ConsultationRequest,
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="bookings",
    )
    created_at = models.DateTimeField(_("booked"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["slot__start"]
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        constraints = [
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(cancelled_at__isnull=True),
                name="one_active_booking_per_request",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request} @ {self.slot}"

    @property
    def is_active(self) -> bool:
        return self.cancelled_at is None


class WaitingListEntry(models.Model):
    """A request waiting for a free slot at an institution; served first come, first served."""

    institution = models.ForeignKey(
        "region.Institution",
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="consultation_waiting_list",
    )
    request = models.ForeignKey(
        ConsultationRequest,
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="waiting_list_entries",
    )
    created_at = models.DateTimeField(_("joined"), auto_now_add=True, db_index=True)
    left_at = models.DateTimeField(_("left"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("waiting list entry")
        verbose_name_plural = _("waiting list entries")
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "request"],
                condition=Q(left_at__isnull=True),
                name="one_waiting_entry_per_institution_and_request",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request} waits at {self.institution_id}"


class SlotOffer(models.Model):
    """A freed slot offered to a waiting person by e-mail; whoever accepts first gets the seat."""

    entry = models.ForeignKey(WaitingListEntry, on_delete=models.CASCADE, related_name="offers")
    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="offers")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("slot offer")
        verbose_name_plural = _("slot offers")
        constraints = [
            models.UniqueConstraint(fields=["entry", "slot"], name="one_offer_per_entry_and_slot"),
        ]

    def __str__(self) -> str:
        return f"{self.slot} offered to {self.entry.request}"
