"""Races on PostgreSQL: two people booking the last seat at the same moment, exactly one gets it;
two workers sending the same confirmation at once, one e-mail goes out."""

import threading

import pytest
from django.core import mail
from django.db import connection, connections

from welcome.consultations import notifications, services
from welcome.consultations.models import Booking, Slot
from welcome.consultations.tests.factories import ConsultationRequestFactory, SlotFactory


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: DATABASE_URL=postgres://...")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_exactly_one_of_two_concurrent_bookings_of_the_last_seat_wins(postgres_only, monkeypatch):
    slot = SlotFactory(capacity=1)
    requests = [ConsultationRequestFactory(), ConsultationRequestFactory()]
    barrier = threading.Barrier(2)
    results: dict[int, str] = {}
    real_audit_log = services.audit_log

    def slow_audit_log(**kwargs):
        # Hold the transaction open a little, so the other thread's UPDATE really waits.
        entry = real_audit_log(**kwargs)
        threading.Event().wait(0.3)
        return entry

    monkeypatch.setattr(services, "audit_log", slow_audit_log)

    def attempt(index: int):
        try:
            barrier.wait(timeout=5)
            services.slot_book(request=requests[index], slot_id=slot.pk)
            results[index] = "booked"
        except services.BookingError as error:
            results[index] = error.code
        finally:
            connections.close_all()  # each thread has its own connection; close it

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(results.values()) == ["booked", "taken"]
    assert Booking.objects.filter(slot=slot, cancelled_at__isnull=True).count() == 1
    assert Slot.objects.get(pk=slot.pk).booked_count == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_of_two_workers_sending_one_confirmation_the_second_waits_and_sends_nothing(
    postgres_only, monkeypatch
):
    """The claim is held until the mail server has the message: the second worker's claim waits
    for the first one's transaction, then finds the e-mail sent."""
    request = ConsultationRequestFactory()
    sending, release = threading.Event(), threading.Event()
    real_send = notifications._send

    def slow_send(**kwargs):
        sending.set()
        release.wait(timeout=10)
        real_send(**kwargs)

    monkeypatch.setattr(notifications, "_send", slow_send)
    results: dict[str, bool] = {}

    def send(name: str):
        try:
            results[name] = notifications.send_request_confirmation(request.pk)
        finally:
            connections.close_all()

    first = threading.Thread(target=send, args=("first",))
    first.start()
    assert sending.wait(timeout=10)
    second = threading.Thread(target=send, args=("second",))
    second.start()
    second.join(timeout=0.5)
    assert second.is_alive()  # waiting for the first worker's claim
    release.set()
    first.join(timeout=10)
    second.join(timeout=10)
    assert results == {"first": True, "second": False}
    assert len(mail.outbox) == 1
