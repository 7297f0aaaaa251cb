"""Factories with named business states for requests, slots and bookings."""

import datetime as dt

import factory
from django.utils import timezone

from welcome.consultations.models import Booking, ConsultationRequest, Slot, WaitingListEntry


class ConsultationRequestFactory(factory.django.DjangoModelFactory):
    """An open request of a skilled worker whose case landed at the Welcome Center."""

    class Meta:
        model = ConsultationRequest

    requester_kind = "worker"
    topic = "general"
    name = factory.Sequence(lambda n: f"Amina Beispiel {n}")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    phone = "+49 511 000000"
    nationality = "Marokko"
    language = "de"
    channel = "in_person"
    ui_language = "en"
    case_reference = factory.Sequence(lambda n: f"WC-2026-{n:06d}")
    inbox_id = "welcome-center"
    consents = [["welcome-center", "advice"]]

    class Params:
        withdrawn = factory.Trait(
            status="withdrawn", withdrawn_at=factory.LazyFunction(timezone.now)
        )


class SlotFactory(factory.django.DjangoModelFactory):
    """A free in-person slot at the Welcome Center, two days ahead, for one person."""

    class Meta:
        model = Slot

    institution_id = "welcome-center"
    channel = "in_person"
    start = factory.Sequence(
        lambda n: (
            (timezone.now() + dt.timedelta(days=2)).replace(second=0, microsecond=0)
            + dt.timedelta(minutes=30 * n)
        )
    )
    end = factory.LazyAttribute(lambda s: s.start + dt.timedelta(minutes=30))
    capacity = 1

    class Params:
        full = factory.Trait(booked_count=factory.SelfAttribute("capacity"))
        past = factory.Trait(
            start=factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))
        )


class BookingFactory(factory.django.DjangoModelFactory):
    """An active booking; its slot's seat count is raised to match."""

    class Meta:
        model = Booking

    slot = factory.SubFactory(SlotFactory, booked_count=1)
    request = factory.SubFactory(ConsultationRequestFactory)


class WaitingListEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WaitingListEntry

    institution_id = "welcome-center"
    request = factory.SubFactory(ConsultationRequestFactory)
